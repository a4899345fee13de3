"""Review screen ``e``: edit a version's boundaries (the reader's range keys) and speaker (the
reader's assigner) before it goes into gold; what was saved is checked in the library."""
from __future__ import annotations

import pytest

from corpus import layers
from corpus.article import Article
from corpus.library import Library
from tui.app import QuotelensApp
from tui.screens.review import ReviewScreen
from tui.screens.speaker_assign import SpeakerAssign
from tui.screens.version_edit import VersionEdit

TEXT = "“We listened to the islanders,” said manager Eva Lund. “It is still not enough,” said Ole Sand."
QUOTE = "“We listened to the islanders,”"
SIZE = (120, 30)


def span(part: str) -> dict:
    start = TEXT.index(part)
    return {"start": start, "end": start + len(part), "text": part}


@pytest.fixture
def library(tmp_path):
    """One suggestion: ana accepts it; ben corrects its speaker to Ole Sand (a disagreement)."""
    with Library.open(tmp_path / "lib", annotator="rita") as lib:
        aid = lib.add_article(Article(title="Ferry", text=TEXT, source="f.txt")).id
        found = [{"quote": [span(QUOTE)], "cue": span("said"), "speaker": span("Eva Lund"),
                  "speaker_name": "Eva Lund", "kind": "direct", "confidence": 0.9}]  # fmt: skip
        [sid] = [s["id"] for s in lib.save_parse(aid, found, "m")]
        lib.update_statement(aid, sid, {"status": "accepted"}, "ana")
        lib.update_statement(aid, sid, {"speaker_name": "Ole Sand", "speaker": None, "status": "corrected"}, "ben")
        yield lib, aid, sid


async def open_review(pilot, app) -> ReviewScreen:
    await pilot.press("R")
    await pilot.pause()
    assert isinstance(app.screen, ReviewScreen)
    return app.screen


async def test_edit_moves_the_boundaries_and_takes_the_version_into_gold(library):
    lib, aid, sid = library
    app = QuotelensApp(None, "m", library=lib, annotator="rita")
    async with app.run_test(size=SIZE) as pilot:
        review = await open_review(pilot, app)
        await pilot.press("e")  # ana's version (the first)
        await pilot.pause()
        assert isinstance(app.screen, VersionEdit)
        header = str(app.screen.query_one("#edit-header").render())
        assert "Editing ana's version" in header and header.endswith(f"quote: {QUOTE}")
        await pilot.press("right_square_bracket", "left_curly_bracket")  # start and end one token in
        await pilot.pause()
        header = str(app.screen.query_one("#edit-header").render())
        assert header.endswith("quote: We listened to the islanders,")
        await pilot.press("enter")
        await pilot.pause()
        assert app.screen is review
        gold = lib.statement(aid, sid, layers.GOLD)
        assert [q["text"] for q in gold["quote"]] == ["We listened to the islanders,"]
        assert (gold["status"], gold["speaker_name"]) == ("corrected", "Eva Lund")
        assert lib.history(aid, sid)[-1]["who"] == "rita"
        assert lib.statement(aid, sid, "ana")["quote"] == [span(QUOTE)]  # ana's layer untouched
        await pilot.press("u")
        assert layers.GOLD not in lib.entry(aid).annotators  # gold undone


async def test_edit_reassigns_the_speaker_with_the_readers_assigner(library):
    lib, aid, sid = library
    app = QuotelensApp(None, "m", library=lib, annotator="rita")
    async with app.run_test(size=SIZE) as pilot:
        await open_review(pilot, app)
        await pilot.press("e", "r")
        await pilot.pause()
        assert isinstance(app.screen, SpeakerAssign)
        await pilot.press(*"Ole Sand", "enter")
        await pilot.pause()
        assert isinstance(app.screen, VersionEdit)
        assert "speaker: Ole Sand" in str(app.screen.query_one("#edit-header").render())
        await pilot.press("enter")
        await pilot.pause()
    gold = lib.statement(aid, sid, layers.GOLD)
    assert (gold["speaker_name"], gold["speaker"], gold["status"]) == ("Ole Sand", None, "corrected")
    assert gold["quote"] == [span(QUOTE)]


async def test_escape_leaves_gold_as_it_was(library):
    lib, aid, sid = library
    app = QuotelensApp(None, "m", library=lib, annotator="rita")
    async with app.run_test(size=SIZE) as pilot:
        review = await open_review(pilot, app)
        await pilot.press("e", "right_square_bracket", "escape")
        await pilot.pause()
        assert app.screen is review
    assert layers.GOLD not in lib.entry(aid).annotators
