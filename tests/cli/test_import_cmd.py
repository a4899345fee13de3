"""``quotelens import``: articles pre-annotated once, annotation files round-trip, PolNeAR gold."""
from __future__ import annotations

import json
from pathlib import Path

import orjson
import pytest

from annotators.pipeline import load_pipeline, model_label
from corpus.article import article_id
from corpus.library import Library
from tui.cli import main

SHARED = Path(__file__).parents[2].parent / "shared"
POLNEAR = SHARED / "data" / "polnear"
MINI = Path(__file__).parents[1] / "fixtures" / "polnear_mini"

GARDEN = (
    "Allotment rents will double from April, the borough council confirmed on Friday.\n\n"
    "“Most of us are pensioners, and forty pounds a year is already a stretch,” said Ruth Adeyemi, "
    "who has kept a plot on Mill Lane for thirty years.\n\n"
    "A council spokesman said the rise would pay for new water pipes."
)


def span(text: str, part: str) -> dict:
    start = text.index(part)
    return {"start": start, "end": start + len(part), "text": part}


def garden_line(**article_fields) -> bytes:
    """One line of our JSONL export: an accepted, a corrected and a rejected statement."""
    aid = article_id(GARDEN)

    def statement(sid, quote, speaker, status, **fields):
        return {
            "id": sid, "article_id": aid, "quote": [span(GARDEN, quote)],
            "cue": span(GARDEN, "said"), "speaker": span(GARDEN, speaker) if speaker else None,
            "speaker_name": speaker, "kind": fields.pop("kind", "direct"), "labels": ["rent"],
            "status": status, "origin": "model", "confidence": 0.8, "model": "m-1",
            "annotator": "olu", "note": "", "created_at": "2026-11-01T10:00:00.000+00:00",
            "updated_at": "2026-11-02T10:00:00.000+00:00", **fields,
        }  # fmt: skip

    record = {
        "id": aid, "title": "Allotment rents to double", "text": GARDEN, "source": "garden.txt",
        "meta": {}, "model": "m-1", "status": "in_progress", **article_fields,
        "statements": [
            statement("g-ruth", "“Most of us are pensioners, and forty pounds a year is already a stretch,”",
                      "Ruth Adeyemi", "accepted", history={"edits": 1}),
            statement("g-pipes", "the rise would pay for new water pipes", "A council spokesman",
                      "corrected", kind="indirect"),
            statement("g-rent", "Allotment rents will double", None, "rejected"),
        ],
    }  # fmt: skip
    return orjson.dumps(record) + b"\n"


def run(*args) -> int:
    return main(list(map(str, args)))


def export(library: Path, fmt: str, out: Path, *extra) -> bytes:
    assert run("export", "--library", library, "--format", fmt, "-o", out, *extra) == 0
    return out.read_bytes()


# article files ------------------------------------------------------------------------------


@pytest.mark.model
def test_article_folder_is_added_and_pre_annotated_once(article_folder, tmp_path):
    lib = tmp_path / "lib"
    assert run("import", "--library", lib, article_folder) == 0
    assert run("import", "--library", lib, article_folder, article_folder / "ferry.txt") == 0
    label = model_label(load_pipeline())
    with Library.open(lib, readonly=True) as library:
        entries = library.articles()
        assert sorted(e.title for e in entries) == [
            "Ferry fares to rise in spring", "Library extends weekend hours", "Orchard wins county prize",
        ]  # fmt: skip
        assert all(e.model == label for e in entries)
        ferry = next(e for e in entries if e.title.startswith("Ferry"))
        assert ferry.counts["predicted"] >= 1
        assert [h["action"] for h in library.history(ferry.id)] == ["parse"]


@pytest.mark.model
def test_unreadable_article_is_named_and_the_others_are_imported(article_folder, tmp_path, capsys):
    (article_folder / "broken.txt").write_bytes(b"\x00\x01\x02" * 50)
    assert run("import", "--library", tmp_path / "lib", article_folder) == 1
    assert "broken.txt: looks like a binary file" in capsys.readouterr().err
    with Library.open(tmp_path / "lib", readonly=True) as library:
        assert len(library.articles()) == 3


# annotation files ---------------------------------------------------------------------------


@pytest.mark.parametrize("fmt", ["jsonl", "prodigy"])
def test_export_import_into_an_empty_library_export_is_identical(fmt, tmp_path):
    source = tmp_path / "garden.jsonl"
    source.write_bytes(garden_line())
    assert run("import", "--library", tmp_path / "a", source) == 0
    first = export(tmp_path / "a", fmt, tmp_path / f"first.{fmt}", "--include-rejected")
    assert run("import", "--library", tmp_path / "b", tmp_path / f"first.{fmt}") == 0
    second = export(tmp_path / "b", fmt, tmp_path / f"second.{fmt}", "--include-rejected")
    assert first == second
    assert len(first.splitlines()) == (2 if fmt == "prodigy" else 1)  # accept and reject tasks


def test_imported_statements_keep_their_fields(tmp_path):
    source = tmp_path / "garden.jsonl"
    source.write_bytes(garden_line())
    run("import", "--library", tmp_path / "lib", source)
    with Library.open(tmp_path / "lib", readonly=True) as library:
        [ruth] = [s for s in library.all_statements(article_id(GARDEN)) if s["id"] == "g-ruth"]
    assert (ruth["annotator"], ruth["created_at"], ruth["history"]) == (
        "olu", "2026-11-01T10:00:00.000+00:00", {"edits": 1}
    )


