"""doccano JSONL for a relation extraction (sequence labelling with relations) project.

One line per unit of text (``corpus.export.units``): ``text``, ``entities``
(``id``, ``start_offset``, ``end_offset``, ``label``: QUOTE, SPEAKER or CUE; one entity per
quote part) and ``relations`` (``id``, ``from_id``: the speaker or cue, ``to_id``: a quote part,
``type``: SPEAKER_OF or CUE_OF), as doccano imports and exports them. ``meta`` (article id,
title, offset of a piece) and ``quotelens`` (the records' other fields) are columns doccano
keeps as metadata; QUOTE entities and relations carry their statement's id in ``statement``.
doccano has no "rejected": rejected statements are left out.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator

import orjson

from corpus.export.units import quotelens_block, units


def doccano_records(pairs: Iterable[tuple[dict, list[dict]]], unit: str = "article") -> Iterator[dict]:
    """One doccano record per unit of text that has kept statements (every piece when tiled)."""
    for piece in units(pairs, unit):
        for answer, group in piece.groups():
            if answer != "accept":
                continue
            spans, relations = piece.spans_and_relations(group)
            entities, ids = [], {}
            for i, s in enumerate(spans):
                entity = {"id": i, "start_offset": s["start"], "end_offset": s["end"], "label": s["label"]}
                if "statement" in s:
                    entity["statement"] = s["statement"]
                entities.append(entity)
                ids[s["start"], s["end"], s["label"], s.get("statement")] = i
            links = []
            for i, r in enumerate(relations):
                head, child = r["head_span"], r["child_span"]
                links.append({
                    "id": i,
                    "from_id": ids[head["start"], head["end"], head["label"], None],
                    "to_id": ids[child["start"], child["end"], child["label"], r["statement"]],
                    "type": r["label"],
                    "statement": r["statement"],
                })  # fmt: skip
            yield {
                "text": piece.text, "entities": entities, "relations": links, "meta": piece.meta,
                "quotelens": quotelens_block(piece.article, group),
            }  # fmt: skip


def doccano_lines(pairs: Iterable[tuple[dict, list[dict]]], unit: str = "article") -> Iterator[bytes]:
    """The export's JSON lines."""
    for record in doccano_records(pairs, unit):
        yield orjson.dumps(record) + b"\n"
