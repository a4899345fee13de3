"""The edit history of an article: who changed which statement when, from what to what.

History is append-only. An edit entry (``add``, ``update``, ``delete``) holds the statement
before and after (None when it did not exist). Undo and redo are entries too, pointing with
``ref`` at the edit they reverse or repeat, so the audit trail shows them and the undo and
redo stacks can be rebuilt from the entries alone after a restart. A ``parse`` entry (the
machine suggestions were replaced) or an ``import`` entry (annotations merged in) starts a
fresh undo stack. A ``status`` entry (the article was marked done, skipped…) is for audits
only: it is not undoable and leaves the stacks alone.

Entries written together in one step (several statements changed at once, or the undo or
redo of such a change) carry ``group``: the ``seq`` of the step's first entry. A grouped
edit is one undo step; entries without ``group`` are steps of their own.

Each annotator has their own stacks: an edit entry names the ``layer`` it changed
(corpus.layers; entries older than layers name none and count as the shared layer's). An
``import`` entry lists the ``layers`` it wrote to and clears only their stacks; a ``parse``
or ``migrate`` entry clears every stack.
"""
from __future__ import annotations

from collections.abc import Iterable

from corpus.schema import now

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


Step = list[dict]
"""The edit entries undone or redone together, in the order they were made."""


Stacks = tuple[list[Step], list[Step]]


def stacks(entries: Iterable[dict], layer: str | None = None, after: Stacks | None = None) -> Stacks:
    """(undo stack, redo stack) of ``layer``'s steps, most recent last, from entries in seq
    order; ``after``: the stacks of the entries before these (not changed), to go on from.

    An undo (redo) entry moves the step holding the edit it points at, when that step is
    on top of the undo (redo) stack; the other entries of a grouped undo (redo) then point
    into a step already moved and change nothing.
    """
    undo: list[Step] = [list(step) for step in after[0]] if after else []
    redo: list[Step] = list(after[1]) if after else []
    for e in entries:
        action = e["action"]
        if action in ("parse", "migrate") or (
            action == "import" and layer in e.get("layers", [layer])
        ):
            undo.clear()
            redo.clear()
        elif e.get("layer") != layer:
            continue
        elif action in EDIT_ACTIONS:
            group = e.get("group")
            if group is not None and undo and undo[-1][0]["seq"] == group:
                undo[-1].append(e)
            else:
                undo.append([e])
            redo.clear()
        elif action == "undo" and undo and _holds(undo[-1], e["ref"]):
            redo.append(undo.pop())
        elif action == "redo" and redo and _holds(redo[-1], e["ref"]):
            undo.append(redo.pop())
    return undo, redo


def _holds(step: Step, seq: int) -> bool:
    return any(e["seq"] == seq for e in step)
