"""The speaker assigner (``r``, and after ``q``): fuzzy search over known names, or a new one.

Candidates are the article's speakers, the names in its text (runs of capitalised words: people
and organisations, found without the model) and the speaker names used in the library.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from rapidfuzz import fuzz, process
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Checkbox, Input, OptionList
from textual.widgets.option_list import Option

SHOWN = 12
_NAME = re.compile(r"\b[A-Z][\w’'-]*(?:\.[A-Z]\.?)*(?: (?:(?:of|the|de|van|von|al) )?[A-Z][\w’'-]*(?:\.[A-Z]\.?)*)+")
#: Capitalised words that open sentences or name days, not people or organisations.
_NOT_NAMES = frozenset(
    ["A", "An", "And", "As", "At", "But", "By", "Despite", "For", "From", "He", "However", "If", "In", "It", "On", "She", "The", "Their", "They", "This", "We", "When", "While", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]
)


@dataclass(frozen=True)
class SpeakerChoice:
    """The name chosen and whether it goes to every statement of the same speaker."""

    name: str
    everywhere: bool = False


def names_in_text(text: str) -> list[str]:
    """Runs of two or more capitalised words (``Jen Psaki``, ``United Nations``), each once."""
    seen: dict[str, None] = {}
    for match in _NAME.finditer(text):
        words = match.group().split()
        while words and words[0] in _NOT_NAMES:
            words.pop(0)
        while words and words[-1] in _NOT_NAMES:
            words.pop()
        if len(words) > 1:
            seen.setdefault(" ".join(words), None)
    return list(seen)


def rank_names(query: str, names: list[str]) -> list[str]:
    """The names best matching ``query`` (all of them, in order, when it is empty)."""
    if not query.strip():
        return names[:SHOWN]
    found = process.extract(query, names, scorer=fuzz.WRatio, limit=SHOWN, score_cutoff=50)
    return [name for name, _, _ in found]


class SpeakerAssign(ModalScreen[SpeakerChoice | None]):
    """Type to search; up/down choose, enter assigns, escape cancels. The best match comes
    first; the last entry is the typed text as a new name when it is not one already known."""

    BINDINGS = [
        Binding("escape", "dismiss(None)", "Cancel", id="assign.cancel"),
        Binding("down", "cursor(1)", "Next name", show=False, priority=True, id="assign.down"),
        Binding("up", "cursor(-1)", "Previous name", show=False, priority=True, id="assign.up"),
        Binding("ctrl+a", "toggle_everywhere", "Apply to all", priority=True,
                id="assign.everywhere"),
    ]

    def __init__(self, names: list[str], current: str = "", same_speaker: int = 0) -> None:
        super().__init__()
        self.names = names
        self.current = current
        self.same_speaker = same_speaker
        self.shown: list[str] = []

    def compose(self) -> ComposeResult:
        with Vertical(id="assign-dialog") as dialog:
            dialog.border_title = "Who said it?"
            dialog.border_subtitle = "enter assign · ↑↓ choose · escape cancel"
            yield Input(placeholder="Type a name…", id="assign-input")
            yield OptionList(id="assign-names")
            if self.same_speaker > 1:
                yield Checkbox(
                    f"Also the other {self.same_speaker - 1} statements by "
                    f"{self.current or 'nobody'} in this article (ctrl+a)",
                    id="assign-everywhere",
                )

    def on_mount(self) -> None:
        self.show_names("")

    @on(Input.Changed, "#assign-input")
    def search(self, event: Input.Changed) -> None:
        self.show_names(event.value)

    def show_names(self, query: str) -> None:
        typed = " ".join(query.split())
        self.shown = rank_names(typed, self.names)
        if typed and typed not in self.shown:
            self.shown.append(typed)
        listing = self.query_one("#assign-names", OptionList)
        listing.set_options(
            Option(Content.assemble(("new: ", "dim"), name) if name == typed and name not in
                   self.names else Content(name), id=str(i))
            for i, name in enumerate(self.shown)
        )  # fmt: skip
        listing.highlighted = 0 if self.shown else None

    def action_cursor(self, step: int) -> None:
        listing = self.query_one("#assign-names", OptionList)
        if self.shown:
            now = listing.highlighted if listing.highlighted is not None else -step
            listing.highlighted = (now + step) % len(self.shown)

    def action_toggle_everywhere(self) -> None:
        for box in self.query("#assign-everywhere").results(Checkbox):
            box.toggle()

    @on(Input.Submitted, "#assign-input")
    def assign_highlighted(self, event: Input.Submitted) -> None:
        event.stop()
        highlighted = self.query_one("#assign-names", OptionList).highlighted
        if highlighted is not None:
            self.choose(self.shown[highlighted])

    @on(OptionList.OptionSelected, "#assign-names")
    def assign_clicked(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        self.choose(self.shown[event.option_index])

    def choose(self, name: str) -> None:
        everywhere = any(box.value for box in self.query("#assign-everywhere").results(Checkbox))
        self.dismiss(SpeakerChoice(name, everywhere))
