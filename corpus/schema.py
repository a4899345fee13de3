"""The stored statement: one typed schema (msgspec) for the store, the exports and the app.

A statement record says who said what in an article, as character offsets into its text,
and how far people have reviewed it. The library keeps records as JSON objects with the
fields of ``StatementRecord`` in this order (see docs/architecture.md); exports write them in
the same order. ``decode`` turns a record into a ``StatementRecord`` (checking every field's
type and value), ``complete`` fills a record's missing fields with the defaults below, and
``found_record`` is the one conversion from a parser result (``annotators.statement``).
"""
from __future__ import annotations

import hashlib
import re
from collections.abc import Iterable
from datetime import datetime, timezone
from typing import Annotated, Literal, NamedTuple, get_args

import msgspec

from annotators.quote_marks import QUOTE_MARKS
from annotators.statement import Statement
from corpus.store_errors import InvalidStatementError
from corpus.text import make_inert

Kind = Literal["direct", "mixed", "indirect"]
Status = Literal["predicted", "accepted", "corrected", "added", "rejected", "ignored"]
Origin = Literal["model", "human"]

KINDS: tuple[str, ...] = get_args(Kind)
STATUSES: tuple[str, ...] = get_args(Status)
#: Statuses a person has given: the statement is reviewed.
REVIEWED = frozenset(STATUSES) - {"predicted"}
#: Fields that say what was said by whom; changing one makes a model statement "corrected".
CONTENT_FIELDS = ("quote", "cue", "speaker", "speaker_name", "kind")
#: Fields a person may set on a new statement or change on a stored one.
EDITABLE_FIELDS = (*CONTENT_FIELDS, "labels", "status", "note", "confidence")
SPAN_FIELDS = ("cue", "speaker")
#: The labels offered when the config names none.
DEFAULT_LABELS = ("claim", "accusation", "denial", "threat", "promise", "opinion", "needs-check")


class Span(msgspec.Struct, frozen=True):
    """A slice of the article text, end exclusive; ``text == article[start:end]``."""

    start: int
    end: int
    text: str


class StatementRecord(msgspec.Struct, frozen=True, kw_only=True):
    """One stored statement. Field order is the stored and exported order."""

    id: str
    article_id: str = ""
    quote: Annotated[tuple[Span, ...], msgspec.Meta(min_length=1)]
    cue: Span | None = None
    speaker: Span | None = None
    speaker_name: str | None = None
    kind: Kind = "direct"
    labels: tuple[str, ...] = ()
    status: Status = "predicted"
    origin: Origin = "model"
    confidence: float | None = None
    model: str | None = None
    annotator: str | None = None
    note: str = ""
    created_at: str = ""
    updated_at: str = ""

    @property
    def start(self) -> int:
        return self.quote[0].start

    @property
    def end(self) -> int:
        return self.quote[-1].end

    @property
    def reviewed(self) -> bool:
        """True once a person has accepted, corrected, added or rejected it."""
        return self.status in REVIEWED

    def with_quote_bounds(self, start: int, end: int, text: str) -> StatementRecord:
        """The statement with its quote starting at ``start`` and ending at ``end`` (inner
        part boundaries kept), span texts taken from the article ``text``."""
        bounds = [(q.start, q.end) for q in self.quote]
        bounds[0] = (start, bounds[0][1])
        bounds[-1] = (bounds[-1][0] if len(bounds) > 1 else start, end)
        quote = tuple(Span(s, e, text[s:e]) for s, e in bounds)
        return msgspec.structs.replace(self, quote=quote)


#: Every field of a stored statement, in the stored (and exported) order.
STATEMENT_FIELDS: tuple[str, ...] = StatementRecord.__struct_fields__
#: The value of each field a record may lack, as JSON (fields without one: None).
FIELD_DEFAULTS: dict[str, object] = {
    field.name: list(field.default) if isinstance(field.default, tuple) else field.default
    for field in msgspec.structs.fields(StatementRecord)
    if field.default is not msgspec.NODEFAULT
}


def now() -> str:
    """The current time, UTC, ISO 8601 with milliseconds."""
    return datetime.now(timezone.utc).isoformat(timespec="milliseconds")


def statement_id(article_id: str, quote: Iterable[dict]) -> str:
    """Stable id of a machine statement: a hash of the article id and its quote offsets."""
    key = article_id + "|" + ";".join(f"{q['start']}-{q['end']}" for q in quote)
    return hashlib.sha256(key.encode()).hexdigest()[:16]


