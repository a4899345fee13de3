"""Shared fixtures: one spaCy pipeline with the quotelens components for the whole session;
the ``model`` mark and a guard that keeps the model out of unmarked tests; ``corpus`` tests
fail where the shared data is missing."""
from __future__ import annotations

import os
from pathlib import Path

import pytest

SHARED = Path(__file__).resolve().parents[1].parent / "shared"


def pytest_runtest_setup(item: pytest.Item) -> None:
    """A ``corpus`` test fails, never skips, where ``../shared`` (PolNeAR, seed, scorer) is missing."""
    if item.get_closest_marker("corpus") and not (SHARED / "data").is_dir():
        pytest.fail(f"{SHARED / 'data'} is missing: corpus tests need the project's shared data", pytrace=False)


def pytest_xdist_auto_num_workers(config: pytest.Config) -> int:
    """``-n auto``: two workers per usable core. An app test spends about a third of its time
    waiting for the app to go idle, which another worker's test can use (bench/RESULTS.md,
    "Test suite")."""
    return 2 * len(os.sched_getaffinity(0))


@pytest.fixture(scope="session")
def reference_scorer():
    """The reference PolNeAR scorer, ``../shared/tools/polnear_score.py``, as a module."""
    import importlib.util

    spec = importlib.util.spec_from_file_location("polnear_score", SHARED / "tools" / "polnear_score.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


#: Fixtures that load the spaCy model.
MODEL_FIXTURES = {"nlp", "default_nlp", "model"}


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Tests that use a model fixture are marked ``model``."""
    for item in items:
        if set(getattr(item, "fixturenames", ())) & MODEL_FIXTURES:
            item.add_marker(pytest.mark.model)


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
    """The rules alone (``--model rules``) on the default spaCy model: the rule components'
    tests pin them, whatever the shipped scorer keeps (``load_pipeline`` is cached too)."""
    from annotators.pipeline import load_pipeline

    return load_pipeline("rules")


@pytest.fixture(scope="session")
def default_nlp():
    """The default pipeline: the rules' candidates judged by the shipped scorer."""
    from annotators.pipeline import load_pipeline

    return load_pipeline()


@pytest.fixture(autouse=True)
def private_library(tmp_path_factory, monkeypatch):
    """Every test gets its own library folder, never the user's."""
    folder = tmp_path_factory.mktemp("library")
    monkeypatch.setenv("QUOTELENS_LIBRARY", str(folder))
    monkeypatch.setenv("QUOTELENS_ANNOTATOR", "tester")
    return folder


@pytest.fixture(autouse=True)
def private_config(tmp_path, monkeypatch):
    """Every test reads its own config file (absent unless the test writes it), never the user's."""
    path = tmp_path / "config.toml"
    monkeypatch.setenv("QUOTELENS_CONFIG", str(path))
    return path
