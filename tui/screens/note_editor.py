"""The note editor (``m``): one line of free text on a statement."""
from __future__ import annotations

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Input


class NoteEditor(ModalScreen[str | None]):
    """Edit a note; enter returns the text (empty: no note), escape returns ``None``."""

    BINDINGS = [Binding("escape", "dismiss(None)", "Cancel", id="note.cancel")]

    def __init__(self, note: str) -> None:
        super().__init__()
        self.note = note

    def compose(self) -> ComposeResult:
        with Vertical(id="note-dialog") as dialog:
            dialog.border_title = "Note on the statement"
            dialog.border_subtitle = "enter to save · escape to cancel"
            yield Input(self.note, placeholder="What should the next reader know?", id="note-input")

    @on(Input.Submitted)
    def save(self, event: Input.Submitted) -> None:
        event.stop()
        self.dismiss(event.value.strip())
