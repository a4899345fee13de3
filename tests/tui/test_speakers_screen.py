"""The speakers screen: every person of the library, their quotes newest first, and a quote
opening its article at that statement."""
from __future__ import annotations

from textual.widgets import DataTable

from corpus.library import Library
from corpus.speaker_merges import read_history
from tests.services.test_speaker_quotes import ARTICLES, add
from tui.app import QuotelensApp
from tui.screens.library import LibraryScreen
from tui.screens.reader import ReaderScreen
from tui.screens.speakers import SpeakersScreen

from .conftest import SIZE
from .test_reader import wait_until


def cells(grid: DataTable, row: int) -> list[str]:
    return [str(c) for c in grid.get_row_at(row)]


async def test_s_lists_speakers_enter_shows_quotes_and_opens_the_article_at_the_quote(stub_parser, tmp_path):
    with Library.open(tmp_path / "lib", annotator="tester") as library:
        ids = {title: add(library, *row) for row, title in zip(ARTICLES, (r[1] for r in ARTICLES))}
        app = QuotelensApp(None, model=stub_parser, library=library)
        async with app.run_test(size=SIZE) as pilot:
            await pilot.press("s")
            await wait_until(pilot, lambda: isinstance(app.screen, SpeakersScreen))
            grid = app.screen.query_one(DataTable)
            assert grid.row_count == 2
            assert cells(grid, 0) == ["Halvard Ostrem", "3", "3", "2026-02-20", "2026-03-09"]
            await pilot.press("enter")
            await pilot.pause()
            assert [cells(grid, k)[:2] for k in range(grid.row_count)] == [
                ["2026-03-09", "Quotas stand"], ["2026-03-02", "Ports reopen"], ["2026-02-20", "Ferry fares"]
            ]
            await pilot.press("down", "enter")  # the second newest: "Ports reopen"
            await wait_until(pilot, lambda: isinstance(app.screen, ReaderScreen))
            reader = app.screen
            await wait_until(pilot, lambda: reader.selected is not None)
            assert reader.article.title == "Ports reopen"
            assert library.article(ids["Ports reopen"]).text.startswith(reader.statements[reader.selected].quote[0].text)
            await pilot.press("escape")
            await wait_until(pilot, lambda: isinstance(app.screen, SpeakersScreen))
            await pilot.press("escape")  # back to all speakers
            await pilot.pause()
            assert app.screen.query_one(DataTable).row_count == 2
            await pilot.press("escape")
            await wait_until(pilot, lambda: isinstance(app.screen, LibraryScreen))


async def test_m_on_two_speakers_merges_them_and_u_undoes_it_in_the_library(stub_parser, tmp_path):
    with Library.open(tmp_path / "lib", annotator="tester") as library:
        for row in ARTICLES:
            add(library, *row)
        app = QuotelensApp(None, model=stub_parser, library=library)
        async with app.run_test(size=SIZE) as pilot:
            await pilot.press("s")
            await wait_until(pilot, lambda: isinstance(app.screen, SpeakersScreen))
            grid = app.screen.query_one(DataTable)
            await pilot.press("m", "down", "m")
            await pilot.pause()
            grid = app.screen.query_one(DataTable)
            assert grid.row_count == 1 and cells(grid, 0)[1:3] == ["4", "4"]
            history = read_history(library.root)
            assert history[-1]["names"] == ["Halvard Ostrem", "Ingrid Saltvik"] and history[-1]["who"] == "tester"
            await pilot.press("u")
            await pilot.pause()
            assert app.screen.query_one(DataTable).row_count == 2
            assert read_history(library.root)[-1]["action"] == "undo"
