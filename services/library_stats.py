"""What a library holds and how far its review has come: the figures of ``quotelens stats``
and of the app's stats screen (one computation for both).

Counts are over one version of each statement (``corpus.layers.merged``: the gold version,
else the latest review, else the model's suggestion), as the library index counts them;
``by_annotator`` counts each named layer's own records (``gold`` included). Reviewed per day
counts review decisions: every record a person left in any layer (status other than
``predicted``), on the UTC day of its ``updated_at``. Articles are read one file at a time.
"""
from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from datetime import date, datetime, timedelta, timezone

from corpus import layers
from corpus.library import ArticleEntry, Library
from corpus.schema import REVIEWED, STATUSES
from corpus.text import make_inert

BAR_WIDTH = 30  # widest bar of the reviewed-per-day chart, in cells


@dataclass
class Tally:
    """Articles, statements and reviewed statements of one group (a dataset, an annotator)."""

    articles: int = 0
    statements: int = 0
    reviewed: int = 0


@dataclass
class LibraryStats:
    """The figures of a library (or of the articles a filter keeps)."""

    articles: int = 0
    statements: int = 0
    reviewed: int = 0
    by_status: dict[str, int] = field(default_factory=lambda: dict.fromkeys(STATUSES, 0))
    by_label: dict[str, int] = field(default_factory=dict)
    by_annotator: dict[str, Tally] = field(default_factory=dict)
    by_dataset: dict[str, Tally] = field(default_factory=dict)
    no_dataset: Tally = field(default_factory=Tally)
    reviewed_per_day: dict[str, int] = field(default_factory=dict)

    def to_dict(self) -> dict:
        """The figures as plain JSON values (keys sorted where they are names or days)."""
        return asdict(self)


def library_stats(library: Library, where: Callable[[ArticleEntry], bool] | None = None) -> LibraryStats:
    """The figures of the library's articles that ``where`` keeps (all when None)."""
    stats = LibraryStats()
    labels: Counter[str] = Counter()
    days: Counter[str] = Counter()
    for article, records in library.iter_article_records(where):
        stats.articles += 1
        merged = layers.merged(records)
        reviewed = sum(1 for r in merged if r["status"] in REVIEWED)
        stats.statements += len(merged)
        stats.reviewed += reviewed
        for record in merged:
            stats.by_status[record["status"]] += 1
            labels.update(record["labels"])
        for name in article.get("datasets") or ():
            _add(stats.by_dataset.setdefault(name, Tally()), len(merged), reviewed)
        if not article.get("datasets"):
            _add(stats.no_dataset, len(merged), reviewed)
        for name in layers.annotators(records):
            own = [r for r in records if layers.layer_of(r) == name]
            _add(stats.by_annotator.setdefault(name, Tally()), len(own),
                 sum(1 for r in own if r["status"] in REVIEWED))  # fmt: skip
        days.update(day for r in records if r["status"] in REVIEWED and (day := utc_day(r.get("updated_at"))))
    stats.by_label = dict(sorted(labels.items(), key=lambda kv: (-kv[1], kv[0])))
    stats.by_annotator = dict(sorted(stats.by_annotator.items()))
    stats.by_dataset = dict(sorted(stats.by_dataset.items()))
    stats.reviewed_per_day = dict(sorted(days.items()))
    return stats


def utc_day(stamp: str | None) -> str | None:
    """The UTC date (YYYY-MM-DD) of an ISO 8601 time (a time without an offset is taken as
    UTC; None for a missing or unreadable one, which counts on no day)."""
    try:
        moment = datetime.fromisoformat(stamp or "")
    except ValueError:
        return None
    if moment.tzinfo is not None:
        moment = moment.astimezone(timezone.utc)
    return moment.date().isoformat()


def _add(tally: Tally, statements: int, reviewed: int) -> None:
    tally.articles += 1
    tally.statements += statements
    tally.reviewed += reviewed


def daily_series(per_day: dict[str, int]) -> list[int]:
    """Reviews per day from the first day to the last, days without a review as 0 (for a
    chart whose x axis is time)."""
    if not per_day:
        return []
    first, last = date.fromisoformat(min(per_day)), date.fromisoformat(max(per_day))
    span = (last - first).days + 1
    return [per_day.get((first + timedelta(days=n)).isoformat(), 0) for n in range(span)]


def _bar(count: int, most: int) -> str:
    return "█" * max(1, round(BAR_WIDTH * count / most)) if count else ""


def _tally_rows(title: str, tallies: dict[str, Tally]) -> list[str]:
    rows = [f"{title:<24}{'articles':>9}{'statements':>12}{'reviewed':>10}"]
    for name, t in tallies.items():
        rows.append(f"{make_inert(name)[:23]:<24}{t.articles:>9}{t.statements:>12}{t.reviewed:>10}")
    return rows


def format_stats(stats: LibraryStats) -> str:
    """The figures as plain text tables (no markup, article-borne names made inert); at most
    62 columns wide, so it fits an 80-column terminal."""
    lines = [
        f"articles: {stats.articles} · statements: {stats.statements} · reviewed: {stats.reviewed}",
        "",
        f"{'status':<24}{'statements':>12}",
        *(f"{status:<24}{n:>12}" for status, n in stats.by_status.items()),
        "",
        f"{'label':<24}{'statements':>12}",
        *(f"{make_inert(label)[:23]:<24}{n:>12}" for label, n in stats.by_label.items()),
    ]
    if not stats.by_label:
        lines.append("(no labels)")
    lines += ["", *_tally_rows("annotator", stats.by_annotator)]
    if not stats.by_annotator:
        lines.append("(no annotator has reviewed anything)")
    datasets = dict(stats.by_dataset)
    if stats.no_dataset.articles:
        datasets["(no dataset)"] = stats.no_dataset
    lines += ["", *_tally_rows("dataset", datasets)]
    lines += ["", "reviewed per day (UTC)"]
    most = max(stats.reviewed_per_day.values(), default=0)
    lines += [f"{day}  {n:>6}  {_bar(n, most)}" for day, n in stats.reviewed_per_day.items()]
    if not stats.reviewed_per_day:
        lines.append("(no reviews yet)")
    return "\n".join(lines)
