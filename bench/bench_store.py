"""Benchmark of the annotation library against one stock TinyDB JSON file.

Builds a library of 2,000 articles x 50 statements (100,000 statements, synthetic text),
then, each in a fresh process: opens the index, loads articles, saves statement edits
(fsync included) and reports peak memory; then does the same edits on one stock TinyDB
``JSONStorage`` file holding the same data.

    python bench/bench_store.py [--articles 2000] [--per-article 50] [--edits 500] [--stock-edits 10]

``--one-article`` instead measures one article as it grows: the time and the bytes written
by a statement edit and an undo with 50, 500 and 5,000 statements and a history of 0 and
2,000 entries (the journal keeps both flat; corpus.journal).
"""
from __future__ import annotations

import argparse
import json
import random
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from corpus.article import Article
from corpus.library import Library

SENTENCES = (
    "The regional council met on {day} to discuss the budget for the coming year.",
    "Residents packed the hall, and several asked about the closure of the ferry line.",
    "Officials said the {n} new buses would arrive before the summer timetable starts.",
    "The opposition leader called the plan rushed and asked for an independent review.",
    "Local traders reported that footfall had fallen for the {n}th week in a row.",
)
QUOTE = "\u201cWe will publish the full figures on {day}, as promised,\u201d said {name}."
NAMES = ("Mara Lind", "Tomas Okafor", "Ruth Benning", "the mayor", "a spokesman")
DAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday")


def synthetic_article(i: int, per_article: int) -> tuple[Article, list[dict]]:
    """An article of ``per_article`` quoted paragraphs with fillers, and its statements."""
    rng = random.Random(i)
    parts, statements, pos = [], [], 0
    for k in range(per_article):
        filler = SENTENCES[(i + k) % len(SENTENCES)].format(day=rng.choice(DAYS), n=rng.randint(2, 90))
        name = rng.choice(NAMES)
        quote = QUOTE.format(day=rng.choice(DAYS), name=name)
        paragraph = f"{filler} {quote}"
        q_start = pos + len(filler) + 1
        q_end = q_start + quote.index("\u201d said") + 1
        cue = q_end + 1
        speaker = cue + 5
        statements.append({
            "quote": [{"start": q_start, "end": q_end, "text": paragraph[q_start - pos:q_end - pos]}],
            "cue": {"start": cue, "end": cue + 4, "text": "said"},
            "speaker": {"start": speaker, "end": speaker + len(name), "text": name},
            "speaker_name": name,
            "kind": "direct",
            "confidence": round(rng.uniform(0.5, 1.0), 3),
        })
        parts.append(paragraph)
        pos += len(paragraph) + 2
    text = "\n\n".join(parts) + f"\n\n(Report {i}.)"
    return Article(title=f"Council report {i}", text=text, source=f"report-{i}.txt"), statements


def build(root: Path, articles: int, per_article: int) -> float:
    start = time.perf_counter()
    with Library.open(root, annotator="bench") as lib:
        for i in range(articles):
            article, statements = synthetic_article(i, per_article)
            lib.add_article(article)
            lib.save_parse(article.id, statements, "bench-model 1.0")
    return time.perf_counter() - start


def build_stock(root: Path, path: Path) -> None:
    """One stock TinyDB file with the same articles and statements."""
    from tinydb import TinyDB

    with Library.open(root, readonly=True) as lib, TinyDB(path) as db:
        articles, statements = [], []
        for article, records in lib.iter_articles():
            articles.append({"id": article.id, "title": article.title, "text": article.text,
                             "source": article.source, "meta": article.meta, "model": article.model})
            statements.extend(records)
        db.table("articles").insert_multiple(articles)
        db.table("statements").insert_multiple(statements)


def ms(seconds: list[float]) -> dict:
    values = sorted(s * 1000 for s in seconds)
    p99 = values[min(len(values) - 1, int(round(0.99 * (len(values) - 1))))]
    return {"n": len(values), "median": round(statistics.median(values), 2),
            "p99": round(p99, 2), "max": round(values[-1], 2)}


def peak_mb() -> float:
    return round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1)


def edit_changes(k: int) -> dict:
    """A real change every time (a note unique to this edit, plus a field edit)."""
    field = ({"status": "accepted"}, {"status": "rejected"}, {"speaker_name": f"Speaker {k}"},
             {"labels": ["budget", str(k)]}, {})[k % 5]
    return {**field, "note": f"checked {time.time_ns()}"}


def fsync_floor(folder: Path, size: int, times: int = 100, raw: bool = False) -> dict | list:
    """What the disk alone costs: atomic_write of ``size`` bytes (two fsyncs), no TinyDB."""
    from corpus.atomic import atomic_write

    path, payload, spent = folder / "fsync-probe.bin", b"x" * size, []
    for _ in range(times):
        start = time.perf_counter()
        atomic_write(path, payload)
        spent.append(time.perf_counter() - start)
    path.unlink()
    return spent if raw else ms(spent)


