"""Prodigy tasks done right: whole-token spans, annotator ids, paragraph and sentence tasks,
what an import leaves out; and DocBin spans tied to their statements and article."""

from __future__ import annotations

from pathlib import Path

import orjson
import pytest
from spacy.tokens import DocBin

from corpus.annotation_import import ImportedArticle, LineError, read_prodigy
from corpus.article import article_id
from corpus.export import ExportFilter, write_export
from corpus.tokens import blank_english

MARKET = (
    "Market traders win a reprieve\n\n"
    "The covered market will stay open until the summer, the council said on Wednesday. "
    "Traders had feared it would shut in March.\n\n"
    "“We have been here for forty years,” said Abel Ferreira, who sells cheese. "
    "“Nobody asked us.”\n\n"
    "“It is a start,” he added.\n\n"
    "Council leader Nia Rowe told reporters that a new lease was being drafted."
)


def at(part: str, nth: int = 0) -> dict:
    start = -1
    for _ in range(nth + 1):
        start = MARKET.index(part, start + 1)
    return {"start": start, "end": start + len(part), "text": part}


def statement(sid: str, quote: list[dict], speaker: dict | None, cue: dict | None, **fields) -> dict:
    return {
        "id": sid, "article_id": article_id(MARKET), "quote": quote, "cue": cue, "speaker": speaker,
        "speaker_name": None, "kind": "direct", "labels": [], "status": "accepted", "origin": "model",
        "confidence": 0.8, "model": "m", "annotator": "ana", "note": "",
        "created_at": "2026-11-30T09:00:00.000+00:00", "updated_at": "2026-11-30T09:00:00.000+00:00",
        **fields,
    }  # fmt: skip


def market() -> list[tuple[dict, list[dict]]]:
    statements = [
        statement("m-stay", [at("The covered market will stay open until the summer")], at("the council"),
                  at("said"), kind="indirect", annotator="ben", updated_at="2026-12-01T08:00:00.000+00:00"),
        statement("m-years", [at("“We have been here for forty years,”"), at("“Nobody asked us.”")],
                  at("Abel Ferreira"), at("said", 1)),
        # the speaker is in the paragraph before: the two paragraphs make one task
        statement("m-start", [at("“It is a start,”")], at("Abel Ferreira"), at("added")),
        # cuts "reporters" and "lease": snapped to whole tokens
        statement("m-lease", [at("porters that a new lea")], at("Nia Rowe"), at("told"), kind="indirect"),
    ]  # fmt: skip
    article = {"id": article_id(MARKET), "title": "Market reprieve", "text": MARKET, "source": "m.txt",
               "meta": {}, "model": "m", "status": "reviewed"}  # fmt: skip
    return [(article, statements)]


def tasks(tmp_path: Path, unit: str = "article", pairs=None, name: str = "tasks.jsonl") -> list[dict]:
    path = tmp_path / name
    write_export("prodigy", market() if pairs is None else pairs, path, ExportFilter(), unit=unit)
    return [orjson.loads(line) for line in path.read_bytes().splitlines()]


def imported(path: Path) -> list[ImportedArticle]:
    results = list(read_prodigy(path))
    assert all(isinstance(r, ImportedArticle) for r in results), [str(r) for r in results]
    return results


def test_span_that_cuts_a_token_is_snapped_to_whole_tokens_with_matching_token_ids(tmp_path):
    [task] = tasks(tmp_path)
    quote = next(s for s in task["spans"] if s.get("statement") == "m-lease")
    assert task["text"][quote["start"] : quote["end"]] == "reporters that a new lease"
    for span in task["spans"]:
        assert task["tokens"][span["token_start"]]["start"] == span["start"]
        assert task["tokens"][span["token_end"]]["end"] == span["end"]


def test_task_names_who_last_changed_a_statement_as_annotator_and_session(tmp_path):
    [task] = tasks(tmp_path)
    assert task["_annotator_id"] == "ben" and task["_session_id"] == "quotelens-ben"


def test_paragraph_tasks_tile_the_article_and_join_a_statement_over_two_paragraphs(tmp_path):
    pieces = tasks(tmp_path, "paragraph")
    assert "".join(t["text"] for t in pieces) == MARKET
    assert [t["meta"]["offset"] for t in pieces] == [0, *(MARKET.index(t["text"]) for t in pieces[1:])]
    assert [t["text"].split()[0] for t in pieces] == ["Market", "The", "“We", "Council"]
    for task in pieces:
        for token in task["tokens"]:
            assert task["text"][token["start"] : token["end"]] == token["text"]
        for span in task["spans"]:
            assert task["tokens"][span["token_start"]]["start"] == span["start"]
    assert pieces[0]["spans"] == [] and pieces[0]["answer"] == "accept"


