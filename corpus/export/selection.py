"""Which statements an export keeps: by article, dataset, layer, status, label and annotator."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass

from corpus import layers
from corpus.errors import QuotelensError
from corpus.schema import STATUSES

# Reviewed statements only: exports are training data and quote sheets, and an unreviewed
# machine suggestion is neither gold nor something to print. Ask for "predicted" explicitly.
DEFAULT_STATUSES = frozenset({"accepted", "corrected", "added"})

Pair = tuple[dict, list[dict]]


class ExportError(QuotelensError):
    """An export that cannot be made: unknown format or status, unwritable path."""


@dataclass(frozen=True)
class ExportFilter:
    """What to export. ``None`` means "any" for article ids, labels, annotator and datasets.

    ``layer`` picks the version of each statement (corpus.layers): an annotator's name or
    ``gold`` (that layer over the shared suggestions), ``merged`` (one per statement: gold,
    else the latest review), None (every layer's records). ``datasets`` keeps articles in
    any of those sets, ``exclude_datasets`` drops those in any of these.
    ``include_rejected`` adds "rejected" to ``statuses`` (Prodigy marks them ``answer: reject``;
    the DocBin and quote sheet formats never contain them).
    """

    article_ids: frozenset[str] | None = None
    statuses: frozenset[str] = DEFAULT_STATUSES
    include_rejected: bool = False
    labels: frozenset[str] | None = None
    annotator: str | None = None
    layer: str | None = None
    datasets: frozenset[str] | None = None
    exclude_datasets: frozenset[str] = frozenset()

    def __post_init__(self) -> None:
        unknown = set(self.statuses) - set(STATUSES)
        if unknown:
            raise ExportError(
                f"unknown status {', '.join(sorted(unknown))}; use {', '.join(STATUSES)}"
            )

    @property
    def wanted_statuses(self) -> frozenset[str]:
        return self.statuses | {"rejected"} if self.include_rejected else self.statuses

    def keeps_article(self, article: dict) -> bool:
        return (self.article_ids is None or article["id"] in self.article_ids) and self.keeps_datasets(
            article.get("datasets") or ()
        )

    def keeps_datasets(self, names: Iterable[str]) -> bool:
        """True if an article in these datasets passes ``datasets`` and ``exclude_datasets``."""
        names = set(names)
        if self.datasets is not None and not names & self.datasets:
            return False
        return not names & self.exclude_datasets

    def layer_records(self, statements: list[dict]) -> list[dict]:
        """The records of the chosen ``layer`` (all of them when None)."""
        if self.layer is None:
            return statements
        if self.layer == "merged":
            return layers.merged(statements)
        return layers.view(statements, self.layer)

    def keeps(self, statement: dict) -> bool:
        """True if the statement passes every criterion (labels: any one of them)."""
        if statement.get("status") not in self.wanted_statuses:
            return False
        if self.labels is not None and not self.labels.intersection(statement.get("labels") or ()):
            return False
        return self.annotator is None or statement.get("annotator") == self.annotator


def statement_order(statement: dict) -> tuple:
    """Sort key that makes exports independent of the order the store returns statements in."""
    quote = statement.get("quote") or [{"start": 0, "end": 0}]
    return (quote[0]["start"], quote[-1]["end"], statement.get("id") or "")


def select(pairs: Iterable[Pair], filt: ExportFilter) -> Iterator[Pair]:
    """Yield each kept article with its kept statements in text order, one pair at a time.

    Articles with no kept statement are skipped: they carry nothing to train on or to print.
    """
    for article, statements in pairs:
        if not filt.keeps_article(article):
            continue
        kept = sorted((s for s in filt.layer_records(statements) if filt.keeps(s)), key=statement_order)
        if kept:
            yield article, kept
