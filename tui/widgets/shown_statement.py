"""A statement as the reader shows it: what was said by whom, plus its review state.

Built from a library record (``from_record``) or, without a library, from what the parser
found (``from_statement``). It has the fields of ``annotators.statement.Statement`` that the
widgets read (quote, cue, speaker, speaker_name, kind, start, end), so the labelling helpers
work on both.
"""
from __future__ import annotations

from dataclasses import dataclass, replace

from annotators.statement import Statement, TextSpan

#: One mark per status, so the state is never told by colour alone.
STATUS_MARKS = {
    "predicted": "·",
    "accepted": "✓",
    "corrected": "✎",
    "added": "+",
    "rejected": "✗",
}
REVIEWED = frozenset(STATUS_MARKS) - {"predicted"}


@dataclass(frozen=True, slots=True)
class ShownStatement:
    """One statement on screen; ``id`` is the library's statement id (None: not stored)."""

    id: str | None
    quote: tuple[TextSpan, ...]
    cue: TextSpan | None
    speaker: TextSpan | None
    speaker_name: str | None
    kind: str
    status: str = "predicted"
    labels: tuple[str, ...] = ()
    note: str = ""
    origin: str = "model"
    confidence: float = 1.0

    @property
    def start(self) -> int:
        return self.quote[0].start

    @property
    def end(self) -> int:
        return self.quote[-1].end

    @property
    def reviewed(self) -> bool:
        """True once a person has accepted, corrected, added or rejected it."""
        return self.status in REVIEWED

    @property
    def mark(self) -> str:
        return STATUS_MARKS.get(self.status, "?")

    @classmethod
    def from_record(cls, record: dict) -> ShownStatement:
        """From a library statement record (DESIGN.md)."""

        def span(value: dict | None) -> TextSpan | None:
            return TextSpan.from_dict(value) if value else None

        return cls(
            id=record["id"],
            quote=tuple(TextSpan.from_dict(q) for q in record["quote"]),
            cue=span(record.get("cue")),
            speaker=span(record.get("speaker")),
            speaker_name=record.get("speaker_name"),
            kind=record.get("kind", "direct"),
            status=record.get("status", "predicted"),
            labels=tuple(record.get("labels") or ()),
            note=record.get("note") or "",
            origin=record.get("origin", "model"),
            confidence=float(record.get("confidence") or 1.0),
        )

    @classmethod
    def from_statement(cls, statement: Statement) -> ShownStatement:
        """From a parser result that is not stored (no library)."""
        return cls(
            None, statement.quote, statement.cue, statement.speaker,
            statement.speaker_name, statement.kind, confidence=statement.confidence,
        )  # fmt: skip

    def with_quote_bounds(self, start: int, end: int, text: str) -> ShownStatement:
        """The statement with its quote starting at ``start`` and ending at ``end``."""
        parts = list(self.quote)
        parts[0] = TextSpan(start, parts[0].end, "")
        parts[-1] = TextSpan(parts[-1].start if len(parts) > 1 else start, end, "")
        spans = tuple(TextSpan(p.start, p.end, text[p.start : p.end]) for p in parts)
        return replace(self, quote=spans)


def span_dict(span: TextSpan | None) -> dict | None:
    """A span as the store takes it."""
    return span.to_dict() if span else None
