"""The statements panel: one entry per statement (speaker, first words of the quote, kind)."""
from __future__ import annotations

from textual.color import Color
from textual.content import Content
from textual.widgets import OptionList
from textual.widgets.option_list import Option, OptionDoesNotExist

from annotators.statement import Statement
from tui.widgets.statement_labels import (
    preview,
    quote_text,
    quoted,
    speaker_key,
    speaker_label,
)


def statement_prompt(statement: Statement, colour: Color) -> Content:
    """Two lines: the coloured speaker and kind, then the quote's first words (plain text)."""
    return Content.assemble(
        ("■ ", colour.hex),
        (speaker_label(speaker_key(statement)), f"bold {colour.hex}"),
        (f"  {statement.kind}", "dim"),
        "\n",
        (quoted(statement, preview(quote_text(statement))), "italic"),
    )


class StatementList(OptionList):
    """Statements in text order; option ids are the statements' indexes in the article."""

    def show(
        self, statements: list[Statement], colours: dict[str, Color], indexes: list[int]
    ) -> None:
        """List the statements at these indexes."""
        options: list[Option | None] = []
        for i in indexes:
            if options:
                options.append(None)  # a separator line
            colour = colours[speaker_key(statements[i])]
            options.append(Option(statement_prompt(statements[i], colour), id=str(i)))
        self.set_options(options)

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
