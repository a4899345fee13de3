"""Reading doccano JSONL and Label Studio JSON: each record becomes a task in Prodigy's shape
(``text``, ``spans``, ``relations``, ``meta``, ``quotelens``) and goes through the Prodigy
reader, so all three formats share one set of rules (``corpus.annotation_import``): a QUOTE
span is a statement part, SPEAKER_OF/CUE_OF relations join its speaker and cue, parts carrying
one statement id (or, without ids, consecutive parts with the same speaker and cue) are one
statement, the pieces of a paragraph or sentence export are joined back into their article, and
anything else is reported.

Label Studio: each annotation of a task (cancelled ones aside) is read as one set of
statements; predictions are read as "predicted" statements when the task has no annotation, and
otherwise only those of our statements (region ids ``STATEMENT:N``) no annotation holds.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import orjson

from corpus.annotation_import import AnnotationFileError, BadRecord, ReadResult, task_results
from corpus.export.records import QUOTE
from corpus.jsonl import BadJson, json_lines


def read_doccano(path: str | Path) -> Iterator[ReadResult]:
    """Articles with statements from a doccano JSONL export (relation extraction project)."""

    def tasks() -> Iterator[tuple[int, object]]:
        for lineno, value in json_lines(path, AnnotationFileError):
            yield lineno, value if isinstance(value, BadJson) else _guarded(doccano_task, value)

    return task_results(path, tasks())


def doccano_task(record: dict) -> dict:
    """A doccano record as a Prodigy-shaped task (entities by id become spans)."""
    entities, relations_in = record.get("entities") or [], record.get("relations") or []
    if not isinstance(entities, list) or not isinstance(relations_in, list):
        raise BadRecord("'entities' and 'relations' must be lists")
    spans = {}
    for e in entities:
        if not isinstance(e, dict):
            raise BadRecord("an entity must be a JSON object")
        if not isinstance(e.get("id"), (int, str)):
            raise BadRecord("an entity needs an 'id' (a number or string)")
        span = {"start": e.get("start_offset"), "end": e.get("end_offset"), "label": _label(e.get("label"))}
        if "statement" in e:
            span["statement"] = e["statement"]
        spans[e["id"]] = span
    relations = []
    for r in relations_in:
        if not isinstance(r, dict) or not all(_known(r.get(k), spans) for k in ("from_id", "to_id")):
            raise BadRecord("a relation must join two entities of the line by from_id and to_id")
        relations.append(
            _relation(spans[r["from_id"]], spans[r["to_id"]], _label(r.get("type")), r.get("statement"))
        )
    return _task(record, record.get("text"), list(spans.values()), relations)


def read_labelstudio(path: str | Path) -> Iterator[ReadResult]:
    """Articles with statements from a Label Studio JSON export (a list of tasks); the
    ``lineno`` of a result is the task's number in the list."""
    p = Path(path)
    try:
        tasks = orjson.loads(p.read_bytes())
    except OSError as exc:
        raise AnnotationFileError(f"{path}: cannot be read ({exc.strerror or exc})") from None
    except orjson.JSONDecodeError as exc:
        raise AnnotationFileError(f"{path}: is not Label Studio JSON ({exc})") from None
    if not isinstance(tasks, list):
        raise AnnotationFileError(f"{path}: is not Label Studio JSON (a list of tasks)")

    def shaped() -> Iterator[tuple[int, object]]:
        for number, task in enumerate(tasks, 1):
            converted = _guarded(labelstudio_tasks, task)
            for one in converted if isinstance(converted, list) else [converted]:
                yield number, one

    return task_results(path, shaped())


