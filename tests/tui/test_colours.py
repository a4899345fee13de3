"""Speaker colours stay legible on light and dark themes: WCAG contrast of at least 4.5:1
against every background they are drawn on, in the palette and on the rendered screen."""
from __future__ import annotations

import pytest
from rich.color import ColorSystem
from textual.app import App
from textual.color import Color
from textual.theme import BUILTIN_THEMES

from tui.app import QuotelensApp
from tui.colours import BACKGROUNDS, BASE, MIN_CONTRAST, contrast, selected_background, theme_palette
from tui.widgets.article_view import ArticleView

from .test_reader import open_parsed

#: Textual's themes whose backgrounds are known colours (the ANSI ones use the terminal's).
THEMES = [name for name in BUILTIN_THEMES if not name.startswith("ansi-")]


def test_contrast_is_the_wcag_ratio():
    white, black = Color.parse("#ffffff"), Color.parse("#000000")
    assert contrast(white, black) == pytest.approx(21)
    assert contrast(black, white) == pytest.approx(21)
    assert contrast(Color.parse("#777777"), white) == pytest.approx(4.48, abs=0.01)
    assert contrast(white, white) == pytest.approx(1)


@pytest.mark.parametrize("theme", THEMES)
async def test_every_speaker_colour_is_legible_on_the_theme(theme):
    app = App()
    async with app.run_test() as pilot:
        app.theme = theme
        await pilot.pause()
        palette = theme_palette(app)
        backgrounds = [Color.parse(app.theme_variables[name]) for name in BACKGROUNDS]
    for colour in (*palette.speakers, palette.unattributed):
        for background in backgrounds:
            assert contrast(colour, background) >= MIN_CONTRAST, (colour.hex, background.hex)
            tint = selected_background(colour, background)
            assert contrast(colour, tint) >= MIN_CONTRAST, (colour.hex, tint.hex)


@pytest.mark.parametrize("theme", ["textual-dark", "textual-light"])
async def test_the_speakers_keep_eight_colours(theme):
    app = App()
    async with app.run_test() as pilot:
        app.theme = theme
        await pilot.pause()
        palette = theme_palette(app)
    assert len({colour.hex for colour in palette.speakers}) == len(BASE.speakers)


def test_in_16_colours_the_first_six_speakers_differ_on_a_dark_theme():
    ansi = {c.rich_color.downgrade(ColorSystem.STANDARD).number for c in BASE.speakers[:6]}
    assert len(ansi) == 6


def quote_contrasts(view: ArticleView) -> list[float]:
    """The contrast of every coloured quote segment on screen with its background."""
    found = []
    for y in range(view.size.height):
        for segment in view.render_line(y):
            style = segment.style
            if style and style.italic and style.color and segment.text.strip():
                back = style.bgcolor or view.rich_style.bgcolor
                found.append(
                    contrast(Color.from_rich_color(style.color), Color.from_rich_color(back))
                )
    return found


async def test_quotes_on_screen_are_legible_after_switching_to_a_light_theme(seed, stub_parser):
    app = QuotelensApp(seed, model=stub_parser)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_parsed(app, pilot)
        await pilot.press("n")  # the selected statement is drawn on its tint
        await pilot.pause()
        view = screen.query_one(ArticleView)
        dark = quote_contrasts(view)
        first = screen.colours[next(iter(screen.colours))]
        app.theme = "textual-light"
        await pilot.pause(0.1)
        light = quote_contrasts(view)
        assert screen.colours[next(iter(screen.colours))] != first  # recoloured for the theme
    assert dark and min(dark) >= MIN_CONTRAST
    assert light and min(light) >= MIN_CONTRAST


async def test_without_colour_quotes_stay_italic_and_the_selection_marked(seed, stub_parser, monkeypatch):
    monkeypatch.setenv("NO_COLOR", "1")
    app = QuotelensApp(seed, model=stub_parser)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_parsed(app, pilot)
        await pilot.press("n")
        await pilot.pause()
        assert app.no_color
        view = screen.query_one(ArticleView)
        lines = [view.render_line(y) for y in range(view.size.height)]
        assert any(seg.style and seg.style.italic for line in lines for seg in line)
        assert any(line.text.startswith("▌") for line in lines)
