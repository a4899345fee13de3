"""The review screen: from the library (R) or the palette, walk disagreements, take or
reject a version into gold, undo; what was saved is checked in the library."""
from __future__ import annotations

import pytest

from corpus import layers
from corpus.article import Article
from corpus.library import Library
from tui.app import QuotelensApp
from tui.screens.review import ReviewScreen

TEXT = (
    "The ferry will run every hour in summer, the operator said. "
    "“We listened to the islanders,” said manager Eva Lund. "
    "“It is still not enough,” said Ole Sand."
)
QUOTES = ["The ferry will run every hour in summer", "“We listened to the islanders,”",
          "“It is still not enough,”"]  # fmt: skip
SIZE = (120, 30)


def span(part: str) -> dict:
    start = TEXT.index(part)
    return {"start": start, "end": start + len(part), "text": part}


@pytest.fixture
def library(tmp_path):
    """ana accepts Q1 and Q2; ben accepts Q1, rejects Q2 and Q3 (ana left Q3 alone)."""
    with Library.open(tmp_path / "lib", annotator="rita") as lib:
        aid = lib.add_article(Article(title="Ferry timetable", text=TEXT, source="f.txt")).id
        found = [{"quote": [span(q)], "cue": None, "speaker": None, "speaker_name": None,
                  "kind": "direct", "confidence": 0.9} for q in QUOTES]  # fmt: skip
        ids = [s["id"] for s in lib.save_parse(aid, found, "m")]
        lib.update_statement(aid, ids[0], {"status": "accepted"}, "ana")
        lib.update_statement(aid, ids[1], {"status": "accepted"}, "ana")
        lib.update_statement(aid, ids[0], {"status": "accepted"}, "ben")
        lib.update_statement(aid, ids[1], {"status": "rejected"}, "ben")
        lib.update_statement(aid, ids[2], {"status": "rejected"}, "ben")
        yield lib, aid, ids


def screen_text(screen: ReviewScreen) -> str:
    return "\n".join(str(w.render()) for w in screen.query("Static"))


async def test_review_from_the_library_takes_a_version_and_undoes_it(library):
    lib, aid, ids = library
    app = QuotelensApp(None, "m", library=lib, annotator="rita")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("R")
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, ReviewScreen)
        shown = screen_text(screen)
        assert "disagreement 1 of 2 (2 without gold)" in shown and "ana" in shown and "ben" in shown
        assert "We listened to the islanders" in shown and "rejected" in shown
        await pilot.press("right", "a")  # ben's version: rejected
        assert lib.statement(aid, ids[1], layers.GOLD)["status"] == "rejected"
        assert lib.history(aid, ids[1])[-1]["who"] == "rita"
        assert "Gold: rejected" in screen_text(screen) and "(by rita)" in screen_text(screen)
        assert "(1 without gold)" in screen_text(screen)
        await pilot.press("left", "a")  # ana's: accepted, replacing it
        assert lib.statement(aid, ids[1], layers.GOLD)["status"] == "accepted"
        await pilot.press("u")
        assert lib.statement(aid, ids[1], layers.GOLD)["status"] == "rejected"
        await pilot.press("n", "x")  # the second disagreement: ben rejected, ana marked none
        assert "It is still not enough" in screen_text(screen)
        assert lib.statement(aid, ids[2], layers.GOLD)["status"] == "rejected"
        await pilot.press("escape")
        assert not isinstance(app.screen, ReviewScreen)
    # the annotators' layers are as they left them
    assert lib.statement(aid, ids[1], "ana")["status"] == "accepted"
    assert lib.statement(aid, ids[1], "ben")["status"] == "rejected"


async def test_review_is_in_the_command_palette(library):
    lib, _, _ = library
    app = QuotelensApp(None, "m", library=lib, annotator="rita")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("ctrl+p")
        await pilot.press(*"Review disagreements")
        await pilot.pause(0.3)
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, ReviewScreen)
