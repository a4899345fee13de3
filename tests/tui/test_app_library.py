"""The app without an article: the library screen, then the reader on the chosen article."""
from __future__ import annotations

from corpus.library import Library
from tui.app import QuotelensApp
from tui.cli import _with_default_command
from tui.screens.help import HelpScreen
from tui.screens.library import LibraryScreen
from tui.screens.reader import ReaderScreen
from tui.widgets.article_table import ArticleTable

from .conftest import SIZE
from .test_reader import open_parsed, wait_until


def test_no_command_means_the_library_and_a_path_means_read():
    assert _with_default_command([]) == ["library"]
    assert _with_default_command(["--library", "L"]) == ["--library", "L", "library"]
    assert _with_default_command(["--library", "L", "a.txt"]) == ["--library", "L", "read", "a.txt"]
    assert _with_default_command(["--version"]) == ["--version"]
    assert _with_default_command(["--annotator", "Bea Lund", "--library", "L", "a.txt"]) == [
        "read", "--annotator", "Bea Lund", "--library", "L", "a.txt"
    ]  # read's own option before the path: read goes in front of it, the name is no path


async def test_enter_opens_the_article_and_escape_returns_to_the_library(
    seed, stub_parser, tmp_path
):
    with Library.open(tmp_path / "lib") as library:
        library.add_article(seed)
        app = QuotelensApp(None, model=stub_parser, library=library)
        async with app.run_test(size=SIZE) as pilot:
            assert isinstance(app.screen, LibraryScreen)
            assert app.screen.query_one(ArticleTable).selected_id == seed.id
            await pilot.press("enter")
            await wait_until(pilot, lambda: isinstance(app.screen, ReaderScreen))
            reader = await open_parsed(app, pilot)
            assert reader.article.text == seed.text and reader.statements
            await pilot.press("n", "a")  # select the first statement, accept it
            await pilot.pause()
            await pilot.press("escape")
            await wait_until(pilot, lambda: isinstance(app.screen, LibraryScreen))
            assert library.entry(seed.id).counts.get("accepted") == 1
            table_text = " ".join(str(c) for c in app.screen.query_one(ArticleTable).get_row_at(0))
            assert f"1/{len(reader.statements)}" in table_text


async def test_help_on_the_library_screen_lists_its_keys(stub_parser, tmp_path):
    with Library.open(tmp_path / "lib") as library:
        app = QuotelensApp(None, model=stub_parser, library=library)
        async with app.run_test(size=SIZE) as pilot:
            await pilot.press("question_mark")
            await pilot.pause()
            assert isinstance(app.screen, HelpScreen)
            ids = " ".join(row.id for row in app.screen.rows)
            assert "library.import" in ids and "library.delete" in ids and "reader.next" not in ids
