"""The pipeline as others use it: loading, labels, long texts, batches, save and load."""
from __future__ import annotations

import json
from collections import Counter

import spacy

from annotators import pipeline
from annotators.models import resolve_model
from annotators.pipeline import (
    COMPONENTS,
    LEARNED_COMPONENTS,
    chunks,
    extract,
    extract_many,
    load_pipeline,
    model_label,
    shipped_scorer,
)

STORY = (
    "“The pool will reopen in June,” said Omar Haddad, who runs the leisure centre.\n\n"
    "The council warned that repairs could cost more than planned.\n\n"
)


def test_load_pipeline_is_cached_and_has_our_components(nlp, default_nlp):
    assert load_pipeline("rules") is nlp
    assert load_pipeline(f"rules:{resolve_model()}") is nlp
    assert list(COMPONENTS) == nlp.pipe_names[-3:]
    assert load_pipeline() is default_nlp and load_pipeline(resolve_model()) is default_nlp
    assert list(LEARNED_COMPONENTS) == default_nlp.pipe_names[-4:]


def test_model_label_names_model_version_and_components(nlp):
    label = model_label(nlp)
    assert label.startswith(f"{nlp.meta['lang']}_{nlp.meta['name']}-{nlp.meta['version']}")
    assert label.endswith("+quotelens-0.1.0")


def test_the_default_pipeline_reads_with_the_shipped_scorer(default_nlp, nlp):
    settings = json.loads((shipped_scorer() / "settings.json").read_text(encoding="utf-8"))
    scorer = default_nlp.get_pipe("quotelens_scorer")
    assert scorer.model is not None and scorer.threshold == settings["threshold"]
    assert model_label(default_nlp) == f"{model_label(nlp)}+scorer-{settings['version']}"
    found = extract(default_nlp, STORY)
    assert {s.speaker_name for s in found} >= {"Omar Haddad"}
    assert all(s.confidence >= settings["threshold"] for s in found)


def test_text_longer_than_max_length_is_chunked_with_true_offsets(nlp, monkeypatch):
    text = STORY * 40
    monkeypatch.setattr(nlp, "max_length", 2000)
    statements = extract(nlp, text)
    assert len(statements) == 80
    for s in statements:
        for span in (*s.quote, s.cue, s.speaker):
            assert span is None or text[span.start : span.end] == span.text
    assert statements == sorted(statements, key=lambda s: s.start)


def test_extract_reports_progress_per_chunk_and_finds_what_extract_many_finds(nlp, monkeypatch):
    text = STORY * 40
    monkeypatch.setattr(nlp, "max_length", 2000)
    reported = []
    statements = extract(nlp, text, lambda done, total: reported.append((done, total)))
    ends = [offset + len(piece) for offset, piece in chunks(text, pipeline._limit(nlp))]
    assert len(ends) == 3 and reported == [(end, len(text)) for end in ends]
    assert statements == next(extract_many(nlp, [text]))


def test_extract_counts_the_people_and_organisations_in_every_chunk(nlp, monkeypatch):
    text = STORY * 40
    monkeypatch.setattr(nlp, "max_length", 2000)
    names = Counter()
    extract(nlp, text, names=names)
    once = {e.text for e in nlp(STORY).ents if e.label_ in pipeline.NAME_LABELS}
    assert set(names) == once and names["Omar Haddad"] == 40


def test_chunks_cover_the_text_and_cut_at_paragraph_breaks():
    text = STORY * 10
    pieces = list(chunks(text, 300))
    assert "".join(piece for _, piece in pieces) == text
    assert all(len(piece) <= 300 for _, piece in pieces)
    assert all(text[offset : offset + len(piece)] == piece for offset, piece in pieces)
    assert all(piece.endswith("\n\n") for _, piece in pieces[:-1])


def test_chunks_cut_at_a_space_when_there_is_no_line_break():
    text = "word " * 100
    pieces = list(chunks(text, 64))
    assert "".join(piece for _, piece in pieces) == text
    assert all(piece.endswith(" ") and len(piece) <= 64 for _, piece in pieces[:-1])


def test_chunked_text_gives_the_statements_of_the_whole_text(nlp, monkeypatch):
    text = STORY * 30
    whole = extract(nlp, text)
    monkeypatch.setattr(pipeline, "CHUNK_CHARS", 1000)
    assert len(list(chunks(text, pipeline._limit(nlp)))) > 1
    chunked = extract(nlp, text)

    def spans(statements):
        return [(s.quote, s.cue, s.speaker, s.speaker_name, s.kind) for s in statements]

    assert spans(chunked) == spans(whole) and len(chunked) == 60
    assert {s.speaker.text: s.speaker_name for s in chunked} == {
        "Omar Haddad": "Omar Haddad", "The council": "the council"
    }
    for s in chunked:
        for span in (*s.quote, s.cue, s.speaker):
            assert span is None or text[span.start : span.end] == span.text


def test_extract_many_keeps_input_order(nlp):
    texts = ["No quotes here.", STORY, "", STORY + STORY]
    assert [len(r) for r in extract_many(nlp, texts, batch_size=2)] == [0, 2, 0, 4]


def test_extract_many_with_two_processes_matches_one(nlp):
    texts = [STORY, "Nothing.", STORY * 2]
    assert list(extract_many(nlp, texts, n_process=2)) == list(extract_many(nlp, texts))


def test_doc_carries_span_groups_and_statements(nlp):
    doc = nlp(STORY)
    assert [s.text for s in doc.spans["quotes"]] == ["“The pool will reopen in June,”"]
    assert {s.text for s in doc.spans["cues"]} == {"said", "warned"}
    assert {s.text for s in doc.spans["speakers"]} == {"Omar Haddad", "The council"}
    assert [s.kind for s in doc._.statements] == ["direct", "indirect"]


def test_saved_pipeline_loads_with_its_settings(nlp, tmp_path):
    custom = spacy.load(nlp.meta["lang"] + "_" + nlp.meta["name"])
    from annotators.pipeline import add_components

    add_components(custom, {"quotelens_reported": {"include_beliefs": True}})
    custom.to_disk(tmp_path / "pipe")
    loaded = spacy.load(tmp_path / "pipe")
    assert loaded.get_pipe_config("quotelens_reported")["include_beliefs"] is True
    text = "The mayor believes that the bridge will hold."
    assert [s.cue.text for s in loaded(text)._.statements] == ["believes"]
    assert nlp(text)._.statements == []


def test_statement_survives_doc_serialisation(nlp):
    from spacy.tokens import Doc

    doc = nlp(STORY)
    again = Doc(nlp.vocab).from_bytes(doc.to_bytes())
    assert again._.statements == doc._.statements
