"""Adjudication (services.adjudication): disagreements between annotators' layers, and a
reviewer's choice written to the gold layer, with undo."""
from __future__ import annotations

import pytest

from corpus import layers
from corpus.article import Article
from corpus.library import Library
from services.adjudication import Adjudication, disagreements

TEXT = (
    "The library will open on Sundays from March, the city said. "
    "“Readers asked for it for years,” said librarian Mia Holt. "
    "Staff said they had not been asked. "
    "“We will find the hours somehow,” said Holt."
)
QUOTES = ["The library will open on Sundays from March", "“Readers asked for it for years,”",
          "they had not been asked", "“We will find the hours somehow,”"]  # fmt: skip


def span(part: str) -> dict:
    start = TEXT.index(part)
    return {"start": start, "end": start + len(part), "text": part}


def suggestion(part: str) -> dict:
    return {"quote": [span(part)], "cue": None, "speaker": None, "speaker_name": None,
            "kind": "direct", "confidence": 0.9}  # fmt: skip


@pytest.fixture
def library(tmp_path):
    """ana and ben agree on Q1 (accepted), disagree on Q2 (ana accepts, ben rejects) and
    on Q3's boundaries; Q4 nobody touched; ben adds a statement of his own."""
    with Library.open(tmp_path / "lib", annotator="rita") as lib:
        aid = lib.add_article(Article(title="Sunday opening", text=TEXT, source="l.txt")).id
        ids = [s["id"] for s in lib.save_parse(aid, [suggestion(q) for q in QUOTES], "m")]
        for name in ("ana", "ben"):
            lib.update_statement(aid, ids[0], {"status": "accepted"}, name)
        lib.update_statement(aid, ids[1], {"status": "accepted", "labels": ["claim"]}, "ana")
        lib.update_statement(aid, ids[1], {"status": "rejected"}, "ben")
        lib.update_statement(aid, ids[2], {"status": "accepted"}, "ana")
        lib.update_statement(aid, ids[2], {"quote": [span("not been asked")]}, "ben")
        lib.add_statement(aid, {"quote": [span("the city said")]}, "ben")
        yield lib, aid, ids


def test_disagreements_are_the_statements_annotators_differ_on(library):
    lib, aid, ids = library
    found = disagreements(lib.all_statements(aid))
    [added] = [s["id"] for s in lib.statements(aid, "ben") if s["origin"] == "human"]
    assert [d.ids for d in found] == [{added}, {ids[1]}, {ids[2]}]  # in text order
    first = found[0]  # ben's own statement overlaps nothing of ana's: she marked none
    assert {v.annotator: v.decision for v in first.versions} == {"ana": "not marked", "ben": "kept"}
    assert {v.annotator: v.decision for v in found[1].versions} == {"ana": "kept", "ben": "rejected"}
    assert all(d.gold is None for d in found)
    assert ids[0] not in set().union(*(d.ids for d in found))  # both accepted it alike


def test_taking_a_version_writes_gold_with_the_reviewer_and_undo_takes_it_back(library):
    lib, aid, ids = library
    review = Adjudication(lib, aid, "rita")
    index = next(i for i, d in enumerate(review.items) if ids[1] in d.ids)
    review.take(index, "ana")
    gold = lib.statement(aid, ids[1], layers.GOLD)
    assert (gold["status"], gold["labels"], gold["annotator"]) == ("accepted", ["claim"], layers.GOLD)
    assert lib.history(aid, ids[1])[-1]["who"] == "rita"
    assert review.reviewer_of(gold) == "rita"
    assert review.items[index].gold["status"] == "accepted"
    # the annotators' own layers are untouched
    assert lib.statement(aid, ids[1], "ben")["status"] == "rejected"

    review.reject(index)
    assert lib.statement(aid, ids[1], layers.GOLD)["status"] == "rejected"
    assert review.travel("undo")
    assert lib.statement(aid, ids[1], layers.GOLD)["status"] == "accepted"
    assert review.travel("undo")
    assert lib.statement(aid, ids[1], layers.GOLD)["status"] == "predicted"  # the shared one again
    assert review.items[index].gold is None
    assert not review.travel("undo")
    assert review.travel("redo")
    assert lib.statement(aid, ids[1], layers.GOLD)["status"] == "accepted"


def test_taking_another_version_replaces_the_groups_gold_record(library):
    lib, aid, ids = library
    review = Adjudication(lib, aid, "rita")
    index = next(i for i, d in enumerate(review.items) if ids[2] in d.ids)
    review.take(index, "ana")
    review.take(index, "ben")
    [gold] = [s for s in lib.all_statements(aid) if s["annotator"] == layers.GOLD]
    assert gold["quote"][0]["text"] == "not been asked"


def test_gold_records_are_counted_in_the_index(library):
    lib, aid, ids = library
    Adjudication(lib, aid, "rita").take(1, "ana")
    assert lib.entry(aid).annotators[layers.GOLD] == 1
