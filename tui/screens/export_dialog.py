"""The export dialog (command palette, "Export annotations…"): format, output path, filter;
and the progress view shown while the app runs the export (corpus.export.from_library).
"""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.content import Content
from textual.message import Message
from textual.screen import ModalScreen
from textual.widgets import Button, Input, Label, ProgressBar, Select, Static

from corpus.export import DEFAULT_STATUSES, FORMATS, STATUSES, ExportFilter
from tui.widgets.state_checkbox import StateCheckbox

#: The default output name per format, in the current folder (spacy and brat write a folder).
DEFAULT_NAMES = {
    "jsonl": "quotelens-export.jsonl",
    "prodigy": "quotelens-export.prodigy.jsonl",
    "doccano": "quotelens-export.doccano.jsonl",
    "labelstudio": "quotelens-export.labelstudio.json",
    "spacy": "quotelens-export-spacy",
    "brat": "quotelens-export-brat",
    "csv": "quotelens-export.csv",
    "markdown": "quotelens-export.md",
}
FORMAT_HINTS = {
    "jsonl": "One line per article with its statements; quotelens import reads it back.",
    "prodigy": "Prodigy tasks, one line per statement; rejected ones get answer: reject.",
    "doccano": "doccano JSONL (entities and relations), one line per article; no rejected statements.",
    "labelstudio": "Label Studio tasks; machine statements as predictions; no rejected statements.",
    "spacy": "A folder of .spacy DocBin shards for spacy train (never rejected statements).",
    "brat": "A folder of ID.txt + ID.ann pairs that brat and INCEpTION open; import reads it back.",
    "csv": "A quote sheet for spreadsheets, one row per statement.",
    "markdown": "A quote sheet as a Markdown table, one row per statement.",
}
#: Statuses offered as checkboxes; "rejected" has its own checkbox, as in the CLI.
CHOSEN_STATUSES = tuple(s for s in STATUSES if s not in ("rejected", "ignored"))


@dataclass(frozen=True)
class ExportRequest:
    """What the user asked to export: the format, where to, and which statements."""

    fmt: str
    path: Path
    filter: ExportFilter
    force: bool = False  # replace an existing file that is not an earlier export


@dataclass(frozen=True)
class ArticleChoice:
    """The article open in the reader, which the dialog offers to export alone."""

    id: str
    title: str


