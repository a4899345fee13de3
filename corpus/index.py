"""The library index (``index.json``): one entry per article with its statement counts.

The index is a cache of what the article files say. Each entry remembers the signature of
the file it was computed from, so entries of files that changed since (after a crash) are
recomputed when the index is loaded (the signature covers the file's journal,
corpus.journal). Counts an edit changes wait in memory, as a function that works them out,
until the index is next read or written (``flush``, or any entry change).
"""
from __future__ import annotations

import functools
from collections.abc import Callable
from dataclasses import dataclass, field

from tinydb import TinyDB
from tinydb.storages import MemoryStorage

from corpus.migrations import META_TABLE, SCHEMA_VERSION, upgrade
from corpus.paths import LibraryLayout
from corpus.storage import AtomicJSONStorage, json_copy, move_aside, store_signature
from corpus.store_errors import CorruptFileError, UnknownArticleError

ENTRIES_TABLE = "articles"


@dataclass(frozen=True)
class ArticleEntry:
    """One line of the library index."""

    id: str
    title: str
    source: str
    added: str
    updated: str
    status: str
    model: str | None
    statements: int
    counts: dict[str, int] = field(default_factory=dict)
    annotators: dict[str, int] = field(default_factory=dict)  # layer -> statements in it
    datasets: list[str] = field(default_factory=list)  # named sets the article is in

    @classmethod
    def from_record(cls, record: dict) -> "ArticleEntry":
        fields = {name: json_copy(record.get(name)) for name in cls.__dataclass_fields__}
        return cls(**{**fields, "annotators": fields["annotators"] or {}, "datasets": fields["datasets"] or []})

    @property
    def reviewed(self) -> int:
        """Statements a person has looked at (anything but an untouched model suggestion)."""
        return self.statements - (self.counts or {}).get("predicted", 0)


def _in_memory_copy(db: TinyDB) -> TinyDB:
    """A MemoryStorage TinyDB with the same content (a read-only library's private index)."""
    if isinstance(db.storage, MemoryStorage):
        return db
    memory = TinyDB(storage=MemoryStorage)
    memory.storage.write(json_copy(db.storage.read() or {}))
    db.close()
    return memory


class LibraryIndex:
    """The index file of a library folder: its entries, and which of them are out of date.

    It knows nothing of article files but their paths and signatures: the library computes
    entries (corpus.article_files.entry_fields) and writes them here. Read-only, entry
    changes stay in memory. A damaged index moved aside is reported in ``warnings``.
    """

    def __init__(self, layout: LibraryLayout, readonly: bool, warnings: list[str]) -> None:
        self.layout = layout
        self.readonly = readonly
        self.warnings = warnings
        self._db: TinyDB | None = None
        self._doc_ids: dict[str, int] = {}
        self._pending: dict[str, dict | Callable[[], dict]] = {}

    def __contains__(self, article_id: object) -> bool:
        return article_id in self._doc_ids

    @property
    def is_loaded(self) -> bool:
        return self._db is not None

    def load(self) -> list[str]:
        """(Re)load the index; the ids of the entries out of line with the article files on
        disk (file gone, changed since the entry was written, or not in the index yet).

        A damaged index is moved aside (the library rebuilds it from the article files).
        """
        self._db = self._open()
        files = self.layout.article_files()
        stale = []
        self._doc_ids = {}
        for doc in self._db.table(ENTRIES_TABLE).all():
            self._doc_ids[doc["id"]] = doc.doc_id
            path = files.pop(doc["id"], None)
            if path is None or store_signature(path) != doc.get("file"):
                stale.append(doc["id"])
        return stale + list(files)

    def _open(self) -> TinyDB:
        path = self.layout.index
        db = TinyDB(
            path,
            storage=AtomicJSONStorage,
            readonly=self.readonly,
            upgrade=functools.partial(upgrade, kind="index"),
        )
        try:
            db.storage.read()
            return db
        except CorruptFileError as exc:
            db.close()
            if self.readonly:
                self.warnings.append(f"{exc}; listing the article files instead")
                return TinyDB(storage=MemoryStorage)
            moved = move_aside(path)
            self.warnings.append(
                f"{path}: damaged ({exc.problem}); moved aside to {moved.name} and rebuilt "
                "from the article files"
            )
            return self._open()

    def defer(self, article_id: str, fields: dict | Callable[[], dict]) -> None:
        """Change an entry with the next index write (an edit's new counts), or when it is
        next read; ``fields`` may be a function working them out then."""
        self._pending[article_id] = fields

    def _worked_out(self) -> dict[str, dict]:
        """The pending entry changes, each function called (once)."""
        self._pending = {k: v() if callable(v) else v for k, v in self._pending.items()}
        return self._pending  # type: ignore[return-value]

    def remove(self, article_id: str) -> None:
        """Drop an article's entry, pending changes included."""
        self._pending.pop(article_id, None)
        self.write({article_id: None})

    def write(self, changes: dict[str, dict | None] | None = None) -> None:
        """Apply entry changes (None removes the entry) and the pending counts in one index
        write (in memory only when read-only)."""
        changes = {**self._worked_out(), **(changes or {})}
        self._pending = {}
        table = self._db.table(ENTRIES_TABLE)

        def apply() -> None:
            for key, fields in changes.items():
                doc_id = self._doc_ids.get(key)
                if fields == {}:
                    continue  # could not be worked out: the entry stays as it is
                if fields is None:
                    if doc_id is not None:
                        table.remove(doc_ids=[doc_id])
                        del self._doc_ids[key]
                elif doc_id is None:
                    self._doc_ids[key] = table.insert(fields)
                else:
                    table.update(fields, doc_ids=[doc_id])
            if not self._db.table(META_TABLE).all():
                self._db.table(META_TABLE).insert({"schema": SCHEMA_VERSION, "kind": "index"})

        if self.readonly:
            self._db = _in_memory_copy(self._db)
            table = self._db.table(ENTRIES_TABLE)
            apply()
            return
        try:
            with self._db.storage.transaction():
                apply()
        except BaseException:
            self._doc_ids = {d["id"]: d.doc_id for d in self._db.table(ENTRIES_TABLE).all()}
            raise

    def flush(self) -> None:
        """Write the statement counts edits have changed to the index."""
        if self._pending and not self.readonly:
            self.write()

    def entries(self) -> list[ArticleEntry]:
        """Every article, oldest first."""
        entries = []
        pending = self._worked_out()
        for doc in self._db.table(ENTRIES_TABLE).all():
            entries.append(ArticleEntry.from_record({**doc, **pending.get(doc["id"], {})}))
        entries.sort(key=lambda e: (e.added, e.id))
        return entries

    def entry(self, article_id: str) -> ArticleEntry:
        """The index entry of one article."""
        doc_id = self._doc_ids.get(article_id)
        if doc_id is None:
            raise UnknownArticleError(f"{self.layout.root}: no article {article_id} in this library")
        doc = self._db.table(ENTRIES_TABLE).get(doc_id=doc_id)
        return ArticleEntry.from_record({**doc, **self._worked_out().get(article_id, {})})

    def close(self) -> None:
        if self._db is not None:
            self._db.close()
            self._db = None
