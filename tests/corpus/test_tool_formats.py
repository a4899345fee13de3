"""doccano JSONL and Label Studio JSON: export, import of the tools' own files, round trips."""

from __future__ import annotations

import json
from pathlib import Path

import orjson
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from corpus.annotation_import import ImportedArticle, LineError, detect_format, read_annotations
from corpus.article import article_id
from corpus.export import ExportFilter, write_export

FIXTURES = Path(__file__).parents[1] / "fixtures"
HARBOUR = (
    "Harbour fees to rise\n\n"
    "Mooring fees in Port Ellis will rise by a fifth next year, the harbour board said.\n\n"
    "“We have not raised them since 2019,” said Carys Vane, the harbour master. "
    "“Dredging alone costs twice what it did.”\n\n"
    "Fishermen said they would appeal."
)


def at(part: str, nth: int = 0) -> dict:
    start = -1
    for _ in range(nth + 1):
        start = HARBOUR.index(part, start + 1)
    return {"start": start, "end": start + len(part), "text": part}


def harbour() -> list[tuple[dict, list[dict]]]:
    aid = article_id(HARBOUR)

    def statement(sid, quote, speaker, cue, **fields):
        return {
            "id": sid, "article_id": aid, "quote": quote, "speaker": speaker, "cue": cue,
            "speaker_name": None, "kind": "direct", "labels": [], "status": "accepted", "origin": "model",
            "confidence": 0.9, "model": "m-2", "annotator": "ana", "note": "",
            "created_at": "2026-11-30T09:00:00.000+00:00", "updated_at": "2026-11-30T09:00:00.000+00:00",
            **fields,
        }  # fmt: skip

    statements = [
        statement("h-fees", [at("Mooring fees in Port Ellis will rise by a fifth next year")],
                  at("the harbour board"), at("said"), kind="indirect", status="predicted", annotator=None),
        statement("h-vane", [at("“We have not raised them since 2019,”"), at("“Dredging alone costs twice what it did.”")],
                  at("Carys Vane"), at("said", 1), speaker_name="Carys Vane", labels=["claim"], status="corrected"),
        statement("h-appeal", [at("they would appeal")], at("Fishermen"), at("said", 2), kind="indirect", status="rejected"),
    ]  # fmt: skip
    article = {"id": aid, "title": "Harbour fees to rise", "text": HARBOUR, "source": "h.txt",
               "meta": {}, "model": "m-2", "status": "in_progress"}  # fmt: skip
    return [(article, statements)]


FILTER = ExportFilter(statuses=frozenset({"predicted", "accepted", "corrected"}), include_rejected=True)


def export(path: Path, fmt: str, pairs=None, unit: str = "article") -> Path:
    write_export(fmt, harbour() if pairs is None else pairs, path, FILTER, unit=unit)
    return path


def read_all(path: Path) -> list[ImportedArticle]:
    results = list(read_annotations(path))
    assert all(isinstance(r, ImportedArticle) for r in results), [str(r) for r in results]
    return results


def merged(items: list[ImportedArticle]) -> list[tuple[dict, list[dict]]]:
    """Statements merged into their article by id, as the library imports them."""
    articles: dict[str, tuple[dict, dict]] = {}
    for item in items:
        articles.setdefault(item.article["id"], (item.article, {}))[1].update({s["id"]: s for s in item.statements})
    return [(article, list(statements.values())) for article, statements in articles.values()]


def test_doccano_line_has_entities_and_relations_by_id(tmp_path):
    [line] = [orjson.loads(x) for x in export(tmp_path / "d.jsonl", "doccano").read_bytes().splitlines()]
    assert line["text"] == HARBOUR and set(line) >= {"entities", "relations", "meta"}
    entities = {e["id"]: e for e in line["entities"]}
    assert all(set(e) >= {"id", "start_offset", "end_offset", "label"} for e in entities.values())
    vane = [e for e in entities.values() if e.get("statement") == "h-vane"]
    assert [HARBOUR[e["start_offset"] : e["end_offset"]][:8] for e in vane] == ["“We have", "“Dredgin"]
    said_by = [r for r in line["relations"] if r["type"] == "SPEAKER_OF" and r["statement"] == "h-vane"]
    assert {HARBOUR[entities[r["from_id"]]["start_offset"] : entities[r["from_id"]]["end_offset"]] for r in said_by} == {"Carys Vane"}
    assert sorted(r["to_id"] for r in said_by) == sorted(e["id"] for e in vane)
    assert "h-appeal" not in {e.get("statement") for e in entities.values()}  # doccano has no "rejected"


