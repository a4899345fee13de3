"""Reading annotation files back into records: our JSONL export and Prodigy JSONL tasks
(doccano and Label Studio files are read as Prodigy tasks: ``corpus.tool_import``).

Readers stream a file line by line and yield, per line, either an ``ImportedArticle`` (an
article record and its statement records, checked against the article text) or a
``LineError`` naming the line and what is wrong with it. A bad line never yields a partial
article, so a caller can import the good lines and report the bad ones.

Prodigy tasks exported by quotelens carry a ``"quotelens"`` block and statement ids on their
QUOTE spans and relations, and come back exactly as exported. Other Prodigy tasks become
statements by these rules: each QUOTE span is a statement part; its speaker and cue are the
SPEAKER and CUE spans joined to it by ``SPEAKER_OF``/``CUE_OF`` relations; consecutive QUOTE
spans joined to the same speaker and cue are the parts of one statement. Their status is
"accepted" (or "rejected" under ``answer: "reject"``); ``answer: "ignore"`` tasks are skipped.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

from corpus.article import article_id
from corpus.errors import QuotelensError
from corpus.export.records import (
    CUE,
    CUE_OF,
    QUOTE,
    SPEAKER,
    SPEAKER_OF,
    canonical_article,
    canonical_statement,
    last_annotator,
)
from corpus.jsonl import BadJson, json_lines
from corpus.schema import check, complete, guess_kind, statement_id
from corpus.store_errors import InvalidStatementError
from corpus.text import make_inert, plain_name

#: Article meta key holding the id a gold corpus gives the article (used as its library id).
CORPUS_ID = "corpus_id"


class AnnotationFileError(QuotelensError):
    """An annotation file that cannot be read at all (missing, a folder, unknown format)."""


@dataclass(frozen=True)
class LineError:
    """A line that was not imported, and why."""

    path: str
    lineno: int
    message: str

    def __str__(self) -> str:
        where = f"{self.path}:{self.lineno}" if self.lineno else self.path
        return f"{where}: {self.message}"


@dataclass(frozen=True)
class ImportedArticle:
    """An article record (schema fields, no statements) and its statement records."""

    lineno: int
    article: dict
    statements: list[dict]
    notes: tuple[str, ...] = ()  # what was read but not imported, one line each


ReadResult = ImportedArticle | LineError


class BadRecord(Exception):
    """Raised inside a reader for a record (a line, a file) that cannot be imported."""


def read_annotations(path: str | Path) -> Iterator[ReadResult]:
    """Read a file in any of the formats ``detect_format`` tells apart."""
    fmt = detect_format(path)
    if fmt in ("doccano", "labelstudio"):
        from corpus import tool_import

        return getattr(tool_import, f"read_{fmt}")(path)
    return read_jsonl(path) if fmt == "jsonl" else read_prodigy(path)


def detect_format(path: str | Path) -> str:
    """``"labelstudio"`` for a JSON list; for JSON lines, by the first valid record:
    ``"jsonl"`` (our export: ``statements``), ``"doccano"`` (``entities``) or ``"prodigy"``
    (``spans``)."""
    if _starts_with(path, b"["):
        return "labelstudio"
    empty = True
    for _, value in json_lines(path, AnnotationFileError):
        empty = False
        if isinstance(value, BadJson):
            continue  # reported with its line number when the file is read
        if isinstance(value, dict) and "statements" in value:
            return "jsonl"
        if isinstance(value, dict) and "entities" in value:
            return "doccano"
        if isinstance(value, dict) and ("spans" in value or "_input_hash" in value):
            return "prodigy"
        raise AnnotationFileError(
            f"{path}: not a quotelens JSONL, Prodigy, doccano or Label Studio file (the first "
            "record has none of 'statements', 'spans' or 'entities')"
        )
    if empty:
        raise AnnotationFileError(f"{path}: is empty")
    raise AnnotationFileError(f"{path}: is not JSON lines (no line is valid JSON)")


def _starts_with(path: str | Path, prefix: bytes) -> bool:
    """True if the file's first non-blank bytes are ``prefix`` (False if it cannot be read:
    reading it reports why)."""
    try:
        with open(path, "rb") as f:
            return f.read(4096).lstrip().startswith(prefix)
    except OSError:
        return False


def read_jsonl(path: str | Path) -> Iterator[ReadResult]:
    """Articles with statements from our JSONL export, one per line."""
    return _results(path, json_lines(path, AnnotationFileError), _from_jsonl)


def read_prodigy(path: str | Path) -> Iterator[ReadResult]:
    """Articles with statements from Prodigy tasks, one task per line; the paragraph or
    sentence tasks of an article (``meta.offset``) are joined back into one article."""
    return task_results(path, json_lines(path, AnnotationFileError))


def task_results(path: str | Path, tasks: Iterable[tuple[int, object]]) -> Iterator[ReadResult]:
    """Results for (line number, task) pairs in Prodigy's shape (the doccano and Label Studio
    readers convert their records to it; a BadRecord stands for a record that could not be)."""
    return _results(path, _joined_pieces(tasks), _from_task)


def _results(path: str | Path, lines: Iterable[tuple[int, object]], build) -> Iterator[ReadResult]:
    for lineno, value in lines:
        try:
            if isinstance(value, BadJson):
                raise BadRecord(value.message)
            if isinstance(value, BadRecord):
                raise value
            if not isinstance(value, dict):
                raise BadRecord("not a JSON object")
            result = build(value)
        except BadRecord as exc:
            yield LineError(str(path), lineno, str(exc))
        except InvalidStatementError as exc:
            yield LineError(str(path), lineno, str(exc))
        else:
            if result is not None:
                article, statements, *notes = result
                notes = tuple(f"{path}:{lineno}: {n}" for n in (notes[0] if notes else ()))
                yield ImportedArticle(lineno, article, statements, notes)


def checked_article(fields: dict, text: object) -> dict:
    """The checked article record; its id must be the hash of its text, or the id a gold
    corpus gives it (``meta["corpus_id"]``, as ``import --format polnear`` stores).

    Control characters in the text, title and source are made inert (one character for one,
    so offsets hold); an id hashed from the text before that is moved to the inert text's.
    """
    if not isinstance(text, str) or not text:
        raise BadRecord("'text' must be a non-empty string")
    inert = make_inert(text)
    expected = article_id(inert)
    given = fields.get("id") or expected
    if inert != text and given == article_id(text):
        given = expected
    record = canonical_article({**fields, "text": inert, "id": given})
    for name, kind in (("title", str), ("source", str), ("meta", dict)):
        if not isinstance(record[name], kind):
            raise BadRecord(f"article '{name}' must be a {kind.__name__}")
    if record["id"] not in (expected, record["meta"].get(CORPUS_ID)):
        raise BadRecord(
            f"article id {make_inert(str(record['id']))!r} does not match its text "
            f"(expected {expected})"
        )
    record["title"], record["source"] = make_inert(record["title"]), make_inert(record["source"])
    return record


def checked_statement(fields: dict, article: dict) -> dict:
    """The checked, completed statement record for ``article``."""
    if not isinstance(fields, dict):
        raise BadRecord("a statement must be a JSON object")
    aid = article["id"]
    if not isinstance(fields.get("id", ""), str):
        raise BadRecord("a statement 'id' must be a string")
    sid = make_inert(str(fields.get("id", "?")))
    if fields.get("article_id", aid) != aid:
        raise BadRecord(
            f"statement {sid}: belongs to article {make_inert(str(fields['article_id']))!r}, "
            f"not {aid}"
        )
    quote = fields.get("quote")
    if not isinstance(quote, list) or not quote:
        raise BadRecord(f"statement {sid}: 'quote' must be a non-empty list of spans")
    record = dict(fields, quote=[_with_text(q, article["text"]) for q in quote])
    for name in ("cue", "speaker"):
        if record.get(name) is not None:
            record[name] = _with_text(record[name], article["text"])
    _make_inert(record)
    record = complete(record, aid, article.get("model"))
    check(record, article["text"])
    return canonical_statement(record)


def _make_inert(record: dict) -> None:
    """Make the free-text fields of a statement record inert, in place (span texts are made
    inert by ``_with_text``)."""
    for name in ("note", "annotator"):
        if isinstance(record.get(name), str):
            record[name] = make_inert(record[name])
    if isinstance(record.get("speaker_name"), str):
        record["speaker_name"] = plain_name(record["speaker_name"]) or None
    if isinstance(record.get("labels"), list):
        record["labels"] = [make_inert(x) if isinstance(x, str) else x for x in record["labels"]]


def _from_jsonl(record: dict) -> tuple[dict, list[dict]]:
    statements = record.get("statements")
    if not isinstance(statements, list):
        raise BadRecord("'statements' must be a list")
    article = checked_article(
        {k: v for k, v in record.items() if k not in ("text", "statements")}, record.get("text")
    )
    return article, _unique([checked_statement(s, article) for s in statements])


def _unique(statements: list[dict]) -> list[dict]:
    seen = set()
    for s in statements:
        if s["id"] in seen:
            raise BadRecord(f"statement id {make_inert(s['id'])!r} appears twice")
        seen.add(s["id"])
    return statements


def _from_task(task: dict) -> tuple[dict, list[dict], list[str]] | None:
    answer = task.get("answer", "accept")
    if answer == "ignore":
        return None
    if answer not in ("accept", "reject"):
        raise BadRecord(f"unknown answer {answer!r}; expected accept, reject or ignore")
    ours = task.get("quotelens") or {}
    if not isinstance(ours, dict) or not isinstance(ours.get("statements", []), list):
        raise BadRecord("'quotelens' must be an object with a list of 'statements'")
    meta = task.get("meta") if isinstance(task.get("meta"), dict) else {}
    fields = ours.get("article") or {"title": str(meta.get("title") or ""), "source": "prodigy"}
    if not isinstance(fields, dict):
        raise BadRecord("'quotelens.article' must be a JSON object")
    article = checked_article(fields, task.get("text"))
    known = {
        s["id"]: s
        for s in ours.get("statements", [])
        if isinstance(s, dict) and isinstance(s.get("id"), str)
    }
    defaults = {  # "_status": set by the Label Studio reader for predictions
        "status": "rejected" if answer == "reject" else task.get("_status", "accepted"),
        "origin": "human",
        "annotator": task.get("_annotator_id") or task.get("_session_id"),
    }
    # a task answered by someone else than who the export names (a colleague's Prodigy
    # session): its statements go to that person's layer (corpus.layers)
    answered_by_other = bool(defaults["annotator"]) and (
        defaults["annotator"] != last_annotator(list(known.values()))
    )
    statements = []
    for sid, parts, speaker, cue in _statement_spans(task, article["text"]):
        quote = [_text_span(p, article["text"]) for p in parts]
        base = known.get(sid) if sid is not None else None
        if base is None:
            base = {
                **defaults,
                "kind": guess_kind(quote[0]["text"]),
                "id": sid or statement_id(article["id"], quote),
            }
        if answered_by_other:  # the task's answer is its annotator's decision
            base = {**base, "annotator": defaults["annotator"]}
        statements.append(
            checked_statement(
                {
                    **base,
                    "quote": quote,
                    "speaker": speaker and _text_span(speaker, article["text"]),
                    "cue": cue and _text_span(cue, article["text"]),
                },
                article,
            )
        )
    return article, _unique(statements), _left_out(task)


def _left_out(task: dict) -> list[str]:
    """What a task holds that is not imported: spans and relations of other labels, and
    speaker or cue spans no relation joins to a quote (one line, or none)."""
    counts: dict[str, int] = {}
    joined = {
        (s.get("start"), s.get("end"), str(s.get("label")))
        for r in task.get("relations") or ()
        if isinstance(r, dict) and r.get("label") in (SPEAKER_OF, CUE_OF)
        for s in (r.get("head_span"), r.get("child_span"))
        if isinstance(s, dict)
    }
    for s in task.get("spans") or ():
        label = s.get("label") if isinstance(s, dict) else None
        if label not in (QUOTE, SPEAKER, CUE):
            what = f"{label} span"
        elif label != QUOTE and (s.get("start"), s.get("end"), str(label)) not in joined:
            what = f"{label} span joined to no quote"
        else:
            continue
        counts[what] = counts.get(what, 0) + 1
    for r in task.get("relations") or ():
        if not isinstance(r, dict) or r.get("label") not in (SPEAKER_OF, CUE_OF):
            what = f"{r.get('label') if isinstance(r, dict) else None} relation"
            counts[what] = counts.get(what, 0) + 1
    if not counts:
        return []
    return ["not imported: " + ", ".join(f"{n} × {make_inert(str(w))}" for w, n in sorted(counts.items()))]


def _joined_pieces(lines: Iterable[tuple[int, object]]) -> Iterator[tuple[int, object]]:
    """The lines, with the paragraph or sentence tasks of each article (``meta`` with
    ``article_id`` and ``offset``) joined into whole-article tasks, one per answer, at the end
    (a BadRecord for an article whose pieces do not make up its text)."""
    pieces: dict[str, list[tuple[int, dict]]] = {}
    for lineno, value in lines:
        meta = value.get("meta") if isinstance(value, dict) else None
        if isinstance(meta, dict) and type(meta.get("offset")) is int and isinstance(meta.get("article_id"), str):
            pieces.setdefault(meta["article_id"], []).append((lineno, value))
        else:
            yield lineno, value
    for group in pieces.values():
        try:
            for task in _joined(group):
                yield group[0][0], task
        except BadRecord as exc:
            yield group[0][0], exc


def _joined(group: list[tuple[int, dict]]) -> list[dict]:
    """Whole-article tasks (one per answer) from the pieces of one article."""
    texts: dict[int, str] = {}
    for _, task in group:
        offset, text = task["meta"]["offset"], task.get("text")
        if not isinstance(text, str) or texts.setdefault(offset, text) != text:
            aid = make_inert(task["meta"]["article_id"])
            raise BadRecord(f"article {aid}: two different texts at offset {offset}")
    position = 0
    for offset in sorted(texts):
        if offset != position:
            raise BadRecord(
                f"article {make_inert(group[0][1]['meta']['article_id'])}: no task holds its text at {position}"
            )
        position += len(texts[offset])
    text = "".join(texts[o] for o in sorted(texts))
    merged: dict[str, dict] = {}
    for _, task in group:
        offset = task["meta"]["offset"]
        ours = task.get("quotelens") if isinstance(task.get("quotelens"), dict) else {}
        answer = task.get("answer", "accept")
        whole = merged.setdefault(answer if isinstance(answer, str) else repr(answer), {
            "text": text, "meta": {k: v for k, v in task["meta"].items() if k != "offset"},
            "spans": [], "relations": [], "answer": answer,
            "quotelens": {"article": ours.get("article"), "statements": []},
        })  # fmt: skip
        for key in ("_annotator_id", "_session_id"):
            whole.setdefault(key, task.get(key))
        whole["spans"] += [_moved(s, offset) for s in task.get("spans") or ()]
        whole["relations"] += [
            {
                **r,
                "head_span": _moved(r.get("head_span"), offset),
                "child_span": _moved(r.get("child_span"), offset),
            }
            if isinstance(r, dict) else r
            for r in task.get("relations") or ()
        ]  # fmt: skip
        statements = ours.get("statements") if isinstance(ours.get("statements"), list) else []
        whole["quotelens"]["statements"] += statements
    for whole in merged.values():
        if whole["quotelens"]["article"] is None:
            del whole["quotelens"]
    return list(merged.values())


def _moved(span: object, offset: int) -> object:
    """A span dict moved ``offset`` characters right (its token indices dropped)."""
    if not isinstance(span, dict) or type(span.get("start")) is not int or type(span.get("end")) is not int:
        return span
    moved = {k: v for k, v in span.items() if k not in ("token_start", "token_end")}
    return {**moved, "start": span["start"] + offset, "end": span["end"] + offset}


def _statement_spans(
    task: dict, text: str
) -> Iterator[tuple[str | None, list[dict], dict | None, dict | None]]:
    """(statement id or None, quote parts, speaker span, cue span) per statement in a task."""
    spans = task.get("spans") or []
    relations = task.get("relations") or []
    if not isinstance(spans, list) or not isinstance(relations, list):
        raise BadRecord("'spans' and 'relations' must be lists")
    quotes = sorted(
        (q for q in (_offsets(s, "span") for s in spans) if q["label"] == QUOTE),
        key=lambda q: (q["start"], q["end"]),
    )
    links = _links(quotes, relations)
    for sid, members in _group_parts(quotes, links):
        speakers = {_key(links[i].get("speaker")) for i in members} - {None}
        cues = {_key(links[i].get("cue")) for i in members} - {None}
        if len(speakers) > 1 or len(cues) > 1:
            raise BadRecord(f"statement {make_inert(str(sid or members))} has parts with different speakers or cues")
        speaker = next((links[i]["speaker"] for i in members if "speaker" in links[i]), None)
        cue = next((links[i]["cue"] for i in members if "cue" in links[i]), None)
        yield sid, [quotes[i] for i in members], speaker, cue


def _links(quotes: list[dict], relations: list) -> list[dict[str, dict]]:
    """For each quote part, the SPEAKER and CUE spans related to it (``{"speaker": …}``)."""
    links: list[dict[str, dict]] = [{} for _ in quotes]
    for rel in relations:
        if not isinstance(rel, dict) or rel.get("label") not in (SPEAKER_OF, CUE_OF):
            continue
        head, child = (
            _offsets(rel.get("head_span"), "relation head"),
            _offsets(rel.get("child_span"), "relation child"),
        )
        role, label = ("speaker", SPEAKER) if rel["label"] == SPEAKER_OF else ("cue", CUE)
        if head["label"] != label or child["label"] != QUOTE:
            raise BadRecord(f"a {rel['label']} relation must join a {label} span to a QUOTE span")
        for i, q in enumerate(quotes):
            if _key(q) == _key(child) and rel.get("statement", q["sid"]) == q["sid"]:
                if role in links[i] and _key(links[i][role]) != _key(head):
                    raise BadRecord(f"quote at {q['start']}-{q['end']} has two {role}s")
                links[i][role] = head
    return links


def _group_parts(
    quotes: list[dict], links: list[dict[str, dict]]
) -> list[tuple[str | None, list[int]]]:
    """(statement id, quote indices) per statement: by the spans' statement ids, else
    consecutive quotes tied to the same speaker and cue form one statement."""
    by_id: dict[str, list[int]] = {}
    groups: list[tuple[str | None, list[int]]] = []
    previous_tie = None
    for i, q in enumerate(quotes):
        if q["sid"] is not None:
            if q["sid"] not in by_id:
                by_id[q["sid"]] = []
                groups.append((q["sid"], by_id[q["sid"]]))
            by_id[q["sid"]].append(i)
            previous_tie = None
            continue
        tie = (_key(links[i].get("speaker")), _key(links[i].get("cue")))
        if tie != (None, None) and tie == previous_tie:
            groups[-1][1].append(i)
        else:
            groups.append((None, [i]))
        previous_tie = tie
    return groups


def _key(span: dict | None) -> tuple | None:
    return None if span is None else (span["start"], span["end"])


def _offsets(span: object, what: str) -> dict:
    if not isinstance(span, dict):
        raise BadRecord(f"a {what} must be a JSON object")
    start, end = span.get("start"), span.get("end")
    if type(start) is not int or type(end) is not int:
        raise BadRecord(f"a {what} needs integer 'start' and 'end'")
    if not isinstance(span.get("statement", ""), str):
        raise BadRecord(f"a {what}'s 'statement' must be a string id")
    return {"start": start, "end": end, "label": span.get("label"), "sid": span.get("statement")}


def _text_span(span: dict, text: str) -> dict:
    if not 0 <= span["start"] < span["end"] <= len(text):
        raise BadRecord(f"span {span['start']}-{span['end']} is outside the text (0-{len(text)})")
    return {"start": span["start"], "end": span["end"], "text": text[span["start"] : span["end"]]}


def _with_text(span: object, text: str) -> dict:
    """A statement span with integer offsets; a span given without its text gets it, a
    span given with it has it made inert (as the article text is)."""
    _offsets(span, "span")
    said = span.get("text", text[span["start"] : span["end"]])
    return {**span, "text": make_inert(said) if isinstance(said, str) else said}
