"""The review screen: walk an article's disagreements between annotators, see each version
side by side with who made it, and write the gold layer (services.adjudication).

Keys as in the reader: ``n``/``p`` next and previous disagreement, ``a`` take the selected
version, ``e`` edit its boundaries and speaker first (tui/screens/version_edit.py; enter
takes the edited version), ``x`` reject the statement, ``u``/``U`` undo and redo the
reviewer's gold edits; ``left``/``right`` (``h``/``l``) choose the version; ``escape`` goes
back.
"""
from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal
from textual.content import Content
from textual.screen import Screen
from textual.widgets import Static

from corpus.errors import QuotelensError
from corpus.library import Library
from services.adjudication import Adjudication, Version
from services.speaker_names import candidate_names
from tui.screens.version_edit import VersionEdit
from tui.widgets.key_footer import KeyFooter

QUOTE_MARKS = "“”\"‘’'"


def quote_of(record: dict, text: str) -> str:
    """The words of a record's quote, parts joined by an ellipsis, outer quote marks off."""
    return " … ".join(text[s["start"]:s["end"]] for s in record["quote"]).strip(QUOTE_MARKS)


def describe(version: Version, text: str) -> Content:
    """A version as lines: who, decision, the quote, speaker, cue, kind, labels, note."""
    record = version.record
    lines = [Content.styled(version.annotator, "bold"), Content(version.decision)]
    if record is not None:
        lines.append(Content(f"“{quote_of(record, text)}”"))
        speaker = record["speaker_name"] or (record["speaker"] or {}).get("text") or "no speaker"
        lines.append(Content(f"speaker: {speaker}"))
        lines.append(Content(f"cue: {(record['cue'] or {}).get('text') or '—'} · {record['kind']}"))
        lines.append(Content(f"labels: {', '.join(record['labels']) or '—'}"))
        if record["note"]:
            lines.append(Content(f"note: {record['note']}"))
    return Content("\n").join(lines)


class ReviewScreen(Screen[None]):
    """One article's disagreements, one at a time, each annotator's version in a column."""

    BINDINGS = [
        Binding("n", "step(1)", "Next", tooltip="Next disagreement", id="review.next"),
        Binding("p", "step(-1)", "Previous", tooltip="Previous disagreement", id="review.previous"),
        Binding("right,l", "choose(1)", "Version →", show=False,
                tooltip="Select the next annotator's version", id="review.right"),
        Binding("left,h", "choose(-1)", "← Version", show=False,
                tooltip="Select the previous annotator's version", id="review.left"),
        Binding("a", "take", "Take", tooltip="Make the selected version gold", id="review.take"),
        Binding("e", "edit", "Edit", tooltip="Edit the selected version's boundaries and speaker, "
                "then take it", id="review.edit"),
        Binding("x", "reject", "Reject", tooltip="Make the statement rejected in gold",
                id="review.reject"),
        Binding("u,ctrl+z", "travel('undo')", "Undo", tooltip="Undo the last gold change",
                id="review.undo"),
        Binding("U,ctrl+y", "travel('redo')", "Redo", show=False, tooltip="Redo a gold change",
                id="review.redo"),
        Binding("escape", "app.pop_screen", "Back", tooltip="Back", id="review.back"),
    ]

    def __init__(self, library: Library, article_id: str, reviewer: str | None) -> None:
        super().__init__()
        article = library.article(article_id)
        self.text = article.text
        self.title_text = article.title
        self.found_names = list(article.names or ())  # people and organisations spaCy found
        self.review = Adjudication(library, article_id, reviewer)
        self.index = 0
        self.chosen = 0

    def compose(self) -> ComposeResult:
        yield Static(id="review-header", markup=False)
        yield Horizontal(id="review-versions")
        yield Static(id="review-gold", markup=False)
        yield KeyFooter()  # whole keys only: at 80 columns the last ones give way, ? stays

    def on_mount(self) -> None:
        undecided = [i for i, item in enumerate(self.review.items) if item.gold is None]
        self.index = undecided[0] if undecided else 0
        self.show()

    def show(self) -> None:
        """Show the current disagreement (or say there is none)."""
        items = self.review.items
        header = self.query_one("#review-header", Static)
        columns = self.query_one("#review-versions", Horizontal)
        columns.remove_children()
        gold = self.query_one("#review-gold", Static)
        if not items:
            header.update(f"Review · {self.title_text}: the annotators agree on every statement.")
            gold.update("")
            return
        self.index = min(self.index, len(items) - 1)
        item = items[self.index]
        self.chosen = min(self.chosen, len(item.versions) - 1)
        left = sum(1 for i in items if i.gold is None)
        header.update(
            f"Review · {self.title_text} · disagreement {self.index + 1} of {len(items)} "
            f"({left} without gold) · reviewer {self.review.reviewer}"
        )
        columns.mount_all(
            Static(describe(v, self.text), classes="review-version" + (" -chosen" if n == self.chosen else ""))
            for n, v in enumerate(item.versions)
        )
        if item.gold is None:
            gold.update("Gold: not decided yet")
        else:
            g = item.gold
            gold.update(f"Gold: {g['status']} · “{quote_of(g, self.text)}” (by {self.review.reviewer_of(g)})")

    def action_step(self, by: int) -> None:
        if self.review.items:
            self.index = (self.index + by) % len(self.review.items)
            self.show()

    def action_choose(self, by: int) -> None:
        if self.review.items:
            self.chosen = (self.chosen + by) % len(self.review.items[self.index].versions)
            self.show()

    def action_take(self) -> None:
        if self.review.items:
            version = self.review.items[self.index].versions[self.chosen]
            self._do(lambda: self.review.take(self.index, version.annotator))

    def action_edit(self) -> None:
        """Edit the selected version (boundaries, speaker), then take it into gold."""
        if not self.review.items:
            return
        index = self.index
        version = self.review.items[index].versions[self.chosen]
        if version.record is None:
            self.notify(f"{version.annotator} marked none: choose a version to edit.", title="Review")
            return
        speakers = [v.record["speaker_name"] for v in self.review.items[index].versions
                    if v.record is not None and v.record["speaker_name"]]  # fmt: skip
        names = candidate_names(speakers, self.found_names)

        def edited(record: dict | None) -> None:
            if record is not None:
                self._do(lambda: self.review.take_edited(index, version.annotator, record))

        self.app.push_screen(VersionEdit(self.text, version.record, version.annotator, names), edited)

    def action_reject(self) -> None:
        if self.review.items:
            self._do(lambda: self.review.reject(self.index))

    def action_travel(self, action: str) -> None:
        self._do(lambda: ("Undid" if action == "undo" else "Redid") + " the last gold change."
                 if self.review.travel(action) else f"Nothing to {action}.")  # fmt: skip

    def _do(self, change) -> None:
        try:
            message = change()
        except QuotelensError as exc:
            self.notify(str(exc), title="Not saved", severity="error")
            return
        self.notify(message, title="Review")
        self.show()
