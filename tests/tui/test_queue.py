"""The annotation queue: advance after accept/reject (config and ctrl+n), and the library's
``o`` opening the next article this annotator has not marked done."""
from __future__ import annotations

import pytest

from annotators.review import review_order
from corpus.article import Article
from corpus.library import Library
from tui.app import QuotelensApp
from tui.screens.reader import ReaderScreen

from .conftest import SIZE, notices
from .test_reader import open_parsed


@pytest.fixture
def library(tmp_path, seed):
    with Library.open(tmp_path / "lib") as library:
        library.add_article(seed)
        yield library


def first_to_review(screen) -> int:
    """Where ``N`` would go now: the least confident unreviewed statement (annotators.review)."""
    pairs = [(1.0 if s.confidence is None else s.confidence, s.reviewed) for s in screen.statements]
    return review_order(pairs)[0]


async def test_with_advance_on_accept_and_reject_move_to_the_next_unreviewed(
    seed, stub_parser, library, private_config
):
    private_config.write_text("advance = true\n")
    app = QuotelensApp(seed, model=stub_parser, library=library)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_parsed(app, pilot)
        assert len(screen.statements) >= 4
        await pilot.press("n", "n", "a")
        accepted = [i for i, s in enumerate(screen.statements) if s.status == "accepted"]
        assert len(accepted) == 1 and screen.selected == first_to_review(screen) != accepted[0]
        rejected = screen.selected
        await pilot.press("x")
        assert screen.statements[rejected].status == "rejected"
        assert screen.selected == first_to_review(screen) != rejected
        await pilot.press("ctrl+n", "a")  # advance off: the selection stays
        stays = screen.selected
        assert screen.statements[stays].status == "accepted" and screen.selected == stays
        assert "Advance off." in [n.message for n in notices(app)]


async def test_i_ignores_the_statement_and_records_it(seed, stub_parser, library, private_config):
    private_config.write_text("advance = true\n")
    app = QuotelensApp(seed, model=stub_parser, library=library)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_parsed(app, pilot)
        await pilot.press("n", "i")
        assert screen.selected == 1  # moved on, as after accept or reject
        first = screen.statements[0]
        assert first.status == "ignored" and first.reviewed
        assert library.statement(seed.id, first.id)["status"] == "ignored"
        assert library.history(seed.id, first.id)[-1]["after"]["status"] == "ignored"


async def test_without_advance_the_selection_stays(seed, stub_parser, library):
    app = QuotelensApp(seed, model=stub_parser, library=library)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_parsed(app, pilot)
        await pilot.press("n", "a")
        assert screen.selected == 0


def test_bad_advance_value_is_a_one_line_config_error(private_config):
    from tui.config import ConfigError, load_config

    private_config.write_text('advance = "yes"\n')
    with pytest.raises(ConfigError, match="advance must be true or false"):
        load_config(private_config)


async def test_o_opens_the_oldest_article_not_marked_done_by_this_annotator(
    seed, stub_parser, tmp_path
):
    other = Article(title="Parks open late", text="The parks will open late, the council said.", source="p.txt")
    third = Article(title="Buses", text="Buses will run at night, the operator said.", source="b.txt")
    with Library.open(tmp_path / "queue") as library:
        for article in (seed, other, third):
            library.add_article(article)
        library.set_article_status(seed.id, "done", "ana")
        library.set_article_status(other.id, "done", "ben")  # done by ben, not by ana
        app = QuotelensApp(None, model=stub_parser, library=library, annotator="ana")
        async with app.run_test(size=SIZE) as pilot:
            await pilot.press("o")
            await pilot.pause()
            assert isinstance(app.screen, ReaderScreen) and app.screen.article.id == other.id
        library.set_article_status(other.id, "done", "ana")
        library.set_article_status(third.id, "skipped", "ana")
        app = QuotelensApp(None, model=stub_parser, library=library, annotator="ana")
        async with app.run_test(size=SIZE) as pilot:
            await pilot.press("o")
            await pilot.pause()
            assert not isinstance(app.screen, ReaderScreen)
            assert any("marked done by you" in n.message for n in notices(app))
