"""The annotation library: articles, their statements and edit history, in TinyDB files.

Layout (see corpus.paths): ``index.json`` lists the articles with their statement counts;
``articles/ID.json`` holds one article's text, metadata, the model that parsed it, its
statements and its history. Every file is written with AtomicJSONStorage (crash-safe).

A statement edit appends one line to the article file's journal (one fsync;
corpus.journal), folded into the file when it is closed. The index is a cache of what the
article files say: the counts an edit changes are worked out and written with the next
index write (``flush()``, ``close()``, adding or deleting an article, a status change),
and each index entry remembers the signature of the file and journal it was computed from,
so after a crash the entries of files that changed since are recomputed when the library
opens.

``Library`` is the facade (opening, the writer lock, thread safety) and the one coordinator:
it calls corpus.index (the index file), corpus.article_files (article files), corpus.edits
(statement edits, undo and redo) and corpus.library_import (``import_article``), which never
call each other back (see docs/architecture.md).

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
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import Any, TypeVar

from tinydb import TinyDB

from corpus import edits, layers
from corpus.article import Article
from corpus.article_files import (
    ARTICLE_STATUSES,
    ARTICLE_TABLE,
    STATEMENTS_TABLE,
    ArticleFiles,
    StoredArticle,
    append_history,
    article_record,
    entry_fields,
    find_statement,
    history_entries,
    new_article_record,
    sorted_statements,
    token_cache,
)
from corpus.index import ArticleEntry, LibraryIndex
from corpus.library_import import ImportCounts, checked_import, merge_import
from corpus.locking import LibraryLock
from corpus.paths import LibraryLayout, resolve_library_path
from corpus.records import human_record, machine_record
from corpus.schema import check, now, quotes_overlap, readable
from corpus.storage import json_copy, move_aside, remove_stray_temp_files
from corpus.store_errors import (
    CorruptFileError,
    InvalidStatementError,
    LibraryLockedError,
    NewerVersionError,
    ReadOnlyLibraryError,
    StoreError,
    UnknownArticleError,
)

__all__ = [
    "ANNOTATOR_ENV",
    "ARTICLE_STATUSES",
    "ArticleEntry",
    "ImportCounts",
    "Library",
    "StoredArticle",
    "move_aside",
]

ANNOTATOR_ENV = "QUOTELENS_ANNOTATOR"

F = TypeVar("F", bound=Callable[..., Any])


def _serialised(method: F) -> F:
    """Run the method under the library's lock (UI thread and workers share one library)."""

    @functools.wraps(method)
    def wrapper(self: "Library", *args: Any, **kwargs: Any) -> Any:
        with self._mutex:
            return method(self, *args, **kwargs)

    return wrapper  # type: ignore[return-value]


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
        #: article id -> one line per stored statement that is not valid (corpus.schema
        #: ``readable``), found when its statements were last read; such statements stay
        #: in the file but are not shown or exported
        self.invalid: dict[str, list[str]] = {}
        self._lock = lock
        self._mutex = threading.RLock()
        self._files = ArticleFiles(layout, readonly=lock is None)
        self._index = LibraryIndex(layout, readonly=lock is None, warnings=warnings)

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
                f"{layout.root}: in use by another quotelens ({holder}); close it and try again"
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
        """Fold the article files' journals in, write pending index counts, close the files
        and give up the writer lock."""
        try:
            if not self.readonly and self._index.is_loaded:
                self._files.fold()
                self.flush()
        finally:
            self._files.close()
            self._index.close()
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
        changes: dict[str, dict | None] = {}
        for article_id in self._index.load():
            changes[article_id] = self._entry_from_file(article_id)
        changes = {k: v for k, v in changes.items() if v is not False}
        if changes:
            self._index.write(changes)

    @_serialised
    def flush(self) -> None:
        """Write the statement counts edits have changed to the index (and the new
        signatures of files whose journal was folded in)."""
        for article_id in self._files.take_folded():
            if article_id in self._index:
                self._index.defer(article_id, functools.partial(self._fields, article_id))
        self._index.flush()

    @_serialised
    def articles(self) -> list[ArticleEntry]:
        """The index: every article, oldest first."""
        return self._index.entries()

    @_serialised
    def entry(self, article_id: str) -> ArticleEntry:
        """The index entry of one article."""
        return self._index.entry(article_id)

    def __contains__(self, article_id: object) -> bool:
        return article_id in self._index

    # -- articles ------------------------------------------------------------------------

    @_serialised
    def add_article(self, article: Article) -> ArticleEntry:
        """Add an article (no-op if its text is already in the library); its index entry."""
        if article.id in self._index:
            return self.entry(article.id)
        self._require_writable()
        if self._adopt(article.id):  # its file appeared since the library was opened
            return self.entry(article.id)
        fields = {"title": article.title, "text": article.text, "source": article.source}
        self._create_article(new_article_record(article.id, **fields, meta=dict(article.meta)))
        return self.entry(article.id)

    def _create_article(
        self, record: dict, statements: list[dict] | None = None, history: dict | None = None
    ) -> TinyDB:
        """Write a new article file (record, statements, one history entry) and its entry."""
        db = self._files.create(record, statements, history)
        self._index.write({record["id"]: entry_fields(db)})
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
        record, records = checked_import(article, statements, self.annotator)
        aid = record["id"]
        if aid not in self._index:
            self._adopt(aid)
        if aid not in self._index:
            counts = ImportCounts(added=len(records))
            history = dict(
                action="import", statement_id=None, before=None, after=None,
                who=self.annotator, origin=origin, **vars(counts),
            )  # fmt: skip
            record.update(token_cache(record))
            self._create_article(record, sorted_statements(records, copy=False), history)
            return counts
        db = self._article_db(aid)
        counts = merge_import(db, record, records, self.annotator, origin)
        if counts.changed:
            self._index.write({aid: entry_fields(db)})
        return counts

    @_serialised
    def article(self, article_id: str) -> StoredArticle:
        """The stored article: text, title, source, metadata, status, parsing model."""
        return StoredArticle.from_record(article_record(self._article_db(article_id)))

    @_serialised
    def has_parse(self, article_id: str, model: str) -> bool:
        """True if the article's statements were found by ``model`` (so no need to parse)."""
        return self.entry(article_id).model == model

    @_serialised
    def set_article_status(
        self, article_id: str, status: str, annotator: str | None = None
    ) -> ArticleEntry:
        """Mark an article new, in_progress, done or skipped.

        A change is logged in the history (a ``status`` entry, for audits; not undoable),
        and so is an annotator marking done an article someone else already had: each
        annotator's own mark is what ``done_by`` reads.
        """
        if status not in ARTICLE_STATUSES:
            raise InvalidStatementError(
                f"unknown article status {status!r}; use one of {', '.join(ARTICLE_STATUSES)}"
            )
        self._require_writable()
        db = self._article_db(article_id)
        old = article_record(db).get("status", "new")
        who = annotator or self.annotator
        with db.storage.transaction():
            db.table(ARTICLE_TABLE).update({"status": status, "updated": now()})
            if old != status or _marks(db).get(who) != status:
                append_history(db, "status", None, {"status": old}, {"status": status}, who)
        self._index.write({article_id: entry_fields(db)})
        return self.entry(article_id)

    @_serialised
    def add_to_dataset(self, article_ids: Iterable[str], name: str) -> int:
        """Put the articles in the dataset ``name`` (a set such as train, dev or a project:
        the article record's ``datasets``); how many were not in it yet."""
        if not isinstance(name, str) or not name.strip() or "," in name:
            raise InvalidStatementError(f"dataset name {name!r}: use a non-empty name without commas")
        self._require_writable()
        changed = {}
        for article_id in article_ids:
            db = self._article_db(article_id)
            names = list(article_record(db).get("datasets") or [])
            if name in names:
                continue
            db.table(ARTICLE_TABLE).update({"datasets": sorted([*names, name]), "updated": now()})
            changed[article_id] = entry_fields(db)
        if changed:
            self._index.write(changed)
        return len(changed)

    @_serialised
    def done_by(self, article_id: str) -> set[str]:
        """The annotators whose latest status change of the article marked it done."""
        marks = _marks(self._article_db(article_id))
        return {who for who, status in marks.items() if who and status == "done"}

    @_serialised
    def delete_article(self, article_id: str) -> None:
        """Remove an article, its statements and its history from the library."""
        self._require_writable()
        if article_id not in self._index:
            raise UnknownArticleError(f"{self.root}: no article {article_id} in this library")
        self._files.delete(article_id)
        self._index.remove(article_id)

    def iter_articles(
        self, where: Callable[[ArticleEntry], bool] | None = None
    ) -> Iterator[tuple[StoredArticle, list[dict]]]:
        """Each article with its statements, one file in memory at a time (for exporters).

        ``where`` picks articles by their index entry before their file is read. Damaged
        files are skipped and reported in ``warnings``, invalid statements left out and
        listed in ``invalid``.
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
                article = json_copy(article_record(db))
                records = sorted_statements(self._readable(entry.id, db))
                self._files.release(entry.id, db)
            yield article, records

    # -- statements ----------------------------------------------------------------------

    @_serialised
    def statements(self, article_id: str, annotator: str | None = None) -> list[dict]:
        """The article's statement records (corpus.schema) that ``annotator`` (default: the
        library's) sees, their own layer over the shared one (corpus.layers), in text
        order; invalid ones are left out and listed in ``invalid``."""
        stored = self._readable(article_id, self._article_db(article_id))
        return sorted_statements(layers.view(stored, annotator or self.annotator))

    @_serialised
    def all_statements(self, article_id: str) -> list[dict]:
        """Every stored record of the article, every layer's (corpus.layers), in text order;
        invalid ones are left out and listed in ``invalid``."""
        return sorted_statements(self._readable(article_id, self._article_db(article_id)))

    def _readable(self, article_id: str, db: TinyDB) -> list[dict]:
        """The article's valid stored records (``invalid`` lists the others)."""
        records, _, problems = readable(db.table(STATEMENTS_TABLE).raw().values(), article_id)
        if problems:
            self.invalid[article_id] = problems
        else:
            self.invalid.pop(article_id, None)
        return records

    @_serialised
    def statement(self, article_id: str, statement_id: str, annotator: str | None = None) -> dict:
        """One statement record, as ``annotator`` (default: the library's) sees it."""
        db = self._article_db(article_id)
        doc = find_statement(db, statement_id, article_id, layer=annotator or self.annotator, seen=True)
        return json_copy(dict(doc))

    @_serialised
    def layer_statement(self, article_id: str, statement_id: str, layer: str | None) -> dict | None:
        """The record of a statement stored in ``layer`` (None: the shared layer), or None."""
        db = self._article_db(article_id)
        doc = find_statement(db, statement_id, article_id, missing_ok=True, layer=layer)
        return None if doc is None else json_copy(dict(doc))

    @_serialised
    def save_parse(
        self, article_id: str, statements: list[dict], model: str, names: Iterable[str] = ()
    ) -> list[dict]:
        """Store what ``model`` found (``Statement.to_dict()`` records) for the article, and
        the ``names`` of people and organisations it found (offered for speakers).

        Untouched suggestions (status ``predicted``) are replaced; statements people have
        accepted, corrected, added or rejected stay (in every layer), and new suggestions
        that overlap an unattributed one of them are dropped (an annotator's own statements
        hide the suggestions they overlap from that annotator: corpus.layers.view).
        Returns the statements the library's annotator sees afterwards.
        """
        self._require_writable()
        db = self._article_db(article_id)
        article = article_record(db)
        table = db.table(STATEMENTS_TABLE)
        valid, invalid, _ = readable(table.all(), article_id)  # invalid ones: kept as they are
        kept = [dict(d) for d in valid if d["status"] != "predicted"]
        shared = [r for r in kept if layers.layer_of(r) is None]
        taken = {r["id"] for r in shared} | {r.get("id") for r in invalid}
        found = []
        for statement in statements:
            record = machine_record(statement, article_id, model, article["text"])
            if any(quotes_overlap(record, k) for k in shared):
                continue
            base, n = record["id"], 1
            while record["id"] in taken:
                n += 1
                record["id"] = f"{base}-{n}"
            taken.add(record["id"])
            found.append(record)
        removed = len(table) - len(kept) - len(invalid)
        with db.storage.transaction():
            table.truncate()
            table.insert_multiple(sorted_statements(kept + found, copy=False) + json_copy(invalid))
            stamp = now()
            fields = {"model": model, "parsed_at": stamp, "updated": stamp, "names": list(names)}
            db.table(ARTICLE_TABLE).update({**fields, **token_cache(article)})
            append_history(
                db, "parse", None, None, None, None,
                model=model, removed=removed, kept=len(kept), added=len(found),
            )  # fmt: skip
        self._index.write({article_id: entry_fields(db)})
        return self.statements(article_id)

    @_serialised
    def add_statement(self, article_id: str, fields: dict, annotator: str | None = None) -> dict:
        """Add a statement a person marked; spans may omit ``text`` (taken from the article)."""
        self._require_writable()
        db = self._article_db(article_id)
        text = article_record(db)["text"]
        record = human_record(json_copy(fields), article_id, annotator or self.annotator, text)
        change = edits.Change(record["id"], None, record, layer=layers.layer_of(record))
        self._commit(article_id, db, "add", [change], annotator)
        return json_copy(record)

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
        afters, changed = edits.updates(db, article_id, changes_by_id, annotator or self.annotator)
        if changed:
            self._commit(article_id, db, "update", changed, annotator)
        return json_copy(afters)

    @_serialised
    def delete_statement(self, article_id: str, statement_id: str, annotator: str | None = None) -> None:
        """Remove ``annotator``'s version of a statement (default: the library's annotator;
        to dismiss a suggestion, prefer status ``rejected``)."""
        self._require_writable()
        db = self._article_db(article_id)
        layer = annotator or self.annotator
        before = json_copy(dict(find_statement(db, statement_id, article_id, layer=layer)))
        change = edits.Change(statement_id, before, None, layer=layer)
        self._commit(article_id, db, "delete", [change], annotator)

    # -- history -------------------------------------------------------------------------

    @_serialised
    def history(
        self, article_id: str, statement_id: str | None = None, group: int | None = None
    ) -> list[dict]:
        """History entries of the article (or of one statement, or of one grouped step),
        oldest first."""
        entries = history_entries(self._article_db(article_id))
        if statement_id is not None:
            entries = [e for e in entries if e["statement_id"] == statement_id]
        if group is not None:
            entries = [e for e in entries if e.get("group") == group]
        return json_copy(entries)

    @_serialised
    def can_undo(self, article_id: str, annotator: str | None = None, layer: str | None = None) -> bool:
        """True if ``layer`` (default: that of ``annotator``, else the library's
        annotator) has an edit to undo."""
        return edits.can_travel(self._article_db(article_id), "undo", layer or annotator or self.annotator)

    @_serialised
    def can_redo(self, article_id: str, annotator: str | None = None, layer: str | None = None) -> bool:
        """True if ``layer`` (as ``can_undo``) has an undone edit to redo."""
        return edits.can_travel(self._article_db(article_id), "redo", layer or annotator or self.annotator)

    @_serialised
    def write_layer(
        self, article_id: str, layer: str, records: dict[str, dict | None], annotator: str | None = None
    ) -> list[dict]:
        """Set statements of ``layer`` (statement id -> the record, or None to remove it
        from the layer) in one write and one undo step, ``annotator`` (default: the
        library's) recorded as who did it: how a reviewer writes the gold layer
        (corpus.layers.GOLD). The records are checked and stored with ``annotator`` set to
        the layer."""
        self._require_writable()
        db = self._article_db(article_id)
        text = article_record(db)["text"]
        changes = []
        for statement_id, record in records.items():
            doc = find_statement(db, statement_id, article_id, missing_ok=True, layer=layer)
            before = json_copy(dict(doc)) if doc is not None else None
            after = None
            if record is not None:
                after = {**json_copy(record), "id": statement_id, "annotator": layer, "updated_at": now()}
                check(after, text)
            if before != after:
                changes.append(edits.Change(statement_id, before, after, layer=layer))
        if not changes:
            return []
        return json_copy(self._commit(article_id, db, "update", changes, annotator))

    @_serialised
    def undo(self, article_id: str, annotator: str | None = None, layer: str | None = None) -> dict | None:
        """Reverse ``annotator``'s (default: the library's) latest edit not yet undone;
        its new history entry, or None. Each annotator undoes only their own edits.

        A grouped edit (``update_statements``) is reversed whole, in one write; the entry
        returned is then the last of the step's entries, all of which carry ``group``
        (``history(article_id, group=...)`` lists them). ``layer`` undoes that layer's
        edits instead (a reviewer's in the gold layer), ``annotator`` recorded as who.
        """
        return self._travel(article_id, "undo", annotator, layer)

    @_serialised
    def redo(self, article_id: str, annotator: str | None = None, layer: str | None = None) -> dict | None:
        """Repeat the latest undone edit (a grouped edit whole); as ``undo``."""
        return self._travel(article_id, "redo", annotator, layer)

    def _travel(
        self, article_id: str, action: str, annotator: str | None, layer: str | None
    ) -> dict | None:
        self._require_writable()
        db = self._article_db(article_id)
        changes = edits.travel(db, article_id, action, layer or annotator or self.annotator)
        if not changes:
            return None
        return json_copy(self._commit(article_id, db, action, changes, annotator)[-1])

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
        changes: list[edits.Change],
        annotator: str | None,
    ) -> list[dict]:
        """``edits.commit`` (one journal line); the new counts are worked out with the next
        index write or read."""
        entries = edits.commit(db, article_id, action, changes, annotator or self.annotator)
        self._index.defer(article_id, functools.partial(self._fields, article_id))
        return entries

    def _fields(self, article_id: str) -> dict:
        """The index entry of an article as its file now is ({}: leave the entry as it is
        if the file cannot be read; the next open finds it out of date)."""
        try:
            db = self._files.open(article_id, keep=False)
        except StoreError:
            return {}
        try:
            return entry_fields(db)
        finally:
            self._files.release(article_id, db)

    def _article_db(self, article_id: str, keep: bool = True) -> TinyDB:
        """The open TinyDB of an article, loading (and checking) its file if needed; a
        damaged file is moved aside and dropped from the index."""
        if not self._files.is_open(article_id) and article_id not in self._index:
            raise UnknownArticleError(f"{self.root}: no article {article_id} in this library")
        try:
            return self._files.open(article_id, keep)
        except CorruptFileError as exc:
            raise self._drop_damaged(article_id, exc) from None

    def _adopt(self, article_id: str) -> bool:
        """Add the entry of an article file that appeared since the index was loaded; True
        if there is one now."""
        if not self.layout.article(article_id).exists():
            return False
        fields = self._entry_from_file(article_id)
        if fields:
            self._index.write({article_id: fields})
        return bool(fields)

    def _entry_from_file(self, article_id: str) -> dict | None | bool:
        """The index entry computed from an article file: None when the file is gone or
        damaged (a damaged one is moved aside), False when it is of a newer quotelens (the
        entry is left as it is)."""
        if not self.layout.article(article_id).exists():
            return None
        try:
            db = self._files.open(article_id, keep=False)
        except NewerVersionError as exc:
            self.warnings.append(str(exc))
            return False
        except CorruptFileError as exc:
            self._drop_damaged(article_id, exc)
            return None
        try:
            return entry_fields(db)
        finally:
            self._files.release(article_id, db)

    def _drop_damaged(self, article_id: str, exc: CorruptFileError) -> CorruptFileError:
        """Move a damaged article file aside (when writing) and drop it from the index."""
        if self.readonly:
            self.warnings.append(str(exc))
            return exc
        error = self._files.move_aside(article_id, exc)
        title = ""
        if article_id in self._index:
            title = f" “{self._index.entry(article_id).title}”"
            self._index.remove(article_id)
        self.warnings.append(
            f"{error}; article{title} removed from the library, open its source again to re-add it"
        )
        return error


def _marks(db: TinyDB) -> dict[str | None, str]:
    """Each annotator's latest status mark of an article (from its ``status`` entries)."""
    return {e["who"]: e["after"]["status"] for e in history_entries(db) if e["action"] == "status"}


def _default_annotator() -> str | None:
    env = os.environ.get(ANNOTATOR_ENV)
    if env:
        return env
    try:
        import getpass

        return getpass.getuser()
    except (ImportError, KeyError, OSError):
        return None
