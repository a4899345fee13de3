"""How statements, edits and counts are worded on screen and in CLI messages."""
from __future__ import annotations

from collections import Counter
from collections.abc import Iterable

from annotators.quote_marks import QUOTE_MARKS
from annotators.statement import Statement
from corpus.schema import StatementRecord

Said = Statement | StatementRecord  # what the helpers read: quote, speaker, speaker_name, kind

UNATTRIBUTED = ""
#: One mark per status, so the state is never told by colour alone.
STATUS_MARKS = {
    "predicted": "·",
    "accepted": "✓",
    "corrected": "✎",
    "added": "+",
    "rejected": "✗",
    "ignored": "–",
}
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
STATUS_NAMES = {"accepted": "accept", "added": "accept", "rejected": "reject", "ignored": "ignore"}


def plural(count: int, noun: str, many: str | None = None) -> str:
    """``1 article``, ``2 articles``, ``0 articles``; ``many`` for irregular plurals."""
    return f"{count} {noun if count == 1 else many or noun + 's'}"


def speaker_key(statement: Said) -> str:
    """Who a statement belongs to: its speaker name, else the mention, else ``UNATTRIBUTED``."""
    if statement.speaker_name:
        return statement.speaker_name.strip()
    if statement.speaker:
        return statement.speaker.text.strip()
    return UNATTRIBUTED


def speaker_label(key: str) -> str:
    """The name shown for a speaker key."""
    return key or "Unattributed"


def speaker_counts(statements: Iterable[Said]) -> Counter[str]:
    """Number of statements per speaker key."""
    return Counter(speaker_key(s) for s in statements)


def quote_text(statement: Said) -> str:
    """The statement's words, parts joined by ``…``; direct speech without its quotation marks
    (and without the comma that hands over to the cue)."""
    parts = (" ".join(span.text.split()) for span in statement.quote)
    if statement.kind == "direct":
        parts = (p.strip(QUOTE_MARKS + " ").rstrip(",") for p in parts)
    return " … ".join(p for p in parts if p)


def quoted(statement: Said, text: str) -> str:
    """Direct speech in quotation marks; reported speech as it is (marks would misquote it)."""
    return f"“{text}”" if statement.kind == "direct" else text


def preview(text: str, words: int = 9) -> str:
    """The first words of a text, with one ``…`` if cut (a cut just after the ``…`` that
    joins two parts of a split quote keeps that one)."""
    head = text.split()
    if len(head) <= words:
        return text
    shown = head[:words]
    while shown and shown[-1] == "…":
        shown.pop()
    return " ".join([*shown, "…"])


def citation(statement: Said, title: str) -> str:
    """``“…” — Speaker, Title``: the quote as a journalist would paste it.

    Reported speech gets no quotation marks: they would attribute words the speaker did not say.
    """
    speaker = speaker_key(statement) or "unknown speaker"
    return f"{quoted(statement, quote_text(statement))} — {speaker}, {title}"


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
