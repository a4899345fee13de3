"""Tokens for exports: an article's Doc and token offsets, from its stored tokens when they
fit its text (corpus.tokens), else by tokenising it again.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right

from spacy.attrs import IDX, SPACY
from spacy.tokens import Doc

from corpus.tokens import TOKENS_FIELD, blank_english, decode_tokens, make_doc


def article_doc(article: dict) -> Doc:
    """The article's tokenised Doc: built from its stored tokens when they fit its text."""
    text = article["text"]
    encoded = article.get(TOKENS_FIELD)
    offsets = decode_tokens(encoded, text) if encoded else None
    if offsets is None:
        return make_doc(text)
    starts, spaces = offsets
    ends = [*starts[1:], len(text)]
    words = [text[start : end - space] for start, end, space in zip(starts, ends, spaces)]
    return Doc(blank_english().vocab, words=words, spaces=[bool(s) for s in spaces])


class TokenIndex:
    """Token offsets of a text, read from the Doc's arrays (no Token objects: exports are big).

    A token's trailing whitespace is at most one character in spaCy (longer runs are tokens of
    their own), so a token ends where the next starts, less its space.
    """

    def __init__(self, text: str, offsets: tuple[list[int], list[int]] | None = None):
        if offsets is None:
            doc = make_doc(text)
            offsets = doc.to_array(IDX).tolist(), doc.to_array(SPACY).tolist()
        self.starts: list[int] = offsets[0]
        self.spaces: list[int] = offsets[1]
        following = self.starts[1:] + [len(text)]
        self.ends = [nxt - sp for nxt, sp in zip(following, self.spaces, strict=True)]

    @classmethod
    def of(cls, article: dict) -> "TokenIndex":
        """The article's tokens: from its stored ``tokens`` when they fit its text."""
        text = article["text"]
        encoded = article.get(TOKENS_FIELD)
        return cls(text, decode_tokens(encoded, text) if encoded else None)

    def token_range(self, start: int, end: int) -> tuple[int, int]:
        """(first, last) token overlapping ``[start, end)``; partial tokens count as covered."""
        first = bisect_right(self.ends, start)
        last = max(bisect_left(self.starts, end) - 1, first)
        return first, min(last, len(self.starts) - 1)
