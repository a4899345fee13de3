"""Schema versions of library files, and the steps that bring old files up to date.

Every library file holds a ``_quotelens`` table with one record ``{"schema": N, "kind": …}``.
A file from a newer quotelens is refused; an older one is upgraded step by step (the storage
keeps a copy of the original as ``NAME.vN-backup``).

Version 0 is a plain TinyDB file without the ``_quotelens`` table, as a prototype or a script
using stock TinyDB writes it: statements may lack the fields people added later.
Version 1 kept one version of each statement; version 2 keeps one per annotator
(corpus.layers), so a reviewed model statement needs its suggestion in the shared layer.
"""
from __future__ import annotations

from collections.abc import Callable

from corpus.article import article_id
from corpus.schema import complete, now
from corpus.store_errors import CorruptFileError, NewerVersionError

SCHEMA_VERSION = 2
META_TABLE = "_quotelens"
Data = dict[str, dict[str, dict]]


def meta_table(kind: str) -> dict[str, dict]:
    """The ``_quotelens`` table of a new file of this kind (``index`` or ``article``)."""
    return {"1": {"schema": SCHEMA_VERSION, "kind": kind}}


def schema_of(data: Data, path: str) -> int:
    """The schema version recorded in a file's content (0 when none is)."""
    meta = data.get(META_TABLE)
    if not meta:
        return 0
    record = next(iter(meta.values()))
    version = record.get("schema") if isinstance(record, dict) else None
    if not isinstance(version, int) or version < 0:
        raise CorruptFileError(path, f"unreadable schema version {version!r}")
    return version


def _v0_to_v1(data: Data, kind: str, path: str) -> Data:
    if kind == "article":
        records = data.get("article") or {}
        article = next(iter(records.values()), None)
        if not isinstance(article, dict) or not isinstance(article.get("text"), str):
            raise CorruptFileError(path, "no article text in this file")
        stamp = now()
        for name, value in (
            ("id", article_id(article["text"])), ("title", "Untitled"), ("source", ""),
            ("meta", {}), ("added", stamp), ("updated", stamp), ("status", "new"),
            ("model", None), ("parsed_at", None),
        ):
            article.setdefault(name, value)
        for record in (data.get("statements") or {}).values():
            complete(record, article["id"], article.get("model"))
        data.setdefault("history", {})
    data[META_TABLE] = meta_table(kind)
    return data


def _v1_to_v2(data: Data, kind: str, path: str) -> Data:
    """Give each model statement an annotator changed its suggestion back in the shared
    layer (as the history first recorded it, else the reviewed record reset), and start a
    fresh undo stack. Index entries are recomputed from the upgraded article files."""
    if kind == "index":
        for entry in (data.get("articles") or {}).values():
            entry["file"] = None
        return data
    statements = data.setdefault("statements", {})
    history = data.setdefault("history", {})
    shared = {r["id"] for r in statements.values() if not r.get("annotator")}
    firsts: dict[str, dict] = {}
    for entry in sorted(history.values(), key=lambda e: e.get("seq", 0)):
        before = entry.get("before")
        if isinstance(before, dict) and before.get("status") == "predicted":
            firsts.setdefault(entry.get("statement_id"), before)
    restored = []
    for record in statements.values():
        if record.get("origin") != "model" or not record.get("annotator") or record["id"] in shared:
            continue
        suggestion = firsts.get(record["id"]) or {
            **record, "status": "predicted", "labels": [], "note": "", "annotator": None,
        }
        restored.append(dict(suggestion, annotator=None))
        shared.add(record["id"])
    start = max((int(k) for k in statements), default=0) + 1
    for number, record in enumerate(restored, start):
        statements[str(number)] = record
    seq = len(history) + 1
    history[str(max((int(k) for k in history), default=0) + 1)] = {
        "seq": seq, "action": "migrate", "statement_id": None, "who": None, "when": now(),
        "before": None, "after": None, "to_schema": 2, "restored": len(restored),
    }
    return data


#: STEPS[n] turns content at schema n into content at schema n + 1.
STEPS: dict[int, Callable[[Data, str, str], Data]] = {0: _v0_to_v1, 1: _v1_to_v2}


def upgrade(data: Data, path: str, kind: str) -> tuple[Data, int | None]:
    """Content at SCHEMA_VERSION, and the version it had if that was older (else None)."""
    found = schema_of(data, path)
    if found > SCHEMA_VERSION:
        raise NewerVersionError(path, found, SCHEMA_VERSION)
    if found == SCHEMA_VERSION:
        return data, None
    for version in range(found, SCHEMA_VERSION):
        data = STEPS[version](data, kind, path)
    data[META_TABLE] = meta_table(kind)
    return data, found
