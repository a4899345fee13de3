"""Annotated articles imported into the library (``Library.import_article``): checking what
is imported and merging its statements into an article already stored."""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from tinydb import TinyDB

from corpus import layers
from corpus.article_files import (
    ARTICLE_STATUSES,
    ARTICLE_TABLE,
    STATEMENTS_TABLE,
    append_history,
    article_record,
    new_article_record,
    sorted_statements,
)
from corpus.paths import LibraryLayout
from corpus.schema import check, complete, now, quotes_overlap, readable
from corpus.storage import json_copy
from corpus.store_errors import InvalidStatementError


@dataclass(frozen=True)
class ImportCounts:
    """What ``Library.import_article`` did to an article's statements."""

    added: int = 0
    replaced: int = 0  # stored statements of the same id, now changed
    dropped: int = 0  # machine suggestions superseded by an imported statement
    unchanged: int = 0  # stored statements of the same id, identical to the imported ones

    @property
    def changed(self) -> bool:
        """True if the import changed anything in the article."""
        return bool(self.added or self.replaced or self.dropped)


def checked_import(
    article: dict, statements: list[dict], annotator: str | None = None
) -> tuple[dict, list[dict]]:
    """The new-article record and copies of the statement records of an import, checked.

    A reviewed statement that names no annotator is put in ``annotator``'s layer (the
    person importing; corpus.layers), so imports of two people's work never collide.
    """
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
    record = new_article_record(
        aid,
        title=article.get("title") or "",
        text=text,
        source=article.get("source") or "",
        meta=json_copy(article.get("meta") or {}),
        model=article.get("model"),
        status=status,
    )
    records, seen = [], set()
    for statement in statements:
        copy = json_copy(statement)
        if copy.get("article_id") != aid:
            raise InvalidStatementError(f"statement {copy.get('id', '?')}: not of article {aid}")
        if not isinstance(copy.get("id"), str):
            raise InvalidStatementError(f"statement id {copy.get('id')!r} is missing")
        complete(copy, aid, record["model"])
        if copy["status"] != "predicted" and copy["annotator"] is None:
            copy["annotator"] = annotator
        if layers.key(copy) in seen:
            raise InvalidStatementError(
                f"statement {copy['id']} is repeated in the layer of {copy['annotator'] or 'nobody'}"
            )
        seen.add(layers.key(copy))
        check(copy, text)
        records.append(copy)
    return record, records


def _content(statement: dict) -> dict:
    """A statement without its timestamps: what an import may change."""
    return {k: v for k, v in statement.items() if k not in ("created_at", "updated_at")}


def _loose_key(record: dict) -> tuple:
    """The key (corpus.layers) of a stored record that may not be a valid statement."""
    values = (record.get("id"), record.get("annotator"))
    return tuple(v if v is None or isinstance(v, str) else repr(v) for v in values)


def merge_import(
    db: TinyDB, record: dict, records: list[dict], who: str | None, origin: str | None
) -> ImportCounts:
    """Merge checked statement records into a stored article (its text must be the one
    imported) and log an ``import`` history entry, in one write.

    Records are merged layer by layer (corpus.layers): a record replaces only the stored
    record of the same id in the same layer, so one annotator's import never touches
    another's statements. Untouched machine suggestions (``predicted``) that overlap an
    imported unattributed record are dropped. The history entry lists the ``layers``
    written. An import that changes nothing (every record already stored as it is) writes
    nothing, not even history.
    """
    aid = record["id"]
    if article_record(db)["text"] != record["text"]:
        raise InvalidStatementError(
            f"article {aid}: the library holds a different text under this id"
        )
    table = db.table(STATEMENTS_TABLE)
    incoming = {layers.key(r): r for r in records}
    shared = [r for r in records if layers.layer_of(r) is None]
    kept, replaced, dropped, unchanged = [], 0, 0, 0
    stored, invalid, _ = readable(table.all(), aid)
    invalid = [d for d in invalid if _loose_key(d) not in incoming]  # the others are replaced
    replaced += len(table) - len(stored) - len(invalid)
    for doc in stored:
        key = layers.key(doc)
        if key in incoming and _content(doc) == _content(incoming[key]):
            unchanged += 1  # kept as stored, timestamps included
            del incoming[key]
            kept.append(dict(doc))
        elif key in incoming:
            replaced += 1
        elif doc["status"] == "predicted" and any(quotes_overlap(doc, r) for r in shared):
            dropped += 1
        else:
            kept.append(dict(doc))
    counts = ImportCounts(len(incoming) - replaced, replaced, dropped, unchanged)
    if not counts.changed:
        return counts
    with db.storage.transaction():
        table.truncate()
        ordered = sorted_statements(kept + list(incoming.values()), copy=False)
        table.insert_multiple(ordered + json_copy(invalid))
        db.table(ARTICLE_TABLE).update({"updated": now()})
        written = sorted({layers.layer_of(r) or "" for r in incoming.values()})
        append_history(
            db, "import", None, None, None, who, origin=origin,
            layers=[name or None for name in written], **vars(counts),
        )  # fmt: skip
    return counts
