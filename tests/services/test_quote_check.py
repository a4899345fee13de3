"""Quotes checked against each other: one quote in several articles, an altered version flagged."""
from services.quote_check import QuoteRow, changes, group_quotes

SAID = "We will not close a single ward while I am minister, and I give you my word on that"
ALTERED = "We will not close a single hospital while I am minister, and I give you my word on that"
EXCERPT = "not close a single ward while I am minister"
OTHER = "The budget for next year has to be balanced before the summer recess begins"


def row(article: str, date: str, quote: str, speaker: str = "Halvard Ostrem") -> QuoteRow:
    return QuoteRow(article, f"title {article}", date, speaker, f"“{quote},”", 0, f"s-{article}")


def test_versions_in_several_articles_are_one_group_earliest_first_and_the_altered_one_differs():
    rows = [row("b", "2026-03-03", ALTERED), row("a", "2026-03-01", SAID), row("c", "2026-03-02", EXCERPT),
            row("d", "2026-03-02", OTHER)]
    groups = group_quotes(rows)
    assert len(groups) == 1
    group = groups[0]
    assert [v.article_id for v in group.versions] == ["a", "c", "b"]
    assert group.differing == 1
    assert [(c.before, c.after) for c in group.changes[2]] == [("ward", "hospital")]
    assert group.changes[1] == []  # an excerpt is no misquote


def test_one_quote_twice_in_one_article_is_no_group():
    assert group_quotes([row("a", "2026-03-01", SAID), row("a", "2026-03-01", SAID)]) == []


def test_short_quotes_are_not_grouped():
    assert group_quotes([row("a", "2026-03-01", "No comment"), row("b", "2026-03-02", "No comment")]) == []


def test_changes_ignore_case_and_punctuation_and_show_inserted_words():
    assert changes("“We will act, today.”", "we will act today") == []
    assert [(c.before, c.after) for c in changes("we will act today on the port", "we will not act today on the port")] == [("", "not")]


def test_a_changed_last_word_is_a_change_but_a_missing_one_is_an_excerpt():
    assert [(c.before, c.after) for c in changes("we will build the wall", "we will build the dam")] == [("wall", "dam")]
    assert changes("we will build the wall", "we will build the") == []


def test_echoes_name_the_other_articles_of_a_quote_and_how_many_differ(tmp_path):
    from corpus.library import Library
    from services.quote_check import echoes
    from tests.services.test_speaker_quotes import add

    with Library.open(tmp_path / "lib", annotator="tester") as library:
        first = add(library, "2026-03-01", "Wards", f"“{SAID},” said Halvard Ostrem.", "Halvard Ostrem")
        add(library, "2026-03-02", "Wards again", f"“{SAID},” Ostrem said again.", "Ostrem")
        add(library, "2026-03-03", "Hospitals", f"“{ALTERED},” Ostrem told the chamber.", "Ostrem")
        lonely = add(library, "2026-03-04", "Budget", f"“{OTHER},” said the treasurer.", "the treasurer")
        [(sid, echo)] = echoes(library, first).items()
        assert library.statements(first)[0]["id"] == sid
        assert (echo.articles, echo.differing, echo.label) == (2, 1, "also in 2 articles; 1 differs")
        assert echoes(library, lonely) == {}


def test_a_quote_reviewed_by_two_annotators_is_one_row(tmp_path):
    from annotators.statement import Statement, TextSpan
    from corpus.article import Article
    from corpus.library import Library
    from corpus.schema import found_record
    from services.quote_check import quote_rows

    text = "“The strike will go on until the port authority returns to the table,” said Ingrid Saltvik."
    with Library.open(tmp_path / "lib") as library:
        aid = library.add_article(Article(title="Strike", text=text, source="strike.txt")).id
        end = text.index("”") + 1
        library.save_parse(aid, [found_record(Statement((TextSpan(0, end, text[:end]),), None, None,
                                                        "Ingrid Saltvik", "direct"))], "test-model")  # fmt: skip
        sid = library.statements(aid)[0]["id"]
        for annotator in ("ana", "bea"):
            library.update_statement(aid, sid, {"status": "accepted"}, annotator)
        assert [row.statement_id for row in quote_rows(library)] == [sid]
