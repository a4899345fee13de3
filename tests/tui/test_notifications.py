"""Notifications show untrusted text literally: square brackets are not markup."""
from __future__ import annotations

from tui.app import QuotelensApp

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
