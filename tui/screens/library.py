"""The library: every article with its statements and review progress; open, import, delete.

Importing runs in a thread worker (``import_path``) that reads, adds and pre-annotates one
article at a time (services.article_import) and posts its progress back to the screen.
"""
from __future__ import annotations

from pathlib import Path

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal
from textual.content import Content
from textual.message import Message
from textual.screen import Screen
from textual.widgets import DataTable, Input, ProgressBar, Static
from textual.worker import get_current_worker

from corpus.errors import QuotelensError
from corpus.library import ArticleEntry, Library
from services.annotation_queue import next_article
from services.article_import import ImportOutcome, article_files, import_articles
from services.wording import plural
from tui.screens.confirm import ConfirmScreen
from tui.screens.import_path import ImportPathScreen
from tui.widgets.article_table import ArticleTable
from tui.widgets.key_footer import KeyFooter
from tui.widgets.search_bar import SearchBar

# The keys the status line names (as bound now, remaps included), and what each does.
LISTED_KEYS = (("select_cursor", "open"), ("import", "import"), ("delete", "delete"), ("search", "search"))


class LibraryScreen(Screen[None]):
    """The articles of a library; enter opens one (posts ``OpenArticle`` for the app)."""

    BINDINGS = [
        Binding("i", "import", "Import", tooltip="Import an article file or a folder",
                id="library.import"),
        Binding("d", "delete", "Delete", tooltip="Delete the article (asks first)",
                id="library.delete"),
        # In a read-only library the two above leave the footer; their keys say why instead.
        Binding("i", "refuse('import')", "Import", show=False, id="library.import"),
        Binding("d", "refuse('delete')", "Delete", show=False, id="library.delete"),
        Binding("o", "open_next", "Next for me", show=False,
                tooltip="Open the next article you have not marked done", id="library.next"),
        Binding("R", "review", "Review", show=False,
                tooltip="Review the article's disagreements between annotators", id="library.review"),
        Binding("slash", "search", "Search", tooltip="Filter by title or source",
                id="library.search"),
        Binding("s", "app.speakers", "Speakers", tooltip="Every speaker of the library and their quotes",
                id="library.speakers"),
        Binding("escape", "clear_search", "Clear search", show=False,
                tooltip="Show every article again", id="library.clear_search"),
    ]

    class OpenReview(Message):
        """Open the review screen on an article."""

        def __init__(self, article_id: str) -> None:
            super().__init__()
            self.article_id = article_id

    class OpenArticle(Message):
        """The user chose an article to read and annotate."""

        def __init__(self, article_id: str) -> None:
            super().__init__()
            self.article_id = article_id

    class ImportProgress(Message):
        """The import worker has done ``done`` of ``total`` files; ``label`` says what now."""

        def __init__(self, done: int, total: int, label: str) -> None:
            super().__init__()
            self.done = done
            self.total = total
            self.label = label

    class ImportFinished(Message):
        """The import worker is done (``outcome``) or failed (``error``, one line)."""

        def __init__(self, outcome: ImportOutcome | None, error: str | None = None) -> None:
            super().__init__()
            self.outcome = outcome
            self.error = error

    def __init__(self, library: Library, model: str | None) -> None:
        super().__init__()
        self.library = library
        self.model = model
        self.query_text = ""
        self.warned = 0  # library warnings already shown
        self.last_folder = ""  # where the import dialog starts next time

    # -- layout -------------------------------------------------------------------------

    def compose(self) -> ComposeResult:
        yield Static(id="library-header", markup=False)
        yield ArticleTable(id="articles")
        yield Static(id="library-empty", markup=False)
        yield SearchBar(placeholder="Filter by title or source…", id="library-search")
        with Horizontal(id="library-progress"):
            yield Static(id="library-progress-label", markup=False)
            yield ProgressBar(id="library-progress-bar", show_eta=False)
        yield Static(id="library-status", markup=False)
        yield KeyFooter()

    def on_mount(self) -> None:
        self.show_articles()
        self.query_one(ArticleTable).focus()
        self.show_warnings()

    def on_screen_resume(self) -> None:
        """Back from the reader: counts and statuses may have changed."""
        if self.is_mounted:
            self.show_articles()
            self.show_warnings()

    # -- showing the library ------------------------------------------------------------

    def show_articles(self) -> None:
        """Fill the table (filtered by the search), the header and the status line."""
        entries = self.library.articles()
        table = self.query_one(ArticleTable)
        shown = table.show(entries, self.query_text)
        self.query_one("#library-header", Static).update(self.header(entries))
        empty = self.query_one("#library-empty", Static)
        if not entries:
            empty.update(
                "No articles yet. Press i to import an article file (.txt, .md, .html) or a "
                "folder of them."
            )
        elif not shown:
            empty.update(f"No article title or source contains “{self.query_text}”.")
        empty.display = not shown
        table.display = bool(shown)
        if self.query_text:
            status = (
                f"{shown} of {plural(len(entries), 'article')} "
                f"match{'es' if shown == 1 else ''} “{self.query_text}” · escape shows all"
            )
        else:
            hints = [(self.key_for(action), word) for action, word in LISTED_KEYS]
            status = " · ".join(["Newest first", *(f"{key} {word}" for key, word in hints if key)])
            if self.library.readonly:
                status += " · read-only: import and delete are off"
        self.query_one("#library-status", Static).update(status)

    def key_for(self, action: str) -> str:
        """How the key bound to ``action`` here is shown, after any remap ("" if none is)."""
        for active in self.active_bindings.values():
            if active.binding.action == action and active.enabled:
                return self.app.get_key_display(active.binding)
        return ""

    def header(self, entries: list[ArticleEntry]) -> Content:
        """Library folder and totals; the read-only reason on a second line if any."""
        total = sum(e.statements for e in entries)
        done = sum(e.reviewed for e in entries)
        articles = plural(len(entries), "article")
        line = Content.assemble(
            ("Library", "bold $accent"),
            "  ",
            (str(self.library.root), "$text-muted"),
            "    ",
            (articles, "bold"),
            " · ",
            (f"{done}/{total}", "bold"),
            " statements reviewed",
        )
        if self.library.readonly:
            reason = f"Read-only: {self.library.readonly_reason}"
            line = Content("\n").join([line, Content.styled(reason, "bold $text-warning")])
        return line

    def show_warnings(self) -> None:
        """Notify the store warnings (damaged files moved aside…) not shown yet."""
        for warning in self.library.warnings[self.warned:]:
            self.notify(warning, title="Library", severity="warning", timeout=12)
        self.warned = len(self.library.warnings)

    # -- open (enter in the table: ArticleTable's ``library.open`` binding) -------------

    @on(DataTable.RowSelected, "#articles")
    def row_chosen(self, event: DataTable.RowSelected) -> None:
        event.stop()
        self.post_message(self.OpenArticle(event.row_key.value))

    # -- search -------------------------------------------------------------------------

    def action_search(self) -> None:
        bar = self.query_one(SearchBar)
        bar.add_class("-open")
        bar.focus()

    @on(Input.Changed, "#library-search")
    def filter_rows(self, event: Input.Changed) -> None:
        event.stop()
        self.query_text = event.value.strip()
        self.show_articles()

    @on(Input.Submitted, "#library-search")
    def search_done(self, event: Input.Submitted) -> None:
        event.stop()
        self.query_one(SearchBar).remove_class("-open")
        self.query_one(ArticleTable).focus()

    @on(SearchBar.Closed)
    def search_closed(self, event: SearchBar.Closed) -> None:
        event.stop()
        self.action_clear_search()

    def action_clear_search(self) -> None:
        bar = self.query_one(SearchBar)
        bar.remove_class("-open")
        bar.value = ""
        self.query_text = ""
        self.show_articles()
        self.query_one(ArticleTable).focus()

    # -- delete -------------------------------------------------------------------------

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """Import and delete only in a writable library; elsewhere their keys explain."""
        if action in ("import", "delete"):
            return not self.library.readonly
        if action == "refuse":
            return self.library.readonly
        return True

    @property
    def selected_id(self) -> str | None:
        """The id of the article under the cursor (None: the table is empty)."""
        return self.query_one(ArticleTable).selected_id

    def action_open_next(self) -> None:
        article_id = next_article(self.library, self.app_annotator)
        if article_id is None:
            self.notify("Every article is marked done by you (or skipped).", title="Library")
        else:
            self.post_message(self.OpenArticle(article_id))

    @property
    def app_annotator(self) -> str | None:
        """The annotator the app writes as (None: the library's default)."""
        return getattr(self.app, "annotator", None)

    def action_review(self) -> None:
        if self.selected_id is not None:
            self.post_message(self.OpenReview(self.selected_id))

    def action_delete(self) -> None:
        article_id = self.query_one(ArticleTable).selected_id
        if article_id is None:
            return
        entry = self.library.entry(article_id)
        question = (
            f"Delete “{entry.title}” from the library?\n"
            f"Its {plural(entry.statements, 'statement')} and their edit history are removed; "
            f"the file {entry.source} is not touched."
        )

        def answered(yes: bool | None) -> None:
            if yes:
                self.delete(article_id, entry.title)

        self.app.push_screen(ConfirmScreen(question, "Delete article", "Delete"), answered)

    def delete(self, article_id: str, title: str) -> None:
        try:
            self.library.delete_article(article_id)
        except QuotelensError as exc:
            self.notify(str(exc), title="Not deleted", severity="error")
        else:
            self.notify(f"Deleted “{title}”.", title="Library")
        self.show_articles()

    # -- import -------------------------------------------------------------------------

    def action_refuse(self, what: str) -> None:
        """Tell the user why nothing can change: the library is read-only."""
        self.notify(
            f"Cannot {what}: {self.library.readonly_reason}", title="Read-only", severity="warning"
        )

    def action_import(self) -> None:
        if any(w.group == "import" and w.is_running for w in self.workers):
            self.notify("An import is already running.", severity="warning")
            return

        def chosen(path: Path | None) -> None:
            if path is not None:
                self.start_import(path)

        self.app.push_screen(ImportPathScreen(self.last_folder), chosen)

    def start_import(self, path: Path) -> None:
        """Show the progress bar and start the worker on ``path``."""
        self.last_folder = str(path if path.is_dir() else path.parent).rstrip("/") + "/"
        files = article_files(path)
        if not files:
            self.notify(
                f"{path}: no article files (.txt, .md, .html) in this folder",
                title="Nothing imported",
                severity="error",
            )
            return
        self.query_one("#library-progress").add_class("-running")
        self.query_one(ProgressBar).update(total=len(files), progress=0)
        self.import_path(files)

    @work(thread=True, exclusive=True, group="import", exit_on_error=False)
    def import_path(self, files: list[str]) -> ImportOutcome | None:
        """Import the files off the UI thread, posting progress and the outcome."""
        worker = get_current_worker()
        total = len(files)

        def progress(done: int, label: str) -> None:
            self.post_message(self.ImportProgress(done, total, label))

        try:
            outcome = import_articles(
                self.library, files, self.model, progress, lambda: worker.is_cancelled
            )
        except Exception as exc:  # a failing model or store must reach the user, not the log
            message = " ".join(str(exc).split()) or type(exc).__name__
            self.post_message(self.ImportFinished(None, message))
            return None
        self.post_message(self.ImportFinished(outcome))
        return outcome

    @on(ImportProgress)
    def import_progressed(self, event: ImportProgress) -> None:
        self.query_one(ProgressBar).update(total=event.total, progress=event.done)
        self.query_one("#library-progress-label", Static).update(
            f"{event.label}  ({event.done}/{event.total} done)"
        )
        self.show_articles()

    @on(ImportFinished)
    def import_finished(self, event: ImportFinished) -> None:
        self.query_one("#library-progress").remove_class("-running")
        self.show_articles()
        self.show_warnings()
        if event.outcome is None:
            self.notify(event.error or "import failed", title="Import failed", severity="error")
            return
        outcome = event.outcome
        for error in outcome.errors:
            self.notify(error, title="Not imported", severity="error", timeout=15)
        for note in outcome.notes:
            self.notify(note, title="Imported with a warning", severity="warning")
        self.notify(outcome.summary(), title="Import")
