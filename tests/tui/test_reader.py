"""The reader, driven through Textual's Pilot on our test article (the stub parser, or the real
pipeline where a test is about what the model finds)."""
from __future__ import annotations

import threading

import pyperclip
import pytest
from textual.widgets import OptionList

from annotators.statement import Statement, TextSpan
from corpus.article import Article
from corpus.schema import unsaved
from services.parser_process import LoadedStatements
from services.wording import speaker_key
from tui import clipboard
from tui.app import QuotelensApp
from tui.screens.help import HelpScreen
from tui.screens.reader import ReaderScreen
from tui.screens.speaker_picker import SpeakerPicker
from tui.widgets.article_view import ArticleView
from tui.widgets.search_bar import SearchBar
from tui.widgets.speaker_list import SpeakerList
from tui.widgets.statement_list import StatementList

from .conftest import SIZE, notices


async def wait_until(pilot, condition, timeout: float = 30.0) -> None:
    """Let the app run until ``condition()`` holds (the parse worker starts after first paint)."""
    for _ in range(int(timeout / 0.02)):
        if condition():
            return
        await pilot.pause(0.02)
    raise AssertionError("timed out waiting for the app")


async def open_parsed(app: QuotelensApp, pilot) -> ReaderScreen:
    screen = app.screen
    assert isinstance(screen, ReaderScreen)
    await wait_until(pilot, lambda: screen.loaded is not None)
    await app.workers.wait_for_complete()
    await pilot.pause()
    return screen


def option_texts(panel: OptionList) -> list[str]:
    return [str(o.prompt) for o in panel.options]


async def test_speakers_panel_names_the_article_speakers(seed, stub_parser):
    app = QuotelensApp(seed, model=stub_parser)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_parsed(app, pilot)
        speakers = " ".join(option_texts(screen.query_one(SpeakerList)))
        for surname in ("Lindqvist", "Okafor", "Castellano"):
            assert surname in speakers
        listed = option_texts(screen.query_one(StatementList))
        assert len(listed) == len(screen.statements) > 0
        assert any("Lindqvist" in text for text in listed)


async def test_text_shows_while_parsing_and_highlights_follow(seed, stub_parser, monkeypatch):
    release = threading.Event()
    parse = ReaderScreen.load_statements

    def slow_load(self):
        release.wait(10)
        return parse(self)

    monkeypatch.setattr(ReaderScreen, "load_statements", slow_load)
    app = QuotelensApp(seed, model=stub_parser)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        view = app.screen.query_one(ArticleView)
        first_line = "".join(seg.text for seg in view.render_line(0))
        assert "GENEVA — President Anna Lindqvist of Marenia" in first_line
        assert "Parsing with" in option_texts(app.screen.query_one(StatementList))[0]
        assert app.screen.query("#parsing")
        release.set()
        screen = await open_parsed(app, pilot)
        assert not screen.query("#parsing")
        assert view.statements == screen.statements


@pytest.mark.model  # the parser process tries to load it
async def test_model_that_cannot_load_is_reported_not_raised(seed):
    app = QuotelensApp(seed, model="no_such_model_xyz")
    async with app.run_test(size=SIZE) as pilot:
        await wait_until(pilot, lambda: any(n.severity == "error" for n in notices(app)))
        errors = [n for n in notices(app) if n.severity == "error"]
        assert errors and "no_such_model_xyz" in errors[0].message
        assert app.is_running and app.screen.loaded is None
        assert "model failed" in str(app.screen.query_one("#status").render())


async def test_n_and_p_move_the_selection_and_scroll_the_text(seed, stub_parser):
    app = QuotelensApp(seed, model=stub_parser)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_parsed(app, pilot)
        view = screen.query_one(ArticleView)
        await pilot.press("n")
        assert screen.selected == 0 and view.selected == 0
        for _ in range(len(screen.statements) - 1):
            await pilot.press("j")
        await pilot.pause()
        last = len(screen.statements) - 1
        assert screen.selected == last
        assert view.scroll_y > 0
        line = view.layout_.line_of(screen.statements[last].start)
        assert view.scroll_y <= line < view.scroll_y + view.scrollable_content_region.height
        await pilot.press("p")
        assert screen.selected == last - 1
        listing = screen.query_one(StatementList)
        assert listing.statement_index(listing.highlighted_option) == last - 1


