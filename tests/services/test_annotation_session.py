"""The annotation session's rules, without the app: loading, review, speakers, undo, progress."""
from __future__ import annotations

import dataclasses

import pytest

from corpus.article import Article
from corpus.library import Library
from services.annotation_session import AnnotationSession, Refused

from ..stub_parser import MODEL, parse

TEXT = (
    "“The ferry will run all winter,” said Ana Ruiz. "
    "Critics doubted the budget. “We were never consulted,” Lena Ortiz said. "
    "“Nobody loses a job,” added Ana Ruiz."
)
ARTICLE = Article("Ferry stays", TEXT, "ferry.txt")


@pytest.fixture
def library(tmp_path):
    with Library.open(tmp_path / "lib", annotator="tester") as library:
        library.add_article(ARTICLE)
        yield library


def loaded(session: AnnotationSession) -> AnnotationSession:
    session.show(session.load(parse))
    return session


def refusing(model, text):
    raise AssertionError("parsed although the library holds a parse")


def test_first_load_parses_and_saves_then_the_stored_parse_is_used(library):
    session = loaded(AnnotationSession(ARTICLE, "any", library))
    assert [s.speaker_name for s in session.statements] == ["Ana Ruiz", "Lena Ortiz", "Ana Ruiz"]
    assert library.entry(ARTICLE.id).model == MODEL
    again = AnnotationSession(ARTICLE, "any", library)
    again.show(again.load(refusing))
    assert again.statements == session.statements


def test_without_a_library_statements_are_shown_but_changes_are_refused():
    session = loaded(AnnotationSession(ARTICLE, "any"))
    assert len(session.statements) == 3 and all(s.status == "predicted" for s in session.statements)
    with pytest.raises(Refused, match="No library"):
        session.accept(0)
    assert session.statements[0].status == "predicted"


def test_accept_makes_a_suggestion_accepted_and_a_persons_statement_added(library):
    session = loaded(AnnotationSession(ARTICLE, "any", library))
    edit = session.accept(0)
    assert session.statements[0].status == "accepted" and edit.moved[-1].new == 0
    with pytest.raises(Refused, match="Already accepted"):
        session.accept(0)
    start = TEXT.index("Critics")
    session.add((start, start + len("Critics doubted the budget")), "Critics")
    added = session.index_of(session.statements[1].id)
    session.reject(added)
    session.accept(added)
    assert session.statements[added].status == "added"
    assert session.statements[added].kind == "indirect"  # no opening quotation mark
    assert library.statement(ARTICLE.id, session.statements[added].id)["status"] == "added"


def test_a_marked_stretch_opening_with_a_quotation_mark_is_direct_speech(library):
    session = loaded(AnnotationSession(ARTICLE, "any", library))
    start = TEXT.index("“We")
    edit = session.add((start, start + 10), "Lena Ortiz")
    assert edit.moved[-1].after.kind == "direct" and edit.moved[-1].after.origin == "human"


def test_new_speaker_keeps_a_mention_that_can_be_theirs_and_drops_another(library):
    session = loaded(AnnotationSession(ARTICLE, "any", library))
    assert session.speaker_changes(0, "Mayor Ana Ruiz")["speaker"]["text"] == "Ana Ruiz"
    assert session.speaker_changes(0, "Tom Beck")["speaker"] is None


def test_reassign_everywhere_is_one_undo_step(library):
    session = loaded(AnnotationSession(ARTICLE, "any", library))
    first = session.statements[0].id
    edit = session.reassign(first, "Mayor Ana Ruiz", everywhere=True)
    assert "2 statements now by Mayor Ana Ruiz" in edit.message
    assert edit.moved[-1].after.id == first  # the one asked about is selected
    assert [s.speaker_name for s in session.statements].count("Mayor Ana Ruiz") == 2
    undo = session.travel("undo")
    assert undo.message.startswith("Undid: speaker") and "of 2 statements" in undo.message
    assert [s.speaker_name for s in session.statements].count("Ana Ruiz") == 2
    with pytest.raises(Refused, match="Nothing to undo"):
        session.travel("undo")


