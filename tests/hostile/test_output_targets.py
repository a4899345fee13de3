"""Outputs go only to a regular file or a new name; ``-o -`` is standard output everywhere."""
from __future__ import annotations

import os
from pathlib import Path

import orjson
import pytest

from corpus.article import article_id
from corpus.library import Library
from tui.cli import main

TEXT = "The ferry to the islands will run twice a day from May, the operator said on Monday."


@pytest.fixture
def library(tmp_path) -> Path:
    """A library with one accepted statement."""
    quote = "The ferry to the islands will run twice a day from May"
    statement = {
        "id": "s1", "article_id": article_id(TEXT), "status": "accepted",
        "quote": [{"start": 0, "end": len(quote), "text": quote}],
    }
    with Library.open(tmp_path / "lib") as lib:
        lib.import_article({"id": article_id(TEXT), "title": "Ferry", "text": TEXT, "source": "", "meta": {}}, [statement])
    return tmp_path / "lib"


def export(library: Path, fmt: str, output: str, *extra: str) -> int:
    return main(["export", "--library", str(library), "-f", fmt, "-o", output, *extra])


def one_line_error(capsys) -> str:
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "Traceback" not in err, err
    return err


@pytest.mark.parametrize("fmt", ["jsonl", "prodigy", "csv", "markdown"])
def test_a_character_device_is_never_replaced(library, capsys, fmt):
    before = os.stat("/dev/null")
    assert export(library, fmt, "/dev/null") == 2
    assert "not a regular file" in one_line_error(capsys)
    after = os.stat("/dev/null")
    assert (after.st_ino, after.st_mode) == (before.st_ino, before.st_mode)


def test_a_fifo_is_never_replaced(library, tmp_path, capsys):
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    assert export(library, "csv", str(fifo)) == 2
    assert "not a regular file" in one_line_error(capsys) and fifo.is_fifo()


def test_a_symlink_is_never_followed_nor_replaced(library, tmp_path, capsys):
    victim = tmp_path / "victim.jsonl"
    victim.write_text('{"id":"x"}\n', encoding="utf-8")
    link = tmp_path / "out.jsonl"
    link.symlink_to(victim)
    assert export(library, "jsonl", str(link)) == 2
    assert "symbolic link" in one_line_error(capsys)
    assert link.is_symlink() and victim.read_text(encoding="utf-8") == '{"id":"x"}\n'


def test_an_existing_file_is_replaced_only_if_it_is_an_earlier_export_or_with_force(library, tmp_path, capsys):
    out = tmp_path / "quotes.csv"
    out.write_text("payroll,2026\n", encoding="utf-8")
    assert export(library, "csv", str(out)) == 2
    assert "--force" in one_line_error(capsys) and out.read_text(encoding="utf-8") == "payroll,2026\n"
    assert export(library, "csv", str(out), "--force") == 0
    assert export(library, "csv", str(out)) == 0  # now an earlier export: replaced freely
    assert "The ferry" in out.read_text(encoding="utf-8-sig")


def test_extract_refuses_to_replace_a_file_that_is_not_its_output(tmp_path, capsys):
    article = tmp_path / "ferry.txt"
    article.write_text(TEXT, encoding="utf-8")
    out = tmp_path / "thesis.jsonl"
    out.write_text("chapter one\n", encoding="utf-8")
    assert main(["extract", str(article), "-o", str(out)]) == 2
    assert "not an earlier quotelens output" in one_line_error(capsys)
    assert out.read_text(encoding="utf-8") == "chapter one\n"


@pytest.mark.parametrize("fmt", ["jsonl", "prodigy", "csv", "markdown"])
def test_dash_is_standard_output_and_no_file_named_dash_appears(library, tmp_path, capsys, monkeypatch, fmt):
    monkeypatch.chdir(tmp_path)
    assert export(library, fmt, "-") == 0
    captured = capsys.readouterr()
    assert "The ferry to the islands" in captured.out and "exported 1 statement" in captured.err
    assert not (tmp_path / "-").exists()
    if fmt == "jsonl":
        assert orjson.loads(captured.out.splitlines()[0])["statements"][0]["id"] == "s1"


def test_spacy_to_standard_output_is_a_one_line_error(library, capsys):
    assert export(library, "spacy", "-") == 2
    assert "give a folder name" in one_line_error(capsys)


def test_stray_temp_files_of_an_interrupted_export_are_cleaned_up(library, tmp_path):
    out = tmp_path / "out.jsonl"
    stray = tmp_path / ".out.jsonl.k3j2h1.tmp"
    stray.write_text("half", encoding="utf-8")
    other = tmp_path / ".other.jsonl.aaaa.tmp"
    other.write_text("not ours", encoding="utf-8")
    assert export(library, "jsonl", str(out)) == 0
    assert not stray.exists() and other.exists()


def test_an_unknown_article_is_an_error_and_writes_nothing(library, tmp_path, capsys):
    out = tmp_path / "out.jsonl"
    assert main(["export", "--library", str(library), "-f", "jsonl", "-o", str(out), "--article", "nosuch"]) == 2
    assert "no article nosuch" in one_line_error(capsys) and not out.exists()


def test_an_export_that_skipped_a_damaged_article_says_so_and_exits_1(library, tmp_path, capsys):
    second = "Tolls on the bridge will rise in June, the council said on Friday."
    quote = "Tolls on the bridge will rise in June"
    with Library.open(library) as lib:
        lib.import_article(
            {"id": article_id(second), "title": "Tolls", "text": second, "source": "", "meta": {}},
            [{"id": "s2", "article_id": article_id(second), "status": "accepted",
              "quote": [{"start": 0, "end": len(quote), "text": quote}]}],
        )
    (library / "articles" / f"{article_id(second)}.json").write_bytes(b'{"article": {"1": {"te')
    out = tmp_path / "out.jsonl"
    assert export(library, "jsonl", str(out)) == 1
    captured = capsys.readouterr()
    assert "1 damaged article skipped" in captured.out and "not valid JSON" in captured.err
    assert [orjson.loads(line)["title"] for line in out.read_bytes().splitlines()] == ["Ferry"]
