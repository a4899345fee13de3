"""The ``quotelens`` command line: ``quotelens [read] PATH`` and the other subcommands."""
from __future__ import annotations

import argparse
import difflib
import os
import sys
from importlib import metadata

from annotators.models import ModelNotFound
from corpus.errors import QuotelensError
from tui.commands import (
    agree,
    check_quotes,
    doctor,
    evaluate,
    export,
    extract,
    import_articles,
    library,
    quotes,
    read,
    speakers,
    stats,
    train,
)
from tui.console import error

# Each command module has ``NAME``, ``HELP``, ``add_arguments(parser)`` and ``run(args) -> int``.
COMMANDS = (
    read, library, doctor, extract, evaluate, import_articles, export, train, agree, speakers, quotes,
    check_quotes, stats,
)


def version() -> str:
    """The installed quotelens version."""
    try:
        return metadata.version("quotelens")
    except metadata.PackageNotFoundError:
        return "0+unknown"


# Options every command takes, before or after the command name.
COMMON_OPTIONS = (
    ("--model", "MODEL", "spaCy pipeline to use (package name or folder; rules or rules:NAME: the rules "
                          "without the shipped scorer); default: the best installed, with the shipped scorer"),
    ("--library", "DIR", "library folder (default: $QUOTELENS_LIBRARY, else the user data directory)"),
)


def _add_common_options(parser: argparse.ArgumentParser, default: object) -> None:
    for flag, metavar, help_text in COMMON_OPTIONS:
        parser.add_argument(flag, metavar=metavar, help=help_text, default=default)


def build_parser() -> argparse.ArgumentParser:
    """The parser with one subparser per command."""
    parser = argparse.ArgumentParser(
        prog="quotelens",
        description="Read news articles in the terminal and see who said what.",
    )
    parser.add_argument("--version", action="version", version=f"quotelens {version()}")
    _add_common_options(parser, default=None)
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    for command in COMMANDS:
        p = sub.add_parser(command.NAME, help=command.HELP, description=command.HELP)
        # SUPPRESS: a value given before the command name is kept unless repeated after it.
        _add_common_options(p, default=argparse.SUPPRESS)
        command.add_arguments(p)
        p.set_defaults(run=command.run)
    return parser


def _with_default_command(argv: list[str]) -> list[str]:
    """``quotelens [OPTIONS] PATH`` means ``quotelens [OPTIONS] read PATH`` (``read`` goes in
    front of the first option only ``read`` knows, such as ``--annotator NAME``), and
    ``quotelens [OPTIONS]`` alone means ``quotelens [OPTIONS] library``."""
    names = {c.NAME for c in COMMANDS}
    takes_value = {flag for flag, _, _ in COMMON_OPTIONS}
    read_values = _read_value_options()
    own = None  # where the first option of ``read``'s own starts
    i = 0
    while i < len(argv):
        arg = argv[i]
        if arg in names:
            return argv
        if arg in takes_value:
            i += 2
            continue
        if arg == "-" or not arg.startswith("-"):
            at = i if own is None else own
            return argv[:at] + ["read"] + argv[at:]
        if own is None and arg not in {"-h", "--help", "--version"}:
            own = i
        i += 2 if arg in read_values else 1
    if {"-h", "--help", "--version"} & set(argv):
        return argv
    return argv + ["library"]


def _read_value_options() -> set[str]:
    """The options of ``read`` that take a value (``--annotator``)."""
    probe = argparse.ArgumentParser(add_help=False)
    read.add_arguments(probe)
    return {flag for action in probe._actions if action.nargs != 0 for flag in action.option_strings}


def _unknown_command(argv: list[str]) -> str | None:
    """The error for a first word that is neither a command nor an existing path, naming the
    closest command ("bogus" is not read as a missing file called bogus)."""
    argv = _with_default_command(argv)
    if "read" not in argv:
        return None
    words, read_values = argv[argv.index("read") + 1 :], _read_value_options()
    word, i = None, 0
    while i < len(words) and word is None:
        if not words[i].startswith("-"):
            word = words[i]
        i += 2 if words[i] in read_values else 1
    if word is None or word == "-" or os.path.lexists(word) or os.sep in word or "." in word:
        return None
    names = [c.NAME for c in COMMANDS]
    close = difflib.get_close_matches(word, names, n=1, cutoff=0.6)
    hint = f"did you mean '{close[0]}'?" if close else f"commands: {', '.join(names)}"
    return f"{word}: not a command nor a file; {hint}"


def main(argv: list[str] | None = None) -> int:
    """Entry point of the ``quotelens`` console script."""
    argv = list(sys.argv[1:] if argv is None else argv)
    if "read" not in argv and (problem := _unknown_command(argv)):
        error(problem)
        return 2
    parser = build_parser()
    args = parser.parse_args(_with_default_command(argv))
    if not getattr(args, "run", None):
        parser.print_help()
        return 0
    if getattr(args, "model", None) is None:
        from tui.config import configured_model

        args.model = configured_model()
    try:
        return args.run(args)
    except (QuotelensError, ModelNotFound) as exc:
        error(str(exc))
        return 2
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:
        # The reader of our output went away (``quotelens extract … | head``): stop quietly,
        # with stdout pointed at /dev/null so the interpreter's final flush cannot fail too.
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 141  # 128 + SIGPIPE, as a shell reports a command killed by a closed pipe


if __name__ == "__main__":
    sys.exit(main())
