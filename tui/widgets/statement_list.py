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
        self._heights: dict[int, int] = {}  # width → height: wrapping is costly at 10,000

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
        height = self._heights.get(width)
        if height is None:
            height = self._heights[width] = sum(part.get_height(rules, width) for part in self.parts)
        return height


#: Longest speaker name in an entry's heading (the status line and the speakers panel show it whole).
SPEAKER_WIDTH = 22


def statement_prompt(statement: StatementRecord, colour: Color) -> HeadedExcerpt:
    """Status mark, coloured speaker (cut at ``SPEAKER_WIDTH``, so the kind stays on its line
    in a panel beside the text), kind and labels; under them, indented on every line, the
    quote's first words (plain text; struck through when rejected)."""
    rejected = " strike" if statement.status == "rejected" else ""
    speaker = speaker_label(speaker_key(statement))
    if len(speaker) > SPEAKER_WIDTH:
        speaker = speaker[: SPEAKER_WIDTH - 1] + "…"
    heading = Content.assemble(
        (f"{STATUS_MARKS[statement.status]} ", "bold"),
        ("■ ", colour.hex),
        (speaker, f"bold {colour.hex}{rejected}"),
        (f"  {statement.kind}", "dim"),
        (f"  [{', '.join(statement.labels)}]" if statement.labels else "", "$text-accent"),
        ("  ✉" if statement.note else "", "dim"),
    )
    excerpt = Content.styled(
        quoted(statement, preview(quote_text(statement))), f"italic{rejected}"
    )
    return HeadedExcerpt(heading, excerpt)


class StatementList(OptionList):
    """Statements in text order; option ids are the statements' indexes in the article.

    A change to a few statements redraws just their entries (``show`` compares with what
    it showed before), so a key's cost does not grow with the number of statements."""

    def __init__(self, **kwargs) -> None:
        super().__init__(**kwargs)
        self._shown: tuple[list[StatementRecord], dict[str, Color], list[int]] | None = None

    def show(
        self, statements: list[StatementRecord], colours: dict[str, Color], indexes: list[int]
    ) -> None:
        """List the statements at these indexes."""
        if self._shown is not None:
            old_statements, old_colours, old_indexes = self._shown
            if indexes == old_indexes and len(statements) == len(old_statements):
                changed = [i for i in indexes if statements[i] is not old_statements[i]]
                if len(changed) <= len(indexes) // 4 and all(
                    colours.get(key) == colour for key, colour in old_colours.items()
                ):
                    for i in changed:
                        self.update_statement(i, statements[i], colours[speaker_key(statements[i])])
                    self._shown = (list(statements), dict(colours), list(indexes))
                    return
        self._shown = (list(statements), dict(colours), list(indexes))
        options: list[Option | None] = []
        for i in indexes:
            if options:
                options.append(None)  # a separator line
            colour = colours[speaker_key(statements[i])]
            options.append(Option(statement_prompt(statements[i], colour), id=str(i)))
        self.set_options(options)

    def say(self, message: str) -> None:
        """One line instead of the statements (parsing, failure)."""
        self._shown = None
        self.set_options([Option(message, disabled=True)])

    def update_statement(self, index: int, statement: StatementRecord, colour: Color) -> None:
        """Redraw one listed statement (if listed) after a change that keeps the order."""
        try:
            position = self.get_option_index(str(index))
        except OptionDoesNotExist:
            return
        if self._shown is not None and index < len(self._shown[0]):
            self._shown[0][index] = statement
        option = self.options[position]
        self._set_prompt_keeping_lines(position, option, statement_prompt(statement, colour))

    def _set_prompt_keeping_lines(self, position: int, option: Option, prompt: HeadedExcerpt) -> None:
        """Replace one option's prompt; when its height is unchanged, forget only its
        rendering, not every option's lines (OptionList.replace_option_prompt measures all
        options again: seconds at 10,000)."""
        # Textual 8.2's OptionList internals: _line_cache.heights, _option_render_cache
        old_height = self._line_cache.heights.get(position)
        option._set_prompt(prompt)
        padding = self.get_component_styles("option-list--option").padding
        width = self.scrollable_content_region.width - self._get_left_gutter_width()
        height = prompt.get_height(self.styles, width - padding.width) + option._divider
        if old_height != height:
            self._clear_caches()
            return
        for key in [key for key in self._option_render_cache.keys() if key[0] is option]:
            self._option_render_cache.discard(key)
        self.refresh()

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
