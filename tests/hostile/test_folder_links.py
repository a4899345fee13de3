"""Walking a folder never follows a symbolic link out of it unless asked to."""
from __future__ import annotations

import orjson
import pytest

from corpus.importers import folder_articles
from services.article_import import ImportOutcome
from tui.cli import main

STORY = "The lock keepers said the canal would reopen on Thursday.\n"
SECRET = "Secret payroll figures that must never be imported.\n"


@pytest.fixture
def folder(tmp_path):
    """A folder with one article, a link to a file outside it and a link to a folder outside it."""
    outside = tmp_path / "outside"
    outside.mkdir()
    (outside / "secret.txt").write_text(SECRET, encoding="utf-8")
    inside = tmp_path / "articles"
    inside.mkdir()
    (inside / "canal.txt").write_text(STORY, encoding="utf-8")
    (inside / "linked.txt").symlink_to(outside / "secret.txt")
    (inside / "elsewhere").symlink_to(outside, target_is_directory=True)
    return inside


def test_links_are_skipped_and_named(folder):
    skipped = []
    assert [p.rsplit("/", 1)[1] for p in folder_articles(folder, skipped_link=skipped.append)] == ["canal.txt"]
    assert sorted(p.rsplit("/", 1)[1] for p in skipped) == ["elsewhere", "linked.txt"]


def test_links_are_followed_only_when_asked(folder):
    names = sorted(p.rsplit("/", 1)[1] for p in folder_articles(folder, follow_symlinks=True))
    assert names == ["canal.txt", "linked.txt", "secret.txt"]


def test_import_of_a_folder_leaves_linked_files_out_and_says_so(folder, tmp_path, capsys, monkeypatch):
    imported = []

    def recording_import(library, readers, model, progress=None, cancelled=lambda: False, processes=1):
        imported.extend(name for name, _read in readers)
        return ImportOutcome()

    monkeypatch.setattr("tui.commands.import_articles.import_readers", recording_import)
    assert main(["import", "--library", str(tmp_path / "lib"), str(folder)]) == 0
    assert imported == [str(folder / "canal.txt")]
    err = capsys.readouterr().err
    assert "linked.txt: a symbolic link, not followed" in err and "elsewhere: a symbolic link" in err


@pytest.mark.model
def test_extract_of_a_folder_reads_no_linked_file(folder, tmp_path, capsys):
    out = tmp_path / "out.jsonl"
    assert main(["extract", str(folder), "-o", str(out)]) == 0
    assert [orjson.loads(line)["title"] for line in out.read_bytes().splitlines()] == ["Canal"]
    assert "not followed" in capsys.readouterr().err

