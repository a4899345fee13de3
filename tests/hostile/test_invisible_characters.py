"""Bidirectional and zero-width characters never reach the terminal raw nor a speaker's name."""
from __future__ import annotations

import orjson
import pytest

from annotators.pipeline import extract
from corpus.annotation_import import read_jsonl
from corpus.article import article_id
from corpus.importers import read_article
from corpus.text import make_inert, plain_name

HIDDEN = ["\u202e", "\u202a", "\u2066", "\u2067", "\u2068", "\u2069", "\u200b", "\u200e", "\u2060", "\ufeff"]


@pytest.mark.parametrize("char", HIDDEN, ids=lambda c: f"U+{ord(c):04X}")
def test_hidden_characters_become_visible_one_for_one(char):
    raw = f"The mayor{char} said the bridge would open."
    inert = make_inert(raw)
    assert len(inert) == len(raw) and char not in inert and "\ufffd" in inert


def test_joiners_that_scripts_and_emoji_need_are_kept():
    assert make_inert("mi\u200cxed 👩\u200d💻") == "mi\u200cxed 👩\u200d💻"


def test_an_article_file_with_an_override_and_a_bom_inside_is_read_inert(tmp_path):
    path = tmp_path / "override.txt"
    path.write_text("\ufeffHarbour news\n\nThe mayor\u202e said the \ufeffharbour\u2066 would reopen.\n", encoding="utf-8")
    article = read_article(path)
    assert not any(c in article.title + article.text for c in HIDDEN)
    assert article.title == "Harbour news"  # a leading BOM is the encoding's, not the text's


def test_look_alike_names_are_one_plain_name():
    assert plain_name("Mara\u202e Quist") == plain_name("Mara Quist\u200b") == "Mara Quist"
    assert plain_name(make_inert("Mara\u2066 Quist")) == "Mara Quist"
    assert plain_name("\u202e\u2069") == ""


def test_imported_speaker_names_lose_hidden_characters(tmp_path):
    text = "“We will rebuild,” said Mara Quist."
    record = {
        "id": article_id(text), "title": "Rebuild", "text": text, "source": "x", "meta": {},
        "statements": [
            {"id": "s1", "quote": [{"start": 0, "end": 18}], "speaker_name": "Mara Quist\u202e", "status": "accepted"},
            {"id": "s2", "quote": [{"start": 0, "end": 18}], "speaker_name": "\u2066\u2069", "status": "accepted"},
        ],
    }
    path = tmp_path / "in.jsonl"
    path.write_bytes(orjson.dumps(record) + b"\n")
    [item] = read_jsonl(path)
    assert [s["speaker_name"] for s in item.statements] == ["Mara Quist", None]


@pytest.mark.model
def test_the_pipeline_names_a_speaker_without_the_hidden_character(nlp, tmp_path):
    path = tmp_path / "quist.txt"
    path.write_text("Flood plan\n\n“We will rebuild the wall,” said Mara\u202e Quist, the mayor.\n", encoding="utf-8")
    statements = extract(nlp, read_article(path).text)
    assert [s.speaker_name for s in statements] == ["Mara Quist"]
