"""The library screen: listing, importing (file or folder), deleting, searching, opening."""
from __future__ import annotations

import time
from pathlib import Path

import pytest
from textual.app import App

from corpus.article import Article
from corpus.library import Library
from tui.screens.confirm import ConfirmScreen
from tui.screens.import_path import ImportPathScreen
from tui.screens.library import LibraryScreen
from tui.widgets.article_table import ArticleTable

from .conftest import notices as sent

STYLESHEET = Path(__file__).parents[2] / "tui" / "quotelens.tcss"
SIZE = (140, 32)

FERRY = (
    "Harbour council backs new ferry quay\n\n"
    "The harbour council voted on Monday to build a second ferry quay. \u201cThis is the "
    "biggest change to the port in forty years,\u201d said council leader Mara Lind. "
    "Fishermen were less sure. \u201cWe have heard promises like this before,\u201d said "
    "Tomas Berg, who chairs the local cooperative.\n"
)
LUNCH = (
    "# Schools extend free lunches to all pupils\n\n"
    "Every pupil in the district will get a free lunch from September, the education board "
    "said on Thursday. \u201cNo child should learn on an empty stomach,\u201d board chair Priya "
    "Nand told reporters.\n"
)
BRIDGE = (
    "Old bridge to close for repairs\n\n"
    "The old river bridge will close for six weeks from May. \u201cThe steel is tired and we "
    "cannot wait another winter,\u201d said city engineer Jonas Wik.\n"
)


class Host(App[None]):
    """A bare app showing the library screen; remembers the articles it was asked to open."""

    CSS_PATH = STYLESHEET

    def __init__(self, library: Library, model: str | None = None) -> None:
        super().__init__()
        self.library = library
        self.model = model
        self.opened: list[str] = []

    def on_mount(self) -> None:
        self.push_screen(LibraryScreen(self.library, self.model))

    def on_library_screen_open_article(self, message: LibraryScreen.OpenArticle) -> None:
        self.opened.append(message.article_id)


@pytest.fixture
def library(private_library):
    with Library.open() as lib:
        yield lib


@pytest.fixture
def news(tmp_path) -> Path:
    """A folder of three small articles (.txt, .md and one in a subfolder)."""
    folder = tmp_path / "news"
    (folder / "older").mkdir(parents=True)
    (folder / "ferry-quay.txt").write_text(FERRY, encoding="utf-8")
    (folder / "free-lunch.md").write_text(LUNCH, encoding="utf-8")
    (folder / "older" / "bridge.txt").write_text(BRIDGE, encoding="utf-8")
    return folder


def add(library: Library, *articles: Article) -> list:
    """Add the articles one after the other (distinct ``added`` times) and their entries."""
    entries = []
    for article in articles:
        entries.append(library.add_article(article))
        time.sleep(0.002)
    return entries


def shown_titles(app: App) -> list[str]:
    table = app.screen.query_one(ArticleTable)
    return [str(table.get_row_at(i)[0]) for i in range(table.row_count)]


def notices(app: App) -> list[str]:
    return [n.message for n in sent(app)]


def type_path(app: App, path: Path | str) -> None:
    """Fill the import dialog's field (typing a long tmp path key by key is slow)."""
    app.screen.query_one("#import-path").value = str(path)


async def import_path(app: App, pilot, path: Path) -> None:
    await pilot.press("i")
    await pilot.pause()
    assert isinstance(app.screen, ImportPathScreen)
    type_path(app, path)
    await pilot.press("enter")
    await pilot.pause()
    await app.workers.wait_for_complete()
    await pilot.pause()


async def test_list_shows_articles_newest_first_with_counts(library):
    _, lunch = add(library, Article("Quay works begin", FERRY, "quay.txt"),
                   Article("Free lunches", LUNCH, "lunch.md"))
    library.save_parse(lunch.id, [], "test-model")
    app = Host(library)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        table = app.screen.query_one(ArticleTable)
        assert shown_titles(app) == ["Free lunches", "Quay works begin"]
        assert str(table.get_row_at(0)[1]) == "0"
        assert str(table.get_row_at(1)[2]) == "not parsed"


async def test_import_folder_adds_and_parses_each_article(library, news, nlp):
    app = Host(library)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await import_path(app, pilot, news)
        assert isinstance(app.screen, LibraryScreen)
        assert sorted(shown_titles(app)) == [
            "Harbour council backs new ferry quay",
            "Old bridge to close for repairs",
            "Schools extend free lunches to all pupils",
        ]
        entries = library.articles()
        assert len(entries) == 3 and all(e.model for e in entries)
        ferry = next(e for e in entries if e.title.startswith("Harbour"))
        assert ferry.statements >= 2
        assert str(app.screen.query_one(ArticleTable).get_row(ferry.id)[1]) == str(ferry.statements)
        assert any(m.startswith("Imported 3 articles: 3 new, 3 pre-annotated") for m in notices(app))


