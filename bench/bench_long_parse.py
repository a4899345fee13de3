"""Long articles: peak memory and time of the reader's parse against the old one, same run.

Builds one-line articles of the given sizes from the texts in sample_articles/ (joined with
spaces, so chunks are cut at spaces, as in a one-line file), and parses each in a fresh
process two ways:

- ``chunked`` — ``annotators.pipeline.extract``, what the reader's parser process and
  ``quotelens import`` run now: one chunk (≤ 100,000 characters) in memory at a time,
  progress after each;
- ``batched`` (baseline) — ``extract_many`` on the one text, which the reader ran before:
  ``nlp.pipe`` with batches of 16 chunks, so up to 1.6 M characters of Docs at once.

Each process prints its resident memory after loading the model and its peak (``ru_maxrss``).
``--app-sizes`` also opens each size in the reader (headless, 120x40; the parser process
replaced by tests/stub_parser.py, so the figure is the app's own memory, without spaCy), waits
for the statements, pages down and jumps to the end, and prints the app's peak.

    python bench/bench_long_parse.py [--sizes 0.25 1 2] [--baseline-sizes 0.25 1]
                                     [--app-sizes 2 20] [--model NAME]
"""
from __future__ import annotations

import argparse
import json
import resource
import subprocess
import sys
import time
from pathlib import Path

SAMPLES = Path(__file__).resolve().parents[1] / "sample_articles"


def one_line_article(megabytes: float) -> str:
    """Our sample articles, joined on one line and repeated to ``megabytes`` million characters."""
    text = " ".join(" ".join(p.read_text(encoding="utf-8").split()) for p in sorted(SAMPLES.glob("*.txt")))
    size = int(megabytes * 1_000_000)
    return ((text + " ") * (size // len(text) + 1))[:size]


def rss_mb() -> float:
    """This process's resident memory now, in MB."""
    with open("/proc/self/statm") as statm:
        return int(statm.read().split()[1]) * resource.getpagesize() / 1e6


def child(way: str, megabytes: float, model: str | None) -> None:
    """Parse one article one way; print its figures as JSON."""
    from annotators.pipeline import extract, extract_many, load_pipeline

    nlp = load_pipeline(model)
    nlp("Warm up, the bench said.")
    text = one_line_article(megabytes)
    loaded = rss_mb()
    started = time.perf_counter()
    found = extract(nlp, text) if way == "chunked" else next(extract_many(nlp, [text]))
    seconds = time.perf_counter() - started
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1000
    print(json.dumps({"way": way, "mb": megabytes, "chars": len(text), "statements": len(found),
                      "seconds": round(seconds, 1), "loaded_mb": round(loaded), "peak_mb": round(peak)}))


def app_child(megabytes: float) -> None:
    """Open one article in the reader on the stub parser; print the app's figures as JSON."""
    import asyncio

    sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests"))
    import stub_parser
    from corpus.article import Article
    from services.parser_process import PARSER
    from tui.app import QuotelensApp

    PARSER.start = lambda model: None
    PARSER.parse = lambda model, text, cancelled=None, progress=None: stub_parser.parse(model, text)
    text = one_line_article(megabytes)

    async def read() -> dict:
        app = QuotelensApp(Article("Long", text, ""), model=stub_parser.MODEL)
        started = time.perf_counter()
        async with app.run_test(size=(120, 40)) as pilot:
            while getattr(app.screen, "loaded", None) is None:
                await pilot.pause(0.1)
            shown = time.perf_counter() - started
            await pilot.press("pagedown", "pagedown", "end")
            await pilot.pause(0.5)
            return {"way": "app", "mb": megabytes, "chars": len(text), "seconds": round(shown, 1),
                    "statements": len(app.screen.statements), "loaded_mb": 0,
                    "peak_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1000)}

    print(json.dumps(asyncio.run(read())))


def run(way: str, megabytes: float, model: str | None) -> dict:
    command = [sys.executable, __file__, "--child", way, str(megabytes)]
    command += ["--model", model] if model else []
    out = subprocess.run(command, check=True, capture_output=True, text=True).stdout
    return json.loads(out.strip().splitlines()[-1])


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--sizes", type=float, nargs="*", default=[0.25, 1, 2])
    ap.add_argument("--baseline-sizes", type=float, nargs="*", default=[0.25, 1])
    ap.add_argument("--app-sizes", type=float, nargs="*", default=[])
    ap.add_argument("--model")
    ap.add_argument("--child", nargs=2, metavar=("WAY", "MB"), help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args.child:
        way, megabytes = args.child[0], float(args.child[1])
        app_child(megabytes) if way == "app" else child(way, megabytes, args.model)
        return
    results = {}
    for way, sizes in (("batched", args.baseline_sizes), ("chunked", args.sizes), ("app", args.app_sizes)):
        for mb in sizes:
            results[way, mb] = r = run(way, mb, args.model)
            print(f"{way:8} {mb:>5} MB  {r['chars']:>11,} chars  {r['statements']:>6} statements  "
                  f"{r['seconds']:>7.1f} s  after load {r['loaded_mb'] or '-':>5} MB  peak {r['peak_mb']:>6} MB",
                  flush=True)
    for mb in args.baseline_sizes:
        if ("chunked", mb) in results:
            old, new = results["batched", mb], results["chunked", mb]
            print(f"{mb} MB: peak chunked/batched {new['peak_mb'] / old['peak_mb']:.2f}, "
                  f"time {new['seconds'] / old['seconds']:.2f}, same statements: "
                  f"{new['statements'] == old['statements']}")


if __name__ == "__main__":
    main()