def test_labels_toggle_and_an_unknown_number_is_refused(library):
    session = loaded(AnnotationSession(ARTICLE, "any", library, labels=("claim", "promise")))
    session.toggle_label(2, 2)
    assert session.statements[2].labels == ("promise",)
    session.toggle_label(2, 2)
    assert session.statements[2].labels == ()
    with pytest.raises(Refused, match="No label 3"):
        session.toggle_label(2, 3)


def test_bounds_and_cue_are_saved_and_the_statement_corrected(library):
    session = loaded(AnnotationSession(ARTICLE, "any", library))
    statement = session.statements[1]
    session.set_bounds(1, (statement.start + 1, statement.end - 1))
    assert session.statements[1].quote[0].text == "We were never consulted,"
    assert session.statements[1].status == "corrected"
    start = TEXT.index("doubted")
    edit = session.set_cue(1, (start, start + 7))
    assert session.statements[1].cue.text == "doubted" and "Cue set: “doubted”" in edit.message


def test_progress_counts_the_article_and_the_library_and_done(library):
    session = loaded(AnnotationSession(ARTICLE, "any", library))
    assert session.progress() == "reviewed 0/3 · library 0/3"
    session.reject(0)
    assert session.next_unreviewed(None) == 1
    assert session.toggle_done() == "Marked done with 2 statements unreviewed."
    assert session.progress() == "reviewed 1/3 · library 1/3 · ✓ done"
    assert library.entry(ARTICLE.id).status == "done"
    session.accept(1)
    session.accept(2)
    with pytest.raises(Refused, match="Every statement is reviewed"):
        session.next_unreviewed(0)


def test_known_names_offer_this_articles_speakers_then_the_librarys(library):
    other = Article("Bridge", "“It opens in May,” said Tom Beck.", "bridge.txt")
    library.add_article(other)
    loaded(AnnotationSession(other, "any", library))
    session = loaded(AnnotationSession(ARTICLE, "any", library))
    assert session.known_names() == ["Ana Ruiz", "Lena Ortiz", "Tom Beck"]


def test_read_only_library_refuses_changes_and_keeps_the_statements(library, tmp_path):
    loaded(AnnotationSession(ARTICLE, "any", library))
    with Library.open(tmp_path / "lib", readonly=True) as readonly:
        session = loaded(AnnotationSession(ARTICLE, "any", readonly))
        with pytest.raises(Refused, match="read-only") as refused:
            session.reject(0)
        assert refused.value.title == "Not saved"
        assert session.statements[0].status == "predicted"


def test_stepping_moves_among_the_shown_statements_and_stops_at_the_ends():
    session = loaded(AnnotationSession(ARTICLE, "any"))
    shown = [0, 2]  # a speaker filter hides statement 1
    assert session.step(shown, None, True, here=TEXT.index("Critics")) == 2
    assert session.step(shown, None, False, here=0) == 2
    assert session.step(shown, 0, True, here=0) == 2
    assert session.step(shown, 2, True, here=0) is None
    assert session.step(shown, 2, False, here=0) == 0


def test_known_names_are_the_speakers_then_the_names_found_then_kept_with_the_parse(library):
    def parse_with_names(model, text):
        return dataclasses.replace(parse(model, text), names=("Harbour Authority", "Ana Ruiz", "Tomas Berg"))

    session = AnnotationSession(ARTICLE, "any", library)
    session.show(session.load(parse_with_names))
    assert session.known_names() == ["Ana Ruiz", "Lena Ortiz", "Harbour Authority", "Tomas Berg"]
    again = AnnotationSession(ARTICLE, "any", library)
    again.show(again.load(refusing))
    assert again.known_names() == session.known_names()
