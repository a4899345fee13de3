"""A crash-safe TinyDB storage: whole-file atomic replace with fsync, orjson, an in-memory copy.

``TinyDB(path, storage=AtomicJSONStorage)`` behaves like stock ``JSONStorage`` except that a
write is either entirely on disk or not at all: the new content goes to a temp file in the
same folder, is fsynced, replaces the old file with ``os.replace`` and the folder is fsynced.
A kill at any moment leaves the old or the new file, never a mix.
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
from corpus.store_errors import CorruptFileError, ReadOnlyLibraryError, StoreWriteError

__all__ = [
    "AtomicJSONStorage",
    "file_signature",
    "json_copy",
    "move_aside",
    "parse_tables",
    "remove_stray_temp_files",
]

Data = dict[str, dict[str, Any]]
#: Called with freshly read file content; returns (content at the current schema, old
#: version or None when nothing changed). See corpus.migrations.
Upgrader = Callable[[Data, str], "tuple[Data, int | None]"]


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

    When a write fails, the in-memory copy (which TinyDB has already changed) is dropped,
    so the next read returns what is really on disk.
    """

    def __init__(
        self, path: str | Path, readonly: bool = False, upgrade: Upgrader | None = None
    ) -> None:
        super().__init__()
        self.path = Path(path)
        self.readonly = readonly
        self._upgrade = upgrade
        self._data: Data | None = None
        self._signature: list[int] | None = None
        self._batch_depth = 0
        self._batch_dirty = False

    def read(self) -> Data | None:
        if self._data is not None and self.readonly:
            if file_signature(self.path) != self._signature:
                self._data = None
        if self._data is None:
            self._data = self._load()
        return self._data

    def _load(self) -> Data | None:
        self._signature = file_signature(self.path)
        try:
            raw = self.path.read_bytes()
        except FileNotFoundError:
            return None
        except OSError as exc:
            raise CorruptFileError(str(self.path), f"cannot be read: {exc.strerror or exc}") from None
        data = parse_tables(raw, self.path)
        if self._upgrade is not None:
            data, old_version = self._upgrade(data, str(self.path))
            if old_version is not None and not self.readonly:
                backup = self.path.with_name(f"{self.path.name}.v{old_version}-backup")
                if not backup.exists():
                    atomic_write(backup, raw)
                self._persist(data)
        return data

    def write(self, data: Data) -> None:
        if self.readonly:
            self._data = None
            raise ReadOnlyLibraryError(f"{self.path}: the library is open read-only")
        if self._batch_depth:
            self._data = data
            self._batch_dirty = True
            return
        self._persist(data)

    def _persist(self, data: Data) -> None:
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
        self._data = data
        self._signature = file_signature(self.path)

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
                self._data = None
            raise
        self._batch_depth -= 1
        if not self._batch_depth and self._batch_dirty:
            self._batch_dirty = False
            self._persist(self._data or {})

    @property
    def signature(self) -> list[int] | None:
        """File signature after the last read or write by this storage."""
        return self._signature

    def forget(self) -> None:
        """Drop the in-memory copy; the next read loads the file again."""
        self._data = None