def test_labelstudio_puts_machine_statements_in_predictions_and_reviewed_in_annotations(tmp_path):
    [task] = json.loads(export(tmp_path / "ls.json", "labelstudio").read_text(encoding="utf-8"))
    assert task["data"]["text"] == HARBOUR
    [annotation] = task["annotations"]
    [prediction] = task["predictions"]
    assert prediction["model_version"] == "m-2"
    quotes = [r for r in annotation["result"] if r["type"] == "labels" and r["value"]["labels"] == ["QUOTE"]]
    assert [r["id"] for r in quotes] == ["h-vane:1", "h-vane:2"]
    for region in annotation["result"]:
        if region["type"] == "labels":
            assert (region["from_name"], region["to_name"]) == ("label", "text")
            assert region["value"]["text"] == HARBOUR[region["value"]["start"] : region["value"]["end"]]
    relations = [r for r in annotation["result"] if r["type"] == "relation"]
    assert {(r["from_id"], r["to_id"], tuple(r["labels"])) for r in relations if r["labels"] == ["SPEAKER_OF"]} == {
        (f"speaker:{at('Carys Vane')['start']}-{at('Carys Vane')['end']}", "h-vane:1", ("SPEAKER_OF",)),
        (f"speaker:{at('Carys Vane')['start']}-{at('Carys Vane')['end']}", "h-vane:2", ("SPEAKER_OF",)),
    }
    assert all(r["direction"] == "right" for r in relations)
    assert [r["value"]["text"][:7] for r in prediction["result"] if r["type"] == "labels"][0] == "Mooring"


@pytest.mark.parametrize("fmt, name", [("doccano", "out.jsonl"), ("labelstudio", "out.json")])
@pytest.mark.parametrize("unit", ["article", "paragraph", "sentence"])
def test_export_import_export_is_byte_identical(tmp_path, fmt, name, unit):
    first = export(tmp_path / name, fmt, unit=unit)
    assert detect_format(first) == fmt
    second = export(tmp_path / f"again-{name}", fmt, merged(read_all(first)), unit)
    assert second.read_bytes() == first.read_bytes()


@pytest.mark.parametrize("fmt, name", [("doccano", "out.jsonl"), ("labelstudio", "out.json")])
def test_import_keeps_statement_fields_and_statuses(tmp_path, fmt, name):
    [(article, statements)] = merged(read_all(export(tmp_path / name, fmt)))
    by_id = {s["id"]: s for s in statements}
    assert set(by_id) == {"h-fees", "h-vane"}
    assert by_id["h-fees"]["status"] == "predicted" and by_id["h-vane"]["labels"] == ["claim"]
    assert [q["text"][:8] for q in by_id["h-vane"]["quote"]] == ["“We have", "“Dredgin"]
    assert article["title"] == "Harbour fees to rise"


def test_doccano_file_of_the_tool_gives_statements_and_reports_other_labels():
    [item] = read_all(FIXTURES / "doccano" / "library-sundays.jsonl")
    said = {s["quote"][0]["text"][:12]: s for s in item.statements}
    assert said["The library "]["speaker"]["text"] == "its board"
    assert said["“Students ne"]["speaker"]["text"] == "Ruth Okonjo"
    assert said["“Students ne"]["cue"]["text"] == "said" and said["“Students ne"]["status"] == "accepted"
    assert said["“Students ne"]["kind"] == "direct" and said["The library "]["kind"] == "indirect"
    assert item.notes and item.notes[0].endswith("not imported: 1 × PERSON span")


