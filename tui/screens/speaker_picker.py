"""The speaker picker (``s``): choose whose statements to list."""
from __future__ import annotations

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.color import Color
from textual.screen import ModalScreen
from textual.widgets import OptionList

from tui.widgets.speaker_list import SpeakerList


class SpeakerPicker(ModalScreen[str | None]):
    """A modal list of speakers; enter returns the speaker's key, escape returns ``None``."""

    BINDINGS = [Binding("escape", "dismiss(None)", "Cancel", id="picker.cancel")]

    def __init__(self, counts: dict[str, int], colours: dict[str, Color]) -> None:
        super().__init__()
        self.counts = counts
        self.colours = colours

    def compose(self) -> ComposeResult:
        picker = SpeakerList(id="picker-list")
        picker.border_title = "Show statements by"
        picker.border_subtitle = "enter to choose · escape to cancel"
        yield picker

    def on_mount(self) -> None:
        picker = self.query_one(SpeakerList)
        picker.show(self.counts, self.colours, active=None)
        picker.highlighted = 0

    @on(OptionList.OptionSelected)
    def choose(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        self.dismiss(self.query_one(SpeakerList).key_of(event.option))
