"""Reading annotation files: bad lines, and Prodigy tasks made outside quotelens."""

from __future__ import annotations

from pathlib import Path

import orjson
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from corpus.annotation_import import (
    AnnotationFileError,
    ImportedArticle,
    LineError,
    detect_format,
    read_annotations,
    read_jsonl,
    read_prodigy,
)
from corpus.article import article_id

TEXT = (
    "Rents rose again in March, the agency said. "
    "“Nobody can keep up,” said Lea Moss. “Not on these wages.”"
)


def span(part: str, label: str, **extra) -> dict:
    start = TEXT.index(part)
    return {"start": start, "end": start + len(part), "label": label, **extra}


def relation(head: dict, child: dict, label: str) -> dict:
    return {"head": 0, "child": 0, "head_span": head, "child_span": child, "label": label}


def write_lines(tmp_path: Path, *lines: object) -> Path:
    path = tmp_path / "in.jsonl"
    path.write_bytes(
        b"\n".join(line if isinstance(line, bytes) else orjson.dumps(line) for line in lines)
        + b"\n"
    )
    return path


def our_record(text: str = TEXT, **statement) -> dict:
    quote = statement.pop("quote", [{"start": 44, "end": 65, "text": TEXT[44:65]}])
    return {
        "id": article_id(text),
        "title": "Rents",
        "text": text,
        "source": "rents.txt",
        "meta": {},
        "statements": [{"id": "s1", "quote": quote, "status": "accepted", **statement}],
    }


def test_our_jsonl_statement_is_completed_with_defaults(tmp_path):
    [item] = read_jsonl(write_lines(tmp_path, our_record()))
    s = item.statements[0]
    assert s["quote"][0]["text"] == "“Nobody can keep up,”"
    assert (s["article_id"], s["labels"], s["cue"], s["kind"]) == (
        article_id(TEXT),
        [],
        None,
        "direct",
    )


def test_malformed_lines_are_reported_with_their_numbers_and_the_rest_is_read(tmp_path):
    path = write_lines(
        tmp_path,
        our_record(),
        b'{"id": "x", "text": "cut off',
        our_record(quote=[{"start": 44, "end": 65, "text": "something else"}]),
        our_record(text=TEXT + " More."),
    )
    results = list(read_jsonl(path))
    assert [type(r).__name__ for r in results] == [
        "ImportedArticle",
        "LineError",
        "LineError",
        "ImportedArticle",
    ]
    bad_json, bad_span = results[1], results[2]
    assert (bad_json.lineno, bad_span.lineno) == (2, 3)
    assert "not valid JSON" in bad_json.message
    assert "is not the article text at 44-65" in bad_span.message
    assert str(bad_span).startswith(f"{path}:3: ")


def test_article_id_that_is_not_the_hash_of_its_text_is_refused(tmp_path):
    [result] = read_jsonl(write_lines(tmp_path, {**our_record(), "id": "0000"}))
    assert isinstance(result, LineError) and "does not match its text" in result.message


def test_span_past_the_end_of_the_text_is_refused(tmp_path):
    [result] = read_jsonl(
        write_lines(tmp_path, our_record(quote=[{"start": 90, "end": 400, "text": "x"}]))
    )
    assert isinstance(result, LineError) and "outside the article" in result.message


def test_unknown_status_is_refused(tmp_path):
    [result] = read_jsonl(write_lines(tmp_path, our_record(status="maybe")))
    assert isinstance(result, LineError) and "unknown status 'maybe'" in result.message


def test_repeated_statement_id_is_refused(tmp_path):
    record = our_record()
    record["statements"] *= 2
    [result] = read_jsonl(write_lines(tmp_path, record))
    assert isinstance(result, LineError) and "appears twice" in result.message


