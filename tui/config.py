"""The user's settings: annotator name, the label set and remapped keys, from a TOML file.

The file is ``config.toml`` in the user config folder (platformdirs), or the path in
$QUOTELENS_CONFIG. A missing file means defaults. Example::

    annotator = "Ana Ruiz"
    model = "~/models/ours"     # default for --model (e.g. a `quotelens train` folder)
    labels = ["claim", "accusation", "denial", "threat", "promise", "opinion", "needs-check"]
    theme = "textual-light"     # any Textual theme (the command palette switches; remembered)
    panels = false              # the reader's speakers and statements panels (t; remembered)

    [keys]                      # binding id = key(s), comma separated (see ? in the reader)
    "reader.accept" = "A"
    "reader.undo" = "u,ctrl+z"

The label set lives here, with the person, not in the library: labels a statement already
carries stay shown and stored even if they leave the set.
"""
from __future__ import annotations

import os
import tomllib
from dataclasses import dataclass, field
from pathlib import Path

from corpus.atomic import WriteError, atomic_write
from corpus.errors import QuotelensError
from corpus.schema import DEFAULT_LABELS

CONFIG_ENV = "QUOTELENS_CONFIG"
MAX_LABELS = 9  # keys 1-9


class ConfigError(QuotelensError):
    """The config file cannot be read or holds a wrong value; one line naming the file."""


@dataclass(frozen=True)
class Config:
    """Settings for the reader; ``path`` is where they were read from."""

    annotator: str | None = None
    labels: tuple[str, ...] = DEFAULT_LABELS
    keys: dict[str, str] = field(default_factory=dict)
    advance: bool = False  # after accept/reject, select the next unreviewed statement
    theme: str | None = None
    panels: bool = True
    path: Path | None = None
    model: str | None = None


def config_path() -> Path:
    """$QUOTELENS_CONFIG, else ``config.toml`` in the user config folder."""
    env = os.environ.get(CONFIG_ENV)
    if env:
        return Path(env).expanduser()
    from platformdirs import user_config_dir

    return Path(user_config_dir("quotelens")) / "config.toml"


def load_config(path: Path | None = None) -> Config:
    """Read the config file (defaults when it does not exist); ConfigError if it is wrong."""
    path = path or config_path()
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        return Config(path=path)
    except (OSError, UnicodeDecodeError) as exc:
        raise ConfigError(f"{path}: cannot read the config file ({exc})") from None
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"{path}: not valid TOML ({exc})") from None
    unknown = set(data) - {"annotator", "labels", "keys", "model", "advance", "theme", "panels"}
    if unknown:
        raise ConfigError(f"{path}: unknown setting {', '.join(sorted(unknown))}")
    annotator = data.get("annotator")
    if annotator is not None and (not isinstance(annotator, str) or not annotator.strip()):
        raise ConfigError(f"{path}: annotator must be a non-empty string")
    model = data.get("model")
    if model is not None and (not isinstance(model, str) or not model.strip()):
        raise ConfigError(f"{path}: model must be a spaCy package name or a model folder")
    labels = data.get("labels", list(DEFAULT_LABELS))
    if (
        not isinstance(labels, list)
        or not all(isinstance(label, str) and label.strip() for label in labels)
        or len(set(labels)) != len(labels)
    ):
        raise ConfigError(f"{path}: labels must be a list of distinct non-empty strings")
    if len(labels) > MAX_LABELS:
        raise ConfigError(f"{path}: at most {MAX_LABELS} labels (keys 1-9), found {len(labels)}")
    keys = data.get("keys", {})
    if not isinstance(keys, dict) or not all(
        isinstance(v, str) and v.strip() for v in keys.values()
    ):
        raise ConfigError(f"{path}: [keys] maps binding ids to key names, e.g. \"reader.accept\" = \"A\"")
    advance = data.get("advance", False)
    if not isinstance(advance, bool):
        raise ConfigError(f"{path}: advance must be true or false")
    theme = data.get("theme")
    if theme is not None and (not isinstance(theme, str) or not theme.strip()):
        raise ConfigError(f"{path}: theme must be the name of a theme, e.g. \"textual-light\"")
    panels = data.get("panels", True)
    if not isinstance(panels, bool):
        raise ConfigError(f"{path}: panels must be true or false")
    return Config(
        advance=advance,
        annotator=annotator.strip() if annotator else None,
        labels=tuple(label.strip() for label in labels),
        keys={str(k): v.replace(" ", "") for k, v in keys.items()},
        theme=theme.strip() if theme else None,
        panels=panels,
        path=path,
        model=os.path.expanduser(model.strip()) if model else None,
    )


def configured_model() -> str | None:
    """The config file's ``model`` (the default for ``--model``); None when there is none or
    the file is wrong (the commands that use the config report that themselves)."""
    try:
        return load_config().model
    except ConfigError:
        return None


def save_setting(path: Path, name: str, value: str | bool) -> None:
    """Set one top-level setting in the config file, keeping the rest of it as written
    (comments included); the file is created if missing. ConfigError if it cannot be written."""
    import tomlkit

    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        text = ""
    except (OSError, UnicodeDecodeError) as exc:
        raise ConfigError(f"{path}: cannot read the config file ({exc})") from None
    try:
        document = tomlkit.parse(text)
    except tomlkit.exceptions.TOMLKitError as exc:
        raise ConfigError(f"{path}: not valid TOML ({exc})") from None
    document[name] = value
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        atomic_write(path, tomlkit.dumps(document).encode("utf-8"))  # a crash keeps the old file
    except (OSError, WriteError) as exc:
        raise ConfigError(f"{path}: cannot write the config file ({exc})") from None


def check_theme(config: Config, themes: set[str]) -> None:
    """ConfigError if the config names a theme the app does not have."""
    if config.theme is not None and config.theme not in themes:
        raise ConfigError(
            f"{config.path}: unknown theme {config.theme!r} (one of {', '.join(sorted(themes))})"
        )


def check_key_ids(config: Config, known: set[str]) -> None:
    """ConfigError if ``[keys]`` names a binding id the app does not have."""
    unknown = sorted(set(config.keys) - known)
    if unknown:
        raise ConfigError(
            f"{config.path}: [keys] has unknown binding id {', '.join(unknown)} "
            "(the help, ?, lists the ids)"
        )
