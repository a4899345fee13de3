"""The statements panel: one entry per statement (status mark, speaker, kind, labels, first
words of the quote; rejected ones struck through)."""
from __future__ import annotations

from textual.color import Color
from textual.content import Content
from textual.widgets import OptionList
from textual.widgets.option_list import Option, OptionDoesNotExist

from tui.widgets.shown_statement import ShownStatement
from tui.widgets.statement_labels import (
    preview,
    quote_text,
    quoted,
    speaker_key,
    speaker_label,
)


def statement_prompt(statement: ShownStatement, colour: Color) -> Content:
    """Two lines: status mark, coloured speaker, kind and labels, then the quote's first
    words (plain text; struck through when rejected)."""
    rejected = " strike" if statement.status == "rejected" else ""
    return Content.assemble(
        (f"{statement.mark} ", "bold"),
        ("■ ", colour.hex),
        (speaker_label(speaker_key(statement)), f"bold {colour.hex}{rejected}"),
        (f"  {statement.kind}", "dim"),
        (f"  [{', '.join(statement.labels)}]" if statement.labels else "", "$text-accent"),
        ("  ✉" if statement.note else "", "dim"),
        "\n  ",
        (quoted(statement, preview(quote_text(statement))), f"italic{rejected}"),
    )


class StatementList(OptionList):
    """Statements in text order; option ids are the statements' indexes in the article."""

    def show(
        self, statements: list[ShownStatement], colours: dict[str, Color], indexes: list[int]
    ) -> None:
        """List the statements at these indexes."""
        options: list[Option | None] = []
        for i in indexes:
            if options:
                options.append(None)  # a separator line
            colour = colours[speaker_key(statements[i])]
            options.append(Option(statement_prompt(statements[i], colour), id=str(i)))
        self.set_options(options)

    def update_statement(self, index: int, statement: ShownStatement, colour: Color) -> None:
        """Redraw one listed statement (if listed) after a change that keeps the order."""
        try:
            self.replace_option_prompt(str(index), statement_prompt(statement, colour))
        except OptionDoesNotExist:
            pass

    def statement_index(self, option: Option) -> int:
        """The article-wide index of the statement an option shows."""
        assert option.id is not None
        return int(option.id)

    def highlight_statement(self, index: int | None) -> None:
        """Move the cursor to a statement's entry, if listed."""
        if index is None:
            self.highlighted = None
            return
        try:
            self.highlighted = self.get_option_index(str(index))
        except OptionDoesNotExist:  # not in the filtered list
            self.highlighted = None
