"""The help screen (``?``): every key of the reader and what it does."""
from __future__ import annotations

from collections.abc import Iterable

from textual.app import App, ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Static


def key_rows(app: App, bindings: Iterable[tuple[str, Binding]]) -> list[tuple[str, str, str]]:
    """``(action, keys, description)`` per action of our bindings (those with an ``id``)."""
    rows: dict[str, tuple[list[str], str]] = {}
    for _, binding in bindings:
        if binding.id is None:
            continue
        keys, _ = rows.setdefault(binding.action, ([], binding.tooltip or binding.description))
        display = app.get_key_display(binding)
        if display not in keys:
            keys.append(display)
    return [(action, ", ".join(keys), text) for action, (keys, text) in rows.items()]


def key_table(rows: list[tuple[str, str]]) -> Content:
    """Aligned ``keys  description`` lines."""
    width = max((len(keys) for keys, _ in rows), default=0) + 3
    return Content("\n").join(
        Content.assemble((keys.ljust(width), "bold $accent"), text) for keys, text in rows
    )


class HelpScreen(ModalScreen[None]):
    """A modal list of keys; escape, q or ? closes it."""

    BINDINGS = [
        Binding("escape,q,question_mark", "dismiss", "Close help", id="help.close"),
    ]

    def __init__(self, rows: list[tuple[str, str]]) -> None:
        super().__init__()
        self.rows = rows

    def compose(self) -> ComposeResult:
        with VerticalScroll(id="help-dialog") as dialog:
            dialog.border_title = "Keys"
            dialog.border_subtitle = "escape to close"
            yield Static(
                "quotelens marks each quote in its speaker's colour (italic); speakers are bold, "
                "cue words underlined. The bar on the left marks the selected statement.",
                id="help-intro",
                markup=False,
            )
            yield Static(key_table(self.rows), id="help-keys")
