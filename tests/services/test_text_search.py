"""Searching the article text: counts, successive matches, wrapping."""
from __future__ import annotations

from services.text_search import TextSearch

TEXT = "The port reopened. Port workers cheered; the PORT authority did not."


def test_counts_every_match_ignoring_case():
    assert TextSearch("port", TEXT).count == 3


def test_next_walks_the_matches_then_wraps_to_the_top():
    search = TextSearch("port", TEXT)
    spans = []
    for _ in range(3):
        assert not search.next()
        spans.append(search.match)
    assert [TEXT[s:e] for s, e in spans] == ["port", "Port", "PORT"]
    assert search.next() and search.match == spans[0]


def test_a_start_offset_finds_the_first_match_from_there():
    search = TextSearch("port", TEXT)
    search.next(TEXT.index("cheered"))
    assert TEXT[slice(*search.match)] == "PORT"


def test_no_match_leaves_no_current_match_and_does_not_wrap():
    search = TextSearch("harbour", TEXT)
    assert search.count == 0 and not search.next() and search.match is None
