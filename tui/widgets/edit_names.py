"""Naming an edit of a statement for the user: what undo and redo say they undid or redid."""
from __future__ import annotations

#: Fields a person edits, and what the edit is called.
FIELD_NAMES = {
    "quote": "quote bounds",
    "cue": "cue",
    "speaker_name": "speaker",
    "labels": "labels",
    "note": "note",
    "kind": "kind",
}
#: An edit of the status alone, by the status it set.
STATUS_NAMES = {"accepted": "accept", "added": "accept", "rejected": "reject"}


def edit_name(before: dict | None, after: dict | None) -> str:
    """What an edit that took a statement record from ``before`` to ``after`` did:
    ``new statement``, ``deletion``, ``cue``, ``speaker → Jen Psaki``, ``accept``…"""
    if before is None:
        return "new statement"
    if after is None:
        return "deletion"
    changed = [name for key, name in FIELD_NAMES.items() if before.get(key) != after.get(key)]
    if "speaker" in changed and after.get("speaker_name"):
        changed[changed.index("speaker")] = f"speaker → {after['speaker_name']}"
    if changed:
        return " and ".join(changed)
    status = after.get("status", "")
    return STATUS_NAMES.get(status, f"status {status}")
