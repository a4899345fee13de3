"""Annotating in the reader: every key changes the screen and the stored record alike."""
from __future__ import annotations

import dataclasses

import pytest

from corpus.library import Library
from services.parser_process import PARSER
from tui.app import QuotelensApp
from tui.config import ConfigError, load_config
from tui.screens.help import HelpScreen
from tui.screens.reader import ReaderScreen
from tui.screens.speaker_assign import SpeakerAssign
from tui.widgets.article_header import ArticleHeader
from tui.widgets.article_view import ArticleView
from tui.widgets.statement_list import StatementList
from tui.widgets.status_line import StatusLine

from .. import stub_parser as stub
from .conftest import SIZE, footer_keys, notices
from .test_reader import open_parsed
from .test_reader_library import refuse_to_parse


@pytest.fixture
def library(tmp_path, seed):
    with Library.open(tmp_path / "lib") as library:
        library.add_article(seed)
        yield library


def stored(library, seed, screen, index=None):
    """The library's record of the screen's selected statement, in the layer of the screen's
    annotator (corpus.layers)."""
    statement = screen.statements[screen.selected if index is None else index]
    return library.statement(seed.id, statement.id, screen.session.annotator)


def header(screen) -> str:
    return str(screen.query_one(ArticleHeader).render())


def listed(screen, index) -> str:
    listing = screen.query_one(StatementList)
    return str(listing.get_option(str(index)).prompt)


def text_styles(screen, start: int, end: int):
    """The styles of the rendered segments covering text[start:end] (on screen)."""
    view = screen.query_one(ArticleView)
    line = view.layout_.line_of(start) - round(view.scroll_y)
    return [seg.style for seg in view.render_line(line) if seg.text.strip() and seg.style]


async def start(seed, model, library, **kwargs):
    return QuotelensApp(seed, model=model, library=library, **kwargs)


async def test_a_accepts_and_the_record_says_who(seed, stub_parser, library):
    app = await start(seed, stub_parser, library)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_parsed(app, pilot)
        await pilot.press("n", "a")
        record = stored(library, seed, screen)
        assert record["status"] == "accepted" and record["annotator"] == "tester"
        assert listed(screen, 0).startswith("✓")
        assert "accepted" in str(screen.query_one("#status").render())
        assert f"reviewed 1/{len(screen.statements)}" in header(screen)


async def test_x_rejects_and_the_statement_stays_struck_through(seed, stub_parser, library):
    app = await start(seed, stub_parser, library)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_parsed(app, pilot)
        await pilot.press("n", "x")
        assert stored(library, seed, screen)["status"] == "rejected"
        assert len(screen.statements) == len(library.statements(seed.id))
        assert listed(screen, 0).startswith("✗")
        statement = screen.statements[0]
        assert any(style.strike for style in text_styles(screen, statement.start, statement.end))
        await pilot.press("a")
        assert stored(library, seed, screen)["status"] == "accepted"


async def test_number_keys_toggle_labels_of_the_label_set(seed, stub_parser, library):
    app = await start(seed, stub_parser, library)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_parsed(app, pilot)
        await pilot.press("n", "1", "7")
        assert stored(library, seed, screen)["labels"] == ["claim", "needs-check"]
        assert "[claim, needs-check]" in listed(screen, 0)
        await pilot.press("1")
        assert stored(library, seed, screen)["labels"] == ["needs-check"]
        assert screen.statements[0].labels == ("needs-check",)


async def test_m_writes_a_note(seed, stub_parser, library):
    app = await start(seed, stub_parser, library)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_parsed(app, pilot)
        await pilot.press("n", "m", *"check date", "enter")
        await pilot.pause()
        assert app.screen is screen
        assert stored(library, seed, screen)["note"] == "check date"
        assert "note: check date" in str(screen.query_one("#status").render())


async def test_undo_and_redo_restore_screen_and_store(seed, stub_parser, library):
    app = await start(seed, stub_parser, library)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_parsed(app, pilot)
        await pilot.press("n", "a", "2")
        await pilot.press("u")
        assert stored(library, seed, screen)["labels"] == []
        await pilot.press("ctrl+z")
        assert stored(library, seed, screen)["status"] == "predicted"
        assert listed(screen, 0).startswith("·")
        await pilot.press("U")
        assert stored(library, seed, screen)["status"] == "accepted"
        await pilot.press("ctrl+y")
        assert screen.statements[0].labels == ("accusation",)
        assert stored(library, seed, screen)["labels"] == ["accusation"]


