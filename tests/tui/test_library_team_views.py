"""The library screen for a team: the stats screen (S, or the palette), the Datasets column,
the order by review need (O) and re-annotating with the current model (palette)."""
from __future__ import annotations

import pytest
from textual.widgets import Sparkline, Static

from corpus.article import Article
from corpus.library import Library
from services.library_stats import format_stats, library_stats
from tui.app import QuotelensApp
from tui.screens.library import LibraryScreen
from tui.screens.stats import StatsScreen
from tui.widgets.article_table import ArticleTable

from .. import stub_parser as stub
from .conftest import footer_keys, notices

WIDE = (140, 32)


def text_of(*quotes: str) -> str:
    return " ".join(f"“{q},” said Ana Berg." for q in quotes)


def suggestions(text: str, confidences: list[float | None]) -> list[dict]:
    """The text's quotes as model suggestions with these confidences."""
    found, start = [], 0
    for confidence in confidences:
        start = text.index("“", start)
        end = text.index("”", start) + 1
        found.append({"quote": [{"start": start, "end": end, "text": text[start:end]}], "cue": None, "speaker": None,
                      "speaker_name": None, "kind": "direct", "confidence": confidence})  # fmt: skip
        start = end
    return found


@pytest.fixture
def library(tmp_path):
    """Alpha (train): 3 suggestions, confidence 0.2, 0.3, 0.9 (need 1.6). Bravo: one at 0.5
    (need 0.5). Charlie (dev): one ana accepted, one without confidence (need 1.0). Added
    in that order, so newest first is Charlie, Bravo, Alpha."""
    with Library.open(tmp_path / "lib", annotator="ana") as lib:
        ids = {}
        for title, quotes, confidences in [
            ("Alpha", ["One", "Two", "Three"], [0.2, 0.3, 0.9]),
            ("Bravo", ["Four"], [0.5]),
            ("Charlie", ["Five", "Six"], [0.4, None]),
        ]:
            text = text_of(*quotes)
            aid = lib.add_article(Article(title=title, text=text, source=f"{title.lower()}.txt")).id
            saved = lib.save_parse(aid, suggestions(text, confidences), "old-1")
            ids[title] = aid
        lib.update_statement(ids["Charlie"], saved[0]["id"], {"status": "accepted"}, "ana")
        lib.add_to_dataset([ids["Alpha"]], "train")
        lib.add_to_dataset([ids["Charlie"]], "dev")
        yield lib, ids


def titles(app: QuotelensApp) -> list[str]:
    table = app.screen.query_one(ArticleTable)
    return [entry.title for entry in table.shown]


def status_line(app: QuotelensApp) -> str:
    return str(app.screen.query_one("#library-status", Static).render())


async def palette(pilot, command: str) -> None:
    await pilot.press("ctrl+p")
    await pilot.press(*command)
    await pilot.pause(0.3)
    await pilot.press("enter")
    await pilot.pause()


# stats ------------------------------------------------------------------------------------


async def test_stats_key_shows_the_librarys_figures(library):
    lib, _ = library
    app = QuotelensApp(None, "m", library=lib, annotator="ana")
    async with app.run_test(size=WIDE) as pilot:
        assert footer_keys(app.screen)["S"] == "Stats"
        await pilot.press("S")
        await app.workers.wait_for_complete()
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, StatsScreen)
        shown = str(screen.query_one("#stats-tables", Static).render())
        assert "articles: 3 · statements: 6 · reviewed: 1" in shown
        rows = {line.split()[0]: line.split()[1:] for line in shown.splitlines() if line.strip()}
        assert rows["predicted"] == ["5"] and rows["accepted"] == ["1"]
        assert rows["ana"] == ["1", "1", "1"]
        assert rows["train"] == ["1", "3", "0"] and rows["dev"] == ["1", "2", "1"]
        assert shown == format_stats(library_stats(lib))  # the same figures as `quotelens stats`
        assert screen.query_one(Sparkline).data == [1]  # one day, one review
        await pilot.press("escape")
        assert isinstance(app.screen, LibraryScreen)


