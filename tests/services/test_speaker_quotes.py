"""The library's speakers and one person's quotes, newest first; merges made by hand and undone."""
import pytest

from annotators.statement import Statement, TextSpan
from corpus.article import Article
from corpus.library import Library
from corpus.schema import found_record
from corpus.speaker_merges import SpeakerMergeError, read_history
from services.speaker_quotes import NoSuchSpeaker, SpeakerTable, merge_speakers, undo_speaker_merge

ARTICLES = [
    ("2026-03-02", "Ports reopen", "“The ports will reopen on Monday,” said President Halvard Ostrem.", "President Halvard Ostrem"),
    ("2026-03-09", "Quotas stand", "“The quotas will stand,” Ostrem said on Tuesday.", "Ostrem"),
    ("2026-02-20", "Ferry fares", "“Fares must rise,” said Halvard K. Ostrem, then a minister.", "Halvard K. Ostrem"),
    ("2026-03-05", "Union replies", "“We will strike,” said Ingrid Saltvik of the dockers’ union.", "Ingrid Saltvik"),
    ("2026-03-06", "Board report", "“Costs doubled,” the report said.", "the report (document)"),
]


def add(library: Library, date: str, title: str, text: str, name: str) -> str:
    article = Article(title=title, text=text, source=f"{title}.txt", meta={"date": date})
    library.add_article(article)
    end = text.index("”") + 1
    statement = Statement((TextSpan(0, end, text[:end]),), None, None, name, "direct")
    library.save_parse(article.id, [found_record(statement)], "test-model")
    return article.id


@pytest.fixture
def library(tmp_path):
    with Library.open(tmp_path / "lib", annotator="tester") as lib:
        for row in ARTICLES:
            add(lib, *row)
        yield lib


def test_one_person_across_articles_with_counts_articles_and_dates(library):
    table = SpeakerTable.read(library)
    rows = {s.name: s for s in table.speakers()}
    assert set(rows) == {"Halvard Ostrem", "Ingrid Saltvik"}  # the report is no speaker across articles
    ostrem = rows["Halvard Ostrem"]
    assert (ostrem.quotes, ostrem.articles, ostrem.first, ostrem.last) == (3, 3, "2026-02-20", "2026-03-09")


def test_quotes_of_a_person_are_newest_first_and_since_a_date(library):
    table = SpeakerTable.read(library)
    person = table.resolve("Ostrem")
    assert [q.title for q in table.quotes_of(person)] == ["Quotas stand", "Ports reopen", "Ferry fares"]
    assert [q.date for q in table.quotes_of(person, since="2026-03-01")] == ["2026-03-09", "2026-03-02"]
    first = table.quotes_of(person)[0]
    assert library.article(first.article_id).text[first.start:].startswith("“The quotas")


def test_an_unknown_speaker_is_a_one_line_error_naming_the_closest(library):
    with pytest.raises(NoSuchSpeaker, match="no speaker 'Nobody Atall' in the library"):
        SpeakerTable.read(library).resolve("Nobody Atall")


def test_merge_by_hand_is_saved_with_its_annotator_and_undo_takes_it_back(library):
    merge_speakers(library, "Ingrid Saltvik", "Halvard Ostrem")
    assert len(SpeakerTable.read(library).speakers()) == 1
    history = read_history(library.root)
    assert history[-1]["action"] == "merge" and history[-1]["who"] == "tester"
    undone = undo_speaker_merge(library)
    assert undone["names"] == ["Ingrid Saltvik", "Halvard Ostrem"]
    assert len(SpeakerTable.read(library).speakers()) == 2
    with pytest.raises(SpeakerMergeError, match="no speaker merge to undo"):
        undo_speaker_merge(library)


def test_a_quote_reviewed_by_two_annotators_is_listed_once(library):
    aid = next(e.id for e in library.articles() if e.title == "Union replies")
    sid = library.statements(aid)[0]["id"]
    library.update_statement(aid, sid, {"status": "accepted"}, "ana")
    library.update_statement(aid, sid, {"status": "accepted"}, "bea")
    assert len(library.all_statements(aid)) == 3  # the model’s suggestion and two layers
    table = SpeakerTable.read(library)
    assert [q.title for q in table.quotes_of(table.resolve("Ingrid Saltvik"))] == ["Union replies"]
