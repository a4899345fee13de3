"""The annotation library: articles, their statements and edit history, in TinyDB files.

Layout (see corpus.paths): ``index.json`` lists the articles with their statement counts;
``articles/ID.json`` holds one article's text, metadata, the model that parsed it, its
statements and its history. Every file is written with AtomicJSONStorage (crash-safe).

A statement edit writes only the article's file (one fsync and a folder fsync). The index
is a cache of what the article files say: the counts an edit changes are written with the
next index write (``flush()``, ``close()``, adding or deleting an article, a status change),
and each index entry remembers the signature of the file it was computed from, so after a
crash the entries of files that changed since are recomputed when the library opens.

Typical use::

    with Library.open() as library:           # --library, $QUOTELENS_LIBRARY, user data dir
        entry = library.add_article(article)   # idempotent
        if not library.has_parse(entry.id, model_label):
            library.save_parse(entry.id, [s.to_dict() for s in statements], model_label)
        library.update_statement(entry.id, sid, {"status": "accepted"})
"""
from __future__ import annotations

import functools
import os
import threading
from collections import OrderedDict
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path
from typing import Any, NamedTuple, TypeVar

import orjson
from tinydb import TinyDB
from tinydb.storages import MemoryStorage

from corpus import history as hist
from corpus.article import Article
from corpus.locking import LibraryLock
from corpus.migrations import META_TABLE, SCHEMA_VERSION, upgrade
from corpus.paths import LibraryLayout, resolve_library_path
from corpus.records import (
    apply_changes,
    check_record,
    complete_record,
    human_record,
    machine_record,
    now,
    quotes_overlap,
    status_counts,
)
from corpus.storage import (
    AtomicJSONStorage,
    file_signature,
    fsync_folder,
    remove_stray_temp_files,
)
from corpus.store_errors import (
    CorruptFileError,
    InvalidStatementError,
    LibraryLockedError,
    NewerVersionError,
    ReadOnlyLibraryError,
    StoreError,
    UnknownArticleError,
    UnknownStatementError,
)

ARTICLE_STATUSES = ("new", "in_progress", "done", "skipped")
ANNOTATOR_ENV = "QUOTELENS_ANNOTATOR"
_ARTICLES, _ARTICLE, _STATEMENTS, _HISTORY = "articles", "article", "statements", "history"
_OPEN_ARTICLES = 8  # article files kept in memory

F = TypeVar("F", bound=Callable[..., Any])


def _serialised(method: F) -> F:
    """Run the method under the library's lock (UI thread and workers share one library)."""

    @functools.wraps(method)
    def wrapper(self: "Library", *args: Any, **kwargs: Any) -> Any:
        with self._mutex:
            return method(self, *args, **kwargs)

    return wrapper  # type: ignore[return-value]


def _copy(value: Any) -> Any:
    """A deep copy of JSON data, so callers never alias the storage's memory."""
    return orjson.loads(orjson.dumps(value))


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

    @classmethod
    def from_record(cls, record: dict) -> "ArticleEntry":
        return cls(**{name: _copy(record.get(name)) for name in cls.__dataclass_fields__})


@dataclass(frozen=True)
class StoredArticle:
    """An article as stored: its text and metadata, and the model that parsed it."""

    id: str
    title: str
    text: str
    source: str
    meta: dict
    added: str
    status: str
    model: str | None
    parsed_at: str | None

    @classmethod
    def from_record(cls, record: dict) -> "StoredArticle":
        return cls(**{name: _copy(record.get(name)) for name in cls.__dataclass_fields__})

    def to_article(self) -> Article:
        """The corpus.article.Article the reader opens."""
        return Article(title=self.title, text=self.text, source=self.source, meta=dict(self.meta))


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


