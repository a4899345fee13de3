"""How statements are labelled on screen: speaker names and colours, quote text."""
from __future__ import annotations

from collections import Counter
from collections.abc import Iterable

from textual.color import Color

from annotators.statement import Statement
from tui.widgets.shown_statement import ShownStatement

Said = Statement | ShownStatement  # what the labelling helpers read: quote, speaker, kind

# Chosen to stay apart when a 16-colour terminal maps them to the nearest ANSI colour:
# cyan, yellow, magenta, green, blue, red, then brighter variants.
SPEAKER_COLOURS = tuple(
    Color.parse(c)
    for c in (
        "#4fc3e8",
        "#f0c05a",
        "#d98ae6",
        "#86d26f",
        "#7aa2f7",
        "#f7768e",
        "#5fe0c4",
        "#ffa066",
    )
)
UNATTRIBUTED_COLOUR = Color.parse("#9aa0aa")
UNATTRIBUTED = ""


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


def speaker_colours(
    statements: Iterable[Said], keep: dict[str, Color] | None = None
) -> dict[str, Color]:
    """A colour per speaker, in order of first appearance (the palette repeats after 8);
    speakers in ``keep`` keep their colour (new speakers get the next ones)."""
    colours: dict[str, Color] = dict(keep or {})
    named = sum(1 for key in colours if key != UNATTRIBUTED)
    for statement in statements:
        key = speaker_key(statement)
        if key in colours:
            continue
        if key == UNATTRIBUTED:
            colours[key] = UNATTRIBUTED_COLOUR
        else:
            colours[key] = SPEAKER_COLOURS[named % len(SPEAKER_COLOURS)]
            named += 1
    return colours


def speaker_counts(statements: Iterable[Said]) -> Counter[str]:
    """Number of statements per speaker key."""
    return Counter(speaker_key(s) for s in statements)


QUOTE_MARKS = "\"'“”„‟«»‹›‘’‚‛「」『』"


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
