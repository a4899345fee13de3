"""Export speed and peak memory: 100,000 statements over 2,000 synthetic articles.

Each format runs in its own process so its peak RSS is its own. The time includes generating
the synthetic records (about 1 s for 100,000); CPU time is shown too, as other work on the
machine stretches the wall-clock time. The articles are generated
one at a time (our own template sentences), as the store would stream them, with the token
offsets the library stores when an article is added (computed before the clock starts;
``--no-stored-tokens`` leaves them out, as in libraries made before they were stored).

    /work/venv/bin/python bench/bench_export.py [--articles 2000] [--per-article 50]
        [--formats jsonl,prodigy,doccano,labelstudio,brat,csv,markdown,spacy] [--no-stored-tokens]
        [--task-unit article|paragraph|sentence]
"""

from __future__ import annotations

import argparse
import json
import random
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from corpus.article import article_id  # noqa: E402
from corpus.export import ExportFilter, write_export  # noqa: E402
from corpus.tokens import TOKENS_FIELD, encode_tokens  # noqa: E402

NAMES = [
    "Ada Brook",
    "Tomas Vel",
    "Rina Osei",
    "Karl Moen",
    "Lucia Prat",
    "Femi Adeyemi",
    "Hana Sato",
]
ROLES = ["the mayor", "a union official", "the club's chairman", "a local trader", "the minister"]
SUBJECTS = [
    "the budget",
    "the new bridge",
    "bus fares",
    "the harbour plan",
    "school meals",
    "the strike",
]
VERBS = [
    "will cost more than promised",
    "is long overdue",
    "needs another vote",
    "was never explained",
    "will help small firms",
    "cannot wait until spring",
]
# Cycling over the statuses the default filter keeps: every statement is exported.
STATUSES = ["accepted", "corrected", "added"]


def synthetic_library(articles: int, per_article: int, seed: int = 7, tokens: list | None = None):
    """Yield (article, statements) pairs, one article at a time: one quote per paragraph.

    ``tokens[n]``, when given, is article n's stored token offsets, as the library holds them.
    """
    rng = random.Random(seed)
    for n in range(articles):
        paragraphs, spans, offset = [], [], 0
        for k in range(per_article):
            first, second = rng.choice(SUBJECTS).capitalize(), rng.choice(SUBJECTS)
            said = f"{first} {rng.choice(VERBS)}, and {second} {rng.choice(VERBS)}"
            name, role = rng.choice(NAMES), rng.choice(ROLES)
            quote = f"“{said},”"
            paragraph = f"{quote} said {name}, {role}, in report {n}-{k}."
            cue = offset + len(quote) + 1
            spans.append(
                (
                    k,
                    name,
                    (offset, offset + len(quote)),
                    (cue, cue + 4),
                    (cue + 5, cue + 5 + len(name)),
                )
            )
            paragraphs.append(paragraph)
            offset += len(paragraph) + 2
        text = "\n\n".join(paragraphs)
        aid = article_id(text)

        def span(where: tuple[int, int], text: str = text) -> dict:
            return {"start": where[0], "end": where[1], "text": text[where[0] : where[1]]}

        statements = [
            {
                "id": f"{aid}-{k}",
                "article_id": aid,
                "quote": [span(q)],
                "cue": span(c),
                "speaker": span(s),
                "speaker_name": name,
                "kind": "direct",
                "labels": ["city"] if k % 3 == 0 else [],
                "status": STATUSES[k % 3],
                "origin": "model",
                "confidence": 0.8,
                "model": "bench",
                "annotator": "bench",
                "note": "",
                "created_at": "2026-11-28T00:00:00+00:00",
                "updated_at": "2026-11-28T00:00:00+00:00",
            }
            for k, name, q, c, s in spans
        ]
        yield (
            {
                "id": aid,
                "title": f"Report {n}",
                "text": text,
                "source": "bench",
                "meta": {},
                "model": "bench",
                "status": None,
                **({TOKENS_FIELD: tokens[n]} if tokens else {}),
            },
            statements,
        )


def stored_tokens(articles: int, per_article: int) -> list[str]:
    """The token offsets the library stores for each article when it is added (not timed)."""
    return [encode_tokens(a["text"]) for a, _ in synthetic_library(articles, per_article)]


def run_one(fmt: str, articles: int, per_article: int, with_tokens: bool, unit: str = "article") -> dict:
    base_rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    tokens = stored_tokens(articles, per_article) if with_tokens else None
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp) / f"export.{fmt}"
        pairs = synthetic_library(articles, per_article, tokens=tokens)
        started, cpu_started = time.perf_counter(), time.process_time()
        summary = write_export(fmt, pairs, out, ExportFilter(), unit=unit)
        seconds, cpu = time.perf_counter() - started, time.process_time() - cpu_started
        files = [p for p in out.rglob("*") if p.is_file()] if out.is_dir() else [out]
        size = sum(p.stat().st_size for p in files)
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return {
        "format": fmt + ("" if with_tokens else " (no stored tokens)") + ("" if unit == "article" else f" ({unit})"),
        "seconds": round(seconds, 2),
        "cpu_seconds": round(cpu, 2),
        "statements": summary.statements,
        "articles": summary.articles,
        "bytes": size,
        "peak_rss_mb": round(peak / 1024),
        "rss_before_mb": round(base_rss / 1024),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=2000)
    parser.add_argument("--per-article", type=int, default=50)
    parser.add_argument("--formats", default="jsonl,prodigy,doccano,labelstudio,brat,csv,markdown,spacy")
    parser.add_argument("--task-unit", default="article", help="prodigy, doccano, labelstudio: text per task")
    parser.add_argument(
        "--no-stored-tokens",
        action="store_true",
        help="articles without stored token offsets (libraries from before they were stored)",
    )
    parser.add_argument("--one", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.one:
        result = run_one(args.one, args.articles, args.per_article, not args.no_stored_tokens, args.task_unit)
        print(json.dumps(result))
        return
    total = args.articles * args.per_article
    print(f"{total:,} statements over {args.articles:,} articles, one process per format")
    baseline = None
    for fmt in args.formats.split(","):
        cmd = [
            sys.executable,
            __file__,
            "--one",
            fmt,
            "--articles",
            str(args.articles),
            "--per-article",
            str(args.per_article),
            *(["--no-stored-tokens"] if args.no_stored_tokens else []),
            "--task-unit",
            args.task_unit,
        ]
        r = json.loads(subprocess.run(cmd, check=True, capture_output=True, text=True).stdout)
        baseline = baseline or r  # the first format (jsonl by default) is the baseline
        print(
            f"{r['format']:12} {r['statements']:>7,} statements  {r['seconds']:6.2f} s "
            f"(×{r['cpu_seconds'] / max(baseline['cpu_seconds'], 0.01):.1f} CPU of {baseline['format']}) "
            f"(CPU {r['cpu_seconds']:5.2f} s)  "
            f"peak RSS {r['peak_rss_mb']:4} MB (after imports {r['rss_before_mb']} MB)  "
            f"file {r['bytes'] / 1e6:.1f} MB"
        )


if __name__ == "__main__":
    main()
