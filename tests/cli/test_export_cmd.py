"""``quotelens export``: the library's statements, filtered, in every format."""
from __future__ import annotations

import csv

import orjson
import pytest
from spacy.tokens import DocBin

from corpus.article import article_id
from corpus.export import ExportFilter
from corpus.export.from_library import export_library
from corpus.library import Library
from corpus.tokens import blank_english
from tui.cli import main

PARK = (
    "The city will turn the old rail yard into a park, the planning office said on Tuesday.\n\n"
    "“People have waited twenty years for green space on this side of town,” said councillor "
    "Amara Diallo. Local traders said they feared losing parking spaces.\n\n"
    "The works are due to start in March, a spokeswoman for the contractor said."
)
POOL = "The public pool reopens on Saturday after repairs, its manager Jon Park said."


def span(text: str, part: str) -> dict:
    start = text.index(part)
    return {"start": start, "end": start + len(part), "text": part}


def statement(text: str, sid: str, quote: str, status: str, **fields) -> dict:
    return {
        "id": sid, "article_id": article_id(text), "quote": [span(text, quote)], "cue": None,
        "speaker": None, "speaker_name": None, "kind": "indirect", "labels": [], "status": status,
        "origin": "human", "confidence": None, "model": None, "annotator": "kim", "note": "",
        "created_at": "2026-11-03T12:00:00.000+00:00", "updated_at": "2026-11-03T12:00:00.000+00:00",
        **fields,
    }  # fmt: skip


@pytest.fixture
def library(tmp_path):
    """Two articles, statements in four statuses, two labels, two annotators."""
    path = tmp_path / "lib"
    park = [
        statement(PARK, "p-diallo", "“People have waited twenty years for green space on this side of town,”",
                  "accepted", kind="direct", speaker=span(PARK, "Amara Diallo"), labels=["city"]),
        statement(PARK, "p-traders", "they feared losing parking spaces", "corrected", annotator="lee"),
        statement(PARK, "p-works", "The works are due to start in March", "predicted"),
        statement(PARK, "p-wrong", "The city will turn the old rail yard into a park", "rejected"),
    ]  # fmt: skip
    pool = [statement(POOL, "s-pool", "The public pool reopens on Saturday after repairs", "added",
                      labels=["sport"])]  # fmt: skip
    with Library.open(path) as lib:
        for text, title, statements in ((PARK, "Rail yard park", park), (POOL, "Pool reopens", pool)):
            lib.import_article(
                {"id": article_id(text), "title": title, "text": text, "source": "", "meta": {}},
                statements,
            )
    return path


def export(library, tmp_path, fmt="jsonl", *options) -> list[str]:
    """Ids of the exported statements (jsonl)."""
    out = tmp_path / f"out.{fmt}"
    assert main(["export", "--library", str(library), "-f", fmt, "-o", str(out), *options]) == 0
    return [s["id"] for line in out.read_bytes().splitlines() for s in orjson.loads(line)["statements"]]


def test_default_export_has_reviewed_statements_only(library, tmp_path):
    assert export(library, tmp_path) == ["p-diallo", "p-traders", "s-pool"]


def test_status_option_and_include_rejected(library, tmp_path):
    assert export(library, tmp_path, "jsonl", "--status", "predicted,accepted", "--include-rejected") == [
        "p-wrong", "p-diallo", "p-works",
    ]  # fmt: skip


def test_label_annotator_and_article_filters(library, tmp_path):
    assert export(library, tmp_path, "jsonl", "--label", "city", "--label", "sport") == ["p-diallo", "s-pool"]
    assert export(library, tmp_path, "jsonl", "--annotator", "lee") == ["p-traders"]
    assert export(library, tmp_path, "jsonl", "--article", article_id(POOL)) == ["s-pool"]


def test_summary_names_the_counts_and_the_file(library, tmp_path, capsys):
    export(library, tmp_path)
    assert capsys.readouterr().out.strip() == f"exported 3 statements of 2 articles to {tmp_path / 'out.jsonl'}"


def test_unknown_status_is_an_error_without_traceback(library, tmp_path, capsys):
    out = tmp_path / "out.jsonl"
    assert main(["export", "--library", str(library), "-f", "jsonl", "-o", str(out), "--status", "done"]) == 2
    err = capsys.readouterr().err
    assert "unknown status done" in err and "Traceback" not in err
    assert not out.exists()


def test_csv_sheet_of_the_library(library, tmp_path):
    out = tmp_path / "sheet.csv"
    assert main(["export", "--library", str(library), "-f", "csv", "-o", str(out)]) == 0
    rows = list(csv.reader(out.open(encoding="utf-8-sig", newline="")))
    assert [r[0] for r in rows[1:]] == ["Amara Diallo", "", ""]
    assert [r[3] for r in rows[1:]] == ["Rail yard park", "Rail yard park", "Pool reopens"]


