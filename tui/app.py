"""The quotelens Textual app: opens an article in the reader."""
from __future__ import annotations

from collections.abc import Iterable

from textual.app import App, SystemCommand
from textual.binding import Binding
from textual.screen import Screen

from corpus.article import Article
from corpus.library import Library
from tui.screens.help import HelpScreen, key_rows
from tui.screens.reader import ReaderScreen
from tui.screens.statement_source import PARSER
from tui.widgets.article_view import ArticleView


class QuotelensApp(App[None]):
    """Read one article and see who said what."""

    CSS_PATH = "quotelens.tcss"
    TITLE = "quotelens"
    BINDINGS = [
        Binding("question_mark", "help", "Keys", tooltip="Show every key", id="app.help"),
        Binding("q", "quit", "Quit", tooltip="Quit quotelens", id="app.quit"),
    ]

    def __init__(
        self,
        article: Article,
        model: str,
        library: Library | None = None,
        reparse: bool = False,
        **kwargs,
    ) -> None:
        super().__init__(**kwargs)
        self.article = article
        self.model = model
        self.library = library
        self.reparse = reparse
        self.sub_title = article.title
        PARSER.start(model)  # spaCy loads in the parser process while the interface starts

    def on_mount(self) -> None:
        """Say what the user must know before reading: decoding, read-only, damaged files."""
        for warning in self.article.warnings:
            self.notify(warning, title="Article", severity="warning", timeout=10)
        if self.library is None:
            return
        if self.library.readonly:
            self.notify(self.library.readonly_reason or "read-only", title="Library is read-only",
                        severity="warning", timeout=12)
        for warning in self.library.warnings:
            self.notify(warning, title="Library", severity="warning", timeout=12)

    def get_default_screen(self) -> Screen:
        return ReaderScreen(self.article, self.model, self.library, self.reparse)

    def action_help(self) -> None:
        """Show every key of the current screen, the article view and the app."""
        rows = key_rows(self, self.screen._bindings)
        rows += key_rows(self, self.screen.query_one(ArticleView)._bindings)
        rows += key_rows(self, self._bindings)
        rows += [
            ("", "tab, shift+tab", "Move between the text and the panels"),
            ("", "enter", "In a panel: jump to the statement, or filter by the speaker"),
            ("", "^p", "Command palette: every command by name"),
        ]
        self.push_screen(HelpScreen([(keys, text) for _, keys, text in rows]))

    def get_system_commands(self, screen: Screen) -> Iterable[SystemCommand]:
        if isinstance(screen, ReaderScreen):
            yield from screen.palette_commands()
            yield SystemCommand("Show every key", "key: ?", self.action_help)
        yield from super().get_system_commands(screen)
