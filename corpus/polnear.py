"""Reading PolNeAR gold: article texts and their attributions from brat standoff (.ann) files.

A split folder holds ``text/STEM.txt`` and ``attributions/STEM_ANNOTATOR.ann``; when several
annotators did one article, the first .ann in sorted order is used. Offsets are character
offsets into the text exactly as stored (it is not cleaned: it keeps its U+00A0 spaces).
"""
from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path

from annotators.statement import Statement, TextSpan
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


def load_split(root: str | Path, split: str) -> Iterator[PolnearArticle]:
    """The annotated articles of a split, in file name order (texts without .ann are skipped)."""
    base = split_folder(root, split)
    annotations: dict[str, Path] = {}
    for ann in sorted((base / "attributions").glob("*.ann")):
        annotations.setdefault(ann.stem.rsplit("_", 1)[0], ann)
    for text_path in sorted((base / "text").glob("*.txt")):
        ann = annotations.get(text_path.stem)
        if ann is None:
            continue
        yield PolnearArticle(
            stem=text_path.stem,
            path=text_path,
            text=_read(text_path),
            attributions=tuple(parse_ann(_read(ann), source=str(ann))),
            annotator=ann.stem.rsplit("_", 1)[-1],
        )


def _read(path: Path) -> str:
    try:
        # newline="" keeps "\r" characters, which the offsets count.
        with path.open(encoding="utf-8", newline="") as f:
            return f.read()
    except (OSError, UnicodeDecodeError) as exc:
        raise PolnearError(f"{path}: cannot be read ({exc})") from None


def parse_ann(ann: str, source: str = "<ann>") -> list[GoldAttribution]:
    """The attributions of one brat .ann text, in the order of their ``E`` lines.

    Events without Content are dropped; ``Discuss``/``Discard`` spans and notes are ignored.
    """
    spans: dict[str, Segments] = {}
    events: list[dict[str, str]] = []
    for number, line in enumerate(ann.splitlines(), start=1):
        ident, tab, rest = line.partition("\t")
        if not tab:
            continue  # blank line, or the continuation of a span text that held a newline
        if ident.startswith("T"):
            spans[ident] = _segments(rest.split("\t", 1)[0], f"{source}:{number}")
        elif ident.startswith("E"):
            events.append(dict(arg.split(":", 1) for arg in rest.split() if ":" in arg))
    attributions = []
    for event in events:
        if not any(role.startswith("Attribution") for role in event):
            continue
        content = spans.get(event.get("Content", ""), ())
        if content:
            attributions.append(
                GoldAttribution(
                    content=content,
                    source=spans.get(event.get("Source", ""), ()),
                    cue=spans.get(event.get("Cue", ""), ()),
                )
            )
    return attributions


def _segments(label_and_ranges: str, where: str) -> Segments:
    """``"Content 707 972;985 1248"`` -> ((707, 972), (985, 1248))."""
    _label, _space, ranges = label_and_ranges.partition(" ")
    try:
        segments = tuple(
            (int(start), int(end)) for start, end in (r.split() for r in ranges.split(";"))
        )
    except ValueError:
        raise PolnearError(f"{where}: bad span offsets {ranges!r}") from None
    return segments


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