async def test_import_again_skips_articles_already_parsed(library, news, nlp):
    app = Host(library)
    async with app.run_test(size=SIZE) as pilot:
        await import_path(app, pilot, news / "ferry-quay.txt")
        await import_path(app, pilot, news)
        assert len(library.articles()) == 3
        assert any("2 new, 2 pre-annotated, 1 already in the library" in m for m in notices(app))


async def test_bad_file_in_folder_is_reported_and_others_imported(library, news, nlp):
    (news / "empty.txt").write_text("   \n", encoding="utf-8")
    (news / "binary.html").write_bytes(b"\x00\x01\x02\x00" * 50)
    app = Host(library)
    async with app.run_test(size=SIZE) as pilot:
        await import_path(app, pilot, news)
        assert len(library.articles()) == 3
        errors = [m for m in notices(app) if "empty.txt" in m or "binary.html" in m]
        assert len(errors) == 2 and all("\n" not in m for m in errors)
        assert any("2 could not be read" in m for m in notices(app))


async def test_import_dialog_refuses_a_missing_path(library, tmp_path):
    app = Host(library)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("i")
        type_path(app, tmp_path / "nowhere")
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, ImportPathScreen)
        assert "no such file or folder" in str(app.screen.query_one("#import-error").render())
        await pilot.press("escape")
        assert isinstance(app.screen, LibraryScreen)


async def test_import_dialog_completes_a_folder_name(library, news):
    app = Host(library)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("i")
        type_path(app, news / "f")
        await pilot.press("r")
        await pilot.pause(0.2)
        await pilot.press("tab")
        assert app.screen.query_one("#import-path").value == str(news / "free-lunch.md")


async def test_delete_after_confirming_removes_the_article(library):
    entry = library.add_article(Article("Quay works begin", FERRY, "quay.txt"))
    app = Host(library)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("d")
        assert isinstance(app.screen, ConfirmScreen)
        await pilot.press("y")
        await pilot.pause()
        assert entry.id not in library
        assert shown_titles(app) == []


async def test_delete_cancelled_keeps_the_article(library):
    entry = library.add_article(Article("Quay works begin", FERRY, "quay.txt"))
    app = Host(library)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("d")
        assert isinstance(app.screen, ConfirmScreen)
        await pilot.press("escape")
        await pilot.pause()
        assert entry.id in library
        assert shown_titles(app) == ["Quay works begin"]


async def test_search_filters_by_title_or_source_and_escape_clears(library):
    library.add_article(Article("Quay works begin", FERRY, "harbour/quay.txt"))
    library.add_article(Article("Free lunches", LUNCH, "schools/lunch.md"))
    library.add_article(Article("Bridge closes", BRIDGE, "city/bridge.txt"))
    app = Host(library)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("slash", *"LUNCH")
        assert shown_titles(app) == ["Free lunches"]
        await pilot.press("ctrl+a", "ctrl+k", *"city")  # a source folder, not in any title
        assert shown_titles(app) == ["Bridge closes"]
        await pilot.press("escape")
        assert len(shown_titles(app)) == 3


async def test_enter_opens_the_article_under_the_cursor(library):
    quay, _ = add(library, Article("Quay works begin", FERRY, "quay.txt"),
                  Article("Free lunches", LUNCH, "lunch.md"))
    app = Host(library)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("down", "enter")
        await pilot.pause()
        assert app.opened == [quay.id]


async def test_readonly_library_refuses_import_and_says_why(library):
    library.add_article(Article("Quay works begin", FERRY, "quay.txt"))
    with Library.open(library.root) as second:
        assert second.readonly
        app = Host(second)
        async with app.run_test(size=SIZE) as pilot:
            await pilot.press("i")
            await pilot.pause()
            assert isinstance(app.screen, LibraryScreen)
            assert any(m.startswith("Cannot import:") and "read-only" in m for m in notices(app))
            header = str(app.screen.query_one("#library-header").render())
            assert "Read-only" in header
            await pilot.press("d")
            assert isinstance(app.screen, LibraryScreen)
            assert len(second.articles()) == 1


