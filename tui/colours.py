"""Speaker colours: one per speaker, told apart in a 16-colour terminal too."""
from __future__ import annotations

from collections.abc import Iterable

from textual.color import Color

from services.wording import UNATTRIBUTED, Said, speaker_key

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
