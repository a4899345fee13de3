"""Editing an annotator's version on the review screen before it goes into gold (``e``).

The article is shown with the version's quote selected; the reader's range-mode keys
(``RANGE_BINDINGS``: ``[`` ``]`` or shift+←→ move the start by a token, ``{`` ``}`` or
shift+↑↓ the end, enter saves, escape cancels, remaps included) move its boundaries with the
reader's token steps, and ``r`` opens the reader's speaker assigner. Enter dismisses the
screen with the edited record (None: cancelled); the review screen writes it to gold.
"""
from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.screen import Screen
from textual.widgets import Footer, Static

from corpus.schema import decode, span_dict
from corpus.text import make_inert, paragraphs
from services.annotation_session import mention_fits
from services.token_steps import TokenSteps, step_span
from tui.screens.range_mode import RANGE_BINDINGS
from tui.screens.speaker_assign import SpeakerAssign, SpeakerChoice
from tui.widgets.article_view import ArticleView

#: The reader's range-mode bindings that edit boundaries (not those that select text).
EDIT_BINDINGS = [b for b in RANGE_BINDINGS if b.action.startswith(("range_edge", "range_done", "range_cancel"))]


class VersionEdit(Screen[dict | None]):
    """One version's quote boundaries and speaker, edited; enter returns the edited record."""

    BINDINGS = [
        *EDIT_BINDINGS,
        Binding("r", "speaker", "Speaker", tooltip="Reassign the speaker", id="review.edit_speaker"),
    ]

    def __init__(self, text: str, record: dict, annotator: str, names: list[str]) -> None:
        super().__init__()
        self.text = text
        self.record = record
        self.annotator = annotator
        self.names = names
        self.steps = TokenSteps(text)
        self.range = (record["quote"][0]["start"], record["quote"][-1]["end"])
        self.speaker_name: str | None = record["speaker_name"]
        self.speaker: dict | None = record["speaker"]

    def compose(self) -> ComposeResult:
        yield Static(id="edit-header", markup=False)
        yield ArticleView(self.text, paragraphs(self.text), id="edit-article")
        yield Footer()

    def on_mount(self) -> None:
        self.query_one(ArticleView).focus()
        self.show()

    def show(self) -> None:
        """The header (whose version, the quote's ends, the speaker) and the selection."""
        start, end = self.range
        words = make_inert(" ".join(self.text[start:end].split()))
        self.query_one("#edit-header", Static).update(
            f"Editing {make_inert(self.annotator)}'s version · speaker: "
            f"{make_inert(self.speaker_name or 'none')} · quote: {words}"
        )
        self.query_one(ArticleView).set_selection(self.range)

    def edited(self) -> dict:
        """The record with the new boundaries and speaker (unchanged if nothing was edited):
        a changed model statement is ``corrected``; a person's own stays ``added``."""
        bounds = decode(self.record).with_quote_bounds(*self.range, self.text).quote
        changes = {
            "quote": [span_dict(q) for q in bounds],
            "speaker_name": self.speaker_name,
            "speaker": self.speaker,
        }
        if all(self.record[k] == v for k, v in changes.items()):
            return self.record
        status = "corrected" if self.record["origin"] == "model" else "added"
        return {**self.record, **changes, "status": status}

    def action_range_edge(self, edge: str, forward: bool) -> None:
        """Move the quote's start or end by one token (as in the reader's edit mode)."""
        self.range = step_span(self.steps, self.range, edge, forward)
        self.show()

    def action_range_done(self) -> None:
        self.dismiss(self.edited())

    def action_range_cancel(self) -> None:
        self.dismiss(None)

    def action_speaker(self) -> None:
        """Choose the speaker with the reader's assigner; the mention stays if it still fits."""

        def chosen(choice: SpeakerChoice | None) -> None:
            if choice is not None:
                mention = self.speaker
                self.speaker_name = choice.name
                self.speaker = mention if mention and mention_fits(mention["text"], choice.name) else None
                self.show()

        self.app.push_screen(SpeakerAssign(self.names, self.speaker_name or ""), chosen)
