"""Article files: one TinyDB file per article (``articles/ID.json``) with its record, its
statements and its history; opening, creating, deleting and moving damaged files aside.
Changes to an open file go to its journal (``ID.json.journal``, corpus.journal), folded
into the file when it is closed.

The record and statement helpers here work on an open article TinyDB; ``ArticleFiles``
keeps the few most recently used files open (see corpus.library for the whole library).
"""
from __future__ import annotations

import functools
from collections import OrderedDict
from dataclasses import dataclass
from typing import Any

from tinydb import TinyDB
from tinydb.table import Document

from corpus import history as hist
from corpus import layers
from corpus.article import Article
from corpus.atomic import fsync_folder
from corpus.journal import JournaledDB, journal_path
from corpus.migrations import META_TABLE, SCHEMA_VERSION, upgrade
from corpus.paths import LibraryLayout
from corpus.schema import now, status_counts
from corpus.storage import AtomicJSONStorage, json_copy, move_aside
from corpus.store_errors import (
    CorruptFileError,
    UnknownArticleError,
    UnknownStatementError,
)

ARTICLE_STATUSES = ("new", "in_progress", "done", "skipped")
ARTICLE_TABLE, STATEMENTS_TABLE, HISTORY_TABLE = "article", "statements", "history"
OPEN_ARTICLES = 8  # article files kept in memory


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
    names: list | None  # people and organisations the model found (Library.save_parse)

    @classmethod
    def from_record(cls, record: dict) -> "StoredArticle":
        return cls(**{name: json_copy(record.get(name)) for name in cls.__dataclass_fields__})

    def to_article(self) -> Article:
        """The corpus.article.Article the reader opens."""
        return Article(title=self.title, text=self.text, source=self.source, meta=dict(self.meta))


def new_article_record(
    article_id: str,
    title: str,
    text: str,
    source: str,
    meta: dict,
    model: str | None = None,
    status: str = "new",
) -> dict:
    """The record of an article just added to the library."""
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


def token_cache(article: dict) -> dict:
    """The article record's stored token offsets, if it has none yet (``{}`` if it has).

    Exports read them instead of tokenising the text again (corpus.tokens). They are
    stored when an article is parsed or imported with annotations, where spaCy is at work
    anyway, not by ``add_article``, which stays free of spaCy.
    """
    from corpus.tokens import TOKENS_FIELD, encode_tokens

    return {} if article.get(TOKENS_FIELD) else {TOKENS_FIELD: encode_tokens(article["text"])}


def article_record(db: TinyDB) -> dict:
    """The one article record of an article file; CorruptFileError if there is none."""
    records = db.table(ARTICLE_TABLE).all()
    if len(records) != 1 or not isinstance(records[0].get("text"), str):
        raise CorruptFileError(str(db.storage.path), "no article record in this file")
    return records[0]


def find_statement(
    db: TinyDB,
    statement_id: str,
    article_id: str,
    missing_ok: bool = False,
    layer: str | None = None,
    seen: bool = False,
) -> Document | None:
    """The stored statement ``statement_id`` of ``layer`` (corpus.layers; with ``seen``, the
    one that layer sees: its own, else the shared one); UnknownStatementError (or None) if
    absent."""
    table = db.table(STATEMENTS_TABLE)
    doc = table.find(_statement_key, (statement_id, layer))
    if doc is None and seen and layer is not None:
        doc = table.find(_statement_key, (statement_id, None))
    if doc is not None or missing_ok:
        return doc
    raise UnknownStatementError(f"article {article_id}: no statement {statement_id}")


def _statement_key(record: dict) -> tuple:
    """``layers.key`` of a stored record, also of one without an id (an invalid one)."""
    return record.get("id"), layers.layer_of(record)


def history_entries(db: TinyDB) -> list[dict]:
    """The article's history entries, oldest first, as stored (read them, never change
    them)."""
    return sorted(db.table(HISTORY_TABLE).raw().values(), key=lambda e: e["seq"])


def append_history(db: TinyDB, *args: Any, **kwargs: Any) -> dict:
    """Append ``corpus.history.entry(next seq, *args, **kwargs)`` to the article's history."""
    table = db.table(HISTORY_TABLE)
    entry = hist.entry(len(table) + 1, *args, **kwargs)
    table.insert(entry)
    return entry


def sorted_statements(records: list[dict], copy: bool = True) -> list[dict]:
    """Statement records in text order (copies unless ``copy`` is False)."""
    ordered = sorted(records, key=lambda r: (r["quote"][0]["start"], r["quote"][0]["end"], r["id"]))
    return json_copy([dict(r) for r in ordered]) if copy else ordered