async def test_enter_on_a_listed_statement_jumps_to_it(seed, stub_parser):
    app = QuotelensApp(seed, model=stub_parser)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_parsed(app, pilot)
        listing = screen.query_one(StatementList)
        listing.focus()
        target = len(screen.statements) - 1
        listing.highlighted = listing.get_option_index(str(target))
        await pilot.press("enter")
        await pilot.pause()
        assert screen.selected == target
        view = screen.query_one(ArticleView)
        assert view.scroll_y > 0


async def test_c_copies_the_quote_with_attribution_through_osc52(seed, stub_parser, monkeypatch):
    def headless(text: str) -> None:
        raise pyperclip.PyperclipException("no clipboard mechanism")

    monkeypatch.setattr(clipboard.pyperclip, "copy", headless)
    app = QuotelensApp(seed, model=stub_parser)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_parsed(app, pilot)
        first_direct = next(i for i, s in enumerate(screen.statements) if s.kind == "direct")
        screen.select_statement(first_direct)
        await pilot.press("c")
        statement = screen.statements[first_direct]
        assert app.clipboard.startswith("“We should find the way")
        assert app.clipboard.endswith(f"” — {speaker_key(statement)}, {seed.title}")
        assert "Lindqvist" in app.clipboard
        titles = [n.title for n in notices(app)]
        assert any("OSC 52" in t for t in titles)


async def test_c_without_a_selection_asks_for_one(seed, stub_parser):
    app = QuotelensApp(seed, model=stub_parser)
    async with app.run_test(size=SIZE) as pilot:
        await open_parsed(app, pilot)
        await pilot.press("c")
        assert app.clipboard == ""
        assert any("Select a statement" in n.message for n in notices(app))


async def test_slash_finds_and_highlights_successive_matches(seed, stub_parser):
    app = QuotelensApp(seed, model=stub_parser)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_parsed(app, pilot)
        await pilot.press("slash")
        assert screen.query_one(SearchBar).has_focus
        await pilot.press(*"treaty", "enter")
        first = seed.text.lower().index("treaty")
        view = screen.query_one(ArticleView)
        assert view.match == (first, first + 6)
        await pilot.press("enter")
        second = seed.text.lower().index("treaty", first + 1)
        assert view.match == (second, second + 6)
        assert screen.search.count == seed.text.lower().count("treaty")
        await pilot.press("escape")
        assert view.has_focus and view.match == (second, second + 6)


async def test_s_filters_statements_by_speaker_and_again_clears(seed, stub_parser):
    app = QuotelensApp(seed, model=stub_parser)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_parsed(app, pilot)
        total = len(screen.statements)
        await pilot.press("s")
        assert isinstance(app.screen, SpeakerPicker)
        picker = app.screen.query_one(SpeakerList)
        okafor = next(i for i, k in enumerate(picker.keys) if "Okafor" in k)
        picker.highlighted = okafor
        await pilot.press("enter")
        await pilot.pause()
        assert app.screen is screen and "Okafor" in screen.speaker_filter
        listing = screen.query_one(StatementList)
        shown = [screen.statements[listing.statement_index(o)] for o in listing.options if o.id]
        assert shown and all("Okafor" in speaker_key(s) for s in shown)
        await pilot.press("n")
        assert "Okafor" in speaker_key(screen.statements[screen.selected])
        await pilot.press("s")
        assert screen.speaker_filter is None
        assert len([o for o in listing.options if o.id]) == total


async def test_question_mark_shows_every_reader_key(seed, stub_parser):
    app = QuotelensApp(seed, model=stub_parser)
    async with app.run_test(size=SIZE) as pilot:
        await open_parsed(app, pilot)
        await pilot.press("question_mark")
        assert isinstance(app.screen, HelpScreen)
        keys = {row.keys for row in app.screen.rows}
        for expected in ("n, j", "p, k", "/", "s", "c", "?", "q", "a", "x", "u, ^z", "N"):
            assert expected in keys
        texts = " ".join(row.text for row in app.screen.rows)
        assert "Toggle the label “claim”" in texts and "needs-check" in texts
        await pilot.press("escape")
        assert isinstance(app.screen, ReaderScreen)


async def test_commands_are_in_the_command_palette(seed, stub_parser):
    app = QuotelensApp(seed, model=stub_parser)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_parsed(app, pilot)
        names = {c.title for c in app.get_system_commands(screen)}
        assert {"Next statement", "Previous statement", "Show every key"} <= names
        assert "Copy the selected quote with its attribution" in names


