"""The speakers panel: each speaker in their colour, with their number of statements."""
from __future__ import annotations

from collections.abc import Mapping

from textual.color import Color
from textual.content import Content
from textual.widgets import OptionList
from textual.widgets.option_list import Option

from services.wording import speaker_label

NAME_WIDTH = 26


def speaker_prompt(
    key: str, count: int, colour: Color, active: bool = False, rejected: int = 0
) -> Content:
    """``■ Name ……… 3``, then ``✗1`` for rejected statements and ``◆`` on the active filter;
    the name gives up the room those take, so a row never wraps onto a line of its own."""
    marks = (f" ✗{rejected}" if rejected else "") + (" ◆" if active else "")
    width = NAME_WIDTH - len(marks)
    label = speaker_label(key)
    if len(label) > width:
        label = label[: width - 1] + "…"
    return Content.assemble(
        ("■ ", colour.hex),
        (label.ljust(width), "bold" if active else ""),
        (f"{count:>3}", "dim"),
        (f" ✗{rejected}" if rejected else "", "dim"),
        (" ◆" if active else "", "bold"),
    )


class SpeakerList(OptionList):
    """Speakers by number of statements not rejected; option ids are ``speaker-N``."""

    def show(
        self,
        counts: Mapping[str, int],
        colours: dict[str, Color],
        active: str | None,
        rejected: Mapping[str, int] | None = None,
    ) -> None:
        """List the speakers, most statements first, marking the active filter; ``counts``
        should leave out rejected statements, given apart as ``rejected``."""
        rejected = rejected or {}
        keys = counts.keys() | rejected.keys()
        self.keys = sorted(keys, key=lambda k: (-counts.get(k, 0), k == "", k.casefold()))
        self.set_options(
            Option(speaker_prompt(k, counts.get(k, 0), colours[k], k == active,
                                  rejected.get(k, 0)), id=f"speaker-{n}")
            for n, k in enumerate(self.keys)
        )  # fmt: skip

    def key_of(self, option: Option) -> str:
        """The speaker key an option stands for."""
        assert option.id is not None
        return self.keys[int(option.id.removeprefix("speaker-"))]