def entry_fields(db: TinyDB) -> dict:
    """The index entry (corpus.index) of an open article file, with the file's signature."""
    article = article_record(db)
    stored = list(db.table(STATEMENTS_TABLE).raw().values())
    records = layers.merged(stored)
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
        "datasets": sorted(article.get("datasets") or []),
        "annotators": {
            name: sum(1 for r in stored if layers.layer_of(r) == name)
            for name in layers.annotators(stored)
        },
        "file": db.storage.signature,
    }


class ArticleFiles:
    """The article files of a library folder, the most recently used ones kept open."""

    def __init__(self, layout: LibraryLayout, readonly: bool) -> None:
        self.layout = layout
        self.readonly = readonly
        self._open: OrderedDict[str, TinyDB] = OrderedDict()
        #: articles whose files a fold rewrote since ``take_folded`` (signatures changed)
        self.folded: set[str] = set()

    def is_open(self, article_id: str) -> bool:
        return article_id in self._open

    def open(self, article_id: str, keep: bool = True) -> TinyDB:
        """The open TinyDB of an article, loading (and checking) its file if needed.

        UnknownArticleError if the file is missing, CorruptFileError if it is damaged.
        """
        db = self._open.get(article_id)
        if db is not None:
            self._open.move_to_end(article_id)
            return db
        path = self.layout.article(article_id)
        if not path.exists():
            raise UnknownArticleError(f"{path}: the article file is missing")
        db = self._tinydb(article_id)
        try:
            article_record(db)
        except BaseException:
            db.close()
            raise
        if keep:
            self._keep_open(article_id, db)
        return db

    def release(self, article_id: str, db: TinyDB) -> None:
        """Close ``db`` (opened with ``keep=False``) unless it is one of the files kept open."""
        if article_id not in self._open:
            db.close()

    def create(
        self, record: dict, statements: list[dict] | None = None, history: dict | None = None
    ) -> TinyDB:
        """Write a new article file (record, statements, one history entry) in one write."""
        journal_path(self.layout.article(record["id"])).unlink(missing_ok=True)  # a deleted one's
        db = self._tinydb(record["id"])
        with db.storage.transaction():
            db.table(META_TABLE).insert({"schema": SCHEMA_VERSION, "kind": "article"})
            db.table(ARTICLE_TABLE).insert(record)
            if statements:
                db.table(STATEMENTS_TABLE).insert_multiple(statements)
            if history is not None:
                append_history(db, **history)
        self._keep_open(record["id"], db)
        return db

    def delete(self, article_id: str) -> None:
        """Close and remove an article's file and journal (no error if already gone)."""
        db = self._open.pop(article_id, None)
        if db is not None:
            db.close()
        path = self.layout.article(article_id)
        for name in (path, journal_path(path)):
            name.unlink(missing_ok=True)
        fsync_folder(path.parent)

    def move_aside(self, article_id: str, exc: CorruptFileError) -> CorruptFileError:
        """Move a damaged article file (and its journal) aside; the error saying where it
        went."""
        path = self.layout.article(article_id)
        if journal_path(path).exists():
            move_aside(journal_path(path))
        moved = move_aside(path) if path.exists() else path
        return CorruptFileError(exc.path, exc.problem, moved_to=str(moved))

    def fold(self) -> None:
        """Fold the journals of the open files into them (see ``folded``)."""
        for article_id, db in self._open.items():
            if db.storage.fold():
                self.folded.add(article_id)

    def take_folded(self) -> set[str]:
        """The articles whose files were rewritten by folding their journal in since the
        last call (their index entries' signatures are out of date)."""
        folded, self.folded = self.folded, set()
        return folded

    def close(self) -> None:
        """Close every open article file (folding its journal in)."""
        self.fold()
        for db in self._open.values():
            db.close()
        self._open.clear()

    def _tinydb(self, article_id: str) -> TinyDB:
        return JournaledDB(
            self.layout.article(article_id),
            storage=AtomicJSONStorage,
            readonly=self.readonly,
            upgrade=functools.partial(upgrade, kind="article"),
            journal=True,
        )

    def _keep_open(self, article_id: str, db: TinyDB) -> None:
        self._open[article_id] = db
        while len(self._open) > OPEN_ARTICLES:
            old_id, old = self._open.popitem(last=False)
            if not self.readonly and old.storage.fold():
                self.folded.add(old_id)
            old.close()
