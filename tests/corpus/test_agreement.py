"""Agreement between annotators (corpus.agreement, ``quotelens agree``): checked against
published figures and a library worked out by hand."""
from __future__ import annotations

import math

import orjson
import pytest

from corpus.agreement import ArticleLayers, agreement, cohen_kappa, krippendorff_alpha
from corpus.article import Article
from corpus.library import Library
from tui.cli import main

NAN = math.nan


def units(rows: list[list[float]]) -> list[list[float]]:
    """Reliability data (one row per rater, nan: no value) as the values of each unit."""
    return [[v for v in column if not math.isnan(v)] for column in zip(*rows)]


def test_cohen_kappa_of_the_textbook_example():
    # Wikipedia, "Cohen's kappa", first worked example: 20 yes/yes, 5 yes/no, 10 no/yes,
    # 15 no/no; p_o = 0.7, p_e = 0.5, kappa = 0.4
    pairs = [("y", "y")] * 20 + [("y", "n")] * 5 + [("n", "y")] * 10 + [("n", "n")] * 15
    assert cohen_kappa(pairs) == pytest.approx(0.4)
    assert cohen_kappa([]) is None


def test_krippendorff_alpha_of_the_krippendorff_package_example():
    # the documented example of the krippendorff package (nominal: 0.691358)
    rows = [
        [NAN, NAN, NAN, NAN, NAN, 3, 4, 1, 2, 1, 1, 3, 3, NAN, 3],
        [1, NAN, 2, 1, 3, 3, 4, 3, NAN, NAN, NAN, NAN, NAN, NAN, NAN],
        [NAN, NAN, 2, 1, 3, 4, 4, NAN, 2, 1, 1, 3, 3, NAN, 4],
    ]
    assert round(krippendorff_alpha(units(rows)), 6) == 0.691358


def test_krippendorff_alpha_of_krippendorffs_own_example():
    # Krippendorff (2011), "Computing Krippendorff's alpha-reliability", section C:
    # four observers, twelve units, nominal alpha = 0.743
    rows = [
        [1, 2, 3, 3, 2, 1, 4, 1, 2, NAN, NAN, NAN],
        [1, 2, 3, 3, 2, 2, 4, 1, 2, 5, NAN, 3],
        [NAN, 3, 3, 3, 2, 3, 4, 2, 2, 5, 1, NAN],
        [1, 2, 3, 3, 2, 4, 4, 1, 2, 5, 1, NAN],
    ]
    assert round(krippendorff_alpha(units(rows)), 3) == 0.743
    assert krippendorff_alpha([["a"], []]) is None  # nothing pairable


BUDGET = (
    "The county will cut the roads budget by a tenth, the treasurer said on Monday. "
    "“We have no other choice this year,” said treasurer Ida Berg. "
    "Union leaders said the cuts would cost forty jobs. "
    "“Potholes will not wait for a better year,” said driver Sam Okoro."
)
QUOTES = [
    "The county will cut the roads budget by a tenth",
    "“We have no other choice this year,”",
    "the cuts would cost forty jobs",
    "“Potholes will not wait for a better year,”",
]
PARKS = "The parks will open an hour later in winter, the council said."


def span(text: str, part: str) -> dict:
    start = text.index(part)
    return {"start": start, "end": start + len(part), "text": part}


def suggestion(text: str, part: str) -> dict:
    return {"quote": [span(text, part)], "cue": None, "speaker": None, "speaker_name": None,
            "kind": "direct", "confidence": 0.9}  # fmt: skip


@pytest.fixture
def library(tmp_path):
    """Worked by hand. Budget: ana accepts Q1 (label claim) and Q2, rejects Q3; ben accepts
    Q1 with a speaker (labels claim), rejects Q2 and Q3, adds Q4 (label claim). Parks: both
    accept the one suggestion."""
    with Library.open(tmp_path / "lib", annotator="lead") as lib:
        budget = lib.add_article(Article(title="Roads budget", text=BUDGET, source="b.txt")).id
        q1, q2, q3 = (s["id"] for s in lib.save_parse(budget, [suggestion(BUDGET, q) for q in QUOTES[:3]], "m"))
        lib.update_statement(budget, q1, {"status": "accepted", "labels": ["claim"]}, "ana")
        lib.update_statement(budget, q2, {"status": "accepted"}, "ana")
        lib.update_statement(budget, q3, {"status": "rejected"}, "ana")
        lib.update_statement(budget, q1, {"speaker": span(BUDGET, "the treasurer"), "labels": ["claim"]}, "ben")
        lib.update_statement(budget, q2, {"status": "rejected"}, "ben")
        lib.update_statement(budget, q3, {"status": "rejected"}, "ben")
        lib.add_statement(budget, {"quote": [span(BUDGET, QUOTES[3])], "labels": ["claim"]}, "ben")
        parks = lib.add_article(Article(title="Parks", text=PARKS, source="p.txt")).id
        [p1] = lib.save_parse(parks, [suggestion(PARKS, "The parks will open an hour later in winter")], "m")
        for name in ("ana", "ben"):
            lib.update_statement(parks, p1["id"], {"status": "accepted"}, name)
        yield lib, budget, parks


