"""Library.import_article: annotated articles stored as given, merged by statement id
within each annotator's layer (corpus.layers)."""
from __future__ import annotations

import pytest

from corpus.article import Article, article_id
from corpus.library import Library
from corpus.store_errors import InvalidStatementError

TEXT = (
    "The county will close two fire stations next year, officials said on Monday.\n\n"
    "“We cannot staff four stations on the money we have,” said fire chief Lena Moss. "
    "Residents of Oakridge said the nearest station would then be twenty minutes away."
)
AID = article_id(TEXT)


def span(part: str) -> dict:
    start = TEXT.index(part)
    return {"start": start, "end": start + len(part), "text": part}


def record(sid: str, quote: str, **fields) -> dict:
    return {
        "id": sid,
        "article_id": AID,
        "quote": [span(quote)],
        "cue": None,
        "speaker": None,
        "speaker_name": None,
        "kind": "direct",
        "labels": ["budget"],
        "status": "accepted",
        "origin": "human",
        "confidence": None,
        "model": None,
        "annotator": "ines",
        "note": "checked against the council minutes",
        "created_at": "2026-10-01T08:00:00.000+00:00",
        "updated_at": "2026-10-02T09:15:00.000+00:00",
        **fields,
    }


CHIEF = "“We cannot staff four stations on the money we have,”"
RESIDENTS = "the nearest station would then be twenty minutes away"
ARTICLE = {
    "id": AID,
    "title": "Two fire stations to close",
    "text": TEXT,
    "source": "fire.txt",
    "meta": {"desk": "county"},
    "model": "en_core_web_sm-3.8.0+quotelens-0.1.0",
    "status": "done",
}


@pytest.fixture
def library(tmp_path):
    with Library.open(tmp_path / "lib", annotator="importer") as lib:
        yield lib


def test_new_article_keeps_its_fields_as_given(library):
    library.import_article(ARTICLE, [record("s-chief", CHIEF)])
    stored = library.article(AID)
    assert (stored.title, stored.source, stored.meta) == ("Two fire stations to close", "fire.txt", {"desk": "county"})
    assert (stored.model, stored.status) == (ARTICLE["model"], "done")


def test_statements_keep_timestamps_annotator_note_and_extra_fields(library):
    given = record("s-chief", CHIEF, history={"edits": 3, "last_by": "ines"})
    library.import_article(ARTICLE, [given])
    assert library.statements(AID, "ines") == [given]


def test_import_of_the_same_article_merges_statements_by_id(library):
    library.import_article(ARTICLE, [record("s-chief", CHIEF)])
    counts = library.import_article(
        ARTICLE,
        [record("s-chief", CHIEF, status="corrected"), record("s-res", RESIDENTS, status="rejected")],
    )
    assert (counts.added, counts.replaced) == (1, 1)
    assert {s["id"]: s["status"] for s in library.statements(AID, "ines")} == {
        "s-chief": "corrected",
        "s-res": "rejected",
    }
    assert len(library.articles()) == 1


def test_imported_statement_hides_an_overlapping_suggestion_from_its_annotator_only(library):
    library.add_article(Article(title="t", text=TEXT, source="fire.txt"))
    [suggestion] = library.save_parse(AID, [{"quote": [span(CHIEF)], "cue": None, "speaker": None,
                              "speaker_name": None, "kind": "direct", "confidence": 0.7}], "m")  # fmt: skip
    counts = library.import_article(ARTICLE, [record("s-chief", CHIEF)])
    assert counts.dropped == 0
    assert [s["id"] for s in library.statements(AID, "ines")] == ["s-chief"]
    assert [s["id"] for s in library.statements(AID, "omar")] == [suggestion["id"]]
    assert library.article(AID).title == "t"  # the stored article record is kept


def test_unattributed_imported_suggestion_replaces_an_overlapping_one(library):
    library.add_article(Article(title="t", text=TEXT, source="fire.txt"))
    library.save_parse(AID, [{"quote": [span(CHIEF)], "cue": None, "speaker": None,
                              "speaker_name": None, "kind": "direct", "confidence": 0.7}], "m")  # fmt: skip
    imported = record("s-chief", CHIEF, status="predicted", origin="model", annotator=None)
    counts = library.import_article(ARTICLE, [imported])
    assert counts.dropped == 1
    assert [s["id"] for s in library.statements(AID, "omar")] == ["s-chief"]


def test_import_is_one_history_entry_naming_its_origin(library):
    library.import_article(ARTICLE, [record("s-chief", CHIEF)], origin="review.jsonl")
    [entry] = library.history(AID)
    assert (entry["action"], entry["origin"], entry["added"], entry["who"]) == (
        "import", "review.jsonl", 1, "importer"
    )


def test_other_text_under_a_known_id_is_refused(library):
    library.import_article(ARTICLE, [])
    with pytest.raises(InvalidStatementError, match="different text"):
        library.import_article({**ARTICLE, "text": TEXT + " More."}, [])


def test_span_not_in_the_text_is_refused_and_nothing_is_stored(library):
    bad = record("s-bad", CHIEF)
    bad["quote"] = [{"start": 0, "end": 10, "text": "Something "}]
    with pytest.raises(InvalidStatementError, match="not the article text"):
        library.import_article(ARTICLE, [record("s-chief", CHIEF), bad])
    assert AID not in library and library.articles() == []


def test_unknown_article_status_is_refused(library):
    with pytest.raises(InvalidStatementError, match="unknown status 'reviewed'"):
        library.import_article({**ARTICLE, "status": "reviewed"}, [])


def test_imported_article_survives_reopening(tmp_path):
    with Library.open(tmp_path / "lib") as lib:
        lib.import_article(ARTICLE, [record("s-chief", CHIEF)])
    with Library.open(tmp_path / "lib", readonly=True) as lib:
        assert lib.entry(AID).counts["accepted"] == 1
        assert lib.entry(AID).annotators == {"ines": 1}
        assert [s["id"] for s in lib.statements(AID, "ines")] == ["s-chief"]


def test_iter_articles_reads_only_the_articles_asked_for(library):
    library.import_article(ARTICLE, [])
    other = Article(title="Other", text="A quiet day at the harbour.", source="x.txt")
    library.add_article(other)
    picked = [a.id for a, _ in library.iter_articles(lambda entry: entry.title == "Other")]
    assert picked == [other.id]


def test_imported_and_parsed_articles_store_their_token_offsets(library):
    from corpus.export.tokens import TokenIndex
    from corpus.tokens import TOKENS_FIELD, decode_tokens

    library.import_article(ARTICLE, [])
    parsed = Article(title="Other", text="“It is done,” the mayor said.", source="x.txt")
    library.add_article(parsed)
    library.save_parse(parsed.id, [], "m")
    records = {record["id"]: record for record, _ in library.iter_article_records()}
    for aid in (AID, parsed.id):
        text = records[aid]["text"]
        index = TokenIndex(text)
        assert decode_tokens(records[aid][TOKENS_FIELD], text) == (index.starts, index.spaces)