async def test_d_counts_one_dataset_after_another_then_all(library):
    lib, _ = library
    app = QuotelensApp(None, "m", library=lib, annotator="ana")
    async with app.run_test(size=WIDE) as pilot:
        await pilot.press("S")
        await app.workers.wait_for_complete()
        for dataset, articles in [("dev", 1), ("train", 1), (None, 3)]:
            await pilot.press("d")
            await app.workers.wait_for_complete()
            await pilot.pause()
            header = str(app.screen.query_one("#stats-header", Static).render())
            shown = str(app.screen.query_one("#stats-tables", Static).render())
            assert (f"dataset {dataset}" if dataset else "all articles") in header
            where = None if dataset is None else lambda entry, name=dataset: name in entry.datasets
            assert shown == format_stats(library_stats(lib, where))  # as `quotelens stats --dataset`
            assert f"articles: {articles} ·" in shown


async def test_stats_are_in_the_command_palette(library):
    lib, _ = library
    app = QuotelensApp(None, "m", library=lib, annotator="ana")
    async with app.run_test(size=WIDE) as pilot:
        await palette(pilot, "Library stats")
        assert isinstance(app.screen, StatsScreen)


# datasets column ---------------------------------------------------------------------------


def cells(app: QuotelensApp, title: str) -> list[str]:
    table = app.screen.query_one(ArticleTable)
    row = [e.title for e in table.shown].index(title)
    return [str(cell) for cell in table.get_row_at(row)]


async def test_library_shows_each_articles_datasets(library):
    lib, _ = library
    app = QuotelensApp(None, "m", library=lib, annotator="ana")
    async with app.run_test(size=WIDE) as pilot:
        await pilot.pause()
        table = app.screen.query_one(ArticleTable)
        assert [c.label.plain for c in table.columns.values()] == [
            "Title", "Statements", "Reviewed", "Status", "Added", "Datasets", "Source"]  # fmt: skip
        assert cells(app, "Alpha")[5] == "train" and cells(app, "Charlie")[5] == "dev"
        assert cells(app, "Bravo")[5] == "—"


async def test_datasets_fit_an_80_column_terminal(library):
    lib, _ = library
    app = QuotelensApp(None, "m", library=lib, annotator="ana")
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        table = app.screen.query_one(ArticleTable)
        names = [c.label.plain for c in table.columns.values()]
        assert "Datasets" in names and "Added" not in names  # the date gives way to the sets
        assert cells(app, "Alpha")[names.index("Datasets")] == "train"
        assert table.virtual_size.width <= table.size.width  # no sideways scrolling


async def test_no_datasets_column_when_no_article_is_in_one(tmp_path):
    with Library.open(tmp_path / "lib") as lib:
        lib.add_article(Article(title="Solo", text=text_of("Hi"), source="solo.txt"))
        app = QuotelensApp(None, "m", library=lib, annotator="ana")
        async with app.run_test(size=WIDE) as pilot:
            await pilot.pause()
            names = [c.label.plain for c in app.screen.query_one(ArticleTable).columns.values()]
            assert "Datasets" not in names


# order by review need ----------------------------------------------------------------------


async def test_order_key_cycles_newest_need_and_title(library):
    lib, _ = library
    app = QuotelensApp(None, "m", library=lib, annotator="ana")
    async with app.run_test(size=WIDE) as pilot:
        await pilot.pause()
        assert footer_keys(app.screen)["O"] == "Order"
        assert titles(app) == ["Charlie", "Bravo", "Alpha"]
        assert status_line(app).startswith("Newest first")
        await pilot.press("O")
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert titles(app) == ["Alpha", "Charlie", "Bravo"]  # needs 1.6, 1.0, 0.5
        assert status_line(app).startswith("Most review needed first")
        await pilot.press("O")
        assert titles(app) == ["Alpha", "Bravo", "Charlie"]
        assert status_line(app).startswith("By title")
        await pilot.press("O")
        assert titles(app) == ["Charlie", "Bravo", "Alpha"]


