"""Tokenisation for exports: spaCy's blank English tokenizer (rules only, no trained model)."""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from functools import cache

import spacy
from spacy.attrs import IDX, SPACY
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
    """Token offsets of a text, read from the Doc's arrays (no Token objects: exports are big).

    A token's trailing whitespace is at most one character in spaCy (longer runs are tokens of
    their own), so a token ends where the next starts, less its space.
    """

    def __init__(self, text: str):
        doc = make_doc(text)
        self.starts: list[int] = doc.to_array(IDX).tolist()
        self.spaces: list[int] = doc.to_array(SPACY).tolist()
        following = self.starts[1:] + [len(text)]
        self.ends = [nxt - sp for nxt, sp in zip(following, self.spaces, strict=True)]

    def token_range(self, start: int, end: int) -> tuple[int, int]:
        """(first, last) token overlapping ``[start, end)``; partial tokens count as covered."""
        first = bisect_right(self.ends, start)
        last = max(bisect_left(self.starts, end) - 1, first)
        return first, min(last, len(self.starts) - 1)
