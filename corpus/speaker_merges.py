"""Speakers merged by hand across the library: ``LIBRARY/speakers.json``.

The file holds ``{"schema": 1, "history": [entry, …]}``; entries are only ever appended:
``{"seq", "action": "merge", "names": [A, B], "who", "when"}`` says A and B are one person,
``{"seq", "action": "undo", "ref": SEQ, "who", "when"}`` takes merge SEQ back. The merges in
force are worked out from the history (``active_merges``), so undo survives a restart and
every change names who made it, like the edits of an article.
"""
from __future__ import annotations

from datetime import datetime, timezone
from pathlib import Path

import orjson

from corpus.atomic import atomic_write
from corpus.errors import QuotelensError

FILE_NAME = "speakers.json"
SCHEMA = 1


class SpeakerMergeError(QuotelensError):
    """A merge that cannot be made or undone, or a damaged speakers file."""


def read_history(root: Path) -> list[dict]:
    """The merge history of the library at ``root`` (empty when there is no file)."""
    path = root / FILE_NAME
    try:
        data = orjson.loads(path.read_bytes())
    except FileNotFoundError:
        return []
    except (OSError, orjson.JSONDecodeError) as exc:
        raise SpeakerMergeError(f"{path}: cannot read the speaker merges ({exc})") from None
    if not isinstance(data, dict) or not isinstance(data.get("history"), list):
        raise SpeakerMergeError(f"{path}: not a quotelens speakers file")
    if data.get("schema", 0) > SCHEMA:
        raise SpeakerMergeError(f"{path}: written by a newer quotelens (schema {data['schema']})")
    return data["history"]


def active_merges(history: list[dict]) -> list[tuple[str, str]]:
    """The merges in force: every merge not undone, in the order they were made."""
    undone = {e.get("ref") for e in history if e.get("action") == "undo"}
    return [
        (e["names"][0], e["names"][1])
        for e in history
        if e.get("action") == "merge" and e.get("seq") not in undone
    ]


def _append(root: Path, history: list[dict], entry: dict) -> dict:
    entry = {"seq": len(history) + 1, **entry, "when": datetime.now(timezone.utc).isoformat()}
    payload = {"schema": SCHEMA, "history": [*history, entry]}
    atomic_write(root / FILE_NAME, orjson.dumps(payload, option=orjson.OPT_INDENT_2))
    return entry


def add_merge(root: Path, first: str, second: str, who: str | None) -> dict:
    """Record that the speakers named ``first`` and ``second`` are one person."""
    first, second = " ".join(first.split()), " ".join(second.split())
    if not first or not second or first.casefold() == second.casefold():
        raise SpeakerMergeError("a merge needs two different speaker names")
    return _append(root, read_history(root), {"action": "merge", "names": [first, second], "who": who})


def undo_last_merge(root: Path, who: str | None) -> dict:
    """Take back the latest merge still in force; returns the undone merge's entry."""
    history = read_history(root)
    undone = {e.get("ref") for e in history if e.get("action") == "undo"}
    live = [e for e in history if e.get("action") == "merge" and e.get("seq") not in undone]
    if not live:
        raise SpeakerMergeError("no speaker merge to undo")
    _append(root, history, {"action": "undo", "ref": live[-1]["seq"], "who": who})
    return live[-1]
