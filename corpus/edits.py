"""Statement edits on an open article file: each edit sets statements and logs them in the
history in one atomic write; undo and redo are edits worked out from the history
(see corpus.history for the undo and redo stacks)."""
from __future__ import annotations

import itertools
import weakref
from typing import NamedTuple

from tinydb import TinyDB
from tinydb.table import Table

from corpus import history as hist
from corpus import layers
from corpus.article_files import (
    ARTICLE_TABLE,
    HISTORY_TABLE,
    STATEMENTS_TABLE,
    append_history,
    article_record,
    find_statement,
    history_entries,
)
from corpus.records import apply_changes
from corpus.schema import now
from corpus.storage import json_copy


class Change(NamedTuple):
    """One statement of one layer (corpus.layers) set from ``before`` to ``after`` (None:
    absent from that layer); ``ref``: the history entry an undo or redo reverses or
    repeats."""

    statement_id: str
    before: dict | None
    after: dict | None
    ref: int | None = None
    layer: str | None = None


def commit(
    db: TinyDB, article_id: str, action: str, changes: list[Change], who: str | None
) -> list[dict]:
    """Set each change's statement to its ``after`` and log it: one atomic file write; the
    new history entries. A ``new`` article becomes ``in_progress``.

    Several changes are one step: their history entries share a ``group``.
    """
    table = db.table(STATEMENTS_TABLE)
    promote = article_record(db).get("status", "new") == "new"
    # the seq the first entry gets (see append_history)
    group = {"group": len(db.table(HISTORY_TABLE)) + 1} if len(changes) > 1 else {}
    entries: list[dict] = []
    with db.storage.transaction():
        for change in changes:
            doc = find_statement(
                db, change.statement_id, article_id, missing_ok=True, layer=change.layer
            )
            if doc is not None:
                table.remove(doc_ids=[doc.doc_id])
            if change.after is not None:
                table.insert(change.after)
            entries.append(append_history(
                db, action, change.statement_id, change.before, change.after, who,
                ref=change.ref, layer=change.layer, **group,
            ))  # fmt: skip
        fields = {"updated": now()}
        if promote:
            fields["status"] = "in_progress"
        db.table(ARTICLE_TABLE).update(fields)
    return entries


def updates(
    db: TinyDB, article_id: str, changes_by_id: dict[str, dict], who: str | None
) -> tuple[list[dict], list[Change]]:
    """The records ``who`` sees after the given changes (statement id -> changes), in the
    order given, and the Changes of those that differ from the stored record.

    A change is made in ``who``'s layer (corpus.layers): a statement they have not changed
    before is copied there from the shared layer, which stays as it was. The Change's
    ``before`` is the record ``who`` saw (for the audit trail); one of another layer means
    the statement was not in ``who``'s layer (see ``travel``).
    """
    text = article_record(db)["text"]
    afters, changed = [], []
    for statement_id, changes in changes_by_id.items():
        seen = json_copy(dict(find_statement(db, statement_id, article_id, layer=who, seen=True)))
        after = apply_changes(seen, json_copy(changes), who, text)
        if after is seen:
            afters.append(seen)
            continue
        changed.append(Change(statement_id, seen, after, layer=who))
        afters.append(after)
    return afters, changed


#: history table -> layer -> (the stored table, entries read, their stacks): history is
#: only appended to, so the stacks go on from the entries read before
_STACKS: weakref.WeakKeyDictionary[Table, dict] = weakref.WeakKeyDictionary()


def _stacks(db: TinyDB, layer: str | None) -> hist.Stacks:
    """``corpus.history.stacks`` of ``layer``, reading only the entries added since the
    last call (all of them when the file was read again, or entries are out of order)."""
    table = db.table(HISTORY_TABLE)
    raw = (db.storage.read() or {}).get(HISTORY_TABLE, {})
    cached = _STACKS.setdefault(table, {}).get(layer)
    if cached is not None and cached[0] is raw and cached[1] <= len(raw):
        new = list(itertools.islice(raw.values(), cached[1], None))
        if all(e.get("seq") == cached[1] + i for i, e in enumerate(new, 1)):
            result = hist.stacks(new, layer, after=cached[2])
            _STACKS[table][layer] = (raw, len(raw), result)
            return result
    result = hist.stacks(history_entries(db), layer)
    _STACKS[table][layer] = (raw, len(raw), result)
    return result


def can_travel(db: TinyDB, action: str, layer: str | None) -> bool:
    """True if ``layer`` has an edit to ``undo`` (or to ``redo``)."""
    undo_stack, redo_stack = _stacks(db, layer)
    return bool(undo_stack if action == "undo" else redo_stack)


def travel(db: TinyDB, article_id: str, action: str, layer: str | None) -> list[Change]:
    """The changes an ``undo`` (``redo``) makes in ``layer``: its latest step not yet undone
    set back (the latest undone step set again), a grouped step whole; [] if there is none."""
    undo_stack, redo_stack = _stacks(db, layer)
    stack = undo_stack if action == "undo" else redo_stack
    if not stack:
        return []
    targets = reversed(stack[-1]) if action == "undo" else stack[-1]
    changes = []
    for target in targets:
        sid = target["statement_id"]
        doc = find_statement(db, sid, article_id, missing_ok=True, layer=layer)
        current = json_copy(dict(doc)) if doc is not None else None
        state = target["before"] if action == "undo" else target["after"]
        if state is not None and layers.layer_of(state) != layer:
            state = None  # the shared version seen before the layer had its own
        changes.append(Change(sid, current, json_copy(state), target["seq"], layer))
    return changes
