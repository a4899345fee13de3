"""The journal beside an article file: each committed change appended as one fsynced line.

A change to an article file is not a rewrite of the whole file: the table operations it
made go to ``NAME.journal`` as one line, fsynced before the change returns, so a change
costs the same however long the article and its history are. corpus.storage folds the
journal into the TinyDB file (one atomic whole-file write, then the journal is removed)
when the file is closed, when the journal outgrows the file, and when a writer opens a
file whose journal a killed process left; a read-only reader applies it in memory.

A line is ``{"crc":C,"change":{"n":N,"ops":[…]}}``: C is the CRC-32 of the ``change``
bytes as written, N numbers the file's changes. The TinyDB file records the last N folded
into it (``journal`` in its ``_quotelens`` record), so a line already folded in is never
applied twice. Only the last line can be torn by a crash; it is dropped. An op is
``[table, "set", {doc_id: document}]``, ``[table, "patch", {doc_id: fields}]`` or
``[table, "del", [doc_id, …]]``.

``JournaledTable`` is the TinyDB table class that reports each operation to the storage
(``AtomicJSONStorage.record``): its ``insert``, ``update``, ``upsert`` and ``remove`` are
journaled; ``truncate``, and any write that reports nothing, make the storage write the
whole file instead. It also changes the stored table in place, where stock TinyDB copies
the whole table for every write, so a change's cost does not grow with the table either.
"""
from __future__ import annotations

import os
import re
import zlib
from collections.abc import Callable, Iterable, Iterator, Mapping, MutableMapping
from pathlib import Path
from typing import Any

import msgspec
from tinydb import TinyDB
from tinydb.table import Document, Table

from corpus.atomic import fsync_folder
from corpus.migrations import META_TABLE
from corpus.store_errors import CorruptFileError

JOURNAL_SUFFIX = ".journal"
Data = dict[str, dict[str, Any]]
Op = list  # [table, kind, payload]

_LINE = re.compile(rb'\{"crc":(\d{1,10}),"change":(.*)\}\Z', re.DOTALL)


class JournalGap(Exception):
    """The journal does not continue from the file read before it (a fold happened in
    between: a read-only reader reads both again)."""


def journal_path(path: Path) -> Path:
    """The journal of the TinyDB file at ``path``."""
    return path.with_name(path.name + JOURNAL_SUFFIX)


def folded_seq(data: Data) -> int:
    """The number of the last journal line folded into this file content (0: none)."""
    record = next(iter((data.get(META_TABLE) or {}).values()), None)
    seq = record.get("journal", 0) if isinstance(record, dict) else 0
    return seq if isinstance(seq, int) else 0


def set_folded_seq(data: Data, seq: int) -> None:
    """Record in the file content that journal lines up to ``seq`` are folded into it."""
    record = next(iter((data.get(META_TABLE) or {}).values()), None)
    if isinstance(record, dict) and seq:
        record["journal"] = seq


def encode_line(seq: int, ops: list[Op]) -> bytes:
    """One journal line: change number ``seq`` made of ``ops``, with its checksum."""
    payload = msgspec.json.encode({"n": seq, "ops": ops})
    return b'{"crc":%d,"change":%s}\n' % (zlib.crc32(payload), payload)


def _decode_line(line: bytes) -> dict | None:
    """The change on a journal line; None if the line is damaged (torn, or not ours)."""
    match = _LINE.match(line)
    if match is None or int(match[1]) != zlib.crc32(match[2]):
        return None
    try:
        change = msgspec.json.decode(match[2])
    except msgspec.DecodeError:
        return None
    if not isinstance(change, dict) or not isinstance(change.get("n"), int):
        return None
    return change


def read_changes(path: Path) -> list[dict] | None:
    """The changes in the journal at ``path``, oldest first; None if there is no journal.

    The last line is dropped if a crash tore it; a damaged line before an intact one is
    a CorruptFileError naming the journal.
    """
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        return None
    except OSError as exc:
        raise CorruptFileError(str(path), f"cannot be read: {exc.strerror or exc}") from None
    lines = raw.split(b"\n")
    lines.pop()  # after the last newline: nothing, or a line a crash cut short
    changes = []
    for number, line in enumerate(lines, 1):
        change = _decode_line(line)
        if change is None:
            if number == len(lines):
                break  # the line being written when the writer died
            raise CorruptFileError(str(path), f"journal line {number} is damaged")
        changes.append(change)
    return changes


