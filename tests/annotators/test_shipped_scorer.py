"""The shipped scorer holds labels and cue lemmas only, and is small; its guard catches words."""
from __future__ import annotations

import importlib.util
import json
from pathlib import Path

import pytest

from annotators.pipeline import shipped_scorer

ROOT = Path(__file__).resolve().parents[2]


def build_script():
    """``tools/build_default_model.py`` as a module (tools/ is not a package)."""
    spec = importlib.util.spec_from_file_location("build_default_model", ROOT / "tools/build_default_model.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_the_scorer_is_packaged_small_and_names_its_version():
    folder = shipped_scorer()
    assert folder is not None
    assert sorted(p.name for p in folder.iterdir()) == ["encoder.json", "frames.txt", "settings.json"]
    assert sum(p.stat().st_size for p in folder.iterdir()) < 5_000_000
    settings = json.loads((folder / "settings.json").read_text(encoding="utf-8"))
    assert settings["version"] == build_script().VERSION
    assert 0 < settings["threshold"] < 1


def test_the_guard_refuses_word_forms_and_phrases_in_the_tables():
    guard = build_script().foreign_values
    labels = {"nsubj", "ROOT", "VERB", "PERSON", "-"}
    clean = {"frames": {"tables": {"cue_lemma": ["say", "’re", "―"], "cue_dep": ["nsubj", "ROOT"], "kind": ["direct"]}}}
    assert guard(clean, labels) == []
    dirty = {"frames": {"tables": {
        "cue_lemma": ["say", "Said", "said that"], "cue_dep": ["nsubj", "Obama"], "kind": ["direct", "quote"],
    }}}  # fmt: skip
    assert guard(dirty, labels) == ["cue_lemma='Said'", "cue_lemma='said that'", "cue_dep='Obama'", "kind='quote'"]


@pytest.mark.model
def test_the_shipped_tables_hold_only_labels_of_the_base_model_and_lemmas(default_nlp):
    script = build_script()
    encoder = json.loads((shipped_scorer() / "encoder.json").read_text(encoding="utf-8"))
    assert script.foreign_values(encoder, script.parse_labels(default_nlp)) == []
    assert "say" in encoder["frames"]["tables"]["cue_lemma"]
    model = (shipped_scorer() / "frames.txt").read_text(encoding="utf-8")
    assert "pandas_categorical:null" in model  # no category names inside the trees file
