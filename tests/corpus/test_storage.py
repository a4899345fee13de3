"""AtomicJSONStorage: TinyDB files that are replaced whole, durably, or not at all."""
from __future__ import annotations

import os
import stat

import orjson
import pytest
from tinydb import TinyDB

from corpus import storage as storage_module
from corpus.storage import AtomicJSONStorage, remove_stray_temp_files
from corpus.store_errors import CorruptFileError, ReadOnlyLibraryError, StoreWriteError


def test_write_replaces_file_with_parseable_json(tmp_path):
    path = tmp_path / "db.json"
    with TinyDB(path, storage=AtomicJSONStorage) as db:
        db.insert({"speaker": "the minister"})
        db.insert({"speaker": "a spokeswoman"})
    assert orjson.loads(path.read_bytes())["_default"]["2"] == {"speaker": "a spokeswoman"}


def test_write_leaves_no_temp_file(tmp_path):
    with TinyDB(tmp_path / "db.json", storage=AtomicJSONStorage) as db:
        db.insert({"n": 1})
    assert [p.name for p in tmp_path.iterdir()] == ["db.json"]


def test_write_keeps_file_permissions(tmp_path):
    path = tmp_path / "db.json"
    path.write_bytes(b"{}")
    path.chmod(0o600)
    with TinyDB(path, storage=AtomicJSONStorage) as db:
        db.insert({"n": 1})
    assert stat.S_IMODE(path.stat().st_mode) == 0o600


def test_failed_write_drops_memory_copy_and_keeps_old_file(tmp_path, monkeypatch):
    path = tmp_path / "db.json"
    db = TinyDB(path, storage=AtomicJSONStorage)
    db.insert({"n": 1})

    def disk_full(*_args):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(storage_module.os, "fsync", disk_full)
    with pytest.raises(StoreWriteError, match="db.json: could not be saved"):
        db.insert({"n": 2})
    monkeypatch.undo()
    assert [d["n"] for d in db.all()] == [1]
    assert len(orjson.loads(path.read_bytes())["_default"]) == 1
    assert [p.name for p in tmp_path.iterdir()] == ["db.json"]


def test_transaction_writes_once(tmp_path, monkeypatch):
    db = TinyDB(tmp_path / "db.json", storage=AtomicJSONStorage)
    writes = []
    real = storage_module.atomic_write
    monkeypatch.setattr(storage_module, "atomic_write", lambda p, b: (writes.append(p), real(p, b)))
    with db.storage.transaction():
        db.table("statements").insert({"n": 1})
        db.table("history").insert({"seq": 1})
    assert len(writes) == 1


def test_transaction_rolls_back_on_error(tmp_path):
    db = TinyDB(tmp_path / "db.json", storage=AtomicJSONStorage)
    db.insert({"n": 1})
    with pytest.raises(RuntimeError):
        with db.storage.transaction():
            db.insert({"n": 2})
            raise RuntimeError("interrupted")
    assert [d["n"] for d in db.all()] == [1]


def test_truncated_file_is_reported_with_its_name(tmp_path):
    path = tmp_path / "db.json"
    path.write_bytes(b'{"_default": {"1": {"quote": "half')
    db = TinyDB(path, storage=AtomicJSONStorage)
    with pytest.raises(CorruptFileError, match=r"db\.json: damaged \(not valid JSON"):
        db.all()


def test_empty_file_is_reported_as_damaged(tmp_path):
    path = tmp_path / "db.json"
    path.write_bytes(b"")
    with pytest.raises(CorruptFileError, match="the file is empty"):
        TinyDB(path, storage=AtomicJSONStorage).all()


def test_readonly_storage_refuses_writes(tmp_path):
    path = tmp_path / "db.json"
    path.write_bytes(b"{}")
    db = TinyDB(path, storage=AtomicJSONStorage, readonly=True)
    with pytest.raises(ReadOnlyLibraryError):
        db.insert({"n": 1})
    assert path.read_bytes() == b"{}"


def test_readonly_storage_sees_changes_by_the_writer(tmp_path):
    path = tmp_path / "db.json"
    writer = TinyDB(path, storage=AtomicJSONStorage)
    writer.insert({"n": 1})
    reader = TinyDB(path, storage=AtomicJSONStorage, readonly=True)
    assert len(reader) == 1
    writer.insert({"n": 2})
    assert len(reader) == 2


def test_stray_temp_files_are_removed(tmp_path):
    (tmp_path / ".db.json.abc123.tmp").write_bytes(b'{"half')
    (tmp_path / "db.json").write_bytes(b"{}")
    removed = remove_stray_temp_files(tmp_path)
    assert [p.name for p in removed] == [".db.json.abc123.tmp"]
    assert sorted(os.listdir(tmp_path)) == ["db.json"]
