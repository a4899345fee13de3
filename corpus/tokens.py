"""An article's tokens: spaCy's blank English tokenizer (rules only, no trained model), and
the compact form the library stores them in.

Tokenising is most of the cost of a Prodigy export, so the library keeps each article's
token offsets in a compact string (``encode_tokens``: the text's length, then per token the
distance from the previous token's start and whether a space follows, as zlib-packed integers
in base64, about 1 byte a token) and exporters read them back (corpus.export.tokens) instead
of tokenising again.
"""

from __future__ import annotations

import base64
import binascii
import zlib
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
    """The blank English pipeline (the tokenizer the store and the exports share)."""
    return spacy.blank("en")


def make_doc(text: str) -> Doc:
    """A tokenised Doc of ``text`` (no annotations)."""
    return blank_english().make_doc(text)


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
