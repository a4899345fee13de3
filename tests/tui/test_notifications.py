"""Notifications show untrusted text literally: square brackets are not markup."""
from __future__ import annotations

import pytest
from textual.widgets._toast import Toast

from corpus.library import Library
from tui.app import QuotelensApp
from tui.widgets.article_view import ArticleView

from .conftest import SIZE, notices
from .test_reader import open_parsed


async def test_copied_quote_with_brackets_is_shown_as_written(stub_parser):
    from corpus.article import Article

    article = Article(
        title="Council [draft] vote",
        text="“We [the council] agree with [bold]this[/bold],” said Mayor Ana Ruiz.",
        source="brackets.txt",
    )
    app = QuotelensApp(article, model=stub_parser)
    async with app.run_test(size=SIZE) as pilot:
        await open_parsed(app, pilot)
        await pilot.press("n", "c")
        await pilot.pause()
        shown = [n.message for n in notices(app)]
        assert any("[the council]" in m and "[bold]this[/bold]" in m and "[draft]" in m for m in shown)
        assert all(not n.markup for n in notices(app))


async def shown_toasts(pilot) -> list[Toast]:
    """The notices on screen (after they have been mounted: the pause lets the app
    process the messages that mount them)."""
    await pilot.pause()
    return list(pilot.app.screen.query(Toast))


async def test_a_burst_of_edits_shows_one_notice_that_changes(seed, stub_parser, tmp_path):
    with Library.open(tmp_path / "lib") as library:
        library.add_article(seed)
        app = QuotelensApp(seed, model=stub_parser, library=library)
        async with app.run_test(size=(80, 24), notifications=True) as pilot:
            await open_parsed(app, pilot)
            await pilot.press("n", "a", "n", "a", "n", "x", "u", "u", "U")
            toasts = await shown_toasts(pilot)
            assert len(toasts) == 1
            assert "Redid" in str(toasts[0].render())  # the last action's notice
            messages = [n.message for n in notices(app)]
            assert sum("Undid" in m or "Redid" in m for m in messages) == 3  # each was said


async def test_a_failure_notice_stays_beside_the_readers_notices(seed, stub_parser):
    app = QuotelensApp(seed, model=stub_parser)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        screen = await open_parsed(app, pilot)
        screen.notify("The model failed.", severity="error", slot=None)
        screen.notify("First statement.")
        screen.notify("Last statement.")
        assert len(await shown_toasts(pilot)) == 2


def overlaps(rows: tuple[int, int], region) -> bool:
    return region.y <= rows[1] and rows[0] < region.bottom


@pytest.mark.parametrize("size", [(80, 24), (120, 40)])
async def test_notices_never_cover_the_selected_statement(seed, stub_parser, size):
    app = QuotelensApp(seed, model=stub_parser)
    async with app.run_test(size=size, notifications=True) as pilot:
        screen = await open_parsed(app, pilot)
        view = screen.query_one(ArticleView)
        sides = set()
        for _ in range(len(screen.statements)):
            await pilot.press("n", "c")  # c: a notice with the copied quote, several lines long
            toasts = await shown_toasts(pilot)
            rows = view.rows_of(screen.selected)
            assert toasts and rows is not None
            for toast in toasts:
                assert not overlaps(rows, toast.region), (screen.selected, rows, toast.region)
            sides.add(screen.has_class("-notices-top"))
            # scrolled so that the statement sits at the bottom: the notice goes to the top
            view.scroll_to(y=view.scroll_y - (view.scrollable_content_region.bottom - 1 - rows[1]),
                           animate=False, immediate=True)  # fmt: skip
            await pilot.pause()
            rows = view.rows_of(screen.selected)
            if rows is not None:
                for toast in await shown_toasts(pilot):
                    assert not overlaps(rows, toast.region), (screen.selected, rows, toast.region)
                sides.add(screen.has_class("-notices-top"))
        assert sides == {True, False}
