"""``quotelens_spans``: statements from a span pipeline trained with ``training/quotes.cfg``.

That pipeline's ``span_finder`` writes candidate quotes to ``doc.spans["quotes"]`` (every pair of
a likely start and a likely end) and its ``spancat`` writes SPEAKER and CUE spans to
``doc.spans["parts"]``. This component turns them into ``doc._.statements``:

- quotes: from each candidate start, the shortest candidate; left to right, a quote that
  overlaps one already kept is dropped (news quotes do not nest);
- cue: the nearest CUE outside the quote in the same paragraph; speaker: the nearest SPEAKER
  outside the quote in that paragraph, measured from the cue if there is one, else the quote;
- kind: direct when the quote is enclosed in quotation marks, mixed when it holds a quoted
  stretch, else indirect; confidence: the lowest spancat score of its speaker and cue.

``load_pipeline`` adds it in place of the rule components to a pipeline that has such span
components (``is_span_pipeline``); the rule components need a parser these pipelines lack.
"""
from __future__ import annotations

import numpy
from spacy.language import Language
from spacy.tokens import Doc, Span

from annotators.frames import register_extensions
from annotators.quote_marks import DOUBLE_MARKS, QUOTE_MARKS
from annotators.statement import Kind, Statement, TextSpan

NAME = "quotelens_spans"
QUOTES_KEY = "quotes"  # training/quotes.cfg: span_finder's spans_key
PARTS_KEY = "parts"  # training/quotes.cfg: spancat's spans_key
SPEAKER, CUE = "SPEAKER", "CUE"
NO_PART_CONFIDENCE = 0.5  # a quote with neither speaker nor cue found


def is_span_pipeline(nlp: Language) -> bool:
    """True for a pipeline whose components write the quote and part span groups this reads."""
    keys = {nlp.get_pipe_config(name).get("spans_key") for name in nlp.pipe_names}
    return QUOTES_KEY in keys


def decode_quotes(candidates: list[Span]) -> list[Span]:
    """Non-overlapping quotes from span-finder candidates: the shortest from each start, kept
    left to right while they do not overlap a kept one."""
    shortest: dict[int, Span] = {}
    for span in candidates:
        if span.start not in shortest or span.end < shortest[span.start].end:
            shortest[span.start] = span
    kept: list[Span] = []
    for start in sorted(shortest):
        span = shortest[start]
        if (not kept or start >= kept[-1].end) and any(t.is_alpha for t in span):
            kept.append(span)
    return kept


def kind_of(text: str) -> Kind:
    """direct if enclosed in quotation marks, mixed if it holds a quoted stretch, else indirect."""
    inner = text.strip().rstrip(".,;:!?")
    if len(inner) > 1 and inner[0] in QUOTE_MARKS and inner[-1] in QUOTE_MARKS:
        return "direct"
    return "mixed" if sum(inner.count(m) for m in DOUBLE_MARKS) >= 2 else "indirect"


class SpanLinker:
    """Links the pipeline's QUOTE, SPEAKER and CUE spans into statements."""

    def __init__(self, nlp: Language, name: str, keep_speakerless: bool):
        register_extensions()
        self.name = name
        self.keep_speakerless = keep_speakerless

    def __call__(self, doc: Doc) -> Doc:
        text = doc.text
        parts = doc.spans.get(PARTS_KEY, [])
        scores = numpy.asarray(parts.attrs.get("scores", []) if len(parts) else [], dtype=float).ravel()
        scored = [(span, float(scores[k]) if k < len(scores) else 1.0) for k, span in enumerate(parts)]
        statements = []
        for quote in decode_quotes(list(doc.spans.get(QUOTES_KEY, []))):
            paragraph = _paragraph(text, quote.start_char)
            outside = [
                (span, score) for span, score in scored
                if paragraph[0] <= span.start_char and span.end_char <= paragraph[1]
                and (span.end <= quote.start or span.start >= quote.end)
            ]  # fmt: skip
            cue = _nearest(quote, [p for p in outside if p[0].label_ == CUE])
            speaker = _nearest(cue[0] if cue else quote, [p for p in outside if p[0].label_ == SPEAKER])
            if speaker is None and not self.keep_speakerless:
                continue
            found = [p[1] for p in (cue, speaker) if p]
            statements.append(
                Statement(
                    (_text_span(quote),),
                    _text_span(cue[0]) if cue else None,
                    _text_span(speaker[0]) if speaker else None,
                    " ".join(speaker[0].text.split()) if speaker else None,
                    kind_of(quote.text),
                    min(found) if found else NO_PART_CONFIDENCE,
                    {"speaker_via": "span model"} if speaker else {},
                )
            )
        doc._.statements = statements
        return doc


def _paragraph(text: str, at: int) -> tuple[int, int]:
    start = text.rfind("\n", 0, at) + 1
    end = text.find("\n", at)
    return start, len(text) if end < 0 else end


def _nearest(anchor: Span, options: list[tuple[Span, float]]) -> tuple[Span, float] | None:
    """The option fewest tokens away from ``anchor`` (ties: the one after it)."""

    def distance(option: tuple[Span, float]) -> tuple[int, int]:
        span = option[0]
        gap = span.start - anchor.end if span.start >= anchor.end else anchor.start - span.end
        return gap, 0 if span.start >= anchor.end else 1

    return min(options, key=distance, default=None)


def _text_span(span: Span) -> TextSpan:
    return TextSpan(span.start_char, span.end_char, span.text)


@Language.factory(NAME, default_config={"keep_speakerless": True}, assigns=["doc._.statements"])
def make_span_linker(nlp: Language, name: str, keep_speakerless: bool) -> SpanLinker:
    """Factory of the span linker. ``keep_speakerless``: keep quotes with no SPEAKER span in
    their paragraph (PolNeAR has attributions with no source)."""
    return SpanLinker(nlp, name, keep_speakerless)
