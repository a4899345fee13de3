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
        # Held, not queried: the app may be quitting while this screen mounts.
        self.picker = SpeakerList(id="picker-list")

    def compose(self) -> ComposeResult:
        self.picker.border_title = "Show statements by"
        self.picker.border_subtitle = "enter to choose · escape to cancel"
        yield self.picker

    def on_mount(self) -> None:
        self.picker.show(self.counts, self.colours, active=None)
        self.picker.highlighted = 0

    @on(OptionList.OptionSelected)
    def choose(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        self.dismiss(self.picker.key_of(event.option))
