"""Learning-loop benchmark: training cost, model size, dev figures and extraction speed.

Trains the scorer on PolNeAR train exactly as ``quotelens train --polnear DIR`` does
(parsing included, no parse cache), evaluates on PolNeAR dev against the rules, then times
extraction on dev with the bare spaCy pipeline, the rules, the default pipeline (the shipped
scorer) and the trained model (ratios to bare spaCy, in the same run). ``--ablation`` and
``--curve`` add variants trained from cached parses: the scorer over the rules' own frames
only, with the speaker ranker, with the cue lemmas of train's gold cues only (as shipped),
and dev loose_spk F1 against the number of training articles.

Run: nice python bench/bench_train.py [--polnear ../shared/data/polnear] [--out DIR]
                                      [--ablation] [--curve 10 50 200] [--speed-only [MODEL_DIR]]
"""
from __future__ import annotations

import argparse
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from collections import deque
from pathlib import Path

import spacy

from annotators.models import RULES, resolve_model
from annotators.pipeline import extract_many, load_pipeline
from services.training import Outcome, polnear_examples, train_model

SHARED = Path(__file__).resolve().parents[1].parent / "shared"


def peak_rss_mb() -> float:
    """Peak resident memory of this process so far, in MB (Linux reports KB)."""
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def folder_mb(path: Path) -> float:
    """Size of a folder's files, in MB."""
    return sum(p.stat().st_size for p in path.rglob("*") if p.is_file()) / 1e6


def figures(outcome: Outcome) -> str:
    """One line of dev figures for the model and the rules."""
    lines = []
    for name, report in (("model", outcome.dev), ("rules", outcome.rules)):
        d = report.to_dict()
        kinds = {k: v["loose_spk"] for k, v in d["recall_by_kind"].items()}
        lines.append(
            f"  {name}: loose P/R/F {d['loose']}  loose_spk P/R/F {d['loose_spk']}  "
            f"spk_acc {d['speaker_acc_on_matched']}  loose_spk recall {kinds}"
        )
    return "\n".join(lines)


def extraction_speed(model_dir: Path | None, texts: list[str], base: str, rounds: int = 2) -> None:
    """Wall time of bare spaCy, the rules, the default pipeline (the shipped scorer) and the
    trained model (when given) on the same texts: best of ``rounds``, the pipelines taking
    turns in each round, so that a burst of load on a shared machine hits them alike. No run
    keeps its docs (holding 84 parsed docs made bare spaCy the slowest)."""
    bare = spacy.load(base)
    pipelines = {"rules": load_pipeline(f"{RULES}:{base}"), "default (shipped scorer)": load_pipeline(base)}
    if model_dir is not None:
        pipelines["trained model"] = load_pipeline(str(model_dir))
    list(bare.pipe(texts[:4]))
    runs = [("bare spaCy", lambda: deque(bare.pipe(texts, batch_size=16), maxlen=0))]  # no docs kept, as extract
    runs += [(name, lambda nlp=nlp: deque(extract_many(nlp, texts), maxlen=0)) for name, nlp in pipelines.items()]
    times = {name: float("inf") for name, _ in runs}
    for _ in range(rounds):
        for name, run in runs:
            t0 = time.perf_counter()
            run()
            times[name] = min(times[name], time.perf_counter() - t0)
    for name, seconds in times.items():
        ratio = times["bare spaCy"] / seconds
        print(f"extraction, {name}: {seconds:.1f} s ({ratio:.2f}x the speed of bare spaCy)")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--polnear", type=Path, default=SHARED / "data" / "polnear")
    ap.add_argument("--out", type=Path, help="keep the trained model here (default: a temporary folder)")
    ap.add_argument("--speed-only", type=Path, nargs="?", const=Path(), metavar="MODEL_DIR",
                    help="skip training: time extraction (with this trained model, if given)")
    ap.add_argument("--ablation", action="store_true", help="also train the ablation variants")
    ap.add_argument("--curve", type=int, nargs="*", default=[], metavar="N",
                    help="also train on the first N training articles (learning curve)")
    args = ap.parse_args()
    base = resolve_model(None)
    out = args.out or Path(tempfile.mkdtemp()) / "model"
    cpu = subprocess.run(["sh", "-c", "nproc; grep -m1 'model name' /proc/cpuinfo"], capture_output=True, text=True)
    print(f"machine: {' / '.join(cpu.stdout.split(chr(10))[:2])}; python {sys.version.split()[0]}; base {base}")

    dev = polnear_examples(args.polnear, "dev")
    if args.speed_only is not None:
        extraction_speed(args.speed_only if args.speed_only != Path() else None, [e.text for e in dev], base)
        return
    train = polnear_examples(args.polnear, "train")
    t0 = time.perf_counter()
    outcome = train_model(train, dev, out, base)
    seconds = time.perf_counter() - t0
    print(f"training on {len(train)} articles (parse, fit, tune on {len(dev)} dev): {seconds / 60:.1f} min, "
          f"peak RSS {peak_rss_mb():.0f} MB; threshold {outcome.threshold}")  # fmt: skip
    print(f"model folder: {folder_mb(out):.1f} MB ({folder_mb(out / 'quotelens_scorer'):.2f} MB learned)")
    print(figures(outcome))
    extraction_speed(out, [e.text for e in dev], base)

    cache = Path(tempfile.mkdtemp())
    variants = []
    if args.ablation:
        variants += [("scorer over the rules' frames only", train, {"candidates": False}),
                     ("candidates + speaker ranker", train, {"rank_speakers": True}),
                     ("cue lemmas of train's gold cues only (as shipped)", train, {"cue_lemmas_only": True})]  # fmt: skip
    variants += [(f"first {n} training articles", train[:n], {}) for n in args.curve]
    for name, subset, options in variants:
        result = train_model(subset, dev, cache / "model", base, cache=cache, **options)
        d = result.dev.to_dict()
        print(f"{name}: dev loose_spk F1 {d['loose_spk'][2]}, loose F1 {d['loose'][2]}, "
              f"spk_acc {d['speaker_acc_on_matched']}, indirect loose_spk recall "
              f"{d['recall_by_kind']['indirect']['loose_spk']}")  # fmt: skip
    shutil.rmtree(cache)
    if args.out is None:
        shutil.rmtree(out.parent)


if __name__ == "__main__":
    main()
