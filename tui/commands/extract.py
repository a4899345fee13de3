"""``quotelens extract PATH...``: statements of many articles as JSONL, one line per article."""
from __future__ import annotations

import argparse
from collections.abc import Iterator, Sequence
from pathlib import Path

from corpus.importers import read_articles
from corpus.jsonl import write_jsonl
from corpus.schema import found_record
from tui.commands.import_articles import add_symlink_argument
from tui.console import progress, warn

NAME = "extract"
HELP = "find who said what in articles and folders; write one JSON line per article"



def add_arguments(parser: argparse.ArgumentParser) -> None:
    """Paths, output file and number of processes."""
    parser.add_argument("paths", nargs="+", metavar="PATH", help="article files or folders")
    add_output_arguments(parser, "write the JSONL here (default: standard output)")
    add_symlink_argument(parser)


def add_output_arguments(parser: argparse.ArgumentParser, output_help: str) -> None:
    """``-o FILE``, ``--force`` and ``--processes N``, shared with ``evaluate``."""
    parser.add_argument("-o", "--output", type=Path, metavar="FILE", help=output_help + "; - is standard output")
    parser.add_argument("--force", action="store_true", help="replace an existing file that is not an earlier output")
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
    articles, failed = read_articles(args.paths, warn, args.follow_symlinks)
    entries = [(a.id, a.source, a.title, a.text) for a in articles]
    write_jsonl(extract_records(entries, args.model, args.processes), args.output, args.force)
    return 1 if failed else 0


def extract_records(
    entries: Sequence[tuple[str, str, str, str]], model: str | None, processes: int = 1
) -> Iterator[dict]:
    """Run the pipeline on ``(id, path, title, text)`` entries, showing progress on stderr.

    Yields one JSONL record per entry: the article fields and its statements
    (``corpus.schema.found_record`` plus ``"model"``), offsets into ``text`` as given.
    """
    from annotators.pipeline import extract_many, load_pipeline, model_label

    nlp = load_pipeline(model)
    label = model_label(nlp)
    found = extract_many(nlp, (text for *_, text in entries), n_process=processes)
    bar = progress(found, total=len(entries), unit="article")
    for (id, path, title, text), statements in zip(entries, bar):
        yield {
            "id": id,
            "path": path,
            "title": title,
            "text": text,
            "statements": [found_record(s) | {"model": label} for s in statements],
        }
