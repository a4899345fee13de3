"""``quotelens check-quotes``: the same quote in several articles, and versions that differ."""
from __future__ import annotations

import argparse
import sys
from dataclasses import asdict

import orjson

from corpus.library import Library
from corpus.text import make_inert
from services.quote_check import QuoteGroup, group_quotes, quote_rows
from services.wording import plural
from tui.console import note

NAME = "check-quotes"
HELP = "group the same quote reported in several articles; flag versions whose words differ"
SHOWN_QUOTE = 80


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """``--differing``, ``--format``."""
    parser.add_argument("--differing", action="store_true",
                        help="only quotes with a version that differs")
    parser.add_argument("--format", "-f", choices=("text", "jsonl"), default="text",
                        help="output format (default: text)")


def run(args: argparse.Namespace) -> int:
    """Print the groups, those with a differing version first."""
    with Library.open(args.library, readonly=True) as library:
        groups = group_quotes(quote_rows(library))
    if args.differing:
        groups = [g for g in groups if g.differing]
    for group in groups:
        if args.format == "jsonl":
            record = {"versions": [asdict(v) for v in group.versions],
                      "changes": [[asdict(c) for c in cs] for cs in group.changes]}
            sys.stdout.write(orjson.dumps(record).decode() + "\n")
        else:
            print(make_inert(describe(group)))
    note(f"{plural(len(groups), 'quote')} in more than one article, "
         f"{sum(1 for g in groups if g.differing)} with a version that differs")
    return 0


def describe(group: QuoteGroup) -> str:
    """A group as text: the quote and speaker, then each version, earliest first, with the
    words that differ from the earliest as [-old-] {+new+}."""
    first = group.versions[0]
    quote = first.quote if len(first.quote) <= SHOWN_QUOTE else first.quote[: SHOWN_QUOTE - 1] + "…"
    head = f"{quote} — {first.speaker or 'unattributed'} · {plural(len(group.versions), 'version')}"
    if group.differing:
        head += f" · {group.differing} differ{'s' if group.differing == 1 else ''} (a misquote?)"
    lines = [head]
    for k, (version, changes) in enumerate(zip(group.versions, group.changes)):
        what = " (earliest)" if k == 0 else ""
        if changes:
            what = "  differs: " + "; ".join(f"[-{c.before}-] {{+{c.after}+}}" for c in changes)
        lines.append(f"  {version.date}  {version.title}{what}")
    return "\n".join(lines)
