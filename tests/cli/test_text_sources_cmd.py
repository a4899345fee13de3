"""``quotelens import`` of plain text sources: JSON lines of {"text", "meta"} and CSV."""

from __future__ import annotations

from pathlib import Path

import pytest

from corpus.library import Library
from corpus.text_sources import read_text_source
from tui.cli import main

TEXTS = Path(__file__).parents[1] / "fixtures" / "texts"


def run(*args) -> int:
    return main(list(map(str, args)))


def articles(library: Path) -> dict[str, tuple]:
    with Library.open(library, readonly=True) as lib:
        return {
            a.title: (a, lib.statements(a.id))
            for a in (lib.article(e.id) for e in lib.articles())
        }


@pytest.mark.model  # pre-annotates the imported texts
def test_jsonl_texts_are_added_pre_annotated_with_their_meta_and_bad_lines_named(tmp_path, capsys):
    assert run("import", "--library", tmp_path / "lib", TEXTS / "sources.jsonl") == 1
    err = capsys.readouterr().err
    assert f"{TEXTS / 'sources.jsonl'}:3: needs a \"text\" string" in err
    found = articles(tmp_path / "lib")
    assert sorted(found) == ["Allotment waiting lists close", "Tram drivers to strike"]
    tram, tram_statements = found["Tram drivers to strike"]
    assert tram.meta == {"title": "Tram drivers to strike", "url": "https://example.org/news/tram-strike",
                         "date": "2026-11-30", "source": "Northgate Wire"}  # fmt: skip
    assert tram.source == "Northgate Wire" and tram.text.startswith("Tram drivers will strike")
    assert any(s["speaker"] and s["speaker"]["text"] == "Omar Haddad" for s in tram_statements)
    allotments, _ = found["Allotment waiting lists close"]
    assert allotments.text.startswith("The council closed") and allotments.meta == {"section": "local", "date": "2026-12-01"}


@pytest.mark.model  # pre-annotates the imported texts
def test_csv_texts_use_the_named_column_and_keep_the_others_as_meta(tmp_path, capsys):
    assert run("import", "--library", tmp_path / "lib", "--text-column", "body", TEXTS / "sources.csv") == 1
    assert f"{TEXTS / 'sources.csv'}:3: the 'body' cell is empty" in capsys.readouterr().err
    [(title, (bakery, statements))] = articles(tmp_path / "lib").items()
    assert title == "Bakery wins award" and bakery.source == "https://example.org/bakery"
    assert bakery.meta == {"headline": "Bakery wins award", "published": "2026-11-29", "url": "https://example.org/bakery"}
    assert statements and statements[0]["status"] == "predicted" and statements[0]["model"]


def test_csv_without_the_text_column_is_one_line_naming_file_and_columns(tmp_path, capsys):
    assert run("import", "--library", tmp_path / "lib", TEXTS / "sources.csv") == 1
    err = capsys.readouterr().err.strip().splitlines()
    assert err == [
        f"quotelens: error: {TEXTS / 'sources.csv'}: no column 'text' (columns: headline, body, published, url); "
        "name the text column with --text-column"
    ]


def test_text_without_a_title_takes_its_first_line_when_it_reads_as_one(tmp_path):
    source = tmp_path / "t.jsonl"
    source.write_text('{"text": "Short headline\\n\\nBody of the story."}\n{"text": "One long paragraph only."}\n')
    first, second = read_text_source(source)
    assert (first.title, first.text) == ("Short headline", "Body of the story.")
    assert (second.title, second.text, second.source) == ("One long paragraph only.", "One long paragraph only.", f"{source}:2")