def test_prodigy_quote_with_speaker_relation_is_one_statement(tmp_path):
    quote, speaker, cue = (
        span("“Nobody can keep up,”", "QUOTE"),
        span("Lea Moss", "SPEAKER"),
        span("said Lea", "CUE"),
    )
    cue = {**cue, "end": cue["start"] + 4}
    task = {
        "text": TEXT,
        "spans": [quote, speaker, cue],
        "answer": "accept",
        "_annotator_id": "sam",
        "relations": [relation(speaker, quote, "SPEAKER_OF"), relation(cue, quote, "CUE_OF")],
    }
    [item] = read_prodigy(write_lines(tmp_path, task))
    [s] = item.statements
    assert s["speaker"]["text"] == "Lea Moss" and s["cue"]["text"] == "said"
    assert (s["status"], s["origin"], s["annotator"], s["kind"]) == (
        "accepted",
        "human",
        "sam",
        "direct",
    )
    assert item.article["id"] == article_id(TEXT)


def test_prodigy_consecutive_quotes_of_one_speaker_are_one_statement(tmp_path):
    first, second = span("“Nobody can keep up,”", "QUOTE"), span("“Not on these wages.”", "QUOTE")
    speaker = span("Lea Moss", "SPEAKER")
    task = {
        "text": TEXT,
        "spans": [first, speaker, second],
        "answer": "accept",
        "relations": [
            relation(speaker, first, "SPEAKER_OF"),
            relation(speaker, second, "SPEAKER_OF"),
        ],
    }
    [item] = read_prodigy(write_lines(tmp_path, task))
    [s] = item.statements
    assert [q["text"] for q in s["quote"]] == ["“Nobody can keep up,”", "“Not on these wages.”"]


def test_prodigy_quote_without_relations_has_no_speaker(tmp_path):
    task = {
        "text": TEXT,
        "spans": [
            span("Rents rose again in March", "QUOTE"),
            span("“Not on these wages.”", "QUOTE"),
        ],
    }
    [item] = read_prodigy(write_lines(tmp_path, task))
    assert [(s["speaker"], s["kind"]) for s in item.statements] == [
        (None, "indirect"),
        (None, "direct"),
    ]


def test_prodigy_reject_answer_gives_rejected_statements_and_ignore_is_skipped(tmp_path):
    quote = span("the agency said", "QUOTE")
    path = write_lines(
        tmp_path,
        {"text": TEXT, "spans": [quote], "answer": "reject"},
        {"text": TEXT, "spans": [quote], "answer": "ignore"},
    )
    [item] = read_prodigy(path)
    assert item.statements[0]["status"] == "rejected"


def test_prodigy_quote_with_two_speakers_is_refused(tmp_path):
    quote, lea, agency = (
        span("“Nobody can keep up,”", "QUOTE"),
        span("Lea Moss", "SPEAKER"),
        span("the agency", "SPEAKER"),
    )
    task = {
        "text": TEXT,
        "spans": [quote, lea, agency],
        "relations": [relation(lea, quote, "SPEAKER_OF"), relation(agency, quote, "SPEAKER_OF")],
    }
    [result] = read_prodigy(write_lines(tmp_path, task))
    assert isinstance(result, LineError) and "two speakers" in result.message


def test_format_is_detected_from_the_first_record(tmp_path):
    ours = write_lines(tmp_path, our_record())
    assert detect_format(ours) == "jsonl"
    assert isinstance(next(read_annotations(ours)), ImportedArticle)
    prodigy = tmp_path / "tasks.jsonl"
    prodigy.write_bytes(orjson.dumps({"text": TEXT, "spans": []}))
    assert detect_format(prodigy) == "prodigy"


def test_file_of_neither_format_is_an_annotation_file_error(tmp_path):
    path = write_lines(tmp_path, {"title": "no text here"})
    with pytest.raises(AnnotationFileError, match="not a quotelens JSONL, Prodigy, doccano or Label Studio file"):
        detect_format(path)


def test_missing_file_is_an_annotation_file_error(tmp_path):
    with pytest.raises(AnnotationFileError, match="nope.jsonl: no such file"):
        list(read_jsonl(tmp_path / "nope.jsonl"))


record_keys = st.sampled_from(
    [
        "id",
        "text",
        "statements",
        "quote",
        "status",
        "spans",
        "relations",
        "label",
        "start",
        "end",
        "head_span",
        "child_span",
        "answer",
        "quotelens",
        "article",
    ]
)
json_values = st.recursive(
    st.none() | st.booleans() | st.integers(-5, 200) | st.text(max_size=5),
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(record_keys, inner, max_size=4),
    max_leaves=12,
)
records = st.dictionaries(record_keys, json_values, max_size=6)


