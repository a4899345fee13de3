"""Datasets and layers on the command line: ``import --dataset``, ``export --layer`` and
``--dataset``/``--exclude-dataset`` on export and agree."""
from __future__ import annotations

import orjson
import pytest

from corpus.article import article_id
from corpus.library import Library
from tui.cli import main

HARBOUR = (
    "The harbour board will raise mooring fees by a third, its chair said on Tuesday. "
    "“Nobody likes paying more,” said chair Rosa Lind."
)
MARKET = "The market will move to the square in May, the council said. “It is a good spot,” said Jo Ames."


def task(text: str, quotes: list[str], annotator: str, answer: str = "accept") -> bytes:
    spans = [{"start": text.index(q), "end": text.index(q) + len(q), "label": "QUOTE"} for q in quotes]
    return orjson.dumps({"text": text, "spans": spans, "answer": answer, "_annotator_id": annotator}) + b"\n"


@pytest.fixture
def library_root(tmp_path):
    """Harbour in train, market in dev; ana and ben each answered both."""
    root = tmp_path / "lib"
    files = {
        "train-ana": task(HARBOUR, ["“Nobody likes paying more,”"], "ana"),
        "train-ben": task(HARBOUR, ["“Nobody likes paying more,”"], "ben", "reject"),
        "dev-ana": task(MARKET, ["“It is a good spot,”"], "ana"),
        "dev-ben": task(MARKET, ["“It is a good spot,”", "The market will move to the square in May"], "ben"),
    }
    for name, line in files.items():
        path = tmp_path / f"{name}.jsonl"
        path.write_bytes(line)
        dataset = name.split("-")[0]
        assert main(["import", str(path), "--library", str(root), "--dataset", dataset]) == 0
    return root


def exported(root, tmp_path, *options) -> list[dict]:
    out = tmp_path / f"out-{len(list(tmp_path.iterdir()))}.jsonl"
    assert main(["export", "--library", str(root), "--format", "jsonl", "-o", str(out),
                 "--include-rejected", *options]) == 0  # fmt: skip
    return [orjson.loads(line) for line in out.read_bytes().splitlines()]


def test_import_puts_the_articles_in_the_dataset(library_root):
    with Library.open(library_root, readonly=True) as library:
        assert library.entry(article_id(HARBOUR)).datasets == ["train"]
        assert library.entry(article_id(MARKET)).datasets == ["dev"]


def test_export_picks_a_layer_and_datasets(library_root, tmp_path):
    [harbour] = exported(library_root, tmp_path, "--layer", "ben", "--dataset", "train")
    assert harbour["id"] == article_id(HARBOUR)
    assert [(s["annotator"], s["status"]) for s in harbour["statements"]] == [("ben", "rejected")]
    [market] = exported(library_root, tmp_path, "--layer", "ana", "--exclude-dataset", "train")
    assert [s["annotator"] for s in market["statements"]] == ["ana"]
    everything = exported(library_root, tmp_path)
    assert sum(len(a["statements"]) for a in everything) == 5  # every layer's records


def test_export_merged_layer_gives_one_version_per_statement(library_root, tmp_path):
    articles = exported(library_root, tmp_path, "--layer", "merged")
    ids = [s["id"] for a in articles for s in a["statements"]]
    assert len(ids) == len(set(ids)) == 3


def test_a_quote_sheet_holds_one_version_of_each_statement_unless_a_layer_is_chosen(library_root, tmp_path):
    def rows(*options) -> list[str]:
        out = tmp_path / "sheet.csv"
        assert main(["export", "--library", str(library_root), "--format", "csv", "-o", str(out),
                     "--include-rejected", "--force", *options]) == 0  # fmt: skip
        return out.read_text(encoding="utf-8").splitlines()[1:]

    merged = rows()  # the latest review of each: ben's rejection of "Nobody…" leaves it out
    assert len(merged) == len(set(merged)) == 2
    assert any("good spot" in row for row in merged) and any("square in May" in row for row in merged)
    assert any("Nobody likes paying more" in row for row in rows("--layer", "ana"))


def test_agree_on_one_dataset(library_root, capsys):
    assert main(["agree", "--library", str(library_root), "--json", "--dataset", "dev"]) == 0
    figures = orjson.loads(capsys.readouterr().out)
    assert [row["id"] for row in figures["articles"]] == [article_id(MARKET)]
    assert figures["overall"]["f1"]["loose"] == round(2 / 3, 4)  # ana {spot}, ben {spot, move}
    assert main(["agree", "--library", str(library_root), "--json", "--exclude-dataset", "dev"]) == 0
    figures = orjson.loads(capsys.readouterr().out)
    assert [row["id"] for row in figures["articles"]] == [article_id(HARBOUR)]
    assert figures["overall"]["f1"]["loose"] == 0.0  # ben rejected what ana kept


def test_a_bad_dataset_name_is_a_one_line_error(tmp_path, capsys):
    path = tmp_path / "a.jsonl"
    path.write_bytes(task(HARBOUR, ["“Nobody likes paying more,”"], "ana"))
    assert main(["import", str(path), "--library", str(tmp_path / "lib"), "--dataset", "a,b"]) == 1
    err = capsys.readouterr().err
    assert "dataset name 'a,b'" in err and "Traceback" not in err
