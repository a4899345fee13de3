"""Moving a span's edges by one token: words (with inner apostrophes) and punctuation marks."""
from __future__ import annotations

import re
from bisect import bisect_left, bisect_right

_TOKEN = re.compile(r"\w+(?:['’]\w+)*|[^\w\s]")


class TokenSteps:
    """Token boundaries of a text, found once; each step returns a new offset."""

    def __init__(self, text: str) -> None:
        spans = [m.span() for m in _TOKEN.finditer(text)]
        self.starts = [s for s, _ in spans]
        self.ends = [e for _, e in spans]

    def start_before(self, offset: int) -> int:
        """The last token start before ``offset`` (``offset`` if none)."""
        i = bisect_left(self.starts, offset)
        return self.starts[i - 1] if i else offset

    def start_after(self, offset: int) -> int:
        """The first token start after ``offset`` (``offset`` if none)."""
        i = bisect_right(self.starts, offset)
        return self.starts[i] if i < len(self.starts) else offset

    def end_before(self, offset: int) -> int:
        """The last token end before ``offset`` (``offset`` if none)."""
        i = bisect_left(self.ends, offset)
        return self.ends[i - 1] if i else offset

    def end_after(self, offset: int) -> int:
        """The first token end after ``offset`` (``offset`` if none)."""
        i = bisect_right(self.ends, offset)
        return self.ends[i] if i < len(self.ends) else offset

    def token_at(self, offset: int) -> tuple[int, int] | None:
        """The token covering ``offset``, else the next one (None past the last)."""
        i = bisect_right(self.ends, offset)
        return (self.starts[i], self.ends[i]) if i < len(self.starts) else None


def step_span(steps: TokenSteps, span: tuple[int, int], edge: str, forward: bool) -> tuple[int, int]:
    """``span`` with its ``edge`` ("start" or "end") moved one token; it never gets empty."""
    start, end = span
    if edge == "start":
        moved = steps.start_after(start) if forward else steps.start_before(start)
        return (moved, end) if moved < end else span
    moved = steps.end_after(end) if forward else steps.end_before(end)
    return (start, moved) if moved > start else span
