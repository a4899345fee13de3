"""How counts are worded on screen and in CLI messages."""
from __future__ import annotations


def plural(count: int, noun: str, many: str | None = None) -> str:
    """``1 article``, ``2 articles``, ``0 articles``; ``many`` for irregular plurals."""
    return f"{count} {noun if count == 1 else many or noun + 's'}"
