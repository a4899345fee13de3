"""``quotelens read PATH``: open an article in the reader."""
from __future__ import annotations

import argparse

from corpus.importers import read_article

NAME = "read"
HELP = "open an article (.txt, .md, .html, or - for stdin) in the reader"


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """The article path."""
    parser.add_argument("path", help="article file: .txt, .md, .html, or - for standard input")


def run(args: argparse.Namespace) -> int:
    """Read the article, then run the Textual reader on it."""
    from annotators.models import resolve_model

    article = read_article(args.path)
    model = resolve_model(args.model)
    from tui.app import QuotelensApp

    QuotelensApp(article, model=model).run()
    return 0
