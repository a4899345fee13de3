"""Scoring predicted statements against gold attributions (see shared docs/EVALUATION.md).

Each gold/predicted pair of one article that shares characters gets a Dice score; pairs are
matched greedily by highest Dice, one to one. Characters are compared ignoring whitespace,
quote marks and light punctuation. Pure Python: no spaCy.
"""
from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field

from annotators.quote_marks import DOUBLE_MARKS

Segments = tuple[tuple[int, int], ...]

KINDS = ("direct", "mixed", "indirect")
MATCH_METRICS = ("strict", "loose", "strict_spk", "loose_spk")
KIND_METRICS = ("strict", "loose", "loose_spk")
IGNORED = frozenset(DOUBLE_MARKS + ".,;:!?—–-'’‘()")
LOOSE_DICE = 0.5
STRICT_COVER = 0.8
_QUOTED = re.compile(r"[\"“][^\"“”]*[\"”]")


@dataclass(frozen=True, slots=True)
class Attribution:
    """What is compared: the quote's segments and the speaker's (empty: no speaker)."""

    quote: Segments
    speaker: Segments = ()


@dataclass(frozen=True, slots=True)
class ScoringCase:
    """One article: its text, gold attributions and predicted ones."""

    id: str
    text: str
    gold: Sequence[Attribution]
    predicted: Sequence[Attribution]


def segments_of(value: object) -> Segments:
    """Segments of a record field: ``None``, ``[s, e]``, ``{"start", "end"}``, or a list of them."""
    if value is None:
        return ()
    if isinstance(value, Mapping):
        return ((int(value["start"]), int(value["end"])),)
    items = list(value)  # type: ignore[call-overload]
    if items and isinstance(items[0], (list, tuple, Mapping)):
        return tuple(seg for item in items for seg in segments_of(item))
    if not items:
        return ()
    return ((int(items[0]), int(items[1])),)


def attribution_from_record(record: Mapping) -> Attribution | None:
    """The scored part of a statement record; ``None`` for a rejected or ignored statement."""
    if record.get("status") in ("rejected", "ignored"):
        return None
    return Attribution(segments_of(record.get("quote")), segments_of(record.get("speaker")))


def attributions_from_records(records: Iterable[Mapping]) -> list[Attribution]:
    """The scored statements of an article (rejected ones left out)."""
    return [a for a in map(attribution_from_record, records) if a is not None]


def characters(text: str, segments: Segments) -> frozenset[int]:
    """Offsets covered by ``segments``, leaving out whitespace, quote marks and punctuation."""
    return frozenset(
        i
        for start, end in segments
        for i in range(max(0, start), min(len(text), end))
        if not text[i].isspace() and text[i] not in IGNORED
    )


def content_kind(text: str, segments: Segments) -> str:
    """``direct`` (all quoted), ``mixed`` (partly quoted) or ``indirect`` (no quote marks)."""
    body = "".join(text[s:e] for s, e in segments).strip()
    marks = sum(body.count(mark) for mark in DOUBLE_MARKS)
    if marks == 0:
        return "indirect"
    core = body.strip(" .,;:—-")
    if marks == 2 and core and core[0] in DOUBLE_MARKS and core[-1] in DOUBLE_MARKS:
        return "direct"
    outside_quotes = _QUOTED.sub("", body).strip(" .,;:—-\n")
    return "mixed" if outside_quotes else "direct"


@dataclass(frozen=True, slots=True)
class Match:
    """A matched gold/predicted pair and what it scores."""

    gold: int
    predicted: int
    kind: str
    strict: bool
    loose: bool
    speaker_ok: bool

    def hits(self) -> dict[str, bool]:
        """Which match metrics this pair counts for."""
        return {
            "strict": self.strict,
            "loose": self.loose,
            "strict_spk": self.strict and self.speaker_ok,
            "loose_spk": self.loose and self.speaker_ok,
        }


@dataclass(frozen=True, slots=True)
class _Candidate:
    dice: float
    gold: int
    predicted: int
    shared: int


def match_case(case: ScoringCase) -> list[Match]:
    """The one-to-one matches of an article, taken greedily by highest Dice."""
    text = case.text
    gold_chars = [characters(text, g.quote) for g in case.gold]
    pred_chars = [characters(text, p.quote) for p in case.predicted]
    candidates = [
        _Candidate(2 * shared / (len(g) + len(p)), i, j, shared)
        for i, g in enumerate(gold_chars)
        for j, p in enumerate(pred_chars)
        if (shared := len(g & p))
    ]
    # Ties go to the later gold, then the later prediction (as the reference scorer does).
    candidates.sort(key=lambda c: (c.dice, c.gold, c.predicted), reverse=True)
    used_gold: set[int] = set()
    used_pred: set[int] = set()
    matches = []
    for c in candidates:
        if c.gold in used_gold or c.predicted in used_pred:
            continue
        used_gold.add(c.gold)
        used_pred.add(c.predicted)
        gold, pred = case.gold[c.gold], case.predicted[c.predicted]
        matches.append(
            Match(
                gold=c.gold,
                predicted=c.predicted,
                kind=content_kind(text, gold.quote),
                strict=c.shared / len(gold_chars[c.gold]) >= STRICT_COVER
                and c.shared / len(pred_chars[c.predicted]) >= STRICT_COVER,
                loose=c.dice >= LOOSE_DICE,
                speaker_ok=speaker_is_right(text, gold.speaker, pred.speaker),
            )
        )
    return matches