class ExportDialog(ModalScreen[ExportRequest | None]):
    """A modal form; Export (or enter in the path) returns an ExportRequest, escape ``None``."""

    DEFAULT_CSS = """
    ExportDialog {
        align: center middle;
        background: $background 60%;
    }
    ExportDialog #export-dialog {
        width: 84;
        max-width: 100%;
        height: auto;
        max-height: 100%;
        overflow-y: auto;
        scrollbar-size-vertical: 1;
        padding: 1 1 1 2;
        border: round $accent;
        border-title-style: bold;
        background: $panel;
    }
    ExportDialog .export-row {
        height: auto;
        margin-top: 1;
    }
    ExportDialog .export-row Label {
        width: 9;
        padding-top: 1;
    }
    ExportDialog #export-format { width: 1fr; }
    ExportDialog #export-path { width: 1fr; }
    ExportDialog #export-hint { color: $text-muted; }
    ExportDialog #export-error {
        color: $text-error;
        height: auto;
        margin-top: 1;
        display: none;
    }
    ExportDialog #export-error.-shown { display: block; }
    ExportDialog #export-buttons {
        height: auto;
        margin-top: 1;
        align-horizontal: right;
    }
    ExportDialog #export-buttons Button { margin-left: 2; }
    """

    BINDINGS = [Binding("escape", "dismiss(None)", "Cancel", id="export.cancel")]

    def __init__(self, article: ArticleChoice | None = None, only_article: bool = False) -> None:
        """``article``: offer to export only it (switched on if ``only_article``)."""
        super().__init__()
        self.article = article
        self.only_article = only_article

    def compose(self) -> ComposeResult:
        with Vertical(id="export-dialog") as dialog:
            dialog.border_title = "Export annotations"
            with Horizontal(classes="export-row"):
                yield Label("Format")
                yield Select(
                    [(fmt, fmt) for fmt in FORMATS],
                    value=FORMATS[0],
                    allow_blank=False,
                    id="export-format",
                )
            yield Static(FORMAT_HINTS[FORMATS[0]], id="export-hint", markup=False)
            with Horizontal(classes="export-row"):
                yield Label("Output")
                yield Input(f"./{DEFAULT_NAMES[FORMATS[0]]}", id="export-path")
            with Horizontal(classes="export-row"):
                yield Label("Statuses")
                for status in CHOSEN_STATUSES:
                    yield StateCheckbox(
                        status, status in DEFAULT_STATUSES, id=f"export-status-{status}"
                    )
            with Horizontal(classes="export-row"):
                yield StateCheckbox("Include rejected statements", False, id="export-rejected")
            with Horizontal(classes="export-row"):
                yield StateCheckbox("Replace an existing file (--force)", False, id="export-force")
            if self.article is not None:
                with Horizontal(classes="export-row"):
                    yield StateCheckbox(
                        Content(f"Only “{self.article.title}”"),
                        self.only_article,
                        id="export-only-article",
                    )
            yield Static(id="export-error", markup=False)
            with Horizontal(id="export-buttons"):
                yield Button("Cancel", id="export-cancel")
                yield Button("Export", variant="primary", id="export-run")

    def on_mount(self) -> None:
        self.query_one("#export-format", Select).focus()

    @on(Select.Changed, "#export-format")
    def format_changed(self, event: Select.Changed) -> None:
        """Swap the default file name for the new format's, unless the user typed another."""
        event.stop()
        new = str(event.value)
        self.query_one("#export-hint", Static).update(FORMAT_HINTS[new])
        field = self.query_one("#export-path", Input)
        for old_name in DEFAULT_NAMES.values():
            if field.value.endswith(old_name):
                field.value = field.value[: -len(old_name)] + DEFAULT_NAMES[new]
                break

    @on(Button.Pressed, "#export-cancel")
    def cancel(self, event: Button.Pressed) -> None:
        event.stop()
        self.dismiss(None)

    @on(Button.Pressed, "#export-run")
    @on(Input.Submitted, "#export-path")
    def submit(self, event: Button.Pressed | Input.Submitted) -> None:
        event.stop()
        request = self.request()
        if request is not None:
            self.dismiss(request)

    def request(self) -> ExportRequest | None:
        """The request the form describes, or ``None`` after showing why it is incomplete."""
        path = self.query_one("#export-path", Input).value.strip()
        statuses = frozenset(
            s for s in CHOSEN_STATUSES
            if self.query_one(f"#export-status-{s}", StateCheckbox).value
        )
        include_rejected = self.query_one("#export-rejected", StateCheckbox).value
        if not path:
            return self.refuse("Give the file to write (for spacy and brat: a folder).")
        if not statuses and not include_rejected:
            return self.refuse("Choose at least one status to export.")
        only = (
            self.article is not None
            and self.query_one("#export-only-article", StateCheckbox).value
        )
        filt = ExportFilter(
            article_ids=frozenset({self.article.id}) if only else None,
            statuses=statuses,
            include_rejected=include_rejected,
        )
        fmt = str(self.query_one("#export-format", Select).value)
        force = self.query_one("#export-force", StateCheckbox).value
        return ExportRequest(fmt, Path(path).expanduser(), filt, force)

    def refuse(self, reason: str) -> None:
        error = self.query_one("#export-error", Static)
        error.update(reason)
        error.add_class("-shown")


class ExportProgressScreen(ModalScreen[None]):
    """Articles read so far by a running export; escape hides it (the export goes on)."""

    DEFAULT_CSS = """
    ExportProgressScreen {
        align: center middle;
        background: $background 60%;
    }
    ExportProgressScreen #export-progress {
        width: 72;
        height: auto;
        padding: 1 2;
        border: round $accent;
        border-title-style: bold;
        background: $panel;
    }
    ExportProgressScreen #export-progress-hint { color: $text-muted; margin-top: 1; }
    """

    BINDINGS = [Binding("escape", "dismiss(None)", "Hide", id="export.hide")]

    class Progressed(Message):
        """The export has read ``done`` of ``total`` articles."""

        def __init__(self, done: int, total: int) -> None:
            super().__init__()
            self.done = done
            self.total = total

    def __init__(self, path: Path) -> None:
        super().__init__()
        self.path = path

    def compose(self) -> ComposeResult:
        with Vertical(id="export-progress") as box:
            box.border_title = "Exporting"
            yield Static(f"To {self.path}", markup=False)
            yield ProgressBar(id="export-progress-bar", show_eta=False)
            yield Static(
                "escape hides this; a notification says when the export is done",
                id="export-progress-hint",
            )

    @on(Progressed)
    def progressed(self, event: Progressed) -> None:
        self.query_one(ProgressBar).update(total=event.total, progress=event.done)