def measure_library(root: Path, edits: int, per_article_edits: int = 5) -> dict:
    article_bytes = statistics.median(p.stat().st_size for p in list((root / "articles").iterdir())[:200])
    floor_before = fsync_floor(root.parent, int(article_bytes))
    start = time.perf_counter()
    lib = Library.open(root, annotator="bench")
    open_s = time.perf_counter() - start
    entries = lib.articles()
    rng = random.Random(7)
    chosen = rng.sample([e.id for e in entries], max(1, edits // per_article_edits))
    loads, saves, floor = [], [], []
    for aid in chosen:
        start = time.perf_counter()
        lib.article(aid)
        records = lib.statements(aid)
        loads.append(time.perf_counter() - start)
        for k in range(per_article_edits):
            sid = records[rng.randrange(len(records))]["id"]
            start = time.perf_counter()
            lib.update_statement(aid, sid, edit_changes(k))
            saves.append(time.perf_counter() - start)
            floor.append(fsync_floor(root.parent, int(article_bytes), times=1, raw=True)[0])
    start = time.perf_counter()
    lib.close()
    close_s = time.perf_counter() - start
    reopen = []
    for _ in range(5):
        start = time.perf_counter()
        Library.open(root).close()
        reopen.append(time.perf_counter() - start)
    return {"article_file_kb": round(article_bytes / 1024, 1),
            "disk_floor_atomic_write_ms_before": floor_before,
            "disk_floor_atomic_write_ms_after": fsync_floor(root.parent, int(article_bytes)),
            "open_index_ms_first": round(open_s * 1000, 1), "open_index_ms": ms(reopen),
            "articles": len(entries), "load_article_ms": ms(loads), "edit_save_ms": ms(saves),
            "disk_floor_between_edits_ms": ms(floor),
            "close_flush_ms": round(close_s * 1000, 1), "peak_rss_mb": peak_mb()}


def measure_stock(path: Path, edits: int) -> dict:
    from tinydb import TinyDB

    start = time.perf_counter()
    db = TinyDB(path)
    statements = db.table("statements")
    count = len(statements)
    open_s = time.perf_counter() - start
    rng = random.Random(7)
    saves = []
    for k in range(edits):
        doc_id = rng.randint(1, count)
        start = time.perf_counter()
        statements.update(edit_changes(k), doc_ids=[doc_id])
        saves.append(time.perf_counter() - start)
    db.close()
    return {"open_ms": round(open_s * 1000, 1), "statements": count, "edit_save_ms": ms(saves),
            "file_mb": round(path.stat().st_size / 2**20, 1), "peak_rss_mb": peak_mb()}


def measure_one_article(statements: int, history: int, edits: int = 40) -> dict:
    """Edit and undo costs in one article of ``statements`` statements after ``history``
    earlier edits: median and p99 ms, and the bytes each change adds to the disk."""
    from corpus.journal import journal_path

    article, records = synthetic_article(0, statements)
    with tempfile.TemporaryDirectory(dir=Path.home()) as tmp, Library.open(tmp, annotator="bench") as lib:
        lib.add_article(article)
        lib.save_parse(article.id, records, "bench-model 1.0")
        ids = [r["id"] for r in lib.statements(article.id)]
        for k in range(history):
            lib.update_statement(article.id, ids[k % len(ids)], edit_changes(k))
        lib.close()
        lib = Library.open(tmp, annotator="bench")
        lib.statements(article.id)  # the article is read before the clock starts
        path = lib.root / "articles" / f"{article.id}.json"

        def on_disk() -> int:
            journal = journal_path(path)
            return path.stat().st_size + (journal.stat().st_size if journal.exists() else 0)

        saves, undos, written = [], [], []
        for k in range(edits):
            size = on_disk()
            start = time.perf_counter()
            lib.update_statement(article.id, ids[(k * 7) % len(ids)], edit_changes(k))
            saves.append(time.perf_counter() - start)
            written.append(on_disk() - size)
            start = time.perf_counter()
            lib.undo(article.id)
            undos.append(time.perf_counter() - start)
        file_kb = round(path.stat().st_size / 1024, 1)
        lib.close()
    return {"statements": statements, "history": history, "file_kb": file_kb,
            "edit_ms": ms(saves), "undo_ms": ms(undos),
            "bytes_per_edit": int(statistics.median(written))}


def in_fresh_process(*args: str) -> dict:
    out = subprocess.run([sys.executable, __file__, *args], check=True, capture_output=True, text=True)
    return json.loads(out.stdout)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=2000)
    parser.add_argument("--per-article", type=int, default=50)
    parser.add_argument("--edits", type=int, default=500)
    parser.add_argument("--stock-edits", type=int, default=10)
    parser.add_argument("--one-article", action="store_true", help="edit costs as one article grows")
    parser.add_argument("--measure", nargs=2, metavar=("KIND", "PATH"), help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.one_article:
        for statements in (50, 500, 5000):
            for history in (0, 2000):
                print(json.dumps(measure_one_article(statements, history)), flush=True)
        return
    if args.measure:
        kind, path = args.measure
        result = (measure_library(Path(path), args.edits) if kind == "library"
                  else measure_stock(Path(path), args.stock_edits))
        print(json.dumps(result))
        return
    with tempfile.TemporaryDirectory(dir=Path.home()) as tmp:
        root, stock = Path(tmp) / "library", Path(tmp) / "stock.json"
        print(f"building {args.articles} articles x {args.per_article} statements …", flush=True)
        print(f"  built in {build(root, args.articles, args.per_article):.1f} s", flush=True)
        library = in_fresh_process("--edits", str(args.edits), "--measure", "library", str(root))
        print("library:", json.dumps(library, indent=1), flush=True)
        build_stock(root, stock)
        result = in_fresh_process("--stock-edits", str(args.stock_edits), "--measure", "stock", str(stock))
        print("stock TinyDB JSONStorage, one file:", json.dumps(result, indent=1))


if __name__ == "__main__":
    main()
