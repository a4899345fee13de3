"""Quote grouping speed: 10,000 generated articles, against all pairs on a small library.

The articles are generated from the words of our sample articles' quotes: each article has six
quotes of its own (10 to 30 words drawn at random from that vocabulary, so no two are alike)
and shares quotes with others: ``--shared`` such quotes, each put in three random articles, one
of the three altered by one word in 30 % of them. Grouping runs on rows
in memory (``services.quote_check.group_quotes``); the baseline compares every pair of quotes
with rapidfuzz (``process.cdist``, the same ratio) on the first ``--baseline-articles``
articles, and the index on those same articles, for the ratio.

    .venv/bin/python bench/bench_quote_groups.py [--articles 10000] [--shared 2000]
        [--baseline-articles 300] [--seed 14]
"""
from __future__ import annotations

import argparse
import random
import re
import resource
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from rapidfuzz import fuzz, process  # noqa: E402

from services.quote_check import SAME_QUOTE, QuoteRow, group_quotes, words  # noqa: E402

QUOTED = re.compile(r"[“«\"]([^”»\"]{30,400})[”»\"]")


def sample_quotes() -> list[str]:
    """The quoted passages of our sample articles."""
    found = []
    for path in sorted((ROOT / "sample_articles").iterdir()):
        if path.suffix in (".txt", ".md", ".html"):
            found += QUOTED.findall(path.read_text(encoding="utf-8"))
    return found


def invent(vocabulary: list[str], rng: random.Random) -> str:
    """A quote of 10 to 30 words of the samples' vocabulary."""
    return " ".join(rng.choices(vocabulary, k=rng.randint(10, 30)))


def generate(n_articles: int, n_shared: int, seed: int) -> tuple[list[QuoteRow], int]:
    """Rows of ``n_articles`` articles; returns them and the number of altered shared quotes."""
    rng = random.Random(seed)
    vocabulary = sorted({w for q in sample_quotes() for w in q.split()})
    rows: list[QuoteRow] = []

    def add(article: int, quote: str, k: int) -> None:
        rows.append(QuoteRow(f"a{article}", f"Article {article}", f"2026-{1 + article % 12:02d}-{1 + article % 28:02d}",
                             "Speaker", quote, k * 100, f"a{article}-{k}"))

    for article in range(n_articles):
        for k in range(6):
            add(article, invent(vocabulary, rng), k)
    altered = 0
    for s in range(n_shared):
        quote = invent(vocabulary, rng)
        places = rng.sample(range(n_articles), 3)
        for j, article in enumerate(places):
            text = quote
            if j == 2 and rng.random() < 0.3:
                ws = quote.split()
                i = rng.randrange(len(ws))
                ws[i] = rng.choice(vocabulary)
                text = " ".join(ws)
                altered += text != quote
            add(article, text, 6 + s % 50)
    return rows, altered


def all_pairs_groups(rows: list[QuoteRow]) -> int:
    """Pairs of quotes of different articles that the same ratio calls one quote, all pairs compared."""
    texts = [" ".join(words(r.quote)) for r in rows]
    scores = process.cdist(texts, texts, scorer=fuzz.ratio, score_cutoff=SAME_QUOTE, workers=1)
    return sum(1 for i, j in zip(*scores.nonzero()) if i < j and rows[i].article_id != rows[j].article_id)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=10_000)
    parser.add_argument("--shared", type=int, default=2_000)
    parser.add_argument("--baseline-articles", type=int, default=300)
    parser.add_argument("--seed", type=int, default=14)
    args = parser.parse_args()

    small, _ = generate(args.baseline_articles, args.baseline_articles // 5, args.seed)
    t = time.perf_counter()
    pairs = all_pairs_groups(small)
    all_pairs_s = time.perf_counter() - t
    t = time.perf_counter()
    small_groups = group_quotes(small)
    index_small_s = time.perf_counter() - t
    print(f"{args.baseline_articles} articles, {len(small):,} quotes: all pairs {all_pairs_s:.2f} s "
          f"({pairs} matching pairs), index {index_small_s:.2f} s ({len(small_groups)} groups), "
          f"ratio {all_pairs_s / index_small_s:.1f}x")

    rows, altered = generate(args.articles, args.shared, args.seed)
    t = time.perf_counter()
    groups = group_quotes(rows)
    seconds = time.perf_counter() - t
    planted = sum(1 for g in groups if len(g.versions) == 3)
    flagged = sum(1 for g in groups if g.differing)
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"{args.articles:,} articles, {len(rows):,} quotes: grouped in {seconds:.2f} s (target < 60 s); "
          f"{len(groups)} groups ({planted} of {args.shared} planted groups of three found), "
          f"{flagged} flagged as differing ({altered} altered); peak RSS {rss:.0f} MB")


if __name__ == "__main__":
    main()
