"""Tokenisation for exports: spaCy's blank English tokenizer (rules only, no trained model).

Tokenising is most of the cost of a Prodigy export, so the library keeps each article's
token offsets in a compact string (``encode_tokens``: the text's length, then per token the
distance from the previous token's start and whether a space follows, as zlib-packed integers
in base64, about 1 byte a token) and exporters read them back (``TokenIndex.of``,
``article_doc``) instead of tokenising again.
"""

from __future__ import annotations

import base64
import binascii
import zlib
from bisect import bisect_left, bisect_right
from functools import cache

import numpy
import spacy
from spacy.attrs import IDX, SPACY
from spacy.language import Language
from spacy.tokens import Doc

#: Article record field holding ``encode_tokens(text)``.
TOKENS_FIELD = "tokens"
_WIDTHS = {"t2:": numpy.dtype("<u2"), "t4:": numpy.dtype("<u4")}


@cache
def blank_english() -> Language:
    """The blank English pipeline shared by the Prodigy and DocBin exporters."""
    return spacy.blank("en")


def make_doc(text: str) -> Doc:
    """A tokenised Doc of ``text`` (no annotations)."""
    return blank_english().make_doc(text)


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


def encode_tokens(text: str) -> str:
    """The token offsets of ``text`` as a compact string (see the module docstring)."""
    doc = make_doc(text)
    starts = doc.to_array(IDX).astype(numpy.int64)
    spaces = doc.to_array(SPACY).astype(numpy.int64)
    values = numpy.diff(starts, prepend=0) * 2 + spaces
    prefix = "t2:" if values.size == 0 or values.max() < 2**16 else "t4:"
    packed = zlib.compress(values.astype(_WIDTHS[prefix]).tobytes())
    return f"{prefix}{len(text)}:{base64.b64encode(packed).decode('ascii')}"


def decode_tokens(encoded: str, text: str) -> tuple[list[int], list[int]] | None:
    """(starts, spaces) from ``encode_tokens`` output; None if it does not fit ``text``."""
    dtype = _WIDTHS.get(encoded[:3])
    length, _, payload = encoded[3:].partition(":")
    if dtype is None or length != str(len(text)):
        return None
    try:
        values = numpy.frombuffer(zlib.decompress(base64.b64decode(payload)), dtype=dtype)
    except (binascii.Error, zlib.error, ValueError):
        return None
    values = values.astype(numpy.int64)
    starts = numpy.cumsum(values >> 1)
    spaces = values & 1
    if len(starts) and (starts[-1] >= len(text) or starts[0] != 0):
        return None
    return starts.tolist(), spaces.tolist()


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
