"""Loading PolNeAR-shaped gold: texts as stored and attributions from brat .ann files."""
from pathlib import Path

import pytest

from corpus.polnear import (
    PolnearError,
    gold_statements,
    load_split,
    parse_ann,
    split_folder,
)

MINI = Path(__file__).parents[1] / "fixtures" / "polnear_mini"


def by_stem() -> dict:
    return {a.stem: a for a in load_split(MINI, "dev")}


def test_texts_without_annotations_are_skipped():
    assert sorted(by_stem()) == [
        "mini_council-budget-vote",
        "mini_harbor-bridge-repairs",
        "mini_school-board-calendar",
    ]


def test_first_annotator_in_sorted_order_is_used():
    bridge = by_stem()["mini_harbor-bridge-repairs"]
    assert bridge.annotator == "aa11"
    assert len(bridge.attributions) == 3


def test_text_is_kept_as_stored_with_no_break_spaces():
    bridge = by_stem()["mini_harbor-bridge-repairs"]
    raw = (MINI / "dev" / "text" / "mini_harbor-bridge-repairs.txt").read_text(encoding="utf-8")
    assert bridge.text == raw
    (start, end), = bridge.attributions[0].content
    assert bridge.text[start:end].endswith("May\u00a06")


def test_split_quote_keeps_both_segments_and_one_source():
    council = by_stem()["mini_council-budget-vote"]
    first = council.attributions[0]
    assert [council.text[s:e] for s, e in first.content] == [
        "\u201cThis budget keeps every library open,\u201d",
        "\u201cand it does so without raising a single fee.\u201d",
    ]
    assert [council.text[s:e] for s, e in first.source] == ["Mayor Dana Whitfield"]


def test_no_source_attribution_has_empty_source_but_keeps_its_cue():
    school = by_stem()["mini_school-board-calendar"]
    no_source = school.attributions[2]
    assert no_source.source == ()
    assert [school.text[s:e] for s, e in no_source.cue] == ["It is expected"]


def test_parse_ann_ignores_flags_notes_and_continuation_lines():
    ann = (
        "T1\tContent 0 5\tHello\n"
        "T2\tDiscuss 6 11\tthere\n"
        "second line of a span text that held a newline\n"
        "#1\tAnnotatorNotes T1\tcheck this\n"
        "T3\tCue 6 11\tthere\n"
        "E1\tAttribution-no-source:T3 Content:T1 Cue:T3\n"
        "E2\tAttribution:T2 Cue:T3\n"
    )
    [only] = parse_ann(ann)
    assert only.content == ((0, 5),) and only.cue == ((6, 11),) and only.source == ()


def test_bad_offsets_name_the_file_and_line():
    with pytest.raises(PolnearError, match=r"x\.ann:2: bad span offsets"):
        parse_ann("T1\tContent 0 5\tHello\nT2\tSource 7 x\tbad\n", source="x.ann")


def test_missing_split_names_the_folder(tmp_path):
    with pytest.raises(PolnearError, match=rf"{tmp_path}: no PolNeAR split 'test'"):
        split_folder(tmp_path, "test")


def test_split_under_data_folder_is_found(tmp_path):
    for sub in ("text", "attributions"):
        (tmp_path / "data" / "dev" / sub).mkdir(parents=True)
    assert split_folder(tmp_path, "dev") == tmp_path / "data" / "dev"


def test_gold_statement_text_fields_equal_slices_of_the_article():
    for article in by_stem().values():
        for statement in gold_statements(article):
            for span in (*statement.quote, statement.cue, statement.speaker):
                if span is not None:
                    assert span.text == article.text[span.start : span.end]


def test_gold_statements_carry_the_content_kind():
    kinds = [s.kind for s in gold_statements(by_stem()["mini_school-board-calendar"])]
    assert kinds == ["mixed", "indirect", "indirect", "indirect"]
