"""Export from the command palette: the dialog, the worker, the file, the notification."""
from __future__ import annotations

from pathlib import Path

import orjson
import pytest
from textual.command import CommandPalette
from textual.widgets import Checkbox, Input, Select

from corpus.article import Article, article_id
from corpus.library import Library
from tui.app import QuotelensApp
from tui.screens.export_dialog import ExportDialog
from tui.screens.library import LibraryScreen

from ..cli.test_export_cmd import statement
from .conftest import SIZE
from .conftest import notices as sent
from .test_reader import open_parsed, wait_until

MARKET = (
    "The covered market will stay open until nine on Fridays, the town hall said on Monday.\n\n"
    "“Our stallholders asked for this for years,” said market manager Ines Baptiste. "
    "Some shoppers said they would rather see lower prices."
)
TRAM = "The tram line to the hospital opens in June, the transport board said on Wednesday."


@pytest.fixture
def library(tmp_path):
    """Two articles: three reviewed statements, one suggestion and one rejected statement."""
    market = [
        statement(MARKET, "m-ines", "“Our stallholders asked for this for years,”", "accepted"),
        statement(MARKET, "m-prices", "they would rather see lower prices", "corrected"),
        statement(MARKET, "m-open", "The covered market will stay open until nine", "predicted"),
        statement(MARKET, "m-wrong", "on Fridays", "rejected"),
    ]
    tram = [statement(TRAM, "t-june", "The tram line to the hospital opens in June", "added")]
    with Library.open(tmp_path / "lib") as lib:
        for text, title, statements in ((MARKET, "Market hours", market), (TRAM, "Tram", tram)):
            lib.import_article(
                {"id": article_id(text), "title": title, "text": text, "source": "", "meta": {}},
                statements,
            )
        yield lib


def notices(app) -> list[tuple[str, str]]:
    return [(n.message, n.severity) for n in sent(app)]


def exported_ids(path: Path) -> list[list[str]]:
    """Statement ids per exported article (jsonl)."""
    lines = path.read_bytes().splitlines()
    return [[s["id"] for s in orjson.loads(line)["statements"]] for line in lines]


async def run_palette_command(app, pilot, search: str) -> None:
    """ctrl+p, type ``search``, choose the first match."""
    await pilot.press("ctrl+p")
    await wait_until(pilot, lambda: isinstance(app.screen, CommandPalette))
    await pilot.press(*search)
    await wait_until(pilot, lambda: app.screen.query_one("CommandList").option_count > 0)
    await pilot.pause(0.1)  # let the search finish so the best match is highlighted
    await pilot.press("enter")
    await wait_until(pilot, lambda: isinstance(app.screen, ExportDialog))


async def open_dialog(app, pilot) -> ExportDialog:
    await run_palette_command(app, pilot, "export")
    return app.screen


async def submit(app, pilot, dialog: ExportDialog, path: Path) -> None:
    """Set the output path, press enter in it and wait for the export to finish."""
    field = dialog.query_one("#export-path", Input)
    field.value = str(path)
    field.focus()
    await pilot.press("enter")
    await pilot.pause()
    await app.workers.wait_for_complete()
    await pilot.pause()


async def test_palette_export_writes_the_reviewed_statements_and_says_so(library, tmp_path):
    out = tmp_path / "out.jsonl"
    app = QuotelensApp(None, model="unused", library=library)
    async with app.run_test(size=SIZE) as pilot:
        dialog = await open_dialog(app, pilot)
        await submit(app, pilot, dialog, out)
        assert isinstance(app.screen, LibraryScreen)  # dialog and progress view are gone
        message = f"Exported 3 statements from 2 articles to {out}"
        assert (message, "information") in notices(app)
    assert sorted(exported_ids(out)) == [["m-ines", "m-prices"], ["t-june"]]


async def test_the_dialog_fits_80_by_24_and_scrolls_to_the_export_button(library, tmp_path):
    app = QuotelensApp(None, model="unused", library=library)
    async with app.run_test(size=(80, 24)) as pilot:
        dialog = await open_dialog(app, pilot)
        box = dialog.query_one("#export-dialog")
        assert box.region.right <= 80 and box.region.bottom <= 24
        button = dialog.query_one("#export-run")
        button.focus()
        await pilot.pause()
        assert box.region.contains_region(button.region)  # scrolled into view, whole
        force = dialog.query_one("#export-force", Checkbox)
        assert force.region.right <= box.region.right  # the label is not cut by the border


async def test_status_checkboxes_and_rejected_switch_choose_the_statements(library, tmp_path):
    out = tmp_path / "out.jsonl"
    app = QuotelensApp(None, model="unused", library=library)
    async with app.run_test(size=SIZE) as pilot:
        dialog = await open_dialog(app, pilot)
        dialog.query_one("#export-status-accepted", Checkbox).value = False
        dialog.query_one("#export-status-added", Checkbox).value = False
        dialog.query_one("#export-status-predicted", Checkbox).value = True
        dialog.query_one("#export-rejected", Checkbox).value = True
        await submit(app, pilot, dialog, out)
    assert exported_ids(out) == [["m-open", "m-wrong", "m-prices"]]


