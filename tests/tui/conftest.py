"""Fixtures for the reader's tests: our test article and a pipeline loaded once per session."""
from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from annotators.models import resolve_model
from corpus.article import Article
from corpus.importers import read_article
from tui.screens.statement_source import PARSER

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
def seed() -> Article:
    """Our test article (Lindqvist, Okafor and Castellano on a harbour treaty)."""
    return read_article(SEED)


@pytest.fixture(autouse=True)
def private_config(tmp_path, monkeypatch) -> Path:
    """Every test reads its own config file (absent unless the test writes it)."""
    path = tmp_path / "config.toml"
    monkeypatch.setenv("QUOTELENS_CONFIG", str(path))
    return path