class Library:
    """A library folder opened for writing (one process at a time) or read-only.

    Open it with ``Library.open``. ``readonly`` says whether changes can be saved and
    ``readonly_reason`` why not; ``warnings`` lists what the UI should tell the user
    (damaged files moved aside, a stale lock taken over). Methods are thread-safe.
    """

    def __init__(
        self,
        layout: LibraryLayout,
        lock: LibraryLock | None,
        readonly_reason: str | None,
        annotator: str | None,
        warnings: list[str],
    ) -> None:
        self.layout = layout
        self.readonly_reason = readonly_reason
        self.annotator = annotator
        self.warnings = warnings
        self._lock = lock
        self._mutex = threading.RLock()
        self._index: TinyDB | None = None
        self._doc_ids: dict[str, int] = {}
        self._pending: dict[str, dict] = {}
        self._open_articles: OrderedDict[str, TinyDB] = OrderedDict()

    # -- opening and closing -------------------------------------------------------------

    @classmethod
    def open(
        cls,
        path: str | Path | None = None,
        readonly: bool | None = None,
        annotator: str | None = None,
    ) -> "Library":
        """Open (creating if needed) the library at ``path``, $QUOTELENS_LIBRARY or the default.

        ``readonly=None`` opens for writing when no other quotelens holds the library and
        read-only (with ``readonly_reason``) when one does; ``False`` raises
        LibraryLockedError instead; ``True`` never writes. ``annotator`` is recorded in the
        history of edits (default: $QUOTELENS_ANNOTATOR, else the login name).
        """
        layout = LibraryLayout(resolve_library_path(path))
        layout.check_folder(must_exist=readonly is True)
        warnings: list[str] = []
        lock, reason = None, None
        if readonly:
            reason = "opened read-only as asked"
        else:
            lock, reason = cls._take_lock(layout, required=readonly is False)
            if lock is not None:
                stale = lock.stale_message()
                if stale:
                    warnings.append(stale)
                for folder in (layout.root, layout.articles):
                    remove_stray_temp_files(folder)
        library = cls(layout, lock, reason, annotator or _default_annotator(), warnings)
        try:
            library.refresh()
        except OSError as exc:
            library.close()
            raise StoreError(f"{layout.root}: cannot be read ({exc.strerror or exc})") from None
        except BaseException:
            library.close()
            raise
        return library

    @staticmethod
    def _take_lock(layout: LibraryLayout, required: bool) -> tuple[LibraryLock | None, str | None]:
        try:
            layout.articles.mkdir(parents=True, exist_ok=True)
            lock = LibraryLock(layout.lock)
            acquired = lock.acquire()
        except OSError as exc:
            problem = f"{layout.root}: cannot write here ({exc.strerror or exc})"
            if required:
                raise StoreError(problem) from None
            return None, f"{problem}; opened read-only"
        if acquired:
            return lock, None
        holder = lock.other.describe() if lock.other else "another process"
        if required:
            raise LibraryLockedError(
                f"{layout.root}: in use by another quotelens ({holder}); close it or open read-only"
            )
        return None, (
            f"{layout.root}: another quotelens ({holder}) is writing to this library; "
            "opened read-only, changes cannot be saved"
        )

    @property
    def root(self) -> Path:
        return self.layout.root

    @property
    def readonly(self) -> bool:
        return self._lock is None

    @_serialised
    def close(self) -> None:
        """Write pending index counts, close the files and give up the writer lock."""
        try:
            if not self.readonly and self._index is not None:
                self.flush()
        finally:
            for db in self._open_articles.values():
                db.close()
            self._open_articles.clear()
            if self._index is not None:
                self._index.close()
                self._index = None
            if self._lock is not None:
                self._lock.release()
                self._lock = None

    def __enter__(self) -> "Library":
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # -- the index -----------------------------------------------------------------------

    @_serialised
    def refresh(self) -> None:
        """(Re)load the index and bring it in line with the article files on disk.

        Entries whose file is gone are dropped, entries whose file changed since the index
        was written are recomputed, and files missing from the index are added. A damaged
        index is moved aside and rebuilt from the article files.
        """
        self._index = self._open_index()
        files = self.layout.article_files()
        changes: dict[str, dict | None] = {}
        self._doc_ids = {}
        for doc in self._index.table(_ARTICLES).all():
            self._doc_ids[doc["id"]] = doc.doc_id
            path = files.pop(doc["id"], None)
            if path is None:
                changes[doc["id"]] = None
            elif file_signature(path) != doc.get("file"):
                self._refresh_entry(doc["id"], changes)
        for article_id in files:
            self._refresh_entry(article_id, changes)
        if changes:
            self._write_index(changes)

    def _open_index(self) -> TinyDB:
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
            return self._open_index()

    def _refresh_entry(self, article_id: str, changes: dict[str, dict | None]) -> None:
        """Recompute an index entry from its article file; a damaged file is dropped."""
        try:
            db = self._article_db(article_id, keep=False, check_index=False)
        except NewerVersionError as exc:
            self.warnings.append(str(exc))
            return
        except CorruptFileError:
            changes[article_id] = None
            return
        try:
            changes[article_id] = self._summary(db)
        finally:
            if article_id not in self._open_articles:
                db.close()

    @staticmethod
    def _summary(db: TinyDB) -> dict:
        article = _article_record(db)
        records = db.table(_STATEMENTS).all()
        return {
            "id": article["id"],
            "title": article["title"],
            "source": article["source"],
            "added": article["added"],
            "updated": article.get("updated") or article["added"],
            "status": article.get("status", "new"),
            "model": article.get("model"),
            "statements": len(records),
            "counts": status_counts(records),
            "file": db.storage.signature,
        }

    def _write_index(self, changes: dict[str, dict | None] | None = None) -> None:
        """Apply entry changes (None removes the entry) and the pending counts in one index
        write (in memory only when read-only)."""
        changes = {**self._pending, **(changes or {})}
        self._pending = {}
        table = self._index.table(_ARTICLES)

        def apply() -> None:
            for key, fields in changes.items():
                doc_id = self._doc_ids.get(key)
                if fields is None:
                    if doc_id is not None:
                        table.remove(doc_ids=[doc_id])
                        del self._doc_ids[key]
                elif doc_id is None:
                    self._doc_ids[key] = table.insert(fields)
                else:
                    table.update(fields, doc_ids=[doc_id])
            if not self._index.table(META_TABLE).all():
                self._index.table(META_TABLE).insert({"schema": SCHEMA_VERSION, "kind": "index"})

        if self.readonly:
            self._index = _in_memory_copy(self._index)
            table = self._index.table(_ARTICLES)
            apply()
            return
        try:
            with self._index.storage.transaction():
                apply()
        except BaseException:
            self._doc_ids = {d["id"]: d.doc_id for d in self._index.table(_ARTICLES).all()}
            raise

    @_serialised
    def flush(self) -> None:
        """Write the statement counts edits have changed to the index."""
        if self._pending and not self.readonly:
            self._write_index()

    @_serialised
    def articles(self) -> list[ArticleEntry]:
        """The index: every article, oldest first."""
        entries = []
        for doc in self._index.table(_ARTICLES).all():
            entries.append(ArticleEntry.from_record({**doc, **self._pending.get(doc["id"], {})}))
        entries.sort(key=lambda e: (e.added, e.id))
        return entries

    @_serialised
    def entry(self, article_id: str) -> ArticleEntry:
        """The index entry of one article."""
        doc_id = self._doc_ids.get(article_id)
        if doc_id is None:
            raise UnknownArticleError(f"{self.root}: no article {article_id} in this library")
        doc = self._index.table(_ARTICLES).get(doc_id=doc_id)
        return ArticleEntry.from_record({**doc, **self._pending.get(article_id, {})})

    def __contains__(self, article_id: object) -> bool:
        return article_id in self._doc_ids

    # -- articles ------------------------------------------------------------------------

    @_serialised
    def add_article(self, article: Article) -> ArticleEntry:
        """Add an article (no-op if its text is already in the library); its index entry."""
        if article.id in self._doc_ids:
            return self.entry(article.id)
        self._require_writable()
        if self.layout.article(article.id).exists():  # appeared since the library was opened
            changes: dict[str, dict | None] = {}
            self._refresh_entry(article.id, changes)
            if changes.get(article.id):
                self._write_index(changes)
                return self.entry(article.id)
        fields = {"title": article.title, "text": article.text, "source": article.source}
        self._create_article(_new_article_record(article.id, **fields, meta=dict(article.meta)))
        return self.entry(article.id)

    def _create_article(
        self, record: dict, statements: list[dict] | None = None, history: dict | None = None
    ) -> TinyDB:
        """Write a new article file (record, statements, one history entry) in one write."""
        db = self._new_article_db(record["id"])
        with db.storage.transaction():
            db.table(META_TABLE).insert({"schema": SCHEMA_VERSION, "kind": "article"})
            db.table(_ARTICLE).insert(record)
            if statements:
                db.table(_STATEMENTS).insert_multiple(statements)
            if history is not None:
                self._append_history(db, **history)
        self._keep_open(record["id"], db)
        self._write_index({record["id"]: self._summary(db)})
        return db

    @_serialised
    def import_article(
        self, article: dict, statements: list[dict], origin: str | None = None
    ) -> ImportCounts:
        """Store an annotated article and its statements as given (our JSONL or Prodigy
        export read back, or a gold corpus).

        ``article`` has the exported fields (id, title, text, source, meta, model, status); a
        new article keeps them all (status None means "new"), an article already in the
        library keeps its own record (its text must be the same). Statement records are stored
        with every field as given, after checking their spans against the text: one with the
        id of a stored statement replaces it; untouched machine suggestions (``predicted``)
        that overlap an imported statement are dropped. The statements and an ``import``
        history entry (``origin``: where they came from) reach the disk in one write.
        """
        self._require_writable()
        record, records = _checked_import(article, statements)
        aid = record["id"]
        if aid not in self._doc_ids and self.layout.article(aid).exists():
            changes: dict[str, dict | None] = {}
            self._refresh_entry(aid, changes)
            if changes.get(aid):
                self._write_index(changes)
        if aid not in self._doc_ids:
            counts = ImportCounts(added=len(records))
            history = dict(
                action="import", statement_id=None, before=None, after=None,
                who=self.annotator, origin=origin, **vars(counts),
            )  # fmt: skip
            record.update(_token_cache(record))
            self._create_article(record, _sorted(records, copy=False), history)
            return counts
        db = self._article_db(aid)
        stored = _article_record(db)
        if stored["text"] != record["text"]:
            raise InvalidStatementError(
                f"article {aid}: the library holds a different text under this id"
            )
        table = db.table(_STATEMENTS)
        incoming = {r["id"] for r in records}
        kept, replaced, dropped = [], 0, 0
        for doc in table.all():
            if doc["id"] in incoming:
                replaced += 1
            elif doc["status"] == "predicted" and any(quotes_overlap(doc, r) for r in records):
                dropped += 1
            else:
                kept.append(dict(doc))
        counts = ImportCounts(len(records) - replaced, replaced, dropped)
        with db.storage.transaction():
            table.truncate()
            table.insert_multiple(_sorted(kept + records, copy=False))
            db.table(_ARTICLE).update({"updated": now()})
            self._append_history(
                db, "import", None, None, None, self.annotator, origin=origin, **vars(counts)
            )
        self._write_index({aid: self._summary(db)})
        return counts

    @_serialised
    def article(self, article_id: str) -> StoredArticle:
        """The stored article: text, title, source, metadata, status, parsing model."""
        return StoredArticle.from_record(_article_record(self._article_db(article_id)))

    @_serialised
    def has_parse(self, article_id: str, model: str) -> bool:
        """True if the article's statements were found by ``model`` (so no need to parse)."""
        return self.entry(article_id).model == model

    @_serialised
    def set_article_status(
        self, article_id: str, status: str, annotator: str | None = None
    ) -> ArticleEntry:
        """Mark an article new, in_progress, done or skipped.

        A change is logged in the history (a ``status`` entry, for audits; not undoable).
        """
        if status not in ARTICLE_STATUSES:
            raise InvalidStatementError(
                f"unknown article status {status!r}; use one of {', '.join(ARTICLE_STATUSES)}"
            )
        self._require_writable()
        db = self._article_db(article_id)
        old = _article_record(db).get("status", "new")
        with db.storage.transaction():
            db.table(_ARTICLE).update({"status": status, "updated": now()})
            if old != status:
                self._append_history(
                    db, "status", None, {"status": old}, {"status": status},
                    annotator or self.annotator,
                )
        self._write_index({article_id: self._summary(db)})
        return self.entry(article_id)

    @_serialised
    def delete_article(self, article_id: str) -> None:
        """Remove an article, its statements and its history from the library."""
        self._require_writable()
        if article_id not in self._doc_ids:
            raise UnknownArticleError(f"{self.root}: no article {article_id} in this library")
        db = self._open_articles.pop(article_id, None)
        if db is not None:
            db.close()
        path = self.layout.article(article_id)
        try:
            path.unlink()
        except FileNotFoundError:
            pass
        fsync_folder(path.parent)
        self._pending.pop(article_id, None)
        self._write_index({article_id: None})

    def iter_articles(
        self, where: Callable[[ArticleEntry], bool] | None = None
    ) -> Iterator[tuple[StoredArticle, list[dict]]]:
        """Each article with its statements, one file in memory at a time (for exporters).

        ``where`` picks articles by their index entry before their file is read. Damaged
        files are skipped and reported in ``warnings``.
        """
        for record, statements in self.iter_article_records(where):
            yield StoredArticle.from_record(record), statements

    def iter_article_records(
        self, where: Callable[[ArticleEntry], bool] | None = None
    ) -> Iterator[tuple[dict, list[dict]]]:
        """As ``iter_articles``, with the article records as stored (plus their token
        offsets, when stored, which the Prodigy and spaCy exports reuse)."""
        for entry in self.articles():
            if where is not None and not where(entry):
                continue
            with self._mutex:
                try:
                    db = self._article_db(entry.id, keep=False)
                except (CorruptFileError, NewerVersionError, UnknownArticleError) as exc:
                    self.warnings.append(str(exc))
                    continue
                article = _copy(_article_record(db))
                records = _sorted(db.table(_STATEMENTS).all())
                if entry.id not in self._open_articles:
                    db.close()
            yield article, records

    # -- statements ----------------------------------------------------------------------

    @_serialised
    def statements(self, article_id: str) -> list[dict]:
        """The article's statement records (DESIGN.md), in text order."""
        return _sorted(self._article_db(article_id).table(_STATEMENTS).all())

    @_serialised
    def statement(self, article_id: str, statement_id: str) -> dict:
        """One statement record."""
        db = self._article_db(article_id)
        return _copy(dict(_find(db, statement_id, article_id)))

    @_serialised
    def save_parse(self, article_id: str, statements: list[dict], model: str) -> list[dict]:
        """Store what ``model`` found (``Statement.to_dict()`` records) for the article.

        Untouched suggestions (status ``predicted``) are replaced; statements people have
        accepted, corrected, added or rejected stay, and new suggestions that overlap one of
        them are dropped. Returns the article's statements afterwards.
        """
        self._require_writable()
        db = self._article_db(article_id)
        article = _article_record(db)
        table = db.table(_STATEMENTS)
        kept = [dict(d) for d in table.all() if d["status"] != "predicted"]
        taken = {r["id"] for r in kept}
        found = []
        for statement in statements:
            record = machine_record(statement, article_id, model, article["text"])
            if any(quotes_overlap(record, k) for k in kept):
                continue
            base, n = record["id"], 1
            while record["id"] in taken:
                n += 1
                record["id"] = f"{base}-{n}"
            taken.add(record["id"])
            found.append(record)
        removed = len(table) - len(kept)
        with db.storage.transaction():
            table.truncate()
            table.insert_multiple(_sorted(kept + found, copy=False))
            stamp = now()
            fields = {"model": model, "parsed_at": stamp, "updated": stamp}
            db.table(_ARTICLE).update({**fields, **_token_cache(article)})
            self._append_history(
                db, "parse", None, None, None, None,
                model=model, removed=removed, kept=len(kept), added=len(found),
            )
        self._write_index({article_id: self._summary(db)})
        return self.statements(article_id)

    @_serialised
    def add_statement(self, article_id: str, fields: dict, annotator: str | None = None) -> dict:
        """Add a statement a person marked; spans may omit ``text`` (taken from the article)."""
        self._require_writable()
        db = self._article_db(article_id)
        text = _article_record(db)["text"]
        record = human_record(_copy(fields), article_id, annotator or self.annotator, text)
        self._commit(article_id, db, "add", [_Change(record["id"], None, record)], annotator)
        return _copy(record)

    @_serialised
    def update_statement(
        self, article_id: str, statement_id: str, changes: dict, annotator: str | None = None
    ) -> dict:
        """Change fields of a statement (see records.EDITABLE_FIELDS); the record after it.

        The change and its history entry (before/after, who, when) reach the disk in one
        write before this returns. Changing what was said or by whom marks a model
        statement ``corrected`` unless ``status`` is given.
        """
        return self._update(article_id, {statement_id: changes}, annotator)[0]

    @_serialised
    def update_statements(
        self, article_id: str, changes_by_id: dict[str, dict], annotator: str | None = None
    ) -> list[dict]:
        """Change several statements at once (statement id -> changes, as in
        ``update_statement``); their records after it, in the order given.

        All changes and their history entries reach the disk in one write, or none does
        (an unknown id or invalid change raises before anything is written). The entries
        share a ``group``, so one undo reverses them all and one redo repeats them all.
        """
        return self._update(article_id, changes_by_id, annotator)

    def _update(
        self, article_id: str, changes_by_id: dict[str, dict], annotator: str | None
    ) -> list[dict]:
        self._require_writable()
        db = self._article_db(article_id)
        text = _article_record(db)["text"]
        afters, changed = [], []
        for statement_id, changes in changes_by_id.items():
            before = _copy(dict(_find(db, statement_id, article_id)))
            after = apply_changes(before, _copy(changes), annotator or self.annotator, text)
            if after is not before:
                changed.append(_Change(statement_id, before, after))
            afters.append(after)
        if changed:
            self._commit(article_id, db, "update", changed, annotator)
        return _copy(afters)

    @_serialised
    def delete_statement(self, article_id: str, statement_id: str, annotator: str | None = None) -> None:
        """Remove a statement (to dismiss a suggestion, prefer status ``rejected``)."""
        self._require_writable()
        db = self._article_db(article_id)
        before = _copy(dict(_find(db, statement_id, article_id)))
        self._commit(article_id, db, "delete", [_Change(statement_id, before, None)], annotator)

    # -- history -------------------------------------------------------------------------

    @_serialised
    def history(
        self, article_id: str, statement_id: str | None = None, group: int | None = None
    ) -> list[dict]:
        """History entries of the article (or of one statement, or of one grouped step),
        oldest first."""
        entries = _history(self._article_db(article_id))
        if statement_id is not None:
            entries = [e for e in entries if e["statement_id"] == statement_id]
        if group is not None:
            entries = [e for e in entries if e.get("group") == group]
        return _copy(entries)

    @_serialised
    def can_undo(self, article_id: str) -> bool:
        return bool(hist.stacks(_history(self._article_db(article_id)))[0])

    @_serialised
    def can_redo(self, article_id: str) -> bool:
        return bool(hist.stacks(_history(self._article_db(article_id)))[1])

    @_serialised
    def undo(self, article_id: str, annotator: str | None = None) -> dict | None:
        """Reverse the latest edit not yet undone; its new history entry, or None.

        A grouped edit (``update_statements``) is reversed whole, in one write; the entry
        returned is then the last of the step's entries, all of which carry ``group``
        (``history(article_id, group=...)`` lists them).
        """
        return self._travel(article_id, "undo", annotator)

    @_serialised
    def redo(self, article_id: str, annotator: str | None = None) -> dict | None:
        """Repeat the latest undone edit (a grouped edit whole); as ``undo``."""
        return self._travel(article_id, "redo", annotator)

    def _travel(self, article_id: str, action: str, annotator: str | None) -> dict | None:
        self._require_writable()
        db = self._article_db(article_id)
        undo_stack, redo_stack = hist.stacks(_history(db))
        stack = undo_stack if action == "undo" else redo_stack
        if not stack:
            return None
        targets = reversed(stack[-1]) if action == "undo" else stack[-1]
        changes = []
        for target in targets:
            sid = target["statement_id"]
            doc = _find(db, sid, article_id, missing_ok=True)
            current = _copy(dict(doc)) if doc is not None else None
            state = target["before"] if action == "undo" else target["after"]
            changes.append(_Change(sid, current, _copy(state), target["seq"]))
        return _copy(self._commit(article_id, db, action, changes, annotator)[-1])

    # -- internals -----------------------------------------------------------------------

    def _require_writable(self) -> None:
        if self.readonly:
            raise ReadOnlyLibraryError(
                f"{self.root}: read-only, nothing can be saved ({self.readonly_reason})"
            )

    def _commit(
        self,
        article_id: str,
        db: TinyDB,
        action: str,
        changes: list[_Change],
        annotator: str | None,
    ) -> list[dict]:
        """Set each change's statement to its ``after`` and log it: one atomic file write.

        Several changes are one step: their history entries share a ``group``.
        """
        table = db.table(_STATEMENTS)
        promote = _article_record(db).get("status", "new") == "new"
        who = annotator or self.annotator
        # the seq the first entry gets (see _append_history)
        group = {"group": len(db.table(_HISTORY)) + 1} if len(changes) > 1 else {}
        entries: list[dict] = []
        with db.storage.transaction():
            for change in changes:
                doc = _find(db, change.statement_id, article_id, missing_ok=True)
                if doc is not None:
                    table.remove(doc_ids=[doc.doc_id])
                if change.after is not None:
                    table.insert(change.after)
                entries.append(self._append_history(
                    db, action, change.statement_id, change.before, change.after, who,
                    ref=change.ref, **group,
                ))  # fmt: skip
            fields = {"updated": now()}
            if promote:
                fields["status"] = "in_progress"
            db.table(_ARTICLE).update(fields)
        self._pending[article_id] = self._summary(db)
        return entries

    @staticmethod
    def _append_history(db: TinyDB, *args: Any, **kwargs: Any) -> dict:
        """Append ``corpus.history.entry(next seq, *args, **kwargs)`` to the article's history."""
        table = db.table(_HISTORY)
        entry = hist.entry(len(table) + 1, *args, **kwargs)
        table.insert(entry)
        return entry

    def _article_db(self, article_id: str, keep: bool = True, check_index: bool = True) -> TinyDB:
        """The open TinyDB of an article, loading (and checking) its file if needed."""
        db = self._open_articles.get(article_id)
        if db is not None:
            self._open_articles.move_to_end(article_id)
            return db
        if check_index and article_id not in self._doc_ids:
            raise UnknownArticleError(f"{self.root}: no article {article_id} in this library")
        path = self.layout.article(article_id)
        if not path.exists():
            raise UnknownArticleError(f"{path}: the article file is missing")
        db = self._new_article_db(article_id)
        try:
            _article_record(db)
        except CorruptFileError as exc:
            db.close()
            raise self._damaged(article_id, exc) from None
        except BaseException:
            db.close()
            raise
        if keep:
            self._keep_open(article_id, db)
        return db

    def _new_article_db(self, article_id: str) -> TinyDB:
        return TinyDB(
            self.layout.article(article_id),
            storage=AtomicJSONStorage,
            readonly=self.readonly,
            upgrade=functools.partial(upgrade, kind="article"),
        )

    def _keep_open(self, article_id: str, db: TinyDB) -> None:
        self._open_articles[article_id] = db
        while len(self._open_articles) > _OPEN_ARTICLES:
            _, old = self._open_articles.popitem(last=False)
            old.close()

    def _damaged(self, article_id: str, exc: CorruptFileError) -> CorruptFileError:
        """Move a damaged article file aside (when writing) and drop it from the index."""
        if self.readonly:
            self.warnings.append(str(exc))
            return exc
        path = self.layout.article(article_id)
        moved = move_aside(path)
        error = CorruptFileError(str(path), exc.problem, moved_to=str(moved))
        title = ""
        if article_id in self._doc_ids:
            title = f" “{self.entry(article_id).title}”"
            self._pending.pop(article_id, None)
            self._write_index({article_id: None})
        self.warnings.append(f"{error}; article{title} removed from the library, open its source again to re-add it")
        return error


