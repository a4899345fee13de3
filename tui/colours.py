"""Speaker colours: one per speaker, told apart in a 16-colour terminal too, and legible on
the theme in use (light or dark).

The hues are fixed (``BASE``); ``theme_palette`` darkens them on a light theme and lightens
them on a dark one until each has a WCAG contrast of at least 4.5:1 against every background
it is drawn on: the text's, the panels' and the selected statement's tint.
"""
from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from textual.app import App
from textual.color import Color

from services.wording import UNATTRIBUTED, Said, speaker_key

MIN_CONTRAST = 4.5  # WCAG AA for text
#: The selected statement's background: its speaker's colour blended this far toward the
#: text's background.
SELECTED_TINT = 0.86
#: The theme variables of the backgrounds speaker colours are drawn on (text, panels, screen).
BACKGROUNDS = ("surface", "panel", "background")


@dataclass(frozen=True)
class Palette:
    """The speakers' colours (repeating after the last) and the grey of unattributed ones."""

    speakers: tuple[Color, ...]
    unattributed: Color


# Chosen to stay apart when a 16-colour terminal maps them to the nearest ANSI colour:
# cyan, yellow, magenta, green, blue, red, then brighter variants.
BASE = Palette(
    tuple(
        Color.parse(c)
        for c in ("#4fc3e8", "#f0c05a", "#d98ae6", "#86d26f", "#7aa2f7", "#f7768e", "#5fe0c4", "#ffa066")
    ),
    Color.parse("#9aa0aa"),
)


def luminance(colour: Color) -> float:
    """WCAG relative luminance (0 black, 1 white)."""

    def channel(value: int) -> float:
        value /= 255
        return value / 12.92 if value <= 0.03928 else ((value + 0.055) / 1.055) ** 2.4

    r, g, b = colour.rgb
    return 0.2126 * channel(r) + 0.7152 * channel(g) + 0.0722 * channel(b)


def contrast(a: Color, b: Color) -> float:
    """WCAG contrast ratio of two colours, from 1 to 21."""
    light, dark = sorted((luminance(a), luminance(b)), reverse=True)
    return (light + 0.05) / (dark + 0.05)


def selected_background(colour: Color, background: Color) -> Color:
    """The background of the selected statement's text in ``colour``."""
    return colour.blend(background, SELECTED_TINT)


def worst_contrast(colour: Color, backgrounds: Sequence[Color]) -> float:
    """The lowest contrast of ``colour`` on these backgrounds and on its selected tint of each."""
    return min(
        contrast(colour, back)
        for background in backgrounds
        for back in (background, selected_background(colour, background))
    )


def legible(colour: Color, backgrounds: Sequence[Color], dark: bool) -> Color:
    """``colour`` lightened (dark theme) or darkened (light theme) in small steps until its
    worst contrast on ``backgrounds`` reaches ``MIN_CONTRAST`` (or it is white or black)."""
    for _ in range(60):
        if worst_contrast(colour, backgrounds) >= MIN_CONTRAST:
            break
        colour = colour.lighten(0.02) if dark else colour.darken(0.02)
    return colour


def theme_palette(app: App) -> Palette:
    """``BASE`` made legible on the app's theme; unchanged on the ANSI themes, whose
    backgrounds are the terminal's own (unknown)."""
    variables = app.theme_variables
    backgrounds = [Color.parse(variables[name]) for name in BACKGROUNDS]
    if any(back.ansi is not None or back.a < 1 for back in backgrounds):
        return BASE
    dark = app.current_theme.dark
    return Palette(
        tuple(legible(colour, backgrounds, dark) for colour in BASE.speakers),
        legible(BASE.unattributed, backgrounds, dark),
    )


def speaker_colours(
    statements: Iterable[Said], keep: dict[str, Color] | None = None, palette: Palette = BASE
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
            colours[key] = palette.unattributed
        else:
            colours[key] = palette.speakers[named % len(palette.speakers)]
            named += 1
    return colours


def recoloured(colours: dict[str, Color], old: Palette, new: Palette) -> dict[str, Color]:
    """The same speakers in the same places of another palette (after a theme change)."""
    places = {colour: place for place, colour in enumerate(old.speakers)}
    return {
        key: new.unattributed if key == UNATTRIBUTED else new.speakers[places[colour]]
        for key, colour in colours.items()
    }
