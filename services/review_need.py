"""How much review an article still needs, for the library's "review need" sort (issue 9).

An article's need is the sum, over the statements an annotator has not reviewed yet, of how
unsure the model was of each (1 − confidence; a statement with no confidence counts fully):
many unreviewed statements, and low-confidence ones above all, come first. The unreviewed
statements are those ``annotators.review.review_order`` lists, the reader's ``N`` order.
"""
from __future__ import annotations

from collections.abc import Callable

from annotators.review import review_order
from corpus import layers
from corpus.library import ArticleEntry, Library
from corpus.schema import REVIEWED


def review_need(records: list[dict]) -> float:
    """The need of one article's statements (as an annotator sees them)."""
    pairs = [(_confidence(r), r["status"] in REVIEWED) for r in records]
    return sum(1.0 - pairs[i][0] for i in review_order(pairs))


def _confidence(record: dict) -> float:
    value = record.get("confidence")
    return 0.0 if value is None else min(1.0, max(0.0, float(value)))


def review_needs(
    library: Library, annotator: str | None, cancelled: Callable[[], bool] = lambda: False
) -> dict[str, float]:
    """Each article's need as ``annotator`` (default: the library's) sees it, reading one
    article file at a time; stops early (returning what it has) when ``cancelled``."""
    who = annotator or library.annotator
    needs: dict[str, float] = {}
    for article, records in library.iter_article_records():
        if cancelled():
            break
        needs[article["id"]] = review_need(layers.view(records, who))
    return needs


def by_need(entries: list[ArticleEntry], needs: dict[str, float]) -> list[ArticleEntry]:
    """The entries most in need of review first; equal needs newest first (articles not
    measured yet last)."""
    newest = sorted(entries, key=lambda e: (e.added, e.id), reverse=True)
    return sorted(newest, key=lambda e: -needs.get(e.id, -1.0))