def test_malformed_line_is_reported_with_its_number_and_the_rest_is_imported(tmp_path, capsys):
    good = garden_line()
    other = orjson.loads(good)
    other_text = "Bus lanes on the ring road open next week, the transport office said."
    other.update(id=article_id(other_text), text=other_text, statements=[])
    source = tmp_path / "mixed.jsonl"
    source.write_bytes(b'{"text": "cut off' + b"\n" + good + orjson.dumps(other) + b"\n")
    assert run("import", "--library", tmp_path / "lib", source) == 1
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and err[0].startswith(f"quotelens: error: {source}:1: not valid JSON")
    with Library.open(tmp_path / "lib", readonly=True) as library:
        assert {e.title for e in library.articles()} == {"Allotment rents to double"}
        assert len(library.all_statements(article_id(GARDEN))) == 3


def test_line_the_library_refuses_is_reported_and_nothing_of_it_is_stored(tmp_path, capsys):
    source = tmp_path / "odd.jsonl"
    source.write_bytes(garden_line(status="reviewed"))
    assert run("import", "--library", tmp_path / "lib", source) == 1
    assert f"{source}:1: article" in capsys.readouterr().err
    with Library.open(tmp_path / "lib", readonly=True) as library:
        assert library.articles() == []


def test_file_of_no_known_format_is_an_error_naming_it(tmp_path, capsys):
    source = tmp_path / "notes.jsonl"
    source.write_text('{"hello": 1}\n')
    assert run("import", "--library", tmp_path / "lib", source) == 1
    assert "notes.jsonl: not a quotelens JSONL, Prodigy, doccano or Label Studio file" in capsys.readouterr().err


# PolNeAR ------------------------------------------------------------------------------------


def test_polnear_split_folder_gives_accepted_gold_with_text_as_stored(tmp_path):
    assert run("import", "--library", tmp_path / "lib", "--format", "polnear", MINI / "dev") == 0
    with Library.open(tmp_path / "lib", readonly=True) as library:
        entries = {e.id: e for e in library.articles()}
        bridge = library.article("mini_harbor-bridge-repairs")
        statements = library.all_statements(bridge.id)
    assert sorted(entries) == [
        "mini_council-budget-vote", "mini_harbor-bridge-repairs", "mini_school-board-calendar",
    ]  # fmt: skip
    raw = (MINI / "dev" / "text" / "mini_harbor-bridge-repairs.txt").read_text(encoding="utf-8")
    assert bridge.text == raw
    assert bridge.title == raw.strip().splitlines()[0].strip()
    assert len(statements) == 3 and {s["status"] for s in statements} == {"accepted"}
    assert all(s["annotator"] == "polnear:aa11" for s in statements)


def test_polnear_import_twice_adds_nothing_new(tmp_path):
    counts = []
    for _ in range(2):
        assert run("import", "--library", tmp_path / "lib", "--format", "polnear", MINI, "--split", "dev") == 0
        with Library.open(tmp_path / "lib", readonly=True) as library:
            counts.append([(e.id, e.statements) for e in library.articles()])
    assert counts[0] == counts[1] and len(counts[0]) == 3


def test_polnear_missing_split_is_an_error(tmp_path, capsys):
    assert run("import", "--library", tmp_path / "lib", "--format", "polnear", MINI, "--split", "train") == 1
    assert "no PolNeAR split 'train'" in capsys.readouterr().err


@pytest.mark.corpus
def test_polnear_dev_exported_as_jsonl_scores_f1_one_with_the_reference_scorer(tmp_path, reference_scorer):
    lib = tmp_path / "lib"
    assert run("import", "--library", lib, "--format", "polnear", POLNEAR, "--split", "dev") == 0
    export(lib, "jsonl", tmp_path / "dev.jsonl")
    scorer = reference_scorer
    scores = scorer.score(POLNEAR, "dev", scorer.read_preds(tmp_path / "dev.jsonl"))
    assert scores["docs"] == 84 and scores["pred"] == scores["gold"] == 2192
    for metric in ("strict", "loose", "strict_spk", "loose_spk"):
        assert json.loads(json.dumps(scores[metric]))[2] == 1.0, metric


def test_bad_annotation_file_with_control_characters_in_its_name_is_reported_inert(tmp_path, capsys):
    bad = tmp_path / "evil\x1b]0;x\x07.jsonl"
    bad.write_bytes(b"")
    assert main(["import", "--library", str(tmp_path / "lib"), str(bad)]) == 1
    err = capsys.readouterr().err
    assert "evil\u241b]0;x\u2407.jsonl: is empty" in err
    assert "\x1b" not in err and "\x07" not in err


@pytest.mark.model
def test_import_in_two_processes_stores_what_one_process_stores(article_folder, tmp_path):
    stored = {}
    for processes in ("1", "2"):
        library = tmp_path / f"lib{processes}"
        assert main(["import", "--library", str(library), "--processes", processes, str(article_folder)]) == 0
        with Library.open(library) as opened:
            stored[processes] = {
                id: [(s["quote"], s["speaker_name"], s["model"]) for s in opened.statements(id)]
                for id in (entry.id for entry in opened.articles())
            }
    assert stored["1"] == stored["2"] and len(stored["2"]) == 3
    assert all(stored["2"].values())
