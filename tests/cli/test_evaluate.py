"""``quotelens evaluate``: scores against PolNeAR or our own gold JSONL, as a table or JSON."""
import json
from pathlib import Path

import orjson
import pytest

from corpus.polnear import gold_statements, load_split
from tui.cli import main

MINI = Path(__file__).parents[1] / "fixtures" / "polnear_mini"


def write_jsonl(path: Path, records: list[dict]) -> Path:
    path.write_bytes(b"".join(orjson.dumps(r) + b"\n" for r in records))
    return path


def gold_predictions(path: Path, keep=lambda i: True) -> Path:
    """A predictions file made from the mini corpus' gold (statements where keep(i))."""
    records = [
        {
            "id": a.stem,
            "statements": [s.to_dict() for i, s in enumerate(gold_statements(a)) if keep(i)],
        }
        for a in load_split(MINI, "dev")
    ]
    return write_jsonl(path, records)


def evaluate_json(capsys, *args: str) -> dict:
    assert main(["evaluate", *args, "--json"]) == 0
    return json.loads(capsys.readouterr().out)


def test_table_shows_every_metric_and_kind(tmp_path, capsys):
    pred = gold_predictions(tmp_path / "pred.jsonl")
    assert main(["evaluate", "--polnear", str(MINI), "--split", "dev", "--pred", str(pred)]) == 0
    out = capsys.readouterr().out
    assert out.splitlines()[0] == "PolNeAR dev: 3 articles, 11 gold, 11 predicted"
    for metric in ("strict ", "loose ", "strict_spk", "loose_spk"):
        [row] = [line for line in out.splitlines() if line.startswith(metric)]
        assert row.split()[1:] == ["1.000", "1.000", "1.000"]
    assert "speaker accuracy on matched: 1.000" in out
    for kind, gold in (("direct", "3"), ("mixed", "1"), ("indirect", "7")):
        [row] = [line for line in out.splitlines() if line.startswith(kind)]
        assert row.split()[1] == gold


@pytest.mark.corpus
def test_json_equals_the_reference_scorer(tmp_path, capsys, reference_scorer):
    pred = gold_predictions(tmp_path / "pred.jsonl", keep=lambda i: i % 2 == 0)
    ours = evaluate_json(capsys, "--polnear", str(MINI), "--pred", str(pred))
    reference = reference_scorer
    expected = reference.score(MINI, "dev", reference.read_preds(pred))
    assert ours == json.loads(json.dumps(expected))
    assert 0 < ours["loose"][1] < 1


@pytest.mark.model
def test_extractor_runs_on_the_texts_exactly_as_stored(tmp_path, capsys):
    saved = tmp_path / "saved.jsonl"
    result = evaluate_json(capsys, "--polnear", str(MINI), "-o", str(saved))
    records = [orjson.loads(line) for line in saved.read_bytes().splitlines()]
    texts = {a.stem: a.text for a in load_split(MINI, "dev")}
    assert {r["id"]: r["text"] for r in records} == texts
    assert result["pred"] == sum(len(r["statements"]) for r in records) > 0
    assert evaluate_json(capsys, "--polnear", str(MINI), "--pred", str(saved)) == result


@pytest.mark.corpus
@pytest.mark.parametrize(
    "keys",
    [
        lambda stem: {"id": f"{stem}.txt"},
        lambda stem: {"path": f"/somewhere/{stem}.txt"},
        lambda stem: {"source": f"texts/{stem}.txt"},
        lambda stem: {"id": "a1b2c3", "path": f"/somewhere/{stem}.txt"},  # id wins: no match
    ],
    ids=["id-with-suffix", "path", "source", "id-before-path"],
)
def test_predictions_are_matched_by_file_stem_as_the_reference_scorer_does(
    tmp_path, capsys, keys, reference_scorer
):
    records = [
        {**keys(a.stem), "statements": [s.to_dict() for s in gold_statements(a)]}
        for a in load_split(MINI, "dev")
    ]
    pred = write_jsonl(tmp_path / "pred.jsonl", records)
    ours = evaluate_json(capsys, "--polnear", str(MINI), "--pred", str(pred))
    reference = reference_scorer
    expected = json.loads(json.dumps(reference.score(MINI, "dev", reference.read_preds(pred))))
    assert ours == expected


