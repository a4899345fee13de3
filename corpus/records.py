"""The stored statement record (DESIGN.md): making, completing, changing and checking it."""
from __future__ import annotations

import hashlib
import uuid
from datetime import datetime, timezone

from corpus.store_errors import InvalidStatementError
from corpus.text import make_inert

STATUSES = ("predicted", "accepted", "corrected", "added", "rejected")
KINDS = ("direct", "mixed", "indirect")
#: Fields that say what was said by whom; changing one makes a model statement "corrected".
CONTENT_FIELDS = ("quote", "cue", "speaker", "speaker_name", "kind")
EDITABLE_FIELDS = (*CONTENT_FIELDS, "labels", "status", "note", "confidence")
SPAN_FIELDS = ("cue", "speaker")


def now() -> str:
    """The current time, UTC, ISO 8601 with milliseconds."""
    return datetime.now(timezone.utc).isoformat(timespec="milliseconds")


def statement_id(article_id: str, quote: list[dict]) -> str:
    """Stable id of a machine statement: a hash of the article id and its quote offsets."""
    key = article_id + "|" + ";".join(f"{q['start']}-{q['end']}" for q in quote)
    return hashlib.sha256(key.encode()).hexdigest()[:16]


def new_statement_id() -> str:
    """Id of a statement a person added."""
    return uuid.uuid4().hex[:16]


def complete_record(record: dict, article_id: str, model: str | None) -> dict:
    """Fill the fields a record lacks with their defaults (in place); returns the record."""
    stamp = record.get("created_at") or now()
    origin = record.get("origin") or "model"
    defaults = {
        "article_id": article_id,
        "quote": [],
        "cue": None,
        "speaker": None,
        "speaker_name": None,
        "kind": "direct",
        "labels": [],
        "status": "predicted" if origin == "model" else "added",
        "origin": origin,
        "confidence": None,
        "model": model if origin == "model" else None,
        "annotator": None,
        "note": "",
        "created_at": stamp,
        "updated_at": stamp,
    }
    for name, value in defaults.items():
        record.setdefault(name, value)
    if not record.get("id"):
        record["id"] = statement_id(article_id, record["quote"])
    return record


def machine_record(statement: dict, article_id: str, model: str, text: str) -> dict:
    """A stored record for a statement the model found (``Statement.to_dict()`` output)."""
    record = {k: v for k, v in statement.items() if k in EDITABLE_FIELDS or k == "id"}
    record.update(origin="model", status="predicted", model=model)
    complete_record(record, article_id, model)
    check_record(record, text)
    return record


def human_record(fields: dict, article_id: str, annotator: str | None, text: str) -> dict:
    """A stored record for a statement a person added."""
    unknown = set(fields) - set(EDITABLE_FIELDS)
    if unknown:
        raise InvalidStatementError(f"cannot set {', '.join(sorted(unknown))} on a new statement")
    record = dict(fields, origin="human", annotator=annotator, id=new_statement_id())
    record.setdefault("status", "added")
    record.setdefault("confidence", None)
    complete_record(record, article_id, None)
    _fill_span_texts(record, text)
    check_record(record, text)
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
    check_record(after, text)
    if after == record:
        return record
    after["annotator"] = annotator
    after["updated_at"] = now()
    return after


def _spans(record: dict) -> list[tuple[str, dict]]:
    spans = [("quote", q) for q in record.get("quote") or []]
    spans += [(f, record[f]) for f in SPAN_FIELDS if record.get(f)]
    return spans


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


def check_record(record: dict, text: str) -> None:
    """Raise InvalidStatementError unless the record's fields and spans fit the article."""
    sid = make_inert(str(record.get("id", "?")))
    if record["status"] not in STATUSES:
        raise InvalidStatementError(f"statement {sid}: unknown status {record['status']!r}")
    if record["kind"] not in KINDS:
        raise InvalidStatementError(f"statement {sid}: unknown kind {record['kind']!r}")
    if not isinstance(record["quote"], list) or not record["quote"]:
        raise InvalidStatementError(f"statement {sid}: needs at least one quote span")
    if not isinstance(record["labels"], list):
        raise InvalidStatementError(f"statement {sid}: labels must be a list")
    for name, span in _spans(record):
        try:
            start, end, said = int(span["start"]), int(span["end"]), span["text"]
        except (KeyError, TypeError, ValueError):
            raise InvalidStatementError(f"statement {sid}: {name} span needs start, end, text") from None
        if not 0 <= start < end <= len(text):
            raise InvalidStatementError(
                f"statement {sid}: {name} span {start}-{end} is outside the article (0-{len(text)})"
            )
        if text[start:end] != said:
            raise InvalidStatementError(
                f"statement {sid}: {name} text {said!r} is not the article text at {start}-{end}"
            )


def status_counts(records: list[dict]) -> dict[str, int]:
    """How many statements have each status."""
    counts = dict.fromkeys(STATUSES, 0)
    for record in records:
        counts[record["status"]] = counts.get(record["status"], 0) + 1
    return counts


def quotes_overlap(a: dict, b: dict) -> bool:
    """True if any quote span of ``a`` overlaps one of ``b``."""
    return any(
        qa["start"] < qb["end"] and qb["start"] < qa["end"] for qa in a["quote"] for qb in b["quote"]
    )
