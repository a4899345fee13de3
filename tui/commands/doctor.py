"""``quotelens doctor``: versions, the model in use, where data and settings are kept."""
from __future__ import annotations

import argparse
import platform
import sys
from importlib import metadata

from annotators.models import base_model, model_version, resolve_model
from corpus.paths import resolve_library_path
from tui.config import ConfigError, config_path, load_config
from tui.console import say

NAME = "doctor"
HELP = "print versions, the spaCy model in use, where data and settings are kept"
PACKAGES = ("quotelens", "textual", "spacy", "tinydb", "pyperclip", "orjson", "trafilatura")


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """No options beyond the common ones."""


def run(args: argparse.Namespace) -> int:
    """Print one ``name: value`` line per fact; 1 if the config file is not valid."""
    print(f"python: {platform.python_version()} ({sys.executable})")
    for name in PACKAGES:
        try:
            print(f"{name}: {metadata.version(name)}")
        except metadata.PackageNotFoundError:
            print(f"{name}: not installed")
    model = resolve_model(args.model)
    say(f"model: {model} {model_version(base_model(args.model))}")
    say(f"library: {resolve_library_path(args.library)}")
    try:
        from tui.app import check_config

        check_config(load_config())
    except ConfigError as exc:
        say(f"config: not valid: {exc}")
        return 1
    say(f"config: {config_path()}")
    return 0
