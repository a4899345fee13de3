"""Reading annotation files back into records: our JSONL export and Prodigy JSONL tasks.

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

from collections.abc import Iterator
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
)
from corpus.jsonl import BadJson, json_lines
from corpus.schema import check, complete, guess_kind, now, statement_id
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
        return f"{self.path}:{self.lineno}: {self.message}"


@dataclass(frozen=True)
class ImportedArticle:
    """An article record (schema fields, no statements) and its statement records."""

    lineno: int
    article: dict
    statements: list[dict]


ReadResult = ImportedArticle | LineError


class _BadLine(Exception):
    """Raised inside a reader for a line that cannot be imported."""


def read_annotations(path: str | Path) -> Iterator[ReadResult]:
    """Read a file in either format, told apart by its first record (see ``detect_format``)."""
    reader = read_jsonl if detect_format(path) == "jsonl" else read_prodigy
    return reader(path)


def detect_format(path: str | Path) -> str:
    """``"jsonl"`` for our export (records with ``statements``), ``"prodigy"`` for tasks,
    told by the first line that is valid JSON."""
    empty = True
    for _, value in json_lines(path, AnnotationFileError):
        empty = False
        if isinstance(value, BadJson):
            continue  # reported with its line number when the file is read
        if isinstance(value, dict) and "statements" in value:
            return "jsonl"
        if isinstance(value, dict) and ("spans" in value or "_input_hash" in value):
            return "prodigy"
        raise AnnotationFileError(
            f"{path}: not a quotelens JSONL or Prodigy file (the first record has neither "
            "'statements' nor 'spans')"
        )
    if empty:
        raise AnnotationFileError(f"{path}: is empty")
    raise AnnotationFileError(f"{path}: is not JSON lines (no line is valid JSON)")


def read_jsonl(path: str | Path) -> Iterator[ReadResult]:
    """Articles with statements from our JSONL export, one per line."""
    return _read(path, _from_jsonl)


def read_prodigy(path: str | Path) -> Iterator[ReadResult]:
    """Articles with statements from Prodigy tasks, one task per line."""
    return _read(path, _from_task)


def _read(path: str | Path, build) -> Iterator[ReadResult]:
    for lineno, value in json_lines(path, AnnotationFileError):
        try:
            if isinstance(value, BadJson):
                raise _BadLine(value.message)
            if not isinstance(value, dict):
                raise _BadLine("not a JSON object")
            result = build(value)
        except _BadLine as exc:
            yield LineError(str(path), lineno, str(exc))
        except InvalidStatementError as exc:
            yield LineError(str(path), lineno, str(exc))
        else:
            if result is not None:
                yield ImportedArticle(lineno, *result)


def _article(fields: dict, text: object) -> dict:
    """The checked article record; its id must be the hash of its text, or the id a gold
    corpus gives it (``meta["corpus_id"]``, as ``import --format polnear`` stores).

    Control characters in the text, title and source are made inert (one character for one,
    so offsets hold); an id hashed from the text before that is moved to the inert text's.
    """
    if not isinstance(text, str) or not text:
        raise _BadLine("'text' must be a non-empty string")
    inert = make_inert(text)
    expected = article_id(inert)
    given = fields.get("id") or expected
    if inert != text and given == article_id(text):
        given = expected
    record = canonical_article({**fields, "text": inert, "id": given})
    for name, kind in (("title", str), ("source", str), ("meta", dict)):
        if not isinstance(record[name], kind):
            raise _BadLine(f"article '{name}' must be a {kind.__name__}")
    if record["id"] not in (expected, record["meta"].get(CORPUS_ID)):
        raise _BadLine(
            f"article id {make_inert(str(record['id']))!r} does not match its text "
            f"(expected {expected})"
        )
    record["title"], record["source"] = make_inert(record["title"]), make_inert(record["source"])
    return record


def _statement(fields: dict, article: dict) -> dict:
    """The checked, completed statement record for ``article``."""
    if not isinstance(fields, dict):
        raise _BadLine("a statement must be a JSON object")
    aid = article["id"]
    if not isinstance(fields.get("id", ""), str):
        raise _BadLine("a statement 'id' must be a string")
    sid = make_inert(str(fields.get("id", "?")))
    if fields.get("article_id", aid) != aid:
        raise _BadLine(
            f"statement {sid}: belongs to article {make_inert(str(fields['article_id']))!r}, "
            f"not {aid}"
        )
    quote = fields.get("quote")
    if not isinstance(quote, list) or not quote:
        raise _BadLine(f"statement {sid}: 'quote' must be a non-empty list of spans")
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
        raise _BadLine("'statements' must be a list")
    article = _article(
        {k: v for k, v in record.items() if k not in ("text", "statements")}, record.get("text")
    )
    return article, _unique([_statement(s, article) for s in statements])


def _unique(statements: list[dict]) -> list[dict]:
    seen = set()
    for s in statements:
        if s["id"] in seen:
            raise _BadLine(f"statement id {make_inert(s['id'])!r} appears twice")
        seen.add(s["id"])
    return statements


def _from_task(task: dict) -> tuple[dict, list[dict]] | None:
    answer = task.get("answer", "accept")
    if answer == "ignore":
        return None
    if answer not in ("accept", "reject"):
        raise _BadLine(f"unknown answer {answer!r}; expected accept, reject or ignore")
    ours = task.get("quotelens") or {}
    if not isinstance(ours, dict) or not isinstance(ours.get("statements", []), list):
        raise _BadLine("'quotelens' must be an object with a list of 'statements'")
    meta = task.get("meta") if isinstance(task.get("meta"), dict) else {}
    fields = ours.get("article") or {"title": str(meta.get("title") or ""), "source": "prodigy"}
    if not isinstance(fields, dict):
        raise _BadLine("'quotelens.article' must be a JSON object")
    article = _article(fields, task.get("text"))
    known = {
        s["id"]: s
        for s in ours.get("statements", [])
        if isinstance(s, dict) and isinstance(s.get("id"), str)
    }
    defaults = {
        "status": "rejected" if answer == "reject" else "accepted",
        "origin": "human",
        "annotator": task.get("_annotator_id") or task.get("_session_id"),
    }
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
        statements.append(
            _statement(
                {
                    **base,
                    "quote": quote,
                    "speaker": speaker and _text_span(speaker, article["text"]),
                    "cue": cue and _text_span(cue, article["text"]),
                },
                article,
            )
        )
    return article, _unique(statements)


def _statement_spans(
    task: dict, text: str
) -> Iterator[tuple[str | None, list[dict], dict | None, dict | None]]:
    """(statement id or None, quote parts, speaker span, cue span) per statement in a task."""
    spans = task.get("spans") or []
    relations = task.get("relations") or []
    if not isinstance(spans, list) or not isinstance(relations, list):
        raise _BadLine("'spans' and 'relations' must be lists")
    quotes = sorted(
        (q for q in (_offsets(s, "span") for s in spans) if q["label"] == QUOTE),
        key=lambda q: (q["start"], q["end"]),
    )
    links = _links(quotes, relations)
    for sid, members in _group_parts(quotes, links):
        speakers = {_key(links[i].get("speaker")) for i in members} - {None}
        cues = {_key(links[i].get("cue")) for i in members} - {None}
        if len(speakers) > 1 or len(cues) > 1:
            raise _BadLine(f"statement {make_inert(str(sid or members))} has parts with different speakers or cues")
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
            raise _BadLine(f"a {rel['label']} relation must join a {label} span to a QUOTE span")
        for i, q in enumerate(quotes):
            if _key(q) == _key(child) and rel.get("statement", q["sid"]) == q["sid"]:
                if role in links[i] and _key(links[i][role]) != _key(head):
                    raise _BadLine(f"quote at {q['start']}-{q['end']} has two {role}s")
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
        raise _BadLine(f"a {what} must be a JSON object")
    start, end = span.get("start"), span.get("end")
    if type(start) is not int or type(end) is not int:
        raise _BadLine(f"a {what} needs integer 'start' and 'end'")
    if not isinstance(span.get("statement", ""), str):
        raise _BadLine(f"a {what}'s 'statement' must be a string id")
    return {"start": start, "end": end, "label": span.get("label"), "sid": span.get("statement")}


def _text_span(span: dict, text: str) -> dict:
    if not 0 <= span["start"] < span["end"] <= len(text):
        raise _BadLine(f"span {span['start']}-{span['end']} is outside the text (0-{len(text)})")
    return {"start": span["start"], "end": span["end"], "text": text[span["start"] : span["end"]]}


def _with_text(span: object, text: str) -> dict:
    """A statement span with integer offsets; a span given without its text gets it, a
    span given with it has it made inert (as the article text is)."""
    _offsets(span, "span")
    said = span.get("text", text[span["start"] : span["end"]])
    return {**span, "text": make_inert(said) if isinstance(said, str) else said}


def read_polnear(root: str | Path, split: str) -> Iterator[ImportedArticle]:
    """PolNeAR gold attributions as accepted statements, one article per annotated text.

    ``root`` holds ``SPLIT/`` (or ``data/SPLIT/``), or is the split folder itself (then
    ``split`` is ignored). The text is kept as stored (the gold offsets point into it), its