def labelstudio_tasks(task: dict) -> list[dict]:
    """A Label Studio task as Prodigy-shaped tasks: one per annotation that was not
    cancelled, else one for its predictions (statements "predicted")."""
    data = task.get("data")
    if not isinstance(data, dict):
        raise BadRecord("a Label Studio task needs a 'data' object")
    annotations = [a for a in _list(task.get("annotations")) if isinstance(a, dict) and not a.get("was_cancelled")]
    results = [(_items(a), None) for a in annotations]
    reviewed = {_statement_of(item) for result, _ in results for item in result} - {None}
    for prediction in _list(task.get("predictions")):
        if isinstance(prediction, dict):
            kept = _unreviewed(_items(prediction), reviewed if results else None)
            if kept:
                results.append((kept, "predicted"))
    record = {k: v for k, v in data.items() if k not in ("text", "quotelens")}
    base = {"meta": record, "quotelens": data.get("quotelens")}
    shaped = []
    for result, status in results or [([], None)]:
        spans, relations, by_id = [], [], {}
        for item in result:
            if item.get("type") == "labels":
                value = item.get("value") if isinstance(item.get("value"), dict) else {}
                labels = _list(value.get("labels"))
                label = _label(labels[0] if labels else None)
                span = {"start": value.get("start"), "end": value.get("end"), "label": label}
                if _statement_of(item):
                    span["statement"] = _statement_of(item)
                if isinstance(item.get("id"), (int, str)):
                    by_id[item["id"]] = span
                spans.append(span)
        for item in result:
            if item.get("type") == "relation":
                if not all(_known(item.get(k), by_id) for k in ("from_id", "to_id")):
                    raise BadRecord("a relation must join two regions of the same result")
                head, child = by_id[item["from_id"]], by_id[item["to_id"]]
                labels = _list(item.get("labels"))
                label = _label(labels[0] if labels else None)
                relations.append(_relation(head, child, label, child.get("statement")))
        one = _task({**base}, data.get("text"), spans, relations)
        if status:
            one["_status"] = status
        shaped.append(one)
    return shaped


def _list(value: object) -> list:
    return value if isinstance(value, list) else []


def _items(result_set: dict) -> list:
    """The result's items that are objects (anything else in a result is not ours to read)."""
    return [item for item in _list(result_set.get("result")) if isinstance(item, dict)]


def _statement_of(item: dict) -> str | None:
    """The statement a QUOTE region of ours belongs to (its id is ``STATEMENT:N``)."""
    rid = item.get("id")
    labels = (item.get("value") or {}).get("labels") if isinstance(item.get("value"), dict) else None
    if item.get("type") == "labels" and labels == [QUOTE] and isinstance(rid, str) and ":" in rid:
        return rid.rsplit(":", 1)[0]
    return None


def _unreviewed(items: list, reviewed: set | None) -> list:
    """A prediction's items, or (``reviewed`` given: the task has annotations) only those of
    our statements no annotation holds, with the regions their relations join."""
    if reviewed is None:
        return items
    quotes = {item.get("id") for item in items if _statement_of(item) not in (None, *reviewed)}
    if not quotes:
        return []
    links = [i for i in items if i.get("type") == "relation" and _known(i.get("to_id"), quotes)]
    wanted = quotes | {link["from_id"] for link in links if isinstance(link.get("from_id"), (int, str))}
    return [i for i in items if i.get("type") == "labels" and i.get("id") in wanted] + links


def _known(key: object, ids: dict | set) -> bool:
    return isinstance(key, (int, str)) and key in ids


def _label(value: object) -> str | None:
    """A label as text (a tool may write anything there; only QUOTE, SPEAKER … are used)."""
    return value if value is None or isinstance(value, str) else str(value)


def _relation(head: dict, child: dict, label: object, statement: object) -> dict:
    relation = {"head_span": head, "child_span": child, "label": label}
    if statement is not None:
        relation["statement"] = statement
    return relation


def _task(record: dict, text: object, spans: list, relations: list) -> dict:
    meta = record.get("meta") if isinstance(record.get("meta"), dict) else {}
    task = {"text": text, "meta": meta, "spans": spans, "relations": relations, "answer": "accept"}
    if isinstance(record.get("quotelens"), dict):
        task["quotelens"] = record["quotelens"]
    return task


def _guarded(convert, value: object) -> object:
    """``convert(value)``, or the BadRecord that says why it cannot be converted."""
    if not isinstance(value, dict):
        return BadRecord("not a JSON object")
    try:
        return convert(value)
    except BadRecord as exc:
        return exc
