"""The reader and annotation tool: the article with its statements marked, a statements panel
and a speakers panel; keys to accept, reject, correct and add statements.

The text shows at once; statements arrive from a thread worker (``parse_statements``) that calls
``load_statements`` — the one place that knows where statements come from. Every change goes
through the library (``_save``) before the screen shows it; the record the library returns is
what the screen shows (``show_record``).

Two modes work on a stretch of text, with the same keys (``[`` ``]`` or shift+←→ move its
start by a token, ``{`` ``}`` or shift+↑↓ its end): ``e`` edits the selected statement's quote
(enter saves, escape cancels); ``v`` (or a mouse drag) selects text, then ``q`` makes it a
statement, ``C`` the selected statement's cue. Outside the selection mode ``q`` quits.
"""
from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import TypeVar

from textual import events, on, work
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

from corpus.article import Article
from corpus.library import Library
from corpus.schema import StatementRecord, decode, found_record, guess_kind, span_dict, unsaved
from corpus.store_errors import ReadOnlyLibraryError, StoreError
from corpus.text import paragraphs
from tui.clipboard import copy_text
from services.wording import (
    STATUS_MARKS,
    citation,
    edit_name,
    plural,
    preview,
    quote_text,
    speaker_counts,
    speaker_key,
    speaker_label,
)
from tui.colours import speaker_colours
from tui.config import DEFAULT_LABELS
from tui.screens.help import key_rows
from tui.screens.note_editor import NoteEditor
from tui.screens.speaker_assign import SpeakerAssign, SpeakerChoice, candidate_names
from tui.screens.speaker_picker import SpeakerPicker
from tui.screens.statement_source import PARSER, LoadedStatements, ParseCancelled
from tui.widgets.article_header import ArticleHeader, short_model
from tui.widgets.article_table import reviewed
from tui.widgets.article_view import ArticleView
from tui.widgets.search_bar import SearchBar
from tui.widgets.speaker_list import SpeakerList
from tui.widgets.statement_list import StatementList
from tui.widgets.token_steps import TokenSteps, step_span

