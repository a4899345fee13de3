"""Options that several commands share."""
from __future__ import annotations

import argparse


def positive_int(value: str) -> int:
    """An argparse type: a whole number of at least 1."""
    if not value.isdigit() or int(value) < 1:
        raise argparse.ArgumentTypeError(f"expected a whole number of at least 1, got {value!r}")
    return int(value)


def add_processes_argument(parser: argparse.ArgumentParser) -> None:
    """``--processes N`` (None: ``services.batch_runner.default_processes()``)."""
    parser.add_argument(
        "--processes",
        type=positive_int,
        default=None,
        metavar="N",
        help="spaCy worker processes (default: the machine's cores, fewer if memory is short)",
    )
