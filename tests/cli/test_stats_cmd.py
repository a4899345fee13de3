"""``quotelens stats`` on a library whose figures were counted by hand (see ``library_root``)."""
from __future__ import annotations

import orjson
import pytest

from corpus.article import article_id
from corpus.library import Library
from tui.cli import main

HARBOUR = (
    "The harbour board will raise mooring fees, its chair said. "
    "“Nobody likes paying more,” said chair Rosa Lind. "
    "“The pier is falling apart,” said Tom Reed."
)
MARKET = "The market will move to the square in May, the council said. “It is a good spot,” said Jo Ames."
BRIDGE = "“The bridge opens on Friday,” said engineer Mia Holt."


def statement(text: str, sid: str, quote: str, status: str, annotator: str | None,
              day: str, labels=(), origin: str = "model") -> dict:  # fmt: skip
    start = text.index(quote)
    return {
        "id": sid, "article_id": article_id(text),
        "quote": [{"start": start, "end": start + len(quote), "text": quote}],
        "cue": None, "speaker": None, "speaker_name": None, "kind": "direct",
        "labels": list(labels), "status": status, "origin": origin, "confidence": 0.5,
        "model": "m-1" if origin == "model" else None, "annotator": annotator, "note": "",
        "created_at": "2026-11-01T09:00:00.000+00:00", "updated_at": f"{day}T10:00:00.000+00:00",
    }  # fmt: skip


def line(text: str, title: str, statements: list[dict]) -> bytes:
    record = {"id": article_id(text), "title": title, "text": text, "source": f"{title}.txt",
              "meta": {}, "model": "m-1", "status": "in_progress", "statements": statements}  # fmt: skip
    return orjson.dumps(record) + b"\n"


@pytest.fixture
def library_root(tmp_path):
    """Harbour (train): h1 ana accepted [claim] on 2 Nov; h2 ana rejected on 2 Nov, ben
    accepted [claim, threat] on 3 Nov (the later review is the merged one); h3 untouched.
    Market (dev): m1 added by ben [denial] on 3 Nov; m2 untouched. Bridge (no dataset): b1
    untouched. By hand: 3 articles, 6 statements, 3 reviewed (predicted 3, accepted 2, added
    1); labels claim 2, denial 1, threat 1; ana 1 article 2 records, ben 2 articles 2
    records; 2 reviews on 2 Nov and 2 on 3 Nov."""
    H, M, B = HARBOUR, MARKET, BRIDGE
    day1, day2 = "2026-11-02", "2026-11-03"
    harbour = [
        statement(H, "h1", "“Nobody likes paying more,”", "predicted", None, day1),
        statement(H, "h1", "“Nobody likes paying more,”", "accepted", "ana", day1, ["claim"]),
        statement(H, "h2", "“The pier is falling apart,”", "predicted", None, day1),
        statement(H, "h2", "“The pier is falling apart,”", "rejected", "ana", day1),
        statement(H, "h2", "“The pier is falling apart,”", "accepted", "ben", day2, ["claim", "threat"]),
        statement(H, "h3", "The harbour board will raise mooring fees", "predicted", None, day1),
    ]  # fmt: skip
    market = [
        statement(M, "m1", "“It is a good spot,”", "added", "ben", day2, ["denial"], origin="human"),
        statement(M, "m2", "The market will move to the square in May", "predicted", None, day1),
    ]
    bridge = [statement(B, "b1", "“The bridge opens on Friday,”", "predicted", None, day1)]
    root = tmp_path / "lib"
    # one file per article and layer: an article's line holds a statement id once
    files = [
        ("harbour", H, "Harbour fees", [r for r in harbour if r["annotator"] is None], "train"),
        ("harbour-ana", H, "Harbour fees", [r for r in harbour if r["annotator"] == "ana"], None),
        ("harbour-ben", H, "Harbour fees", [r for r in harbour if r["annotator"] == "ben"], None),
        ("market", M, "Market move", market, "dev"),
        ("bridge", B, "Bridge opens", bridge, None),
    ]
    for name, text, title, statements, dataset in files:
        path = tmp_path / f"{name}.jsonl"
        path.write_bytes(line(text, title, statements))
        extra = ["--dataset", dataset] if dataset else []
        assert main(["import", str(path), "--library", str(root), *extra]) == 0
    return root


def stats_json(root, capsys, *options) -> dict:
    capsys.readouterr()
    assert main(["stats", "--library", str(root), "--json", *options]) == 0
    return orjson.loads(capsys.readouterr().out)


def test_stats_counts_articles_statements_and_statuses(library_root, capsys):
    figures = stats_json(library_root, capsys)
    assert (figures["articles"], figures["statements"], figures["reviewed"]) == (3, 6, 3)
    assert figures["by_status"] == {"predicted": 3, "accepted": 2, "corrected": 0, "added": 1,
                                    "rejected": 0, "ignored": 0}  # fmt: skip


def test_stats_counts_labels_of_the_merged_version(library_root, capsys):
    assert stats_json(library_root, capsys)["by_label"] == {"claim": 2, "denial": 1, "threat": 1}


def test_stats_counts_each_annotators_layer_and_each_dataset(library_root, capsys):
    figures = stats_json(library_root, capsys)
    assert figures["by_annotator"] == {
        "ana": {"articles": 1, "statements": 2, "reviewed": 2},
        "ben": {"articles": 2, "statements": 2, "reviewed": 2},
    }
    assert figures["by_dataset"] == {
        "dev": {"articles": 1, "statements": 2, "reviewed": 1},
        "train": {"articles": 1, "statements": 3, "reviewed": 2},
    }
    assert figures["no_dataset"] == {"articles": 1, "statements": 1, "reviewed": 0}


def test_stats_counts_review_decisions_per_day(library_root, capsys):
    assert stats_json(library_root, capsys)["reviewed_per_day"] == {"2026-11-02": 2, "2026-11-03": 2}


def test_stats_dataset_options_pick_articles(library_root, capsys):
    train = stats_json(library_root, capsys, "--dataset", "train")
    assert (train["articles"], train["statements"], train["reviewed"]) == (1, 3, 2)
    assert train["reviewed_per_day"] == {"2026-11-02": 2, "2026-11-03": 1}
    rest = stats_json(library_root, capsys, "--exclude-dataset", "train")
    assert (rest["articles"], rest["statements"], rest["reviewed"]) == (2, 3, 1)
    assert rest["by_annotator"] == {"ben": {"articles": 1, "statements": 1, "reviewed": 1}}


def test_stats_prints_tables_and_a_bar_per_day(library_root, capsys):
    capsys.readouterr()
    assert main(["stats", "--library", str(library_root)]) == 0
    out = capsys.readouterr().out
    assert "articles: 3 · statements: 6 · reviewed: 3" in out
    rows = {line.split()[0]: line.split()[1:] for line in out.splitlines() if line.strip()}
    assert rows["accepted"] == ["2"] and rows["claim"] == ["2"]
    assert rows["ben"] == ["2", "2", "2"] and rows["train"] == ["1", "3", "2"]
    assert rows["(no"] == ["dataset)", "1", "1", "0"]
    assert rows["2026-11-02"] == ["2", "█" * 30] and rows["2026-11-03"] == ["2", "█" * 30]
    assert max(map(len, out.splitlines())) <= 80


def test_stats_of_an_empty_library_says_so(tmp_path, capsys):
    Library.open(tmp_path / "empty").close()
    assert main(["stats", "--library", str(tmp_path / "empty")]) == 0
    out = capsys.readouterr().out
    assert "articles: 0 · statements: 0 · reviewed: 0" in out and "(no reviews yet)" in out