async def test_capital_n_jumps_to_the_least_confident_unreviewed(seed, stub_parser, library):
    app = await start(seed, stub_parser, library)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_parsed(app, pilot)
        confidences = [s.confidence for s in screen.statements]
        assert len(set(confidences)) > 1, "the seed's statements differ in confidence"
        await pilot.press("n", "a")  # statement 0 reviewed
        lowest = min(range(1, len(confidences)), key=lambda i: (confidences[i], i))
        await pilot.press("N")
        assert screen.selected == lowest
        assert confidences[lowest] == min(confidences[1:])
        await pilot.press("x", "N")  # rejected: the next least confident comes next
        rest = [i for i in range(1, len(confidences)) if i != lowest]
        assert screen.selected == min(rest, key=lambda i: (confidences[i], i))
        assert stored(library, seed, screen, lowest)["status"] == "rejected"


async def test_capital_d_marks_the_article_done(seed, stub_parser, library):
    app = await start(seed, stub_parser, library)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_parsed(app, pilot)
        await pilot.press("D")
        assert library.entry(seed.id).status == "done"
        assert "done" in header(screen)
        assert library.history(seed.id)[-1]["after"] == {"status": "done"}
        await pilot.press("D")
        assert library.entry(seed.id).status == "in_progress"


async def test_annotator_comes_from_the_config_or_the_argument(
    seed, stub_parser, library, private_config
):
    private_config.write_text('annotator = "Ana Ruiz"\n')
    app = await start(seed, stub_parser, library)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_parsed(app, pilot)
        await pilot.press("n", "a")
        assert stored(library, seed, screen)["annotator"] == "Ana Ruiz"
    app = await start(seed, stub_parser, library, annotator="Bo Lind")
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_parsed(app, pilot)
        await pilot.press("n", "x")
        assert stored(library, seed, screen)["annotator"] == "Bo Lind"
        assert library.history(seed.id)[-1]["who"] == "Bo Lind"


async def test_each_annotator_sees_and_undoes_their_own_layer(seed, stub_parser, library):
    app = await start(seed, stub_parser, library, annotator="Ana Ruiz")
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_parsed(app, pilot)
        await pilot.press("n", "a")
        assert screen.statements[0].status == "accepted"
    app = await start(seed, stub_parser, library, annotator="Bo Lind")
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_parsed(app, pilot)
        assert screen.statements[0].status == "predicted"  # Ana's accept is not Bo's
        await pilot.press("n", "x")
        assert stored(library, seed, screen, 0)["status"] == "rejected"
        await pilot.press("u")
        assert screen.statements[0].status == "predicted"
        await pilot.press("u")  # nothing of Bo's left to undo: Ana's accept stays
        assert library.statement(seed.id, screen.statements[0].id, "Ana Ruiz")["status"] == "accepted"
    app = await start(seed, stub_parser, library, annotator="Ana Ruiz")
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_parsed(app, pilot)
        assert screen.statements[0].status == "accepted"


async def test_read_only_library_changes_nothing_and_says_so(seed, stub_parser, library, tmp_path):
    library.save_parse(seed.id, [], "none")  # so the second opening finds a stored parse
    with Library.open(tmp_path / "lib") as second:
        app = await start(seed, stub_parser, second)
        async with app.run_test(size=SIZE) as pilot:
            screen = await open_parsed(app, pilot)
            library.add_statement(seed.id, {"quote": [{"start": 0, "end": 8}]})
            before = library.statements(seed.id)
            await pilot.press("u")
            assert any(n.title == "Not saved" for n in notices(app))
            assert library.statements(seed.id) == before
            assert screen.statements == []


async def test_r_reassigns_the_speaker_with_fuzzy_search(seed, model, library):
    app = await start(seed, model, library)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_parsed(app, pilot)
        await pilot.press("n", "r")
        assert isinstance(app.screen, SpeakerAssign)
        assert "Daniel Okafor" in app.screen.names
        await pilot.press(*"okaf", "enter")  # begins a known name: the best match is taken
        await pilot.pause()
        record = stored(library, seed, screen)
        assert record["speaker_name"] == "Daniel Okafor" and record["status"] == "corrected"
        assert "Daniel Okafor" in listed(screen, screen.selected)


