"""``quotelens check-quotes``: groups across the library and the altered version flagged."""
import json

import pytest

from corpus.library import Library
from tests.services.test_speaker_quotes import add
from tui.cli import main

REPORTS = [
    ("2026-04-01", "Wards safe, says minister",
     "“We will not close a single ward while I am minister,” said Halvard Ostrem.", "Halvard Ostrem"),
    ("2026-04-02", "Minister's pledge",
     "“We will not close a single hospital while I am minister,” Ostrem told reporters.", "Ostrem"),
    ("2026-04-03", "Pledge repeated",
     "“We will not close a single ward while I am minister,” the minister repeated.", "Halvard Ostrem"),
    ("2026-04-03", "Budget talks",
     "“The budget must be balanced before the summer recess begins,” said Ingrid Saltvik.", "Ingrid Saltvik"),
]


@pytest.fixture
def filled(private_library):
    with Library.open(private_library, annotator="tester") as lib:
        for report in REPORTS:
            add(lib, *report)
    return private_library


def test_the_altered_quote_is_flagged_with_the_differing_words(filled, capsys):
    assert main(["check-quotes"]) == 0
    out, err = capsys.readouterr()
    assert "3 versions · 1 differs (a misquote?)" in out
    assert "2026-04-01  Wards safe, says minister (earliest)" in out
    assert "2026-04-02  Minister's pledge  differs: [-ward-] {+hospital+}" in out
    assert "Budget talks" not in out
    assert "1 quote in more than one article, 1 with a version that differs" in err


def test_jsonl_and_differing_only(filled, capsys):
    assert main(["check-quotes", "--differing", "--format", "jsonl"]) == 0
    groups = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    assert len(groups) == 1 and [v["date"] for v in groups[0]["versions"]] == ["2026-04-01", "2026-04-02", "2026-04-03"]
    assert groups[0]["changes"][1] == [{"before": "ward", "after": "hospital"}]
