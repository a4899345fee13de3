"""The statements panel: one entry per statement (status mark, speaker, kind, labels, first
words of the quote; rejected ones struck through)."""
from __future__ import annotations

from textual.color import Color
from textual.content import Content
from textual.css.styles import RulesMap
from textual.geometry import Spacing
from textual.strip import Strip
from textual.style import Style
from textual.visual import Padding, RenderOptions, Visual
from textual.widgets import OptionList
from textual.widgets.option_list import Option, OptionDoesNotExist

from corpus.schema import StatementRecord
from services.wording import (
    STATUS_MARKS,
    preview,
    quote_text,
    quoted,
    speaker_key,
    speaker_label,
)

EXCERPT_INDENT = 2  # the quote's lines start under the speaker's name mark


class HeadedExcerpt(Visual):
    """A heading line over an excerpt whose every line is indented by ``EXCERPT_INDENT``."""

    def __init__(self, heading: Content, excerpt: Content) -> None:
        self.heading = heading
        self.excerpt = excerpt
        self.parts = (heading, Padding(excerpt, Spacing(0, 0, 0, EXCERPT_INDENT)))

    def __str__(self) -> str:
        return f"{self.heading}\n{' ' * EXCERPT_INDENT}{self.excerpt}"

    def render_strips(
        self, width: int, height: int | None, style: Style, options: RenderOptions
    ) -> list[Strip]:
        strips = [
            strip for part in self.parts for strip in part.render_strips(width, None, style, options)
        ]
        return strips if height is None else strips[:height]

    def get_optimal_width(self, rules: RulesMap, container_width: int) -> int:
        return max(part.get_optimal_width(rules, container_width) for part in self.parts)

    def get_height(self, rules: RulesMap, width: int) -> int:
        return sum(part.get_height(rules, width) for part in self.parts)


def statement_prompt(statement: StatementRecord, colour: Color) -> HeadedExcerpt:
    """Status mark, coloured speaker, kind and labels; under them, indented on every line,
    the quote's first words (plain text; struck through when rejected)."""
    rejected = " strike" if statement.status == "rejected" else ""
    heading = Content.assemble(
        (f"{STATUS_MARKS[statement.status]} ", "bold"),
        ("■ ", colour.hex),
        (speaker_label(speaker_key(statement)), f"bold {colour.hex}{rejected}"),
        (f"  {statement.kind}", "dim"),
        (f"  [{', '.join(statement.labels)}]" if statement.labels else "", "$text-accent"),
        ("  ✉" if statement.note else "", "dim"),
    )
    excerpt = Content.styled(
        quoted(statement, preview(quote_text(statement))), f"italic{rejected}"
    )
    return HeadedExcerpt(heading, excerpt)


class StatementList(OptionList):
    """Statements in text order; option ids are the statements' indexes in the article."""

    def show(
        self, statements: list[StatementRecord], colours: dict[str, Color], indexes: list[int]
    ) -> None:
        """List the statements at these indexes."""
        options: list[Option | None] = []
        for i in indexes:
            if options:
                options.append(None)  # a separator line
            colour = colours[speaker_key(statements[i])]
            options.append(Option(statement_prompt(statements[i], colour), id=str(i)))
        self.set_options(options)

    def update_statement(self, index: int, statement: StatementRecord, colour: Color) -> None:
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
