"""``quotelens extract PATH...``: statements of many articles as JSONL, one line per article.

Inputs stream in (files, folders, globs, JSON lines of texts), batches are parsed in this
process, in ``--processes N`` worker processes or on a Dask cluster (``--dask``), and lines
are written as results arrive (``services.batch_extract``).
"""
from __future__ import annotations

import argparse
from collections.abc import Iterator, Sequence
from pathlib import Path

from corpus.errors import QuotelensError
from services.article_stream import find_inputs, read_inputs
from services.batch_extract import extract_to
from services.batch_output import BatchOutput
from services.batch_parse import Job
from services.batch_runner import Backend, default_processes, local_backend, run_batches
from tui.commands.import_articles import add_symlink_argument
from tui.commands.options import add_processes_argument
from tui.console import note, progress, warn

NAME = "extract"
HELP = "find who said what in articles, folders and JSON lines of texts; write one JSON line per article"


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """Paths, output file, workers, order and resuming."""
    parser.add_argument(
        "paths", nargs="+", metavar="PATH",
        help="article files, folders, globs ('archive/**/*.txt'), .jsonl of {\"text\", \"meta\"} "
        "lines or of quotelens records, .csv with a text column",
    )  # fmt: skip
    add_output_arguments(parser, "write the JSONL here (default: standard output)")
    parser.add_argument(
        "--dask", metavar="ADDRESS",
        help="parse on a Dask cluster: the scheduler's address (tcp://HOST:8786), or local to "
        "start one here with --processes workers",
    )  # fmt: skip
    parser.add_argument("--unordered", action="store_true", help="write articles as they finish, not in input order")
    parser.add_argument(
        "--resume", action="store_true",
        help="continue an interrupted run: keep the articles already written to -o FILE and parse the rest",
    )  # fmt: skip
    add_symlink_argument(parser)


def add_output_arguments(parser: argparse.ArgumentParser, output_help: str) -> None:
    """``-o FILE``, ``--force`` and ``--processes N``, shared with ``evaluate``."""
    parser.add_argument("-o", "--output", type=Path, metavar="FILE", help=output_help + "; - is standard output")
    parser.add_argument("--force", action="store_true", help="replace an existing file that is not an earlier output")
    add_processes_argument(parser)


def run(args: argparse.Namespace) -> int:
    """Stream the articles through the pipeline into the output; 1 if an article failed."""
    processes = args.processes or default_processes()
    with BatchOutput(args.output, args.force, args.resume) as output:
        if output.dropped_part:
            warn(f"{output.part}: an unfinished run's output, started again (--resume continues it)")
        inputs = find_inputs(args.paths, args.follow_symlinks, warn, exclude=output.paths)
        backend = _backend(args.dask, args.model, processes)
        try:
            with progress(total=inputs.count(), unit="article") as bar:
                summary = extract_to(
                    output, read_inputs(inputs), backend, not args.unordered, warn, bar.update
                )
        finally:
            backend.close()
    note(summary.line())
    return 1 if summary.failed else 0


def _backend(address: str | None, model: str | None, processes: int) -> Backend:
    if address is None:
        return local_backend(model, processes)
    try:
        from services.dask_backend import DaskBackend
    except ImportError:
        raise QuotelensError("--dask needs Dask: pip install 'quotelens[dask]'") from None
    return DaskBackend(address, model, processes)


def extract_records(
    entries: Sequence[tuple[str, str, str, str]], model: str | None, processes: int | None = 1
) -> Iterator[dict]:
    """Run the pipeline on ``(id, path, title, text)`` entries, showing progress on stderr.

    Yields one JSONL record per entry, in order: the article fields and its statements
    (``corpus.schema.found_record`` plus ``"model"``), offsets into ``text`` as given.
    """
    backend = local_backend(model, processes or default_processes())
    try:
        jobs = (Job(id, path, title, text, {}) for id, path, title, text in entries)
        with progress(total=len(entries), unit="article") as bar:
            for records in run_batches(jobs, backend):
                bar.update(len(records))
                yield from records
    finally:
        backend.close()
