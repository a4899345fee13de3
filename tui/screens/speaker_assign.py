"""The speaker assigner (``r``, and after ``q``): fuzzy search over known names, or a new one
(the names offered: services.speaker_names)."""
from __future__ import annotations

from dataclasses import dataclass

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Footer, Input, OptionList
from textual.widgets.option_list import Option

from services.speaker_names import rank_names, starts_a_name
from tui.widgets.state_checkbox import StateCheckbox


@dataclass(frozen=True)
class SpeakerChoice:
    """The name chosen and whether it goes to every statement of the same speaker."""

    name: str
    everywhere: bool = False


class SpeakerAssign(ModalScreen[SpeakerChoice | None]):
    """Type to search; up/down choose, enter assigns, escape cancels. The typed text is offered
    as a new name: first (and taken by enter) when it begins no known name, else last."""

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
            hint = "enter assign · ↑↓ choose · esc cancel"
            if self.same_speaker > 1:
                hint += " · ctrl+a all"
            dialog.border_subtitle = hint
            yield Input(placeholder="Type a name…", id="assign-input")
            yield OptionList(id="assign-names")
            if self.same_speaker > 1:
                yield StateCheckbox(
                    f"All {self.same_speaker} statements by {self.current or 'nobody'} in this "
                    "article (ctrl+a)",
                    id="assign-everywhere",
                )
        yield Footer()

    def on_mount(self) -> None:
        self.show_names("")

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """ctrl+a only when there are other statements by the same speaker."""
        return action != "toggle_everywhere" or self.same_speaker > 1

    @on(Input.Changed, "#assign-input")
    def search(self, event: Input.Changed) -> None:
        self.show_names(event.value)

    def show_names(self, query: str) -> None:
        """List the best matches of ``query`` and the typed text as a new name."""
        typed = " ".join(query.split())
        self.shown = rank_names(typed, self.names)
        known = {n.casefold() for n in self.names}
        new = bool(typed) and typed.casefold() not in known
        if new:
            first = not starts_a_name(typed, self.names)
            self.shown = [typed, *self.shown] if first else [*self.shown, typed]
        listing = self.query_one("#assign-names", OptionList)
        listing.set_options(
            Option(Content.assemble(("new: ", "bold"), name) if new and name == typed
                   else Content(name), id=str(i))
            for i, name in enumerate(self.shown)
        )  # fmt: skip
        listing.highlighted = 0 if self.shown else None

    def action_cursor(self, step: int) -> None:
        listing = self.query_one("#assign-names", OptionList)
        if self.shown:
            now = listing.highlighted if listing.highlighted is not None else -step
            listing.highlighted = (now + step) % len(self.shown)

    def action_toggle_everywhere(self) -> None:
        for box in self.query("#assign-everywhere").results(StateCheckbox):
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
        everywhere = any(
            box.value for box in self.query("#assign-everywhere").results(StateCheckbox)
        )
        self.dismiss(SpeakerChoice(name, everywhere))
