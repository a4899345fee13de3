"""The reader's review keys: accept, reject, label, note, speaker, undo, redo, done.

``ReviewActions`` is mixed into the reader screen (like tui/screens/range_mode.py). Each key
asks the annotation session (services/annotation_session.py) for the change; the session
saves it and says what moved, and ``show_edit`` redraws just that. A refusal (nothing to
do, or nothing saved) becomes a notification.
"""
from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from services.annotation_session import AnnotationSession, Edit, Refused
from services.wording import speaker_key, speaker_label
from tui.colours import speaker_colours
from tui.screens.note_editor import NoteEditor
from tui.screens.speaker_assign import SpeakerAssign, SpeakerChoice
from tui.widgets.article_view import ArticleView
from tui.widgets.statement_list import StatementList

if TYPE_CHECKING:
    from tui.screens.reader import ReaderScreen

#: How long a refusal stays on screen, by its severity.
TIMEOUTS = {"information": 3, "warning": 6, "error": 10}


class ReviewActions:
    """The review keys' actions, mixed into the reader screen."""

    session: AnnotationSession

    def attempt(self: ReaderScreen, action: Callable[[], object]) -> object | None:
        """Run a session action; when it refuses, say why and return None."""
        try:
            return action()
        except Refused as refused:
            self.notify(refused.message, title=refused.title, severity=refused.severity,
                        timeout=TIMEOUTS[refused.severity])  # fmt: skip
            return None

    def run_edit(self: ReaderScreen, action: Callable[[], Edit]) -> Edit | None:
        """Run a session action that changes statements and show what it changed."""
        edit = self.attempt(action)
        if edit is not None:
            self.show_edit(edit)
        return edit

    def show_edit(self: ReaderScreen, edit: Edit) -> None:
        """Redraw what an edit changed and select the statement it ends on."""
        for moved in edit.moved:
            same_place = moved.old is not None and moved.new == moved.old
            speakers_changed = (  # the speakers panel counts rejected statements apart
                moved.before is None
                or moved.after is None
                or speaker_key(moved.after) != speaker_key(moved.before)
                or (moved.after.status == "rejected") != (moved.before.status == "rejected")
            )
            self.colours = speaker_colours(self.statements, self.colours, self.palette)
            view = self.query_one(ArticleView)
            view.set_statements(self.statements, self.colours, view.selected if same_place else None)
            if same_place and not speakers_changed:
                colour = self.colours[speaker_key(moved.after)]
                self.query_one(StatementList).update_statement(moved.new, moved.after, colour)
            else:
                self.refresh_panels()
            self.select_statement(moved.new, scroll=not same_place)
        self.show_progress()
        if edit.message:
            self.notify(edit.message, timeout=4)

    def current(self: ReaderScreen) -> int | None:
        """The selected statement's index, or None (and a hint) when there is none."""
        if self.loaded is None:
            self.notify(f"Still parsing with {self.session.model}…", timeout=3)
        elif self.selected is None:
            self.notify("Select a statement first (n, N or the list).", severity="warning",
                        timeout=3)  # fmt: skip
        return self.selected

    def _on_current(self: ReaderScreen, action: Callable[[int], Edit]) -> None:
        index = self.current()
        if index is not None:
            self.run_edit(lambda: action(index))

    def action_accept(self: ReaderScreen) -> None:
        """Accept the statement as it is (a rejected one comes back)."""
        self._decide(self.session.accept)

    def action_reject(self: ReaderScreen) -> None:
        """Reject the statement: kept and shown struck through (a training negative)."""
        self._decide(self.session.reject)

    def action_ignore(self: ReaderScreen) -> None:
        """Skip the statement (recorded as ignored: neither kept nor a negative)."""
        self._decide(self.session.ignore)

    def _decide(self: ReaderScreen, action: Callable[[int], Edit]) -> None:
        """Accept or reject; then, with advance on, select the next unreviewed statement."""
        index = self.current()
        edit = None if index is None else self.run_edit(lambda: action(index))
        following = self.session.after_decision(edit.moved[-1].new) if edit else None
        if following is not None:
            self.select_statement(following)

    def action_toggle_advance(self: ReaderScreen) -> None:
        """Turn moving on after accept/reject on or off (config ``advance``)."""
        self.session.advance = not self.session.advance
        state = "on: accept and reject move to the next unreviewed statement" if self.session.advance else "off"
        self.notify(f"Advance {state}.", timeout=3)

    def action_toggle_label(self: ReaderScreen, number: int) -> None:
        """Add or remove the label with this number (1-9) of the label set."""
        self._on_current(lambda index: self.session.toggle_label(index, number))

    def action_note(self: ReaderScreen) -> None:
        """Write (or clear) a note on the statement."""
        index = self.current()
        if index is None:
            return
        sid = self.statements[index].id

        def save(note: str | None) -> None:
            if note is not None:
                self.run_edit(lambda: self.session.set_note(sid, note))

        self.app.push_screen(NoteEditor(self.statements[index].note), save)

    def action_reassign(self: ReaderScreen) -> None:
        """Pick who said the statement (optionally for all statements of the same speaker)."""
        index = self.current()
        if index is None:
            return
        sid = self.statements[index].id
        same = self.session.same_speaker(index)
        key = speaker_key(self.statements[index])
        picker = SpeakerAssign(self.session.known_names(), speaker_label(key), len(same))

        def assign(choice: SpeakerChoice | None) -> None:
            if choice is not None:
                self.run_edit(lambda: self.session.reassign(sid, choice.name, choice.everywhere))

        self.app.push_screen(picker, assign)

    def action_undo(self: ReaderScreen) -> None:
        """Undo the last change to this article's statements (saved: survives a restart)."""
        self._travel("undo")

    def action_redo(self: ReaderScreen) -> None:
        """Redo the last undone change."""
        self._travel("redo")

    def _travel(self: ReaderScreen, action: str) -> None:
        if self.loaded is None:
            return
        edit = self.run_edit(lambda: self.session.travel(action))
        if edit is not None and edit.moved[-1].new is not None:
            self.select_statement(edit.moved[-1].new)  # scrolled to: it may be off screen

    def action_toggle_done(self: ReaderScreen) -> None:
        """Mark the article done (again: back in progress)."""
        warning = self.attempt(self.session.toggle_done)
        self.show_progress()
        if warning:
            self.notify(warning, timeout=4)
