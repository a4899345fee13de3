"""The library's table of articles: title, statements, reviewed/total, status, date, source."""
from __future__ import annotations

from datetime import datetime
from pathlib import Path

from rich.text import Text
from textual.binding import Binding
from textual.widgets import DataTable

from corpus.library import ArticleEntry

TITLE_WIDTH = (24, 64)  # narrowest and widest title column; it takes the room left
SOURCE_WIDTH = 20
FIXED_COLUMNS = len("Statements") + len("in progress") + len("28 Nov 06:00") + 2 * 6 + 2
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
        return datetime.fromisoformat(stamp).astimezone().strftime("%d %b %H:%M")
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


def row_cells(entry: ArticleEntry, title_width: int = TITLE_WIDTH[1]) -> tuple[Text, ...]:
    """The cells of one article's row (plain Text: titles are never read as markup)."""
    label, style = STATUS_STYLES.get(entry.status, (entry.status, ""))
    statements = Text(str(entry.statements) if entry.model else "—", justify="right")
    return (
        Text(_short(entry.title, title_width), style="bold"),
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
        self.shown: list[ArticleEntry] = []
        self.filled_width = 0

    def show(self, entries: list[ArticleEntry], query: str = "") -> int:
        """Show the entries matching ``query``, newest first, keeping the cursor on the same
        article if it is still listed; the number of rows shown."""
        self.shown = [e for e in entries if not query or matches(e, query)]
        self.shown.sort(key=lambda e: (e.added, e.id), reverse=True)
        self._fill()
        return len(self.shown)

    def on_resize(self) -> None:
        if self.shown and self._title_width() != self.filled_width:
            self._fill()

    def _title_width(self) -> int:
        """The title column takes the room the other columns leave (within TITLE_WIDTH)."""
        width = self.size.width or self.app.size.width
        cells = [row_cells(e) for e in self.shown]
        others = FIXED_COLUMNS + max((c[2].cell_len for c in cells), default=0)
        others += max((c[5].cell_len for c in cells), default=0)
        low, high = TITLE_WIDTH
        return max(low, min(high, width - others))

    def _fill(self) -> None:
        keep, row = self.selected_id, self.cursor_row
        self.filled_width = self._title_width()
        self.clear(columns=True)  # columns only ever widen: start afresh to fit the titles
        for name in self.COLUMNS:
            self.add_column(name, key=name.lower())
        for entry in self.shown:
            self.add_row(*row_cells(entry, self.filled_width), key=entry.id)
        if keep is not None and keep in self.rows:
            row = self.get_row_index(keep)
        if self.shown:
            self.move_cursor(row=min(row, len(self.shown) - 1), animate=False)

    @property
    def selected_id(self) -> str | None:
        """The id of the article under the cursor, or None if the table is empty."""
        if not self.row_count:
            return None
        row_key, _ = self.coordinate_to_cell_key(self.cursor_coordinate)
        return row_key.value