def speaker_is_right(text: str, gold: Segments, predicted: Segments) -> bool:
    """The predicted speaker overlaps the gold Source; with no gold Source, none is predicted."""
    gold_chars = characters(text, gold)
    pred_chars = characters(text, predicted)
    return bool(gold_chars & pred_chars) if gold_chars else not pred_chars


@dataclass(frozen=True, slots=True)
class PRF:
    """Precision, recall and F1 of one metric."""

    precision: float
    recall: float
    f1: float

    @classmethod
    def of(cls, hits: int, predicted: int, gold: int) -> "PRF":
        """Precision, recall and F1 from counts (0.0 where a count is zero)."""
        p = hits / predicted if predicted else 0.0
        r = hits / gold if gold else 0.0
        return cls(p, r, 2 * p * r / (p + r) if p + r else 0.0)


@dataclass
class Report:
    """Counts over a set of articles, and the metrics derived from them."""

    docs: int = 0
    gold: int = 0
    predicted: int = 0
    matched: int = 0
    speaker_ok_on_matched: int = 0
    hits: dict[str, int] = field(default_factory=lambda: dict.fromkeys(MATCH_METRICS, 0))
    gold_by_kind: dict[str, int] = field(default_factory=lambda: dict.fromkeys(KINDS, 0))
    hits_by_kind: dict[str, dict[str, int]] = field(
        default_factory=lambda: {k: dict.fromkeys(KIND_METRICS, 0) for k in KINDS}
    )

    def add(self, case: ScoringCase) -> None:
        """Score one article and add its counts."""
        self.docs += 1
        self.gold += len(case.gold)
        self.predicted += len(case.predicted)
        for gold in case.gold:
            self.gold_by_kind[content_kind(case.text, gold.quote)] += 1
        for match in match_case(case):
            self.matched += 1
            self.speaker_ok_on_matched += match.speaker_ok
            hits = match.hits()
            for metric in MATCH_METRICS:
                self.hits[metric] += hits[metric]
            for metric in KIND_METRICS:
                self.hits_by_kind[match.kind][metric] += hits[metric]

    def merge(self, other: "Report") -> None:
        """Add the counts of another report (articles scored once, totalled in several)."""
        self.docs += other.docs
        self.gold += other.gold
        self.predicted += other.predicted
        self.matched += other.matched
        self.speaker_ok_on_matched += other.speaker_ok_on_matched
        for metric in MATCH_METRICS:
            self.hits[metric] += other.hits[metric]
        for kind in KINDS:
            self.gold_by_kind[kind] += other.gold_by_kind[kind]
            for metric in KIND_METRICS:
                self.hits_by_kind[kind][metric] += other.hits_by_kind[kind][metric]

    def prf(self, metric: str) -> PRF:
        """Precision over all predictions, recall over all gold, for one match metric."""
        return PRF.of(self.hits[metric], self.predicted, self.gold)

    @property
    def speaker_accuracy_on_matched(self) -> float:
        return self.speaker_ok_on_matched / self.matched if self.matched else 0.0

    def recall_by_kind(self, kind: str, metric: str) -> float:
        """Recall under ``metric`` of the gold statements of ``kind`` (0.0 if there are none)."""
        gold = self.gold_by_kind[kind]
        return self.hits_by_kind[kind][metric] / gold if gold else 0.0

    def to_dict(self) -> dict:
        """The metrics, rounded to 3 decimals, keyed as in the reference scorer's output."""
        out: dict = {"docs": self.docs, "gold": self.gold, "pred": self.predicted}
        for metric in MATCH_METRICS:
            prf = self.prf(metric)
            out[metric] = [round(prf.precision, 3), round(prf.recall, 3), round(prf.f1, 3)]
        out["speaker_acc_on_matched"] = round(self.speaker_accuracy_on_matched, 3)
        out["recall_by_kind"] = {
            kind: {m: round(self.recall_by_kind(kind, m), 3) for m in KIND_METRICS}
            | {"gold": self.gold_by_kind[kind]}
            for kind in KINDS
        }
        return out


def evaluate(cases: Iterable[ScoringCase]) -> Report:
    """Score every article and return the totals."""
    report = Report()
    for case in cases:
        report.add(case)
    return report
