"""The reader: the article with its statements marked, a statements panel and a speakers panel.

The text shows at once; statements arrive from a thread worker (``parse_statements``) that calls
``load_statements`` — the one place that knows where statements come from.
"""
from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

from textual import on, work
from textual.app import ComposeResult, SystemCommand
from textual.binding import Binding
from textual.color import Color
from textual.containers import Horizontal, Vertical
from textual.content import Content
from textual.message import Message
from textual.screen import Screen
from textual.widgets import Footer, Input, LoadingIndicator, OptionList, Static
from textual.widgets.option_list import Option
from textual.worker import get_current_worker

from annotators.statement import Statement
from corpus.article import Article
from corpus.library import Library
from corpus.store_errors import ReadOnlyLibraryError
from corpus.text import paragraphs
from tui.clipboard import citation, copy_text
from tui.screens.help import key_rows
from tui.screens.speaker_picker import SpeakerPicker
from tui.screens.statement_source import PARSER, LoadedStatements, ParseCancelled
from tui.widgets.article_header import ArticleHeader
from tui.widgets.article_view import ArticleView
from tui.widgets.search_bar import SearchBar
from tui.widgets.speaker_list import SpeakerList
from tui.widgets.statement_labels import (
    speaker_colours,
    speaker_counts,
    speaker_key,
    speaker_label,
)
from tui.widgets.statement_list import StatementList


@dataclass
class SearchState:
    """The current search: query, pattern, current match and number of matches."""

    query: str
    pattern: re.Pattern[str]
    count: int
    match: tuple[int, int] | None = None