async def test_r_offers_the_people_and_organisations_spacy_found_in_the_article(seed, model, nlp, library):
    app = await start(seed, model, library)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_parsed(app, pilot)
        await pilot.press("n", "r")
        speakers = {s.speaker_name for s in screen.statements}
        found = [name for name in app.screen.names if name not in speakers]
    entities = {" ".join(e.text.split()) for e in nlp(seed.text).ents if e.label_ in ("PERSON", "ORG")}
    assert found and set(found) <= entities  # the library holds only this article's speakers


async def test_r_offers_found_names_after_the_speakers_and_again_from_the_stored_parse(
    seed, stub_parser, library, monkeypatch
):
    def parse_with_names(model, text, cancelled=None, progress=None):
        return dataclasses.replace(stub.parse(model, text), names=("Port of Sallen Board", "Vera Holm"))

    monkeypatch.setattr(PARSER, "parse", parse_with_names)
    app = await start(seed, stub_parser, library)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_parsed(app, pilot)
        await pilot.press("n", "r")
        assert app.screen.names[-2:] == ["Port of Sallen Board", "Vera Holm"]  # after the speakers
        await pilot.press(*"vera h", "enter")
        await pilot.pause()
        assert stored(library, seed, screen)["speaker_name"] == "Vera Holm"
    monkeypatch.setattr(PARSER, "parse", refuse_to_parse)
    app = await start(seed, stub_parser, library)
    async with app.run_test(size=SIZE) as pilot:  # shown from the library: no parse
        await open_parsed(app, pilot)
        await pilot.press("n", "r")
        assert app.screen.names[-1] == "Port of Sallen Board" and "Vera Holm" in app.screen.names


async def test_enter_takes_a_typed_new_name_not_the_nearest_known_one(seed, model, library):
    app = await start(seed, model, library)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_parsed(app, pilot)
        await pilot.press("n", "r", *"Anna Lindgren")  # close to Anna Lindqvist, but new
        dialog = app.screen
        assert dialog.shown[0] == "Anna Lindgren" and "Anna Lindqvist" in dialog.shown
        assert "new: Anna Lindgren" in str(dialog.query_one("#assign-names").get_option_at_index(0).prompt)
        await pilot.press("enter")
        await pilot.pause()
        assert stored(library, seed, screen)["speaker_name"] == "Anna Lindgren"


async def test_r_applies_a_new_name_to_every_statement_of_the_speaker_and_one_u_undoes_it(
    seed, stub_parser, library
):
    app = await start(seed, stub_parser, library)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_parsed(app, pilot)
        await pilot.press("n")
        before, shown = library.statements(seed.id), list(screen.statements)
        same = [s.id for s in shown if s.speaker_name == shown[0].speaker_name]
        assert len(same) > 1

        def all_renamed() -> bool:
            names = {r["id"]: r["speaker_name"] for r in library.statements(seed.id)}
            on_screen = [s.id for s in screen.statements if s.speaker_name == "The Marenian government"]
            return all(names[sid] == "The Marenian government" for sid in same) and on_screen == same

        await pilot.press("r", *"The Marenian government")
        box = app.screen.query_one("#assign-everywhere")
        assert "[ ]" not in str(box.render()) and "▐ ▌" in str(box.render())  # off, no colour
        assert "ctrl+a" in app.screen.query_one("#assign-dialog").border_subtitle
        keys = footer_keys(app.screen)
        assert "ctrl+a" in keys and "escape" in keys
        await pilot.press("ctrl+a")
        assert "▐X▌" in str(box.render())
        await pilot.press("enter")
        await pilot.pause()
        assert all_renamed()
        assert any("u undoes all" in n.message for n in notices(app))
        await pilot.press("u")
        await pilot.pause()
        assert library.statements(seed.id) == before
        assert screen.statements == shown
        assert screen.statements[screen.selected].id == shown[0].id
        await pilot.press("U")
        await pilot.pause()
        assert all_renamed()


async def test_e_moves_the_quote_boundaries_by_token(seed, stub_parser, library):
    app = await start(seed, stub_parser, library)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_parsed(app, pilot)
        await pilot.press("n")
        first = screen.statements[0]
        await pilot.press("e", "right_square_bracket", "left_curly_bracket")
        view = screen.query_one(ArticleView)
        assert view.statements[0].start > first.start and view.statements[0].end < first.end
        assert stored(library, seed, screen)["quote"][0]["start"] == first.start  # not yet
        await pilot.press("enter")
        record = stored(library, seed, screen)
        assert record["status"] == "corrected"
        assert (record["quote"][0]["start"], record["quote"][-1]["end"]) == (
            view.statements[0].start, view.statements[0].end,
        )
        await pilot.press("e", "shift+left", "escape")
        assert screen.statements[0].start == record["quote"][0]["start"]


