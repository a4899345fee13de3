"""What the command line tells the user on stderr: warnings, errors and progress bars.

Messages often hold untrusted text (file names, ids from imported files), so every one is
made inert (corpus.text.make_inert) before it reaches the terminal.
"""
from __future__ import annotations

import sys
from collections.abc import Iterable
from typing import Any, TypeVar

from corpus.text import make_inert

T = TypeVar("T")


def warn(message: str) -> None:
    """Print ``quotelens: warning: MESSAGE`` on stderr, control characters made inert."""
    print(f"quotelens: warning: {make_inert(message)}", file=sys.stderr)


def error(message: str) -> None:
    """Print ``quotelens: error: MESSAGE`` on stderr, control characters made inert."""
    print(f"quotelens: error: {make_inert(message)}", file=sys.stderr)


def note(message: str) -> None:
    """Print an informative line on stderr (when stdout carries data), control characters made inert."""
    print(make_inert(message), file=sys.stderr)


def say(message: str) -> None:
    """Print a result line on stdout, control characters made inert."""
    print(make_inert(message))


def progress(iterable: Iterable[T] | None = None, desc: str | None = None, **options: Any):
    """A tqdm progress bar on stderr (hidden when stderr is not a terminal); ``desc`` inert."""
    from tqdm import tqdm

    settings = {"file": sys.stderr, "disable": None, **options}
    return tqdm(iterable, desc=make_inert(desc) if desc else desc, **settings)
