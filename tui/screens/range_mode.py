"""The reader's two range modes: editing a quote's boundaries, and selecting text.

Both work on a stretch of the article with the same keys (``[`` ``]`` or shift+←→ move its
start by a token, ``{`` ``}`` or shift+↑↓ its end): ``e`` edits the selected statement's quote
(enter saves, escape cancels); ``v`` (or a mouse drag) selects text, then ``q`` makes it a
statement, ``C`` the selected statement's cue. ``RangeEditing`` holds the mode's actions for
the reader screen (``RANGE_BINDINGS`` are part of its bindings: a key such as escape means
one thing in a mode and another outside it, so they must live in one binding list).
"""
from __future__ import annotations

from typing import TYPE_CHECKING

from textual.binding import Binding

from services.annotation_session import AnnotationSession
from services.token_steps import TokenSteps, step_span
from tui.screens.speaker_assign import SpeakerAssign, SpeakerChoice
from tui.widgets.article_view import ArticleView

if TYPE_CHECKING:
    from tui.screens.reader import ReaderScreen

#: Actions in force in both modes, only while selecting, only while editing.
RANGE_ACTIONS = {"range_edge", "range_cancel"}
SELECT_ACTIONS = {"range_word", "range_line", "make_statement", "mark_cue"}
EDIT_ACTIONS = {"range_done"}
MODE_ACTIONS = RANGE_ACTIONS | SELECT_ACTIONS | EDIT_ACTIONS
_START = Binding.Group("Start")
_END = Binding.Group("End")
RANGE_BINDINGS = [
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
]  # fmt: skip


def mode_allows(mode: str | None, action: str) -> bool:
    """Whether ``action`` is in force in ``mode`` (None: outside the range modes)."""
    if mode is None:
        return action not in MODE_ACTIONS
    if action in RANGE_ACTIONS:
        return True
    if action in EDIT_ACTIONS:
        return mode == "edit"
    return action in SELECT_ACTIONS and mode == "select"


class RangeEditing:
    """The range modes' state and actions, mixed into the reader screen."""

    range_mode: str | None = None  # "edit" or "select"
    range: tuple[int, int] | None = None
    _steps: TokenSteps | None = None
    session: AnnotationSession

    def token_steps(self: ReaderScreen) -> TokenSteps:
        if self._steps is None:
            self._steps = TokenSteps(self.session.text)
        return self._steps

    def set_range(self: ReaderScreen, span: tuple[int, int]) -> None:
        """Show the edited or selected stretch: the draft quote, or the selection."""
        self.range = span
        view = self.query_one(ArticleView)
        if self.range_mode == "edit" and self.selected is not None:
            draft = list(self.statements)
            draft[self.selected] = draft[self.selected].with_quote_bounds(*span, self.session.text)
            view.set_statements(draft, self.colours, self.selected)
        view.set_selection(span)
        self.update_status()
        self.refresh_bindings()

    def leave_range(self: ReaderScreen) -> None:
        mode, self.range_mode, self.range = self.range_mode, None, None
        view = self.query_one(ArticleView)
        if mode == "edit":
            view.set_statements(self.statements, self.colours, self.selected)
        view.set_selection(None)
        self.update_status()
        self.refresh_bindings()

    def action_edit_bounds(self: ReaderScreen) -> None:
        """Edit where the selected statement's quote starts and ends, live on screen."""
        index = self.current()
        if index is None:
            return
        self.range_mode = "edit"
        statement = self.statements[index]
        self.set_range((statement.start, statement.end))

    def action_select_text(self: ReaderScreen) -> None:
        """Select the first word of the selected statement's paragraph (no statement
        selected: of the top line on screen), so text before a statement is in reach."""
        if self.loaded is None:
            self.notify(f"Still parsing with {self.session.model}…", timeout=3)
            return
        view = self.query_one(ArticleView)
        here = view.extent(self.selected)[0] if self.selected is not None else view.top_offset()
        paragraph = next((start for start, end in view.paragraphs if start <= here < end), here)
        token = self.token_steps().token_at(paragraph)
        if token is None:
            self.notify("No words here to select.", severity="warning", timeout=3)
            return
        self.range_mode = "select"
        self.set_range(token)

    def select_dragged(self: ReaderScreen, start: int, end: int) -> None:
        """A mouse drag selects text (and stops editing)."""
        if self.range_mode == "edit":
            self.action_range_cancel()
        self.range_mode = "select"
        self.set_range((start, end))

    def action_range_edge(self: ReaderScreen, edge: str, forward: bool) -> None:
        """Move the start or end of the edited or selected stretch by one token."""
        if self.range is not None:
            self.set_range(step_span(self.token_steps(), self.range, edge, forward))

    def action_range_word(self: ReaderScreen, forward: bool) -> None:
        self.action_range_edge("end", forward)

    def action_range_line(self: ReaderScreen, lines: int) -> None:
        """Move the selection's end a display line down (or up), to a token end."""
        if self.range is None:
            return
        start, end = self.range
        target = self.query_one(ArticleView).line_step(end, lines)
        moved = self.token_steps().end_after(target - 1) if target > start else end
        if moved > start:
            self.set_range((start, moved))

    def action_range_done(self: ReaderScreen) -> None:
        """Save the edited quote's new boundaries."""
        span, index = self.range, self.selected
        self.leave_range()
        if span is not None and index is not None:
            self.run_edit(lambda: self.session.set_bounds(index, span))

    def action_range_cancel(self: ReaderScreen) -> None:
        """Stop editing or selecting; nothing changes."""
        self.leave_range()

    def action_make_statement(self: ReaderScreen) -> None:
        """Make the selection a statement; the speaker picker follows (escape: not added)."""
        if self.range is None:
            return
        span = self.range

        def add(choice: SpeakerChoice | None) -> None:
            edit = choice and self.attempt(lambda: self.session.add(span, choice.name))
            if edit:
                self.show_edit(edit)  # first: it gives a new speaker a colour
                self.leave_range()

        self.app.push_screen(SpeakerAssign(self.session.known_names()), add)

    def action_mark_cue(self: ReaderScreen) -> None:
        """Make the selection the cue of the selected statement."""
        index = self.current()
        if index is None or self.range is None:
            return
        span = self.range
        self.leave_range()
        self.run_edit(lambda: self.session.set_cue(index, span))