def test_spacy_export_is_a_folder_that_spacy_reads_and_replaces_the_previous_one(library, tmp_path):
    out = tmp_path / "train.spacy"
    for options in (["--label", "sport"], []):
        assert main(["export", "--library", str(library), "-f", "spacy", "-o", str(out), *options]) == 0
    from spacy.training import Corpus

    examples = list(Corpus(out)(blank_english()))
    assert [len(e.reference.spans["quotes"]) for e in examples] == [2, 1]
    assert [p.name for p in out.iterdir()] == ["00000.spacy"]
    assert sorted(p.name for p in tmp_path.iterdir()) == ["lib", "train.spacy"]
    assert len(list(DocBin().from_disk(out / "00000.spacy").get_docs(blank_english().vocab))) == 2


def one_line_error(capsys) -> str:
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and err.startswith("quotelens: error: "), err
    return err


def test_spacy_export_never_replaces_a_folder_of_other_files(library, tmp_path, capsys):
    out = tmp_path / "work"
    out.mkdir()
    (out / "notes.txt").write_text("keep me", encoding="utf-8")
    assert main(["export", "--library", str(library), "-f", "spacy", "-o", str(out)]) == 2
    assert "work: exists and is not a spacy export; choose a new folder" in one_line_error(capsys)
    assert [p.name for p in out.iterdir()] == ["notes.txt"]


def test_spacy_export_never_replaces_a_file(library, tmp_path, capsys):
    out = tmp_path / "train.spacy"
    out.write_bytes(b"not a folder")
    assert main(["export", "--library", str(library), "-f", "spacy", "-o", str(out)]) == 2
    assert "exists and is not a spacy export" in one_line_error(capsys)
    assert out.read_bytes() == b"not a folder"


@pytest.mark.parametrize("output", [".", ""])
def test_spacy_export_to_the_current_folder_is_refused(library, tmp_path, monkeypatch, capsys, output):
    monkeypatch.chdir(tmp_path)
    assert main(["export", "--library", str(library), "-f", "spacy", "-o", output]) == 2
    assert "exists and is not a spacy export" in one_line_error(capsys)
    assert (tmp_path / "lib").is_dir()


@pytest.mark.parametrize("fmt", ["markdown", "csv", "jsonl"])
def test_file_export_onto_a_folder_is_one_line_error(library, tmp_path, capsys, fmt):
    out = tmp_path / "folder"
    out.mkdir()
    assert main(["export", "--library", str(library), "-f", fmt, "-o", str(out)]) == 2
    assert "folder: is a folder; give a file name" in one_line_error(capsys)


def test_export_from_a_missing_library_is_an_error_and_writes_nothing(tmp_path, capsys):
    out = tmp_path / "out.jsonl"
    missing = tmp_path / "typo"
    assert main(["export", "--library", str(missing), "-f", "jsonl", "-o", str(out)]) == 2
    assert f"{missing}: no library here" in one_line_error(capsys)
    assert not out.exists() and not missing.exists()


def test_library_that_is_a_file_is_one_line_error(tmp_path, capsys):
    not_a_folder = tmp_path / "lib.txt"
    not_a_folder.write_text("hello", encoding="utf-8")
    out = tmp_path / "out.jsonl"
    assert main(["--library", str(not_a_folder), "export", "-f", "jsonl", "-o", str(out)]) == 2
    assert "lib.txt: is not a folder" in one_line_error(capsys)


def test_export_keeps_the_mode_of_the_file_it_replaces(library, tmp_path):
    out = tmp_path / "out.csv"
    out.write_text("speaker,quote,cue,article,paragraph,labels\n", encoding="utf-8")  # an earlier export
    out.chmod(0o640)
    assert main(["export", "--library", str(library), "-f", "csv", "-o", str(out)]) == 0
    assert out.stat().st_mode & 0o777 == 0o640 and "speaker" in out.read_text(encoding="utf-8-sig")


def test_library_export_reports_each_article_read_out_of_those_the_filter_may_keep(library, tmp_path):
    seen = []
    with Library.open(library, readonly=True) as lib:
        filt = ExportFilter(statuses=frozenset({"added"}))
        summary = export_library(lib, "jsonl", tmp_path / "out.jsonl", filt, lambda *p: seen.append(p))
    assert seen == [(0, 1), (1, 1)]  # only the pool article has an added statement
    assert (summary.articles, summary.statements) == (1, 1)