async def test_q_quits(seed, stub_parser):
    app = QuotelensApp(seed, model=stub_parser)
    async with app.run_test(size=SIZE) as pilot:
        await open_parsed(app, pilot)
        await pilot.press("q")
        await pilot.pause()
        assert not app.is_running


def test_every_binding_has_an_id():
    from tui.screens.note_editor import NoteEditor
    from tui.screens.speaker_assign import SpeakerAssign
    from tui.screens.speaker_picker import SpeakerPicker as Picker

    for owner in (QuotelensApp, ReaderScreen, ArticleView, SearchBar, HelpScreen, Picker,
                  NoteEditor, SpeakerAssign):
        for binding in owner.BINDINGS:
            assert binding.id, f"{owner.__name__}: {binding.key} has no id"


async def test_markup_like_text_is_shown_literally(monkeypatch, stub_parser):
    text = "Ana Ruiz said [bold]no[/bold] to [the port authority]."
    said = TextSpan(9, 13, "said")
    quote = TextSpan(14, len(text) - 1, text[14:-1])
    statement = Statement((quote,), said, TextSpan(0, 8, "Ana Ruiz"), "Ana Ruiz", "indirect")
    monkeypatch.setattr(
        ReaderScreen, "load_statements",
        lambda self: LoadedStatements([unsaved(statement)], "test"),
    )
    app = QuotelensApp(Article("[b]Port[/b] talks", text, "test.txt"), model=stub_parser)
    async with app.run_test(size=SIZE) as pilot:
        await open_parsed(app, pilot)
        line = app.screen.query_one(ArticleView).render_line(0)
        assert "".join(seg.text for seg in line).strip() == text
        assert "[b]Port[/b] talks" in str(app.screen.query_one("#header").render())
        styled = {seg.text: seg.style for seg in line}
        assert styled["[bold]no[/bold] to [the port authority]"].italic
        assert styled["Ana Ruiz"].bold
        assert styled["said"].underline


async def test_filtering_from_the_speakers_panel_selects_that_speakers_first_statement(
    seed, stub_parser
):
    app = QuotelensApp(seed, model=stub_parser)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_parsed(app, pilot)
        await pilot.press("n")
        first_speaker = speaker_key(screen.statements[screen.selected])
        panel = screen.query_one(SpeakerList)
        other = next(i for i, k in enumerate(panel.keys) if k != first_speaker)
        panel.focus()
        panel.highlighted = other
        await pilot.press("enter")
        await pilot.pause()
        chosen = panel.keys[other]
        assert screen.speaker_filter == chosen
        assert screen.selected == screen.visible_indexes()[0]
        assert speaker_key(screen.statements[screen.selected]) == chosen
        status = str(screen.query_one("#status").render())
        assert f"only {chosen}" in status and first_speaker not in status


async def test_statement_excerpt_wraps_under_its_indent(seed, stub_parser):
    app = QuotelensApp(seed, model=stub_parser)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_parsed(app, pilot)
        listing = screen.query_one(StatementList)
        lines = [listing.render_line(y).text for y in range(listing.size.height)]
        headings = [line for line in lines if line.lstrip().startswith(("·", "✓", "✗", "✎", "+"))]
        excerpts = [line for line in lines if line.strip() and line not in headings
                    and not line.strip().startswith("─")]  # fmt: skip
        assert len(excerpts) > len(headings)  # some excerpts take two lines
        assert all(line.startswith("  ") and line[2] != " " for line in excerpts)


async def test_help_lays_out_keys_text_and_ids_in_columns(seed, stub_parser):
    app = QuotelensApp(seed, model=stub_parser)
    async with app.run_test(size=(100, 40)) as pilot:
        await open_parsed(app, pilot)
        await pilot.press("question_mark")
        help_screen = app.screen
        assert isinstance(help_screen, HelpScreen)
        keys = help_screen.query(".help-key")
        texts = help_screen.query(".help-text")
        ids = help_screen.query(".help-id")
        assert len(keys) == len(texts) == len(ids) == len(help_screen.rows)
        for column in (keys, texts, ids):
            assert len({cell.region.x for cell in column}) == 1  # wrapped lines stay in it
        key_x, text_x, id_x = keys.first().region.x, texts.first().region.x, ids.first().region.x
        assert key_x < text_x < id_x
        assert all(cell.region.right <= id_x for cell in texts)
        dialog = help_screen.query_one("#help-dialog")
        assert all(cell.region.right <= dialog.scrollable_content_region.right for cell in ids)
