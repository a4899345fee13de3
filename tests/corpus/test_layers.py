"""Annotation layers (corpus.layers): every annotator's decisions kept, imports add a layer
and never overwrite, each annotator sees and undoes only their own layer."""
from __future__ import annotations

import orjson
import pytest

from corpus.annotation_import import ImportedArticle, read_prodigy
from corpus.article import Article, article_id
from corpus.library import Library

TEXT = (
    "The harbour board will raise mooring fees by a third, its chair said on Tuesday.\n\n"
    "“Nobody likes paying more, but the pontoons are falling apart,” said chair Rosa Lind. "
    "Boat owners said the rise would push small crews out of the harbour."
)
AID = article_id(TEXT)
ROSA = "“Nobody likes paying more, but the pontoons are falling apart,”"
OWNERS = "the rise would push small crews out of the harbour"


def span(part: str, label: str) -> dict:
    start = TEXT.index(part)
    return {"start": start, "end": start + len(part), "label": label}


def prodigy_file(tmp_path, name: str, annotator: str, answer: str, quotes: list[str]):
    """A Prodigy session's output: one task for the article, answered by ``annotator``."""
    task = {
        "text": TEXT,
        "meta": {"title": "Mooring fees"},
        "spans": [span(q, "QUOTE") for q in quotes],
        "answer": answer,
        "_annotator_id": annotator,
        "_session_id": f"moorings-{annotator}",
    }
    path = tmp_path / f"{name}.jsonl"
    path.write_bytes(orjson.dumps(task) + b"\n")
    return path


def import_file(library: Library, path) -> None:
    for result in read_prodigy(path):
        assert isinstance(result, ImportedArticle), str(result)
        library.import_article(result.article, result.statements, origin=str(path))


def stored(library: Library) -> list[tuple]:
    """What the library holds, timestamps left out (they differ with the import order)."""
    return sorted(
        (s["id"], s["annotator"], s["status"], tuple(q["start"] for q in s["quote"]))
        for s in library.all_statements(AID)
    )


@pytest.fixture
def files(tmp_path):
    ana = prodigy_file(tmp_path, "ana", "ana", "accept", [ROSA, OWNERS])
    ben = prodigy_file(tmp_path, "ben", "ben", "reject", [ROSA])  # the same statement, rejected
    return ana, ben


def test_two_annotators_imports_of_one_article_keep_both_decisions(tmp_path, files):
    ana, ben = files
    with Library.open(tmp_path / "lib", annotator="lead") as library:
        import_file(library, ana)
        import_file(library, ben)
        rosa_id = next(s["id"] for s in library.statements(AID, "ana") if s["quote"][0]["text"] == ROSA)
        assert library.statement(AID, rosa_id, "ana")["status"] == "accepted"
        assert library.statement(AID, rosa_id, "ben")["status"] == "rejected"
        assert len(library.statements(AID, "ana")) == 2
        assert [s["status"] for s in library.statements(AID, "ben")] == ["rejected"]
        assert library.entry(AID).annotators == {"ana": 2, "ben": 1}


def test_imports_in_either_order_give_the_same_library(tmp_path, files):
    ana, ben = files
    libraries = []
    for name, order in (("ab", (ana, ben)), ("ba", (ben, ana))):
        with Library.open(tmp_path / name) as library:
            for path in order:
                import_file(library, path)
            libraries.append(stored(library))
    assert libraries[0] == libraries[1]
    assert len(libraries[0]) == 3


def test_reimporting_ones_own_file_changes_nothing(tmp_path, files):
    ana, _ = files
    with Library.open(tmp_path / "lib") as library:
        import_file(library, ana)
        before = library.all_statements(AID)
        import_file(library, ana)
        assert library.all_statements(AID) == before


SUGGESTIONS = [
    {"quote": [{"start": TEXT.index(ROSA), "end": TEXT.index(ROSA) + len(ROSA), "text": ROSA}],
     "cue": None, "speaker": None, "speaker_name": None, "kind": "direct", "confidence": 0.9},
]  # fmt: skip


@pytest.fixture
def parsed(tmp_path):
    with Library.open(tmp_path / "lib", annotator="ana") as library:
        library.add_article(Article(title="Mooring fees", text=TEXT, source="m.txt"))
        [suggestion] = library.save_parse(AID, SUGGESTIONS, "m")
        yield library, suggestion["id"]


def test_a_review_goes_to_the_annotators_layer_and_the_suggestion_stays_shared(parsed):
    library, sid = parsed
    library.update_statement(AID, sid, {"status": "accepted", "labels": ["fees"]})
    library.update_statement(AID, sid, {"status": "rejected"}, annotator="ben")
    assert library.statement(AID, sid)["status"] == "accepted"  # ana, the library's annotator
    assert library.statement(AID, sid, "ben")["status"] == "rejected"
    assert library.statement(AID, sid, "cleo")["status"] == "predicted"
    assert sorted(s["annotator"] or "" for s in library.all_statements(AID)) == ["", "ana", "ben"]


def test_undo_is_per_annotator(parsed):
    library, sid = parsed
    library.update_statement(AID, sid, {"status": "accepted"})
    library.update_statement(AID, sid, {"status": "rejected"}, annotator="ben")
    library.undo(AID)  # ana's accept, not ben's later reject
    assert library.statement(AID, sid)["status"] == "predicted"
    assert library.statement(AID, sid, "ben")["status"] == "rejected"
    assert not library.can_undo(AID) and library.can_undo(AID, "ben")
    library.redo(AID)
    assert library.statement(AID, sid)["status"] == "accepted"
    library.undo(AID, "ben")
    assert library.statement(AID, sid, "ben")["status"] == "predicted"
    assert library.statement(AID, sid)["status"] == "accepted"


def test_an_added_statement_is_seen_by_its_annotator_only(parsed):
    library, _ = parsed
    start = TEXT.index(OWNERS)
    added = library.add_statement(AID, {"quote": [{"start": start, "end": start + len(OWNERS)}]})
    assert added["id"] in {s["id"] for s in library.statements(AID)}
    assert added["id"] not in {s["id"] for s in library.statements(AID, "ben")}


def test_reparse_keeps_every_layer_and_hides_suggestions_an_annotator_replaced(parsed):
    library, sid = parsed
    start = TEXT.index(ROSA)
    # ana narrows the quote; ben keeps the suggestion as it is
    library.update_statement(AID, sid, {"quote": [{"start": start + 1, "end": start + len(ROSA) - 2}]})
    library.update_statement(AID, sid, {"status": "accepted"}, annotator="ben")
    library.save_parse(AID, SUGGESTIONS, "m2")
    assert [s["status"] for s in library.statements(AID)] == ["corrected"]
    assert [s["status"] for s in library.statements(AID, "ben")] == ["accepted"]
    assert [s["status"] for s in library.statements(AID, "cleo")] == ["predicted"]
