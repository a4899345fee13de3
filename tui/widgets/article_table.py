"""The library's table of articles: title, statements, reviewed/total, status, date, source."""
from __future__ import annotations

from datetime import datetime
from pathlib import Path

from rich.text import Text
from textual.binding import Binding
from textual.widgets import DataTable

from corpus.library import ArticleEntry

TITLE_WIDTH = 52
SOURCE_WIDTH = 28
BAR_CELLS = 6
STATUS_STYLES = {
    "new": ("new", "bold cyan"),
    "in_progress": ("in progress", "bold yellow"),
    "done": ("done", "bold green"),
    "skipped": ("skipped", "dim"),
}


def reviewed(entry: ArticleEntry) -> int:
    """Statements a person has looked at (anything but an untouched model suggestion)."""
    return entry.statements - (entry.counts or {}).get("predicted", 0)


def matches(entry: ArticleEntry, query: str) -> bool:
    """True if the title or source contains ``query`` (case-insensitive)."""
    needle = query.casefold()
    return needle in entry.title.casefold() or needle in entry.source.casefold()


def _short(text: str, width: int) -> str:
    text = " ".join(text.split())
    return text if len(text) <= width else text[: width - 1].rstrip() + "…"


def _added(stamp: str) -> str:
    try:
        return datetime.fromisoformat(stamp).astimezone().strftime("%Y-%m-%d %H:%M")
    except (TypeError, ValueError):
        return stamp or ""


def _progress(entry: ArticleEntry) -> Text:
    if entry.model is None:
        return Text("not parsed", style="dim italic")
    done, total = reviewed(entry), entry.statements
    if total == 0:
        return Text("—", style="dim")
    filled = round(BAR_CELLS * done / total)
    style = "green" if done == total else "yellow" if done else "dim"
    return Text.assemble(
        ("▰" * filled, style), ("▱" * (BAR_CELLS - filled), "dim"), f" {done}/{total}"
    )


def row_cells(entry: ArticleEntry) -> tuple[Text, ...]:
    """The cells of one article's row (plain Text: titles are never read as markup)."""
    label, style = STATUS_STYLES.get(entry.status, (entry.status, ""))
    statements = Text(str(entry.statements) if entry.model else "—", justify="right")
    return (
        Text(_short(entry.title, TITLE_WIDTH), style="bold"),
        statements,
        _progress(entry),
        Text(label, style=style),
        Text(_added(entry.added), style="dim"),
        Text(_short(Path(entry.source).name or entry.source, SOURCE_WIDTH), style="dim"),
    )


class ArticleTable(DataTable):
    """Articles newest first, one row each (row key: article id); ``show`` fills it."""

    COLUMNS = ("Title", "Statements", "Reviewed", "Status", "Added", "Source")
    BINDINGS = [
        Binding("enter", "select_cursor", "Open", tooltip="Open the article", id="library.open"),
    ]

    def __init__(self, **kwargs) -> None:
        super().__init__(cursor_type="row", zebra_stripes=True, **kwargs)

    def on_mount(self) -> None:
        for name in self.COLUMNS:
            self.add_column(name, key=name.lower())

    def show(self, entries: list[ArticleEntry], query: str = "") -> int:
        """Show the entries matching ``query``, newest first, keeping the cursor on the same
        article if it is still listed; the number of rows shown."""
        keep, row = self.selected_id, self.cursor_row
        self.clear()
        shown = [e for e in entries if not query or matches(e, query)]
        shown.sort(key=lambda e: (e.added, e.id), reverse=True)
        for entry in shown:
            self.add_row(*row_cells(entry), key=entry.id)
        if keep is not None and keep in self.rows:
            row = self.get_row_index(keep)
        if shown:
            self.move_cursor(row=min(row, len(shown) - 1), animate=False)
        return len(shown)

    @property
    def selected_id(self) -> str | None:
        """The id of the article under the cursor, or None if the table is empty."""
        if not self.row_count:
            return None
        row_key, _ = self.coordinate_to_cell_key(self.cursor_coordinate)
        return row_key.value
