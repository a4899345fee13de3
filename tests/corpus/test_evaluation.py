"""Scoring predicted statements against gold: matching, metrics and quote kinds."""
import pytest

from corpus.evaluation import (
    Attribution,
    ScoringCase,
    attributions_from_records,
    characters,
    content_kind,
    evaluate,
    segments_of,
)

TEXT = (
    "\u201cThe pier will reopen in June,\u201d harbor master Lena Ortiz said. "
    "Fishermen said the delay had cost them a season."
)


def span(part: str, start: int = 0) -> tuple[int, int]:
    i = TEXT.index(part, start)
    return (i, i + len(part))


QUOTE = span("\u201cThe pier will reopen in June,\u201d")
ORTIZ = span("Lena Ortiz")
REPORTED = span("the delay had cost them a season")
FISHERMEN = span("Fishermen")
GOLD = [Attribution((QUOTE,), (ORTIZ,)), Attribution((REPORTED,), (FISHERMEN,))]


def score(predicted, gold=GOLD) -> dict:
    return evaluate([ScoringCase("a", TEXT, gold, predicted)]).to_dict()


def test_characters_ignore_spaces_quote_marks_and_punctuation():
    text = "\u201cYes, now.\u201d"
    assert sorted(characters(text, ((0, len(text)),))) == [1, 2, 3, 6, 7, 8]


def test_characters_are_clipped_to_the_text():
    assert characters("abc", ((-4, 99),)) == frozenset({0, 1, 2})


@pytest.mark.parametrize(
    "content, kind",
    [
        ("\u201cThe pier will reopen.\u201d", "direct"),
        ("\u201cThe pier,\u201d \u201cwill reopen.\u201d", "direct"),
        ("the pier was \u201cready at last\u201d", "mixed"),
        ("the pier would reopen", "indirect"),
    ],
)
def test_content_kind_follows_quote_marks(content, kind):
    assert content_kind(content, ((0, len(content)),)) == kind


def test_perfect_predictions_score_one_everywhere():
    result = score(GOLD)
    for metric in ("strict", "loose", "strict_spk", "loose_spk"):
        assert result[metric] == [1.0, 1.0, 1.0]
    assert result["speaker_acc_on_matched"] == 1.0


def test_half_a_quote_is_loose_but_not_strict():
    start, end = REPORTED
    result = score([Attribution(((start, start + (end - start) * 2 // 3),), (FISHERMEN,))])
    assert result["loose"][1] == 0.5 and result["strict"][1] == 0.0


def test_wrong_speaker_counts_for_loose_not_loose_spk():
    result = score([Attribution((QUOTE,), (FISHERMEN,))])
    assert result["loose"] == [1.0, 0.5, 0.667]
    assert result["loose_spk"] == [0.0, 0.0, 0.0]
    assert result["speaker_acc_on_matched"] == 0.0


def test_no_source_gold_wants_no_predicted_speaker():
    gold = [Attribution((REPORTED,), ())]
    assert score([Attribution((REPORTED,), ())], gold)["loose_spk"][2] == 1.0
    assert score([Attribution((REPORTED,), (FISHERMEN,))], gold)["loose_spk"][2] == 0.0


def test_matching_is_one_to_one_by_highest_dice():
    start, end = QUOTE
    whole = Attribution((QUOTE,), (ORTIZ,))
    piece = Attribution(((start, start + 10),), (ORTIZ,))
    result = score([piece, whole])
    assert result["pred"] == 2
    assert result["strict"] == [0.5, 0.5, 0.5]


def test_no_predictions_give_zero_without_error():
    result = score([])
    assert result["loose_spk"] == [0.0, 0.0, 0.0] and result["speaker_acc_on_matched"] == 0.0


def test_recall_by_kind_counts_gold_of_each_kind():
    result = score([Attribution((QUOTE,), (ORTIZ,))])
    assert result["recall_by_kind"]["direct"] == {
        "strict": 1.0, "loose": 1.0, "loose_spk": 1.0, "gold": 1
    }
    assert result["recall_by_kind"]["indirect"]["loose"] == 0.0
    assert result["recall_by_kind"]["mixed"]["gold"] == 0


def test_rejected_statements_are_not_scored():
    records = [
        {"quote": [{"start": QUOTE[0], "end": QUOTE[1]}], "speaker": None, "status": "rejected"},
        {"quote": [list(REPORTED)], "speaker": list(FISHERMEN), "status": "accepted"},
    ]
    assert attributions_from_records(records) == [Attribution((REPORTED,), (FISHERMEN,))]


@pytest.mark.parametrize(
    "value, segments",
    [
        (None, ()),
        ([], ()),
        ([3, 9], ((3, 9),)),
        ([[3, 9], [12, 20]], ((3, 9), (12, 20))),
        ({"start": 3, "end": 9, "text": "x"}, ((3, 9),)),
        ([{"start": 3, "end": 9}, {"start": 12, "end": 20}], ((3, 9), (12, 20))),
    ],
)
def test_segments_accept_the_span_forms_of_records(value, segments):
    assert segments_of(value) == segments