class _Change(NamedTuple):
    """One statement set from ``before`` to ``after`` (None: absent); ``ref``: the history
    entry an undo or redo reverses or repeats."""

    statement_id: str
    before: dict | None
    after: dict | None
    ref: int | None = None


@dataclass(frozen=True)
class ImportCounts:
    """What ``Library.import_article`` did to an article's statements."""

    added: int = 0
    replaced: int = 0
    dropped: int = 0  # machine suggestions superseded by an imported statement


def _new_article_record(
    article_id: str,
    title: str,
    text: str,
    source: str,
    meta: dict,
    model: str | None = None,
    status: str = "new",
) -> dict:
    stamp = now()
    return {
        "id": article_id,
        "title": title,
        "text": text,
        "source": source,
        "meta": meta,
        "added": stamp,
        "updated": stamp,
        "status": status,
        "model": model,
        "parsed_at": None,
    }


def _token_cache(article: dict) -> dict:
    """The article record's stored token offsets, if it has none yet (``{}`` if it has).

    Exports read them instead of tokenising the text again (corpus.export.tokens). They are
    stored when an article is parsed or imported with annotations, where spaCy is at work
    anyway, not by ``add_article``, which stays free of spaCy.
    """
    from corpus.export.tokens import TOKENS_FIELD, encode_tokens

    return {} if article.get(TOKENS_FIELD) else {TOKENS_FIELD: encode_tokens(article["text"])}


