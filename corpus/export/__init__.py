"""Exports of articles and their statements: jsonl, prodigy, doccano, labelstudio, spacy, brat,
csv, markdown.

Every format streams: it takes an iterable of ``(article, statements)`` pairs and writes each
article as it arrives (``spacy`` writes a folder of DocBin shards, each saved when it is full;
``brat`` a folder of ``.txt``/``.ann`` pairs). The output is written atomically (corpus.atomic),
so a failed or interrupted export never leaves a half-written file, and only to a regular file
or a new name: an existing file must be an earlier export of the same format (or ``force``
given), and a folder export replaces only a folder of an earlier export of the same format.
``-`` writes a file format to standard output.
"""

from __future__ import annotations

import dataclasses
import functools
import gc
import io
import sys
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from corpus.atomic import WriteError, atomic_file, atomic_folder, starts_with, user_output
from corpus.export.selection import (
    DEFAULT_STATUSES,
    STATUSES,
    ExportError,
    ExportFilter,
    Pair,
    select,
)

__all__ = [
    "DEFAULT_FILTER",
    "DEFAULT_STATUSES",
    "FORMATS",
    "STATUSES",
    "UNITS",
    "ExportError",
    "ExportFilter",
    "ExportSummary",
    "write_export",
]

DEFAULT_FILTER = ExportFilter()  # accepted, corrected and added statements
FORMATS = ("jsonl", "prodigy", "doccano", "labelstudio", "spacy", "brat", "csv", "markdown")
#: How much text one task holds, and the formats made of tasks.
UNITS = ("article", "paragraph", "sentence")
UNIT_FORMATS = frozenset({"prodigy", "doccano", "labelstudio"})
#: Quote sheets for people: one version of each statement (layer "merged") unless a layer is chosen.
SHEET_FORMATS = frozenset({"csv", "markdown"})
Progress = Callable[[int, int], None]


@dataclass
class ExportSummary:
    """What an export wrote."""

    articles: int = 0
    statements: int = 0
    #: one line per invalid stored statement left out (``Library.invalid``)
    invalid: tuple[str, ...] = ()


def write_export(
    fmt: str,
    pairs: Iterable[Pair],
    path: str | Path,
    filt: ExportFilter = DEFAULT_FILTER,
    progress: Progress | None = None,
    force: bool = False,
    unit: str = "article",
) -> ExportSummary:
    """Write the kept statements of ``pairs`` to ``path`` (``-``: standard output) in format
    ``fmt``; ``force`` replaces an existing file that is not an earlier export.

    ``progress(articles_done, statements_done)`` is called after each exported article.
    ``unit`` (article, paragraph or sentence) is how much text one task holds in the
    task formats (``UNIT_FORMATS``); the other formats take whole articles. A quote sheet
    (``SHEET_FORMATS``) holds one version of each statement unless ``filt`` names a layer.
    """
    if fmt not in FORMATS:
        raise ExportError(f"{path}: unknown export format {fmt!r}; use {', '.join(FORMATS)}")
    if unit not in UNITS:
        raise ExportError(f"unknown task unit {unit!r}; use {', '.join(UNITS)}")
    if filt.layer is None and fmt in SHEET_FORMATS:
        filt = dataclasses.replace(filt, layer="merged")
    summary = ExportSummary()
    counted = _counting(select(pairs, filt), summary, progress)
    try:
        with _no_cycle_collection():
            if fmt in _FOLDER_WRITERS:
                _write_folder(fmt, counted, path, force)
            else:
                writer = _file_writer(fmt, unit)
                if str(path) == "-":
                    _write_stdout(fmt, writer, counted)
                else:
                    _write_file(fmt, writer, counted, path, force)
    except WriteError as exc:
        raise ExportError(str(exc)) from None
    return summary


