"""Fixtures for the reader's tests: the seed article and a pipeline loaded once per session."""
from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from annotators.models import resolve_model
from corpus.article import Article
from corpus.importers import read_article
from services.parser_process import PARSER

SEED = Path(__file__).parents[2].parent / "shared/data/seed/seed-article.txt"
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
    """The seed article (Putin, Psaki and Nebenzia on Ukraine)."""
    return read_article(SEED)


@pytest.fixture(autouse=True)
def private_config(tmp_path, monkeypatch) -> Path:
    """Every test reads its own config file (absent unless the test writes it)."""
    path = tmp_path / "config.toml"
    monkeypatch.setenv("QUOTELENS_CONFIG", str(path))
    return path
