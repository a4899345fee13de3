"""``quotelens export --format brat`` and ``quotelens import`` of brat folders, PolNeAR included."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from corpus.library import Library
from tui.cli import main

SHARED = Path(__file__).resolve().parents[2] / ".." / "shared"
POLNEAR = SHARED / "data" / "polnear"
MINI = Path(__file__).parents[1] / "fixtures" / "polnear_mini"
BRAT = Path(__file__).parents[1] / "fixtures" / "brat"


def run(*args) -> int:
    return main(list(map(str, args)))


def files(folder: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(folder.iterdir())}


def test_brat_round_trip_through_an_empty_library_gives_the_same_bytes(tmp_path):
    assert run("import", "--library", tmp_path / "gold", "--format", "polnear", MINI / "dev") == 0
    assert run("export", "--library", tmp_path / "gold", "--format", "brat", "-o", tmp_path / "one") == 0
    assert run("import", "--library", tmp_path / "empty", tmp_path / "one") == 0
    assert run("export", "--library", tmp_path / "empty", "--format", "brat", "-o", tmp_path / "two") == 0
    assert files(tmp_path / "two") == files(tmp_path / "one")
    assert len(files(tmp_path / "one")) == 7  # three articles and annotation.conf


def test_folder_of_ann_files_is_imported_as_brat_and_what_is_left_out_is_said(tmp_path, capsys):
    assert run("import", "--library", tmp_path / "lib", BRAT) == 0
    captured = capsys.readouterr()
    assert "not imported: 1 × Employer relation, 1 × Organization span" in captured.err
    assert "2 statements imported into 1 article" in captured.out
    with Library.open(tmp_path / "lib", readonly=True) as library:
        assert {s["speaker_name"] for s in library.statements("pool-reopens")} == {"Lena Marsh", None}


def test_bad_ann_file_is_reported_and_the_others_are_imported(tmp_path, capsys):
    folder = tmp_path / "brat"
    shutil.copytree(BRAT, folder)
    (folder / "broken.txt").write_text("Short text.", encoding="utf-8")
    (folder / "broken.ann").write_text("R1\tSPEAKER_OF Arg1:T2\n", encoding="utf-8")
    assert run("import", "--library", tmp_path / "lib", "--format", "brat", folder) == 1
    assert "broken.ann:1: a relation is TYPE Arg1:ID Arg2:ID" in capsys.readouterr().err
    with Library.open(tmp_path / "lib", readonly=True) as library:
        assert [e.id for e in library.articles()] == ["pool-reopens"]


@pytest.mark.corpus
def test_polnear_dev_round_trip_through_brat_scores_f1_one_with_the_reference_scorer(tmp_path, reference_scorer):
    assert run("import", "--library", tmp_path / "gold", "--format", "polnear", POLNEAR, "--split", "dev") == 0
    assert run("export", "--library", tmp_path / "gold", "--format", "brat", "-o", tmp_path / "brat") == 0
    assert run("import", "--library", tmp_path / "empty", "--format", "brat", tmp_path / "brat") == 0
    assert run("export", "--library", tmp_path / "empty", "--format", "jsonl", "-o", tmp_path / "dev.jsonl") == 0
    assert run("export", "--library", tmp_path / "empty", "--format", "brat", "-o", tmp_path / "again") == 0
    assert files(tmp_path / "again") == files(tmp_path / "brat")
    scorer = reference_scorer
    scores = scorer.score(POLNEAR, "dev", scorer.read_preds(tmp_path / "dev.jsonl"))
    assert scores["docs"] == 84 and scores["pred"] == scores["gold"] == 2192
    for metric in ("strict", "loose", "strict_spk", "loose_spk"):
        assert scores[metric][2] == 1.0, metric
