"""``quotelens library`` (or plain ``quotelens``): the library screen, to open, import, delete."""
from __future__ import annotations

import argparse

from tui.commands.read import add_app_arguments, run_app

NAME = "library"
HELP = "browse the library: open, import, delete and search articles (the default)"


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """``--annotator``."""
    add_app_arguments(parser)


def run(args: argparse.Namespace) -> int:
    """Run the app on the library screen."""
    return run_app(args, None)