class ReaderScreen(Screen[None]):
    """Read one article and step through who said what."""

    BINDINGS = [
        Binding("n", "next_statement", "Next", tooltip="Next statement", id="reader.next"),
        Binding("j", "next_statement", "Next", show=False, tooltip="Next statement",
                id="reader.next_alt"),
        Binding("p", "previous_statement", "Previous", tooltip="Previous statement",
                id="reader.previous"),
        Binding("k", "previous_statement", "Previous", show=False, tooltip="Previous statement",
                id="reader.previous_alt"),
        Binding("slash", "search", "Search", tooltip="Search the text (enter: next match)",
                id="reader.search"),
        Binding("s", "filter_speaker", "Speaker",
                tooltip="Show one speaker's statements (again: everyone's)", id="reader.filter"),
        Binding("c", "copy_quote", "Copy",
                tooltip="Copy the selected quote with its attribution", id="reader.copy"),
    ]

    class StatementsLoaded(Message):
        """The worker has the article's statements."""

        def __init__(self, loaded: LoadedStatements) -> None:
            super().__init__()
            self.loaded = loaded

    class StatementsFailed(Message):
        """The worker could not produce statements; ``error`` is one line for the user."""

        def __init__(self, error: str) -> None:
            super().__init__()
            self.error = error

    def __init__(
        self,
        article: Article,
        model: str,
        library: Library | None = None,
        reparse: bool = False,
    ) -> None:
        super().__init__()
        self.article = article
        self.model = model
        self.library = library
        self.reparse = reparse
        self.loaded: LoadedStatements | None = None
        self.statements: list[Statement] = []
        self.colours: dict[str, Color] = {}
        self.failure: str | None = None
        self.selected: int | None = None
        self.speaker_filter: str | None = None
        self.search: SearchState | None = None

    # -- layout -------------------------------------------------------------------------

    def compose(self) -> ComposeResult:
        yield ArticleHeader(self.article, f"parsing with {self.model}…", id="header")
        with Horizontal(id="body"):
            yield ArticleView(self.article.text, paragraphs(self.article.text), id="article")
            with Vertical(id="sidebar"):
                yield SpeakerList(id="speakers")
                yield LoadingIndicator(id="parsing")
                yield StatementList(id="statements")
        yield SearchBar(placeholder="Search the article…", id="search")
        yield Static(id="status", markup=False)
        yield Footer()

    def on_mount(self) -> None:
        waiting = f"Parsing with {self.model}…"
        self.query_one(SpeakerList).border_title = "Speakers"
        self.query_one(SpeakerList).set_options([Option(waiting, disabled=True)])
        self.query_one(StatementList).border_title = "Statements"
        self.query_one(StatementList).set_options([Option(waiting, disabled=True)])
        self.query_one(ArticleView).focus()
        self.update_status()
        self.call_after_refresh(self.parse_statements)

    # -- statements: the one place they come from ----------------------------------------

    def load_statements(self) -> LoadedStatements:
        """The article's statements: stored in the library if it has a parse (and no reparse
        was asked), else parsed in the parser process and saved (blocking: runs in the
        worker; raises ParseCancelled when the worker is cancelled)."""
        library, article_id = self.library, self.article.id
        if library is not None and not self.reparse and article_id in library:
            stored_model = library.entry(article_id).model
            if stored_model:
                return LoadedStatements(self.stored_statements(), stored_model)
        worker = get_current_worker()
        loaded = PARSER.parse(self.model, self.article.text, lambda: worker.is_cancelled)
        if library is None or article_id not in library:
            return loaded
        try:
            library.save_parse(article_id, [s.to_dict() for s in loaded.statements], loaded.model)
        except ReadOnlyLibraryError:
            return loaded
        return LoadedStatements(
            self.stored_statements(), loaded.model, loaded.load_seconds, loaded.parse_seconds
        )

    def stored_statements(self) -> list[Statement]:
        """The library's statements of this article, rejected ones left out."""
        records = self.library.statements(self.article.id)
        return [Statement.from_dict(r) for r in records if r["status"] != "rejected"]

    @work(thread=True, exclusive=True, group="statements", exit_on_error=False)
    def parse_statements(self) -> None:
        """Get the statements off the UI thread and post them (or the error) back."""
        try:
            loaded = self.load_statements()
        except ParseCancelled:
            return
        except Exception as exc:  # any failure of model or parser must reach the user
            message = " ".join(str(exc).split()) or type(exc).__name__
            self.post_message(self.StatementsFailed(f"{self.model}: {message}"))
        else:
            self.post_message(self.StatementsLoaded(loaded))

    @on(StatementsLoaded)
    def show_statements(self, event: StatementsLoaded) -> None:
        loaded = event.loaded
        length = len(self.article.text)
        self.loaded = loaded
        self.statements = sorted(
            (s for s in loaded.statements if s.quote and s.end <= length),
            key=lambda s: (s.start, s.end),
        )
        self.colours = speaker_colours(self.statements)
        self.query_one(ArticleView).set_statements(self.statements, self.colours)
        state = loaded.model
        if loaded.parse_seconds is not None:
            state += f" · parsed in {loaded.parse_seconds:.1f} s"
        self.query_one(ArticleHeader).set_model_state(state)
        self.query_one("#parsing").remove()
        self.refresh_panels()
        if not self.statements:
            self.notify("No quotes or reported speech found in this article.", timeout=6)

    @on(StatementsFailed)
    def show_failure(self, event: StatementsFailed) -> None:
        self.failure = event.error
        self.query_one(ArticleHeader).set_model_state("no statements: the model failed")
        self.query_one("#parsing").remove()
        for panel in (self.query_one(StatementList), self.query_one(SpeakerList)):
            panel.set_options([Option("No statements: the model failed.", disabled=True)])
        self.notify(event.error, title="Could not find statements", severity="error", timeout=15)
        self.update_status()

    # -- panels and status ---------------------------------------------------------------

    def visible_indexes(self) -> list[int]:
        """Indexes of the statements the filter lets through, in text order."""
        if self.speaker_filter is None:
            return list(range(len(self.statements)))
        return [i for i, s in enumerate(self.statements) if speaker_key(s) == self.speaker_filter]

    def refresh_panels(self) -> None:
        """Rebuild both panels from the statements and the filter."""
        visible = self.visible_indexes()
        statements = self.query_one(StatementList)
        statements.show(self.statements, self.colours, visible)
        statements.highlight_statement(self.selected)
        title = f"Statements · {len(visible)}"
        if self.speaker_filter is not None:
            title += f" of {len(self.statements)} · {speaker_label(self.speaker_filter)}"
        statements.border_title = title
        speakers = self.query_one(SpeakerList)
        speakers.show(speaker_counts(self.statements), self.colours, self.speaker_filter)
        speakers.border_title = f"Speakers · {len(speakers.keys)}"
        self.update_status()

    def update_status(self) -> None:
        """One line: where the reader is, the filter and the search."""
        parts: list[Content] = []
        if self.failure is not None:
            parts.append(Content("no statements: the model failed (see the notification)"))
        elif self.loaded is None:
            parts.append(Content(f"parsing with {self.model}…"))
        elif self.selected is None:
            parts.append(Content(f"{len(self.statements)} statements · n: next, ?: keys"))
        else:
            statement = self.statements[self.selected]
            key = speaker_key(statement)
            parts.append(
                Content.assemble(
                    f"{self.selected + 1} of {len(self.statements)} · ",
                    (speaker_label(key), f"bold {self.colours[key].hex}"),
                    f" · {statement.kind}",
                )
            )
        if self.speaker_filter is not None:
            parts.append(Content(f"only {speaker_label(self.speaker_filter)} (s: everyone)"))
        if self.search is not None:
            parts.append(Content(f"search “{self.search.query}”: {self.search.count} found"))
        self.query_one("#status", Static).update(Content("  │  ").join(parts))

    # -- selection -----------------------------------------------------------------------

    def select_statement(self, index: int | None, *, scroll: bool = True) -> None:
        """Make one statement the current one: marked in the text, highlighted in the list."""
        self.selected = index
        self.query_one(ArticleView).select(index, scroll=scroll)
        self.query_one(StatementList).highlight_statement(index)
        self.update_status()

    def _step(self, forward: bool) -> None:
        if self.loaded is None:
            self.notify(f"Still parsing with {self.model}…", timeout=3)
            return
        visible = self.visible_indexes()
        if not visible:
            self.notify("No statements to step through.", timeout=3)
            return
        if self.selected is None:
            here = self._top_offset()
            after = [i for i in visible if self.statements[i].start >= here]
            before = [i for i in visible if self.statements[i].start < here]
            choice = (after[0] if after else visible[-1]) if forward else (
                before[-1] if before else visible[0]
            )
        elif forward:
            choice = next((i for i in visible if i > self.selected), None)
        else:
            choice = next((i for i in reversed(visible) if i < self.selected), None)
        if choice is None:
            self.app.bell()
            self.notify("Last statement." if forward else "First statement.", timeout=2)
            return
        self.select_statement(choice)

    def _top_offset(self) -> int:
        view = self.query_one(ArticleView)
        if view.layout_ is None or not len(view.layout_):
            return 0
        return view.layout_.lines[min(round(view.scroll_y), len(view.layout_) - 1)][0]

    def action_next_statement(self) -> None:
        """Select the next statement and scroll the text to it."""
        self._step(forward=True)

    def action_previous_statement(self) -> None:
        """Select the previous statement and scroll the text to it."""
        self._step(forward=False)

    @on(OptionList.OptionSelected, "#statements")
    def jump_to_statement(self, event: OptionList.OptionSelected) -> None:
        self.select_statement(self.query_one(StatementList).statement_index(event.option))

    @on(OptionList.OptionHighlighted, "#statements")
    def follow_list_cursor(self, event: OptionList.OptionHighlighted) -> None:
        listing = self.query_one(StatementList)
        index = listing.statement_index(event.option)
        if listing.has_focus and index != self.selected:
            self.select_statement(index)

    @on(ArticleView.StatementClicked)
    def select_clicked(self, event: ArticleView.StatementClicked) -> None:
        self.select_statement(event.index, scroll=False)

    # -- filter by speaker -----------------------------------------------------------------

    def action_filter_speaker(self) -> None:
        """Pick a speaker whose statements to show; when a filter is on, show everyone again."""
        if self.speaker_filter is not None:
            self.set_speaker_filter(None)
        elif not self.statements:
            self.notify("No speakers yet.", timeout=3)
        else:
            self.app.push_screen(
                SpeakerPicker(dict(speaker_counts(self.statements)), self.colours),
                self.set_speaker_filter,
            )

    @on(OptionList.OptionSelected, "#speakers")
    def toggle_speaker(self, event: OptionList.OptionSelected) -> None:
        key = self.query_one(SpeakerList).key_of(event.option)
        self.set_speaker_filter(None if key == self.speaker_filter else key)

    def set_speaker_filter(self, key: str | None) -> None:
        """List only this speaker's statements (``None``: everyone's)."""
        self.speaker_filter = key
        self.query_one(ArticleView).set_focus_speaker(key)
        self.refresh_panels()
        if key is not None:
            self.notify(f"Showing {speaker_label(key)} only; s shows everyone.", timeout=3)

    # -- search ----------------------------------------------------------------------------

    def action_search(self) -> None:
        """Open the search field."""
        bar = self.query_one(SearchBar)
        bar.add_class("-open")
        bar.focus()

    @on(Input.Submitted, "#search")
    def find_next(self, event: Input.Submitted) -> None:
        query = event.value.strip()
        if not query:
            return
        view = self.query_one(ArticleView)
        text = self.article.text
        if self.search is None or self.search.query != query:
            pattern = re.compile(re.escape(query), re.IGNORECASE)
            self.search = SearchState(query, pattern, sum(1 for _ in pattern.finditer(text)))
            start = self._top_offset()
        else:
            start = self.search.match[0] + 1 if self.search.match else 0
        found = self.search.pattern.search(text, start)
        if found is None and self.search.count:
            found = self.search.pattern.search(text, 0)
            self.notify("Search wrapped to the top.", timeout=2)
        self.search.match = found.span() if found else None
        view.set_match(self.search.match)
        if found is None:
            self.notify(f"No match for “{query}”.", severity="warning", timeout=3)
        self.update_status()

    @on(SearchBar.Closed)
    def close_search(self) -> None:
        self.query_one(SearchBar).remove_class("-open")
        self.query_one(ArticleView).focus()

    # -- copy --------------------------------------------------------------------------------

    def action_copy_quote(self) -> None:
        """Copy the selected quote with its attribution to the clipboard."""
        if self.selected is None:
            self.notify("Select a statement first (n or the list).", severity="warning", timeout=3)
            return
        text = citation(self.statements[self.selected], self.article.title)
        where = copy_text(self.app, text)
        self.notify(text, title=f"Copied to the {where}", timeout=5)

    # -- keys for help and the command palette ----------------------------------------------

    def palette_commands(self) -> Iterable[SystemCommand]:
        """One command-palette entry per reader action, named as in the help."""
        for action, keys, text in key_rows(self.app, self._bindings):
            yield SystemCommand(text, f"key: {keys}", getattr(self, f"action_{action}"))
