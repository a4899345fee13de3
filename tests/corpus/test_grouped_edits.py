"""Grouped edits: several statements changed in one write are one undo step."""
from __future__ import annotations

import orjson
import pytest

from corpus.library import Library
from corpus.store_errors import UnknownStatementError

from .test_store_library import ARTICLE, machine_statements, span


@pytest.fixture
def root(tmp_path):
    return tmp_path / "lib"


@pytest.fixture
def library(root):
    with Library.open(root, annotator="tester") as lib:
        lib.add_article(ARTICLE)
        lib.save_parse(ARTICLE.id, machine_statements(), "quotelens-test 1.0")
        lib.add_statement(ARTICLE.id, {"quote": [span("Fishermen were less sure.")]})
        yield lib


def speakers(library) -> dict[str, str | None]:
    return {s["id"]: s["speaker_name"] for s in library.statements(ARTICLE.id)}


def all_to(library, name: str) -> dict[str, dict]:
    return {sid: {"speaker_name": name} for sid in speakers(library)}


def ids(library) -> tuple[str, str, str]:
    """The harbour master's statement, Ines Porto's and the added one (no speaker)."""
    by_name = {name: sid for sid, name in speakers(library).items()}
    return by_name["harbour master"], by_name["Ines Porto"], by_name[None]


def test_grouped_update_writes_every_statement_and_shares_a_group(library):
    records = library.update_statements(ARTICLE.id, all_to(library, "Port authority"))
    assert [r["speaker_name"] for r in records] == ["Port authority"] * 3
    assert set(speakers(library).values()) == {"Port authority"}
    updates = [e for e in library.history(ARTICLE.id) if e["action"] == "update"]
    assert len(updates) == 3
    assert {e["group"] for e in updates} == {updates[0]["seq"]}


def test_grouped_update_is_one_journal_line(library, monkeypatch):
    storage = library._article_db(ARTICLE.id).storage
    writes = []
    persist, append = storage._persist, storage._journal.append
    monkeypatch.setattr(storage, "_persist", lambda data: (writes.append("file"), persist(data)))
    monkeypatch.setattr(storage._journal, "append", lambda ops: (writes.append("line"), append(ops)))
    library.update_statements(ARTICLE.id, all_to(library, "Port authority"))
    assert writes == ["line"]


def test_one_undo_restores_the_whole_group_and_one_redo_repeats_it(library):
    before = speakers(library)
    library.update_statements(ARTICLE.id, all_to(library, "Port authority"))
    entry = library.undo(ARTICLE.id)
    assert speakers(library) == before
    assert len(library.history(ARTICLE.id, group=entry["group"])) == 3
    library.redo(ARTICLE.id)
    assert set(speakers(library).values()) == {"Port authority"}
    assert not library.can_redo(ARTICLE.id)
    library.undo(ARTICLE.id)
    assert speakers(library) == before


def test_unknown_statement_in_a_group_writes_nothing(library):
    before = library.statements(ARTICLE.id)
    changes = {**all_to(library, "Port authority"), "no-such-id": {"speaker_name": "x"}}
    with pytest.raises(UnknownStatementError):
        library.update_statements(ARTICLE.id, changes)
    assert library.statements(ARTICLE.id) == before
    assert [e["action"] for e in library.history(ARTICLE.id)][-1] == "add"


def test_grouped_undo_and_redo_survive_reopening(library, root):
    before = speakers(library)
    library.update_statements(ARTICLE.id, all_to(library, "Port authority"))
    library.close()
    with Library.open(root, annotator="tester") as lib:
        lib.undo(ARTICLE.id)
        assert speakers(lib) == before
    with Library.open(root, annotator="tester") as lib:
        lib.redo(ARTICLE.id)
        assert set(speakers(lib).values()) == {"Port authority"}


def test_grouped_and_single_edits_undo_one_step_at_a_time(library):
    first, second, third = ids(library)
    original = speakers(library)
    library.update_statement(ARTICLE.id, first, {"note": "check the date"})
    library.update_statements(
        ARTICLE.id, {first: {"speaker_name": "Coast guard"}, second: {"speaker_name": "Coast guard"}}
    )
    library.update_statement(ARTICLE.id, third, {"speaker_name": "Ines Porto"})
    assert speakers(library) == {first: "Coast guard", second: "Coast guard", third: "Ines Porto"}

    library.undo(ARTICLE.id)  # the single edit after the group
    assert speakers(library) == {**original, first: "Coast guard", second: "Coast guard"}
    library.undo(ARTICLE.id)  # the group
    assert speakers(library) == original
    assert library.statement(ARTICLE.id, first)["note"] == "check the date"
    library.undo(ARTICLE.id)  # the single edit before the group
    assert library.statement(ARTICLE.id, first)["note"] == ""
    library.redo(ARTICLE.id)
    library.redo(ARTICLE.id)
    assert speakers(library) == {**original, first: "Coast guard", second: "Coast guard"}
    assert library.statement(ARTICLE.id, first)["note"] == "check the date"


def test_history_without_groups_still_undoes_one_entry_at_a_time(library, root):
    """Files written before groups existed: consecutive updates stay separate steps."""
    first, second, _ = ids(library)
    library.update_statement(ARTICLE.id, first, {"speaker_name": "A"})
    library.update_statement(ARTICLE.id, second, {"speaker_name": "B"})
    library.close()
    path = library.layout.article(ARTICLE.id)
    data = orjson.loads(path.read_bytes())
    assert not any("group" in e for e in data["history"].values())
    with Library.open(root) as lib:
        lib.undo(ARTICLE.id)
        assert (speakers(lib)[first], speakers(lib)[second]) == ("A", "Ines Porto")


def test_status_change_is_in_the_history_but_not_undone(library):
    library.set_article_status(ARTICLE.id, "done", annotator="Ana Ruiz")
    entry = library.history(ARTICLE.id)[-1]
    assert (entry["action"], entry["before"], entry["after"], entry["who"]) == (
        "status", {"status": "in_progress"}, {"status": "done"}, "Ana Ruiz"
    )
    library.undo(ARTICLE.id)  # reverses the added statement, not the status
    assert library.entry(ARTICLE.id).status == "done"
    assert len(library.statements(ARTICLE.id)) == 2
