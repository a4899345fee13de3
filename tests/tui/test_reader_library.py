"""The reader keeps its parse in the library: reopening an article does not run spaCy again."""
from __future__ import annotations

from corpus.article import Article
from corpus.library import Library
from services import parser_process
from tui.app import QuotelensApp
from tui.commands.import_articles import ImportReport
from tui.widgets.article_header import ArticleHeader
from tui.widgets.speaker_list import SpeakerList

from .conftest import SIZE, notices
from .test_reader import open_parsed, option_texts


def refuse_to_parse(*args, **kwargs):
    raise AssertionError("the parser ran although the library holds a parse")


async def read_once(article, model, library, reparse=False):
    app = QuotelensApp(article, model=model, library=library, reparse=reparse)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_parsed(app, pilot)
        return [s.speaker_name for s in screen.statements], option_texts(screen.query_one(SpeakerList))


async def test_first_reading_saves_the_parse_in_the_library(seed, model, tmp_path):
    with Library.open(tmp_path / "lib") as library:
        library.add_article(seed)
        names, _ = await read_once(seed, model, library)
        stored = library.statements(seed.id)
        assert [r["speaker_name"] for r in stored] == names
        assert all(r["status"] == "predicted" and r["model"].startswith(model) for r in stored)
        assert library.entry(seed.id).model.startswith(f"{model}-")


async def test_reopening_shows_the_stored_statements_without_parsing(
    seed, stub_parser, tmp_path, monkeypatch
):
    with Library.open(tmp_path / "lib") as library:
        library.add_article(seed)
        first, _ = await read_once(seed, stub_parser, library)
    monkeypatch.setattr(parser_process.PARSER, "parse", refuse_to_parse)
    with Library.open(tmp_path / "lib") as library:
        again, speakers = await read_once(seed, stub_parser, library)
    assert again == first and any("Lindqvist" in s for s in speakers)


async def test_rejected_statements_stay_shown(seed, stub_parser, tmp_path):
    with Library.open(tmp_path / "lib") as library:
        library.add_article(seed)
        first, _ = await read_once(seed, stub_parser, library)
        rejected = library.statements(seed.id)[0]
        library.update_statement(seed.id, rejected["id"], {"status": "rejected"})
        again, _ = await read_once(seed, stub_parser, library)
    assert len(again) == len(first)


async def test_reparse_runs_the_parser_again(seed, stub_parser, tmp_path, monkeypatch):
    calls = []
    real_parse = parser_process.PARSER.parse

    def counting_parse(*args, **kwargs):
        calls.append(1)
        return real_parse(*args, **kwargs)

    with Library.open(tmp_path / "lib") as library:
        library.add_article(seed)
        await read_once(seed, stub_parser, library)
        monkeypatch.setattr(parser_process.PARSER, "parse", counting_parse)
        await read_once(seed, stub_parser, library)
        assert calls == []
        await read_once(seed, stub_parser, library, reparse=True)
        assert calls == [1]


async def test_read_only_library_is_said_on_screen(seed, stub_parser, tmp_path):
    with Library.open(tmp_path / "lib") as writer:
        writer.add_article(seed)
        with Library.open(tmp_path / "lib") as second:
            assert second.readonly
            app = QuotelensApp(seed, model=stub_parser, library=second)
            async with app.run_test(size=SIZE) as pilot:
                await open_parsed(app, pilot)
                notes = [n.title for n in notices(app)]
                assert "Library is read-only" in notes


async def test_read_only_header_counts_the_library_without_the_unstored_article(
    seed, stub_parser, tmp_path
):
    other = Article("Ferry quay opens", "“It is open,” the harbour master said on Monday.", "ferry.txt")
    with Library.open(tmp_path / "lib") as writer:
        writer.add_article(other)
        quote = other.text.index("“It is open,”")
        writer.save_parse(other.id, [{"id": "q1", "kind": "direct", "quote": [
            {"start": quote, "end": quote + 13, "text": "“It is open,”"}]}], "test-model")  # fmt: skip
        with Library.open(tmp_path / "lib") as second:
            assert second.readonly and seed.id not in second
            app = QuotelensApp(seed, model=stub_parser, library=second)
            async with app.run_test(size=SIZE) as pilot:
                screen = await open_parsed(app, pilot)
                progress = str(screen.query_one(ArticleHeader).render()).splitlines()[1]
                assert f"reviewed 0/{len(screen.statements)}" in progress
                assert "library 0/1 " in progress  # the library's one statement, not this article's


def test_import_summary_words_single_counts():
    report = ImportReport(added=1, parsed=1, annotated=1, statements=1, errors=1)
    assert report.summary() == (
        "imported: 1 new article, 1 pre-annotated, 1 statement imported into 1 article, 1 error"
    )
