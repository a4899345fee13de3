"""Fixtures for the app's tests: our test article and a pipeline loaded once per session, or
the stub parser (tests/stub_parser.py) for tests that need no model."""
from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from textual.app import App
from textual.screen import Screen

from annotators.models import resolve_model
from corpus.article import Article
from corpus.importers import read_article
from services.parser_process import PARSER

from .. import stub_parser as stub

SEED = Path(__file__).parents[1] / "fixtures/articles/harbour-treaty-talks.txt"
SIZE = (120, 40)


@pytest.fixture(scope="session")
def model() -> Iterator[str]:
    """The model the reader uses, loaded once in the parser process that every app shares."""
    name = resolve_model()
    PARSER.parse(name, "“It is ready,” the engineer said.", cancelled=lambda: False)
    yield name
    PARSER.stop()


@pytest.fixture
def stub_parser(monkeypatch) -> str:
    """The parser process replaced by the stub parser; the model name to give the app."""
    monkeypatch.setattr(PARSER, "start", lambda model: None)
    monkeypatch.setattr(PARSER, "parse", stub.parse)
    return stub.MODEL


@pytest.fixture
def seed() -> Article:
    """Our test article (Lindqvist, Okafor and Castellano on a harbour treaty)."""
    return read_article(SEED)


@pytest.fixture(autouse=True)
def private_config(tmp_path, monkeypatch) -> Path:
    """Every test reads its own config file (absent unless the test writes it)."""
    path = tmp_path / "config.toml"
    monkeypatch.setenv("QUOTELENS_CONFIG", str(path))
    return path


@dataclass(frozen=True)
class Notice:
    """A notification as the app sent it."""

    message: str
    title: str
    severity: str
    markup: bool


@pytest.fixture(autouse=True)
def record_notifications(monkeypatch) -> None:
    """Every notification an app sends is kept, in order, for ``notices(app)``."""
    send = App.notify

    def notify(self, message, *, title="", severity="information", timeout=None, markup=True):
        self.__dict__.setdefault("_test_notices", []).append(Notice(message, title, severity, markup))
        return send(self, message, title=title, severity=severity, timeout=timeout, markup=markup)

    monkeypatch.setattr(App, "notify", notify)


def notices(app: App) -> list[Notice]:
    """The notifications ``app`` has sent, oldest first."""
    return list(app.__dict__.get("_test_notices", []))


def footer_keys(screen: Screen) -> dict[str, str]:
    """Key -> description of what the footer offers: the first key of each action shown."""
    shown: dict[str, tuple[str, str]] = {}
    for active in screen.active_bindings.values():
        if active.binding.show:
            shown.setdefault(active.binding.action, (active.binding.key, active.binding.description))
    return dict(shown.values())
