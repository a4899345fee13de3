"""Any text at all: no exception, spans inside the text and equal to its slices, no overlaps."""
from __future__ import annotations

import itertools

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from annotators.pipeline import extract
from annotators.quote_marks import find_quotes

MARKS = list("“”‘’\"'«»„") + ["''", "\n", "\n\n", ", he said. ", " said Ana Ruiz", " according to the mayor, "]
WORDS = ["The", "mayor", "said", "that", "it", "won’t", "work", "Ruiz", "told", "reporters", ".", ",", "—", "she"]
pieces = st.lists(st.sampled_from(MARKS + WORDS) | st.text(max_size=8), max_size=40)
texts = pieces.map(" ".join) | st.text(max_size=200)


@settings(max_examples=300, deadline=None)
@given(texts)
def test_find_quotes_spans_are_ordered_and_inside(text):
    last_end = 0
    for q in find_quotes(text):
        assert last_end <= q.start < q.end <= len(text)
        last_end = q.end


@settings(max_examples=120, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(texts)
def test_extract_never_raises_and_spans_match_text(nlp, text):
    for s in extract(nlp, text):
        spans = [*s.quote] + [x for x in (s.cue, s.speaker) if x is not None]
        for span in spans:
            assert 0 <= span.start < span.end <= len(text)
            assert text[span.start : span.end] == span.text
        ordered = sorted((x.start, x.end) for x in spans)
        assert all(a[1] <= b[0] for a, b in itertools.pairwise(ordered)), spans
        assert s.kind in ("direct", "mixed", "indirect") and 0.0 <= s.confidence <= 1.0