async def test_v_then_q_adds_the_selection_as_a_statement(seed, stub_parser, library):
    app = await start(seed, stub_parser, library)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_parsed(app, pilot)
        await pilot.press("g", "v", "right", "right", "right")
        first, last = screen.range
        assert seed.text[first:last] == "GENEVA — President Anna"
        await pilot.press("q")
        assert app.is_running and isinstance(app.screen, SpeakerAssign)
        await pilot.press(*"Viktor Orban", "enter")
        await pilot.pause()
        added = [r for r in library.statements(seed.id) if r["status"] == "added"]
        assert len(added) == 1 and added[0]["quote"][0]["text"] == "GENEVA — President Anna"
        assert added[0]["speaker_name"] == "Viktor Orban"
        assert screen.statements[screen.selected].id == added[0]["id"]
        assert screen.range is None
        await pilot.press("u")
        assert all(r["id"] != added[0]["id"] for r in library.statements(seed.id))
        assert all(s.id != added[0]["id"] for s in screen.statements)


async def test_a_statement_added_from_a_selected_statement_may_name_a_new_speaker(seed, stub_parser, library):
    app = await start(seed, stub_parser, library)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_parsed(app, pilot)
        await pilot.press("n", "v", "right", "right", "q")
        await pilot.press(*"Zed Quill", "enter")
        await pilot.pause()
        assert app.is_running and app.return_code is None
        added = [r for r in library.statements(seed.id) if r["status"] == "added"]
        assert [r["speaker_name"] for r in added] == ["Zed Quill"]
        assert "Zed Quill" in str(screen.query_one(StatusLine).render())


async def test_selection_then_capital_c_marks_the_cue(seed, stub_parser, library):
    app = await start(seed, stub_parser, library)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_parsed(app, pilot)
        await pilot.press("g", "n", "v", "C")
        cue = stored(library, seed, screen)["cue"]
        assert cue is not None and (cue["start"], cue["end"]) != (None, None)
        assert screen.statements[screen.selected].cue.start == cue["start"]


async def test_q_quits_without_a_selection(seed, stub_parser, library):
    app = await start(seed, stub_parser, library)
    async with app.run_test(size=SIZE) as pilot:
        await open_parsed(app, pilot)
        await pilot.press("v", "escape", "q")
        await pilot.pause()
        assert not app.is_running


async def test_keys_are_remapped_from_the_config(seed, stub_parser, library, private_config):
    private_config.write_text('[keys]\n"reader.accept" = "A"\n')
    app = await start(seed, stub_parser, library)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_parsed(app, pilot)
        await pilot.press("n", "a")
        assert stored(library, seed, screen)["status"] == "predicted"
        await pilot.press("A")
        assert stored(library, seed, screen)["status"] == "accepted"
        await pilot.press("question_mark")
        assert isinstance(app.screen, HelpScreen)
        row = next(r for r in app.screen.rows if r.id == "reader.accept")
        assert row.keys == "A"


@pytest.mark.parametrize(
    "content, problem",
    [
        ("labels = [1, 2]", "labels must be"),
        ("annotator = ", "not valid TOML"),
        ("colour = 'red'", "unknown setting colour"),
        ('[keys]\n"reader.nope" = "z"', "unknown binding id reader.nope"),
    ],
)
def test_a_wrong_config_is_one_line_naming_the_file(private_config, content, problem):
    private_config.write_text(content)
    with pytest.raises(ConfigError) as caught:
        from tui.app import binding_ids
        from tui.config import check_key_ids

        check_key_ids(load_config(), binding_ids())
    message = str(caught.value)
    assert str(private_config) in message and problem in message and "\n" not in message


async def test_labels_come_from_the_config(seed, stub_parser, library, private_config):
    private_config.write_text('labels = ["spin", "fact"]\n')
    app = await start(seed, stub_parser, library)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_parsed(app, pilot)
        assert isinstance(screen, ReaderScreen) and screen.labels == ("spin", "fact")
        await pilot.press("n", "2", "3")
        assert stored(library, seed, screen)["labels"] == ["fact"]
        await pilot.press("question_mark")
        texts = " ".join(row.text for row in app.screen.rows)
        assert "“fact”" in texts and "claim" not in texts
