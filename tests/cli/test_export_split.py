"""``quotelens export --split train|dev``: a seeded article hold-out for ``spacy train``."""
from __future__ import annotations

import orjson
import pytest

from corpus.article import article_id
from corpus.library import Library
from tui.cli import main
from tui.commands.export import is_held_out

TOWNS = ["Arden", "Brill", "Calder", "Dunmore", "Elswick", "Fenby", "Garth", "Holm", "Ilby", "Jarrow",
         "Kelso", "Lund", "Morley", "Nairn", "Otley", "Pell", "Quorn", "Rye", "Sedge", "Tarn"]


def _library(path, towns):
    with Library.open(path) as lib:
        for town in towns:
            text = f"The bridge in {town} will close for repairs, the mayor said."
            aid = article_id(text)
            quote = text[: text.index(",")]
            lib.import_article(
                {"id": aid, "title": town, "text": text, "source": "", "meta": {}},
                [{"id": f"{aid}-1", "article_id": aid, "quote": [{"start": 0, "end": len(quote), "text": quote}],
                  "kind": "indirect", "status": "accepted"}],
            )  # fmt: skip


def _exported(library, out, *options) -> set[str]:
    assert main(["export", "--library", str(library), "-f", "jsonl", "-o", str(out), *options]) == 0
    return {orjson.loads(line)["id"] for line in out.read_bytes().splitlines() if line.strip()}


def test_train_and_dev_split_the_articles_and_keep_their_side_as_the_library_grows(tmp_path):
    lib = tmp_path / "lib"
    _library(lib, TOWNS[:12])
    train = _exported(lib, tmp_path / "train.jsonl", "--split", "train", "--dev-share", "0.3", "--seed", "4")
    dev = _exported(lib, tmp_path / "dev.jsonl", "--split", "dev", "--dev-share", "0.3", "--seed", "4")
    everything = _exported(lib, tmp_path / "all.jsonl")
    assert train and dev and not train & dev and train | dev == everything
    assert dev == {a for a in everything if is_held_out(a, 0.3, 4)}

    _library(lib, TOWNS[12:])
    assert dev <= _exported(lib, tmp_path / "dev2.jsonl", "--split", "dev", "--dev-share", "0.3", "--seed", "4")
    other = _exported(lib, tmp_path / "dev3.jsonl", "--split", "dev", "--dev-share", "0.3", "--seed", "5")
    assert other != dev


def test_split_narrows_article_and_rejects_a_bad_share(tmp_path, capsys):
    lib = tmp_path / "lib"
    _library(lib, TOWNS[:12])
    dev = _exported(lib, tmp_path / "dev.jsonl", "--split", "dev", "--dev-share", "0.5")
    one_dev, = sorted(dev)[:1]
    one_train = sorted(_exported(lib, tmp_path / "train.jsonl", "--split", "train", "--dev-share", "0.5"))[0]
    picked = ["--article", one_dev, "--article", one_train]
    assert _exported(lib, tmp_path / "x.jsonl", "--split", "dev", "--dev-share", "0.5", *picked) == {one_dev}
    with pytest.raises(SystemExit) as exit:
        main(["export", "--library", str(lib), "-f", "jsonl", "-o", str(tmp_path / "y.jsonl"),
              "--split", "dev", "--dev-share", "1.5"])  # fmt: skip
    assert exit.value.code == 2
    assert "1.5: give a share between 0 and 1" in capsys.readouterr().err
