"""The quotelens Textual app: opens an article in the reader, where it is annotated."""
from __future__ import annotations

from collections import deque
from collections.abc import Iterable
from dataclasses import replace

from textual import on, work
from textual.app import App, SystemCommand
from textual.binding import Binding
from textual.notifications import Notification, Notify
from textual.screen import ModalScreen, Screen
from textual.widgets._toast import ToastRack

from corpus.article import Article
from corpus.export.from_library import export_library
from corpus.library import Library
from services.parser_process import PARSER
from services.wording import plural
from tui.config import Config, ConfigError, check_key_ids, check_theme, load_config, save_setting
from tui.keymap import check_keymap
from tui.screens.confirm import ConfirmScreen
from tui.screens.export_dialog import (
    ArticleChoice,
    ExportDialog,
    ExportProgressScreen,
    ExportRequest,
)
from tui.screens.help import HelpScreen, KeyRow, key_rows
from tui.screens.import_path import ImportPathScreen
from tui.screens.library import LibraryScreen
from tui.screens.note_editor import NoteEditor
from tui.screens.reader import ReaderScreen
from tui.screens.review import ReviewScreen
from tui.screens.speaker_assign import SpeakerAssign
from tui.screens.speaker_picker import SpeakerPicker
from tui.screens.speakers import SpeakersScreen
from tui.screens.stats import StatsScreen
from tui.screens.version_edit import VersionEdit
from tui.widgets.article_view import ArticleView
from tui.widgets.search_bar import SearchBar

#: Every class whose bindings the keymap may remap (for checking the config's binding ids).
BINDING_OWNERS = (ReaderScreen, ArticleView, SearchBar, HelpScreen, SpeakerPicker,
                  SpeakerAssign, NoteEditor, LibraryScreen, ConfirmScreen,
                  ImportPathScreen, ExportDialog, ExportProgressScreen, ReviewScreen,
                  SpeakersScreen, StatsScreen, VersionEdit)  # fmt: skip


