"""``quotelens quotes --speaker NAME``: every quote of one person across the library."""
from __future__ import annotations

import argparse
import sys
from dataclasses import asdict
from datetime import date

import orjson

from corpus.errors import QuotelensError
from corpus.export.sheet import write_csv, write_markdown
from corpus.library import Library
from corpus.text import make_inert
from services.speaker_quotes import SpeakerTable

NAME = "quotes"
HELP = "every quote of one speaker across the library, newest first"
HEADER = ("date", "speaker", "quote", "article", "id")


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """``--speaker``, ``--since``, ``--format``."""
    parser.add_argument("--speaker", required=True, metavar="NAME",
                        help="the speaker, as any of their names")
    parser.add_argument("--since", type=since_date, metavar="DATE",
                        help="only articles dated DATE (YYYY-MM-DD) or later")
    parser.add_argument("--format", "-f", choices=("markdown", "csv", "jsonl"), default="markdown",
                        help="output format (default: markdown)")


def since_date(value: str) -> str:
    """A ``YYYY-MM-DD`` date, checked."""
    try:
        return date.fromisoformat(value).isoformat()
    except ValueError:
        raise argparse.ArgumentTypeError(f"{value!r} is not a date (YYYY-MM-DD)") from None


def run(args: argparse.Namespace) -> int:
    """Print the quotes to standard output."""
    with Library.open(args.library, readonly=True) as library:
        table = SpeakerTable.read(library)
    person = table.resolve(args.speaker)
    quotes = table.quotes_of(person, args.since)
    if not quotes:
        since = f" since {args.since}" if args.since else ""
        raise QuotelensError(make_inert(f"no quotes of {person}{since}"))
    if args.format == "jsonl":
        for q in quotes:
            sys.stdout.write(orjson.dumps(asdict(q)).decode() + "\n")
    else:
        rows = [(q.date, q.name, q.quote, q.title, q.article_id) for q in quotes]
        (write_csv if args.format == "csv" else write_markdown)(rows, sys.stdout, HEADER)
    return 0
