"""A long article in the reader: a warning before the parse and how far it has got while it runs."""
from __future__ import annotations

import threading

from corpus.article import Article
from corpus.library import Library
from services import annotation_session, parser_process
from tui.app import QuotelensApp
from tui.widgets.article_header import ArticleHeader

from .. import stub_parser as stub
from .conftest import SIZE, notices
from .test_reader import open_parsed, wait_until

PARAGRAPH = "“The tunnel will open in spring,” Hana Oort said. Crews worked through the night.\n\n"


def long_warnings(app) -> list[str]:
    return [n.message for n in notices(app) if n.title == "Long parse"]


async def test_the_header_shows_characters_parsed_and_a_long_article_is_warned_of(
    stub_parser, tmp_path, monkeypatch
):
    article = Article("Tunnel", PARAGRAPH * 40, "")
    monkeypatch.setattr(annotation_session, "LONG_PARSE_CHARS", 1000)
    halfway, finish = threading.Event(), threading.Event()

    def slow_parse(model, text, cancelled, progress=None):
        progress(len(text) // 2, len(text))
        halfway.set()
        finish.wait(30)
        return stub.parse(model, text)

    monkeypatch.setattr(parser_process.PARSER, "parse", slow_parse)
    with Library.open(tmp_path / "lib") as library:
        library.add_article(article)
        app = QuotelensApp(article, model=stub_parser, library=library)
        async with app.run_test(size=SIZE) as pilot:
            (warning,) = long_warnings(app)
            assert f"{len(article.text):,} characters to parse" in warning
            header = app.screen.query_one(ArticleHeader)
            await wait_until(pilot, halfway.is_set)
            await wait_until(pilot, lambda: "characters" in str(header.render()))
            half = f"{len(article.text) // 2:,} of {len(article.text):,} characters"
            assert half in str(header.render())
            finish.set()
            screen = await open_parsed(app, pilot)
            assert len(screen.statements) == 40 and "characters" not in str(header.render())
        # the parse is stored now: opening the article again parses nothing and warns of nothing
        app = QuotelensApp(article, model=stub_parser, library=library)
        async with app.run_test(size=SIZE) as pilot:
            await open_parsed(app, pilot)
            assert long_warnings(app) == []


async def test_a_short_article_is_not_warned_of(stub_parser, seed):
    app = QuotelensApp(seed, model=stub_parser)
    async with app.run_test(size=SIZE) as pilot:
        await open_parsed(app, pilot)
        assert long_warnings(app) == [] and len(seed.text) < annotation_session.LONG_PARSE_CHARS