T = TypeVar("T")
_RANGE_ACTIONS = {"range_edge", "range_cancel"}
_SELECT_ACTIONS = {"range_word", "range_line", "make_statement", "mark_cue"}
_EDIT_ACTIONS = {"range_done"}
_START = Binding.Group("Start")
_END = Binding.Group("End")
#: The mode badge and its keys, first on the status line while editing or selecting.
MODE_HINTS = {
    "edit": ("EDIT", "[ ] start  { } end  enter save  esc cancel"),
    "select": ("SELECT", "←→↑↓ end  [ ] start  q/enter statement  C cue  esc cancel"),
}


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
        Binding("escape", "back", "Library", tooltip="Back to the library", id="reader.library"),
        Binding("n", "next_statement", "Next", tooltip="Next statement", id="reader.next"),
        Binding("j", "next_statement", "Next", show=False, tooltip="Next statement",
                id="reader.next_alt"),
        Binding("p", "previous_statement", "Previous", tooltip="Previous statement",
                id="reader.previous"),
        Binding("k", "previous_statement", "Previous", show=False, tooltip="Previous statement",
                id="reader.previous_alt"),
        Binding("slash", "search", "Search", tooltip="Search the text (enter: next match)",
                id="reader.search"),
        Binding("s", "filter_speaker", "Filter",
                tooltip="Show one speaker's statements (again: everyone's)", id="reader.filter"),
        Binding("c", "copy_quote", "Copy",
                tooltip="Copy the selected quote with its attribution", id="reader.copy"),
        Binding("a", "accept", "Accept", tooltip="Accept the statement as it is",
                id="reader.accept"),
        Binding("x", "reject", "Reject",
                tooltip="Reject the statement (kept, struck through; a accepts it again)",
                id="reader.reject"),
        Binding("e", "edit_bounds", "Edit", tooltip="Edit where the quote starts and ends",
                id="reader.edit"),
        Binding("r", "reassign", "Speaker", tooltip="Reassign the speaker", id="reader.reassign"),
        Binding("m", "note", "Note", show=False, tooltip="Write a note on the statement",
                id="reader.note"),
        *(
            Binding(str(n), f"toggle_label({n})", f"Label {n}", show=False,
                    tooltip=f"Toggle label {n}", id=f"reader.label_{n}")
            for n in range(1, 10)
        ),
        Binding("v", "select_text", "Select", show=False,
                tooltip="Select text from the selected statement's paragraph (then q: make it "
                "a statement, C: make it the cue)", id="reader.select"),
        Binding("q", "make_statement", "Add statement",
                tooltip="With a selection: make it a statement (without one, q quits)",
                id="reader.add"),
        Binding("C", "mark_cue", "Cue",
                tooltip="With a selection: make it the selected statement's cue",
                id="reader.cue"),
        Binding("u,ctrl+z", "undo", "Undo", tooltip="Undo the last change", id="reader.undo"),
        Binding("U,ctrl+y", "redo", "Redo", show=False, tooltip="Redo what was undone",
                id="reader.redo"),
        Binding("N", "next_unreviewed", "Unreviewed", tooltip="Next unreviewed statement",
                id="reader.next_unreviewed"),
        Binding("D", "toggle_done", "Done", show=False,
                tooltip="Mark the article done (again: in progress)", id="reader.done"),
        Binding("left_square_bracket,shift+left", "range_edge('start', False)", "Start ←",
                priority=True, tooltip="Editing or selecting: start one token earlier",
                id="reader.start_earlier", group=_START),
        Binding("right_square_bracket,shift+right", "range_edge('start', True)", "Start →",
                priority=True, tooltip="Editing or selecting: start one token later",
                id="reader.start_later", group=_START),
        Binding("left_curly_bracket,shift+up", "range_edge('end', False)", "End ←",
                priority=True, tooltip="Editing or selecting: end one token earlier",
                id="reader.end_earlier", group=_END),
        Binding("right_curly_bracket,shift+down", "range_edge('end', True)", "End →",
                priority=True, tooltip="Editing or selecting: end one token later",
                id="reader.end_later", group=_END),
        Binding("left", "range_word(False)", "Word ←", show=False, priority=True,
                tooltip="Selecting: end one word earlier", id="reader.select_word_back"),
        Binding("right", "range_word(True)", "Word →", show=False, priority=True,
                tooltip="Selecting: end one word later", id="reader.select_word_on"),
        Binding("up", "range_line(-1)", "Line ↑", show=False, priority=True,
                tooltip="Selecting: end one line up", id="reader.select_line_up"),
        Binding("down", "range_line(1)", "Line ↓", show=False, priority=True,
                tooltip="Selecting: end one line down", id="reader.select_line_down"),
        Binding("enter", "range_done", "Save", priority=True,
                tooltip="Editing: save the new boundaries", id="reader.range_save"),
        Binding("enter", "make_statement", "Add statement", show=False, priority=True,
                tooltip="Selecting: make the selection a statement", id="reader.add_enter"),
        Binding("escape", "range_cancel", "Cancel", priority=True,
                tooltip="Editing or selecting: stop, changing nothing", id="reader.range_cancel"),
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
        annotator: str | None = None,
        labels: tuple[str, ...] = DEFAULT_LABELS,
    ) -> None:
        super().__init__()
        self.article = article
        self.model = model
        self.library = library
        self.reparse = reparse
        self.annotator = annotator
        self.labels = labels
        self.loaded: LoadedStatements | None = None
        self.statements: list[StatementRecord] = []
        self.colours: dict[str, Color] = {}
        self.failure: str | None = None
        self.selected: int | None = None
        self.speaker_filter: str | None = None
        self.search: SearchState | None = None
        self.range_mode: str | None = None  # "edit" or "select"
        self.range: tuple[int, int] | None = None
        self.article_done = False
        self._others: tuple[int, int] = (0, 0)  # reviewed, total in the rest of the library
        self._in_library = False  # whether the library holds this article (counted live if so)
        self._steps: TokenSteps | None = None
        self._known_names: list[str] | None = None

    # -- layout -------------------------------------------------------------------------

    def compose(self) -> ComposeResult:
        readonly = self.library is not None and self.library.readonly
        yield ArticleHeader(self.article, f"parsing with {self.model}…", readonly, id="header")
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
        found = [unsaved(s, article_id) for s in loaded.statements]
        if library is None or article_id not in library:
            return LoadedStatements(found, loaded.model, loaded.load_seconds, loaded.parse_seconds)
        try:
            library.save_parse(article_id, [found_record(s) for s in loaded.statements], loaded.model)
        except ReadOnlyLibraryError:
            return LoadedStatements(found, loaded.model, loaded.load_seconds, loaded.parse_seconds)
        return LoadedStatements(
            self.stored_statements(), loaded.model, loaded.load_seconds, loaded.parse_seconds
        )

    def stored_statements(self) -> list[StatementRecord]:
        """The library's statements of this article, rejected ones included (struck through:
        they are training negatives)."""
        return [decode(r) for r in self.library.statements(self.article.id)]

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
        state = short_model(loaded.model)
        if loaded.parse_seconds is not None:
            state += f" · parsed {loaded.parse_seconds:.1f} s"
        self.query_one(ArticleHeader).set_model_state(state)
        self.query_one("#parsing").remove()
        self.refresh_panels()
        self.count_library()
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
        kept = speaker_counts(s for s in self.statements if s.status != "rejected")
        rejected = speaker_counts(s for s in self.statements if s.status == "rejected")
        speakers.show(kept, self.colours, self.speaker_filter, rejected)
        speakers.border_title = f"Speakers · {len(speakers.keys)}"
        self.update_status()

    def update_status(self) -> None:
        """One line: where the reader is, the filter and the search."""
        parts: list[Content] = []
        if self.range_mode is not None:
            badge, keys = MODE_HINTS[self.range_mode]
            parts.append(Content.assemble((f" {badge} ", "bold reverse $text-warning"), f"  {keys}"))
        if self.failure is not None:
            parts.append(Content("no statements: the model failed (see the notification)"))
        elif self.loaded is None:
            parts.append(Content(f"parsing with {self.model}…"))
        elif self.selected is None:
            parts.append(Content(f"{plural(len(self.statements), 'statement')} · n: next, ?: keys"))
        else:
            statement = self.statements[self.selected]
            key = speaker_key(statement)
            parts.append(
                Content.assemble(
                    f"{self.selected + 1} of {len(self.statements)} · ",
                    (f"{STATUS_MARKS[statement.status]} {statement.status}", "bold"),
                    " · ",
                    (speaker_label(key), f"bold {self.colours[key].hex}"),
                    f" · {statement.kind}",
                    (f" · {', '.join(statement.labels)}" if statement.labels else ""),
                    (f" · note: {statement.note}" if statement.note else ""),
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
            here = self.query_one(ArticleView).top_offset()
            after = [i for i in visible if self.statements[i].start >= here]
            choice = (after[0] if after else visible[-1]) if forward else visible[-1]
        elif forward:
            choice = next((i for i in visible if i > self.selected), None)
        else:
            choice = next((i for i in reversed(visible) if i < self.selected), None)
        if choice is None:
            self.app.bell()
            self.notify("Last statement." if forward else "First statement.", timeout=2)
            return
        self.select_statement(choice)

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
        if self.range_mode is None:
            self.select_statement(event.index, scroll=False)

    @on(ArticleView.TextSelected)
    def select_dragged(self, event: ArticleView.TextSelected) -> None:
        if self.range_mode == "edit":
            self.action_range_cancel()
        self.range_mode = "select"
        self.set_range((event.start, event.end))

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
        visible = self.visible_indexes()
        if self.selected not in visible:  # the status line must not name a hidden statement
            self.select_statement(visible[0] if visible else None)
        if key is not None:
            self.notify(f"Showing {speaker_label(key)} only; s shows everyone.", timeout=3)

    # -- search ----------------------------------------------------------------------------

    def action_search(self) -> None:
        """Open the search field."""
        if self.range_mode is not None:
            self.action_range_cancel()
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
            start = view.top_offset()
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

    # -- annotation: every change goes through the library first ----------------------------

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """While editing or selecting, only that mode's keys (the footer shows just them);
        outside those modes, none of them. Nothing while a dialog covers the reader (so its
        footer offers no key of the reader)."""
        if not self.is_active:
            return False
        if self.range_mode is None:
            if action == "back":
                return len(self.app.screen_stack) > 1
            return action not in _RANGE_ACTIONS | _SELECT_ACTIONS | _EDIT_ACTIONS
        if action in _RANGE_ACTIONS:
            return True
        if action in _EDIT_ACTIONS:
            return self.range_mode == "edit"
        return action in _SELECT_ACTIONS and self.range_mode == "select"

    @on(events.ScreenSuspend)
    @on(events.ScreenResume)
    def dialog_opened_or_closed(self) -> None:
        self.refresh_bindings()

    def action_back(self) -> None:
        """Leave the article for the library screen (index counts are written on the way)."""
        if self.library is not None and not self.library.readonly:
            self.library.flush()
        self.dismiss()

    def _save(self, change: Callable[[Library], T]) -> T | None:
        """Run one store change; on a read-only or failing library say so and return None."""
        if self.library is None or self.article.id not in self.library:
            self.notify("No library: changes cannot be saved.", severity="warning", timeout=4)
            return None
        try:
            return change(self.library)
        except ReadOnlyLibraryError:
            self.notify(
                f"The library is read-only ({self.library.readonly_reason}); nothing was changed.",
                title="Not saved", severity="warning", timeout=6,
            )
        except StoreError as exc:
            self.notify(str(exc), title="Not saved", severity="error", timeout=10)
        return None

    def _update(self, index: int, changes: dict) -> StatementRecord | None:
        """Save changes to one statement and show the stored result."""
        sid = self.statements[index].id
        record = self._save(
            lambda lib: lib.update_statement(self.article.id, sid, changes, self.annotator)
        )
        return None if record is None else self.show_record(sid, record)

    def _current(self) -> int | None:
        """The selected statement's index, or None (and a hint) when there is none."""
        if self.loaded is None:
            self.notify(f"Still parsing with {self.model}…", timeout=3)
        elif self.selected is None:
            self.notify("Select a statement first (n, N or the list).", severity="warning",
                        timeout=3)  # fmt: skip
        return self.selected

    def show_record(self, statement_id: str, record: dict | None) -> StatementRecord | None:
        """Show a statement as the library now holds it (``None``: it is gone) and select it."""
        old = next((i for i, s in enumerate(self.statements) if s.id == statement_id), None)
        new = decode(record) if record is not None else None
        statements = list(self.statements)
        if old is not None:
            del statements[old]
        if new is not None:
            key = (new.start, new.end)
            position = next(
                (i for i, s in enumerate(statements) if (s.start, s.end) > key), len(statements)
            )
            statements.insert(position, new)
        else:
            position = None
        same_place = old is not None and position == old
        speakers_changed = (  # the speakers panel counts rejected statements apart
            old is None
            or new is None
            or speaker_key(new) != speaker_key(self.statements[old])
            or (new.status == "rejected") != (self.statements[old].status == "rejected")
        )
        self.statements = statements
        self.colours = speaker_colours(statements, keep=self.colours)
        view = self.query_one(ArticleView)
        view.set_statements(statements, self.colours, view.selected if same_place else None)
        if same_place and not speakers_changed:
            self.query_one(StatementList).update_statement(
                position, new, self.colours[speaker_key(new)]
            )
        else:
            self.refresh_panels()
        self.select_statement(position, scroll=not same_place)
        self.show_progress()
        return new

    def action_accept(self) -> None:
        """Accept the statement as it is (a rejected one comes back)."""
        index = self._current()
        if index is None:
            return
        statement = self.statements[index]
        if statement.status in ("accepted", "corrected", "added"):
            self.notify(f"Already {statement.status}.", timeout=2)
            return
        self._update(index, {"status": "added" if statement.origin == "human" else "accepted"})

    def action_reject(self) -> None:
        """Reject the statement: kept and shown struck through (a training negative)."""
        index = self._current()
        if index is not None:
            self._update(index, {"status": "rejected"})

    def action_toggle_label(self, number: int) -> None:
        """Add or remove the label with this number (1-9) of the label set."""
        index = self._current()
        if index is None:
            return
        if number > len(self.labels):
            self.notify(f"No label {number}: the label set has {len(self.labels)}.", timeout=3)
            return
        label, labels = self.labels[number - 1], list(self.statements[index].labels)
        labels = [x for x in labels if x != label] if label in labels else [*labels, label]
        self._update(index, {"labels": labels})

    def action_note(self) -> None:
        """Write (or clear) a note on the statement."""
        index = self._current()
        if index is None:
            return
        sid = self.statements[index].id

        def save(note: str | None) -> None:
            at = self.index_of(sid)
            if note is not None and at is not None and note != self.statements[at].note:
                self._update(at, {"note": note})

        self.app.push_screen(NoteEditor(self.statements[index].note), save)

    def index_of(self, statement_id: str | None) -> int | None:
        """Where a statement is in ``statements``."""
        return next((i for i, s in enumerate(self.statements) if s.id == statement_id), None)

    # -- speakers ----------------------------------------------------------------------------

    def known_names(self) -> list[str]:
        """Names to offer, each person once: this article's speakers (most statements
        first), then the speaker names used in the library."""
        speakers = [k for k, _ in speaker_counts(self.statements).most_common() if k]
        if self._known_names is None:
            found: list[str] = []
            if self.library is not None:
                for _, records in self.library.iter_article_records():
                    found += [r["speaker_name"] for r in records if r.get("speaker_name")]
            self._known_names = found
        return candidate_names(speakers, self._known_names)

    def action_reassign(self) -> None:
        """Pick who said the statement (optionally for all statements of the same speaker)."""
        index = self._current()
        if index is None:
            return
        statement = self.statements[index]
        key = speaker_key(statement)
        same = [s.id for s in self.statements if speaker_key(s) == key]
        picker = SpeakerAssign(self.known_names(), speaker_label(key), len(same))

        def assign(choice: SpeakerChoice | None) -> None:
            if choice is None:
                return
            targets = same if choice.everywhere else [statement.id]
            # the selected statement last, so it stays selected once all are shown; all
            # changes are one write and one undo step
            targets = [*(t for t in targets if t != statement.id), statement.id]
            changes = {
                sid: self.speaker_changes(at, choice.name)
                for sid in targets
                if (at := self.index_of(sid)) is not None
            }
            records = self._save(
                lambda lib: lib.update_statements(self.article.id, changes, self.annotator)
            )
            if records is None:
                return
            for sid, record in zip(changes, records):
                self.show_record(sid, record)
            if len(changes) > 1:
                self.notify(f"{plural(len(changes), 'statement')} now by {choice.name} (u undoes all).",
                            timeout=4)  # fmt: skip

        self.app.push_screen(picker, assign)

    def speaker_changes(self, index: int, name: str) -> dict:
        """The fields to store for a new speaker name: the mention in the text stays if it
        can still be theirs (a pronoun, or part of the name), else it is dropped."""
        mention = self.statements[index].speaker
        keep = mention is not None and (
            mention.text[:1].islower() or mention.text.casefold() in name.casefold()
        )
        return {"speaker_name": name, "speaker": span_dict(mention) if keep else None}

    # -- boundaries and selections -----------------------------------------------------------

    def token_steps(self) -> TokenSteps:
        if self._steps is None:
            self._steps = TokenSteps(self.article.text)
        return self._steps

    def set_range(self, span: tuple[int, int]) -> None:
        """Show the edited or selected stretch: the draft quote, or the selection."""
        self.range = span
        view = self.query_one(ArticleView)
        if self.range_mode == "edit" and self.selected is not None:
            draft = list(self.statements)
            draft[self.selected] = draft[self.selected].with_quote_bounds(*span, self.article.text)
            view.set_statements(draft, self.colours, self.selected)
        view.set_selection(span)
        self.update_status()
        self.refresh_bindings()

    def action_edit_bounds(self) -> None:
        """Edit where the selected statement's quote starts and ends, live on screen."""
        index = self._current()
        if index is None:
            return
        self.range_mode = "edit"
        statement = self.statements[index]
        self.set_range((statement.start, statement.end))

    def action_select_text(self) -> None:
        """Select the first word of the selected statement's paragraph (no statement
        selected: of the top line on screen), so text before a statement is in reach."""
        if self.loaded is None:
            self.notify(f"Still parsing with {self.model}…", timeout=3)
            return
        view = self.query_one(ArticleView)
        here = view.extent(self.selected)[0] if self.selected is not None else view.top_offset()
        paragraph = next(
            (start for start, end in view.paragraphs if start <= here < end), here
        )
        token = self.token_steps().token_at(paragraph)
        if token is None:
            self.notify("No words here to select.", severity="warning", timeout=3)
            return
        self.range_mode = "select"
        self.set_range(token)

    def action_range_edge(self, edge: str, forward: bool) -> None:
        """Move the start or end of the edited or selected stretch by one token."""
        if self.range is not None:
            self.set_range(step_span(self.token_steps(), self.range, edge, forward))

    def action_range_word(self, forward: bool) -> None:
        self.action_range_edge("end", forward)

    def action_range_line(self, lines: int) -> None:
        """Move the selection's end a display line down (or up), to a token end."""
        if self.range is None:
            return
        start, end = self.range
        steps = self.token_steps()
        target = self.query_one(ArticleView).line_step(end, lines)
        moved = steps.end_after(target - 1) if target > start else end
        if moved > start:
            self.set_range((start, moved))

    def action_range_done(self) -> None:
        """Save the edited quote's new boundaries."""
        span, index = self.range, self.selected
        self.leave_range()
        if span is None or index is None:
            return
        statement = self.statements[index]
        if (statement.start, statement.end) == span:
            return
        draft = statement.with_quote_bounds(*span, self.article.text)
        self._update(index, {"quote": [span_dict(q) for q in draft.quote]})

    def action_range_cancel(self) -> None:
        """Stop editing or selecting; nothing changes."""
        self.leave_range()

    def leave_range(self) -> None:
        mode, self.range_mode, self.range = self.range_mode, None, None
        view = self.query_one(ArticleView)
        if mode == "edit":
            view.set_statements(self.statements, self.colours, self.selected)
        view.set_selection(None)
        self.update_status()
        self.refresh_bindings()

    def action_make_statement(self) -> None:
        """Make the selection a statement; the speaker picker follows (escape: not added)."""
        if self.range is None:
            return
        start, end = self.range
        said = self.article.text[start:end]
        kind = guess_kind(said)

        def add(choice: SpeakerChoice | None) -> None:
            if choice is None:
                return
            fields = {
                "quote": [{"start": start, "end": end}],
                "kind": kind,
                "speaker_name": choice.name,
            }
            record = self._save(
                lambda lib: lib.add_statement(self.article.id, fields, self.annotator)
            )
            if record is not None:
                self.leave_range()
                self.show_record(record["id"], record)

        self.app.push_screen(SpeakerAssign(self.known_names()), add)

    def action_mark_cue(self) -> None:
        """Make the selection the cue of the selected statement."""
        index = self._current()
        if index is None or self.range is None:
            return
        start, end = self.range
        self.leave_range()
        if self._update(index, {"cue": {"start": start, "end": end}}) is not None:
            self.notify(f"Cue set: “{self.article.text[start:end]}” for {self.describe(index)}.",
                        timeout=4)  # fmt: skip

    # -- undo, progress ------------------------------------------------------------------------

    def action_undo(self) -> None:
        """Undo the last change to this article's statements (saved: survives a restart)."""
        self._travel("undo")

    def action_redo(self) -> None:
        """Redo the last undone change."""
        self._travel("redo")

    def _travel(self, action: str) -> None:
        if self.loaded is None:
            return
        entry = self._save(lambda lib: getattr(lib, action)(self.article.id, self.annotator))
        if entry is None:
            if self.library is not None and not self.library.readonly:
                self.notify(f"Nothing to {action}.", timeout=2)
            return
        entries = [entry]
        if "group" in entry and self.library is not None:  # several statements, one step
            entries = self.library.history(self.article.id, group=entry["group"])
        # in the order first made, so the statement selected then is selected again
        entries.sort(key=lambda e: e["ref"])
        for each in entries:
            self.show_record(each["statement_id"], each["after"])
        # what the step did (an undo entry goes from the step's after back to its before)
        before, after = (entry["after"], entry["before"]) if action == "undo" else (
            entry["before"], entry["after"])  # fmt: skip
        what = edit_name(before, after)
        index = self.index_of(entries[-1]["statement_id"])
        if index is not None:
            self.select_statement(index)  # scrolled into view: the step may be off screen
        if len(entries) > 1:
            where = f" of {plural(len(entries), 'statement')}"
        elif index is not None:
            where = f" of {self.describe(index)}"
        else:
            shown = decode(before or after)
            where = f" (“{preview(quote_text(shown), 5)}”)"
        verb = "Undid" if action == "undo" else "Redid"
        self.notify(f"{verb}: {what}{where}", timeout=5)

    def describe(self, index: int) -> str:
        """``statement 9 (“When we talk about mutual …”)``: a statement for notifications."""
        return f"statement {index + 1} (“{preview(quote_text(self.statements[index]), 5)}”)"

    def action_next_unreviewed(self) -> None:
        """Select the next statement nobody has reviewed yet (wrapping to the top)."""
        if self.loaded is None:
            return
        start = -1 if self.selected is None else self.selected
        order = list(range(start + 1, len(self.statements))) + list(range(start + 1))
        choice = next((i for i in order if not self.statements[i].reviewed), None)
        if choice is None:
            self.notify("Every statement is reviewed.", timeout=3)
            return
        self.select_statement(choice)

    def action_toggle_done(self) -> None:
        """Mark the article done (again: back in progress)."""
        status = "in_progress" if self.article_done else "done"
        entry = self._save(
            lambda lib: lib.set_article_status(self.article.id, status, self.annotator)
        )
        if entry is None:
            return
        self.article_done = entry.status == "done"
        self.show_progress()
        left = sum(1 for s in self.statements if not s.reviewed)
        if self.article_done and left:
            self.notify(f"Marked done with {plural(left, 'statement')} unreviewed.", timeout=4)

    def count_library(self) -> None:
        """Review counts of the library's other articles, from its index (once; this article's
        are counted live, and only if the library holds it: a read-only one may not)."""
        if self.library is not None:
            self._in_library = self.article.id in self.library
            others = [e for e in self.library.articles() if e.id != self.article.id]
            self._others = (sum(reviewed(e) for e in others), sum(e.statements for e in others))
            if self._in_library:
                self.article_done = self.library.entry(self.article.id).status == "done"
        self.show_progress()

    def show_progress(self) -> None:
        """Reviewed/total for the article and the library, and ``done`` when it is."""
        done = sum(1 for s in self.statements if s.reviewed)
        total = len(self.statements)
        progress = f"reviewed {done}/{total}"
        if self.library is not None:
            if self._in_library:
                done_all, total_all = self._others[0] + done, self._others[1] + total
            else:
                done_all, total_all = self._others
            progress += f" · library {done_all}/{total_all}"
        if self.article_done:
            progress += " · ✓ done"
        self.query_one(ArticleHeader).set_progress(progress)

    # -- keys for help and the command palette ----------------------------------------------

    def palette_commands(self) -> Iterable[SystemCommand]:
        """One command-palette entry per reader action, named as in the help."""
        for action, keys, text, _ in key_rows(self.app, self):
            if "(" in action or action in _RANGE_ACTIONS | _SELECT_ACTIONS | _EDIT_ACTIONS:
                continue  # needs a parameter or a selection: keys only
            yield SystemCommand(text, f"key: {keys}", getattr(self, f"action_{action}"))
