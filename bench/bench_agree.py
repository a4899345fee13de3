"""``agree`` speed: 100,000 statements from 3 annotators (synthetic), target ≤ 10 s.

The articles are made of our own template sentences, each with one quote the model
"suggested"; each of three annotators accepts (sometimes with a shifted boundary) or
rejects each suggestion at random and labels some. Measured: ``corpus.agreement.agreement``
over the articles as ``quotelens agree`` reads them from a library (ArticleLayers), and,
as the baseline in the same run, one ``corpus.evaluation.evaluate`` pass (the PolNeAR
scoring of one annotator against another) over the same articles.

    /work/venv/bin/python bench/bench_agree.py [--articles 2000] [--per-article 17]
"""
from __future__ import annotations

import argparse
import random
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from corpus.agreement import ArticleLayers, agreement  # noqa: E402
from corpus.evaluation import ScoringCase, attributions_from_records, evaluate  # noqa: E402

SENTENCE = "“The {n} plan will {verb} the harbour by spring,” said {name} on {day}. "
VERBS = ["change", "save", "close", "open", "rebuild"]
NAMES = ["Ada Brook", "Tomas Vel", "Rina Osei", "Karl Moen", "Hana Sato"]
DAYS = ["Monday", "Tuesday", "Friday"]
ANNOTATORS = ("ana", "ben", "cleo")


def article(number: int, per_article: int, rng: random.Random) -> ArticleLayers:
    text, quotes = "", []
    for n in range(per_article):
        sentence = SENTENCE.format(n=n, verb=rng.choice(VERBS), name=rng.choice(NAMES), day=rng.choice(DAYS))
        end = sentence.index("”") + 1
        quotes.append((len(text), len(text) + end))
        text += sentence
    layers = {}
    for name in ANNOTATORS:
        records = []
        for i, (start, end) in enumerate(quotes):
            status = rng.choices(["accepted", "corrected", "rejected"], [6, 2, 2])[0]
            if status == "corrected":
                end -= rng.randint(1, 12)
            records.append({
                "id": f"{number}-{i}", "quote": [{"start": start, "end": end}], "speaker": None,
                "status": status, "origin": "model", "annotator": name,
                "labels": ["claim"] if rng.random() < 0.3 else [],
            })  # fmt: skip
        layers[name] = records
    return ArticleLayers(f"a{number}", f"Article {number}", text, layers)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=2000)
    parser.add_argument("--per-article", type=int, default=17)
    args = parser.parse_args()
    rng = random.Random(12)
    articles = [article(n, args.per_article, rng) for n in range(args.articles)]
    statements = sum(len(r) for a in articles for r in a.by_annotator.values())

    start = time.perf_counter()
    evaluate(
        ScoringCase(a.id, a.text, attributions_from_records(a.by_annotator["ana"]),
                    attributions_from_records(a.by_annotator["ben"]))
        for a in articles
    )  # fmt: skip
    baseline = time.perf_counter() - start

    start = time.perf_counter()
    figures = agreement(articles)
    took = time.perf_counter() - start
    print(f"{statements:,} statements, {args.articles:,} articles, {len(ANNOTATORS)} annotators")
    print(f"baseline, one evaluate pass (ana vs ben): {baseline:.2f} s")
    print(f"agree (3 pairs, labels, kappa, alpha):    {took:.2f} s  ({took / baseline:.1f}× the baseline)")
    print(f"overall loose F1 {figures['overall']['f1']['loose']:.3f}, alpha {figures['overall']['alpha']}")


if __name__ == "__main__":
    main()