def apply(data: Data, ops: Iterable[Op], path: Path) -> None:
    """Make the table operations of one journal line on TinyDB file content."""
    try:
        for table, kind, payload in ops:
            docs = data.setdefault(table, {})
            if kind == "set":
                docs.update(payload)
            elif kind == "patch":
                for doc_id, fields in payload.items():
                    if doc_id in docs:
                        docs[doc_id].update(fields)
            elif kind == "del":
                for doc_id in payload:
                    docs.pop(doc_id, None)
            else:
                raise ValueError(kind)
    except (TypeError, ValueError, AttributeError):
        raise CorruptFileError(str(path), "a journal line holds an unknown change") from None


class Journal:
    """The journal of one TinyDB file: appending (the writer) and replaying (anyone)."""

    def __init__(self, path: Path) -> None:
        self.path = journal_path(path)
        #: the number of the last change in the file content held in memory
        self.seq = 0
        #: bytes appended since the journal was started
        self.size = 0
        self._fd: int | None = None

    def replay(self, data: Data) -> bool:
        """Apply to ``data`` (just read from the TinyDB file) the journaled changes not
        folded into it; True if there is a journal. JournalGap if it does not follow on."""
        self.seq = folded_seq(data)
        changes = read_changes(self.path)
        if changes is None:
            return False
        for change in changes:
            if change["n"] <= self.seq:
                continue  # folded in already (the writer died before removing the journal)
            if change["n"] != self.seq + 1:
                raise JournalGap()
            apply(data, change["ops"], self.path)
            self.seq = change["n"]
        return True

    def append(self, ops: list[Op]) -> None:
        """Add one change and fsync it (a new journal's folder too); OSError if it could
        not be written, after cutting off whatever part of the line got in."""
        line = encode_line(self.seq + 1, ops)
        created = self._fd is None and not self.path.exists()
        if self._fd is None:
            self._fd = os.open(self.path, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o666)
            self.size = os.fstat(self._fd).st_size
        try:
            view = memoryview(line)
            while view:
                view = view[os.write(self._fd, view):]
            os.fsync(self._fd)
            if created:
                fsync_folder(self.path.parent)
        except OSError:
            try:
                os.ftruncate(self._fd, self.size)
            except OSError:
                pass
            raise
        self.seq += 1
        self.size += len(line)

    def remove(self) -> None:
        """Delete the journal (its changes are folded into the file)."""
        self.close()
        try:
            self.path.unlink()
        except FileNotFoundError:
            return
        fsync_folder(self.path.parent)
        self.size = 0

    def close(self) -> None:
        if self._fd is not None:
            os.close(self._fd)
            self._fd = None


class _IntKeyed(MutableMapping):
    """A stored table (doc ids as strings) seen with int doc ids, as TinyDB's updaters
    expect; changes go straight to the stored table."""

    def __init__(
        self, raw: dict[str, Any], id_class: Callable[[str], int], table: "JournaledTable"
    ) -> None:
        self._raw, self._id, self._table = raw, id_class, table

    def __getitem__(self, doc_id: int) -> Any:
        return self._raw[str(doc_id)]

    def __setitem__(self, doc_id: int, document: Any) -> None:
        self._table._unindex(str(doc_id))
        self._raw[str(doc_id)] = document
        self._table._index_doc(str(doc_id), document)

    def __delitem__(self, doc_id: int) -> None:
        self._table._unindex(str(doc_id))
        del self._raw[str(doc_id)]

    def __iter__(self) -> Iterator[int]:
        return (self._id(k) for k in self._raw)

    def __len__(self) -> int:
        return len(self._raw)


