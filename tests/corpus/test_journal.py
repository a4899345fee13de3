"""The article files' journal: a change is one fsynced line, folded into the TinyDB file on
close, at a writer's open after a crash, and when it outgrows the file; readers see it."""
from __future__ import annotations

import shutil

import orjson
import pytest

from corpus import storage
from corpus.article import Article
from corpus.journal import journal_path, read_changes
from corpus.library import Library
from corpus.storage import store_signature

TEXT = (
    "The harbour master said on Tuesday that \u201cthe new quay will take the larger ferries "
    "by spring.\u201d Fishermen were less sure. \u201cWe have heard that before,\u201d said "
    "Ines Porto, who chairs the local cooperative."
)
ARTICLE = Article(title="Quay works", text=TEXT, source="quay.txt")


def quote(fragment: str, text: str = TEXT) -> dict:
    start = text.index(fragment)
    return {"quote": [{"start": start, "end": start + len(fragment)}], "speaker_name": "Ines Porto"}


def notes(library: Library, article_id: str = ARTICLE.id) -> list[str | None]:
    return [s.get("note") for s in library.statements(article_id)]


@pytest.fixture
def root(tmp_path):
    return tmp_path / "lib"


def crashed_copy(root, tmp_path):
    """The library folder as a writer killed now would leave it (files not folded)."""
    copy = tmp_path / "crashed"
    shutil.copytree(root, copy)
    return copy


def article_file(root, article_id: str = ARTICLE.id):
    return root / "articles" / f"{article_id}.json"


def test_a_change_appends_one_line_and_leaves_the_file_alone(root):
    with Library.open(root, annotator="ana") as lib:
        lib.add_article(ARTICLE)
        sid = lib.add_statement(ARTICLE.id, quote("We have heard that before"))["id"]
        before = article_file(root).read_bytes()
        lib.update_statement(ARTICLE.id, sid, {"note": "checked"})
        assert article_file(root).read_bytes() == before
        changes = read_changes(journal_path(article_file(root)))
        assert [c["n"] for c in changes] == [1, 2]


def test_a_change_costs_the_same_however_long_the_text_and_history(root):
    long_text = TEXT + "\n\n" + "The quay was busy on every day of the week. " * 20_000
    sizes = []
    with Library.open(root, annotator="ana") as lib:
        for text in (TEXT, long_text):
            article = Article(title="Quay", text=text, source="q.txt")
            lib.add_article(article)
            sid = lib.add_statement(article.id, quote("We have heard that before", text))["id"]
            for n in range(200 if text is long_text else 1):  # a long history too
                lib.update_statement(article.id, sid, {"note": f"pass {n}"})
            path = journal_path(article_file(root, article.id))
            size = path.stat().st_size
            lib.update_statement(article.id, sid, {"note": "last"})
            sizes.append(path.stat().st_size - size)
    assert sizes[1] < sizes[0] + 64


def test_closing_folds_the_journal_into_the_file(root):
    with Library.open(root, annotator="ana") as lib:
        lib.add_article(ARTICLE)
        lib.add_statement(ARTICLE.id, quote("We have heard that before") | {"note": "kept"})
        assert journal_path(article_file(root)).exists()
    assert not journal_path(article_file(root)).exists()
    data = orjson.loads(article_file(root).read_bytes())
    assert [s["note"] for s in data["statements"].values()] == ["kept"]
    assert data["_quotelens"]["1"]["journal"] == 1


def test_a_writer_opening_after_a_crash_replays_and_folds_the_journal(root, tmp_path):
    with Library.open(root, annotator="ana") as lib:
        lib.add_article(ARTICLE)
        sid = lib.add_statement(ARTICLE.id, quote("We have heard that before"))["id"]
        lib.update_statement(ARTICLE.id, sid, {"note": "acknowledged"})
        copy = crashed_copy(root, tmp_path)
    with Library.open(copy, annotator="ana") as lib:
        assert notes(lib) == ["acknowledged"]
        assert lib.entry(ARTICLE.id).counts["added"] == 1
        assert not journal_path(article_file(copy)).exists()
        assert [e["action"] for e in lib.history(ARTICLE.id)] == ["add", "update"]
        assert lib.undo(ARTICLE.id)["action"] == "undo"
        assert notes(lib) == [""]


