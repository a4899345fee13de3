"""Word-wrapping an article into display lines that keep their character offsets."""
from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass

from rich.cells import cell_len

# A word with the blanks after it (not newlines: those are hard breaks inside a paragraph).
_WORD = re.compile(r"[^\S\n]*\S+[^\S\n]*")


@dataclass(frozen=True, slots=True)
class TextLayout:
    """Display lines of a text at one width: ``lines[i] = (start, end)`` offsets into the text.

    An empty line (``start == end``) separates paragraphs; ``paragraph_of_line`` is -1 there.
    """

    width: int
    lines: list[tuple[int, int]]
    starts: list[int]

    def line_of(self, offset: int) -> int:
        """The display line holding a character offset (clamped to the text)."""
        return max(0, bisect_right(self.starts, offset) - 1)

    def __len__(self) -> int:
        return len(self.lines)


def layout_text(text: str, paragraphs: list[tuple[int, int]], width: int) -> TextLayout:
    """Wrap each paragraph to ``width`` cells, with one empty line between paragraphs."""
    width = max(1, width)
    lines: list[tuple[int, int]] = []
    for number, (start, end) in enumerate(paragraphs):
        if number:
            lines.append((start, start))
        pos = start
        while pos <= end:
            newline = text.find("\n", pos, end)
            stop = end if newline < 0 else newline
            lines.extend(wrap_line(text, pos, stop, width))
            if newline < 0:
                break
            pos = newline + 1
    return TextLayout(width, lines, [s for s, _ in lines])


def wrap_line(text: str, start: int, end: int, width: int) -> list[tuple[int, int]]:
    """Greedy word wrap of ``text[start:end]`` (no newlines); words wider than a line are cut."""
    if cell_len(text[start:end]) <= width:
        return [(start, end)]
    lines: list[tuple[int, int]] = []
    line_start, column = start, 0
    for match in _WORD.finditer(text, start, end):
        word_start, word_end = match.span()
        visible = cell_len(match.group().rstrip())
        if column and column + visible > width:
            lines.append((line_start, word_start))
            line_start, column = word_start, 0
        if visible > width:
            line_start, column = _cut_long_word(text, line_start, word_end, width, lines)
            continue
        column += cell_len(match.group())
    lines.append((line_start, end))
    return lines


def _cut_long_word(
    text: str, start: int, end: int, width: int, lines: list[tuple[int, int]]
) -> tuple[int, int]:
    """Append full-width pieces of a too-long word; return the start and width of the rest."""
    pos, column = start, 0
    for i in range(start, end):
        cells = cell_len(text[i])
        if column + cells > width:
            lines.append((pos, i))
            pos, column = i, 0
        column += cells
    return pos, column