async def test_store_warnings_are_notified(library):
    library.warnings.append("index.json: damaged; moved aside")
    app = Host(library)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert "index.json: damaged; moved aside" in notices(app)


@pytest.mark.model
async def test_import_with_a_missing_model_reports_it_and_keeps_the_articles(library, news):
    app = Host(library, model="no_such_model_xyz")
    async with app.run_test(size=SIZE) as pilot:
        await import_path(app, pilot, news / "ferry-quay.txt")
        assert any("no_such_model_xyz" in m and "not installed" in m for m in notices(app))
        assert [e.model for e in library.articles()] == [None]
        assert not app.screen.query_one("#library-progress").has_class("-running")


async def test_cursor_stays_in_place_after_a_delete(library):
    add(library, *(Article(f"Story {n}", f"Body of story number {n}.", f"{n}.txt") for n in range(4)))
    app = Host(library)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("down", "down", "d", "y")
        await pilot.pause()
        assert shown_titles(app) == ["Story 3", "Story 2", "Story 0"]
        assert app.screen.query_one(ArticleTable).cursor_row == 2


LONG_TITLE = (
    "Harbour council backs a second ferry quay after a long night of questions from "
    "fishermen and ferry crews"
)


@pytest.mark.parametrize(("width", "title_cells"), [(120, 39), (160, 70)])
async def test_title_column_takes_the_free_width(library, width, title_cells):
    add(library, Article(LONG_TITLE, FERRY, "/news/harbour-council-second-ferry-quay.txt"))
    app = Host(library)
    async with app.run_test(size=(width, 30)) as pilot:
        await pilot.pause()
        table = app.screen.query_one(ArticleTable)
        title, source = str(table.get_row_at(0)[0]), str(table.get_row_at(0)[5])
        used = sum(column.get_render_width(table) for column in table.columns.values())
        assert title.endswith("…") and len(title) >= title_cells
        assert len(source) >= 19 and source.startswith("harbour-council-sec")
        room = table.size.width - table.styles.scrollbar_size_vertical
        assert room - 3 <= used <= room  # a cut title may lose the space before its …


async def test_counts_in_the_header_and_delete_question_are_worded_for_one(library):
    (entry,) = add(library, Article("Quay works begin", FERRY, "quay.txt"))
    quote = "\u201cWe have heard promises like this before,\u201d"
    start = library.article(entry.id).text.index(quote)
    library.save_parse(entry.id, [{"id": "q1", "kind": "direct", "quote": [
        {"start": start, "end": start + len(quote), "text": quote}]}], "test-model")  # fmt: skip
    app = Host(library)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert "1 article ·" in str(app.screen.query_one("#library-header").render())
        await pilot.press("d")
        await pilot.pause()
        assert isinstance(app.screen, ConfirmScreen)
        assert "Its 1 statement and" in str(app.screen.question)


async def test_readonly_library_footer_offers_no_import_or_delete(library):
    library.add_article(Article("Quay works begin", FERRY, "quay.txt"))
    with Library.open(library.root) as second:
        app = Host(second)
        async with app.run_test(size=SIZE) as pilot:
            await pilot.pause()
            shown = {b.action for _, b, enabled, _ in app.screen.active_bindings.values() if b.show and enabled}
            assert "select_cursor" in shown and not {"import", "delete"} & shown
    app = Host(library)  # the writable library offers both
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        shown = {b.action for _, b, enabled, _ in app.screen.active_bindings.values() if b.show and enabled}
        assert {"import", "delete"} <= shown


async def test_at_80_columns_every_column_fits_and_long_sources_end_in_an_ellipsis(library):
    source = "/home/reporter/archive/2026/november/harbour-council-ferry-quay-vote-story.txt"
    library.add_article(Article("Harbour council backs new ferry quay after a long night of debate", FERRY, source))
    app = Host(library)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        table = app.screen.query_one(ArticleTable)
        header, row = table.render_line(0).text.rstrip(), table.render_line(1).text.rstrip()
        assert header.endswith("Source") and len(row) <= table.size.width
        assert row.endswith("…") and "harbour" in row and "Harbour council" in row


async def test_status_line_names_the_keys_in_force_after_a_remap(library):
    library.add_article(Article("Quay works begin", FERRY, "quay.txt"))
    app = Host(library)
    async with app.run_test(size=SIZE) as pilot:
        app.set_keymap({"library.import": "I", "library.search": "f"})
        app.screen.show_articles()
        await pilot.pause()
        status = str(app.screen.query_one("#library-status").render())
        assert "I import" in status and "f search" in status and "i import" not in status
