"""Import summaries say what was new, merged and unchanged, never count a no-op as work."""
from __future__ import annotations

from pathlib import Path

from corpus.library import Library
from tui.cli import main

MINI = Path(__file__).parents[1] / "fixtures" / "polnear_mini"
BODY = "The lighthouse will be repainted in June, the harbour trust said on Tuesday.\n"


def run(*args) -> int:
    return main(list(map(str, args)))


def summary(capsys) -> str:
    return capsys.readouterr().out.strip().splitlines()[-1]


def test_reimporting_annotations_says_nothing_changed_and_writes_no_history(tmp_path, capsys):
    lib = tmp_path / "lib"
    assert run("import", "--library", lib, "--format", "polnear", MINI, "--split", "dev") == 0
    first = summary(capsys)
    with Library.open(lib, readonly=True) as library:
        history = {e.id: len(library.history(e.id)) for e in library.articles()}
        total = sum(e.statements for e in library.articles())
    assert f"{total} statements imported into 3 articles" in first
    assert run("import", "--library", lib, "--format", "polnear", MINI, "--split", "dev") == 0
    assert summary(capsys) == f"imported: 0 new articles, 0 pre-annotated, 0 statements imported into 0 articles, {total} unchanged"
    with Library.open(lib, readonly=True) as library:
        assert {e.id: len(library.history(e.id)) for e in library.articles()} == history


def test_same_body_under_another_headline_is_said_to_be_merged(tmp_path, capsys, monkeypatch):
    folder = tmp_path / "articles"
    folder.mkdir()
    (folder / "a.txt").write_text("Lighthouse to be repainted\n\n" + BODY, encoding="utf-8")
    (folder / "b.txt").write_text("Harbour trust plans facelift\n\n" + BODY, encoding="utf-8")
    (folder / "c.txt").write_text("Lighthouse to be repainted\n\n" + BODY, encoding="utf-8")
    monkeypatch.setattr("annotators.pipeline.extract", lambda nlp, text, **options: [])
    monkeypatch.setattr("annotators.pipeline.load_pipeline", lambda model=None: None)
    monkeypatch.setattr("annotators.pipeline.model_label", lambda nlp: "stub-1")
    assert run("import", "--library", tmp_path / "lib", folder) == 0
    captured = capsys.readouterr()
    assert "1 new article, 1 pre-annotated, 1 merged with an article of the same text, 1 already in the library" in captured.out
    assert "b.txt: same text as “Lighthouse to be repainted”" in captured.err