def _checked_import(article: dict, statements: list[dict]) -> tuple[dict, list[dict]]:
    """The new-article record and copies of the statement records of an import, checked."""
    aid, text = article.get("id"), article.get("text")
    if not isinstance(aid, str) or not isinstance(text, str):
        raise InvalidStatementError("an imported article needs a string 'id' and 'text'")
    try:
        LibraryLayout(Path(".")).article(aid)
    except ValueError:
        raise InvalidStatementError(f"article id {aid!r} is not a plain token") from None
    status = article.get("status") or "new"
    if status not in ARTICLE_STATUSES:
        raise InvalidStatementError(
            f"article {aid}: unknown status {status!r}; use one of {', '.join(ARTICLE_STATUSES)}"
        )
    record = _new_article_record(
        aid,
        title=article.get("title") or "",
        text=text,
        source=article.get("source") or "",
        meta=_copy(article.get("meta") or {}),
        model=article.get("model"),
        status=status,
    )
    records, seen = [], set()
    for statement in statements:
        copy = _copy(statement)
        if copy.get("article_id") != aid:
            raise InvalidStatementError(f"statement {copy.get('id', '?')}: not of article {aid}")
        if not isinstance(copy.get("id"), str) or copy["id"] in seen:
            raise InvalidStatementError(f"statement id {copy.get('id')!r} is missing or repeated")
        seen.add(copy["id"])
        complete_record(copy, aid, record["model"])
        check_record(copy, text)
        records.append(copy)
    return record, records


