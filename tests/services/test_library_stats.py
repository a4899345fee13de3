"""The rules of services.library_stats that need no library (the counts: tests/cli/test_stats_cmd.py)."""
from __future__ import annotations

from services.library_stats import daily_series, utc_day


def test_review_days_are_utc_days():
    assert utc_day("2026-11-02T23:30:00.000-02:00") == "2026-11-03"
    assert utc_day("2026-11-02T10:00:00") == "2026-11-02"
    assert utc_day("yesterday") is None and utc_day(None) is None


def test_daily_series_fills_days_without_reviews_with_zero():
    assert daily_series({"2026-10-30": 2, "2026-11-02": 5}) == [2, 0, 0, 5]
    assert daily_series({}) == []
