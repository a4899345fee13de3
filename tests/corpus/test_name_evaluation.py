"""Scoring speaker names against gold names: matching by quote overlap, exact names."""
import orjson
import pytest

from corpus.errors import QuotelensError
from corpus.name_evaluation import GoldNames, load_gold, score


def record(start, end, name, status="predicted"):
    return {"quote": [{"start": start, "end": end, "text": "x"}], "speaker_name": name, "status": status}


def test_exact_names_count_wrong_ones_are_listed_and_unmatched_quotes_are_left_out():
    gold = GoldNames("samples", "a.txt", ((0, 10, "Ana Kovač"), (20, 30, "Harbour Board"), (50, 60, "X")))
    report = score([(gold, [record(0, 9, "Ana  Kovač"), record(21, 30, "the board"), record(70, 80, "X")])])
    assert (report.gold, report.matched, report.correct) == (3, 2, 1)
    assert report.accuracy == 0.5
    assert [(m.gold, m.predicted) for m in report.misses] == [("Harbour Board", "the board")]


def test_a_rejected_statement_is_not_matched():
    gold = GoldNames("samples", "a.txt", ((0, 10, "Ana Kovač"),))
    report = score([(gold, [record(0, 10, "Ana Kovač", status="rejected")])])
    assert report.matched == 0 and report.accuracy == 0.0


def test_a_malformed_gold_line_is_a_one_line_error_naming_the_line(tmp_path):
    path = tmp_path / "names.jsonl"
    path.write_bytes(orjson.dumps({"corpus": "samples", "article": "a.txt", "names": [[1, 2]]}) + b"\n")
    with pytest.raises(QuotelensError, match=r"names.jsonl:1: a names line needs"):
        load_gold(path)


def test_the_repository_gold_names_only_our_articles_and_polnear_ids_without_text():
    from tui.commands.evaluate import NAMES_GOLD, SAMPLES

    gold = load_gold(NAMES_GOLD)
    assert gold
    for item in gold:
        if item.corpus == "samples":
            assert (SAMPLES / item.article).is_file()
        for start, end, name in item.names:
            assert 0 <= start < end and name.strip()
