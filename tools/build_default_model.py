"""Rebuild the shipped scorer ``annotators/data/scorer/`` from PolNeAR train.

Trains the attribution scorer exactly as ``quotelens train --polnear DIR`` does (LightGBM with
a fixed seed, ``deterministic=True`` and two threads; early stopping and the threshold chosen
on PolNeAR dev), with one restriction so that the files hold no words of the corpus but cue
lemmas (as ``annotators/data/cues.json`` does): the encoder's cue-lemma table keeps only the
lemmas of at least one gold cue of train (any other verb is a missing value). Writes only
the scorer's files:

- ``frames.txt`` — LightGBM's text format: trees, split values, feature names;
- ``encoder.json`` — the code tables of the categorical features (parse labels, our own
  labels, cue lemmas); checked here: parse labels against the base model's label sets, our
  own values against ``OWN_VALUES``, lemmas are single lower-case words or punctuation marks;
- ``settings.json`` — version, threshold, overlap limit, base model, and the dev figures.

The default pipeline (``annotators.pipeline.load_pipeline``) puts this scorer on top of the
resolved spaCy model. The output depends only on the corpus, the base model and the code:
``--check`` compares a rebuild with the packaged files instead of writing them.

Run: python tools/build_default_model.py [--polnear ../shared/data/polnear] [--model NAME]
                                         [--cache DIR] [--check]
(about 4 minutes on 2 cores, most of it parsing the 840 train and 84 dev articles).
"""
from __future__ import annotations

import argparse
import json
import re
import sys
import tempfile
from pathlib import Path

import spacy

from annotators.models import base_model
from corpus.atomic import atomic_write
from services.training import polnear_examples, train_model

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "annotators/data/scorer"
VERSION = 1  # bump when the features or the training change: it names the model in every label
SEED = 0
MAX_OVERLAP = 0.5
# Values of the categorical features our own code produces (not parse labels, not lemmas).
OWN_VALUES = {
    "kind": {"direct", "indirect", "mixed"},
    "origin": {"quotes", "reported"},
    "via": {"subject", "agent", "according", "inherited", "relative", "adjacent", "byline", "passive", "ranked", "none"},
}
LEMMA_FEATURES = {"cue_lemma"}
LEMMA = re.compile(r"[a-z'’][a-z'’-]{0,29}|[^\w\s]{1,2}")  # a word ("say", "’re"), or a dash or quote mark


def parse_labels(nlp: spacy.language.Language) -> set[str]:
    """Every label the base model can give a token: tags, dependencies, entity types, UPOS."""
    from spacy.parts_of_speech import IDS

    labels = set(IDS) | {"-", ""}
    for _, pipe in nlp.pipeline:
        labels |= set(getattr(pipe, "labels", ()) or ())
    return labels


def foreign_values(encoder: dict, labels: set[str]) -> list[str]:
    """Table entries that are neither parse labels, our own values, nor lemmas (one lower-case
    word, or a punctuation cue such as a byline's dash)."""
    bad = []
    for name, values in encoder["frames"]["tables"].items():
        if name in LEMMA_FEATURES:
            bad += [f"{name}={v!r}" for v in values if not LEMMA.fullmatch(v)]
        else:
            bad += [f"{name}={v!r}" for v in values if v not in OWN_VALUES.get(name, labels)]
    return bad


def build(polnear: Path, model: str | None, cache: Path | None) -> dict[str, str]:
    """The scorer's files (name -> text), trained on train and tuned on dev."""
    train, dev = polnear_examples(polnear, "train"), polnear_examples(polnear, "dev")
    if not train or not dev:
        raise SystemExit(f"{polnear}: PolNeAR train and dev articles are needed")
    base = base_model(model)
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp) / "model"
        outcome = train_model(
            train, dev, out, base, cache, SEED, description="quotelens shipped scorer", cue_lemmas_only=True
        )
        files = {name: (out / "quotelens_scorer" / name).read_text(encoding="utf-8") for name in ("frames.txt", "encoder.json")}
        nlp = spacy.load(out)
    bad = foreign_values(json.loads(files["encoder.json"]), parse_labels(nlp))
    if bad:
        raise SystemExit(f"the encoder holds values that are not labels or cue lemmas: {', '.join(bad[:10])}")
    dev_figures = outcome.dev.to_dict()
    settings = {
        "version": VERSION,
        "threshold": outcome.threshold,
        "max_overlap": MAX_OVERLAP,
        "base": nlp.meta["sources"][0]["name"],
        "trained_on": f"PolNeAR train ({len(train)} articles), tuned on PolNeAR dev ({len(dev)} articles)",
        "dev": {k: dev_figures[k] for k in ("loose", "loose_spk", "speaker_acc_on_matched")},
        "dev_recall_by_kind": {k: v["loose_spk"] for k, v in dev_figures["recall_by_kind"].items()},
    }
    files["settings.json"] = json.dumps(settings, indent=1) + "\n"
    return files


def main() -> int:
    """Rebuild the scorer and write it (or, with ``--check``, compare it with the packaged one);
    the exit code is 0 when done or identical."""
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--polnear", type=Path, default=ROOT.parent / "shared/data/polnear")
    ap.add_argument("--model", default=None, help="base spaCy model (default: the best installed)")
    ap.add_argument("--cache", type=Path, help="keep the base model's parses here between runs")
    ap.add_argument("--out", type=Path, default=OUT)
    ap.add_argument("--check", action="store_true", help="compare with --out instead of writing it")
    args = ap.parse_args()

    files = build(args.polnear, args.model, args.cache)
    if args.check:
        differ = [n for n, text in files.items() if not (args.out / n).is_file() or (args.out / n).read_text(encoding="utf-8") != text]
        print(f"{args.out}: {'differs from the rebuilt scorer in ' + ', '.join(differ) if differ else 'identical'}")
        return 1 if differ else 0
    args.out.mkdir(parents=True, exist_ok=True)
    for name, text in files.items():
        atomic_write(args.out / name, text.encode("utf-8"))
    size = sum((args.out / n).stat().st_size for n in files) / 1e6
    print(f"wrote {args.out} ({size:.2f} MB; threshold {json.loads(files['settings.json'])['threshold']})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
