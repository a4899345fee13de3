"""What the reader, the library and the help screen look like (SVG snapshots, stub parser):
the reader and the library at 80×24, 120×40 and 200×60, on Textual's dark and light themes.

After a deliberate change of the layout, review the new pictures and accept them with
``pytest tests/tui/test_snapshots.py --snapshot-update``.
"""
from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest

from corpus.importers import read_article
from corpus.library import Library
from services.annotation_session import AnnotationSession
from tui.app import QuotelensApp
from tui.config import Config

from .. import stub_parser as stub

SAMPLES = Path(__file__).resolve().parents[2] / "sample_articles"
SIZE = (120, 36)
SIZES = [(80, 24), (120, 40), (200, 60)]
THEMES = ["textual-dark", "textual-light"]
LOOKS = pytest.mark.parametrize(
    "theme, size",
    [(theme, size) for theme in THEMES for size in SIZES],
    ids=[f"{theme.removeprefix('textual-')}-{w}x{h}" for theme in THEMES for w, h in SIZES],
)
ADDED = "2026-03-12T09:30:00.000+00:00"


@pytest.fixture
def library(tmp_path, monkeypatch, stub_parser):
    """A library with two sample articles, one parsed, added at a fixed time in a folder with a
    fixed name (the library screen shows both)."""
    monkeypatch.setattr("corpus.article_files.now", lambda: ADDED)
    monkeypatch.chdir(tmp_path)
    with Library.open("lib", annotator="tester") as library:
        for name in ("flood-defences-vote.txt", "port-strike.txt"):
            library.add_article(sample(name))
        session = AnnotationSession(sample("port-strike.txt"), stub_parser, library)
        session.show(session.load(stub.parse))
        session.reject(0)
        yield library


def sample(name: str):
    """A sample article with its file name (not the checkout's path) as its source."""
    return replace(read_article(SAMPLES / name), source=name)


async def parsed(pilot) -> None:
    """Wait until the reader shows its statements."""
    app = pilot.app
    for _ in range(500):
        if getattr(app.screen, "loaded", None) is not None:
            break
        await pilot.pause(0.01)
    await app.workers.wait_for_complete()
    await pilot.pause()


@LOOKS
def test_reader_with_a_statement_selected(snap_compare, library, stub_parser, theme, size):
    app = QuotelensApp(sample("flood-defences-vote.txt"), model=stub_parser, library=library,
                       config=Config(theme=theme))  # fmt: skip
    assert snap_compare(app, press=["n", "n", "a"], terminal_size=size, run_before=parsed)


@LOOKS
def test_library_lists_the_articles(snap_compare, library, stub_parser, theme, size):
    app = QuotelensApp(None, model=stub_parser, library=library, config=Config(theme=theme))
    assert snap_compare(app, terminal_size=size)


def test_help_screen_lists_the_readers_keys(snap_compare, library, stub_parser):
    app = QuotelensApp(sample("port-strike.txt"), model=stub_parser, library=library)
    assert snap_compare(app, press=["question_mark"], terminal_size=SIZE, run_before=parsed)
