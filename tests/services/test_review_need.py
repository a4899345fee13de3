"""Review need: how much an article's unreviewed statements still ask of an annotator."""
from __future__ import annotations

import pytest

from services.review_need import review_need


def record(status: str, confidence: float | None) -> dict:
    return {"status": status, "confidence": confidence}


def test_review_need_sums_the_doubt_of_unreviewed_statements():
    records = [record("predicted", 0.2), record("predicted", 0.9), record("accepted", 0.1)]
    assert review_need(records) == pytest.approx(0.8 + 0.1)


def test_a_statement_without_confidence_counts_fully():
    assert review_need([record("predicted", None), record("rejected", None)]) == 1.0


def test_many_sure_statements_can_outweigh_one_unsure_one():
    assert review_need([record("predicted", 0.7)] * 4) > review_need([record("predicted", 0.0)])


def test_a_fully_reviewed_article_needs_nothing():
    assert review_need([record(s, 0.3) for s in ("accepted", "corrected", "added", "ignored")]) == 0
