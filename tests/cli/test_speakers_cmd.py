"""``quotelens speakers`` and ``quotelens quotes --speaker``: one person across the library."""
import csv
import io
import json

import pytest

from corpus.library import Library
from tests.services.test_speaker_quotes import ARTICLES, add
from tui.cli import main


@pytest.fixture
def filled(private_library):
    with Library.open(private_library, annotator="tester") as lib:
        for row in ARTICLES:
            add(lib, *row)
    return private_library


def test_speakers_lists_each_person_once_with_counts_and_dates(filled, capsys):
    assert main(["speakers"]) == 0
    out = capsys.readouterr().out
    assert "| Halvard Ostrem | 3 | 3 | 2026-02-20 | 2026-03-09 |" in out
    assert "Ingrid Saltvik" in out and "the report" not in out


def test_quotes_as_csv_newest_first_since_a_date(filled, capsys):
    assert main(["quotes", "--speaker", "President Ostrem", "--since", "2026-03-01", "--format", "csv"]) == 0
    rows = list(csv.reader(io.StringIO(capsys.readouterr().out)))
    assert rows[0] == ["date", "speaker", "quote", "article", "id"]
    assert [(r[0], r[1], r[3]) for r in rows[1:]] == [
        ("2026-03-09", "Ostrem", "Quotas stand"), ("2026-03-02", "President Halvard Ostrem", "Ports reopen")
    ]


def test_quotes_as_jsonl_and_markdown(filled, capsys):
    assert main(["quotes", "--speaker", "Halvard Ostrem", "--format", "jsonl"]) == 0
    lines = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    assert [line["speaker"] for line in lines] == ["Halvard Ostrem"] * 3
    assert main(["quotes", "--speaker", "Saltvik"]) == 0
    assert "| 2026-03-05 | Ingrid Saltvik | “We will strike,” | Union replies |" in capsys.readouterr().out


def test_bad_date_and_unknown_speaker_are_one_line_errors(filled, capsys):
    with pytest.raises(SystemExit):
        main(["quotes", "--speaker", "Ostrem", "--since", "last week"])
    assert "'last week' is not a date (YYYY-MM-DD)" in capsys.readouterr().err
    assert main(["quotes", "--speaker", "Zebedee Quark"]) == 2
    err = capsys.readouterr().err
    assert "no speaker 'Zebedee Quark' in the library" in err and len(err.strip().splitlines()) == 1


def test_merge_and_undo_from_the_command_line(filled, capsys):
    assert main(["speakers", "--merge", "Saltvik", "Ostrem"]) == 0
    assert "merged 'Ingrid Saltvik' and 'Halvard Ostrem'" in capsys.readouterr().out
    assert main(["quotes", "--speaker", "Ingrid Saltvik", "--format", "jsonl"]) == 0
    assert len(capsys.readouterr().out.splitlines()) == 4
    assert main(["speakers", "--undo-merge"]) == 0
    assert "undid the merge" in capsys.readouterr().out
    assert main(["quotes", "--speaker", "Ingrid Saltvik", "--format", "jsonl"]) == 0
    assert len(capsys.readouterr().out.splitlines()) == 1