def complete(record: dict, article_id: str, model: str | None) -> dict:
    """Fill the fields a record lacks with their defaults (in place); returns the record.

    A person's statement (origin ``human``) is ``added`` and names no model; a machine's
    is ``predicted`` and names ``model``.
    """
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


_PATH = re.compile(r"^(?P<problem>.*?)(?: - at `\$\.(?P<field>\w+)(?P<inner>\S*)`)?$")


def decode(record: dict) -> StatementRecord:
    """The typed statement of a stored record; InvalidStatementError saying which field is
    wrong and how (span texts are not checked against the article here: see ``check``)."""
    try:
        return msgspec.convert(record, StatementRecord)
    except msgspec.ValidationError as exc:
        sid = make_inert(str(record.get("id", "?"))) if isinstance(record, dict) else "?"
        raise InvalidStatementError(f"statement {sid}: {_problem(str(exc), record)}") from None


def _problem(message: str, record: dict) -> str:
    """msgspec's validation message in the words the user reads."""
    match = _PATH.match(message)
    name, inner = match["field"], match["inner"]
    if name is None:
        return match["problem"]
    if name in ("status", "kind") and "enum" in message:
        return f"unknown {name} {record.get(name)!r}"
    if name == "quote" and not inner and isinstance(record.get("quote"), list):
        return "needs at least one quote span"
    if name in ("quote", *SPAN_FIELDS):
        return f"{name} span needs start, end, text"
    if name == "labels":
        return "labels must be a list of strings"
    return f"{name}: {match['problem']}"


class Readable(NamedTuple):
    """An article's stored records split by ``readable``."""

    valid: list[dict]
    invalid: list[dict]
    problems: list[str]  # one line per invalid record


def readable(records: Iterable[dict], article_id: str) -> Readable:
    """The stored ``records`` of an article that are valid statements, those that are not
    (written into the file by hand or by another tool), and a line saying what is wrong with
    each: the store keeps such a record untouched, the app and the exports leave it out and
    say so."""
    split = Readable([], [], [])
    for record in records:
        try:
            decode(record)
        except InvalidStatementError as exc:
            split.invalid.append(record)
            split.problems.append(f"article {make_inert(article_id)}: {exc}; left out")
        else:
            split.valid.append(record)
    return split


def check(record: dict, text: str) -> StatementRecord:
    """The typed statement of a record whose fields are valid and whose spans are the
    article ``text`` at their offsets; InvalidStatementError otherwise."""
    statement = decode(record)
    sid = make_inert(statement.id)
    spans = [("quote", q) for q in statement.quote]
    spans += [(name, getattr(statement, name)) for name in SPAN_FIELDS]
    for name, span in spans:
        if span is None:
            continue
        if not 0 <= span.start < span.end <= len(text):
            raise InvalidStatementError(
                f"statement {sid}: {name} span {span.start}-{span.end} is outside the article "
                f"(0-{len(text)})"
            )
        if text[span.start : span.end] != span.text:
            raise InvalidStatementError(
                f"statement {sid}: {name} text {span.text!r} is not the article text at "
                f"{span.start}-{span.end}"
            )
    return statement


def found_record(statement: Statement) -> dict:
    """The machine-made fields of a record for a statement the parser found (the only
    conversion from ``annotators.statement.Statement``)."""
    return statement.to_dict()


def unsaved(statement: Statement, article_id: str = "") -> StatementRecord:
    """A parser result as a (not stored) statement: a model suggestion, ``predicted``."""
    return decode(complete(found_record(statement), article_id, None))


def to_record(statement: StatementRecord) -> dict:
    """A typed statement as the JSON object the store and exports hold."""
    return msgspec.to_builtins(statement)


def span_dict(span: Span | None) -> dict | None:
    """A span as the store takes it."""
    return None if span is None else {"start": span.start, "end": span.end, "text": span.text}


def guess_kind(said: str) -> str:
    """A stretch a person marked is direct speech when it opens with a quotation mark."""
    return "direct" if said.lstrip()[:1] in QUOTE_MARKS else "indirect"


def status_counts(records: Iterable[dict]) -> dict[str, int]:
    """How many statements have each status."""
    counts = dict.fromkeys(STATUSES, 0)
    for record in records:
        status = record.get("status")
        if status in counts:  # an invalid status is not counted (see ``readable``)
            counts[status] += 1
    return counts


def quotes_overlap(a: dict, b: dict) -> bool:
    """True if any quote span of ``a`` overlaps one of ``b``."""
    return any(
        qa["start"] < qb["end"] and qb["start"] < qa["end"] for qa in a["quote"] for qb in b["quote"]
    )