control characters made inert one for one;
    the article id is the file stem, as the corpus and its scorer name articles
    (``meta["corpus_id"]``). The title is the metadata.tsv title, else the text's first line.
    ``lineno`` is the article's number in the split.
    """
    from corpus.polnear import gold_statements, load_split

    root, split = _polnear_root(Path(root), split)
    titles = _polnear_titles(root)
    stamp = now()
    for number, gold in enumerate(load_split(root, split), 1):
        first_line = gold.text.strip().split("\n", 1)[0].strip()
        article = canonical_article(
            {
                "id": gold.stem,
                "title": make_inert(titles.get(gold.stem) or first_line[:150]),
                "text": make_inert(gold.text),
                "source": str(gold.path),
                "meta": {"corpus": "PolNeAR", "split": split, CORPUS_ID: gold.stem,
                         "annotator": gold.annotator},
                "model": None,
                "status": "done",
            }
        )  # fmt: skip
        statements, taken = [], set()
        for found in gold_statements(gold):
            record = found.to_dict()
            record |= {
                "quote": sorted(record["quote"], key=lambda q: q["start"]),  # parts in text order
                "status": "accepted",
                "origin": "human",
                "confidence": None,
                "annotator": f"polnear:{gold.annotator}",
                "created_at": stamp,
                "updated_at": stamp,
            }
            base = sid = statement_id(gold.stem, record["quote"])
            n = 1
            while sid in taken:  # two attributions of the same content
                n += 1
                sid = f"{base}-{n}"
            taken.add(sid)
            statements.append(_statement(record | {"id": sid}, article))
        yield ImportedArticle(number, article, statements)


def _polnear_root(folder: Path, split: str) -> tuple[Path, str]:
    """(root, split): a folder that is itself a split (has text/ and attributions/) names it."""
    if (folder / "text").is_dir() and (folder / "attributions").is_dir():
        return folder.parent, folder.name
    return folder, split


def _polnear_titles(root: Path) -> dict[str, str]:
    """Stem -> title from the corpus's metadata.tsv (at the root or above ``data/``)."""
    for candidate in (root / "metadata.tsv", root.parent / "metadata.tsv"):
        if candidate.is_file():
            break
    else:
        return {}
    titles = {}
    with candidate.open(encoding="utf-8", newline="") as rows:
        header = next(rows, "").rstrip("\r\n").split("\t")
        if "filename" not in header or "title" not in header:
            return {}
        name, title = header.index("filename"), header.index("title")
        for row in rows:
            cells = row.rstrip("\r\n").split("\t")
            if len(cells) > max(name, title) and cells[title] not in ("", "None"):
                titles[cells[name]] = cells[title]
    return titles
