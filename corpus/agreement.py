"""Agreement between annotators: statement-level F1 with the PolNeAR matching
(corpus.evaluation), Cohen's kappa and Krippendorff's alpha on accept/reject decisions,
per annotator pair, per label, per article and overall.

Each annotator's annotation of an article is their layer (corpus.layers). Their
**statements** are the ones they accepted, corrected or added; for F1 one annotator of a
pair stands as gold for the other (F1 is symmetric). Their **decisions** are on the model's
suggestions: accepted or corrected counts as accept, rejected as reject; kappa and alpha
compare the decisions two (or more) annotators made on the same suggestion. Only articles
an annotator has a layer in count for that annotator.
"""
from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from itertools import combinations

from corpus import layers
from corpus.evaluation import MATCH_METRICS, Report, ScoringCase, attributions_from_records

KEPT = frozenset({"accepted", "corrected", "added"})
DECISION = {"accepted": "accept", "corrected": "accept", "rejected": "reject"}


def cohen_kappa(pairs: Iterable[tuple[str, str]]) -> float | None:
    """Cohen's kappa of two raters' labels on the same items (None with no items; 1.0 when
    both always give the one same label)."""
    pairs = list(pairs)
    if not pairs:
        return None
    n = len(pairs)
    observed = sum(a == b for a, b in pairs) / n
    first, second = Counter(a for a, _ in pairs), Counter(b for _, b in pairs)
    expected = sum(first[label] * second[label] for label in first) / (n * n)
    return 1.0 if expected == 1 else (observed - expected) / (1 - expected)


def krippendorff_alpha(units: Iterable[Iterable[str]]) -> float | None:
    """Krippendorff's alpha for nominal values: ``units`` holds, per item, the values the
    raters gave it (raters who gave none left out). Items with fewer than two values are
    not pairable and do not count. None when nothing is pairable; 1.0 when only one value
    was ever given."""
    coincidences: Counter[tuple[str, str]] = Counter()
    for values in units:
        values = list(values)
        m = len(values)
        if m < 2:
            continue
        counts = Counter(values)
        for c in counts:
            for k in counts:
                pairs = counts[c] * (counts[k] - (c == k))
                if pairs:
                    coincidences[c, k] += pairs / (m - 1)
    totals: Counter[str] = Counter()
    for (c, _), weight in coincidences.items():
        totals[c] += weight
    n = sum(totals.values())
    if n <= 1:
        return None
    disagree = sum(w for (c, k), w in coincidences.items() if c != k)
    expected = sum(totals[c] * totals[k] for c in totals for k in totals if c != k)
    if expected == 0:
        return 1.0
    return 1 - (n - 1) * disagree / expected


@dataclass
class Tally:
    """F1 counts (one annotator as gold for the other) and paired decisions."""

    report: Report = field(default_factory=Report)
    decisions: list[tuple[str, str]] = field(default_factory=list)
    labels: dict[str, Report] = field(default_factory=lambda: defaultdict(Report))

    def merge(self, other: "Tally") -> None:
        """Add another tally's counts and decisions."""
        self.report.merge(other.report)
        self.decisions.extend(other.decisions)
        for label, report in other.labels.items():
            self.labels[label].merge(report)

    def f1(self) -> dict[str, float]:
        return {metric: round(self.report.prf(metric).f1, 4) for metric in MATCH_METRICS}

    def to_dict(self) -> dict:
        kappa = cohen_kappa(self.decisions)
        return {
            "articles": self.report.docs,
            "statements": [self.report.gold, self.report.predicted],
            "f1": self.f1(),
            "decisions": len(self.decisions),
            "kappa": None if kappa is None else round(kappa, 4),
            "labels": {
                label: round(report.prf("loose").f1, 4) for label, report in sorted(self.labels.items())
            },
        }


@dataclass
class ArticleLayers:
    """One article's text and each annotator's records."""

    id: str
    title: str
    text: str
    by_annotator: dict[str, list[dict]]

    @classmethod
    def of(cls, article: dict, records: Iterable[dict]) -> "ArticleLayers":
        by: dict[str, list[dict]] = defaultdict(list)
        for record in records:
            layer = layers.layer_of(record)
            if layer is not None and layer != layers.GOLD:
                by[layer].append(record)
        return cls(article["id"], article.get("title") or "", article["text"], dict(by))


def _kept(records: list[dict], label: str | None = None) -> list[dict]:
    return [
        r for r in records if r["status"] in KEPT and (label is None or label in r.get("labels", []))
    ]


def _decisions(records: list[dict]) -> dict[str, str]:
    return {
        r["id"]: DECISION[r["status"]]
        for r in records
        if r.get("origin") == "model" and r["status"] in DECISION
    }



def _pair(article: ArticleLayers, a: str, b: str) -> Tally:
    """The tally of one pair of annotators on one article (each pair is scored once)."""
    tally = Tally()
    first, second = article.by_annotator[a], article.by_annotator[b]
    tally.report.add(_case(article, first, second))
    labels = {label for r in _kept(first) + _kept(second) for label in r.get("labels", [])}
    for label in labels:
        tally.labels[label].add(_case(article, first, second, label))
    da, db = _decisions(first), _decisions(second)
    tally.decisions.extend((da[sid], db[sid]) for sid in sorted(da.keys() & db.keys()))
    return tally


def _case(article: ArticleLayers, gold: list[dict], other: list[dict], label: str | None = None) -> ScoringCase:
    return ScoringCase(
        article.id,
        article.text,
        attributions_from_records(_kept(gold, label)),
        attributions_from_records(_kept(other, label)),
    )


def agreement(articles: Iterable[ArticleLayers]) -> dict:
    """Agreement over the articles: ``annotators``, ``pairs`` (per pair: F1 per match
    metric, kappa, per-label loose F1), ``overall`` (pooled over pairs, with Krippendorff's
    alpha over every annotator) and ``articles`` (per article, worst loose F1 first)."""
    pairs: dict[tuple[str, str], Tally] = defaultdict(Tally)
    overall = Tally()
    units: list[list[str]] = []
    rows = []
    names: set[str] = set()
    for article in articles:
        annotators = sorted(article.by_annotator)
        names.update(annotators)
        if len(annotators) < 2:
            continue
        here = Tally()
        for a, b in combinations(annotators, 2):
            scored = _pair(article, a, b)
            for tally in (pairs[a, b], overall, here):
                tally.merge(scored)
        decided: dict[str, list[str]] = defaultdict(list)
        for name in annotators:
            for sid, decision in _decisions(article.by_annotator[name]).items():
                decided[sid].append(decision)
        units.extend(decided.values())
        alpha = krippendorff_alpha(decided.values())
        rows.append({
            "id": article.id, "title": article.title, "annotators": annotators,
            **{k: v for k, v in here.to_dict().items() if k != "labels"},
            "alpha": None if alpha is None else round(alpha, 4),
        })  # fmt: skip
    rows.sort(key=lambda r: (r["f1"]["loose"], r["kappa"] if r["kappa"] is not None else 1.0, r["id"]))
    alpha = krippendorff_alpha(units)
    return {
        "annotators": sorted(names),
        "pairs": [{"annotators": [a, b], **t.to_dict()} for (a, b), t in sorted(pairs.items())],
        "overall": {**overall.to_dict(), "alpha": None if alpha is None else round(alpha, 4)},
        "articles": rows,
    }
