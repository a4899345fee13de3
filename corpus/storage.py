"""A crash-safe TinyDB storage: whole-file atomic replace with fsync, orjson, an in-memory copy.

``TinyDB(path, storage=AtomicJSONStorage)`` behaves like stock ``JSONStorage`` except that a
write is either entirely on disk or not at all: the new content goes to a temp file in the
same folder, is fsynced, replaces the old file with ``os.replace`` and the folder is fsynced.
A kill at any moment leaves the old or the new file, never a mix.

With ``journal=True`` (article files, opened as ``corpus.journal.JournaledDB``) a write
TinyDB's tables describe is appended to the file's journal instead (corpus.journal), and
the journal is folded into the file by a whole write now and then.
"""
from __future__ import annotations

import os
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

import orjson
from tinydb.storages import Storage

from corpus.atomic import TEMP_SUFFIX, WriteError, atomic_write, fsync_folder
from corpus.journal import Journal, JournalGap, journal_path, set_folded_seq
from corpus.store_errors import CorruptFileError, ReadOnlyLibraryError, StoreWriteError

__all__ = [
    "AtomicJSONStorage",
    "file_signature",
    "json_copy",
    "move_aside",
    "parse_tables",
    "remove_stray_temp_files",
    "store_signature",
]

Data = dict[str, dict[str, Any]]
#: Called with freshly read file content; returns (content at the current schema, old
#: version or None when nothing changed). See corpus.migrations.
Upgrader = Callable[[Data, str], "tuple[Data, int | None]"]
#: A journal is folded into its file once it is larger than this and than the file, so
#: folding costs a fixed share of the bytes journaled whatever the file's size.
FOLD_MIN_BYTES = 1 << 20
#: Times a read-only reader reads a file and its journal again when the writer folded
#: the journal in between.
READ_TRIES = 5


def json_copy(value: Any) -> Any:
    """A deep copy of JSON data, so callers never alias the storage's memory."""
    return orjson.loads(orjson.dumps(value))


def _timestamp() -> str:
    return datetime.now(timezone.utc).strftime("%Y%m%dT%H%M%SZ")


def move_aside(path: Path) -> Path:
    """Rename a damaged file to ``NAME.corrupt-TIMESTAMP`` (never over an existing file)."""
    target = path.with_name(f"{path.name}.corrupt-{_timestamp()}")
    n = 1
    while target.exists():
        n += 1
        target = path.with_name(f"{path.name}.corrupt-{_timestamp()}-{n}")
    os.rename(path, target)
    fsync_folder(path.parent)
    return target


def remove_stray_temp_files(folder: Path) -> list[Path]:
    """Delete temp files a killed writer left in ``folder``; return what was removed.

    Call it only while holding the library lock: a live writer's temp file looks the same.
    """
    removed = []
    for tmp in folder.glob(f".*{TEMP_SUFFIX}"):
        try:
            tmp.unlink()
            removed.append(tmp)
        except FileNotFoundError:
            pass
    return removed


def file_signature(path: Path) -> list[int] | None:
    """(inode, size, mtime in ns) of ``path``; changes with every atomic write. None if absent
    or not reachable."""
    try:
        st = os.stat(path)
    except OSError:  # absent, or a parent is not a folder: reading it reports why
        return None
    return [st.st_ino, st.st_size, st.st_mtime_ns]


def store_signature(path: Path) -> list[int] | None:
    """``file_signature`` of a TinyDB file, followed by its journal's if it has one: changes
    with every write, journaled or not."""
    signature = file_signature(path)
    journal = file_signature(journal_path(path))
    return signature + journal if signature is not None and journal is not None else signature


def parse_tables(raw: bytes, path: Path) -> Data:
    """Decode TinyDB file content; CorruptFileError naming ``path`` if it is not TinyDB JSON."""
    if not raw.strip():
        raise CorruptFileError(str(path), "the file is empty")
    try:
        data = orjson.loads(raw)
    except orjson.JSONDecodeError as exc:
        raise CorruptFileError(str(path), f"not valid JSON, {exc}") from None
    if not isinstance(data, dict) or not all(isinstance(t, dict) for t in data.values()):
        raise CorruptFileError(str(path), "not a TinyDB file (expected an object of tables)")
    return data


