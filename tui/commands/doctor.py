"""``quotelens doctor``: versions, the model in use, where data and settings are kept."""
from __future__ import annotations

import argparse
import platform
import sys
from importlib import metadata

import json
import os

from annotators.models import base_model, model_version, resolve_model, split_rules
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
    say(f"model: {resolve_model(args.model)} {model_version(base_model(args.model))}{_reads_with(args.model)}")
    say(f"library: {resolve_library_path(args.library)}")
    try:
        from tui.app import check_config

        check_config(load_config())
    except ConfigError as exc:
        say(f"config: not valid: {exc}")
        return 1
    say(f"config: {config_path()}")
    return 0


def _reads_with(choice: str | None) -> str:
    """What quotelens adds to the spaCy model: the shipped scorer, unless the choice is the
    rules alone or a model folder (a trained one brings its own scorer)."""
    from annotators.pipeline import shipped_scorer

    rules, name = split_rules(choice)
    folder = shipped_scorer()
    if rules or folder is None or (name and os.path.isdir(name)):
        return ""
    version = json.loads((folder / "settings.json").read_text(encoding="utf-8"))["version"]
    return f" + shipped scorer {version} (--model rules: the rules alone)"
