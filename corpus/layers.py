"""Annotation layers: every annotator's version of an article's statements, kept apart.

An article file's ``statements`` table holds several layers. The **shared** layer (key
None) holds the model's suggestions and any statement reviewed, before quotelens kept
layers, without a name on it. Each annotator's layer holds the statements that annotator
changed (reviewed, corrected, labelled, added, rejected), as that annotator left them. A
statement is stored once per layer: its key is ``(id, layer)``, and the layer is the
record's ``annotator``.

What an annotator sees (``view``) is their own layer over the shared one: their version of
a statement where they have one, else the shared one, except suggestions their own
statements overlap. ``GOLD`` is the layer a reviewer's adjudication is written to.
"""
from __future__ import annotations

from collections.abc import Iterable

from corpus.schema import quotes_overlap

GOLD = "gold"
Key = tuple[str, str | None]


def layer_of(record: dict) -> str | None:
    """The layer a record belongs to: its annotator (None: the shared layer)."""
    return record.get("annotator")


def key(record: dict) -> Key:
    """The record's key in its article: statement id and layer."""
    return record["id"], layer_of(record)


def view(records: Iterable[dict], layer: str | None) -> list[dict]:
    """The statements ``layer`` sees: its own records over the shared ones (None: the
    shared layer alone)."""
    records = list(records)
    own = [r for r in records if layer_of(r) == layer]
    if layer is None:
        return own
    own_ids = {r["id"] for r in own}
    shared = [
        r for r in records
        if layer_of(r) is None and r["id"] not in own_ids
        and not (r["status"] == "predicted" and any(quotes_overlap(r, o) for o in own))
    ]  # fmt: skip
    return own + shared


def find(records: Iterable[dict], statement_id: str, layer: str | None) -> dict | None:
    """The record of ``statement_id`` that ``layer`` sees (its own, else the shared one)."""
    shared = None
    for record in records:
        if record.get("id") != statement_id:
            continue
        found = layer_of(record)
        if found == layer:
            return record
        if found is None:
            shared = record
    return shared


def merged(records: Iterable[dict]) -> list[dict]:
    """One record per statement: the most recently changed reviewed version (gold first),
    else the shared one; what the index counts."""
    best: dict[str, dict] = {}
    for record in records:
        held = best.get(record["id"])
        if held is None or _rank(record) > _rank(held):
            best[record["id"]] = record
    return list(best.values())


def _rank(record: dict) -> tuple[bool, bool, str]:
    layer = layer_of(record)
    return layer == GOLD, record["status"] != "predicted", record.get("updated_at") or ""


def annotators(records: Iterable[dict]) -> list[str]:
    """The named layers of these records (gold included), sorted."""
    return sorted({layer for r in records if (layer := layer_of(r)) is not None})
