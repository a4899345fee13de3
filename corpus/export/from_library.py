"""Exporting a library: the articles a filter may keep, read one file at a time, written out.

Shared by ``quotelens export`` and the app's export command, which differ only in how they
show progress.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path

from corpus.export import DEFAULT_FILTER, ExportFilter, ExportSummary, write_export
from corpus.export.selection import Pair
from corpus.library import ArticleEntry, Library

ArticleProgress = Callable[[int, int], None]


def export_library(
    library: Library,
    fmt: str,
    path: str | Path,
    filt: ExportFilter = DEFAULT_FILTER,
    progress: ArticleProgress | None = None,
    force: bool = False,
    unit: str = "article",
) -> ExportSummary:
    """Write the statements of ``library`` that ``filt`` keeps to ``path`` in format ``fmt``.

    ``progress(articles_read, articles_total)`` is called once before the first article is
    read and after each one; ``unit`` is the text one task holds (see ``write_export``).
    Raises ExportError (a QuotelensError) when the export cannot be
    written; damaged article files are skipped and listed in ``library.warnings``, invalid
    statements left out and listed in the summary's ``invalid``.
    """
    wanted = articles_wanted(filt)
    total = sum(1 for entry in library.articles() if wanted(entry))
    invalid: list[str] = []
    pairs: Iterable[Pair] = _noting_invalid(library, library.iter_article_records(wanted), invalid)
    if progress is not None:
        progress(0, total)
        pairs = _reporting(pairs, total, progress)
    summary = write_export(fmt, pairs, path, filt, force=force, unit=unit)
    return dataclasses.replace(summary, invalid=tuple(invalid))


def _noting_invalid(library: Library, pairs: Iterable[Pair], invalid: list[str]) -> Iterator[Pair]:
    """The pairs, noting the invalid statements the library left out of each."""
    for article, records in pairs:
        invalid.extend(library.invalid.get(article["id"], ()))
        yield article, records


def articles_wanted(filt: ExportFilter) -> Callable[[ArticleEntry], bool]:
    """Whether an article may hold statements the filter keeps, from its index entry alone."""

    def wanted(entry: ArticleEntry) -> bool:
        if filt.article_ids is not None and entry.id not in filt.article_ids:
            return False
        if not filt.keeps_datasets(entry.datasets):
            return False
        if not entry.counts:  # an index without counts: read the file to know
            return True
        return any(entry.counts.get(status, 0) for status in filt.wanted_statuses)

    return wanted


def _reporting(pairs: Iterable[Pair], total: int, progress: ArticleProgress) -> Iterator[Pair]:
    for done, pair in enumerate(pairs, 1):
        yield pair
        progress(done, total)
