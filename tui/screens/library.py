"""The library: every article with its statements and review progress; open, import, delete.

Importing runs in a thread worker (``import_path``) that reads, adds and pre-annotates one
article at a time (services.article_import) and posts its progress back to the screen; so
does re-annotating the articles not marked done with the current model (``reannotate``,
services.training.reparse_library, from the command palette). ``O`` cycles the order:
newest first, most in need of review first (services.review_need, measured in a worker),
by title.
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
from services.review_need import by_need, review_needs
from services.wording import plural
from tui.screens.confirm import ConfirmScreen
from tui.screens.import_path import ImportPathScreen
from tui.widgets.article_table import ArticleTable
from tui.widgets.key_footer import KeyFooter
from tui.widgets.search_bar import SearchBar

# The keys the status line names (as bound now, remaps included), and what each does.
LISTED_KEYS = (("select_cursor", "open"), ("import", "import"), ("delete", "delete"), ("search", "search"),
               ("cycle_order", "order"))  # fmt: skip
# The footer's first keys (the rest follow while they fit; ? lists all): at 80 columns, the
# order and stats keys give way to quit (the status line names the order key).
FOOTER_ORDER = ["select_cursor", "import", "delete", "search", "app.speakers", "app.quit"]
# The orders ``O`` cycles through, and how the status line names each.
ORDERS = {"newest": "Newest first", "need": "Most review needed first", "title": "By title"}


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
        Binding("O", "cycle_order", "Order", tooltip="Order: newest, most review needed, title",
                id="library.order"),
        Binding("S", "app.stats", "Stats", tooltip="The library's figures: statuses, labels, "
                "annotators, datasets, reviews per day", id="library.stats"),
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

    class ReannotateFinished(Message):
        """The re-annotation is done (``parsed`` articles) or failed (``error``, one line)."""

        def __init__(self, parsed: int | None, error: str | None = None) -> None:
            super().__init__()
            self.parsed = parsed
            self.error = error

    def __init__(self, library: Library, model: str | None) -> None:
        super().__init__()
        self.library = library
        self.model = model
        self.query_text = ""
        self.warned = 0  # library warnings already shown
        self.last_folder = ""  # where the import dialog starts next time
        self.order = "newest"
        self.needs: dict[str, float] | None = None  # review need per article (None: not measured)

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
        """Back from the reader: counts, statuses and review needs may have changed."""
        if self.is_mounted:
            if self.order == "need":
                self.measure_needs()
            self.show_articles()
            self.show_warnings()

    # -- showing the library ------------------------------------------------------------

    def show_articles(self) -> None:
        """Fill the table (filtered by the search), the header and the status line."""
        entries = self.library.articles()
        table = self.query_one(ArticleTable)
        shown = table.show(self.ordered(entries), self.query_text)
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
            order = ORDERS[self.order] + (" (measuring…)" if self.order == "need" and self.needs is None else "")
            status = " · ".join([order, *(f"{key} {word}" for key, word in hints if key)])
            if self.library.readonly:
                status += " · read-only: import and delete are off"
        self.query_one("#library-status", Static).update(status)

    def footer_order(self) -> list[str]:
        """The actions the footer shows first."""
        return FOOTER_ORDER

    def ordered(self, entries: list[ArticleEntry]) -> list[ArticleEntry]:
        """The entries in the chosen order (by need: newest first until measured)."""
        newest = sorted(entries, key=lambda e: (e.added, e.id), reverse=True)
        if self.order == "need" and self.needs is not None:
            return by_need(newest, self.needs)
        if self.order == "title":
            return sorted(newest, key=lambda e: " ".join(e.title.split()).casefold())
        return newest

    def action_cycle_order(self) -> None:
        """Next order: newest first → most review needed first → by title."""
        names = list(ORDERS)
        self.order = names[(names.index(self.order) + 1) % len(names)]
        if self.order == "need":
            self.measure_needs()
        self.show_articles()

    @work(thread=True, exclusive=True, group="needs", exit_on_error=False)
    def measure_needs(self) -> None:
        """Measure every article's review need off the UI thread, then sort by it (the
        previous figures, if any, stand until then)."""
        worker = get_current_worker()
        needs = review_needs(self.library, self.app_annotator, lambda: worker.is_cancelled)
        if not worker.is_cancelled:
            self.app.call_from_thread(self.needs_measured, needs)

    def needs_measured(self, needs: dict[str, float]) -> None:
        """Show the new review needs, if the table is still ordered by them."""
        self.needs = needs
        if self.order == "need":
            self.show_articles()

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
        if self.busy():
            self.notify("An import or a re-annotation is already running.", severity="warning")
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
        if self.order == "need":
            self.measure_needs()
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

    # -- re-annotate (command palette) ---------------------------------------------------

    def busy(self) -> bool:
        """True while an import or a re-annotation runs (one at a time)."""
        return any(w.group == "import" and w.is_running for w in self.workers)

    def start_reannotate(self) -> None:
        """Pre-annotate again, with the app's model, every article not marked done; every
        statement a person reviewed stays (Library.save_parse)."""
        if self.library.readonly:
            self.action_refuse("re-annotate")
            return
        if self.busy():
            self.notify("An import or a re-annotation is already running.", severity="warning")
            return
        self.query_one("#library-progress").add_class("-running")
        self.query_one(ProgressBar).update(total=None, progress=0)
        self.query_one("#library-progress-label", Static).update(f"Loading {self.model}…")
        self.reannotate()

    @work(thread=True, exclusive=True, group="import", exit_on_error=False)
    def reannotate(self) -> None:
        """Re-annotate off the UI thread (services.training.reparse_library), posting progress
        after each article; a cancelled worker stops after the article in hand."""
        from services.training import reparse_library  # spaCy and LightGBM: only when asked

        worker = get_current_worker()

        def progress(entries, **options):
            total = len(entries)
            for done, entry in enumerate(entries):
                if worker.is_cancelled:
                    return
                self.post_message(self.ImportProgress(done, total, f"Re-annotating “{entry.title}”"))
                yield entry
            self.post_message(self.ImportProgress(total, total, "Re-annotated"))

        try:
            parsed = reparse_library(self.library, self.model, progress)
        except Exception as exc:  # a failing model or store must reach the user, not the log
            message = " ".join(str(exc).split()) or type(exc).__name__
            self.post_message(self.ReannotateFinished(None, message))
            return
        self.post_message(self.ReannotateFinished(parsed))

    @on(ReannotateFinished)
    def reannotate_finished(self, event: ReannotateFinished) -> None:
        self.query_one("#library-progress").remove_class("-running")
        if self.order == "need":
            self.measure_needs()
        self.show_articles()
        self.show_warnings()
        if event.parsed is None:
            self.notify(event.error or "re-annotation failed", title="Not re-annotated", severity="error")
        elif event.parsed == 0:
            self.notify(f"Every article not marked done is already annotated by {self.model}.",
                        title="Re-annotate")  # fmt: skip
        else:
            self.notify(f"Re-annotated {plural(event.parsed, 'article')} with {self.model}; "
                        "every reviewed statement kept.", title="Re-annotate")  # fmt: skip