def _default_annotator() -> str | None:
    env = os.environ.get(ANNOTATOR_ENV)
    if env:
        return env
    try:
        import getpass

        return getpass.getuser()
    except (ImportError, KeyError, OSError):
        return None


def _article_record(db: TinyDB) -> dict:
    """The one article record of an article file; CorruptFileError if there is none."""
    records = db.table(_ARTICLE).all()
    if len(records) != 1 or not isinstance(records[0].get("text"), str):
        raise CorruptFileError(str(db.storage.path), "no article record in this file")
    return records[0]


def _find(db: TinyDB, statement_id: str, article_id: str, missing_ok: bool = False):
    for doc in db.table(_STATEMENTS).all():
        if doc.get("id") == statement_id:
            return doc
    if missing_ok:
        return None
    raise UnknownStatementError(f"article {article_id}: no statement {statement_id}")


def _history(db: TinyDB) -> list[dict]:
    return sorted(db.table(_HISTORY).all(), key=lambda e: e["seq"])


def _sorted(records: list[dict], copy: bool = True) -> list[dict]:
    ordered = sorted(records, key=lambda r: (r["quote"][0]["start"], r["quote"][0]["end"], r["id"]))
    return _copy([dict(r) for r in ordered]) if copy else ordered


def _in_memory_copy(db: TinyDB) -> TinyDB:
    """A MemoryStorage TinyDB with the same content (a read-only library's private index)."""
    if isinstance(db.storage, MemoryStorage):
        return db
    memory = TinyDB(storage=MemoryStorage)
    memory.storage.write(_copy(db.storage.read() or {}))
    db.close()
    return memory
