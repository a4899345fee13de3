"""The stored statement schema: types, defaults, field order, and one-line errors."""
from __future__ import annotations

import pytest

from annotators.statement import Statement, TextSpan
from corpus.export.records import canonical_statement
from corpus.schema import (
    FIELD_DEFAULTS,
    STATEMENT_FIELDS,
    check,
    complete,
    decode,
    found_record,
    guess_kind,
    unsaved,
)
from corpus.store_errors import InvalidStatementError

TEXT = "“The bridge opens in May,” said Ana Ruiz."
QUOTE = {"start": 0, "end": 26, "text": TEXT[:26]}


def record(**fields) -> dict:
    return complete({"quote": [QUOTE], **fields}, "a1", "m-1")


def test_a_model_record_is_predicted_and_a_persons_is_added():
    assert record()["status"] == "predicted" and record()["model"] == "m-1"
    human = record(origin="human")
    assert human["status"] == "added" and human["model"] is None


def test_decoding_gives_typed_spans_and_the_fields_in_stored_order():
    statement = decode(record(labels=["claim"]))
    assert statement.quote[0].text == TEXT[:26] and statement.labels == ("claim",)
    assert STATEMENT_FIELDS[:3] == ("id", "article_id", "quote")
    assert list(canonical_statement(record())) == list(STATEMENT_FIELDS)


def test_export_defaults_are_the_schemas():
    assert FIELD_DEFAULTS["origin"] == "model" and FIELD_DEFAULTS["labels"] == []
    exported = canonical_statement({"id": "s", "quote": [QUOTE]})
    assert exported["origin"] == "model" and exported["kind"] == "direct"


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        ({"status": "maybe"}, "unknown status 'maybe'"),
        ({"kind": "shouted"}, "unknown kind 'shouted'"),
        ({"quote": []}, "needs at least one quote span"),
        ({"quote": [{"start": 0, "end": 3}]}, "quote span needs start, end, text"),
        ({"cue": {"start": "x", "end": 3, "text": "said"}}, "cue span needs start, end, text"),
        ({"labels": "claim"}, "labels must be a list of strings"),
        ({"note": 3}, "note: Expected `str`, got `int`"),
    ],
)
def test_a_wrong_field_is_one_line_naming_the_statement_and_the_field(fields, message):
    with pytest.raises(InvalidStatementError) as error:
        decode(record(id="s1", **fields))
    assert str(error.value) == f"statement s1: {message}"


def test_spans_must_be_the_article_text_at_their_offsets():
    check(record(), TEXT)
    with pytest.raises(InvalidStatementError, match="is not the article text at 0-26"):
        check(record(), "x" * len(TEXT))
    with pytest.raises(InvalidStatementError, match="outside the article"):
        check(record(), TEXT[:10])


def test_a_parser_result_becomes_an_unsaved_suggestion():
    found = Statement((TextSpan(0, 26, TEXT[:26]),), TextSpan(27, 31, "said"),
                      TextSpan(32, 40, "Ana Ruiz"), "Ana Ruiz", "direct", 0.87654)  # fmt: skip
    assert found_record(found)["confidence"] == 0.877
    statement = unsaved(found, "a1")
    assert statement.status == "predicted" and statement.cue.text == "said"
    assert statement.id == unsaved(found, "a1").id  # stable


def test_new_quote_bounds_keep_inner_part_boundaries():
    text = "“We will,” she said, “build it.”"
    two = decode(complete({"quote": [
        {"start": 0, "end": 10, "text": text[:10]},
        {"start": 21, "end": len(text), "text": text[21:]},
    ]}, "a1", None))  # fmt: skip
    moved = two.with_quote_bounds(1, len(text) - 1, text)
    assert [q.text for q in moved.quote] == ["We will,”", "“build it."]


def test_a_stretch_opening_with_a_quotation_mark_is_direct_speech():
    assert guess_kind(" «Nous verrons»") == "direct"
    assert guess_kind("the budget was spent") == "indirect"
