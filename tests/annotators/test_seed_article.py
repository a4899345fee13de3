"""The seed article: every quote found and credited to the full name of its speaker."""
from __future__ import annotations

from pathlib import Path

import pytest

from annotators.pipeline import extract
from annotators.quote_marks import find_quotes

pytestmark = pytest.mark.corpus

SEED = Path(__file__).parents[2].parent / "shared/data/seed/seed-article.txt"


def test_seed_article_quotes_and_speakers(nlp):
    text = SEED.read_text(encoding="utf-8")
    statements = extract(nlp, text)
    covered = {(q.start, q.end) for s in statements for q in s.quote}
    for q in find_quotes(text):
        assert any(s <= q.start and q.end <= e for s, e in covered), text[q.start : q.end]
    names = {s.speaker_name for s in statements if s.kind == "direct"}
    assert {"Vladimir Putin", "Jen Psaki", "Vassily Nebenzia"} <= names

    def name_of(snippet: str) -> str | None:
        return next(s.speaker_name for s in statements if any(snippet in q.text for q in s.quote))

    assert name_of("We should find the way") == "Vladimir Putin"
    assert name_of("When we talk about mutual de-escalation") == "Jen Psaki"
    assert name_of("If they had not done this") == "Vassily Nebenzia"
    assert name_of("whipping up tensions") == "Vassily Nebenzia"
