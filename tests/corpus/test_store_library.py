"""The annotation library: articles, statements, history and undo, as the reader uses them."""
from __future__ import annotations

import subprocess
import sys
import textwrap

import pytest

from corpus.article import Article
from corpus.library import Library
from corpus.paths import resolve_library_path
from corpus.store_errors import (
    InvalidStatementError,
    ReadOnlyLibraryError,
    UnknownArticleError,
    UnknownStatementError,
)

TEXT = (
    "The harbour master said on Tuesday that \u201cthe new quay will take the larger ferries "
    "by spring.\u201d Fishermen were less sure. \u201cWe have heard that before,\u201d said "
    "Ines Porto, who chairs the local cooperative."
)
ARTICLE = Article(title="Quay works", text=TEXT, source="quay.txt", meta={"outlet": "Coast Daily"})


def span(fragment: str) -> dict:
    start = TEXT.index(fragment)
    return {"start": start, "end": start + len(fragment), "text": fragment}


def machine_statements() -> list[dict]:
    """What the annotators' Statement.to_dict() gives for TEXT."""
    return [
        {
            "quote": [span("\u201cthe new quay will take the larger ferries by spring.\u201d")],
            "cue": span("said"),
            "speaker": span("The harbour master"),
            "speaker_name": "harbour master",
            "kind": "direct",
            "confidence": 0.91,
        },
        {
            "quote": [span("\u201cWe have heard that before,\u201d")],
            "cue": span("said Ines"),
            "speaker": span("Ines Porto"),
            "speaker_name": "Ines Porto",
            "kind": "direct",
            "confidence": 0.88,
        },
    ]


@pytest.fixture
def library(tmp_path):
    with Library.open(tmp_path / "lib", annotator="tester") as lib:
        lib.add_article(ARTICLE)
        lib.save_parse(ARTICLE.id, machine_statements(), "quotelens-test 1.0")
        yield lib


def first_id(lib: Library) -> str:
    return lib.statements(ARTICLE.id)[0]["id"]


def test_library_path_prefers_argument_then_environment(tmp_path, monkeypatch):
    monkeypatch.setenv("QUOTELENS_LIBRARY", str(tmp_path / "env"))
    assert resolve_library_path(tmp_path / "arg") == tmp_path / "arg"
    assert resolve_library_path(None) == tmp_path / "env"
    monkeypatch.delenv("QUOTELENS_LIBRARY")
    assert resolve_library_path(None).name == "library"


def test_adding_same_text_twice_keeps_one_article(library):
    again = Article(title="Other title", text=TEXT, source="copy.txt")
    assert library.add_article(again).title == "Quay works"
    assert [e.id for e in library.articles()] == [ARTICLE.id]


def test_stored_article_keeps_text_meta_and_model(library):
    stored = library.article(ARTICLE.id)
    assert stored.text == TEXT
    assert stored.meta == {"outlet": "Coast Daily"}
    assert stored.model == "quotelens-test 1.0"
    assert library.has_parse(ARTICLE.id, "quotelens-test 1.0")
    assert not library.has_parse(ARTICLE.id, "quotelens-test 2.0")


def test_parsed_statements_get_full_records(library):
    record = library.statements(ARTICLE.id)[0]
    assert record["article_id"] == ARTICLE.id
    assert (record["status"], record["origin"], record["model"]) == ("predicted", "model", "quotelens-test 1.0")
    assert record["labels"] == [] and record["note"] == ""
    assert record["created_at"] and record["updated_at"]


def test_statement_ids_are_stable_across_reparse(library):
    before = [s["id"] for s in library.statements(ARTICLE.id)]
    library.save_parse(ARTICLE.id, machine_statements(), "quotelens-test 1.1")
    assert [s["id"] for s in library.statements(ARTICLE.id)] == before


