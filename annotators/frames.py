"""Attribution frames: what the quote and reported-speech components hand to the speaker one.

A frame is a found statement before its speaker is named: content spans, the cue token and
the token heading the speaker mention, as the dependency parse gives them. Frames live on
``doc._.quotelens_frames`` until the speaker component turns them into ``doc._.statements``
and clears them (tokens do not serialise).
"""
from __future__ import annotations

from dataclasses import dataclass, field

from spacy.tokens import Doc, Token

from annotators.statement import Kind, Statement


@dataclass
class Frame:
    """A statement in the making; ``content`` are (start_char, end_char) pairs."""

    content: list[tuple[int, int]]
    cue: Token | None
    source: Token | None
    kind: Kind
    confidence: float
    source_via: str = "subject"  # subject | agent | according | inherited | relative | adjacent | byline
    # | previous sentence | passive (no speaker named: "Asked about it, …") | none
    extra: dict = field(default_factory=dict)

    @property
    def start(self) -> int:
        return self.content[0][0]

    @property
    def end(self) -> int:
        return self.content[-1][1]


def register_extensions() -> None:
    """Register ``doc._.quotelens_frames`` and ``doc._.statements`` once."""
    if not Doc.has_extension("quotelens_frames"):
        Doc.set_extension("quotelens_frames", default=None)
    if not Doc.has_extension("statements"):
        Doc.set_extension("statements", getter=_get_statements, setter=_set_statements)


# Statements are kept as plain dicts in ``doc.user_data`` so docs survive ``Doc.to_bytes``,
# ``DocBin`` and the process boundary of ``nlp.pipe(n_process=2)``.
_KEY = "quotelens_statements"


def _get_statements(doc: Doc) -> list[Statement] | None:
    stored = doc.user_data.get(_KEY)
    return None if stored is None else [Statement.from_dict(d) for d in stored]


def _set_statements(doc: Doc, statements: list[Statement] | None) -> None:
    doc.user_data[_KEY] = None if statements is None else [
        {**s.to_dict(), "extra": s.extra} for s in statements
    ]


_TEXT = "quotelens_text"


def doc_text(doc: Doc) -> str:
    """``doc.text``, read once per doc: spaCy rebuilds it from the tokens on every access.

    Cached in ``doc.user_data`` while the components run; ``forget_text`` drops it."""
    text = doc.user_data.get(_TEXT)
    if text is None:
        text = doc.user_data[_TEXT] = doc.text
    return text


def forget_text(doc: Doc) -> None:
    """Drop the cached text (the last component calls this)."""
    doc.user_data.pop(_TEXT, None)


def frames_of(doc: Doc) -> list[Frame]:
    """The doc's frame list, created empty on first use."""
    if doc._.quotelens_frames is None:
        doc._.quotelens_frames = []
    return doc._.quotelens_frames
