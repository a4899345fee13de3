"""brat standoff ``.ann`` files (https://brat.nlplab.org/standoff.html): reading and writing lines.

Each line is ``ID<tab>DATA[<tab>TAIL]``; the ID's first character says what the line holds:

- ``T1<tab>TYPE START END[;START END…]<tab>TEXT`` a (possibly discontinuous) text span;
- ``R1<tab>TYPE Arg1:T1 Arg2:T2`` a binary relation;
- ``E1<tab>TYPE:TRIGGER ROLE:ID …`` an event;
- ``A1<tab>TYPE TARGET [VALUE]`` an attribute (no value: a binary flag);
- ``#1<tab>TYPE TARGET<tab>TEXT`` a note (brat's own is ``AnnotatorNotes``).

A line without a tab is the rest of a span text that held a line break (some corpora, PolNeAR
among them, were written that way) and is skipped, as are blank lines and the line kinds this
reader has no use for (``N`` normalisations, ``*`` equivalences, old ``M`` modifiers).
Offsets are character offsets into the ``.txt`` file read as UTF-8 with its line ends kept.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field

from corpus.errors import QuotelensError

Segments = tuple[tuple[int, int], ...]
#: Characters a line reader may break a line at: a span is written as fragments around them.
LINE_BREAKS = re.compile("[\n\r\u2028\u2029]+")
#: What brat and INCEpTION accept as a type or attribute name.
TYPE_NAME = re.compile(r"[A-Za-z_][A-Za-z0-9_-]*")


class BratError(QuotelensError):
    """A ``.ann`` line that cannot be read; the message names the file and the line."""

    def __init__(self, source: str, lineno: int, reason: str) -> None:
        super().__init__(f"{source}:{lineno}: {reason}")
        self.source, self.lineno, self.reason = source, lineno, reason


@dataclass(frozen=True, slots=True)
class TextBound:
    id: str
    type: str
    segments: Segments
    lineno: int


@dataclass(frozen=True, slots=True)
class Relation:
    id: str
    type: str
    args: tuple[tuple[str, str], ...]  # (role, id), normally Arg1 and Arg2


@dataclass(frozen=True, slots=True)
class Event:
    id: str
    type: str
    trigger: str
    args: tuple[tuple[str, str], ...]  # (role, id)


@dataclass(frozen=True, slots=True)
class Attribute:
    id: str
    type: str
    target: str
    value: str | None  # None: a binary attribute


@dataclass(frozen=True, slots=True)
class Note:
    id: str
    type: str
    target: str
    text: str


@dataclass
class Standoff:
    """The annotations of one ``.ann`` file, each kind in file order."""

    spans: dict[str, TextBound] = field(default_factory=dict)
    relations: list[Relation] = field(default_factory=list)
    events: list[Event] = field(default_factory=list)
    attributes: list[Attribute] = field(default_factory=list)
    notes: list[Note] = field(default_factory=list)


def parse_standoff(ann: str, source: str = "<ann>") -> Standoff:
    """The annotations of a ``.ann`` text; BratError names ``source`` and the line of a bad one."""
    doc = Standoff()
    for lineno, line in enumerate(ann.splitlines(), start=1):
        ident, tab, rest = line.partition("\t")
        if not tab or not ident:
            continue
        where = (source, lineno)
        kind = ident[0]
        if kind == "T":
            data = rest.split("\t", 1)[0]
            kind_name, _, ranges = data.partition(" ")
            doc.spans[ident] = TextBound(ident, kind_name, _segments(ranges, where), lineno)
        elif kind == "R":
            kind_name, *args = rest.split("\t", 1)[0].split() or [""]
            doc.relations.append(Relation(ident, kind_name, _roles(args, where)))
        elif kind == "E":
            head, *args = rest.split("\t", 1)[0].split() or [""]
            kind_name, colon, trigger = head.partition(":")
            if not colon:
                raise BratError(source, lineno, f"an event needs TYPE:TRIGGER, not {head!r}")
            # Lenient as the PolNeAR scorer is: arguments without a role are skipped.
            roles = tuple(_role(a) for a in args if ":" in a)
            doc.events.append(Event(ident, kind_name, trigger, roles))
        elif kind == "A":
            parts = rest.split("\t", 1)[0].split()
            if len(parts) not in (2, 3):
                raise BratError(source, lineno, "an attribute is TYPE TARGET [VALUE]")
            doc.attributes.append(Attribute(ident, parts[0], parts[1], (parts[2:] or [None])[0]))
        elif kind == "#":
            data, _, text = rest.partition("\t")
            parts = data.split()
            if len(parts) != 2:
                raise BratError(source, lineno, "a note is TYPE TARGET<tab>TEXT")
            doc.notes.append(Note(ident, parts[0], parts[1], text))
    return doc


def _segments(ranges: str, where: tuple[str, int]) -> Segments:
    """``"707 972;985 1248"`` -> ((707, 972), (985, 1248))."""
    try:
        segments = tuple(
            (int(start), int(end)) for start, end in (r.split() for r in ranges.split(";"))
        )
    except ValueError:
        raise BratError(*where, f"bad span offsets {ranges!r}") from None
    if any(not 0 <= start <= end for start, end in segments):
        raise BratError(*where, f"bad span offsets {ranges!r}")
    return segments


def _role(arg: str) -> tuple[str, str]:
    role, _, target = arg.partition(":")
    return role, target


def _roles(args: list[str], where: tuple[str, int]) -> tuple[tuple[str, str], ...]:
    if len(args) != 2 or not all(":" in a for a in args):
        raise BratError(*where, "a relation is TYPE Arg1:ID Arg2:ID")
    return tuple(_role(a) for a in args)


# writing --------------------------------------------------------------------------------------


def fragments(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """``[start, end)`` cut around line breaks: an ``.ann`` line cannot hold one."""
    out, at = [], start
    for brk in LINE_BREAKS.finditer(text, start, end):
        if brk.start() > at:
            out.append((at, brk.start()))
        at = brk.end()
    if end > at:
        out.append((at, end))
    return out


def span_line(ident: str, kind: str, text: str, segments: Iterable[tuple[int, int]]) -> str:
    """A ``T`` line; the text of a discontinuous span is its fragments joined by a space."""
    segments = list(segments)
    ranges = ";".join(f"{s} {e}" for s, e in segments)
    said = " ".join(text[s:e] for s, e in segments)
    return f"{ident}\t{kind} {ranges}\t{said}\n"


def relation_line(ident: str, kind: str, arg1: str, arg2: str) -> str:
    return f"{ident}\t{kind} Arg1:{arg1} Arg2:{arg2}\n"


def attribute_line(ident: str, kind: str, target: str, value: str | None = None) -> str:
    return f"{ident}\t{kind} {target}{'' if value is None else ' ' + value}\n"


def note_line(ident: str, target: str, text: str, kind: str = "AnnotatorNotes") -> str:
    """A note; line breaks in ``text`` become spaces (an ``.ann`` line cannot hold one)."""
    return f"{ident}\t{kind} {target}\t{LINE_BREAKS.sub(' ', text)}\n"
