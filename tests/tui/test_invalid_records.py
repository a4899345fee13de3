"""A statement of the wrong shape already in a library (written into its file by hand, or by an
older quotelens) is left out by the reader and every export, which say so; it stays in the file."""
from __future__ import annotations

from pathlib import Path

import orjson
import pytest

from corpus.article import Article, article_id
from corpus.library import Library
from services import parser_process
from tui.app import QuotelensApp
from tui.cli import main

from .conftest import SIZE, notices
from .test_reader import open_parsed

TEXT = (
    "“The pier will reopen in June,” Mara Vell said. "
    "“Repairs are on budget,” said Ilse Brandt."
)
BAD = {"speaker_name": ["a", "b"], "labels": [1, None, {}], "note": 5, "confidence": "high"}


def span(text: str) -> dict:
    start = TEXT.index(text)
    return {"start": start, "end": start + len(text), "text": text}


def library_with_a_bad_statement(root: Path) -> Path:
    """A library whose one article has a good statement and one with ``BAD`` fields written
    straight into the article file; the file's path."""
    aid = article_id(TEXT)
    good = {"id": "good", "article_id": aid, "status": "accepted", "quote": [span("“The pier will reopen in June,”")]}
    bad = {"id": "bad", "article_id": aid, "status": "accepted", "quote": [span("“Repairs are on budget,”")]}
    with Library.open(root) as library:
        article = {"id": aid, "title": "Pier", "text": TEXT, "source": "", "meta": {}, "model": "stub"}
        library.import_article(article, [good, bad])
    path = root / "articles" / f"{aid}.json"
    data = orjson.loads(path.read_bytes())
    for record in data["statements"].values():
        if record["id"] == "bad":
            record.update(BAD)
    path.write_bytes(orjson.dumps(data))
    return path


def stored_bad(path: Path) -> dict:
    data = orjson.loads(path.read_bytes())
    return next(r for r in data["statements"].values() if r["id"] == "bad")


@pytest.mark.parametrize("fmt", ["jsonl", "csv", "markdown", "prodigy", "doccano", "labelstudio", "brat", "spacy"])
def test_every_export_leaves_the_bad_statement_out_and_says_so(tmp_path, capsys, fmt):
    path = library_with_a_bad_statement(tmp_path / "lib")
    out = tmp_path / f"out.{fmt}"
    code = main(["export", "--library", str(tmp_path / "lib"), "-f", fmt, "-o", str(out)])
    captured = capsys.readouterr()
    assert code == 1 and "Traceback" not in captured.err
    assert captured.err.strip().splitlines() == [
        f"quotelens: warning: article {article_id(TEXT)}: statement bad: "
        "speaker_name: Expected `str | null`, got `array`; left out"
    ]
    assert "exported 1 statement of 1 article" in captured.out and "1 invalid statement skipped" in captured.out
    assert out.exists()
    assert stored_bad(path)["speaker_name"] == ["a", "b"]  # nothing lost


def test_the_jsonl_export_holds_the_good_statement_only(tmp_path, capsys):
    library_with_a_bad_statement(tmp_path / "lib")
    assert main(["export", "--library", str(tmp_path / "lib"), "-f", "jsonl", "-o", "-"]) == 1
    (line,) = capsys.readouterr().out.splitlines()
    assert [s["id"] for s in orjson.loads(line)["statements"]] == ["good"]


async def test_the_reader_shows_the_good_statements_and_names_the_bad_one(tmp_path, monkeypatch):
    path = library_with_a_bad_statement(tmp_path / "lib")
    monkeypatch.setattr(parser_process.PARSER, "start", lambda model: None)
    with Library.open(tmp_path / "lib") as library:
        app = QuotelensApp(Article("Pier", TEXT, ""), model="stub", library=library)
        async with app.run_test(size=SIZE) as pilot:
            screen = await open_parsed(app, pilot)
            assert [s.id for s in screen.statements] == ["good"]
            warned = [n for n in notices(app) if n.title == "Invalid statement"]
            assert len(warned) == 1 and "statement bad: speaker_name" in warned[0].message
            await pilot.press("n", "x")  # select the good statement and reject it: saved
            await pilot.pause()
            assert app.is_running
        assert library.statement(article_id(TEXT), "good")["status"] == "rejected"
    assert {k: stored_bad(path)[k] for k in BAD} == BAD  # the bad one untouched


def test_a_reparse_and_an_import_keep_the_bad_statement_and_an_import_of_its_id_replaces_it(tmp_path):
    path = library_with_a_bad_statement(tmp_path / "lib")
    aid = article_id(TEXT)
    with Library.open(tmp_path / "lib") as library:
        library.save_parse(aid, [], "stub")
        other = {"id": "other", "article_id": aid, "status": "added", "quote": [span("Mara Vell said.")]}
        counts = library.import_article({"id": aid, "text": TEXT}, [other])
        assert (counts.added, counts.replaced) == (1, 0)
        assert {k: stored_bad(path)[k] for k in BAD} == BAD
        fixed = {"id": "bad", "article_id": aid, "status": "accepted", "quote": [span("“Repairs are on budget,”")]}
        counts = library.import_article({"id": aid, "text": TEXT}, [fixed])
        assert (counts.added, counts.replaced) == (0, 1)
        assert [r["id"] for r in library.statements(aid)] == ["good", "other", "bad"]
        assert library.invalid == {}