def test_reparse_keeps_human_decisions(library):
    sid = first_id(library)
    library.update_statement(ARTICLE.id, sid, {"speaker_name": "Harbour master Olsen"})
    library.save_parse(ARTICLE.id, machine_statements(), "quotelens-test 2.0")
    kept = library.statement(ARTICLE.id, sid)
    assert kept["speaker_name"] == "Harbour master Olsen"
    assert kept["status"] == "corrected"
    assert len(library.statements(ARTICLE.id)) == 2


def test_reparse_replaces_untouched_suggestions(library):
    library.save_parse(ARTICLE.id, machine_statements()[1:], "quotelens-test 2.0")
    assert [s["speaker_name"] for s in library.statements(ARTICLE.id)] == ["Ines Porto"]


def test_update_returns_record_and_records_history(library):
    sid = first_id(library)
    after = library.update_statement(ARTICLE.id, sid, {"status": "accepted"}, annotator="ana")
    assert after["status"] == "accepted" and after["annotator"] == "ana"
    entry = library.history(ARTICLE.id, sid)[-1]
    assert (entry["action"], entry["who"]) == ("update", "ana")
    assert entry["before"]["status"] == "predicted" and entry["after"]["status"] == "accepted"


def test_content_change_marks_model_statement_corrected(library):
    sid = first_id(library)
    after = library.update_statement(ARTICLE.id, sid, {"kind": "mixed"})
    assert after["status"] == "corrected"


def test_update_rejects_span_text_not_in_article(library):
    bad = {"start": 0, "end": 3, "text": "Our"}
    with pytest.raises(InvalidStatementError, match="is not the article text at 0-3"):
        library.update_statement(ARTICLE.id, first_id(library), {"speaker": bad})


def test_update_rejects_unknown_field(library):
    with pytest.raises(InvalidStatementError, match="cannot change id"):
        library.update_statement(ARTICLE.id, first_id(library), {"id": "x"})


def test_unknown_ids_raise_store_errors(library):
    with pytest.raises(UnknownArticleError):
        library.statements("0123456789abcdef")
    with pytest.raises(UnknownStatementError):
        library.update_statement(ARTICLE.id, "nope", {"note": "x"})


def test_added_statement_takes_span_text_from_article(library):
    quote = span("Fishermen were less sure.")
    record = library.add_statement(
        ARTICLE.id, {"quote": [{"start": quote["start"], "end": quote["end"]}], "kind": "indirect"}
    )
    assert record["quote"][0]["text"] == "Fishermen were less sure."
    assert (record["status"], record["origin"], record["annotator"]) == ("added", "human", "tester")


def test_undo_and_redo_restore_statement(library):
    sid = first_id(library)
    library.update_statement(ARTICLE.id, sid, {"status": "rejected"})
    library.undo(ARTICLE.id)
    assert library.statement(ARTICLE.id, sid)["status"] == "predicted"
    library.redo(ARTICLE.id)
    assert library.statement(ARTICLE.id, sid)["status"] == "rejected"


def test_undo_of_added_statement_removes_it(library):
    record = library.add_statement(ARTICLE.id, {"quote": [span("Fishermen were less sure.")]})
    library.undo(ARTICLE.id)
    assert record["id"] not in {s["id"] for s in library.statements(ARTICLE.id)}


def test_new_edit_clears_redo(library):
    sid = first_id(library)
    library.update_statement(ARTICLE.id, sid, {"note": "check date"})
    library.undo(ARTICLE.id)
    library.update_statement(ARTICLE.id, sid, {"labels": ["infrastructure"]})
    assert library.redo(ARTICLE.id) is None


def test_undo_with_empty_history_returns_none(tmp_path):
    with Library.open(tmp_path / "lib") as lib:
        lib.add_article(ARTICLE)
        assert lib.undo(ARTICLE.id) is None


