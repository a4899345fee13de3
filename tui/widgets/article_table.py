"""The library's table of articles: title, statements, reviewed/total, status, date, datasets
(when any article is in one), source."""
from __future__ import annotations

from datetime import datetime
from pathlib import Path

from rich.text import Text
from textual.binding import Binding
from textual.widgets import DataTable

from corpus.library import ArticleEntry
from corpus.text import make_inert

TITLE_MIN = 24  # narrowest title column
SOURCE_WIDTH = (12, 32)  # narrowest and widest source column
DATASETS_WIDTH = 12  # widest datasets column (names cut with …)
NARROW_MIN = 8  # narrowest title or source column, where the terminal has no room for more
CELL_PADDING = 2  # DataTable pads each cell by one on either side
BAR_CELLS = 6
COLUMNS = ("Title", "Statements", "Reviewed", "Status", "Added", "Source")
WIDE = 100  # from this width, a table with datasets keeps the Added column
STATUS_STYLES = {
    "new": ("new", "bold cyan"),
    "in_progress": ("in progress", "bold yellow"),
    "done": ("done", "bold green"),
    "skipped": ("skipped", "dim"),
}


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
    done, total = entry.reviewed, entry.statements
    if total == 0:
        return Text("—", style="dim")
    filled = round(BAR_CELLS * done / total)
    style = "green" if done == total else "yellow" if done else "dim"
    return Text.assemble(
        ("▰" * filled, style), ("▱" * (BAR_CELLS - filled), "dim"), f" {done}/{total}"
    )


def row_cells(
    entry: ArticleEntry,
    title_width: int | None = None,
    source_width: int = SOURCE_WIDTH[1],
    columns: tuple[str, ...] = COLUMNS,
) -> tuple[Text, ...]:
    """The cells of one article's row in ``columns`` (plain Text: titles are never read as
    markup); the title and source are cut with ``…`` to these widths (title: uncut if
    ``None``)."""
    label, style = STATUS_STYLES.get(entry.status, (entry.status, ""))
    title = " ".join(entry.title.split())
    cells = {
        "Title": lambda: Text(title if title_width is None else _short(title, title_width), style="bold"),
        "Statements": lambda: Text(str(entry.statements) if entry.model else "—", justify="right"),
        "Reviewed": lambda: _progress(entry),
        "Status": lambda: Text(label, style=style),
        "Added": lambda: Text(_added(entry.added), style="dim"),
        "Datasets": lambda: Text(_short(make_inert(",".join(entry.datasets)) or "—", DATASETS_WIDTH),
                                 style="italic"),
        "Source": lambda: Text(_short(Path(entry.source).name or entry.source, source_width), style="dim"),
    }  # fmt: skip
    return tuple(cells[name]() for name in columns)


def columns_for(entries: list[ArticleEntry], width: int) -> tuple[str, ...]:
    """The columns to show: ``Datasets`` (before the source) only when an article is in
    one; then, below ``WIDE`` cells, it takes the place of ``Added`` (80 columns must fit)."""
    if not any(e.datasets for e in entries):
        return COLUMNS
    return tuple(c for c in (*COLUMNS[:-1], "Datasets", COLUMNS[-1]) if c != "Added" or width >= WIDE)


def column_widths(entries: list[ArticleEntry], width: int) -> tuple[int, int]:
    """Title and source widths that fit ``width`` cells: the middle columns keep their
    natural width; the source gets what the whole title leaves, but at least a third of the
    room (within ``SOURCE_WIDTH``, never more than it needs); the title takes the rest."""
    names = columns_for(entries, width)
    columns = list(zip(*(row_cells(e, columns=names) for e in entries))) or [()] * len(names)
    natural = [max([len(name), *(cell.cell_len for cell in cells)]) for name, cells in zip(names, columns)]
    free = width - sum(natural[1:-1]) - CELL_PADDING * len(natural)
    low, high = SOURCE_WIDTH
    if free < TITLE_MIN + low:  # a narrow terminal: both shrink, so the table still fits
        source = min(natural[-1], max(NARROW_MIN, free // 3))
        return max(NARROW_MIN, free - source), source
    source = min(natural[-1], high, max(low, free // 3, free - natural[0]))
    title = max(TITLE_MIN, free - source)
    return title, source


class ArticleTable(DataTable):
    """Articles in the order given, one row each (row key: article id); ``show`` fills it."""

    BINDINGS = [
        Binding("enter", "select_cursor", "Open", tooltip="Open the article", id="library.open"),
    ]

    def __init__(self, **kwargs) -> None:
        super().__init__(cursor_type="row", zebra_stripes=True, **kwargs)
        self.shown: list[ArticleEntry] = []
        self.filled_widths = (0, 0)
        self.columns_shown: tuple[str, ...] = COLUMNS

    def show(self, entries: list[ArticleEntry], query: str = "") -> int:
        """Show the entries matching ``query``, in their order, keeping the cursor on the
        same article if it is still listed; the number of rows shown."""
        self.shown = [e for e in entries if not query or matches(e, query)]
        self._fill()
        return len(self.shown)

    def on_resize(self) -> None:
        width = self._width()
        if self.shown and (self._widths(), columns_for(self.shown, width)) != (self.filled_widths, self.columns_shown):
            self._fill()

    def _width(self) -> int:
        """The table's width less its vertical scrollbar."""
        return (self.size.width or self.app.size.width) - self.styles.scrollbar_size_vertical

    def _widths(self) -> tuple[int, int]:
        """Title and source widths for the table's width."""
        return column_widths(self.shown, self._width())

    def _fill(self) -> None:
        keep, row = self.selected_id, self.cursor_row
        self.filled_widths = self._widths()
        self.clear(columns=True)  # columns only ever widen: start afresh to fit the titles
        names = self.columns_shown = columns_for(self.shown, self._width())
        rows = [row_cells(entry, *self.filled_widths, columns=names) for entry in self.shown]
        # Fixed widths, measured here: auto-width columns are measured only when the app is
        # idle, and until then (or for good, in a busy terminal) show cut at the header's width.
        for name, cells in zip(names, zip(*rows) if rows else [()] * len(names)):
            width = max([len(name), *(cell.cell_len for cell in cells)])
            self.add_column(name, key=name.lower(), width=width)
        for entry, cells in zip(self.shown, rows):
            self.add_row(*cells, key=entry.id)
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
