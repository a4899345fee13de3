"""training/quotes.cfg trains on a `quotelens export --format spacy` file."""

from __future__ import annotations

from pathlib import Path

import spacy
from spacy.cli.train import train

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


def test_quotes_config_trains_one_step_on_an_export(tmp_path):
    data = tmp_path / "quotes.spacy"
    write_export("spacy", small_library(), data)
    out = tmp_path / "model"
    overrides = {
        "paths.train": str(data),
        "paths.dev": str(data),
        "training.max_steps": 1,
        "training.eval_frequency": 1,
    }
    train(CONFIG, out, overrides=overrides)
    nlp = spacy.load(out / "model-last")
    assert nlp.pipe_names == ["tok2vec", "span_finder", "spancat"]
    assert set(nlp.get_pipe("spancat").labels) == {"QUOTE", "SPEAKER", "CUE"}
    doc = nlp("“It is done,” said the mayor.")
    assert "sc" in doc.spans