def test_history_and_undo_survive_restart(tmp_path):
    root = tmp_path / "lib"
    with Library.open(root) as lib:
        lib.add_article(ARTICLE)
        lib.save_parse(ARTICLE.id, machine_statements(), "m")
        sid = first_id(lib)
        lib.update_statement(ARTICLE.id, sid, {"note": "first"})
        lib.update_statement(ARTICLE.id, sid, {"note": "second"})
        lib.undo(ARTICLE.id)
    with Library.open(root) as lib:
        assert [e["action"] for e in lib.history(ARTICLE.id)] == ["parse", "update", "update", "undo"]
        lib.undo(ARTICLE.id)
        assert lib.statement(ARTICLE.id, sid)["note"] == ""
        lib.redo(ARTICLE.id)
        assert lib.statement(ARTICLE.id, sid)["note"] == "first"


def test_index_counts_follow_edits(library):
    library.update_statement(ARTICLE.id, first_id(library), {"status": "accepted"})
    entry = library.articles()[0]
    assert (entry.statements, entry.counts["accepted"], entry.counts["predicted"]) == (2, 1, 1)
    assert entry.status == "in_progress"


def test_index_counts_recomputed_after_writer_died_before_flush(tmp_path):
    root = tmp_path / "lib"
    with Library.open(root) as lib:
        lib.add_article(ARTICLE)
        lib.save_parse(ARTICLE.id, machine_statements(), "m")
        lib.update_statement(ARTICLE.id, first_id(lib), {"status": "accepted"})
    script = textwrap.dedent(
        f"""
        import os
        from corpus.library import Library
        lib = Library.open({str(root)!r})
        for s in lib.statements({ARTICLE.id!r}):
            lib.update_statement({ARTICLE.id!r}, s["id"], {{"status": "rejected"}})
        os._exit(0)  # no close(): the index still has the old counts
        """
    )
    subprocess.run([sys.executable, "-c", script], check=True)
    with Library.open(root) as lib:
        assert lib.articles()[0].counts["rejected"] == 2


def test_set_article_status_is_kept(tmp_path):
    root = tmp_path / "lib"
    with Library.open(root) as lib:
        lib.add_article(ARTICLE)
        lib.set_article_status(ARTICLE.id, "done")
    with Library.open(root) as lib:
        assert lib.entry(ARTICLE.id).status == "done"


def test_delete_article_removes_file_and_entry(library):
    library.delete_article(ARTICLE.id)
    assert library.articles() == []
    assert not library.layout.article(ARTICLE.id).exists()


def test_iter_articles_yields_text_and_statements(library):
    other = Article(title="Budget", text="The council voted to raise the budget.", source="b.txt")
    library.add_article(other)
    seen = {article.id: len(records) for article, records in library.iter_articles()}
    assert seen == {ARTICLE.id: 2, other.id: 0}


def test_returned_records_do_not_alias_storage(library):
    record = library.statements(ARTICLE.id)[0]
    record["quote"][0]["text"] = "changed by a caller"
    assert library.statements(ARTICLE.id)[0]["quote"][0]["text"] != "changed by a caller"


def test_readonly_library_refuses_changes(tmp_path):
    root = tmp_path / "lib"
    with Library.open(root) as lib:
        lib.add_article(ARTICLE)
    with Library.open(root, readonly=True) as lib:
        assert lib.readonly and lib.readonly_reason == "opened read-only as asked"
        assert lib.article(ARTICLE.id).title == "Quay works"
        with pytest.raises(ReadOnlyLibraryError, match="read-only"):
            lib.set_article_status(ARTICLE.id, "done")


def test_read_only_open_of_a_missing_folder_is_no_library_here(tmp_path):
    from corpus.store_errors import StoreError

    with pytest.raises(StoreError, match="typo: no library here"):
        Library.open(tmp_path / "typo", readonly=True)
    assert not (tmp_path / "typo").exists()


def test_library_path_that_is_a_file_is_a_store_error(tmp_path):
    from corpus.store_errors import StoreError

    path = tmp_path / "file"
    path.write_text("x", encoding="utf-8")
    for readonly in (True, None, False):
        with pytest.raises(StoreError, match="file: is not a folder"):
            Library.open(path, readonly=readonly)
