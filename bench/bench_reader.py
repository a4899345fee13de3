"""Reader speed: first paint, highlights after parsing, and the repaint after pressing ``n``;
annotation: key → repaint for accept, boundary edit and undo (20,000 words with 500
statements, and 150,000 words with 10,000; every change saved to a library before the
repaint).

Run: ``/work/venv/bin/python bench/bench_reader.py`` (prints one block per article size;
``--sizes annotate annotate-10k`` for the annotation figures only). ``--baseline DIR``
measures the annotation sizes a second time with the code in DIR (a checkout of another
commit, e.g. ``git worktree add --detach /tmp/ql-main main``) and prints the ratios.

Each measurement runs in a fresh interpreter: the clock starts once the article text is in
memory, so importing Textual and the app counts towards the first paint (and importing spaCy
towards the model load, which runs in the app's worker).
Articles are built from sample_articles/ (concatenated until long enough). The app runs
headless at 120x40; a "paint" is the compositor producing a frame (``App._display``),
which is the same work as in a terminal minus writing the bytes out.
"""
from __future__ import annotations

import argparse
import asyncio
import json
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SIZES = {"1k": 1_000, "20k": 20_000, "5MB": None}
#: annotation sizes: statements in an article of so many words
ANNOTATE = {"annotate": (500, 20_000), "annotate-10k": (10_000, 150_000)}
PRESSES = 30
CODE_ENV = "QUOTELENS_BENCH_CODE"  # the checkout a child measures (default: this one)


def build_article_text(words: int | None) -> str:
    """Paragraphs of the sample articles, repeated until ``words`` words (or 5 MB of text)."""
    from corpus.importers import read_article

    paragraphs: list[str] = []
    for path in sorted((ROOT / "sample_articles").iterdir()):
        if path.suffix in {".txt", ".md", ".html"}:
            text = read_article(path).text
            paragraphs += [p for p in text.split("\n\n") if p.strip()]
    out: list[str] = []
    count = size = 0
    while (words is not None and count < words) or (words is None and size < 5_000_000):
        for paragraph in paragraphs:
            out.append(paragraph)
            count += len(paragraph.split())
            size += len(paragraph.encode()) + 2
            if (words is not None and count >= words) or (words is None and size >= 5_000_000):
                break
    return "\n\n".join(out)


async def measure(size: str, model: str) -> dict:
    """Run the app on one article size; return the timings in seconds."""
    from corpus.article import Article

    text = build_article_text(SIZES[size])
    started = time.perf_counter()
    from tui.app import QuotelensApp

    app = QuotelensApp(Article(f"Bench {size}", text, f"bench-{size}"), model=model)
    paints: list[float] = []
    highlighted: list[float] = []  # paints made once the statements were in
    display = app._display

    def timed_display(screen, renderable):
        paints.append(time.perf_counter())
        if getattr(app.screen, "loaded", None) is not None:
            highlighted.append(paints[-1])
        return display(screen, renderable)

    app._display = timed_display
    result: dict = {"size": size, "words": len(text.split()), "chars": len(text)}
    async with app.run_test(size=(120, 40)) as pilot:
        while not paints:
            await asyncio.sleep(0.001)
        result["first_paint"] = paints[0] - started
        screen = app.screen
        await pilot.pause(0.3)  # the parse has started in its worker
        keys = ["pagedown", "pageup"] * 3 + (["G", "g"] * 2 if size == "5MB" else [])
        result["scroll_keys"] = await key_latencies(pilot, paints, keys)
        result["parsing_meanwhile"] = screen.loaded is None
        if size == "5MB":  # parsing 5 MB takes many minutes: only the view is measured
            return result
        while not highlighted:
            await asyncio.sleep(0.002)
        result["highlights"] = highlighted[0] - started
        result["model_load"] = screen.loaded.load_seconds
        result["parse"] = screen.loaded.parse_seconds
        result["statements"] = len(screen.statements)
        presses = ["n"] * min(PRESSES, max(1, len(screen.statements) - 1))
        result["n_repaint"] = await key_latencies(pilot, paints, presses)
    return result


