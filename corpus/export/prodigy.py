"""Prodigy tasks: ``text``, ``tokens``, ``spans`` (QUOTE, SPEAKER, CUE), ``relations``.

One task per article holds its kept statements with ``answer: "accept"``; rejected statements,
when exported, go to a second task for the same text with ``answer: "reject"``. Relations run
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
from collections.abc import Iterable, Iterator
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
from corpus.export.tokens import TokenIndex

_SPANS = ("quote", "cue", "speaker")


def stable_hash(value: object) -> int:
    """A signed 32-bit hash of a JSON-serialisable value, the same on every run and machine."""
    digest = hashlib.blake2b(
        orjson.dumps(value, option=orjson.OPT_SORT_KEYS), digest_size=4
    ).digest()
    return int.from_bytes(digest, "little", signed=True)


def prodigy_tasks(pairs: Iterable[tuple[dict, list[dict]]]) -> Iterator[dict]:
    """Tasks for each (article, statements) pair: the accepted task, then the rejected one."""
    for article, statements in pairs:
        text = article["text"]
        index = TokenIndex.of(article)
        spaces = [space == 1 for space in index.spaces]
        tokens = [
            {"text": text[start:end], "start": start, "end": end, "id": i, "ws": space}
            for i, start, end, space in zip(count(), index.starts, index.ends, spaces)
        ]
        head = {
            "text": text,
            "meta": {"article_id": article["id"], "title": article.get("title") or ""},
            "tokens": tokens,
        }
        input_hash = stable_hash({"text": text})
        kept = [s for s in statements if s.get("status") != "rejected"]
        rejected = [s for s in statements if s.get("status") == "rejected"]
        for group, answer in ((kept, "accept"), (rejected, "reject")):
            if group:
                spans, relations = _spans_and_relations(group, index)
                yield {
                    **head,
                    "spans": spans,
                    "relations": relations,
                    "answer": answer,
                    "_view_id": "relations",
                    "_input_hash": input_hash,
                    "_task_hash": stable_hash(
                        [input_hash, _span_keys(spans), _relation_keys(relations), answer]
                    ),
                    "quotelens": {
                        "article": _article_fields(article),
                        "statements": [_rest(s) for s in group],
                    },
                }


def _spans_and_relations(
    statements: list[dict], index: TokenIndex
) -> tuple[list[dict], list[dict]]:
    """The task's spans in text order (a speaker or cue shared by statements appears once)
    and its relations, statement by statement."""
    spans: dict[tuple, dict] = {}
    relations = []
    token_range = index.token_range

    def span(part: dict, label: str, statement: str | None = None) -> dict:
        start, end = part["start"], part["end"]
        key = (start, end, label, statement)
        found = spans.get(key)
        if found is None:
            first, last = token_range(start, end)
            found = spans[key] = {
                "start": start, "end": end, "token_start": first, "token_end": last, "label": label
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
