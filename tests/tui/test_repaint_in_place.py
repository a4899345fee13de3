"""Keys redraw only what they changed (tui/widgets: ArticleView, StatementList); what they
draw must be what a full redraw draws."""
from __future__ import annotations

import pytest

from corpus.library import Library
from services.wording import speaker_key
from tui.app import QuotelensApp
from tui.widgets.article_view import ArticleView
from tui.widgets.statement_list import StatementList, statement_prompt

from .conftest import SIZE
from .test_reader import open_parsed


@pytest.fixture
def library(tmp_path, seed):
    with Library.open(tmp_path / "lib") as library:
        library.add_article(seed)
        yield library


def drawn(view: ArticleView) -> list[str]:
    """Every line of the text as drawn (text and styles), top to bottom."""
    view._lines_cache.clear()
    return [repr(list(view._render_text_line(*span))) for span in view.layout_.lines]


def assert_as_full_redraw(screen) -> None:
    view = screen.query_one(ArticleView)
    marks, lines, shown = list(view._marks), drawn(view), view.statements
    view.statements = []  # forget what was shown: the next call marks everything again
    view.set_statements(screen.statements, screen.colours, screen.selected)
    assert view._marks == marks
    assert drawn(view) == lines
    view.statements = shown
    listing = screen.query_one(StatementList)
    for index, statement in enumerate(screen.statements):
        expected = statement_prompt(statement, screen.colours[speaker_key(statement)])
        assert str(listing.get_option(str(index)).prompt) == str(expected)


async def test_accept_edit_reject_and_undo_draw_what_a_full_redraw_draws(seed, stub_parser, library):
    app = QuotelensApp(seed, model=stub_parser, library=library)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_parsed(app, pilot)
        for keys in (["n", "a"], ["n", "e", "right_square_bracket", "enter"], ["n", "x"], ["u"],
                     ["u"], ["n", "1"], ["N", "a"], ["u"]):  # fmt: skip
            await pilot.press(*keys)
            await pilot.pause()
            assert_as_full_redraw(screen)
        assert any(s.status == "accepted" for s in screen.statements)
