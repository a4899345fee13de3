"""Decoding and cleaning untrusted article text, and splitting it into paragraphs."""
from __future__ import annotations

import re

# C0 controls except tab and newline, DEL and the C1 range, and the invisible characters
# that reorder or hide text (bidirectional embeddings, overrides and isolates, marks, the
# zero-width space, word joiner and invisible operators, a BOM inside the text): shown as
# visible symbols, one character for one, so offsets into the text keep their meaning.
# ZWNJ and ZWJ (U+200C, U+200D) stay: scripts and emoji need them, and they move nothing.
_INVISIBLE = "\u061c\u200b\u200e\u200f\u202a-\u202e\u2060-\u2064\u2066-\u2069\ufeff"
_CONTROL = re.compile(f"[\x00-\x08\x0b-\x1f\x7f\x80-\x9f{_INVISIBLE}]")
# What never belongs in a speaker's name: invisible characters go, controls and the
# symbols that stand for them part words.
_HIDDEN_IN_NAME = re.compile(f"[{_INVISIBLE}\u200c\u200d]")
_BREAK_IN_NAME = re.compile("[\x00-\x1f\x7f-\x9f\u2400-\u2421\ufffd]")
_PARAGRAPH_BREAK = re.compile(r"\n[ \t\u00a0]*\n\s*")


def _visible(match: re.Match) -> str:
    code = ord(match.group())
    if code < 0x20:
        return chr(0x2400 + code)  # ␀ … ␟, with ␛ for ESC
    if code == 0x7F:
        return "\u2421"  # ␡
    return "\ufffd"


def make_inert(text: str) -> str:
    """Replace control and invisible characters (ESC, BEL, C1, bidi overrides, zero-width
    spaces …) by visible symbols, one for one."""
    return _CONTROL.sub(_visible, text)


def plain_name(name: str) -> str:
    """A speaker's name with no control, invisible or replacement characters, spaces collapsed:
    "Putin\u202e" and "Putin" are one name."""
    return " ".join(_BREAK_IN_NAME.sub(" ", _HIDDEN_IN_NAME.sub("", name)).split())


def decode(data: bytes) -> tuple[str, str | None]:
    """Decode article bytes: UTF-8 (BOM allowed), else Windows-1252 with a warning."""
    try:
        return data.decode("utf-8-sig"), None
    except UnicodeDecodeError as exc:
        where = exc.start
    return (
        data.decode("cp1252", errors="replace"),
        f"not valid UTF-8 (byte {where}); decoded as Windows-1252",
    )


def looks_binary(data: bytes) -> bool:
    """True for data with NUL bytes or over 10 % control bytes (ESC aside) in its first 8 KiB."""
    head = data[:8192]
    if b"\x00" in head:
        return True
    controls = sum(1 for b in head if b < 0x20 and b not in b"\n\r\t\f\x1b")
    return bool(head) and controls / len(head) > 0.10


def clean(text: str) -> str:
    """Normalise line ends, make control characters inert and trim the ends."""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    return make_inert(text).strip()


def paragraphs(text: str) -> list[tuple[int, int]]:
    """(start, end) of each paragraph: blank-line separated, or one per line if none are."""
    splitter = _PARAGRAPH_BREAK if _PARAGRAPH_BREAK.search(text) else re.compile(r"\n+")
    spans, pos = [], 0
    for m in splitter.finditer(text):
        if m.start() > pos:
            spans.append((pos, m.start()))
        pos = m.end()
    if pos < len(text):
        spans.append((pos, len(text)))
    return [(s, e) for s, e in spans if text[s:e].strip()]