class QuotelensApp(App[None]):
    """Read articles, see who said what, and correct it: the library, then the reader."""

    CSS_PATH = "quotelens.tcss"
    TITLE = "quotelens"
    BINDINGS = [
        Binding("question_mark", "help", "Keys", tooltip="Show every key", id="app.help"),
        Binding("q", "quit", "Quit", tooltip="Quit quotelens (also ctrl+q)", id="app.quit"),
    ]

    def __init__(
        self,
        article: Article | None,
        model: str,
        library: Library | None = None,
        reparse: bool = False,
        annotator: str | None = None,
        config: Config | None = None,
        **kwargs,
    ) -> None:
        """Open ``article`` in the reader, or with ``article=None`` the library screen.

        ``annotator`` (else the config's, else the library's default) is written on every
        change; ``config`` defaults to the user's config file (ConfigError if it is wrong)."""
        super().__init__(**kwargs)
        self.article = article
        self.model = model
        self.library = library
        self.reparse = reparse
        self.config = config if config is not None else load_config()
        check_config(self.config)
        check_theme(self.config, set(self.available_themes))
        self.annotator = annotator or self.config.annotator
        self.set_keymap(self.config.keys)
        self._slots: deque[str | None] = deque()  # the slot of each notice not yet shown
        self._in_slot: dict[str, Notification] = {}  # the notice on screen in each slot
        if self.config.theme is not None:
            self.theme = self.config.theme
        if article is not None:
            self.sub_title = article.title
            PARSER.start(model)  # spaCy loads in the parser process while the interface starts

    def notify(self, message: str, *, markup: bool = False, slot: str | None = None, **kwargs) -> None:
        """Notifications carry article text, names and paths: never parse them as markup.

        A notice with a ``slot`` replaces the one still shown in the same slot, so a burst
        of edits shows one notice that changes, not a stack."""
        self._slots.append(slot)
        super().notify(message, markup=False, **kwargs)

    def on_notify(self, event: Notify) -> None:
        """Textual has just added a notice and will show it: if it is in a slot, the notice
        it replaces goes in the same redraw (never beside it)."""
        slot = self._slots.popleft() if self._slots else None
        if slot is None:
            return
        previous = self._in_slot.get(slot)
        self._in_slot[slot] = event.notification
        if previous is not None:  # Textual has no public call to withdraw one notice
            self._unnotify(previous, refresh=False)
            # Textual would take away its toast but leave the toast's holder (a blank line
            # that pushes the next notices down): take both
            self.screen.query(f"#{ToastRack._toast_id(previous)}").remove()

    def watch_theme(self, theme: str) -> None:
        """Remember a theme chosen in the command palette."""
        if theme != self.config.theme and self.is_running:
            self.remember("theme", theme)

    def remember(self, name: str, value: str | bool) -> None:
        """Keep a setting the user changed in the app (theme, panels) in the config file;
        when it cannot be written, say so once and go on."""
        self.config = replace(self.config, **{name: value})
        if self.config.path is None:
            return
        try:
            save_setting(self.config.path, name, value)
        except ConfigError as exc:
            self.notify(str(exc), title="Setting not saved", severity="warning", timeout=8)

    def on_mount(self) -> None:
        """Open the article over the library screen (escape goes back to it); say what the
        user must know before reading: decoding, read-only, damaged files."""
        if self.article is not None and self.library is not None:
            self.push_screen(self.reader(self.article, self.reparse))
        for warning in self.article.warnings if self.article else ():
            self.notify(warning, title="Article", severity="warning", timeout=10)
        if self.library is None or self.article is None:
            return  # the library screen shows the library's state itself
        if self.library.readonly:
            self.notify(self.library.readonly_reason or "read-only", title="Library is read-only",
                        severity="warning", timeout=12)
        for warning in self.library.warnings:
            self.notify(warning, title="Library", severity="warning", timeout=12)

    def get_default_screen(self) -> Screen:
        if self.library is not None:
            return LibraryScreen(self.library, self.model)
        return self.reader(self.article, self.reparse)

    def reader(self, article: Article, reparse: bool = False, open_at: str | None = None) -> ReaderScreen:
        """A reader screen on ``article`` with this app's library, annotator and labels
        (``open_at``: a statement id to select)."""
        screen = ReaderScreen(
            article, self.model, self.library, reparse,
            annotator=self.annotator, labels=self.config.labels, open_at=open_at,
        )  # fmt: skip
        screen.session.advance = self.config.advance
        return screen

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """No q (quit) or ? (keys) in a dialog: there the keys type, choose or close; ctrl+q
        still quits."""
        return not (action in ("quit", "help") and isinstance(self.screen, ModalScreen))

    @on(LibraryScreen.OpenReview)
    def open_review(self, event: LibraryScreen.OpenReview) -> None:
        """Open the review screen on the article chosen on the library screen."""
        self.push_screen(ReviewScreen(self.library, event.article_id, self.annotator))

    @on(LibraryScreen.OpenArticle)
    def open_article(self, event: LibraryScreen.OpenArticle) -> None:
        """Open the article chosen on the library screen in the reader."""
        article = self.library.article(event.article_id).to_article()
        self.push_screen(self.reader(article))

    def action_speakers(self) -> None:
        """The speakers screen: every speaker of the library and their quotes."""
        if self.library is not None:
            self.push_screen(SpeakersScreen(self.library))

    def action_stats(self) -> None:
        """The stats screen: the library's figures (as ``quotelens stats``)."""
        if self.library is not None:
            self.push_screen(StatsScreen(self.library))

    @on(SpeakersScreen.OpenQuote)
    def open_quote(self, event: SpeakersScreen.OpenQuote) -> None:
        """Open a quote chosen on the speakers screen: its article, that statement selected."""
        article = self.library.article(event.article_id).to_article()
        self.push_screen(self.reader(article, open_at=event.statement_id))

    def action_help(self) -> None:
        """Show every key in force (after the config's remapping) and the label set."""
        screen = self.screen
        reading = isinstance(screen, ReaderScreen)
        labels = dict(enumerate(screen.labels, 1)) if reading else {}
        nodes = (screen, screen.query_one(ArticleView) if reading else screen.focused, self)
        rows: list[KeyRow] = []
        for node in filter(None, nodes):
            for action, keys, text, ids in key_rows(self, node):
                if action.startswith("toggle_label("):
                    number = int(action.removeprefix("toggle_label(").rstrip(")"))
                    if number not in labels:
                        continue
                    text = f"Toggle the label “{labels[number]}”"
                rows.append(KeyRow(keys, text, ids))
        rows.append(KeyRow("ctrl+q", "Quit, always"))
        if reading:
            rows += [
                KeyRow("tab, shift+tab", "Move between the text and the panels"),
                KeyRow("enter", "In a panel: jump to the statement, or filter by the speaker"),
                KeyRow("mouse drag", "Select text (then q: statement, C: cue)"),
            ]
        rows.append(KeyRow("^p", "Command palette: every command by name"))
        self.push_screen(HelpScreen(rows))

    def get_system_commands(self, screen: Screen) -> Iterable[SystemCommand]:
        if isinstance(screen, ReaderScreen):
            yield from screen.palette_commands()
            yield SystemCommand("Show every key", "key: ?", self.action_help)
        yield from self.export_commands(screen)
        yield from self.review_commands(screen)
        yield from self.library_commands(screen)
        yield from super().get_system_commands(screen)

    def library_commands(self, screen: Screen) -> Iterable[SystemCommand]:
        """"Library stats" wherever there is a library; "Re-annotate…" on the library screen."""
        if self.library is None:
            return
        yield SystemCommand(
            "Library stats",
            "Statements by status, label, annotator and dataset; reviews per day",
            self.action_stats,
        )
        if isinstance(screen, LibraryScreen) and not self.library.readonly:
            yield SystemCommand(
                "Re-annotate unreviewed articles",
                f"Pre-annotate the articles not marked done again with {self.model}; "
                "every reviewed statement is kept",
                screen.start_reannotate,
            )

    def review_commands(self, screen: Screen) -> Iterable[SystemCommand]:
        """"Review disagreements" of the reader's article or the library's selected one."""
        if self.library is None:
            return
        if isinstance(screen, ReaderScreen) and screen.article.id in self.library:
            article_id = screen.article.id
        elif isinstance(screen, LibraryScreen) and screen.selected_id is not None:
            article_id = screen.selected_id
        else:
            return
        yield SystemCommand(
            "Review disagreements",
            "Walk the statements where annotators disagree and choose the gold version",
            lambda: self.push_screen(ReviewScreen(self.library, article_id, self.annotator)),
        )

    # -- export (command palette) -------------------------------------------------------

    def export_commands(self, screen: Screen) -> Iterable[SystemCommand]:
        """"Export annotations…" on the library and reader screens (there also: this article)."""
        if self.library is None or not isinstance(screen, (LibraryScreen, ReaderScreen)):
            return
        article = None
        if isinstance(screen, ReaderScreen) and screen.article.id in self.library:
            article = ArticleChoice(screen.article.id, screen.article.title)
        yield SystemCommand(
            "Export annotations…",
            "Write the library's reviewed statements as jsonl, prodigy, spacy, csv or markdown",
            lambda: self.open_export_dialog(article),
        )
        if article is not None:
            yield SystemCommand(
                "Export this article's annotations…",
                f"Write the reviewed statements of “{article.title}” only",
                lambda: self.open_export_dialog(article, only_article=True),
            )

    def open_export_dialog(self, article: ArticleChoice | None, only_article: bool = False) -> None:
        """Ask what to export, then export it in a thread worker with a progress view."""
        if any(w.group == "export" and w.is_running for w in self.workers):
            self.notify("An export is already running.", severity="warning")
            return

        def chosen(request: ExportRequest | None) -> None:
            if request is not None:
                progress = ExportProgressScreen(request.path)
                self.push_screen(progress)
                self.run_export(request, progress)

        self.push_screen(ExportDialog(article, only_article), chosen)

    @work(thread=True, exclusive=True, group="export", exit_on_error=False)
    def run_export(self, request: ExportRequest, view: ExportProgressScreen) -> None:
        """Export off the UI thread; progress goes to ``view``, the result to a notification."""
        shown = -1  # the last percentage posted: at most about a hundred progress messages

        def progress(done: int, total: int) -> None:
            nonlocal shown
            percent = 100 * done // total if total else 100
            if percent != shown:
                shown = percent
                view.post_message(ExportProgressScreen.Progressed(done, total))

        try:
            summary = export_library(
                self.library, request.fmt, request.path, request.filter, progress, request.force
            )
        except Exception as exc:  # ExportError and any other failure: one line, no traceback
            message = " ".join(str(exc).split()) or type(exc).__name__
            self.call_from_thread(self.export_done, view, None, message)
            return
        done = (
            f"Exported {plural(summary.statements, 'statement')} from "
            f"{plural(summary.articles, 'article')} to {request.path}"
        )
        for problem in summary.invalid:
            self.call_from_thread(self.notify, problem, title="Left out", severity="warning", timeout=15)
        if summary.invalid:
            done += f"; {plural(len(summary.invalid), 'invalid statement')} left out"
        self.call_from_thread(self.export_done, view, done, None)

    def export_done(self, view: ExportProgressScreen, done: str | None, error: str | None) -> None:
        """Close the progress view and say what was exported, or why nothing was."""
        if view.is_active:
            view.dismiss()
        if error is not None:
            self.notify(error, title="Export failed", severity="error", timeout=15)
        else:
            self.notify(done, title="Export")


def check_config(config: Config) -> None:
    """ConfigError if the config's ``[keys]`` names unknown bindings or makes key conflicts."""
    check_key_ids(config, binding_ids())
    check_keymap(config.keys, config.path, binding_groups())


def binding_groups() -> list[tuple[type, ...]]:
    """Classes whose bindings are live together: the app with each screen or dialog (the
    reader with its article view)."""
    groups = [(QuotelensApp, owner) for owner in BINDING_OWNERS]
    return [*groups, (QuotelensApp, ReaderScreen, ArticleView)]


def binding_ids() -> set[str]:
    """The ids of every binding the config's ``[keys]`` may remap."""
    ids = {b.id for b in QuotelensApp.BINDINGS if isinstance(b, Binding) and b.id}
    for owner in BINDING_OWNERS:
        ids |= {b.id for b in owner.BINDINGS if isinstance(b, Binding) and b.id}
    return ids
