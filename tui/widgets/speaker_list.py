"""The speakers panel: each speaker in their colour, with their number of statements."""
from __future__ import annotations

from textual.color import Color
from textual.content import Content
from textual.widgets import OptionList
from textual.widgets.option_list import Option

from tui.widgets.statement_labels import speaker_label

NAME_WIDTH = 26


def speaker_prompt(key: str, count: int, colour: Color, active: bool = False) -> Content:
    """``■ Name ……… 3``, marked when it is the active filter."""
    label = speaker_label(key)
    if len(label) > NAME_WIDTH:
        label = label[: NAME_WIDTH - 1] + "…"
    return Content.assemble(
        ("■ ", colour.hex),
        (label.ljust(NAME_WIDTH), "bold" if active else ""),
        (f"{count:>3}", "dim"),
        ("  ◆ filter" if active else "", "bold"),
    )


class SpeakerList(OptionList):
    """Speakers by number of statements; option ids are ``speaker-N``."""

    def show(self, counts: dict[str, int], colours: dict[str, Color], active: str | None) -> None:
        """List the speakers, most statements first, marking the active filter."""
        self.keys = sorted(counts, key=lambda k: (-counts[k], k == "", k.casefold()))
        self.set_options(
            Option(speaker_prompt(k, counts[k], colours[k], k == active), id=f"speaker-{n}")
            for n, k in enumerate(self.keys)
        )

    def key_of(self, option: Option) -> str:
        """The speaker key an option stands for."""
        assert option.id is not None
        return self.keys[int(option.id.removeprefix("speaker-"))]