def test_labelstudio_file_of_the_tool_reads_annotations_and_unreviewed_predictions():
    annotated, predicted = read_all(FIXTURES / "labelstudio" / "library-sundays.json")
    [okonjo] = annotated.statements  # the cancelled annotation and the prediction are not read
    assert (okonjo["speaker"]["text"], okonjo["cue"]["text"], okonjo["status"]) == ("Ruth Okonjo", "said", "accepted")
    [board] = predicted.statements  # a task without annotations: its prediction
    assert board["status"] == "predicted" and board["speaker"]["text"] == "its board"
    assert annotated.article["id"] == predicted.article["id"]


def test_labelstudio_relation_to_an_unknown_region_is_an_error_naming_the_task(tmp_path):
    tasks = json.loads((FIXTURES / "labelstudio" / "library-sundays.json").read_text(encoding="utf-8"))
    tasks[1]["predictions"][0]["result"][2]["to_id"] = "gone"
    path = tmp_path / "bad.json"
    path.write_text(json.dumps(tasks), encoding="utf-8")
    results = list(read_annotations(path))
    assert isinstance(results[0], ImportedArticle)
    assert [str(r) for r in results[1:]] == [f"{path}:2: a relation must join two regions of the same result"]
    assert isinstance(results[1], LineError)


JSON = st.recursive(
    st.none() | st.booleans() | st.integers(-5, 300) | st.text(max_size=8)
    | st.sampled_from(["QUOTE", "SPEAKER", "CUE", "SPEAKER_OF", "labels", "relation", "s:1"]),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(
        st.sampled_from(["text", "entities", "relations", "id", "start_offset", "end_offset", "label",
                         "from_id", "to_id", "type", "meta", "offset", "article_id", "data",
                         "annotations", "predictions", "result", "value", "start", "end", "labels"]),
        inner, max_size=6),
    max_leaves=25,
)  # fmt: skip


@settings(max_examples=200, deadline=None)
@given(record=st.dictionaries(st.sampled_from(["entities", "relations", "meta", "text"]), JSON, max_size=4))
def test_any_doccano_line_gives_a_record_or_a_line_error(tmp_path_factory, record):
    path = tmp_path_factory.mktemp("d") / "d.jsonl"
    path.write_bytes(orjson.dumps({**record, "entities": record.get("entities", [])}) + b"\n")
    assert all(isinstance(r, (ImportedArticle, LineError)) for r in read_annotations(path))


@settings(max_examples=200, deadline=None)
@given(tasks=st.lists(JSON, max_size=3))
def test_any_labelstudio_task_list_gives_records_or_line_errors(tmp_path_factory, tasks):
    path = tmp_path_factory.mktemp("l") / "l.json"
    path.write_bytes(orjson.dumps(tasks))
    assert all(isinstance(r, (ImportedArticle, LineError)) for r in read_annotations(path))


@pytest.mark.parametrize(
    "name, payload, message",
    [
        ("d.jsonl", {"text": "abc def", "entities": [{"id": [1], "start_offset": 0, "end_offset": 3,
                     "label": "QUOTE"}], "relations": []}, "an entity needs an 'id' (a number or string)"),
        ("l.json", [{"data": {"text": "abc def"}, "annotations": [{"result": [
            {"type": "labels", "id": [1], "value": {"start": 0, "end": 3, "labels": [["QUOTE"]]}},
            {"type": "relation", "from_id": {"a": 1}, "to_id": [2]}]}]}],
         "a relation must join two regions of the same result"),
        ("l.json", [{"data": {"text": "abc def"}, "annotations": 3, "predictions": {"result": -1}}], None),
    ],
)  # fmt: skip
def test_records_of_the_wrong_shape_are_line_errors(tmp_path, name, payload, message):
    path = tmp_path / name
    path.write_bytes(orjson.dumps(payload) + (b"\n" if name.endswith("l") else b""))
    results = list(read_annotations(path))
    if message is None:  # nothing to read in it: an article without statements
        assert [len(r.statements) for r in results] == [0]
    else:
        assert [str(r) for r in results] == [f"{path}:1: {message}"]