def spread_statements(text: str, count: int) -> list[dict]:
    """``count`` statements spread evenly over the text: one sentence each (parser-shaped)."""
    import re

    sentences = [m.span() for m in re.finditer(r"[^.!?\n]+[.!?]", text)]
    step = len(sentences) / count
    picked = [sentences[int(i * step)] for i in range(count)]
    return [
        {"quote": [{"start": s, "end": e, "text": text[s:e]}], "cue": None, "speaker": None,
         "speaker_name": f"Speaker {i % 12}", "kind": "indirect", "confidence": 0.8}
        for i, (s, e) in enumerate(picked)
    ]  # fmt: skip


async def measure_annotation(size: str, model: str) -> dict:
    """Accept, edit and undo on an article with many statements in a library."""
    import tempfile

    from corpus.article import Article
    from corpus.library import Library
    from tui.app import QuotelensApp
    from tui.config import Config

    statements, words = ANNOTATE[size]
    text = build_article_text(words)
    article = Article("Bench annotate", text, "bench-annotate")
    result: dict = {"size": size, "words": len(text.split()), "chars": len(text)}
    with tempfile.TemporaryDirectory() as folder, Library.open(folder) as library:
        library.add_article(article)
        library.save_parse(article.id, spread_statements(text, statements), "bench")
        app = QuotelensApp(article, model=model, library=library, annotator="bench",
                           config=Config())  # default keys, whatever the user's config says
        paints: list[float] = []
        display = app._display

        def timed_display(screen, renderable):
            paints.append(time.perf_counter())
            return display(screen, renderable)

        app._display = timed_display
        store = time_store_calls(library)
        async with app.run_test(size=(120, 40)) as pilot:
            while app.screen.loaded is None:
                await asyncio.sleep(0.01)
            result["statements"] = len(app.screen.statements)
            times: dict[str, list[float]] = {"accept": [], "edit": [], "undo": []}
            in_store: dict[str, list[float]] = {name: [] for name in times}
            for action in ["accept", "edit"] * PRESSES + ["undo"] * PRESSES:
                if action != "undo":
                    await pilot.press({"accept": "n", "edit": "e"}[action])
                keys = {"accept": ["a"], "edit": ["right_square_bracket", "enter"], "undo": ["u"]}[action]
                store.clear()
                times[action] += await key_latencies(pilot, paints, keys)
                in_store[action].append(sum(store))
            result.update(times, store=in_store)
            result["history"] = len(library.history(article.id))
    return result


def time_store_calls(library) -> list[float]:
    """Record the seconds each library change the reader makes takes (the store's share of
    key → repaint) in the list returned."""
    spent: list[float] = []

    def timed(method):
        def call(*args, **kwargs):
            started = time.perf_counter()
            try:
                return method(*args, **kwargs)
            finally:
                spent.append(time.perf_counter() - started)

        return call

    for name in ("update_statement", "update_statements", "undo", "redo"):
        setattr(library, name, timed(getattr(library, name)))
    return spent


async def key_latencies(pilot, paints: list[float], keys: list[str]) -> list[float]:
    """Seconds from each key press to the first frame painted after it."""
    latencies = []
    for key in keys:
        await pilot.pause()
        pressed = time.perf_counter()
        before = len(paints)
        await pilot.press(key)
        while len(paints) == before:
            await asyncio.sleep(0.0005)
        latencies.append(paints[before] - pressed)
    return latencies


def reference(size: str, model: str) -> dict:
    """Model load (imports included) and parse of the same text without the app."""
    text = build_article_text(SIZES[size])
    started = time.perf_counter()
    from annotators.pipeline import extract, load_pipeline

    nlp = load_pipeline(model)
    loaded = time.perf_counter()
    extract(nlp, text)
    return {"load": loaded - started, "parse": time.perf_counter() - loaded}


def child(size: str, model: str) -> None:
    """Measure one size and print the result as JSON (then exit without waiting for threads)."""
    from services.parser_process import PARSER

    run = measure_annotation(size, model) if size in ANNOTATE else measure(size, model)
    result = asyncio.run(run)
    print(json.dumps(result), flush=True)
    PARSER.stop()  # a 5 MB parse may still be running in the parser process
    os._exit(0)  # and its worker thread in this one


def p99(times: list[float]) -> float:
    return statistics.quantiles(times, n=100, method="inclusive")[98]


