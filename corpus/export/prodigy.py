"""Prodigy tasks: ``text``, ``tokens``, ``spans`` (QUOTE, SPEAKER, CUE), ``relations``.

One task per unit of text (``corpus.export.units``: an article, or a paragraph or sentence of
it) holds its kept statements with ``answer: "accept"``; rejected statements, when exported, go
to a second task for the same text with ``answer: "reject"``. ``"quotelens"`` keeps the article
record and the statements' other fields, so an import rebuilds exactly what was exported.
``_annotator_id`` is who last changed a statement of the task (``_session_id``:
``quotelens-NAME``, as Prodigy names sessions DATASET-NAME).

``_input_hash``/``_task_hash`` are our own stable hashes (Prodigy's hashing needs Prodigy): a
signed 32-bit int from BLAKE2b of canonical JSON — the text for the input hash; the input hash,
spans, relations and answer for the task hash.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Iterator
from itertools import count

import orjson

from corpus.export.records import last_annotator
from corpus.export.units import quotelens_block, units


def stable_hash(value: object) -> int:
    """A signed 32-bit hash of a JSON-serialisable value, the same on every run and machine."""
    digest = hashlib.blake2b(
        orjson.dumps(value, option=orjson.OPT_SORT_KEYS), digest_size=4
    ).digest()
    return int.from_bytes(digest, "little", signed=True)


def prodigy_tasks(pairs: Iterable[tuple[dict, list[dict]]], unit: str = "article") -> Iterator[dict]:
    """Tasks for each (article, statements) pair: per unit of text, the accepted task, then the
    rejected one (see ``corpus.export.units``)."""
    for piece in units(pairs, unit):
        text, index, first, last = piece.article["text"], piece.index, piece.first_token, piece.last_token
        tokens = [
            {"text": text[s:e], "start": s - piece.start, "end": e - piece.start, "id": i, "ws": space == 1}
            for i, s, e, space in zip(
                count(), index.starts[first:last], index.ends[first:last], index.spaces[first:last]
            )
        ]
        head = {"text": piece.text, "meta": piece.meta, "tokens": tokens}
        input_hash = stable_hash({"text": piece.text})
        for answer, group in piece.groups():
            spans, relations = piece.spans_and_relations(group)
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
            annotator = last_annotator(group)
            if annotator:
                task["_annotator_id"] = annotator
                task["_session_id"] = f"quotelens-{annotator}"
            task["quotelens"] = quotelens_block(piece.article, group)
            yield task


def _span_keys(spans: list[dict]) -> list:
    return [[s["start"], s["end"], s["label"]] for s in spans]


def _relation_keys(relations: list[dict]) -> list:
    return [[r["head"], r["child"], r["label"]] for r in relations]


def task_line(task: dict) -> bytes:
    """One JSONL line (with newline) for a task."""
    return orjson.dumps(task) + b"\n"
