"""Reading PolNeAR gold: article texts and their attributions from brat standoff (.ann) files
(read by ``corpus.brat_import`` with its ``POLNEAR`` vocabulary).

A split folder holds ``text/STEM.txt`` and ``attributions/STEM_ANNOTATOR.ann``; when several
annotators did one article, the first .ann in sorted order is used. Offsets are character
offsets into the text exactly as stored (it is not cleaned: it keeps its U+00A0 spaces).
"""
from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path

from annotators.statement import Statement, TextSpan
from corpus.annotation_import import BadRecord
from corpus.brat_import import POLNEAR, brat_statements, read_text
from corpus.brat_standoff import BratError, parse_standoff
from corpus.errors import QuotelensError
from corpus.evaluation import (
    Attribution,
    ScoringCase,
    Segments,
    attributions_from_records,
    content_kind,
)


class PolnearError(QuotelensError):
    """A PolNeAR folder or .ann file that cannot be read."""


@dataclass(frozen=True, slots=True)
class GoldAttribution:
    """One gold attribution: Content segments, and Source/Cue segments (empty when absent)."""

    content: Segments
    source: Segments = ()
    cue: Segments = ()


@dataclass(frozen=True, slots=True)
class PolnearArticle:
    """One annotated article of a split."""

    stem: str
    path: Path
    text: str
    attributions: tuple[GoldAttribution, ...]
    annotator: str


def split_folder(root: str | Path, split: str) -> Path:
    """The folder of ``split`` under a PolNeAR root (``root/split`` or ``root/data/split``)."""
    root = Path(root)
    for base in (root / "data" / split, root / split):
        if (base / "text").is_dir() and (base / "attributions").is_dir():
            return base
    raise PolnearError(
        f"{root}: no PolNeAR split {split!r} here (expected {split}/text and {split}/attributions)"
    )


def split_files(root: str | Path, split: str) -> Iterator[tuple[str, Path, Path, str]]:
    """(stem, text file, .ann file, annotator) of each annotated article of a split, in file
    name order; texts without an .ann are skipped."""
    base = split_folder(root, split)
    annotations: dict[str, Path] = {}
    for ann in sorted((base / "attributions").glob("*.ann")):
        annotations.setdefault(ann.stem.rsplit("_", 1)[0], ann)
    for text_path in sorted((base / "text").glob("*.txt")):
        ann = annotations.get(text_path.stem)
        if ann is not None:
            yield text_path.stem, text_path, ann, ann.stem.rsplit("_", 1)[-1]


def load_split(root: str | Path, split: str) -> Iterator[PolnearArticle]:
    """The annotated articles of a split, in file name order (texts without .ann are skipped)."""
    for stem, text_path, ann, annotator in split_files(root, split):
        yield PolnearArticle(
            stem=stem,
            path=text_path,
            text=_read(text_path),
            attributions=tuple(parse_ann(_read(ann), source=str(ann))),
            annotator=annotator,
        )


def _read(path: Path) -> str:
    try:
        return read_text(path)
    except BadRecord as exc:
        raise PolnearError(str(exc)) from None


def parse_ann(ann: str, source: str = "<ann>") -> list[GoldAttribution]:
    """The attributions of one PolNeAR .ann text, in the order of their ``E`` lines: the brat
    reader's statements with the ``POLNEAR`` vocabulary (events without Content are dropped;
    ``Discuss``/``Discard`` spans and notes are not attributions)."""
    try:
        found, _ = brat_statements(parse_standoff(ann, source), POLNEAR, source)
    except BratError as exc:
        raise PolnearError(str(exc)) from None
    return [GoldAttribution(b.content, b.source, b.cue) for b in found]


def gold_statements(article: PolnearArticle) -> list[Statement]:
    """The article's attributions as statements (a split Source becomes the span covering it)."""
    text = article.text

    def span(start: int, end: int) -> TextSpan:
        return TextSpan(start, end, text[start:end])

    def covering(segments: Segments) -> TextSpan | None:
        return span(min(s for s, _ in segments), max(e for _, e in segments)) if segments else None

    return [
        Statement(
            quote=tuple(span(s, e) for s, e in a.content),
            cue=covering(a.cue),
            speaker=covering(a.source),
            speaker_name=None,
            kind=content_kind(text, a.content),  # type: ignore[arg-type]
        )
        for a in article.attributions
    ]


def scoring_case(article: PolnearArticle, predicted: Iterable[Mapping]) -> ScoringCase:
    """The article's gold attributions against predicted statement records."""
    return ScoringCase(
        id=article.stem,
        text=article.text,
        gold=[Attribution(a.content, a.source) for a in article.attributions],
        predicted=attributions_from_records(predicted),
    )
