"""Our scorer gives the figures of the reference scorer (shared/tools/polnear_score.py)."""
import json
from pathlib import Path

import pytest

from corpus.evaluation import evaluate
from corpus.polnear import gold_statements, load_split, scoring_case

pytestmark = pytest.mark.corpus  # the reference scorer lives in ../shared/tools

MINI = Path(__file__).parents[1] / "fixtures" / "polnear_mini"
SHARED = Path(__file__).parents[2].parent / "shared"
POLNEAR = SHARED / "data" / "polnear"


def ours(root: Path, predictions: dict) -> dict:
    cases = (scoring_case(a, predictions.get(a.stem, [])) for a in load_split(root, "dev"))
    return evaluate(cases).to_dict()


def reference(scorer, root: Path, predictions: dict) -> dict:
    # JSON round trip: the reference returns tuples where we return lists.
    return json.loads(json.dumps(scorer.score(root, "dev", predictions)))


def gold_records(article) -> list[dict]:
    return [s.to_dict() for s in gold_statements(article)]


def perfect(article) -> list[dict]:
    return gold_records(article)


def partial(article) -> list[dict]:
    """Every other statement, with its quote cut to its first 60 %."""
    out = []
    for record in gold_records(article)[::2]:
        first = record["quote"][0]
        cut = first["start"] + (first["end"] - first["start"]) * 3 // 5
        out.append(record | {"quote": [[first["start"], cut]]})
    return out


def wrong_speaker(article) -> list[dict]:
    """Speakers moved onto the cue (and a speaker given where gold has none)."""
    return [r | {"speaker": r["cue"]} for r in gold_records(article)]


def split_quotes(article) -> list[dict]:
    """Each segment of a quote as its own statement, in [start, end] list form."""
    return [
        {"quote": [s["start"], s["end"]], "speaker": r["speaker"]}
        for r in gold_records(article)
        for s in r["quote"]
    ]


def rejected(article) -> list[dict]:
    """Perfect statements, every second one rejected, plus a rejected stray one."""
    records = gold_records(article)
    out = [r | {"status": "rejected"} if i % 2 else r for i, r in enumerate(records)]
    return out + [{"quote": [{"start": 0, "end": 20}], "speaker": None, "status": "rejected"}]


def no_speakers(article) -> list[dict]:
    """Right quotes, no speaker anywhere: right only for no-source gold."""
    return [r | {"speaker": None} for r in gold_records(article)]


def overlapping_guesses(article) -> list[dict]:
    """Windows sliding over the text: many partial, competing overlaps."""
    n = len(article.text)
    return [{"quote": [[s, min(n, s + 70)]], "speaker": [s + 70, s + 80]} for s in range(0, n, 45)]


PREDICTION_SETS = [perfect, partial, wrong_speaker, split_quotes, rejected, no_speakers,
                   overlapping_guesses]


@pytest.mark.parametrize("make", PREDICTION_SETS, ids=lambda f: f.__name__)
def test_agrees_with_reference_on_mini_corpus(make, reference_scorer):
    predictions = {a.stem: make(a) for a in load_split(MINI, "dev")}
    assert ours(MINI, predictions) == reference(reference_scorer, MINI, predictions)


def test_agrees_with_reference_when_articles_have_no_predictions(reference_scorer):
    assert ours(MINI, {}) == reference(reference_scorer, MINI, {})


@pytest.mark.parametrize("make", [perfect, partial, split_quotes], ids=lambda f: f.__name__)
def test_agrees_with_reference_on_polnear_dev(make, reference_scorer):
    predictions = {a.stem: make(a) for a in load_split(POLNEAR, "dev")}
    result = ours(POLNEAR, predictions)
    assert result == reference(reference_scorer, POLNEAR, predictions)
    if make is perfect:
        assert result["loose_spk"] == [1.0, 1.0, 1.0] and result["gold"] == 2192
