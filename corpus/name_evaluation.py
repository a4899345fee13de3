"""Scoring speaker names against our own gold names (``gold/speaker_names.jsonl``).

A gold line names the statements of one article: ``{"corpus": "samples" | "polnear",
"article": FILE NAME | PolNeAR STEM, "names": [[start, end, name], …]}``, where ``start`` and
``end`` bound the quote (PolNeAR: its Content) and ``name`` is the name a reporter would cite.
No article text is kept: PolNeAR texts are read from the user's copy.

Each gold quote is matched to the predicted statement whose quote overlaps it most (Dice of
the character ranges at least 0.5); the figure is the share of matched statements whose
``speaker_name`` is exactly the gold name (whitespace aside).
"""
from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from corpus.errors import QuotelensError
from corpus.jsonl import read_records

MIN_DICE = 0.5
CORPORA = ("samples", "polnear")


@dataclass(frozen=True, slots=True)
class GoldNames:
    """The gold names of one article."""

    corpus: str
    article: str
    names: tuple[tuple[int, int, str], ...]


@dataclass(frozen=True, slots=True)
class NameMiss:
    """A matched statement whose name is not the gold one."""

    article: str
    start: int
    end: int
    gold: str
    predicted: str | None


@dataclass
class NameReport:
    """Counts over all articles scored."""

    gold: int = 0
    matched: int = 0
    correct: int = 0
    misses: list[NameMiss] = field(default_factory=list)

    @property
    def accuracy(self) -> float:
        """Share of matched statements with exactly the gold name."""
        return self.correct / self.matched if self.matched else 0.0

    def to_dict(self) -> dict:
        """The counts and the figure, for ``--json``."""
        return {
            "gold": self.gold, "matched": self.matched, "correct": self.correct,
            "name_accuracy": round(self.accuracy, 4),
            "misses": [vars_of(m) for m in self.misses],
        }


def vars_of(miss: NameMiss) -> dict:
    """A miss as a plain dict."""
    return {f: getattr(miss, f) for f in NameMiss.__slots__}


def load_gold(path: Path) -> list[GoldNames]:
    """The gold lines of a names file; a malformed line is a one-line error naming it."""
    gold = []
    for number, line in enumerate(read_records(path), start=1):
        try:
            corpus, article = line["corpus"], str(line["article"])
            names = tuple((int(s), int(e), str(n)) for s, e, n in line["names"])
        except (KeyError, TypeError, ValueError):
            raise QuotelensError(
                f"{path}:{number}: a names line needs corpus, article and names [[start, end, name], …]"
            ) from None
        if corpus not in CORPORA:
            raise QuotelensError(f"{path}:{number}: corpus must be one of {', '.join(CORPORA)}")
        gold.append(GoldNames(corpus, article, names))
    return gold


def _dice(a: tuple[int, int], b: tuple[int, int]) -> float:
    overlap = min(a[1], b[1]) - max(a[0], b[0])
    return 2 * overlap / (a[1] - a[0] + b[1] - b[0]) if overlap > 0 else 0.0


def _bounds(record: Mapping) -> tuple[int, int]:
    quote = record["quote"]
    return int(quote[0]["start"]), int(quote[-1]["end"])


def score_article(gold: GoldNames, predicted: Sequence[Mapping], report: NameReport) -> None:
    """Add one article's gold names against its predicted statement records to ``report``."""
    kept = [(_bounds(r), r) for r in predicted if r.get("status") != "rejected" and r.get("quote")]
    for start, end, name in gold.names:
        report.gold += 1
        best = max(kept, key=lambda pair: _dice((start, end), pair[0]), default=None)
        if best is None or _dice((start, end), best[0]) < MIN_DICE:
            continue
        report.matched += 1
        found = best[1].get("speaker_name")
        if " ".join((found or "").split()) == " ".join(name.split()):
            report.correct += 1
        else:
            report.misses.append(NameMiss(gold.article, start, end, name, found))


def score(pairs: Iterable[tuple[GoldNames, Sequence[Mapping]]]) -> NameReport:
    """The report over (gold, predicted records) pairs."""
    report = NameReport()
    for gold, predicted in pairs:
        score_article(gold, predicted, report)
    return report