@settings(
    max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(record=records)
def test_any_json_line_gives_a_record_or_a_line_error_never_an_exception(tmp_path, record):
    path = write_lines(tmp_path, {**record, "text": TEXT} if "text" not in record else record)
    for reader in (read_jsonl, read_prodigy):
        for result in reader(path):
            assert isinstance(result, (ImportedArticle, LineError))


def test_span_given_as_offsets_only_gets_its_text_from_the_article(tmp_path):
    [item] = read_jsonl(
        write_lines(
            tmp_path, our_record(quote=[{"start": 44, "end": 65}], speaker={"start": 71, "end": 79})
        )
    )
    assert item.statements[0]["speaker"]["text"] == "Lea Moss"


def test_empty_annotation_file_is_said_to_be_empty(tmp_path):
    path = tmp_path / "empty.jsonl"
    path.write_bytes(b"\n\n")
    with pytest.raises(AnnotationFileError, match=r"empty\.jsonl: is empty$"):
        detect_format(path)


def test_binary_annotation_file_is_said_not_to_be_json_lines(tmp_path):
    path = tmp_path / "photo.jsonl"
    path.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x01")
    with pytest.raises(AnnotationFileError, match=r"photo\.jsonl: is not JSON lines"):
        detect_format(path)


CONTROL_TEXT = "Rents rose\x1b[2J in March, the agency said.\x07 “Nobody can keep up,” said Lea Moss."


def test_imported_jsonl_makes_control_characters_inert_with_offsets_kept(tmp_path):
    quote = CONTROL_TEXT.index("“Nobody")
    record = our_record(
        CONTROL_TEXT,
        quote=[{"start": 0, "end": 21, "text": CONTROL_TEXT[0:21]}],
        speaker={"start": quote + 27, "end": quote + 35},
        labels=["hot\x1b[5m"],
        note="see\x07",
        speaker_name="Lea\x9bMoss",
        annotator="eve\x1b",
    )
    record["title"], record["source"] = "Rents\x1b]0;x\x07", "r\x1b.txt"
    [item] = read_jsonl(write_lines(tmp_path, record))
    assert isinstance(item, ImportedArticle)
    article, [s] = item.article, item.statements
    assert article["text"] == CONTROL_TEXT.replace("\x1b", "\u241b").replace("\x07", "\u2407")
    assert article["id"] == article_id(article["text"])
    assert (article["title"], article["source"]) == ("Rents\u241b]0;x\u2407", "r\u241b.txt")
    assert s["quote"][0]["text"] == article["text"][0:21] == "Rents rose\u241b[2J in Mar"
    assert s["speaker"]["text"] == article["text"][quote + 27 : quote + 35] == "Lea Moss"
    assert (s["labels"], s["note"], s["speaker_name"], s["annotator"]) == (
        ["hot\u241b[5m"], "see\u2407", "Lea Moss", "eve\u241b"
    )


def test_imported_prodigy_task_makes_control_characters_inert(tmp_path):
    quote = CONTROL_TEXT.index("“Nobody")
    task = {
        "text": CONTROL_TEXT,
        "meta": {"title": "T\x1b"},
        "_annotator_id": "ann\x07",
        "spans": [{"start": quote, "end": quote + 21, "label": "QUOTE"}],
    }
    [item] = read_prodigy(write_lines(tmp_path, task))
    assert "\x1b" not in item.article["text"] and item.article["title"] == "T\u241b"
    assert item.statements[0]["annotator"] == "ann\u2407"


def test_statement_ids_in_messages_are_inert(tmp_path):
    record = our_record(status="maybe")
    record["statements"][0]["id"] = "s\x1b]0;x\x07"
    [result] = read_jsonl(write_lines(tmp_path, record))
    assert isinstance(result, LineError)
    assert "\x1b" not in result.message and "s\u241b]0;x\u2407" in result.message
