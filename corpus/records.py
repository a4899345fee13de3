"""Making and changing stored statement records (their schema: corpus.schema)."""
from __future__ import annotations

import uuid

from corpus.schema import (
    CONTENT_FIELDS,
    EDITABLE_FIELDS,
    SPAN_FIELDS,
    check,
    complete,
    now,
)
from corpus.store_errors import InvalidStatementError


def new_statement_id() -> str:
    """Id of a statement a person added."""
    return uuid.uuid4().hex[:16]


def machine_record(statement: dict, article_id: str, model: str, text: str) -> dict:
    """A stored record for a statement the model found (``schema.found_record`` output)."""
    record = {k: v for k, v in statement.items() if k in EDITABLE_FIELDS or k == "id"}
    record.update(origin="model", status="predicted", model=model)
    complete(record, article_id, model)
    check(record, text)
    return record


def human_record(fields: dict, article_id: str, annotator: str | None, text: str) -> dict:
    """A stored record for a statement a person added."""
    unknown = set(fields) - set(EDITABLE_FIELDS)
    if unknown:
        raise InvalidStatementError(f"cannot set {', '.join(sorted(unknown))} on a new statement")
    record = dict(fields, origin="human", annotator=annotator, id=new_statement_id())
    record.setdefault("status", "added")
    record.setdefault("confidence", None)
    complete(record, article_id, None)
    _fill_span_texts(record, text)
    check(record, text)
    return record


def apply_changes(record: dict, changes: dict, annotator: str | None, text: str) -> dict:
    """The record after ``changes``; a content change marks a model statement "corrected"."""
    unknown = set(changes) - set(EDITABLE_FIELDS)
    if unknown:
        raise InvalidStatementError(
            f"statement {record['id']}: cannot change {', '.join(sorted(unknown))}"
        )
    after = {**record, **changes}
    content_changed = any(after[f] != record[f] for f in CONTENT_FIELDS if f in changes)
    if content_changed and "status" not in changes and record["origin"] == "model":
        after["status"] = "corrected"
    _fill_span_texts(after, text)
    check(after, text)
    if after == record:
        return record
    after["annotator"] = annotator
    after["updated_at"] = now()
    return after


def _fill_span_texts(record: dict, text: str) -> None:
    """Spans given as offsets only get their text from the article."""
    for name in ("quote", *SPAN_FIELDS):
        value = record.get(name)
        if name == "quote" and isinstance(value, list):
            record[name] = [_with_text(s, text) for s in value]
        elif isinstance(value, dict):
            record[name] = _with_text(value, text)


def _with_text(span: dict, text: str) -> dict:
    if "text" in span or not isinstance(span.get("start"), int) or not isinstance(span.get("end"), int):
        return span
    return {**span, "text": text[span["start"] : span["end"]]}
