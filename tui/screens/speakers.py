"""The speakers of the library: one row per person with counts, articles and dates; enter
shows the person's quotes across articles, newest first; enter on a quote opens its article
at the quote (posts ``OpenQuote`` for the app). m on one speaker and m on another merges them
(saved in the library's speakers file), u undoes the latest merge. The rows come from services.speaker_quotes.
"""
from __future__ import annotations

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.message import Message
from textual.screen import Screen
from textual.widgets import DataTable, Footer, Static

from corpus.library import Library
from corpus.text import make_inert
from corpus.errors import QuotelensError
from services.speaker_quotes import SpeakerQuote, SpeakerTable, merge_speakers, undo_speaker_merge
from services.wording import plural

QUOTE_WIDTH = 90


class SpeakersScreen(Screen[None]):
    """Every speaker of the library, then one speaker's quotes."""

    BINDINGS = [
        Binding("escape", "back", "Back", tooltip="Back to the speakers, or to the library",
                id="speakers.back"),
        Binding("m", "merge", "Merge", tooltip="Mark a speaker, then m on another: one person",
                id="speakers.merge"),
        Binding("u", "undo_merge", "Undo merge", tooltip="Take back the latest merge",
                id="speakers.undo_merge"),
    ]

    class OpenQuote(Message):
        """The user chose a quote: open its article at that statement."""

        def __init__(self, article_id: str, statement_id: str) -> None:
            super().__init__()
            self.article_id = article_id
            self.statement_id = statement_id

    def __init__(self, library: Library) -> None:
        super().__init__()
        self.library = library
        self.table = SpeakerTable.read(library)
        self.person: str | None = None  # None: the speakers list
        self.quotes: list[SpeakerQuote] = []
        self.marked: str | None = None  # the first speaker of a merge

    def compose(self) -> ComposeResult:
        yield Static(id="speakers-title")
        yield DataTable(id="speakers-table", cursor_type="row", zebra_stripes=True)
        yield Footer()

    def on_mount(self) -> None:
        self.show_speakers()

    def show_speakers(self) -> None:
        """The list of people, most quoted first."""
        self.person = None
        speakers = self.table.speakers()
        grid = self.query_one(DataTable)
        grid.clear(columns=True)
        grid.add_columns("speaker", "quotes", "articles", "first", "last")
        for s in speakers:
            grid.add_row(Text(make_inert(s.name), style="bold"), Text(str(s.quotes), justify="right"),
                         Text(str(s.articles), justify="right"), s.first, s.last, key=s.name)
        self.query_one("#speakers-title", Static).update(
            Text(f"{plural(len(speakers), 'speaker')} · enter: their quotes · m, m: merge two"
                 " · u: undo merge · escape: library")
        )
        grid.focus()

    def show_quotes(self, person: str) -> None:
        """One person's quotes across articles, newest first."""
        self.person = person
        self.quotes = self.table.quotes_of(person)
        grid = self.query_one(DataTable)
        grid.clear(columns=True)
        grid.add_columns("date", "article", "as", "quote")
        for k, q in enumerate(self.quotes):
            quote = q.quote if len(q.quote) <= QUOTE_WIDTH else q.quote[: QUOTE_WIDTH - 1] + "…"
            grid.add_row(q.date, Text(make_inert(q.title)), Text(make_inert(q.name), style="dim"),
                         Text(make_inert(quote)), key=str(k))
        articles = len({q.article_id for q in self.quotes})
        self.query_one("#speakers-title", Static).update(Text(make_inert(
            f"{person}: {plural(len(self.quotes), 'quote')} in {plural(articles, 'article')}"
            " · enter: open the article at the quote · escape: all speakers"
        )))
        grid.focus()

    @on(DataTable.RowSelected)
    def chosen(self, event: DataTable.RowSelected) -> None:
        key = event.row_key.value
        if self.person is None:
            self.show_quotes(key)
        else:
            quote = self.quotes[int(key)]
            self.post_message(self.OpenQuote(quote.article_id, quote.statement_id))

    def action_merge(self) -> None:
        """First m marks the highlighted speaker; m on another merges the two (saved, undoable)."""
        grid = self.query_one(DataTable)
        if self.person is not None or grid.row_count == 0:
            return
        name = grid.coordinate_to_cell_key(grid.cursor_coordinate).row_key.value
        if self.marked is None or self.marked == name:
            self.marked = name
            self.notify(f"{name} marked: press m on the speaker to merge with, escape to cancel", timeout=6)
            return
        try:
            merge_speakers(self.library, self.marked, name)
        except QuotelensError as exc:
            self.notify(str(exc), title="Not merged", severity="error", timeout=8)
            return
        self.notify(f"Merged {self.marked} and {name}: one speaker (u undoes)", timeout=6)
        self.marked = None
        self.reload()

    def action_undo_merge(self) -> None:
        """Take back the latest merge made by hand."""
        try:
            undone = undo_speaker_merge(self.library)
        except QuotelensError as exc:
            self.notify(str(exc), title="Nothing undone", severity="warning", timeout=6)
            return
        self.notify(f"Undid the merge of {undone['names'][0]} and {undone['names'][1]}", timeout=6)
        self.reload()

    def reload(self) -> None:
        """Read the speakers again (after a merge or an undo) and show the list."""
        self.table = SpeakerTable.read(self.library)
        self.show_speakers()

    def action_back(self) -> None:
        if self.marked is not None:
            self.marked = None
            self.notify("Merge cancelled", timeout=3)
            return
        if self.person is not None:
            self.show_speakers()
        else:
            self.dismiss()
