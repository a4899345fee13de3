"""Tokenisation for exports: spaCy's blank English tokenizer (rules only, no trained model)."""
from __future__ import annotations

from bisect import bisect_left, bisect_right
from functools import cache

import spacy
from spacy.language import Language
from spacy.tokens import Doc


@cache
def blank_english() -> Language:
    """The blank English pipeline shared by the Prodigy and DocBin exporters."""
    return spacy.blank("en")


def make_doc(text: str) -> Doc:
    """A tokenised Doc of ``text`` (no annotations)."""
    return blank_english().make_doc(text)


class TokenIndex:
    """Maps character offsets to token indices (the tokens a span touches, inclusive)."""

    def __init__(self, starts: list[int], ends: list[int]):
        self._starts = starts
        self._ends = ends

    @classmethod
    def of(cls, doc: Doc) -> "TokenIndex":
        return cls([t.idx for t in doc], [t.idx + len(t) for t in doc])

    def token_range(self, start: int, end: int) -> tuple[int, int]:
        """(first, last) token overlapping ``[start, end)``; partial tokens count as covered."""
        first = max(bisect_right(self._ends, start), 0)
        last = max(bisect_left(self._starts, end) - 1, first)
        return first, min(last, len(self._starts) - 1)
