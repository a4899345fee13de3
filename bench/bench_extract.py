"""Attribution engine benchmark: accuracy and speed on PolNeAR dev.

Prints the reference scorer's figures (with the components' default settings and with
``include_beliefs`` on), spaCy's own time, the time our components add, and
``extract_many`` wall time with 1 and 2 processes.

Run: python bench/bench_extract.py [--polnear ../shared/data/polnear] [--split dev] [--model NAME]
                                   [--no-pipe-timing]
"""
from __future__ import annotations

import argparse
import importlib.util
import json
import sys
import tempfile
import time
from pathlib import Path

import spacy

from annotators.models import resolve_model
from annotators.pipeline import COMPONENTS, add_components, extract_many, model_label

SHARED = Path(__file__).resolve().parents[1].parent / "shared"


def load_scorer(path: Path):
    """The reference scorer module (``polnear_score.py``)."""
    spec = importlib.util.spec_from_file_location("polnear_score", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def score(scorer, root: Path, split: str, stems: list[str], results: list[list]) -> dict:
    """Write predictions JSONL like ``quotelens extract`` would and score them."""
    with tempfile.NamedTemporaryFile("w", suffix=".jsonl", delete=False, encoding="utf-8") as f:
        for stem, statements in zip(stems, results):
            f.write(json.dumps({"id": stem, "statements": [s.to_dict() for s in statements]}) + "\n")
    return scorer.score(root, split, scorer.read_preds(Path(f.name)))


def summary(res: dict) -> str:
    kinds = res["recall_by_kind"]
    return (
        f"loose P/R/F {res['loose']}  loose_spk P/R/F {res['loose_spk']}  strict F {res['strict'][2]}  "
        f"spk_acc {res['speaker_acc_on_matched']}  recall loose_spk direct {kinds['direct']['loose_spk']} "
        f"mixed {kinds['mixed']['loose_spk']} indirect {kinds['indirect']['loose_spk']}"
    )


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--polnear", type=Path, default=SHARED / "data/polnear")
    ap.add_argument("--split", default="dev")
    ap.add_argument("--model", default=None)
    ap.add_argument("--scorer", type=Path, default=SHARED / "tools/polnear_score.py")
    ap.add_argument("--no-pipe-timing", action="store_true",
                    help="skip the extract_many n_process 1 vs 2 timing (e.g. for --split train)")
    args = ap.parse_args()

    scorer = load_scorer(args.scorer)
    items = [(stem, text) for stem, text, _ in scorer.load_split(args.polnear, args.split)]
    stems, texts = [s for s, _ in items], [t for _, t in items]
    name = resolve_model(args.model)
    print(f"{len(texts)} articles of PolNeAR {args.split}, {sum(map(len, texts)):,} characters")

    base = spacy.load(name)
    list(base.pipe(texts[:4]))  # warm up
    t0 = time.perf_counter()
    docs = list(base.pipe(texts, batch_size=16))
    spacy_s = time.perf_counter() - t0

    for beliefs in (False, True):
        nlp = add_components(
            spacy.load(name), {c: {"include_beliefs": beliefs} for c in COMPONENTS[:2]}
        )
        ours = [proc for pname, proc in nlp.pipeline if pname in COMPONENTS]
        t0 = time.perf_counter()
        results = []
        for doc in docs:
            doc = doc.copy()
            for proc in ours:
                doc = proc(doc)
            results.append(doc._.statements)
        ours_s = time.perf_counter() - t0
        print(f"include_beliefs={beliefs}: {summary(score(scorer, args.polnear, args.split, stems, results))}")
        if not beliefs:
            print(f"model {model_label(nlp)}")
            print(f"spaCy pipeline alone: {spacy_s:.2f} s; our components: {ours_s:.2f} s "
                  f"(+{100 * ours_s / spacy_s:.1f} %)")

    if args.no_pipe_timing:
        return
    nlp = add_components(spacy.load(name))
    for n in (1, 2):
        t0 = time.perf_counter()
        list(extract_many(nlp, texts, n_process=n))
        print(f"extract_many n_process={n}: {time.perf_counter() - t0:.2f} s")


if __name__ == "__main__":
    sys.exit(main())
