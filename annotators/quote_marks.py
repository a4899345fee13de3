"""Pairing quotation marks in raw text: “ ” " " « » ‘ ’ ' — never raising on odd input.

Pure functions over a string. A quote is the text from an opening mark to its closing mark,
marks included. Rules:

- Double marks (“ ” „ " « ») nest on a stack; only the outermost pair is a quote.
- Single marks (‘ ’ ') are quotes only at the top level and only when a pair closes within
  the paragraph; a ’ or ' between letters, after an ``s`` with no single quote open, or before
  a digit (Russia’s, don't, students’, the ’90s) is an apostrophe.
- A paragraph that ends inside a double quote continues in the next paragraph when that one
  opens with a double mark (the news convention for multi-paragraph quotes); the parts share
  a ``group``. Otherwise the quote runs to the end of its paragraph (``closed=False``).
- Unbalanced marks never raise: a stray closing mark is ignored.
"""
from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

DOUBLE_OPEN = "“„«"
DOUBLE_CLOSE = "”»"
SINGLE_OPEN = "‘"
SINGLE_CLOSE = "’"
STRAIGHT_DOUBLE = '"'
STRAIGHT_SINGLE = "'"

ALL_MARKS = DOUBLE_OPEN + DOUBLE_CLOSE + SINGLE_OPEN + SINGLE_CLOSE + STRAIGHT_DOUBLE + STRAIGHT_SINGLE
#: Double quotation marks in any convention (evaluation ignores them when matching quotes).
DOUBLE_MARKS = DOUBLE_OPEN + DOUBLE_CLOSE + STRAIGHT_DOUBLE + "‟"
#: Every quotation mark a quote may open or close with, in any language's convention
#: (stripped from excerpts; a stretch opening with one is direct speech).
QUOTE_MARKS = "\"'“”„‟«»‹›‘’‚‛「」『』"
OPENING_CONTEXT = " \t\n\u00a0([{—–-/" + DOUBLE_OPEN + SINGLE_OPEN + STRAIGHT_DOUBLE

_PARAGRAPH = re.compile(r"[^\n]+")
# Two apostrophes ('') stand for a straight double mark in some newspapers' text.
_MARK = re.compile("''|[" + re.escape(ALL_MARKS) + "]")


@dataclass(frozen=True, slots=True)
class QuoteSpan:
    """One quoted stretch of one paragraph: ``text[start:end]``, marks included."""

    start: int
    end: int
    group: int  # parts of one multi-paragraph quote share a group
    closed: bool  # False when the paragraph ended before a closing mark


def lines(text: str) -> Iterator[tuple[int, int]]:
    """(start, end) of every non-blank line, whitespace trimmed: the stretches quotes are
    paired in (a quote never spans a line break unless it continues in the next line)."""
    for m in _PARAGRAPH.finditer(text):
        s, e = m.start(), m.end()
        while s < e and text[s].isspace():
            s += 1
        while e > s and text[e - 1].isspace():
            e -= 1
        if s < e:
            yield s, e


def _is_space(ch: str) -> bool:
    return ch == "" or ch.isspace()


def _opens(prev: str, nxt: str) -> bool:
    """A straight or ambiguous mark opens when it follows a space and precedes text."""
    return (prev == "" or prev in OPENING_CONTEXT) and not _is_space(nxt)


def _single_opens(prev: str, nxt: str) -> bool:
    return _opens(prev, nxt) and not nxt.isdigit() and nxt not in ALL_MARKS


def _single_closes(prev: str, nxt: str) -> bool:
    return not _is_space(prev) and not nxt.isalnum()


def _scan_paragraph(text: str, start: int, end: int) -> tuple[list[tuple[int, int]], int | None]:
    """Top-level quotes closed inside the paragraph, and the start of one left open (if any)."""
    found: list[tuple[int, int]] = []
    stack: list[tuple[int, str]] = []  # open double marks: (position, mark)
    single: int | None = None  # position of an open top-level single mark
    for m in _MARK.finditer(text, start, end):
        i, ch = m.start(), m.group()
        prev = text[i - 1] if i > start else ""
        nxt = text[m.end()] if m.end() < end else ""
        if ch == "''":
            ch = STRAIGHT_DOUBLE
        if ch in DOUBLE_OPEN or (ch == STRAIGHT_DOUBLE and not stack and _opens(prev, nxt)):
            single = None  # a single mark open at the top level was an apostrophe
            stack.append((i, ch))
        elif ch == STRAIGHT_DOUBLE and not stack:
            continue  # stray straight mark (5'10", a closing mark without opening)
        elif ch in DOUBLE_CLOSE or ch == STRAIGHT_DOUBLE:
            if ch == STRAIGHT_DOUBLE and stack[-1][1] != STRAIGHT_DOUBLE and _opens(prev, nxt):
                stack.append((i, ch))  # a straight quote nested in a curly one
                continue
            if not stack:
                if ch == "”" and _opens(prev, nxt):  # ” used as an opening mark
                    stack.append((i, ch))
                continue
            pos, _ = stack.pop()
            if not stack:
                found.append((pos, m.end()))
        elif stack:
            continue  # single marks inside a double quote are nested quotes or apostrophes
        elif ch == SINGLE_OPEN or (ch == STRAIGHT_SINGLE and single is None):
            if _single_opens(prev, nxt):
                single = i
        elif single is not None and _single_closes(prev, nxt):
            if i - single > 2:
                found.append((single, i + 1))
            single = None
    return found, (stack[0][0] if stack else None)


def _starts_with_open_mark(text: str, start: int, end: int) -> bool:
    ch = text[start] if start < end else ""
    nxt = text[start + 1] if start + 1 < end else ""
    if text.startswith("''", start):
        ch, nxt = STRAIGHT_DOUBLE, text[start + 2] if start + 2 < end else ""
    return ch in DOUBLE_OPEN or (ch == STRAIGHT_DOUBLE and not _is_space(nxt))


def find_quotes(text: str) -> list[QuoteSpan]:
    """All top-level quotes of ``text`` in order, multi-paragraph quotes as grouped parts."""
    quotes: list[QuoteSpan] = []
    group = -1
    carried = False  # the previous paragraph ended inside a quote
    for p_start, p_end in lines(text):
        continues = carried and _starts_with_open_mark(text, p_start, p_end)
        found, open_at = _scan_paragraph(text, p_start, p_end)
        for k, (s, e) in enumerate(found):
            if not (k == 0 and continues):
                group += 1
            quotes.append(QuoteSpan(s, e, group, True))
        if open_at is not None:
            if not (continues and not found):
                group += 1
            quotes.append(QuoteSpan(open_at, p_end, group, False))
            carried = True
        else:
            carried = False
    return quotes
