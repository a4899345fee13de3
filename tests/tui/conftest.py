"""Fixtures for the reader's tests: the seed article and a pipeline loaded once per session."""
from __future__ import annotations

from pathlib import Path

import pytest

from annotators.models import resolve_model
from corpus.article import Article
from corpus.importers import read_article

SEED = Path(__file__).parents[2].parent / "shared/data/seed/seed-article.txt"
SIZE = (120, 40)


@pytest.fixture(scope="session")
def model() -> str:
    """The model the reader uses, loaded once so that each app reuses the cached pipeline."""
    from annotators.pipeline import load_pipeline

    name = resolve_model()
    load_pipeline(name)
    return name


@pytest.fixture
def seed() -> Article:
    """The seed article (Putin, Psaki and Nebenzia on Ukraine)."""
    return read_article(SEED)
