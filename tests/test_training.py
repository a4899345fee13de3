"""training/quotes.cfg trains on a `quotelens export --format spacy` folder, and quotelens
reads with what it trains (annotators/span_linker.py)."""

from __future__ import annotations

from pathlib import Path

import pytest
import spacy
from spacy.cli.train import train
from spacy.tokens import DocBin

from corpus.article import article_id
from corpus.export import write_export

CONFIG = Path(__file__).resolve().parents[1] / "training" / "quotes.cfg"
TEXTS = [
    (
        "“The pool will reopen in June,” said Omar Haddad, who runs the leisure centre.",
        "Omar Haddad",
        "said",
    ),
    (
        "Nurses will strike on Friday, their union told reporters after the talks failed.",
        "their union",
        "told",
    ),
    (
        "“We expected more,” the coach admitted. “The second half was poor.”",
        "the coach",
        "admitted",
    ),
]


def small_library():
    for text, speaker, cue in TEXTS:
        aid = article_id(text)
        quote_end = text.index(speaker) - 1 if text.startswith("“") else text.index(",")
        quote = {"start": 0, "end": quote_end, "text": text[:quote_end]}
        s, c = text.index(speaker), text.index(cue)
        yield (
            {"id": aid, "title": speaker, "text": text},
            [
                {
                    "id": f"{aid}-1",
                    "article_id": aid,
                    "quote": [quote],
                    "status": "accepted",
                    "speaker": {"start": s, "end": s + len(speaker), "text": speaker},
                    "cue": {"start": c, "end": c + len(cue), "text": cue},
                }
            ],
        )


def test_spacy_export_keeps_quotes_and_parts_apart_with_statement_ids(tmp_path):
    folder = tmp_path / "quotes.spacy"
    write_export("spacy", small_library(), folder)
    nlp = spacy.blank("en")
    docs = [d for f in sorted(folder.iterdir()) for d in DocBin().from_disk(f).get_docs(nlp.vocab)]
    first = docs[0]
    assert [(s.label_, s.text) for s in first.spans["parts"]] == [("CUE", "said"), ("SPEAKER", "Omar Haddad")]
    assert [s.label_ for s in first.spans["quotes"]] == ["QUOTE"]
    statement_id = first.spans["quotes"][0].id_
    assert statement_id.endswith("-1")
    assert {s.id_ for s in first.spans["parts"]} == {statement_id}  # each part names its quote's statement
    assert all(len(d.spans["parts"]) == 2 for d in docs)


def _train(tmp_path, steps: int):
    data = tmp_path / "quotes.spacy"
    write_export("spacy", small_library(), data)
    out = tmp_path / "model"
    overrides = {
        "paths.train": str(data),
        "paths.dev": str(data),
        "training.max_steps": steps,
        "training.eval_frequency": steps,
    }
    train(CONFIG, out, overrides=overrides)
    return out / "model-last"


def test_quotes_config_trains_one_step_on_an_export(tmp_path):
    nlp = spacy.load(_train(tmp_path, 1))
    assert nlp.pipe_names == ["tok2vec", "span_finder", "spancat"]
    assert set(nlp.get_pipe("spancat").labels) == {"SPEAKER", "CUE"}
    assert nlp.get_pipe("span_finder").cfg["spans_key"] != nlp.get_pipe("spancat").cfg["spans_key"]
    scores = nlp.evaluate([])  # each component scores under its own key
    assert {"spans_quotes_f", "spans_parts_f"} <= scores.keys()
    doc = nlp("“It is done,” said the mayor.")
    assert {"quotes", "parts"} <= doc.spans.keys()


@pytest.mark.model
def test_a_trained_span_pipeline_reads_with_model(tmp_path):
    from annotators.pipeline import extract, load_pipeline, model_label

    nlp = load_pipeline(str(_train(tmp_path, 1)))
    assert nlp.pipe_names[-1] == "quotelens_spans"
    assert "quotelens_speakers" not in nlp.pipe_names  # the rule components need a parser
    assert "+quotelens-" in model_label(nlp)  # statements record that quotelens read with it
    text = "“It is done,” said the mayor."
    for statement in extract(nlp, text):
        assert statement.quote[0].text == text[statement.start : statement.end]
