"""The reader in an ordinary terminal: the text keeps a readable measure at 80×24, the panels
move under it or fold away (remembered), and the footer shows only whole keys."""
from __future__ import annotations

import tomllib

import pytest
from textual.widgets._footer import FooterKey

from tui.app import QuotelensApp
from tui.config import ConfigError, load_config
from tui.widgets.article_view import ArticleView
from tui.widgets.key_footer import KeyFooter
from tui.widgets.sidebar import Sidebar

from .conftest import notices
from .test_reader import open_parsed

MEASURE = 55  # the fewest columns of text a line may have


def text_columns(view: ArticleView) -> int:
    """The width the article's lines are wrapped to."""
    assert view.layout_ is not None
    return view.layout_.width


def footer_keys(app: QuotelensApp) -> list[FooterKey]:
    """The keys the footer shows, left to right (the palette's key last)."""
    keys = [key for key in app.screen.query_one(KeyFooter).query(FooterKey) if key.display]
    return sorted(keys, key=lambda key: key.region.x)


def assert_whole(app: QuotelensApp) -> None:
    """Every key of the footer is drawn whole, inside the footer, none over another."""
    footer = app.screen.query_one(KeyFooter).region
    keys = footer_keys(app)
    for key, after in zip(keys, keys[1:]):
        assert key.region.right <= after.region.x, (key.key, after.key)
    for key in keys:
        assert footer.contains_region(key.region), key.key
        assert key.region.width >= len(key.key_display) + len(key.description)


@pytest.mark.parametrize("size", [(80, 24), (100, 30), (120, 40), (200, 60)])
async def test_the_text_keeps_a_readable_measure(seed, stub_parser, size):
    app = QuotelensApp(seed, model=stub_parser)
    async with app.run_test(size=size) as pilot:
        screen = await open_parsed(app, pilot)
        view, sidebar = screen.query_one(ArticleView), screen.query_one(Sidebar)
        assert text_columns(view) >= MEASURE
        assert sidebar.display and sidebar.region.height >= 6
        if size[0] < 100:  # the panels sit under the text, across the whole width
            assert sidebar.region.y >= view.region.bottom
            assert sidebar.region.width == size[0]
        else:
            assert sidebar.region.x >= view.region.right
            assert sidebar.region.y == view.region.y


async def test_t_folds_the_panels_away_and_the_config_remembers(seed, stub_parser, private_config):
    private_config.write_text('# my settings\nannotator = "Ana Ruiz"\n', encoding="utf-8")
    app = QuotelensApp(seed, model=stub_parser)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_parsed(app, pilot)
        await pilot.press("t")
        await pilot.pause()
        assert not screen.query_one(Sidebar).display
        assert screen.query_one(ArticleView).region.height == 24 - 4  # header 2, status, footer
    text = private_config.read_text(encoding="utf-8")
    assert text.startswith("# my settings\n")  # the rest of the file is kept as written
    assert tomllib.loads(text) == {"annotator": "Ana Ruiz", "panels": False}

    app = QuotelensApp(seed, model=stub_parser)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_parsed(app, pilot)
        assert not screen.query_one(Sidebar).display
        await pilot.press("t")
        await pilot.pause()
        assert screen.query_one(Sidebar).display
    assert load_config(private_config).panels is True


async def test_footer_keys_are_whole_and_the_reviewing_ones_come_first(seed, stub_parser):
    app = QuotelensApp(seed, model=stub_parser)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_parsed(app, pilot)
        assert_whole(app)
        shown = [key.key for key in footer_keys(app)]
        assert shown[:3] == ["n", "a", "x"]
        assert "question_mark" in shown  # ? lists the keys left out
        assert shown[-1] == "ctrl+p"
        assert "slash" not in shown  # no room at 80 columns: in the help

        await pilot.resize_terminal(200, 60)
        await pilot.pause(0.1)
        assert_whole(app)
        assert "slash" in [key.key for key in footer_keys(app)]


async def test_footer_in_the_edit_mode_shows_its_keys_first_and_escape_brings_back_the_readers(
    seed, stub_parser
):
    app = QuotelensApp(seed, model=stub_parser)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_parsed(app, pilot)
        await pilot.press("n")
        await pilot.pause()
        reading = [key.key for key in footer_keys(app)]
        await pilot.press("e")
        await pilot.pause(0.1)
        assert_whole(app)
        shown = [key.key for key in footer_keys(app)]
        assert {"enter", "escape", "question_mark"} <= set(shown)
        assert "a" not in shown
        await pilot.press("escape")
        await pilot.pause(0.1)
        assert [key.key for key in footer_keys(app)] == reading


async def test_library_footer_is_whole_at_80_columns(tmp_path, stub_parser):
    from corpus.library import Library

    with Library.open(tmp_path / "lib", annotator="tester") as library:
        app = QuotelensApp(None, model=stub_parser, library=library)
        async with app.run_test(size=(80, 24)) as pilot:
            await pilot.pause()
            assert_whole(app)
            assert "question_mark" in [key.key for key in footer_keys(app)]


async def test_theme_from_the_palette_is_remembered(seed, stub_parser, private_config):
    app = QuotelensApp(seed, model=stub_parser)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_parsed(app, pilot)
        app.theme = "textual-light"  # what the palette's "Change theme" does (ThemeProvider)
        await pilot.pause()
        assert app.theme == "textual-light"
    assert load_config(private_config).theme == "textual-light"
    app = QuotelensApp(seed, model=stub_parser)
    assert app.theme == "textual-light"


def test_unknown_theme_in_the_config_is_one_line(private_config, seed):
    private_config.write_text('theme = "paper-white"\n', encoding="utf-8")
    with pytest.raises(ConfigError, match=r"config.toml: unknown theme 'paper-white' \(one of "):
        QuotelensApp(seed, model="stub")


def test_a_setting_that_is_not_true_or_false_is_one_line(private_config):
    private_config.write_text('panels = "no"\n', encoding="utf-8")
    with pytest.raises(ConfigError, match=r"config.toml: panels must be true or false$"):
        load_config(private_config)


async def test_a_config_that_cannot_be_written_is_a_notice_not_a_crash(seed, stub_parser, tmp_path,
                                                                       monkeypatch):  # fmt: skip
    folder = tmp_path / "not-a-folder"
    monkeypatch.setenv("QUOTELENS_CONFIG", str(folder / "config.toml"))  # none yet: defaults
    app = QuotelensApp(seed, model=stub_parser)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_parsed(app, pilot)
        folder.write_text("a file where the config folder should be", encoding="utf-8")
        await pilot.press("t")
        await pilot.pause()
        assert not screen.query_one(Sidebar).display  # hidden all the same
    warning = [n for n in notices(app) if n.title == "Setting not saved"]
    assert len(warning) == 1 and "\n" not in warning[0].message
    assert "not-a-folder/config.toml: cannot " in warning[0].message
