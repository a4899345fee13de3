"""The help screen (``?``): every key in force, what it does and its id for the config."""
from __future__ import annotations

from dataclasses import dataclass

from textual.app import App, ComposeResult
from textual.binding import Binding
from textual.containers import Grid, VerticalScroll
from textual.dom import DOMNode
from textual.screen import ModalScreen
from textual.widgets import Static

from services.wording import STATUS_MARKS


@dataclass(frozen=True)
class KeyRow:
    """One line of the help: the keys, what they do, the binding id(s) to remap them."""

    keys: str
    text: str
    id: str = ""


def key_rows(app: App, node: DOMNode | type[DOMNode]) -> list[tuple[str, str, str, str]]:
    """``(action, keys, description, id)`` per action of a node's bindings that have an
    ``id``, with the keys the app's keymap (config ``[keys]``) puts in force."""
    bindings = node._merged_bindings.copy() if isinstance(node, type) else node._bindings.copy()
    bindings.apply_keymap(app._keymap)
    rows: dict[str, tuple[list[str], str, list[str]]] = {}
    for _, binding in bindings:
        if binding.id is None:
            continue
        keys, _, ids = rows.setdefault(
            binding.action, ([], binding.tooltip or binding.description, [])
        )
        display = app.get_key_display(binding)
        if display not in keys:
            keys.append(display)
        if binding.id not in ids:
            ids.append(binding.id)
    return [
        (action, ", ".join(keys), text, ", ".join(ids))
        for action, (keys, text, ids) in rows.items()
    ]


class HelpScreen(ModalScreen[None]):
    """A modal list of keys; escape, q or ? closes it."""

    BINDINGS = [
        Binding("escape,q,question_mark", "dismiss", "Close help", id="help.close"),
    ]

    def __init__(self, rows: list[KeyRow]) -> None:
        super().__init__()
        self.rows = rows

    def compose(self) -> ComposeResult:
        with VerticalScroll(id="help-dialog") as dialog:
            dialog.border_title = "Keys"
            dialog.border_subtitle = "escape to close"
            yield Static(
                "quotelens marks each quote in its speaker's colour (italic); speakers are bold, "
                "cue words underlined, rejected statements struck through. The bar on the left "
                "marks the selected statement; the panel marks each status: "
                f"{', '.join(f'{mark} {status}' for status, mark in STATUS_MARKS.items())}. "
                "Text being edited (e) or selected "
                "(v) is reversed between ▶ and ◀, with EDIT or SELECT first on the status line.\n"
                "q quits, except while selecting text (v or a mouse drag), where it makes the "
                "selection a statement; ctrl+q always quits. Remap any key in the config file "
                "by the id shown on the right ([keys] in config.toml).",
                id="help-intro",
                markup=False,
            )
            with Grid(id="help-keys"):  # keys | what | id, each wrapping in its own column
                for row in self.rows:
                    yield Static(row.keys, classes="help-key", markup=False)
                    yield Static(row.text, classes="help-text", markup=False)
                    yield Static(row.id, classes="help-id", markup=False)
