"""The article text with its statements highlighted: a line-API view that stays fast on long texts.

Only the lines on screen are rendered, each from the article's character offsets (never through
markup, so ``[`` and ``]`` in news text are just characters). Rendered lines are cached; moving
the selection or the search match re-renders only the lines those spans cover, and a change to
a few statements (``set_statements`` after a key) re-marks and redraws only those statements.
"""
from __future__ import annotations

from bisect import bisect_left
from dataclasses import dataclass
from enum import IntEnum

from rich.segment import Segment
from rich.style import Style
from textual import events
from textual.binding import Binding
from textual.cache import LRUCache
from textual.color import Color
from textual.geometry import Size
from textual.message import Message
from textual.scroll_view import ScrollView
from textual.strip import Strip

from corpus.schema import StatementRecord
from services.wording import speaker_key
from tui.colours import selected_background
from tui.text_layout import TextLayout, layout_text

GUTTER = 3  # a bar marking the selected statement, then two blanks
MAX_MEASURE = 96  # longest line in cells: long lines are hard to read
#: Drawn before and after the edited or selected stretch (so it shows without colour); lines
#: are wrapped two cells short so that both fit.
SELECTION_MARKS = ("▶", "◀")


class Role(IntEnum):
    """What a marked stretch of text is; higher roles are drawn over lower ones."""

    QUOTE = 0
    CUE = 1
    SPEAKER = 2


@dataclass(frozen=True, slots=True)
class Mark:
    """A stretch of text belonging to a statement."""

    start: int
    end: int
    role: Role
    statement: int


def marks_of(statement: StatementRecord, index: int) -> list[Mark]:
    """The marks of the statement at ``index``: its quote's parts, cue and speaker."""
    marks = [Mark(q.start, q.end, Role.QUOTE, index) for q in statement.quote]
    marks += [Mark(p.start, p.end, role, index)
              for p, role in ((statement.cue, Role.CUE), (statement.speaker, Role.SPEAKER)) if p]  # fmt: skip
    return marks


def mark_order(mark: Mark) -> tuple[int, Role, int]:
    """Marks are kept in this order: by start, lower roles first (drawn under higher ones)."""
    return mark.start, mark.role, mark.statement


