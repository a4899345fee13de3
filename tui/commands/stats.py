"""``quotelens stats``: articles, statements by status, label, annotator and dataset, and
reviews per day (services.library_stats, which the app's stats screen shows too)."""
from __future__ import annotations

import argparse

import orjson

from corpus.library import Library
from services.library_stats import format_stats, library_stats
from tui.commands.export import add_dataset_arguments, dataset_filter
from tui.console import warn

NAME = "stats"
HELP = "the library's figures: statements by status, label, annotator, dataset; reviews per day"


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """``--json``, ``--dataset``, ``--exclude-dataset``."""
    parser.add_argument("--json", action="store_true", help="print the figures as JSON")
    add_dataset_arguments(parser)


def run(args: argparse.Namespace) -> int:
    """Print the figures of the library's articles (those the dataset options keep)."""
    sets = dataset_filter(args)
    with Library.open(args.library, readonly=True) as library:
        stats = library_stats(library, lambda entry: sets.keeps_datasets(entry.datasets))
        for warning in library.warnings:
            warn(warning)
    if args.json:
        print(orjson.dumps(stats.to_dict(), option=orjson.OPT_INDENT_2).decode())
    else:
        print(format_stats(stats))
    return 0
