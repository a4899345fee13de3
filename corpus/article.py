"""The article record: cleaned text, a title and where it came from."""
from __future__ import annotations

import hashlib
from dataclasses import dataclass, field


def article_id(text: str) -> str:
    """Stable id of an article: the start of the SHA-256 of its text."""
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:16]


@dataclass(frozen=True)
class Article:
    """An article as quotelens reads it; offsets in statements point into ``text``."""

    title: str
    text: str
    source: str
    meta: dict = field(default_factory=dict)
    warnings: tuple[str, ...] = ()

    @property
    def id(self) -> str:
        return article_id(self.text)
