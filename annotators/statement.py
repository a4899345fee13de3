"""The statement record: who said what, as character offsets into the article text."""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

Kind = Literal["direct", "mixed", "indirect"]


@dataclass(frozen=True, slots=True)
class TextSpan:
    """A slice of the article text, end exclusive; ``text == article[start:end]``."""

    start: int
    end: int
    text: str

    def to_dict(self) -> dict:
        """``{"start", "end", "text"}``."""
        return {"start": self.start, "end": self.end, "text": self.text}

    @classmethod
    def from_dict(cls, d: dict) -> "TextSpan":
        """Inverse of ``to_dict``."""
        return cls(int(d["start"]), int(d["end"]), str(d["text"]))


@dataclass(frozen=True, slots=True)
class Statement:
    """One attributed statement found by the machine (stored as a corpus.schema record; see
    docs/architecture.md)."""

    quote: tuple[TextSpan, ...]
    cue: TextSpan | None
    speaker: TextSpan | None
    speaker_name: str | None
    kind: Kind
    confidence: float = 1.0
    extra: dict = field(default_factory=dict, compare=False)

    @property
    def start(self) -> int:
        return self.quote[0].start

    @property
    def end(self) -> int:
        return self.quote[-1].end

    def to_dict(self) -> dict:
        """The machine-made fields of a stored statement record (docs/architecture.md)."""
        return {
            "quote": [q.to_dict() for q in self.quote],
            "cue": self.cue.to_dict() if self.cue else None,
            "speaker": self.speaker.to_dict() if self.speaker else None,
            "speaker_name": self.speaker_name,
            "kind": self.kind,
            "confidence": round(self.confidence, 3),
        }

    @classmethod
    def from_dict(cls, d: dict) -> Statement:
        """Inverse of ``to_dict`` (extra keys ignored; ``extra`` read if present)."""

        def span(v: dict | None) -> TextSpan | None:
            return TextSpan.from_dict(v) if v else None

        confidence = d.get("confidence")
        return cls(
            tuple(TextSpan.from_dict(q) for q in d["quote"]),
            span(d.get("cue")),
            span(d.get("speaker")),
            d.get("speaker_name"),
            d["kind"],
            1.0 if confidence is None else float(confidence),
            dict(d.get("extra") or {}),
        )