class JournaledTable(Table):
    """A TinyDB table that tells its storage what each write changed (``record``), so
    the storage can journal the change instead of writing the whole file."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # find(): key -> doc id, for the stored table it was built from, with its key function
        self._keys: dict | None = None
        self._keys_of: tuple[dict, Callable[[dict], Any]] | None = None

    def _update_table(self, updater: Callable[[MutableMapping], None]) -> None:
        # Stock TinyDB rebuilds the whole table around each write; this changes the stored
        # table in place. Every caller below runs in a storage transaction, which reloads
        # the file if the updater raises halfway.
        tables = self.storage.read() or {}
        updater(_IntKeyed(tables.setdefault(self.name, {}), self.document_id_class, self))
        self.storage.write(tables)
        self.clear_cache()

    def find(self, key_of: Callable[[dict], Any], key: Any) -> Document | None:
        """The stored document (a copy) whose ``key_of`` is ``key``, found through an index
        of the table by that key, kept up to date as documents are inserted and removed."""
        raw = self.raw()
        built = self._keys_of
        if self._keys is None or built is None or built[0] is not raw or built[1] is not key_of:
            self._keys, self._keys_of = {}, (raw, key_of)
            for doc_id, doc in raw.items():
                self._keys.setdefault(key_of(doc), doc_id)
        doc_id = self._keys.get(key)
        return None if doc_id is None else Document(raw[doc_id], int(doc_id))

    def _index_doc(self, doc_id: str, document: dict) -> None:
        if self._keys is not None:
            self._keys.setdefault(self._keys_of[1](document), doc_id)

    def _unindex(self, doc_id: str) -> None:
        if self._keys is not None:
            document = self.raw().get(doc_id)
            if document is not None and self._keys.get(self._keys_of[1](document)) == doc_id:
                del self._keys[self._keys_of[1](document)]

    def _record(self, kind: str, payload: Any) -> None:
        record = getattr(self.storage, "record", None)
        if record is not None:
            record(self.name, kind, payload)

    def _docs(self, doc_ids: Iterable[int]) -> dict[str, dict]:
        raw = (self.storage.read() or {}).get(self.name, {})
        return {str(i): raw[str(i)] for i in doc_ids if str(i) in raw}

    def insert(self, document: Mapping) -> int:
        with self.storage.transaction():
            doc_id = super().insert(document)
            self._record("set", self._docs([doc_id]))
        return doc_id

    def insert_multiple(self, documents: Iterable[Mapping]) -> list[int]:
        with self.storage.transaction():
            doc_ids = super().insert_multiple(documents)
            self._record("set", self._docs(doc_ids))
        return doc_ids

    def update(
        self,
        fields: Mapping | Callable[[dict], None],
        cond: Any = None,
        doc_ids: Iterable[int] | None = None,
    ) -> list[int]:
        self._keys = None  # the fields of the key may change
        with self.storage.transaction():
            updated = super().update(fields, cond, doc_ids)
            if callable(fields):
                self._record("set", self._docs(updated))
            else:
                self._record("patch", {str(i): dict(fields) for i in updated})
        return updated

    def update_multiple(self, updates: Iterable) -> list[int]:
        self._keys = None
        with self.storage.transaction():
            updated = super().update_multiple(updates)
            self._record("set", self._docs(updated))
        return updated

    def upsert(self, document: Mapping, cond: Any = None) -> list[int]:
        self._keys = None
        with self.storage.transaction():
            doc_ids = super().upsert(document, cond)
            self._record("set", self._docs(doc_ids))
        return doc_ids

    def remove(self, cond: Any = None, doc_ids: Iterable[int] | None = None) -> list[int]:
        with self.storage.transaction():
            removed = super().remove(cond, doc_ids)
            self._record("del", [str(i) for i in removed])
        return removed

    def truncate(self) -> None:
        self._keys = None
        with self.storage.transaction():
            super().truncate()
            self._record("whole", None)

    def raw(self) -> dict[str, dict]:
        """The table's documents as stored (doc id -> document), without copying them:
        for reading only."""
        return (self.storage.read() or {}).get(self.name, {})

    def document(self, doc_id: str) -> Document:
        """One stored document (a copy) by its doc id as stored."""
        return Document(self.raw()[doc_id], int(doc_id))


class JournaledDB(TinyDB):
    """A TinyDB whose tables are ``JournaledTable``s (open it on a storage that journals)."""

    table_class = JournaledTable
