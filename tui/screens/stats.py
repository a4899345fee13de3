"""The stats screen: the figures of ``quotelens stats`` (services.library_stats) in the app,
with a sparkline of the reviews per day. The figures are read in a thread worker (one article
file at a time), so a large library does not freeze the screen; ``r`` reads them again and
``d`` narrows them to one dataset after another (as ``quotelens stats --dataset NAME``).
"""
from __future__ import annotations

from textual import work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.content import Content
from textual.screen import Screen
from textual.widgets import Footer, Sparkline, Static

from corpus.library import Library
from services.library_stats import LibraryStats, daily_series, format_stats, library_stats

CHART_WIDTH = 90  # widest sparkline; more days than fit are summed up by Sparkline (max per cell)
CELLS_PER_DAY = 2


class StatsScreen(Screen[None]):
    """The library's figures: statuses, labels, annotators, datasets, reviews per day."""

    BINDINGS = [
        Binding("escape", "app.pop_screen", "Back", tooltip="Back to the library", id="stats.back"),
        Binding("r", "refresh_stats", "Refresh", tooltip="Count again", id="stats.refresh"),
        Binding("d", "next_dataset", "Dataset", tooltip="Count one dataset, the next, then all",
                id="stats.dataset"),  # fmt: skip
    ]

    def __init__(self, library: Library) -> None:
        super().__init__()
        self.library = library
        self.stats: LibraryStats | None = None
        self.dataset: str | None = None  # None: every article

    def compose(self) -> ComposeResult:
        yield Static("Stats · counting…", id="stats-header", markup=False)
        with VerticalScroll(id="stats-body"):
            yield Static(id="stats-chart-label", markup=False)
            yield Sparkline([], id="stats-chart")
            yield Static(id="stats-tables", markup=False)
        yield Footer()

    def on_mount(self) -> None:
        self.action_refresh_stats()

    def action_refresh_stats(self) -> None:
        self.count()

    def action_next_dataset(self) -> None:
        """Count the next dataset in name order; after the last, every article again."""
        names = sorted({name for entry in self.library.articles() for name in entry.datasets})
        later = [name for name in names if self.dataset is None or name > self.dataset]
        self.dataset = later[0] if later else None
        if not names:
            self.notify("No article is in a dataset (quotelens import --dataset NAME)", title="Stats")
        self.count()

    @work(thread=True, exclusive=True, group="stats", exit_on_error=False)
    def count(self) -> None:
        """Read the figures (of ``self.dataset`` only, if set) off the UI thread, then show them."""
        dataset = self.dataset
        try:
            stats = library_stats(self.library, None if dataset is None else lambda e: dataset in e.datasets)
        except Exception as exc:  # a damaged library must reach the user, not the log
            message = " ".join(str(exc).split()) or type(exc).__name__
            self.app.call_from_thread(self.notify, message, title="Stats", severity="error")
            return
        self.app.call_from_thread(self.show, stats)

    def show(self, stats: LibraryStats) -> None:
        """Show ``stats``: a header, the daily sparkline, the tables."""
        self.stats = stats
        self.query_one("#stats-header", Static).update(
            Content.assemble(
                ("Stats", "bold $accent"), "  ", (str(self.library.root), "$text-muted"),
                "  ", ("dataset " + self.dataset if self.dataset else "all articles", "$text-muted"),
            )  # fmt: skip
        )
        series = daily_series(stats.reviewed_per_day)
        chart = self.query_one(Sparkline)
        chart.data = series
        chart.display = bool(series)
        chart.styles.width = min(CHART_WIDTH, CELLS_PER_DAY * len(series))  # a day never sprawls
        days = list(stats.reviewed_per_day)
        self.query_one("#stats-chart-label", Static).update(
            f"reviews per day, {days[0]} to {days[-1]} (most: {max(series)})" if series else ""
        )
        self.query_one("#stats-tables", Static).update(format_stats(stats))
