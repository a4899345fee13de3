"""``quotelens extract PATH...``: statements of many articles as JSONL, one line per article."""
from __future__ import annotations

import argparse
import os
import sys
import tempfile
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import IO

import orjson

from corpus.article import Article
from corpus.errors import ArticleError, QuotelensError
from corpus.importers import ARTICLE_SUFFIXES, read_article

NAME = "extract"
HELP = "find who said what in articles and folders; write one JSON line per article"


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """Paths, output file and number of processes."""
    parser.add_argument("paths", nargs="+", metavar="PATH", help="article files or folders")
    add_output_arguments(parser, "write the JSONL here (default: standard output)")


def add_output_arguments(parser: argparse.ArgumentParser, output_help: str) -> None:
    """``-o FILE`` and ``--processes N``, shared with ``evaluate``."""
    parser.add_argument("-o", "--output", type=Path, metavar="FILE", help=output_help)
    parser.add_argument(
        "--processes",
        type=positive_int,
        default=1,
        metavar="N",
        help="spaCy worker processes (default 1)",
    )


def positive_int(value: str) -> int:
    """An argparse type: a whole number of at least 1."""
    if not value.isdigit() or int(value) < 1:
        raise argparse.ArgumentTypeError(f"expected a whole number of at least 1, got {value!r}")
    return int(value)


def run(args: argparse.Namespace) -> int:
    """Read every article (warning about bad ones), extract, write JSONL; 1 if a file failed."""
    articles, failed = read_articles(args.paths)
    entries = [(a.id, a.source, a.title, a.text) for a in articles]
    write_jsonl(extract_records(entries, args.model, args.processes), args.output)
    return 1 if failed else 0


def extract_records(
    entries: Sequence[tuple[str, str, str, str]], model: str | None, processes: int = 1
) -> Iterator[dict]:
    """Run the pipeline on ``(id, path, title, text)`` entries, showing progress on stderr.

    Yields one JSONL record per entry: the article fields and its statements
    (``Statement.to_dict()`` plus ``"model"``), offsets into ``text`` as given.
    """
    from annotators.pipeline import extract_many, load_pipeline, model_label
    from tqdm import tqdm

    nlp = load_pipeline(model)
    label = model_label(nlp)
    found = extract_many(nlp, (text for *_, text in entries), n_process=processes)
    bar = tqdm(found, total=len(entries), unit="article", file=sys.stderr, disable=None)
    for (id, path, title, text), statements in zip(entries, bar):
        yield {
            "id": id,
            "path": path,
            "title": title,
            "text": text,
            "statements": [s.to_dict() | {"model": label} for s in statements],
        }


def read_articles(paths: Iterable[str]) -> tuple[list[Article], int]:
    """The readable articles under ``paths`` (folders are walked), and how many paths failed.

    Each failure is one warning line on stderr naming the file.
    """
    articles, failed = [], 0
    for name in paths:
        files = folder_articles(Path(name)) if Path(name).is_dir() else [name]
        if not files:
            warn(f"{name}: no article files (.txt, .md, .html) in this folder")
            failed += 1
        for file in files:
            try:
                article = read_article(file)
            except ArticleError as exc:
                warn(f"skipped {exc}")
                failed += 1
                continue
            for warning in article.warnings:
                warn(warning)
            articles.append(article)
    return articles, failed


def folder_articles(folder: Path) -> list[str]:
    """The article files under a folder, sorted."""
    return sorted(
        str(p) for p in folder.rglob("*") if p.is_file() and p.suffix.lower() in ARTICLE_SUFFIXES
    )


def warn(message: str) -> None:
    print(f"quotelens: warning: {message}", file=sys.stderr)


def write_jsonl(records: Iterable[dict], output: Path | None) -> None:
    """Write one JSON object per line to ``output`` (atomically) or to standard output."""
    if output is None:
        for record in records:
            sys.stdout.write(orjson.dumps(record).decode() + "\n")
        sys.stdout.flush()
        return
    with atomic_file(output) as f:
        for record in records:
            f.write(orjson.dumps(record) + b"\n")


@contextmanager
def atomic_file(path: Path) -> Iterator[IO[bytes]]:
    """A temp file next to ``path`` that replaces it only when the block succeeds."""
    path = Path(path)
    try:
        fd, temp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    except OSError as exc:
        raise QuotelensError(f"{path}: cannot be written ({exc.strerror or exc})") from None
    try:
        with os.fdopen(fd, "wb") as f:
            yield f
            f.flush()
            os.fsync(f.fileno())
        os.replace(temp, path)
    except BaseException:
        Path(temp).unlink(missing_ok=True)
        raise