def test_article_without_prediction_is_warned_about(tmp_path, capsys):
    first, *rest = load_split(MINI, "dev")
    pred = write_jsonl(tmp_path / "pred.jsonl", [{"id": a.stem, "statements": []} for a in rest])
    assert main(["evaluate", "--polnear", str(MINI), "--pred", str(pred), "--json"]) == 0
    err = capsys.readouterr().err
    assert f"warning: {first.stem}: no prediction for this article" in err
    assert not any(f"{a.stem}: no prediction" in err for a in rest)


GOLD_TEXT = (
    "\u201cWe open at dawn,\u201d baker Ines Moreau said. Neighbours said the smell woke them."
)


def span(part: str) -> dict:
    start = GOLD_TEXT.index(part)
    return {"start": start, "end": start + len(part), "text": part}


def test_gold_jsonl_is_matched_to_predictions_by_id(tmp_path, capsys):
    quote, moreau = span("\u201cWe open at dawn,\u201d"), span("Ines Moreau")
    reported, neighbours = span("the smell woke them"), span("Neighbours")
    gold = write_jsonl(tmp_path / "gold.jsonl", [
        {"id": "bakery", "text": GOLD_TEXT, "statements": [
            {"quote": [quote], "speaker": moreau},
            {"quote": [reported], "speaker": neighbours},
        ]},
        {"id": "empty", "text": "No one spoke.", "statements": []},
    ])
    pred = write_jsonl(tmp_path / "pred.jsonl", [
        {"id": "bakery", "statements": [{"quote": [quote], "speaker": neighbours}]},
    ])
    result = evaluate_json(capsys, "--gold", str(gold), "--pred", str(pred))
    assert (result["docs"], result["gold"], result["pred"]) == (2, 2, 1)
    assert result["loose"] == [1.0, 0.5, 0.667]
    assert result["loose_spk"] == [0.0, 0.0, 0.0]


def test_gold_jsonl_without_pred_is_a_one_line_error(tmp_path, capsys):
    gold = write_jsonl(tmp_path / "gold.jsonl", [{"id": "x", "text": "Hi.", "statements": []}])
    assert main(["evaluate", "--gold", str(gold)]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "--gold needs the predictions to score" in err


def test_prediction_made_on_another_text_is_warned_about(tmp_path, capsys):
    gold = write_jsonl(
        tmp_path / "gold.jsonl", [{"id": "x", "text": "Hi there.", "statements": []}]
    )
    pred = write_jsonl(tmp_path / "pred.jsonl", [{"id": "x", "text": "Hi.", "statements": []}])
    assert main(["evaluate", "--gold", str(gold), "--pred", str(pred)]) == 0
    assert "x: predicted on a different text than the gold one" in capsys.readouterr().err


def test_bad_prediction_line_names_file_and_line(tmp_path, capsys):
    pred = tmp_path / "pred.jsonl"
    pred.write_text('{"id": "a"}\n{not json\n', encoding="utf-8")
    assert main(["evaluate", "--polnear", str(MINI), "--pred", str(pred)]) == 2
    assert f"{pred}:2: not valid JSON" in capsys.readouterr().err


def test_missing_split_is_a_one_line_error(capsys):
    assert main(["evaluate", "--polnear", str(MINI), "--split", "test"]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "no PolNeAR split 'test'" in err


def test_saving_predictions_with_pred_is_a_one_line_error(tmp_path, capsys):
    pred = gold_predictions(tmp_path / "pred.jsonl")
    args = ["evaluate", "--polnear", str(MINI), "--pred", str(pred), "-o", str(tmp_path / "o")]
    assert main(args) == 2
    assert "-o saves the extractor's predictions" in capsys.readouterr().err
