"""The edit history of an article: who changed which statement when, from what to what.

History is append-only. An edit entry (``add``, ``update``, ``delete``) holds the statement
before and after (None when it did not exist). Undo and redo are entries too, pointing with
``ref`` at the edit they reverse or repeat, so the audit trail shows them and the undo and
redo stacks can be rebuilt from the entries alone after a restart. A ``parse`` entry (the
machine suggestions were replaced) or an ``import`` entry (annotations merged in) starts a
fresh undo stack.
"""
from __future__ import annotations

from corpus.records import now

EDIT_ACTIONS = ("add", "update", "delete")


def entry(
    seq: int,
    action: str,
    statement_id: str | None,
    before: dict | None,
    after: dict | None,
    who: str | None,
    ref: int | None = None,
    **extra: object,
) -> dict:
    """A history entry; ``seq`` orders the entries of one article."""
    record = {
        "seq": seq,
        "action": action,
        "statement_id": statement_id,
        "who": who,
        "when": now(),
        "before": before,
        "after": after,
    }
    if ref is not None:
        record["ref"] = ref
    record.update(extra)
    return record


def stacks(entries: list[dict]) -> tuple[list[dict], list[dict]]:
    """(undo stack, redo stack) of edit entries, most recent last, from entries in seq order."""
    undo: list[dict] = []
    redo: list[dict] = []
    for e in entries:
        action = e["action"]
        if action in EDIT_ACTIONS:
            undo.append(e)
            redo.clear()
        elif action == "undo" and undo and undo[-1]["seq"] == e["ref"]:
            redo.append(undo.pop())
        elif action == "redo" and redo and redo[-1]["seq"] == e["ref"]:
            undo.append(redo.pop())
        elif action in ("parse", "import"):
            undo.clear()
            redo.clear()
    return undo, redo