class ArticleView(ScrollView, can_focus=True):
    """Scrollable, word-wrapped article text with quotes, speakers and cues marked."""

    COMPONENT_CLASSES = {
        "article-view--cue",
        "article-view--match",
        "article-view--gutter",
        "article-view--selection",
        "article-view--selection-mark",
    }
    BINDINGS = [
        Binding("up", "scroll_up", "Up", show=False, id="article.up"),
        Binding("down", "scroll_down", "Down", show=False, id="article.down"),
        Binding("pageup,b", "page_up", "Page up", show=False, id="article.page_up"),
        Binding("pagedown,space", "page_down", "Page down", show=False, id="article.page_down"),
        Binding("home,g", "scroll_home", "Top", show=False, id="article.top"),
        Binding("end,G", "scroll_end", "Bottom", show=False, id="article.bottom"),
    ]

    class StatementClicked(Message):
        """The user clicked inside a statement."""

        def __init__(self, index: int) -> None:
            super().__init__()
            self.index = index

    class TextSelected(Message):
        """The user dragged the mouse over ``text[start:end]``."""

        def __init__(self, start: int, end: int) -> None:
            super().__init__()
            self.start = start
            self.end = end

    def __init__(
        self,
        text: str,
        paragraphs: list[tuple[int, int]],
        *,
        name: str | None = None,
        id: str | None = None,
        classes: str | None = None,
    ) -> None:
        super().__init__(name=name, id=id, classes=classes)
        self.text = text
        self._display_text = text.replace("\t", " ")
        self.paragraphs = paragraphs
        self.layout_: TextLayout | None = None
        self.statements: list[StatementRecord] = []
        self._marks: list[Mark] = []
        self._mark_starts: list[int] = []
        self._longest_mark = 0
        self._colours: dict[str, Color] = {}
        self._speaker_of: list[str] = []
        self.selected: int | None = None
        self.focus_speaker: str | None = None
        self.match: tuple[int, int] | None = None
        self.selection: tuple[int, int] | None = None
        self._drag_from: int | None = None
        self._dragged = False
        self._lines_cache: LRUCache[int, Strip] = LRUCache(1024)
        self._style_cache: dict[tuple, Style] = {}

    # -- public API -----------------------------------------------------------------------

    def set_statements(
        self,
        statements: list[StatementRecord],
        colours: dict[str, Color],
        selected: int | None = None,
    ) -> None:
        """Mark these statements (sorted by position) in their speakers' colours; rejected
        ones struck through. ``selected``: the statement to keep emphasised."""
        if self._update_in_place(statements, colours, selected):
            return
        self.statements = list(statements)
        self._colours = dict(colours)
        self._speaker_of = [speaker_key(s) for s in statements]
        marks = [mark for index, st in enumerate(statements) for mark in marks_of(st, index)]
        marks.sort(key=mark_order)
        self._marks = marks
        self._mark_starts = [m.start for m in marks]
        self._longest_mark = max((m.end - m.start for m in marks), default=0)
        self.selected = selected
        self._invalidate()

    def _update_in_place(
        self, statements: list[StatementRecord], colours: dict[str, Color], selected: int | None
    ) -> bool:
        """Re-mark only the statements that are not the ones shown before (same number of
        statements, every speaker's colour kept) and redraw only their lines; False when
        the change is too large for that."""
        old = self.statements
        if len(statements) != len(old) or any(
            colours.get(key) != colour for key, colour in self._colours.items()
        ):
            return False
        changed = [i for i, (a, b) in enumerate(zip(statements, old)) if a is not b]
        if len(changed) > 64:
            return False
        gone = []
        for index in changed:
            for mark in marks_of(old[index], index):
                position = bisect_left(self._marks, mark_order(mark), key=mark_order)
                if position == len(self._marks) or self._marks[position] != mark:
                    return False  # not marked as expected: mark everything again
                gone.append(position)
        spans = [self.extent(i) for i in changed]
        for position in sorted(gone, reverse=True):
            del self._marks[position]
            del self._mark_starts[position]
        self.statements = list(statements)
        self._colours = dict(colours)
        for index in changed:
            self._speaker_of[index] = speaker_key(statements[index])
            for mark in marks_of(statements[index], index):
                position = bisect_left(self._marks, mark_order(mark), key=mark_order)
                self._marks.insert(position, mark)
                self._mark_starts.insert(position, mark.start)
                self._longest_mark = max(self._longest_mark, mark.end - mark.start)
            spans.append(self.extent(index))
        for span in spans:
            self._refresh_span(*span)
        self.select(selected, scroll=False)
        return True

    def select(self, index: int | None, *, scroll: bool = True) -> None:
        """Emphasise one statement (or none) and bring it into view."""
        if index == self.selected:
            if scroll and index is not None:
                self.scroll_to_span(*self.extent(index))
            return
        previous, self.selected = self.selected, index
        for changed in (previous, index):
            if changed is not None:
                self._refresh_span(*self.extent(changed))
        if scroll and index is not None:
            self.scroll_to_span(*self.extent(index))

    def set_focus_speaker(self, key: str | None) -> None:
        """Draw only this speaker's statements in colour (``None``: everyone's)."""
        if key != self.focus_speaker:
            self.focus_speaker = key
            self._invalidate(layout=False)

    def set_match(self, span: tuple[int, int] | None) -> None:
        """Highlight one search match (or none) and bring it into view."""
        previous, self.match = self.match, span
        for changed in (previous, span):
            if changed is not None:
                self._refresh_span(*changed)
        if span is not None:
            self.scroll_to_span(*span)

    def set_selection(self, span: tuple[int, int] | None) -> None:
        """Show a text selection (or none) and bring its moving end into view."""
        previous, self.selection = self.selection, span
        for changed in (previous, span):
            if changed is not None:
                self._refresh_span(*changed)
        if span is not None:
            self.scroll_to_span(span[1] - 1, span[1])

    def top_offset(self) -> int:
        """The offset of the first line on screen."""
        layout = self._ensure_layout()
        if layout is None or not len(layout):
            return 0
        return layout.lines[min(round(self.scroll_y), len(layout) - 1)][0]

    def line_step(self, offset: int, lines: int) -> int:
        """The offset ``lines`` display lines below (negative: above) ``offset``, same column."""
        layout = self._ensure_layout()
        if layout is None or not len(layout):
            return offset
        line = layout.line_of(offset)
        column = offset - layout.lines[line][0]
        target = max(0, min(len(layout) - 1, line + lines))
        start, end = layout.lines[target]
        return min(start + column, end)

    def extent(self, index: int) -> tuple[int, int]:
        """First and last character of a statement, speaker and cue included."""
        statement = self.statements[index]
        parts = [(q.start, q.end) for q in statement.quote]
        parts += [(p.start, p.end) for p in (statement.speaker, statement.cue) if p]
        return min(s for s, _ in parts), max(e for _, e in parts)

    def rows_of(self, index: int) -> tuple[int, int] | None:
        """The first and last screen row a statement is drawn on, clipped to the view (None
        when it is out of view or the text is not laid out yet)."""
        layout = self.layout_
        if layout is None:
            return None
        start, end = self.extent(index)
        top = round(self.scroll_y)
        first = layout.line_of(start) - top
        last = layout.line_of(max(start, end - 1)) - top
        height = self.scrollable_content_region.height
        if last < 0 or first >= height:
            return None
        y = self.scrollable_content_region.y
        return y + max(0, first), y + min(height - 1, last)

    def statement_at(self, offset: int) -> int | None:
        """The statement whose quote, speaker or cue covers a character offset."""
        for mark in self._marks_between(offset, offset + 1):
            return mark.statement
        return None

    def scroll_to_span(self, start: int, end: int) -> None:
        """Scroll so that the lines of ``text[start:end]`` are visible, a third down the view."""
        layout = self._ensure_layout()
        if layout is None:
            return
        first, last = layout.line_of(start), layout.line_of(max(start, end - 1))
        top, height = round(self.scroll_y), self.scrollable_content_region.height
        if top + 1 <= first and last < top + height - 1:
            return
        target = first - max(1, height // 3) if last - first < height * 2 // 3 else first - 1
        self.scroll_to(y=max(0, target), animate=False, immediate=True)

    def line_span(self, offset: int) -> tuple[int, int]:
        """The display line (as offsets) that holds a character offset."""
        layout = self._ensure_layout()
        assert layout is not None
        return layout.lines[layout.line_of(offset)]

    # -- layout and rendering ------------------------------------------------------------

    def _text_width(self) -> int:
        return max(10, min(MAX_MEASURE, self.scrollable_content_region.width - GUTTER - 3))

    def _ensure_layout(self) -> TextLayout | None:
        if not self.scrollable_content_region.width:
            return None
        width = self._text_width()
        if self.layout_ is None or self.layout_.width != width:
            anchor = None
            if self.layout_ is not None and len(self.layout_):
                top = min(round(self.scroll_y), len(self.layout_) - 1)
                anchor = self.layout_.lines[top][0]
            self.layout_ = layout_text(self.text, self.paragraphs, width)
            self._lines_cache.clear()
            self.virtual_size = Size(width + GUTTER + 2, len(self.layout_))
            if anchor is not None:
                self.scroll_to(y=self.layout_.line_of(anchor), animate=False, immediate=True)
        return self.layout_

    def on_resize(self, event: events.Resize) -> None:
        """Rewrap, then bring the selection (or the selected statement) back into view."""
        self._ensure_layout()
        if self.selection is not None:
            self.scroll_to_span(self.selection[1] - 1, self.selection[1])
        elif self.selected is not None:
            self.scroll_to_span(*self.extent(self.selected))

    def notify_style_update(self) -> None:
        super().notify_style_update()
        self._invalidate(layout=False)

    def _invalidate(self, layout: bool = False) -> None:
        if layout:
            self.layout_ = None
        self._lines_cache.clear()
        self._style_cache.clear()
        self.refresh()

    def _refresh_span(self, start: int, end: int) -> None:
        layout = self.layout_
        if layout is None:
            return
        first, last = layout.line_of(start), layout.line_of(max(start, end - 1))
        for line in range(first, last + 1):
            self._lines_cache.discard(line)
        self.refresh_lines(first, last - first + 1)

    def render_line(self, y: int) -> Strip:
        layout = self._ensure_layout()
        width = self.scrollable_content_region.width
        line = round(self.scroll_y) + y
        if layout is None or line >= len(layout):
            return Strip.blank(width, self.rich_style)
        strip = self._lines_cache.get(line)
        if strip is None:
            strip = self._render_text_line(*layout.lines[line])
            self._lines_cache[line] = strip
        return strip.crop_extend(0, width, self.rich_style)

    def _render_text_line(self, start: int, end: int) -> Strip:
        base = self.rich_style
        text = self._display_text
        segments = [self._gutter(start, end, base)]
        marks = self._marks_between(start, end)
        match, selection = self.match, self.selection
        cuts = {start, end}
        for mark in marks:
            cuts.update((max(start, mark.start), min(end, mark.end)))
        for span in (match, selection):
            if span and span[0] < end and span[1] > start:
                cuts.update((max(start, span[0]), min(end, span[1])))
        edges = sorted(cuts)
        mark_style = base + self.get_component_rich_style(
            "article-view--selection-mark", partial=True
        )
        for left, right in zip(edges, edges[1:]):
            if selection and left == selection[0]:
                segments.append(Segment(SELECTION_MARKS[0], mark_style))
            covering = [m for m in marks if m.start <= left < m.end]
            style = base + self._style_for(covering)
            if match and match[0] <= left < match[1]:
                style += self.get_component_rich_style("article-view--match", partial=True)
            if selection and selection[0] <= left < selection[1]:
                style += self.get_component_rich_style("article-view--selection", partial=True)
            segments.append(Segment(text[left:right], style))
            if selection and right == selection[1]:
                segments.append(Segment(SELECTION_MARKS[1], mark_style))
        return Strip(segments)

    def _gutter(self, start: int, end: int, base: Style) -> Segment:
        """The bar beside the lines of the selected statement (never on a blank line)."""
        if self.selected is not None and start < end:
            first, last = self.extent(self.selected)
            if first < end and last > start:
                colour = self._colours.get(self._speaker_of[self.selected])
                style = base + self.get_component_rich_style("article-view--gutter", partial=True)
                if colour is not None:
                    style += Style(color=colour.rich_color)
                return Segment("▌" + " " * (GUTTER - 1), style)
        return Segment(" " * GUTTER, base)

    def _marks_between(self, start: int, end: int) -> list[Mark]:
        lo = bisect_left(self._mark_starts, start - self._longest_mark)
        hi = bisect_left(self._mark_starts, end)
        return [m for m in self._marks[lo:hi] if m.end > start]

    def _style_for(self, covering: list[Mark]) -> Style:
        """The style of text covered by these marks: the top role wins; selection tints it."""
        if not covering:
            return Style()
        top = max(covering, key=lambda m: m.role)
        key = self._speaker_of[top.statement]
        selected = top.statement == self.selected
        rejected = self.statements[top.statement].status == "rejected"
        cache_key = (top.role, key, selected, rejected)
        style = self._style_cache.get(cache_key)
        if style is None:
            style = self._make_style(top.role, key, selected)
            if rejected:
                style += Style(strike=True, dim=True)
            self._style_cache[cache_key] = style
        return style

    def _make_style(self, role: Role, key: str, selected: bool) -> Style:
        if self.focus_speaker is not None and key != self.focus_speaker:
            return Style(dim=True)
        colour = self._colours.get(key, Color.parse("white"))
        background = None
        if selected and self.rich_style.bgcolor is not None:
            back = Color.from_rich_color(self.rich_style.bgcolor)
            background = selected_background(colour, back).rich_color
        if role is Role.CUE:
            style = self.get_component_rich_style("article-view--cue", partial=True)
        elif role is Role.SPEAKER:
            style = Style(color=colour.rich_color, bold=True)
        else:
            style = Style(color=colour.rich_color, italic=True)
        return style + Style(bgcolor=background) if background else style

    def offset_at(self, event: events.MouseEvent) -> int | None:
        """The character offset under the mouse (None outside the text)."""
        layout = self.layout_
        offset = event.get_content_offset(self)
        if layout is None or offset is None:
            return None
        line = round(self.scroll_y) + offset.y
        if not 0 <= line < len(layout):
            return None
        start, end = layout.lines[line]
        column = offset.x - GUTTER
        if self.selection is not None and start <= self.selection[0] < start + column:
            column -= 1  # the selection's start mark takes a cell
        return start + max(0, min(column, end - start))

    def on_mouse_down(self, event: events.MouseDown) -> None:
        self._drag_from, self._dragged = self.offset_at(event), False
        if self._drag_from is not None:
            self.capture_mouse()

    def on_mouse_move(self, event: events.MouseMove) -> None:
        if self._drag_from is None or not event.button:
            return
        here = self.offset_at(event)
        if here is not None and here != self._drag_from:
            self._dragged = True
            self.set_selection((min(here, self._drag_from), max(here, self._drag_from)))

    def on_mouse_up(self, event: events.MouseUp) -> None:
        self.release_mouse()
        if self._dragged and self.selection is not None:
            self.post_message(self.TextSelected(*self.selection))
        self._drag_from = None

    def on_click(self, event: events.Click) -> None:
        if self._dragged:
            self._dragged = False
            return
        offset = self.offset_at(event)
        layout = self.layout_
        if offset is None or layout is None:
            return
        start, end = layout.lines[layout.line_of(offset)]
        column = event.get_content_offset(self).x - GUTTER
        if 0 <= column < end - start:
            index = self.statement_at(offset)
            if index is not None:
                self.post_message(self.StatementClicked(index))
