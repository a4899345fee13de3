"""The reader's sidebar: the speakers panel over the statements panel (a loading indicator
between them until the statements arrive)."""
from __future__ import annotations

from collections import Counter

from textual.app import ComposeResult
from textual.color import Color
from textual.containers import Vertical
from textual.widgets import LoadingIndicator
from textual.widgets.option_list import Option

from corpus.schema import StatementRecord
from services.wording import speaker_key, speaker_label
from tui.widgets.speaker_list import SpeakerList
from tui.widgets.statement_list import StatementList


class Sidebar(Vertical):
    """Both panels, with their titles and counts."""

    def compose(self) -> ComposeResult:
        yield SpeakerList(id="speakers")
        yield LoadingIndicator(id="parsing")
        yield StatementList(id="statements")

    def on_mount(self) -> None:
        self.query_one(SpeakerList).border_title = "Speakers"
        self.query_one(StatementList).border_title = "Statements"

    def say(self, message: str) -> None:
        """Show one line in both panels instead of their content (parsing, failure)."""
        self.query_one(SpeakerList).set_options([Option(message, disabled=True)])
        self.query_one(StatementList).say(message)

    def stop_loading(self) -> None:
        self.query_one("#parsing").remove()

    def show(
        self,
        statements: list[StatementRecord],
        colours: dict[str, Color],
        visible: list[int],
        selected: int | None,
        speaker_filter: str | None,
    ) -> None:
        """Fill both panels: the ``visible`` statements (the filter's), every speaker with
        the count of their statements (rejected ones counted apart)."""
        listing = self.query_one(StatementList)
        listing.show(statements, colours, visible)
        listing.highlight_statement(selected)
        title = f"Statements · {len(visible)}"
        if speaker_filter is not None:
            title += f" of {len(statements)} · {speaker_label(speaker_filter)}"
        listing.border_title = title
        speakers = self.query_one(SpeakerList)
        kept: Counter[str] = Counter()
        rejected: Counter[str] = Counter()
        for statement in statements:  # one pass: this runs on every key at 10,000 statements
            (rejected if statement.status == "rejected" else kept)[speaker_key(statement)] += 1
        speakers.show(kept, colours, speaker_filter, rejected)
        speakers.border_title = f"Speakers · {len(speakers.keys)}"
