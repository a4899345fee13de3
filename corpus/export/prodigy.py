"""Prodigy tasks: ``text``, ``tokens``, ``spans`` (QUOTE, SPEAKER, CUE), ``relations``.

One task per article (or per paragraph or sentence: ``unit``) holds its kept statements with
``answer: "accept"``; rejected statements, when exported, go to a second task for the same text
with ``answer: "reject"``. A paragraph or sentence task's ``meta`` has its ``offset`` in the
article, so an import puts the pieces back together. Spans are snapped to whole tokens.
``_annotator_id`` is who last changed a statement of the task (``_session_id``:
``quotelens-NAME``). Relations run
from a SPEAKER span to each part of its quote (``SPEAKER_OF``) and from a CUE span to each part
(``CUE_OF``); as in Prodigy, ``head``/``child`` are the last token of each span. QUOTE spans
and relations carry the id of their statement in ``"statement"``, and ``"quotelens"`` keeps
the article record and the statements' other fields, so an import rebuilds exactly what was
exported.

``_input_hash``/``_task_hash`` are our own stable hashes (Prodigy's hashing needs Prodigy): a
signed 32-bit int from BLAKE2b of canonical JSON — the text for the input hash; the input hash,
spans, relations and answer for the task hash.
"""

from __future__ import annotations

import hashlib
from bisect import bisect_left
from collections.abc import Iterable, Iterator
from functools import cache
from itertools import count

import orjson

from corpus.export.records import (
    CUE,
    CUE_OF,
    QUOTE,
    SPEAKER,
    SPEAKER_OF,
    canonical_article,
    canonical_statement,
)
from corpus.export.tokens import TokenIndex, article_doc
from corpus.text import paragraphs

_SPANS = ("quote", "cue", "speaker")


def stable_hash(value: object) -> int:
    """A signed 32-bit hash of a JSON-serialisable value, the same on every run and machine."""
    digest = hashlib.blake2b(
        orjson.dumps(value, option=orjson.OPT_SORT_KEYS), digest_size=4
    ).digest()
    return int.from_bytes(digest, "little", signed=True)


def prodigy_tasks(pairs: Iterable[tuple[dict, list[dict]]], unit: str = "article") -> Iterator[dict]:
    """Tasks for each (article, statements) pair: per unit of text, the accepted task, then the
    rejected one. With paragraph or sentence units every unit of an exported article is a task
    (also one without statements), so an import can put the article's text back together."""
    for article, statements in pairs:
        text = article["text"]
        index = TokenIndex.of(article)
        for start, end in tiles(article, statements, unit):
            inside = [s for s in statements if start <= s["quote"][0]["start"] < end]
            yield from _unit_tasks(article, index, start, end, inside, tiled=unit != "article")


def tiles(article: dict, statements: list[dict], unit: str) -> list[tuple[int, int]]:
    """``(start, end)`` pieces that tile the article's text: the whole text, or its paragraphs or
    sentences (each from its first token to the next one's); pieces a statement spans (a quote
    over two paragraphs, a speaker in the paragraph before) are joined."""
    text = article["text"]
    if unit == "article":
        return [(0, len(text))]
    cuts = {start for start, _ in paragraphs(text)}
    if unit == "sentence":  # a sentence never runs over a paragraph break
        doc = _sentencizer()(article_doc(article))
        cuts.update(next((t.idx for t in sent if not t.is_space), sent.start_char) for sent in doc.sents)
    cuts.discard(0)
    for s in statements:  # cuts are token starts, so snapping a span never moves it over one
        parts = [*s["quote"], *(p for p in (s.get("speaker"), s.get("cue")) if p)]
        low, high = min(p["start"] for p in parts), max(p["end"] for p in parts)
        cuts = {c for c in cuts if not low < c < high}
    bounds = [0, *sorted(cuts), len(text)]
    return list(zip(bounds, bounds[1:]))


@cache
def _sentencizer():
    from spacy.pipeline import Sentencizer

    return Sentencizer()


