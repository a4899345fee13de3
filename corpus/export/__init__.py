"""Exports of articles and their statements: jsonl, prodigy, spacy, csv, markdown.

Every format streams: it takes an iterable of ``(article, statements)`` pairs and writes each
article as it arrives (the DocBin keeps compact token arrays until it is saved). The output goes
to a temporary file next to ``path`` that replaces ``path`` only when complete, so a failed or
interrupted export never leaves a half-written file.
"""

from __future__ import annotations

import os
import secrets
from collections.abc import Callable, Iterable, Iterator
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
    binary, writer = _WRITERS[fmt]
    try:
        out = open(tmp, "xb") if binary else open(tmp, "x", **_TEXT_OPTIONS[fmt])
    except OSError as exc:
        raise ExportError(f"{target}: cannot write here ({exc.strerror or exc})") from None
    try:
        with out:
            writer(counted, out)
            out.flush()
            os.fsync(out.fileno())
        os.replace(tmp, target)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
    return summary


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


def _write_spacy(pairs, out) -> None:
    from corpus.export.docbin import docbin_of

    out.write(docbin_of(pairs).to_bytes())


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
    "spacy": (True, _write_spacy),
    "csv": (False, _write_csv),
    "markdown": (False, _write_markdown),
}
# Spreadsheets read a BOM as "this CSV is UTF-8"; csv wants newline="" to write its own "\r\n".
_TEXT_OPTIONS = {"csv": {"encoding": "utf-8-sig", "newline": ""}, "markdown": {"encoding": "utf-8"}}
