"""Exports of articles and their statements: jsonl, prodigy, spacy, csv, markdown.

Every format streams: it takes an iterable of ``(article, statements)`` pairs and writes each
article as it arrives (``spacy`` writes a folder of DocBin shards, each saved when it is full).
The output goes to a temporary file (or folder) next to ``path`` that replaces ``path`` only
when complete, so a failed or interrupted export never leaves a half-written file.
"""

from __future__ import annotations

import gc
import os
import secrets
import shutil
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from corpus.export.selection import (
    DEFAULT_STATUSES,
    STATUSES,
    ExportError,
    ExportFilter,
    Pair,
    select,
)
from corpus.storage import fsync_folder

__all__ = [
    "DEFAULT_FILTER",
    "DEFAULT_STATUSES",
    "FORMATS",
    "STATUSES",
    "ExportError",
    "ExportFilter",
    "ExportSummary",
    "write_export",
]

DEFAULT_FILTER = ExportFilter()  # accepted, corrected and added statements
FORMATS = ("jsonl", "prodigy", "spacy", "csv", "markdown")
Progress = Callable[[int, int], None]


@dataclass
class ExportSummary:
    """What an export wrote."""

    articles: int = 0
    statements: int = 0


def write_export(
    fmt: str,
    pairs: Iterable[Pair],
    path: str | Path,
    filt: ExportFilter = DEFAULT_FILTER,
    progress: Progress | None = None,
) -> ExportSummary:
    """Write the kept statements of ``pairs`` to ``path`` in format ``fmt``.

    ``progress(articles_done, statements_done)`` is called after each exported article.
    """
    if fmt not in FORMATS:
        raise ExportError(f"{path}: unknown export format {fmt!r}; use {', '.join(FORMATS)}")
    summary = ExportSummary()
    counted = _counting(select(pairs, filt), summary, progress)
    target = Path(path)
    tmp = target.with_name(f".{target.name}.{secrets.token_hex(4)}.tmp")
    with _no_cycle_collection():
        if fmt in _FOLDER_WRITERS:
            _write_folder(_FOLDER_WRITERS[fmt], counted, target, tmp)
        else:
            _write_file(fmt, counted, target, tmp)
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


def _write_file(fmt: str, pairs: Iterable[Pair], target: Path, tmp: Path) -> None:
    binary, writer = _WRITERS[fmt]
    try:
        out = open(tmp, "xb") if binary else open(tmp, "x", **_TEXT_OPTIONS[fmt])
    except OSError as exc:
        raise ExportError(f"{target}: cannot write here ({exc.strerror or exc})") from None
    try:
        with out:
            writer(pairs, out)
            out.flush()
            os.fsync(out.fileno())
        os.replace(tmp, target)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise


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


def _write_prodigy(pairs, out) -> None:
    from corpus.export.prodigy import prodigy_tasks, task_line

    out.writelines(task_line(task) for task in prodigy_tasks(pairs))


def _write_folder(writer, pairs: Iterable[Pair], target: Path, tmp: Path) -> None:
    """Fill a temporary folder, then put it in place of ``target`` (a previous export is
    replaced only once the new one is complete)."""
    try:
        tmp.mkdir()
    except OSError as exc:
        raise ExportError(f"{target}: cannot write here ({exc.strerror or exc})") from None
    old = None
    try:
        writer(pairs, tmp)
        _fsync_folder(tmp)
        if target.exists() or target.is_symlink():
            old = target.with_name(f".{target.name}.{secrets.token_hex(4)}.old")
            os.rename(target, old)
        os.rename(tmp, target)
        fsync_folder(target.parent)
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        if old is not None and not target.exists():
            os.rename(old, target)
            old = None
        raise
    finally:
        if old is not None:
            _remove(old)


def _remove(path: Path) -> None:
    if path.is_dir() and not path.is_symlink():
        shutil.rmtree(path, ignore_errors=True)
    else:
        path.unlink(missing_ok=True)


def _fsync_folder(folder: Path) -> None:
    """Flush the folder's files and its entries to the disk."""
    for file in folder.iterdir():
        with open(file, "rb") as f:
            os.fsync(f.fileno())
    fsync_folder(folder)


def _write_spacy(pairs, folder: Path) -> None:
    from corpus.export.docbin import write_shards

    write_shards(pairs, folder)


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
    "csv": (False, _write_csv),
    "markdown": (False, _write_markdown),
}
# Formats written as a folder of files (spacy: DocBin shards).
_FOLDER_WRITERS = {"spacy": _write_spacy}
# Spreadsheets read a BOM as "this CSV is UTF-8"; csv wants newline="" to write its own "\r\n".
_TEXT_OPTIONS = {"csv": {"encoding": "utf-8-sig", "newline": ""}, "markdown": {"encoding": "utf-8"}}