def test_a_torn_last_line_is_dropped(root, tmp_path):
    with Library.open(root, annotator="ana") as lib:
        lib.add_article(ARTICLE)
        sid = lib.add_statement(ARTICLE.id, quote("We have heard that before"))["id"]
        lib.update_statement(ARTICLE.id, sid, {"note": "acknowledged"})
        copy = crashed_copy(root, tmp_path)
    journal = journal_path(article_file(copy))
    line = journal.read_bytes().splitlines(keepends=True)[-1]
    with journal.open("ab") as handle:
        handle.write(line.replace(b"acknowledged", b"in flight!!!")[: len(line) // 2])
    with Library.open(copy, annotator="ana") as lib:
        assert notes(lib) == ["acknowledged"]
        assert not any("damaged" in w for w in lib.warnings)
        lib.update_statement(ARTICLE.id, sid, {"note": "after the crash"})
    with Library.open(copy, annotator="ana") as lib:
        assert notes(lib) == ["after the crash"]


def test_a_last_line_with_a_wrong_checksum_is_dropped(root, tmp_path):
    with Library.open(root, annotator="ana") as lib:
        lib.add_article(ARTICLE)
        sid = lib.add_statement(ARTICLE.id, quote("We have heard that before"))["id"]
        lib.update_statement(ARTICLE.id, sid, {"note": "acknowledged"})
        lib.update_statement(ARTICLE.id, sid, {"note": "torn write"})
        copy = crashed_copy(root, tmp_path)
    journal = journal_path(article_file(copy))
    journal.write_bytes(journal.read_bytes().replace(b"torn write", b"torn wrote"))
    with Library.open(copy, annotator="ana") as lib:
        assert notes(lib) == ["acknowledged"]


def test_a_damaged_line_before_intact_ones_moves_the_article_aside(root, tmp_path):
    with Library.open(root, annotator="ana") as lib:
        lib.add_article(ARTICLE)
        sid = lib.add_statement(ARTICLE.id, quote("We have heard that before"))["id"]
        lib.update_statement(ARTICLE.id, sid, {"note": "one"})
        lib.update_statement(ARTICLE.id, sid, {"note": "two"})
        copy = crashed_copy(root, tmp_path)
    journal = journal_path(article_file(copy))
    journal.write_bytes(journal.read_bytes().replace(b'"one"', b'"0ne"'))
    with Library.open(copy, annotator="ana") as lib:
        assert ARTICLE.id not in lib
        assert any("journal line 2 is damaged" in w and "moved aside" in w for w in lib.warnings)
    assert sorted(p.name.split(".corrupt-")[0] for p in (copy / "articles").iterdir()) == [
        f"{ARTICLE.id}.json", f"{ARTICLE.id}.json.journal",
    ]  # fmt: skip


def test_a_read_only_reader_sees_journaled_changes_and_never_folds(root):
    with Library.open(root, annotator="ana") as writer:
        writer.add_article(ARTICLE)
        sid = writer.add_statement(ARTICLE.id, quote("We have heard that before"))["id"]
        file_before = article_file(root).read_bytes()
        with Library.open(root, readonly=True) as reader:
            assert [s["id"] for s in reader.statements(ARTICLE.id, "ana")] == [sid]
            writer.update_statement(ARTICLE.id, sid, {"note": "seen live"})
            assert [s.get("note") for s in reader.statements(ARTICLE.id, "ana")] == ["seen live"]
        assert journal_path(article_file(root)).exists()
        assert article_file(root).read_bytes() == file_before


def test_a_read_only_library_after_a_crash_shows_the_journal_and_leaves_it(root, tmp_path):
    with Library.open(root, annotator="ana") as lib:
        lib.add_article(ARTICLE)
        lib.add_statement(ARTICLE.id, quote("We have heard that before") | {"note": "journaled"})
        copy = crashed_copy(root, tmp_path)
    journal = journal_path(article_file(copy)).read_bytes()
    with Library.open(copy, readonly=True, annotator="ana") as lib:
        assert notes(lib) == ["journaled"]
        assert lib.entry(ARTICLE.id).statements == 1
    assert journal_path(article_file(copy)).read_bytes() == journal


def test_an_index_entry_is_out_of_date_when_the_journal_grew(root, tmp_path):
    with Library.open(root, annotator="ana") as lib:
        lib.add_article(ARTICLE)
        lib.flush()
        sid = lib.add_statement(ARTICLE.id, quote("We have heard that before"))["id"]
        lib.flush()  # the index entry now has the journal's signature
        lib.update_statement(ARTICLE.id, sid, {"status": "rejected"})  # not in the index yet
        copy = crashed_copy(root, tmp_path)
    index = orjson.loads((copy / "index.json").read_bytes())
    (stale,) = index["articles"].values()
    assert stale["counts"]["added"] == 1
    assert stale["file"] != store_signature(article_file(copy))
    with Library.open(copy, annotator="ana") as lib:
        assert lib.entry(ARTICLE.id).counts["rejected"] == 1


def test_after_a_clean_close_the_index_matches_the_folded_files(root):
    with Library.open(root, annotator="ana") as lib:
        for n in range(12):  # more articles than are kept open: some are folded early
            article = Article(title=f"Quay {n}", text=f"{TEXT} ({n})", source="q.txt")
            lib.add_article(article)
            lib.add_statement(article.id, quote("We have heard that before"))
    index = orjson.loads((root / "index.json").read_bytes())
    for entry in index["articles"].values():
        assert entry["file"] == store_signature(article_file(root, entry["id"]))
        assert entry["statements"] == 1
    assert not list((root / "articles").glob("*.journal"))


def test_a_journal_larger_than_its_file_is_folded(root, monkeypatch):
    monkeypatch.setattr(storage, "FOLD_MIN_BYTES", 0)
    with Library.open(root, annotator="ana") as lib:
        lib.add_article(ARTICLE)
        sid = lib.add_statement(ARTICLE.id, quote("We have heard that before"))["id"]
        for n in range(10):
            lib.update_statement(ARTICLE.id, sid, {"note": f"pass {n}"})
            journal = journal_path(article_file(root))
            size = journal.stat().st_size if journal.exists() else 0
            assert size <= article_file(root).stat().st_size
        assert notes(lib) == ["pass 9"]
        data = orjson.loads(article_file(root).read_bytes())
        assert data["_quotelens"]["1"]["journal"] >= 2


def test_a_journal_line_that_cannot_be_written_changes_nothing(root, monkeypatch):
    from corpus import journal
    from corpus.store_errors import StoreWriteError

    with Library.open(root, annotator="ana") as lib:
        lib.add_article(ARTICLE)
        sid = lib.add_statement(ARTICLE.id, quote("We have heard that before"))["id"]
        write = journal.os.write

        def disk_full(fd: int, data: bytes) -> int:
            write(fd, bytes(data[:10]))
            raise OSError(28, "No space left on device")

        monkeypatch.setattr(journal.os, "write", disk_full)
        with pytest.raises(StoreWriteError, match="No space left"):
            lib.update_statement(ARTICLE.id, sid, {"note": "lost"})
        assert notes(lib) == [""]
        monkeypatch.setattr(journal.os, "write", write)
        lib.update_statement(ARTICLE.id, sid, {"note": "saved"})
        # the failed write reloaded the file (folding line 1 in); the partial line is gone
        assert [c["n"] for c in read_changes(journal_path(article_file(root)))] == [2]
    with Library.open(root, annotator="ana") as lib:
        assert notes(lib) == ["saved"]


def test_undo_stacks_carried_on_from_the_last_read_match_a_full_read(root):
    import random

    from corpus import edits, history
    from corpus.article_files import history_entries

    rng = random.Random(5)
    with Library.open(root, annotator="ana") as lib:
        lib.add_article(ARTICLE)
        ids = [lib.add_statement(ARTICLE.id, quote(q))["id"] for q in ("the new quay", "We have heard")]
        for n in range(60):
            choice = rng.random()
            if choice < 0.3:
                lib.undo(ARTICLE.id)
            elif choice < 0.45:
                lib.redo(ARTICLE.id)
            elif choice < 0.55:
                lib.update_statements(ARTICLE.id, {sid: {"note": f"both {n}"} for sid in ids})
            else:
                lib.update_statement(ARTICLE.id, rng.choice(ids), {"note": f"step {n}"})
            db = lib._article_db(ARTICLE.id)
            assert edits._stacks(db, "ana") == history.stacks(history_entries(db), "ana")