def figures(lib: Library, ids=None) -> dict:
    return agreement(
        ArticleLayers.of(a, r)
        for a, r in lib.iter_article_records((lambda e: e.id in ids) if ids else None)
    )


def test_pair_figures_match_the_hand_worked_library(library):
    lib, budget, _ = library
    result = figures(lib, {budget})
    [pair] = result["pairs"]
    assert pair["annotators"] == ["ana", "ben"]
    # kept: ana {Q1, Q2}, ben {Q1, Q4}; Q1 matches: P = R = 1/2
    assert pair["f1"]["loose"] == pair["f1"]["strict"] == 0.5
    assert pair["f1"]["loose_spk"] == 0.0  # ben gave Q1 a speaker, ana none
    # decisions on Q1, Q2, Q3: (accept, accept), (accept, reject), (reject, reject)
    # p_o = 2/3, p_e = (2*1 + 1*2)/9 = 4/9, kappa = (2/9) / (5/9) = 0.4
    assert pair["decisions"] == 3 and pair["kappa"] == 0.4
    # alpha: o_aa = o_rr = 2, o_ar = o_ra = 1, n = 6: 1 - 5 * 2 / (3 * 3 * 2) = 4/9
    assert result["overall"]["alpha"] == round(4 / 9, 4)
    # claim: ana {Q1}, ben {Q1, Q4}: P = 1/2, R = 1, F1 = 2/3
    assert pair["labels"] == {"claim": round(2 / 3, 4)}


def test_articles_are_listed_worst_first_and_pooled_overall(library):
    lib, budget, parks = library
    result = figures(lib)
    assert [row["id"] for row in result["articles"]] == [budget, parks]
    assert [row["f1"]["loose"] for row in result["articles"]] == [0.5, 1.0]
    # pooled: ana {Q1, Q2, P1}, ben {Q1, Q4, P1}: 2 matches of 3 each
    assert result["overall"]["f1"]["loose"] == round(2 / 3, 4)
    assert result["overall"]["decisions"] == 4


def test_three_annotators_give_every_pair_and_one_alpha(library):
    lib, budget, _ = library
    q1, q2, q3 = (s["id"] for s in lib.statements(budget, "cleo"))
    for sid in (q1, q2, q3):
        lib.update_statement(budget, sid, {"status": "rejected"}, "cleo")
    result = figures(lib, {budget})
    assert [p["annotators"] for p in result["pairs"]] == [["ana", "ben"], ["ana", "cleo"], ["ben", "cleo"]]
    # units: Q1 (a, a, r), Q2 (a, r, r), Q3 (r, r, r): o_aa = 1, o_ar = o_ra = 2, o_rr = 4
    # n_a = 3, n_r = 6, n = 9: alpha = 1 - 8 * 4 / (3 * 6 * 2) = 1 - 32/36
    assert result["overall"]["alpha"] == round(1 - 32 / 36, 4)


def test_agree_command_prints_tables_and_json(library, capsys):
    lib, budget, parks = library
    root = lib.root
    lib.close()
    assert main(["agree", "--library", str(root), "--json", "--article", budget]) == 0
    printed = orjson.loads(capsys.readouterr().out)
    assert [row["id"] for row in printed["articles"]] == [budget]
    assert main(["agree", "--library", str(root)]) == 0
    out = capsys.readouterr().out
    assert "ana & ben" in out and "Krippendorff's alpha" in out
    assert out.index(budget) < out.index(parks)  # worst first


def test_agree_on_an_unknown_article_is_a_one_line_error(library, capsys):
    lib, _, _ = library
    root = lib.root
    lib.close()
    assert main(["agree", "--library", str(root), "--article", "nope"]) != 0
    err = capsys.readouterr().err
    assert "no article nope" in err and "Traceback" not in err
