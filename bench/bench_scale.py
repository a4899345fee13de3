"""Corpus scale: ``quotelens extract`` on N generated articles, one process, ``--processes 2``
and ``--dask local`` with two workers, against bare ``nlp.pipe`` of the same model on the
same texts in the same run; peak memory of each run (the whole process tree); and peak
memory of one process on N and 10×N short texts (flat if the run streams).

The articles are made from ``sample_articles/``: each is a sample article with its
paragraphs rotated and a numbered dateline, so every text (and id) differs.

Run: nice python bench/bench_scale.py [--articles 1000] [--short 1000] [--model NAME]
"""
from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import orjson
import psutil

from annotators.models import resolve_model
from annotators.pipeline import load_pipeline, model_label
from corpus.importers import folder_articles, read_article

ROOT = Path(__file__).resolve().parents[1]
QUOTELENS = [sys.executable, "-m", "tui.cli"]


def generate(n: int, short: bool = False) -> list[str]:
    """``n`` distinct texts made from the sample articles (their first paragraph if ``short``)."""
    samples = [read_article(p).text.split("\n\n") for p in folder_articles(ROOT / "sample_articles")]
    texts = []
    for k in range(n):
        paragraphs = samples[k % len(samples)]
        turn = (k // len(samples)) % len(paragraphs)
        body = paragraphs[:1] if short else paragraphs[turn:] + paragraphs[:turn]
        texts.append(f"DUNMORE, report {k}. " + "\n\n".join(body))
    return texts


def write_source(texts: list[str], folder: Path) -> Path:
    path = folder / "texts.jsonl"
    path.write_bytes(b"".join(orjson.dumps({"text": t, "meta": {"title": f"Story {k}"}}) + b"\n" for k, t in enumerate(texts)))
    return path


def run(args: list[str]) -> tuple[float, float]:
    """Wall seconds and peak resident memory (MB, summed over the process tree) of a command."""
    start = time.perf_counter()
    proc = subprocess.Popen(args, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    root, peak = psutil.Process(proc.pid), 0
    while proc.poll() is None:
        try:
            tree = [root, *root.children(recursive=True)]
            peak = max(peak, sum(p.memory_info().rss for p in tree if p.is_running()))
        except psutil.Error:
            pass
        time.sleep(0.1)
    seconds = time.perf_counter() - start
    if proc.returncode:
        raise SystemExit(f"{' '.join(args)} failed: {proc.stderr.read().decode()[-500:]}")
    return seconds, peak / 2**20


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--articles", type=int, default=1000)
    ap.add_argument("--short", type=int, default=1000, help="short texts for the memory check (and 10x)")
    ap.add_argument("--model", default=None)
    ap.add_argument("--skip", default="", help="comma-separated runs to leave out: pipe,one,two,dask,memory")
    args = ap.parse_args()
    skip = set(args.skip.split(","))
    model = resolve_model(args.model)
    print(f"model {model}; {os.cpu_count()} cores; load average {os.getloadavg()[0]:.2f} at start")
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        texts = generate(args.articles)
        source = write_source(texts, folder)
        nlp = load_pipeline(model)
        print(f"model label {model_label(nlp)}; {len(texts)} articles, {sum(map(len, texts)):,} characters")
        list(nlp.pipe(texts[:8]))
        start = time.perf_counter()
        tokens = sum(len(doc) for doc in nlp.pipe(texts, batch_size=16))
        bare = time.perf_counter() - start
        print(f"bare nlp.pipe (in this process, model loaded): {tokens:,} tokens in {bare:.1f} s = {tokens / bare:,.0f} tokens/s")
        base = None
        runs = {
            "one": ["--processes", "1"],
            "two": ["--processes", "2"],
            "dask": ["--dask", "local", "--processes", "2"],
        }
        for name, extra in runs.items():
            if name in skip:
                continue
            out = folder / f"{name}.jsonl"
            seconds, peak = run([*QUOTELENS, "extract", str(source), "-o", str(out), "--model", model, *extra])
            lines = out.read_bytes().splitlines()
            base = base or seconds
            print(f"extract {' '.join(extra)}: {seconds:.1f} s (with start-up and model loads) = "
                  f"{tokens / seconds:,.0f} tokens/s = {bare / seconds:.2f}x bare nlp.pipe, "
                  f"{base / seconds:.2f}x one process; peak {peak:,.0f} MB; {len(lines)} lines")
            if name != "one" and (folder / "one.jsonl").exists():
                same = sorted(lines) == sorted((folder / "one.jsonl").read_bytes().splitlines())
                print(f"  same lines as one process: {same}")
        if "memory" in skip:
            return
        for n in (args.short, 10 * args.short):
            small = write_source(generate(n, short=True), folder)
            seconds, peak = run([*QUOTELENS, "extract", str(small), "-o", str(folder / "short.jsonl"),
                                 "--model", model, "--processes", "1"])
            print(f"memory: {n:,} short texts, one process: {seconds:.1f} s, peak {peak:,.0f} MB")
    print(f"load average {os.getloadavg()[0]:.2f} at the end")


if __name__ == "__main__":
    main()