def test_sentence_tasks_are_smaller_than_paragraph_tasks(tmp_path):
    sentences = tasks(tmp_path, "sentence")
    assert "".join(t["text"] for t in sentences) == MARKET
    assert any(t["text"].startswith("Traders had feared") for t in sentences)
    assert len(sentences) > len(tasks(tmp_path, "paragraph", name="p.jsonl"))


@pytest.mark.parametrize("unit", ["paragraph", "sentence"])
def test_pieces_import_as_the_whole_article_task_does(tmp_path, unit):
    tasks(tmp_path, unit, name="pieces.jsonl")
    tasks(tmp_path, "article", name="whole.jsonl")
    [pieces] = imported(tmp_path / "pieces.jsonl")
    [whole] = imported(tmp_path / "whole.jsonl")
    assert (pieces.article, pieces.statements) == (whole.article, whole.statements)


@pytest.mark.parametrize("unit", ["article", "paragraph"])
def test_export_import_export_is_byte_identical(tmp_path, unit):
    first = tasks(tmp_path, unit, name="first.jsonl")
    [item] = imported(tmp_path / "first.jsonl")
    assert tasks(tmp_path, unit, [(item.article, item.statements)], name="second.jsonl") == first
    assert (tmp_path / "second.jsonl").read_bytes() == (tmp_path / "first.jsonl").read_bytes()


def test_pieces_that_leave_out_text_are_an_error_naming_the_article(tmp_path):
    pieces = tasks(tmp_path, "paragraph")
    (tmp_path / "gap.jsonl").write_bytes(b"".join(orjson.dumps(t) + b"\n" for t in pieces[:1] + pieces[2:]))
    [error] = list(read_prodigy(tmp_path / "gap.jsonl"))
    assert isinstance(error, LineError) and f"article {article_id(MARKET)}: no task holds its text at" in str(error)


def test_spans_of_other_labels_and_unjoined_speakers_are_reported(tmp_path):
    text = "Ada Brook said the pier would reopen. Ben Cole agreed."
    task = {
        "text": text,
        "spans": [
            {"start": 14, "end": 36, "label": "QUOTE"},
            {"start": 0, "end": 9, "label": "SPEAKER"},
            {"start": 38, "end": 46, "label": "PERSON"},
            {"start": 38, "end": 46, "label": "SPEAKER"},
        ],
        "relations": [
            {"head_span": {"start": 0, "end": 9, "label": "SPEAKER"},
             "child_span": {"start": 14, "end": 36, "label": "QUOTE"}, "label": "SPEAKER_OF"},
            {"head_span": {"start": 38, "end": 46, "label": "PERSON"},
             "child_span": {"start": 0, "end": 9, "label": "SPEAKER"}, "label": "AGREES_WITH"},
        ],
        "answer": "accept",
    }  # fmt: skip
    (tmp_path / "t.jsonl").write_bytes(orjson.dumps(task) + b"\n")
    [item] = imported(tmp_path / "t.jsonl")
    assert [s["speaker"]["text"] for s in item.statements] == ["Ada Brook"]
    assert item.notes == (
        f"{tmp_path / 't.jsonl'}:1: not imported: 1 × AGREES_WITH relation, 1 × PERSON span, "
        "1 × SPEAKER span joined to no quote",
    )


# DocBin ---------------------------------------------------------------------------------------


def docs(tmp_path: Path):
    write_export("spacy", market(), tmp_path / "train", ExportFilter())
    vocab = blank_english().vocab
    return [d for shard in sorted((tmp_path / "train").glob("*.spacy")) for d in DocBin().from_disk(shard).get_docs(vocab)]


def test_docbin_speaker_and_cue_spans_carry_their_statement_id(tmp_path):
    [doc] = docs(tmp_path)
    speakers = {(sp.text, sp.id_) for sp in doc.spans["speakers"]}
    assert ("Abel Ferreira", "m-years") in speakers and ("Abel Ferreira", "m-start") in speakers
    assert {(sp.text, sp.id_) for sp in doc.spans["cues"]} >= {("added", "m-start"), ("told", "m-lease")}
    assert [sp.text for sp in doc.spans["sc"] if sp.label_ == "SPEAKER"].count("Abel Ferreira") == 1


def test_docbin_doc_carries_its_article_id(tmp_path):
    [doc] = docs(tmp_path)
    assert doc.user_data["article_id"] == article_id(MARKET)


def test_sentence_starts_are_those_of_spacys_sentencizer():
    from spacy.pipeline import Sentencizer

    from corpus.export.tokens import TokenIndex
    from corpus.export.units import sentence_starts
    from corpus.tokens import make_doc

    for path in sorted(Path(__file__).parents[2].glob("sample_articles/*.txt")):
        text = path.read_text(encoding="utf-8")
        sents = Sentencizer()(make_doc(text)).sents
        expected = [next(t.idx for t in s if not t.is_space) for s in sents if not s.text.isspace()][1:]
        assert list(sentence_starts(text, TokenIndex(text))) == expected, path.name
