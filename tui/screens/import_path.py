"""The import dialog (``i`` in the library): asks for an article file or a folder of articles."""
from __future__ import annotations

from pathlib import Path

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.suggester import Suggester
from textual.widgets import Input, Static

from corpus.importers import ARTICLE_SUFFIXES


class PathSuggester(Suggester):
    """Completes the last part of a path with the first matching folder or article file."""

    def __init__(self) -> None:
        super().__init__(use_cache=False, case_sensitive=True)

    async def get_suggestion(self, value: str) -> str | None:
        if not value:
            return None
        typed = Path(value).expanduser()
        folder, prefix = (typed, "") if value.endswith(("/", "\\")) else (typed.parent, typed.name)
        try:
            names = sorted(
                (entry.name + "/" if entry.is_dir() else entry.name)
                for entry in folder.iterdir()
                if entry.name.startswith(prefix)
                and (prefix.startswith(".") or not entry.name.startswith("."))
                and (entry.is_dir() or entry.suffix.lower() in ARTICLE_SUFFIXES)
            )
        except OSError:
            return None
        if not names:
            return None
        return value + names[0][len(prefix):]


class ImportPathScreen(ModalScreen[Path | None]):
    """A modal path field; enter returns an existing path, escape returns ``None``."""

    DEFAULT_CSS = """
    ImportPathScreen {
        align: center middle;
        background: $background 60%;
    }
    ImportPathScreen #import-dialog {
        width: 80;
        height: auto;
        padding: 1 2;
        border: round $accent;
        border-title-style: bold;
        background: $panel;
    }
    ImportPathScreen #import-hint {
        color: $text-muted;
        margin-bottom: 1;
    }
    ImportPathScreen #import-error {
        color: $text-error;
        height: auto;
        margin-top: 1;
        display: none;
    }
    ImportPathScreen #import-error.-shown {
        display: block;
    }
    """

    BINDINGS = [
        Binding("escape", "dismiss(None)", "Cancel", id="import.cancel"),
        Binding("tab", "complete", "Complete", show=False, priority=True, id="import.complete"),
    ]

    def __init__(self, start: str = "") -> None:
        super().__init__()
        self.start = start

    def compose(self) -> ComposeResult:
        with Vertical(id="import-dialog") as dialog:
            dialog.border_title = "Import articles"
            dialog.border_subtitle = "tab complete · enter import · escape cancel"
            yield Static(
                "An article file (.txt, .md, .html) or a folder: every article file in it "
                "is added and pre-annotated.",
                id="import-hint",
                markup=False,
            )
            yield Input(
                self.start,
                placeholder="~/news/article.txt or ~/news/",
                suggester=PathSuggester(),
                id="import-path",
            )
            yield Static(id="import-error", markup=False)

    def action_complete(self) -> None:
        """Accept the completion shown after the cursor."""
        field = self.query_one(Input)
        field.cursor_position = len(field.value)
        field.action_cursor_right()

    @on(Input.Changed)
    def clear_error(self) -> None:
        self.query_one("#import-error").remove_class("-shown")

    @on(Input.Submitted)
    def submit(self, event: Input.Submitted) -> None:
        event.stop()
        value = event.value.strip()
        error = self.query_one("#import-error", Static)
        if not value:
            error.update("Type the path of an article file or a folder.")
            error.add_class("-shown")
            return
        path = Path(value).expanduser()
        if not path.exists():
            error.update(f"{value}: no such file or folder")
            error.add_class("-shown")
            return
        self.dismiss(path)