async def test_review_need_order_follows_new_reviews(library):
    """Accepting Alpha's two least sure statements leaves it 0.1 to review: last."""
    lib, ids = library
    app = QuotelensApp(None, "m", library=lib, annotator="ana")
    async with app.run_test(size=WIDE) as pilot:
        await pilot.press("O")
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert titles(app)[0] == "Alpha"
        for record in lib.statements(ids["Alpha"])[:2]:
            lib.update_statement(ids["Alpha"], record["id"], {"status": "accepted"}, "ana")
        app.screen.on_screen_resume()  # as when the reader closes
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert titles(app) == ["Charlie", "Bravo", "Alpha"]  # 1.0, 0.5, 0.1


# re-annotate -------------------------------------------------------------------------------


@pytest.fixture
def stub_pipeline(monkeypatch) -> str:
    """``reparse_library``'s pipeline replaced by the stub parser; the model name."""
    import services.training

    monkeypatch.setattr("annotators.pipeline.load_pipeline", lambda model=None: object())
    monkeypatch.setattr("annotators.pipeline.extract", lambda nlp, text: stub.find_statements(text))
    monkeypatch.setattr(services.training, "model_label", lambda nlp: stub.MODEL)
    return stub.MODEL


async def test_reannotate_from_the_palette_keeps_every_human_decision(library, stub_pipeline):
    lib, ids = library
    lib.set_article_status(ids["Bravo"], "done")
    accepted = next(r for r in lib.statements(ids["Charlie"]) if r["status"] == "accepted")
    app = QuotelensApp(None, stub_pipeline, library=lib, annotator="ana")
    async with app.run_test(size=WIDE) as pilot:
        await palette(pilot, "Re-annotate unreviewed articles")
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert not app.screen.query_one("#library-progress").has_class("-running")
        assert notices(app)[-1].message == (
            f"Re-annotated 2 articles with {stub.MODEL}; every reviewed statement kept."
        )
    assert lib.entry(ids["Alpha"]).model == stub.MODEL
    assert lib.entry(ids["Bravo"]).model == "old-1"  # marked done: left as it was
    assert {r["model"] for r in lib.statements(ids["Alpha"])} == {stub.MODEL}
    kept = lib.statement(ids["Charlie"], accepted["id"], "ana")
    assert (kept["status"], kept["quote"]) == ("accepted", accepted["quote"])


async def test_reannotate_shows_progress_without_freezing(library, stub_pipeline, monkeypatch):
    """While the worker parses, the screen answers keys and the progress bar counts."""
    import threading

    lib, _ = library
    gate = threading.Event()

    def slow(nlp, text):
        gate.wait(5)
        return stub.find_statements(text)

    monkeypatch.setattr("annotators.pipeline.extract", slow)
    app = QuotelensApp(None, stub_pipeline, library=lib, annotator="ana")
    async with app.run_test(size=WIDE) as pilot:
        await palette(pilot, "Re-annotate unreviewed articles")
        await pilot.pause(0.3)
        screen = app.screen
        assert screen.query_one("#library-progress").has_class("-running")
        assert "Re-annotating" in str(screen.query_one("#library-progress-label", Static).render())
        await pilot.press("O")  # the UI still answers
        assert status_line(app).startswith("Most review needed first")
        gate.set()
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert not screen.query_one("#library-progress").has_class("-running")


async def test_reannotate_with_a_missing_model_says_why_and_changes_nothing(library, monkeypatch):
    from annotators.models import ModelNotFound

    def missing(model=None):
        raise ModelNotFound("no-such-model: not an installed spaCy package nor a model folder")

    monkeypatch.setattr("annotators.pipeline.load_pipeline", missing)
    lib, ids = library
    app = QuotelensApp(None, "no-such-model", library=lib, annotator="ana")
    async with app.run_test(size=WIDE) as pilot:
        await palette(pilot, "Re-annotate unreviewed articles")
        await app.workers.wait_for_complete()
        await pilot.pause()
        last = notices(app)[-1]
        assert (last.title, last.severity) == ("Not re-annotated", "error")
        assert "no-such-model" in last.message
        assert not app.screen.query_one("#library-progress").has_class("-running")
    assert lib.entry(ids["Alpha"]).model == "old-1"
