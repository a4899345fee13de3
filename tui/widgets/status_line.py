"""The reader's status line: the range mode and its keys, where the reader is, the speaker
filter and the search. Plain text: article words in it are never read as markup."""
from __future__ import annotations

from textual.color import Color
from textual.content import Content
from textual.widgets import Static

from corpus.schema import StatementRecord
from services.text_search import TextSearch
from services.wording import STATUS_MARKS, speaker_key, speaker_label

#: The mode badge and its keys, first on the status line while editing or selecting.
MODE_HINTS = {
    "edit": ("EDIT", "[ ] start  { } end  enter save  esc cancel"),
    "select": ("SELECT", "←→↑↓ end  [ ] start  q/enter statement  C cue  esc cancel"),
}


def statement_summary(
    statement: StatementRecord, index: int, total: int, colours: dict[str, Color]
) -> Content:
    """``3 of 24 · ✓ accepted · Speaker · direct · labels · note``."""
    key = speaker_key(statement)
    return Content.assemble(
        f"{index + 1} of {total} · ",
        (f"{STATUS_MARKS[statement.status]} {statement.status}", "bold"),
        " · ",
        (speaker_label(key), f"bold {colours[key].hex}"),
        f" · {statement.kind}",
        (f" · {', '.join(statement.labels)}" if statement.labels else ""),
        (f" · note: {statement.note}" if statement.note else ""),
    )


class StatusLine(Static):
    """One line under the article, its parts separated by ``│``."""

    def __init__(self, **kwargs) -> None:
        super().__init__(markup=False, **kwargs)

    def show(
        self, mode: str | None, where: Content, speaker_filter: str | None, search: TextSearch | None
    ) -> None:
        """The mode (None: none), where the reader is, the filter and the search."""
        parts: list[Content] = []
        if mode is not None:
            badge, keys = MODE_HINTS[mode]
            parts.append(Content.assemble((f" {badge} ", "bold reverse $text-warning"), f"  {keys}"))
        parts.append(where)
        if speaker_filter is not None:
            parts.append(Content(f"only {speaker_label(speaker_filter)} (s: everyone)"))
        if search is not None:
            parts.append(Content(f"search “{search.query}”: {search.count} found"))
        self.update(Content("  │  ").join(parts))