async def test_changing_the_format_changes_the_default_name_but_not_a_typed_one(library):
    app = QuotelensApp(None, model="unused", library=library)
    async with app.run_test(size=SIZE) as pilot:
        dialog = await open_dialog(app, pilot)
        field, choice = dialog.query_one("#export-path", Input), dialog.query_one(Select)
        assert field.value == "./quotelens-export.jsonl"
        for fmt, name in (("csv", "./quotelens-export.csv"), ("spacy", "./quotelens-export-spacy")):
            choice.value = fmt
            await pilot.pause()
            assert field.value == name
        field.value = "/data/mine.txt"
        choice.value = "markdown"
        await pilot.pause()
        assert field.value == "/data/mine.txt"


async def test_no_status_chosen_keeps_the_dialog_open_and_says_why(library, tmp_path):
    app = QuotelensApp(None, model="unused", library=library)
    async with app.run_test(size=SIZE) as pilot:
        dialog = await open_dialog(app, pilot)
        for box in dialog.query(Checkbox):
            box.value = False
        await submit(app, pilot, dialog, tmp_path / "out.jsonl")
        assert app.screen is dialog
        assert "at least one status" in str(dialog.query_one("#export-error").render())
    assert not (tmp_path / "out.jsonl").exists()


@pytest.mark.parametrize("where", ["missing folder", "existing folder"])
async def test_unwritable_path_is_one_error_notification(library, tmp_path, where):
    target = tmp_path / "missing" / "out.jsonl" if where == "missing folder" else tmp_path
    app = QuotelensApp(None, model="unused", library=library)
    async with app.run_test(size=SIZE) as pilot:
        dialog = await open_dialog(app, pilot)
        await submit(app, pilot, dialog, target)
        errors = [m for m, severity in notices(app) if severity == "error"]
        assert isinstance(app.screen, LibraryScreen)
    assert len(errors) == 1 and str(target) in errors[0]
    assert "\n" not in errors[0] and "Traceback" not in errors[0]
    assert not (tmp_path / "missing").exists()


async def test_escape_cancels_without_writing(library, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    app = QuotelensApp(None, model="unused", library=library)
    async with app.run_test(size=SIZE) as pilot:
        await open_dialog(app, pilot)
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, LibraryScreen)
        assert not [m for m, _ in notices(app) if m.startswith("Exported")]
    assert list(tmp_path.iterdir()) == [tmp_path / "lib"]


async def test_reader_exports_only_the_open_article(library, stub_parser, tmp_path):
    out = tmp_path / "market.jsonl"
    market = library.article(article_id(MARKET)).to_article()
    app = QuotelensApp(market, model=stub_parser, library=library)
    async with app.run_test(size=SIZE) as pilot:
        await open_parsed(app, pilot)
        await run_palette_command(app, pilot, "this article")
        dialog = app.screen
        assert dialog.query_one("#export-only-article", Checkbox).value is True
        await submit(app, pilot, dialog, out)
        assert f"Exported 2 statements from 1 article to {out}" in [m for m, _ in notices(app)]
    assert exported_ids(out) == [["m-ines", "m-prices"]]


def test_an_article_outside_the_library_is_not_offered_alone(library, stub_parser):
    app = QuotelensApp(
        Article("Loose page", TRAM + " More.", "page.txt"), model=stub_parser, library=library
    )
    titles = [c.title for c in app.export_commands(app.reader(app.article))]
    assert titles == ["Export annotations…"]


async def test_checkbox_states_show_without_colour(library):
    app = QuotelensApp(None, model="unused", library=library)
    async with app.run_test(size=SIZE) as pilot:
        dialog = await open_dialog(app, pilot)
        rejected = dialog.query_one("#export-rejected", Checkbox)
        assert str(rejected.render()) == "▐ ▌ Include rejected statements "
        rejected.value = True
        await pilot.pause()
        assert str(rejected.render()).startswith("▐X▌")
        assert str(dialog.query_one("#export-status-accepted", Checkbox).render()).startswith("▐X▌")


async def test_a_file_that_is_not_an_export_is_kept_unless_replace_is_ticked(library, tmp_path):
    out = tmp_path / "notes.txt"
    out.write_text("my own notes\n", encoding="utf-8")
    app = QuotelensApp(None, model="unused", library=library)
    async with app.run_test(size=SIZE) as pilot:
        await submit(app, pilot, await open_dialog(app, pilot), out)
        [(message, severity)] = notices(app)
        assert severity == "error" and "not an earlier quotelens output" in message
        assert out.read_text(encoding="utf-8") == "my own notes\n"
        dialog = await open_dialog(app, pilot)
        dialog.query_one("#export-force", Checkbox).value = True
        await submit(app, pilot, dialog, out)
    assert sorted(exported_ids(out)) == [["m-ines", "m-prices"], ["t-june"]]


async def test_palette_export_to_brat_writes_a_folder_that_imports_back(library, tmp_path):
    from corpus.brat_import import read_brat

    out = tmp_path / "brat"
    app = QuotelensApp(None, model="unused", library=library)
    async with app.run_test(size=SIZE) as pilot:
        dialog = await open_dialog(app, pilot)
        dialog.query_one(Select).value = "brat"
        await pilot.pause()
        assert dialog.query_one("#export-path", Input).value == "./quotelens-export-brat"
        await submit(app, pilot, dialog, out)
        assert (f"Exported 3 statements from 2 articles to {out}", "information") in notices(app)
    assert sorted(p.suffix for p in out.iterdir()) == [".ann", ".ann", ".conf", ".txt", ".txt"]
    assert sorted(len(item.statements) for item in read_brat(out)) == [1, 2]
