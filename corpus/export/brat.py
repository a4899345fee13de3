"""brat standoff: a folder of ``ID.txt`` (the article text) and ``ID.ann`` per article, and an
``annotation.conf`` declaring the types used, so brat opens the folder as a collection and
INCEpTION's "brat basic" import reads each pair (zipped: it wants one file per document).

Per statement, in text order::

    T1  QUOTE 10 52;60 95   the quote's parts as fragments of one (discontinuous) span
    A1  Kind T1 direct      the statement's kind and status as valued attributes
    A2  Status T1 accepted
    A3  claim T1            each label as a binary attribute
    #1  AnnotatorNotes T1   the statement's note
    T2  SPEAKER 53 58       the speaker mention; a note on it gives the speaker's name
    T3  CUE 59 63           the cue
    R1  SPEAKER_OF Arg1:T2 Arg2:T1
    R2  CUE_OF Arg1:T3 Arg2:T1

A speaker or cue span shared by statements is written once. A span that crosses a line break
is cut into fragments around it (a ``.ann`` line cannot hold one), and line breaks in notes
become spaces. Relations, not events: an event needs a trigger span, and INCEpTION's import
fails on event roles its span layer lacks.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

from corpus.brat_standoff import (
    TYPE_NAME,
    attribute_line,
    fragments,
    note_line,
    relation_line,
    span_line,
)
from corpus.export.records import CUE, CUE_OF, QUOTE, SPEAKER, SPEAKER_OF
from corpus.export.selection import ExportError
from corpus.schema import KINDS, STATUSES

KIND, STATUS = "Kind", "Status"
CONFIG_FILE = "annotation.conf"
#: Files a brat export holds besides its ``.txt``/``.ann`` pairs (visual.conf: if a user adds one).
CONFIG_FILES = frozenset({CONFIG_FILE, "visual.conf"})
RESERVED = frozenset({KIND, STATUS})


def ann_text(article: dict, statements: list[dict], labels: set[str] | None = None) -> str:
    """The ``.ann`` file of an article; the labels used are added to ``labels``."""
    text = article["text"]
    lines: list[str] = []
    spans: dict[tuple, str] = {}
    counts = {"T": 0, "R": 0, "A": 0, "#": 0}

    def ident(kind: str) -> str:
        counts[kind] += 1
        return f"{kind}{counts[kind]}"

    def span(kind: str, parts: Iterable[dict], key: tuple) -> tuple[str | None, bool]:
        """The id of the span (a new T line unless already written) and whether it is new;
        None for a span of nothing but line breaks (brat cannot show one)."""
        if key in spans:
            return spans[key], False
        segments = [f for p in parts for f in fragments(text, p["start"], p["end"])]
        if not segments:
            return None, False
        tid = spans[key] = ident("T")
        lines.append(span_line(tid, kind, text, segments))
        return tid, True

    for s in statements:
        quote, _ = span(QUOTE, s["quote"], (QUOTE, s["id"]))
        if quote is None:
            raise ExportError(f"article {article['id']}: statement {s['id']} quotes nothing but line breaks")
        lines.append(attribute_line(ident("A"), KIND, quote, s.get("kind") or "direct"))
        lines.append(attribute_line(ident("A"), STATUS, quote, s["status"]))
        for label in s.get("labels") or ():
            lines.append(attribute_line(ident("A"), _label_name(label, article), quote))
            if labels is not None:
                labels.add(label)
        if s.get("note"):
            lines.append(note_line(ident("#"), quote, s["note"]))
        for field, kind, link in ((s.get("speaker"), SPEAKER, SPEAKER_OF), (s.get("cue"), CUE, CUE_OF)):
            if not field:
                continue
            head, new = span(kind, [field], (kind, field["start"], field["end"]))
            if head is None:
                continue
            if new and kind == SPEAKER and s.get("speaker_name"):
                lines.append(note_line(ident("#"), head, s["speaker_name"]))
            lines.append(relation_line(ident("R"), link, head, quote))
    return "".join(lines)


def _label_name(label: str, article: dict) -> str:
    if not TYPE_NAME.fullmatch(label) or label in RESERVED:
        raise ExportError(
            f"article {article['id']}: label {label!r} cannot be a brat attribute (letters, "
            f"digits, _ and - only, not {KIND} or {STATUS}); rename it or leave it out with --label"
        )
    return label


def annotation_conf(labels: Iterable[str]) -> str:
    """brat's type declarations for the export (entities, relations, attributes)."""
    flags = "".join(f"{label}\tArg:{QUOTE}\n" for label in sorted(labels))
    return (
        "# quotelens export: quotes, their speakers and cues\n"
        f"[entities]\n{QUOTE}\n{SPEAKER}\n{CUE}\n\n"
        f"[relations]\n{SPEAKER_OF}\tArg1:{SPEAKER}, Arg2:{QUOTE}\n"
        f"{CUE_OF}\tArg1:{CUE}, Arg2:{QUOTE}\n<OVERLAP>\tArg1:<ANY>, Arg2:<ANY>, <OVL-TYPE>:<ANY>\n\n"
        "[events]\n\n"
        f"[attributes]\n{KIND}\tArg:{QUOTE}, Value:{'|'.join(KINDS)}\n"
        f"{STATUS}\tArg:{QUOTE}, Value:{'|'.join(STATUSES)}\n{flags}"
    )


def write_brat(pairs: Iterable[tuple[dict, list[dict]]], folder: Path) -> None:
    """``ID.txt`` and ``ID.ann`` per article into ``folder``, then its ``annotation.conf``."""
    labels: set[str] = set()
    for article, statements in pairs:
        # newline="": the text is written as stored, so offsets hold ("\r" included).
        with open(folder / f"{article['id']}.txt", "x", encoding="utf-8", newline="") as out:
            out.write(article["text"])
        with open(folder / f"{article['id']}.ann", "x", encoding="utf-8", newline="") as out:
            out.write(ann_text(article, statements, labels))
    with open(folder / CONFIG_FILE, "x", encoding="utf-8") as out:
        out.write(annotation_conf(labels))


def is_brat_export(path: Path) -> bool:
    """True for a real folder holding only ``.txt``/``.ann`` files and brat's config files."""
    if path.is_symlink() or not path.is_dir():
        return False
    return all(
        (p.suffix in (".txt", ".ann") or p.name in CONFIG_FILES) and p.is_file() and not p.is_symlink()
        for p in path.iterdir()
    )