def report(result: dict, baseline: dict | None = None) -> None:
    """Print one article's figures (and their ratio to ``baseline``'s)."""
    if result["size"] in ANNOTATE:
        target = "≤ 20 median, ≤ 100 p99" if result["size"] == "annotate" else "≤ 50 median"
        print(f"{result['size']}: {result['words']:,} words, {result['statements']} statements "
              f"(library on disk, fsync per change; {result['history']} history entries; "
              f"target {target} ms)")
        for name in ("accept", "edit", "undo"):
            times = result[name]
            line = (f"  {name:<6} key → repaint median {statistics.median(times) * 1000:6.1f} ms, "
                    f"p99 {p99(times) * 1000:6.1f}, max {max(times) * 1000:6.1f} ({len(times)} presses)")
            if baseline is not None:
                old = baseline[name]
                line += (f"; baseline median {statistics.median(old) * 1000:.1f}, p99 "
                         f"{p99(old) * 1000:.1f} → {statistics.median(old) / statistics.median(times):.1f}x"
                         f" / {p99(old) / p99(times):.1f}x faster")
            print(line)
        for name in ("accept", "edit", "undo"):
            line = f"  {name:<6} in the store: median {statistics.median(result['store'][name]) * 1000:6.1f} ms, p99 {p99(result['store'][name]) * 1000:6.1f}"
            if baseline is not None:
                old = baseline["store"][name]
                line += (f"; baseline median {statistics.median(old) * 1000:.1f}, p99 {p99(old) * 1000:.1f}"
                         f" → {statistics.median(old) / statistics.median(result['store'][name]):.1f}x faster")
            print(line)
        return
    print(f"{result['size']}: {result['words']:,} words, {result['chars']:,} chars")
    print(f"  first paint after start      {result['first_paint'] * 1000:7.0f} ms  (target ≤ 500)")
    if "highlights" in result:
        ref = result["reference"]
        work = ref["load"] + ref["parse"]
        print(
            f"  highlights after start       {result['highlights'] * 1000:7.0f} ms  "
            f"({result['statements']} statements; in the app: model load "
            f"{result['model_load'] * 1000:.0f} + parse {result['parse'] * 1000:.0f} ms)"
        )
        print(
            f"  without the app: load+parse  {work * 1000:7.0f} ms  (load {ref['load'] * 1000:.0f}"
            f" + parse {ref['parse'] * 1000:.0f}); highlights = {result['highlights'] / work:.0%}"
            " of it (target ≤ 110 %)"
        )
        n = result["n_repaint"]
        print(
            f"  n → repaint median           {statistics.median(n) * 1000:7.1f} ms  "
            f"(max {max(n) * 1000:.1f}, {len(n)} presses; target ≤ 50)"
        )
    keys = result["scroll_keys"]
    print(
        f"  scroll key → repaint         {statistics.median(keys) * 1000:7.1f} ms median "
        f"(max {max(keys) * 1000:.1f}; parse running meanwhile: {result['parsing_meanwhile']})"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--model", default=None, help="spaCy model (default: best installed)")
    sizes = [*SIZES, *ANNOTATE]
    parser.add_argument("--sizes", nargs="*", default=sizes, choices=sizes)
    parser.add_argument("--child", choices=sizes, help=argparse.SUPPRESS)
    parser.add_argument("--reference", choices=list(SIZES), help=argparse.SUPPRESS)
    parser.add_argument("--baseline", type=Path, help="a checkout to compare the annotation sizes with")
    args = parser.parse_args()
    sys.path.insert(0, os.environ.get(CODE_ENV, str(ROOT)))
    from annotators.models import resolve_model

    model = resolve_model(args.model)
    if args.child:
        child(args.child, model)
        return
    if args.reference:
        print(json.dumps(reference(args.reference, model)))
        return
    print(f"model: {model}; terminal 120x40 (headless); {os.cpu_count()} cores")
    for size in args.sizes:
        result = run_fresh("--child", size, model)
        baseline = None
        if size in ANNOTATE and args.baseline:
            baseline = run_fresh("--child", size, model, code=args.baseline)
        if size not in ("5MB", *ANNOTATE):
            result["reference"] = run_fresh("--reference", size, model)
        report(result, baseline)


def run_fresh(flag: str, size: str, model: str, code: Path = ROOT) -> dict:
    """Run this script in a fresh interpreter (importing the code in ``code``) and return
    the JSON it prints last."""
    run = subprocess.run(
        [sys.executable, __file__, flag, size, "--model", model],
        capture_output=True, text=True, check=True,
        env={**os.environ, CODE_ENV: str(code.resolve())},
    )
    return json.loads(run.stdout.strip().splitlines()[-1])


if __name__ == "__main__":
    main()