def _unit_tasks(
    article: dict, index: TokenIndex, start: int, end: int, statements: list[dict], tiled: bool
) -> Iterator[dict]:
    text = article["text"]
    first = bisect_left(index.starts, start)
    last = bisect_left(index.starts, end)
    tokens = [
        {"text": text[s:e], "start": s - start, "end": e - start, "id": i, "ws": space == 1}
        for i, s, e, space in zip(
            count(), index.starts[first:last], index.ends[first:last], index.spaces[first:last]
        )
    ]
    meta = {"article_id": article["id"], "title": article.get("title") or ""}
    if tiled:
        meta["offset"] = start
    head = {"text": text[start:end], "meta": meta, "tokens": tokens}
    input_hash = stable_hash({"text": head["text"]})
    kept = [s for s in statements if s.get("status") != "rejected"]
    rejected = [s for s in statements if s.get("status") == "rejected"]
    for group, answer in ((kept, "accept"), (rejected, "reject")):
        if not group and not (tiled and answer == "accept"):
            continue
        spans, relations = _spans_and_relations(group, index, start, first)
        task = {
            **head,
            "spans": spans,
            "relations": relations,
            "answer": answer,
            "_view_id": "relations",
            "_input_hash": input_hash,
            "_task_hash": stable_hash(
                [input_hash, _span_keys(spans), _relation_keys(relations), answer]
            ),
        }
        annotator = _last_annotator(group)
        if annotator:
            task["_annotator_id"] = annotator
            task["_session_id"] = f"quotelens-{annotator}"
        task["quotelens"] = {
            "article": _article_fields(article),
            "statements": [_rest(s) for s in group],
        }
        yield task


def _last_annotator(statements: list[dict]) -> str | None:
    """Who last changed one of the statements (Prodigy keeps one annotator per task)."""
    named = [s for s in statements if s.get("annotator")]
    return max(named, key=lambda s: s.get("updated_at") or "")["annotator"] if named else None


def _spans_and_relations(
    statements: list[dict], index: TokenIndex, offset: int = 0, first_token: int = 0
) -> tuple[list[dict], list[dict]]:
    """The task's spans in text order (a speaker or cue shared by statements appears once)
    and its relations, statement by statement. Spans are snapped to whole tokens (a span that
    cuts a token is widened to it, as Prodigy's own tokens and the DocBin export have it), and
    counted from ``offset`` / ``first_token`` (the start of the task's text)."""
    spans: dict[tuple, dict] = {}
    relations = []
    token_range, starts, ends = index.token_range, index.starts, index.ends

    def span(part: dict, label: str, statement: str | None = None) -> dict:
        first, last = token_range(part["start"], part["end"])
        key = (first, last, label, statement)
        found = spans.get(key)
        if found is None:
            found = spans[key] = {
                "start": starts[first] - offset, "end": ends[last] - offset,
                "token_start": first - first_token, "token_end": last - first_token, "label": label,
            }  # fmt: skip
            if statement is not None:
                found["statement"] = statement
        return found

    for s in statements:
        sid = s["id"]
        heads = [
            (span(s[field], label), rel)
            for field, label, rel in (("speaker", SPEAKER, SPEAKER_OF), ("cue", CUE, CUE_OF))
            if s.get(field)
        ]
        for part in s["quote"]:
            child = span(part, QUOTE, sid)
            relations.extend(_relation(head, child, rel, sid) for head, rel in heads)
    ordered = sorted(
        spans.values(), key=lambda d: (d["start"], d["end"], d["label"], d.get("statement", ""))
    )
    return ordered, relations


def _relation(head: dict, child: dict, label: str, statement: str) -> dict:
    return {
        "head": head["token_end"],
        "child": child["token_end"],
        "head_span": _bare(head),
        "child_span": _bare(child),
        "label": label,
        "statement": statement,
    }


def _bare(span: dict) -> dict:
    """A span without its statement id, as relations hold it."""
    return {
        "start": span["start"], "end": span["end"], "token_start": span["token_start"],
        "token_end": span["token_end"], "label": span["label"],
    }  # fmt: skip


def _span_keys(spans: list[dict]) -> list:
    return [[s["start"], s["end"], s["label"]] for s in spans]


def _relation_keys(relations: list[dict]) -> list:
    return [[r["head"], r["child"], r["label"]] for r in relations]


def _article_fields(article: dict) -> dict:
    record = canonical_article(article)
    del record["text"]
    return record


def _rest(statement: dict) -> dict:
    """A statement's fields other than its spans (those are in the task's spans)."""
    return canonical_statement(statement, without=_SPANS)


def task_line(task: dict) -> bytes:
    """One JSONL line (with newline) for a task."""
    return orjson.dumps(task) + b"\n"
