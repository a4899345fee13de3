"""Label Studio JSON: a list of tasks for a project with this labelling configuration
(README, "Interchange formats")::

    <View>
      <Relations><Relation value="SPEAKER_OF"/><Relation value="CUE_OF"/></Relations>
      <Labels name="label" toName="text">
        <Label value="QUOTE"/><Label value="SPEAKER"/><Label value="CUE"/>
      </Labels>
      <Text name="text" value="$text"/>
    </View>

One task per unit of text (``corpus.export.units``). ``data`` holds the ``text``, the article
id, title and a piece's offset, and ``quotelens`` (the records' other fields: Label Studio keeps
``data`` as given). Reviewed statements are an ``annotations`` result, machine statements
(``predicted``) a ``predictions`` result, so Label Studio shows them as pre-annotations to
correct. A result holds ``labels`` regions (``value``: ``start``, ``end``, ``text``, ``labels``;
one region per quote part, its id ``STATEMENT:N``) and ``relation`` entries (``from_id``: the
speaker or cue region, ``to_id``: a quote part, ``labels``: SPEAKER_OF or CUE_OF). Label Studio
has no "rejected": rejected statements are left out.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator

import orjson

from corpus.export.units import Unit, quotelens_block, units

FROM_NAME, TO_NAME = "label", "text"


def labelstudio_tasks(pairs: Iterable[tuple[dict, list[dict]]], unit: str = "article") -> Iterator[dict]:
    """One Label Studio task per unit of text with kept statements (every piece when tiled)."""
    for piece in units(pairs, unit):
        for answer, group in piece.groups():
            if answer != "accept":
                continue
            data = {"text": piece.text, **piece.meta, "quotelens": quotelens_block(piece.article, group)}
            task: dict = {"data": data}
            reviewed = [s for s in group if s["status"] != "predicted"]
            predicted = [s for s in group if s["status"] == "predicted"]
            if reviewed or not predicted:
                task["annotations"] = [{"result": _result(piece, reviewed)}]
            if predicted:
                models = sorted({s.get("model") or "" for s in predicted})
                result = _result(piece, predicted)
                task["predictions"] = [{"model_version": ", ".join(models), "result": result}]
            yield task


def _result(piece: Unit, statements: list[dict]) -> list[dict]:
    spans, relations = piece.spans_and_relations(statements)
    text = piece.text
    regions, ids, parts = [], {}, {}
    for s in spans:
        sid = s.get("statement")
        if sid is not None:
            parts[sid] = parts.get(sid, 0) + 1
            rid = f"{sid}:{parts[sid]}"
        else:
            rid = f"{s['label'].lower()}:{s['start']}-{s['end']}"
        ids[s["start"], s["end"], s["label"], sid] = rid
        regions.append({
            "id": rid, "from_name": FROM_NAME, "to_name": TO_NAME, "type": "labels",
            "value": {
                "start": s["start"], "end": s["end"], "text": text[s["start"] : s["end"]],
                "labels": [s["label"]],
            },
        })  # fmt: skip
    for r in relations:
        head, child = r["head_span"], r["child_span"]
        regions.append({
            "from_id": ids[head["start"], head["end"], head["label"], None],
            "to_id": ids[child["start"], child["end"], child["label"], r["statement"]],
            "type": "relation", "direction": "right", "labels": [r["label"]],
        })  # fmt: skip
    return regions


def labelstudio_chunks(pairs: Iterable[tuple[dict, list[dict]]], unit: str = "article") -> Iterator[bytes]:
    """The export as a JSON array, written one task at a time."""
    yield b"["
    for n, task in enumerate(labelstudio_tasks(pairs, unit)):
        yield (b",\n" if n else b"\n") + orjson.dumps(task)
    yield b"\n]\n"
