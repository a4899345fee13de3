"""``quotelens speakers``: the library's speakers, one row per person; merging two by hand."""
from __future__ import annotations

import argparse
import sys

from corpus.export.sheet import write_markdown
from corpus.library import Library
from services.speaker_quotes import SpeakerTable, merge_speakers, undo_speaker_merge
from tui.console import say

NAME = "speakers"
HELP = "list every speaker of the library with counts, articles and dates; merge two by hand"
HEADER = ("speaker", "quotes", "articles", "first", "last", "also named")


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """``--merge A B``, ``--undo-merge``."""
    action = parser.add_mutually_exclusive_group()
    action.add_argument("--merge", nargs=2, metavar=("NAME", "OTHER"),
                        help="record that two speakers are one person")
    action.add_argument("--undo-merge", action="store_true", help="take back the latest merge")


def run(args: argparse.Namespace) -> int:
    """List the speakers, or merge / unmerge and say what was done."""
    writing = bool(args.merge or args.undo_merge)
    with Library.open(args.library, readonly=not writing) as library:
        if args.merge:
            table = SpeakerTable.read(library)
            first, second = (table.resolve(n) for n in args.merge)
            merge_speakers(library, first, second)
            say(f"merged {first!r} and {second!r}")
            return 0
        if args.undo_merge:
            undone = undo_speaker_merge(library)
            say(f"undid the merge of {undone['names'][0]!r} and {undone['names'][1]!r}")
            return 0
        table = SpeakerTable.read(library)
    rows = [
        (s.name, s.quotes, s.articles, s.first, s.last, "; ".join(n for n in s.names if n != s.name))
        for s in table.speakers()
    ]
    write_markdown(rows, sys.stdout, HEADER)
    return 0
