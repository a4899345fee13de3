"""Finding a word or phrase in an article, one match after another (case-insensitive)."""
from __future__ import annotations

import re


class TextSearch:
    """A query over a text: how many matches, the current one, and the next one."""

    def __init__(self, query: str, text: str) -> None:
        self.query = query
        self.text = text
        self.pattern = re.compile(re.escape(query), re.IGNORECASE)
        self.count = sum(1 for _ in self.pattern.finditer(text))
        self.match: tuple[int, int] | None = None

    def next(self, start: int | None = None) -> bool:
        """Move to the first match at ``start`` or after it (default: after the current
        match), wrapping to the top; True if it wrapped. ``match`` is None when nothing is
        found."""
        if start is None:
            start = self.match[0] + 1 if self.match else 0
        found = self.pattern.search(self.text, start)
        wrapped = found is None and self.count > 0
        if wrapped:
            found = self.pattern.search(self.text, 0)
        self.match = found.span() if found else None
        return wrapped
