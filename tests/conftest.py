"""Shared fixtures: one spaCy pipeline with the quotelens components for the whole session;
the ``model`` and ``corpus`` marks, and a guard that keeps the model out of unmarked tests."""
from __future__ import annotations

import pytest

#: Fixtures that load the spaCy model, and the one that reads ../shared/data.
MODEL_FIXTURES = {"nlp", "model"}
CORPUS_FIXTURES = {"seed"}


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Mark tests by the fixtures they use: ``model`` (spaCy), ``corpus`` (shared data)."""
    for item in items:
        fixtures = set(getattr(item, "fixturenames", ()))
        if fixtures & MODEL_FIXTURES:
            item.add_marker(pytest.mark.model)
        if fixtures & CORPUS_FIXTURES:
            item.add_marker(pytest.mark.corpus)


@pytest.fixture(autouse=True)
def model_only_when_marked(request, monkeypatch):
    """A test not marked ``model`` that loads the spaCy model (here or in the parser
    process) fails, so ``-m "not model"`` runs really run without it."""
    if request.node.get_closest_marker("model"):
        return

    def refuse(*args, **kwargs):
        raise AssertionError("this test loads the spaCy model: mark it @pytest.mark.model")

    monkeypatch.setattr("annotators.pipeline.load_pipeline", refuse)
    monkeypatch.setattr("services.parser_process.PARSER.start", refuse)
    monkeypatch.setattr("services.parser_process.PARSER.parse", refuse)


@pytest.fixture(scope="session")
def nlp():
    """The default model with quotelens components (``load_pipeline`` is cached too)."""
    from annotators.pipeline import load_pipeline

    return load_pipeline()


@pytest.fixture(autouse=True)
def private_library(tmp_path_factory, monkeypatch):
    """Every test gets its own library folder, never the user's."""
    folder = tmp_path_factory.mktemp("library")
    monkeypatch.setenv("QUOTELENS_LIBRARY", str(folder))
    monkeypatch.setenv("QUOTELENS_ANNOTATOR", "tester")
    return folder
