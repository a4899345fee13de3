"""``quotelens read PATH``: open an article in the reader; it is added to the library."""
from __future__ import annotations

import argparse
import os
import sys

from corpus.article import Article
from corpus.errors import QuotelensError
from corpus.importers import read_article

NAME = "read"
HELP = "open an article (.txt, .md, .html, or - for stdin) in the reader"


def add_app_arguments(parser: argparse.ArgumentParser) -> None:
    """Options of every command that opens the app."""
    parser.add_argument(
        "--annotator",
        help="name written on every change (default: annotator in the config file, "
        "else $QUOTELENS_ANNOTATOR, else the login name)",
    )


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """The article path, ``--reparse`` and ``--annotator``."""
    parser.add_argument("path", help="article file: .txt, .md, .html, or - for standard input")
    parser.add_argument(
        "--reparse",
        action="store_true",
        help="find statements again even if the library holds a parse (human edits are kept)",
    )
    add_app_arguments(parser)


def run(args: argparse.Namespace) -> int:
    """Read the article, add it to the library, then run the app on it."""
    article = read_article(args.path)
    if args.path == "-":
        keys_from_terminal()
    return run_app(args, article)


def keys_from_terminal() -> None:
    """The article came through a pipe on standard input: read keys from the terminal instead."""
    if sys.stdin.isatty():
        return
    try:
        tty = os.open("/dev/tty", os.O_RDONLY)
    except OSError:
        raise QuotelensError(
            "-: the article came on standard input and there is no terminal to read keys from; "
            "give the article as a file"
        ) from None
    os.dup2(tty, sys.stdin.fileno())
    os.close(tty)


def run_app(args: argparse.Namespace, article: Article | None) -> int:
    """Run the app on ``article`` (added to the library), or on the library screen."""
    from annotators.models import resolve_model
    from corpus.library import Library
    from tui.config import load_config

    config = load_config()  # a wrong config file is reported before anything opens
    model = resolve_model(args.model)
    if article is not None:
        from services.parser_process import PARSER

        PARSER.start(model)  # the model loads while Textual is imported and the screen drawn
    from tui.app import QuotelensApp

    with Library.open(args.library) as library:
        reparse = False
        if article is not None:
            if not library.readonly:
                library.add_article(article)
            stored = library.entry(article.id).model if article.id in library else None
            # An explicit --model other than the one that parsed the article: parse again.
            reparse = args.reparse or bool(
                args.model and stored and not stored.startswith(f"{model}-")
            )
        app = QuotelensApp(
            article, model=model, library=library, reparse=reparse,
            annotator=args.annotator, config=config,
        )  # fmt: skip
        app.run()
    return app.return_code or 0  # 1 after an error the app could not handle (Textual printed it)