@contextmanager
def _no_cycle_collection() -> Iterator[None]:
    """Pause Python's cycle collector: an export makes millions of short-lived dicts (Prodigy
    tokens), which would start a collection every 700 allocations (about 20 % of the time),
    and makes no reference cycles, so reference counting frees everything anyway."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


def _file_writer(fmt: str, unit: str) -> Callable:
    """``writer(pairs, out)`` for a file format (the task formats told the unit)."""
    _binary, writer = _WRITERS[fmt]
    return functools.partial(writer, unit=unit) if fmt in UNIT_FORMATS else writer


def _write_file(fmt: str, writer, pairs: Iterable[Pair], target: str | Path, force: bool) -> None:
    binary = _WRITERS[fmt][0]
    target = user_output(target, lambda p: starts_with(p, *_SIGNATURES[fmt]), force)
    with atomic_file(target, **({} if binary else _TEXT_OPTIONS[fmt])) as out:
        writer(pairs, out)


def _write_stdout(fmt: str, writer, pairs: Iterable[Pair]) -> None:
    binary = _WRITERS[fmt][0]
    sys.stdout.flush()
    if binary:
        writer(pairs, sys.stdout.buffer)
        sys.stdout.buffer.flush()
        return
    options = {**_TEXT_OPTIONS[fmt], "encoding": "utf-8"}  # no BOM in a stream
    out = io.TextIOWrapper(sys.stdout.buffer, **options)
    try:
        writer(pairs, out)
        out.flush()
    finally:
        out.detach()


def _counting(
    pairs: Iterable[Pair], summary: ExportSummary, progress: Progress | None
) -> Iterator[Pair]:
    for article, statements in pairs:
        yield article, statements
        summary.articles += 1
        summary.statements += len(statements)
        if progress is not None:
            progress(summary.articles, summary.statements)


def _write_jsonl(pairs, out) -> None:
    from corpus.export.jsonl import jsonl_lines

    out.writelines(jsonl_lines(pairs))


def _write_prodigy(pairs, out, unit: str) -> None:
    from corpus.export.prodigy import prodigy_tasks, task_line

    out.writelines(task_line(task) for task in prodigy_tasks(pairs, unit))


def _write_doccano(pairs, out, unit: str) -> None:
    from corpus.export.doccano import doccano_lines

    out.writelines(doccano_lines(pairs, unit))


def _write_labelstudio(pairs, out, unit: str) -> None:
    from corpus.export.labelstudio import labelstudio_chunks

    out.writelines(labelstudio_chunks(pairs, unit))


def _write_folder(fmt: str, pairs: Iterable[Pair], target: str | Path, force: bool) -> None:
    """Fill a new folder that replaces ``target`` once complete; an existing ``target`` must
    be an earlier export of the same format, never other files."""
    if str(target) == "-":
        raise WriteError(Path("-"), "not a folder", f"a {fmt} export is a folder of files; give a folder name, not -")
    writer, replaceable = _FOLDER_WRITERS[fmt]
    target = user_output(target, lambda p: True, force)  # atomic_folder checks what is there
    with atomic_folder(target, replaceable, f"a {fmt} export") as folder:
        writer(pairs, folder)


def is_spacy_export(path: Path) -> bool:
    """True for a real folder (not a link) that holds nothing but ``.spacy`` shard files."""
    if path.is_symlink() or not path.is_dir():
        return False
    return all(p.suffix == ".spacy" and p.is_file() and not p.is_symlink() for p in path.iterdir())


def _write_spacy(pairs, folder: Path) -> None:
    from corpus.export.docbin import write_shards

    write_shards(pairs, folder)


def _write_brat(pairs, folder: Path) -> None:
    from corpus.export.brat import write_brat

    write_brat(pairs, folder)


def _is_brat_export(path: Path) -> bool:
    from corpus.export.brat import is_brat_export

    return is_brat_export(path)


def _write_csv(pairs, out) -> None:
    from corpus.export.sheet import sheet_rows, write_csv

    write_csv(sheet_rows(pairs), out)


def _write_markdown(pairs, out) -> None:
    from corpus.export.sheet import sheet_rows, write_markdown

    write_markdown(sheet_rows(pairs), out)


# format: (binary file?, writer)
_WRITERS = {
    "jsonl": (True, _write_jsonl),
    "prodigy": (True, _write_prodigy),
    "doccano": (True, _write_doccano),
    "labelstudio": (True, _write_labelstudio),
    "csv": (False, _write_csv),
    "markdown": (False, _write_markdown),
}
# Formats written as a folder of files: (writer, which existing folder it may replace).
_FOLDER_WRITERS = {"spacy": (_write_spacy, is_spacy_export), "brat": (_write_brat, _is_brat_export)}
# How each file format begins, to recognise an earlier export that may be replaced.
_SIGNATURES = {
    "jsonl": (b'{"id":',),
    "prodigy": (b'{"text":',),
    "doccano": (b'{"text":',),
    "labelstudio": (b'[\n{"data":', b"[\n]\n"),
    "csv": ("\ufeffspeaker,quote,cue".encode(), b"speaker,quote,cue"),
    "markdown": (b"| Speaker | Quote | Cue |",),
}
# Spreadsheets read a BOM as "this CSV is UTF-8"; csv wants newline="" to write its own "\r\n".
_TEXT_OPTIONS = {"csv": {"encoding": "utf-8-sig", "newline": ""}, "markdown": {"encoding": "utf-8"}}