class AtomicJSONStorage(Storage):
    """TinyDB storage writing whole files atomically and durably, reading from memory.

    - ``readonly``: writes raise ReadOnlyLibraryError, and every read checks whether another
      process replaced the file since, reloading it if so.
    - ``upgrade``: applied to content read from disk (schema migration). When it reports a
      change and the storage is writable, the original bytes are kept as
      ``NAME.vOLD-backup`` and the upgraded content is written back.
    - ``transaction()`` groups several TinyDB operations into one file write.
    - ``journal``: writes go to the file's journal (see the module docstring); it is
      folded in by ``fold()``, ``close()``, a write that makes it outgrow the file, and a
      writable open that finds one. A read-only storage applies it in memory.

    When a write fails, the in-memory copy (which TinyDB has already changed) is dropped,
    so the next read returns what is really on disk.
    """

    def __init__(
        self,
        path: str | Path,
        readonly: bool = False,
        upgrade: Upgrader | None = None,
        journal: bool = False,
    ) -> None:
        super().__init__()
        self.path = Path(path)
        self.readonly = readonly
        self._upgrade = upgrade
        self._journal = Journal(self.path) if journal else None
        self._data: Data | None = None
        self._signature: list[int] | None = None
        self._batch_depth = 0
        self._batch_dirty = False
        self._ops: list[list] = []  # what the tables reported of the write in progress
        self._whole = False  # the write in progress must rewrite the whole file
        self._fold_due = False  # a journal found at open could not be folded in yet

    def read(self) -> Data | None:
        if self._data is not None and self.readonly:
            if self._disk_signature() != self._signature:
                self._data = None
        if self._data is None:
            self._data = self._load()
        return self._data

    def _disk_signature(self) -> list[int] | None:
        return store_signature(self.path) if self._journal else file_signature(self.path)

    def _load(self) -> Data | None:
        for _ in range(READ_TRIES):
            self._signature = self._disk_signature()
            loaded = self._read_file()
            if loaded is None:
                return None
            data, raw, old_version = loaded
            try:
                journaled = self._journal is not None and self._journal.replay(data)
            except JournalGap:
                if self.readonly:
                    continue  # the writer folded the journal after the file was read
                problem = "the journal does not follow on from the file"
                raise CorruptFileError(str(journal_path(self.path)), problem) from None
            if old_version is not None and not self.readonly:
                backup = self.path.with_name(f"{self.path.name}.v{old_version}-backup")
                if not backup.exists():
                    atomic_write(backup, raw)
                self._persist(data)
            elif journaled and not self.readonly:
                try:
                    self._persist(data)
                except StoreWriteError:
                    self._fold_due = True  # readable now; the next change writes it all
            return data
        raise CorruptFileError(str(self.path), "kept changing while it was read; try again")

    def _read_file(self) -> tuple[Data, bytes, int | None] | None:
        """The file's content (upgraded), its bytes and the version it was upgraded from."""
        try:
            raw = self.path.read_bytes()
        except FileNotFoundError:
            return None
        except OSError as exc:
            raise CorruptFileError(str(self.path), f"cannot be read: {exc.strerror or exc}") from None
        data = parse_tables(raw, self.path)
        old_version = None
        if self._upgrade is not None:
            data, old_version = self._upgrade(data, str(self.path))
        return data, raw, old_version

    def record(self, table: str, kind: str, payload: Any) -> None:
        """What a table write changed (corpus.journal.JournaledTable); ``whole``: more
        than a journal line should say."""
        if self._journal is None:
            return
        if kind == "whole":
            self._whole = True
        else:
            self._ops.append([table, kind, payload])

    def write(self, data: Data) -> None:
        if self.readonly:
            self._data = None
            raise ReadOnlyLibraryError(f"{self.path}: the library is open read-only")
        if self._batch_depth:
            self._data = data
            self._batch_dirty = True
            return
        self._save(data)

    def _save(self, data: Data) -> None:
        """Journal the write in progress if the tables described it, else write the file."""
        ops, whole = self._ops, self._whole or self._fold_due
        self._ops, self._whole = [], False
        if self._journal is None or whole or not ops or self._signature is None:
            self._persist(data)  # not a change the journal can hold, or a new file
            return
        try:
            self._journal.append(ops)
        except OSError as exc:
            self._data = None
            raise StoreWriteError(
                f"{self._journal.path}: could not be saved ({exc.strerror or exc}); nothing was changed"
            ) from None
        except BaseException:
            self._data = None
            raise
        self._data = data
        self._signature = self._disk_signature()
        if self._journal.size > max(FOLD_MIN_BYTES, self._signature[1]):
            try:
                self._persist(data)
            except StoreWriteError:
                pass  # the change is in the journal; folding is tried again later

    def fold(self) -> bool:
        """Fold the journal into the file (one whole write); True if there was one. A
        journal whose changes are not in memory (none read yet) is left for the next open."""
        journal = self._journal
        if journal is None or self.readonly or self._data is None or not journal.path.exists():
            return False
        self._persist(self._data)
        return True

    def close(self) -> None:
        """Fold the journal in (writable) and let go of it; if the file cannot be written,
        the journal stays and the next writer to open the file folds it in."""
        try:
            self.fold()
        except StoreWriteError:
            pass
        finally:
            if self._journal is not None:
                self._journal.close()

    def _persist(self, data: Data) -> None:
        if self._journal is not None:
            set_folded_seq(data, self._journal.seq)
        try:
            atomic_write(self.path, orjson.dumps(data))
        except WriteError as exc:
            self._data = None
            raise StoreWriteError(
                f"{self.path}: could not be saved ({exc.reason}); nothing was changed"
            ) from None
        except BaseException:
            self._data = None
            raise
        if self._journal is not None:
            try:
                self._journal.remove()
            except OSError:
                pass  # its lines are in the file now, which says so: they are skipped
        self._data = data
        self._fold_due = False
        self._signature = self._disk_signature()

    @contextmanager
    def transaction(self) -> Iterator[None]:
        """Write once at the end of the block; on an exception write nothing and reload."""
        self._batch_depth += 1
        try:
            yield
        except BaseException:
            self._batch_depth -= 1
            if not self._batch_depth:
                self._batch_dirty = False
                self._ops, self._whole = [], False
                self._data = None
            raise
        self._batch_depth -= 1
        if not self._batch_depth and self._batch_dirty:
            self._batch_dirty = False
            self._save(self._data or {})

    @property
    def signature(self) -> list[int] | None:
        """File signature after the last read or write by this storage."""
        return self._signature

    def forget(self) -> None:
        """Drop the in-memory copy; the next read loads the file (and journal) again."""
        self._data = None
