"""brat standoff: export to ID.txt + ID.ann folders, import of the same, and the line format."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from corpus.annotation_import import AnnotationFileError, ImportedArticle, LineError
from corpus.article import article_id
from corpus.brat_import import read_brat
from corpus.brat_standoff import BratError, parse_standoff
from corpus.export import ExportError, ExportFilter, write_export

FIXTURE = Path(__file__).parents[1] / "fixtures" / "brat"
FERRY = (
    "Ferry crews walk out\n\n"
    "Crews on the Kessock ferry stopped work on Friday, the union said.\n\n"
    "“We were promised a new rota in March,” said Iona Beattie, the union’s organiser. "
    "“It never came.”\n\n"
    "“Sailings will resume\nas soon as we can,” the operator said in a statement."
)

# What INCEpTION's brat reader (BratTextAnnotation, BratAttribute, BratRelationAnnotation,
# BratNoteAnnotation) accepts, line by line; anything else makes its import fail.
INCEPTION_LINES = [
    re.compile(r"T[0-9]+\t[a-zA-Z0-9_][a-zA-Z0-9_\-]* [0-9]+ [0-9]+(;[0-9]+ [0-9]+)*\t.*"),
    re.compile(r"[AM][0-9]+\t[a-zA-Z_][a-zA-Z0-9_\-:]+ [TREN][0-9]+(?: [^ ]+)?"),
    re.compile(r"R[0-9]+\t[a-zA-Z0-9_][a-zA-Z0-9_\-]* Arg1:[TE][0-9]+ Arg2:[TE][0-9]+"),
    re.compile(r"#[0-9]+\t[a-zA-Z_][a-zA-Z0-9_\-]+ [ETR][0-9]+\t.*"),
]


def at(text: str, part: str, nth: int = 0) -> dict:
    start = -1
    for _ in range(nth + 1):
        start = text.index(part, start + 1)
    return {"start": start, "end": start + len(part), "text": part}


def ferry() -> tuple[dict, list[dict]]:
    aid = article_id(FERRY)
    base = {
        "article_id": aid, "origin": "model", "confidence": 0.7, "model": "m", "annotator": "ana",
        "created_at": "2026-11-30T10:00:00.000+00:00", "updated_at": "2026-11-30T10:00:00.000+00:00",
    }  # fmt: skip
    said = at(FERRY, "said", 1)
    statements = [
        {
            **base, "id": "f-rota", "kind": "direct", "status": "accepted", "labels": ["claim"],
            "quote": [at(FERRY, "“We were promised a new rota in March,”"), at(FERRY, "“It never came.”")],
            "speaker": at(FERRY, "Iona Beattie"), "speaker_name": "Iona Beattie", "cue": said,
            "note": "union side only\nask the operator",
        },
        {
            **base, "id": "f-work", "kind": "indirect", "status": "corrected", "labels": [],
            "quote": [at(FERRY, "Crews on the Kessock ferry stopped work on Friday")],
            "speaker": at(FERRY, "the union"), "speaker_name": None, "cue": at(FERRY, "said"), "note": "",
        },
        {
            **base, "id": "f-resume", "kind": "direct", "status": "rejected", "labels": ["promise", "needs-check"],
            "quote": [at(FERRY, "“Sailings will resume\nas soon as we can,”")],
            "speaker": at(FERRY, "the operator"), "speaker_name": None, "cue": at(FERRY, "said", 2), "note": "",
        },
    ]  # fmt: skip
    article = {"id": aid, "title": "Ferry crews walk out", "text": FERRY, "source": "ferry.txt",
               "meta": {"desk": "north"}, "model": "m", "status": "reviewed"}  # fmt: skip
    return article, statements


def export(path: Path, pairs, include_rejected: bool = True) -> Path:
    write_export("brat", pairs, path, ExportFilter(include_rejected=include_rejected))
    return path


def read_all(folder: Path) -> list[ImportedArticle]:
    results = list(read_brat(folder))
    assert all(isinstance(r, ImportedArticle) for r in results), [str(r) for r in results]
    return results


def files(folder: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(folder.iterdir())}


def test_export_writes_text_as_stored_and_the_ann_lines(tmp_path):
    out = export(tmp_path / "brat", [ferry()])
    aid = article_id(FERRY)
    assert sorted(p.name for p in out.iterdir()) == sorted(["annotation.conf", f"{aid}.ann", f"{aid}.txt"])
    assert (out / f"{aid}.txt").read_bytes() == FERRY.encode("utf-8")
    ann = (out / f"{aid}.ann").read_text(encoding="utf-8").splitlines()
    work = FERRY.index("Crews")
    assert ann[:4] == [
        f"T1\tQUOTE {work} {work + 49}\tCrews on the Kessock ferry stopped work on Friday",
        "A1\tKind T1 indirect",
        "A2\tStatus T1 corrected",
        f"T2\tSPEAKER {FERRY.index('the union')} {FERRY.index('the union') + 9}\tthe union",
    ]
    assert "A5\tclaim T4" in ann and "#1\tAnnotatorNotes T4\tunion side only ask the operator" in ann
    assert "#2\tAnnotatorNotes T5\tIona Beattie" in ann
    assert "R3\tSPEAKER_OF Arg1:T5 Arg2:T4" in ann and "R4\tCUE_OF Arg1:T6 Arg2:T4" in ann


def test_discontinuous_quote_is_one_span_with_a_fragment_per_part(tmp_path):
    out = export(tmp_path / "brat", [ferry()])
    ann = (out / f"{article_id(FERRY)}.ann").read_text(encoding="utf-8")
    first, second = at(FERRY, "“We were"), at(FERRY, "“It never came.”")
    assert (
        f"T4\tQUOTE {first['start']} {first['start'] + 39};{second['start']} {second['end']}\t"
        "“We were promised a new rota in March,” “It never came.”\n"
    ) in ann


def test_span_across_a_line_break_is_cut_into_fragments_around_it(tmp_path):
    out = export(tmp_path / "brat", [ferry()])
    ann = (out / f"{article_id(FERRY)}.ann").read_text(encoding="utf-8")
    start = FERRY.index("“Sailings")
    brk = FERRY.index("\nas soon")
    assert f"QUOTE {start} {brk};{brk + 1} {brk + 20}\t“Sailings will resume as soon as we can,”" in ann
    assert all("\t" in line for line in ann.splitlines())


def test_every_line_is_one_inception_brat_basic_reads(tmp_path):
    out = export(tmp_path / "brat", [ferry()])
    lines = (out / f"{article_id(FERRY)}.ann").read_text(encoding="utf-8").splitlines()
    assert lines and all(any(p.fullmatch(line) for p in INCEPTION_LINES) for line in lines), lines


def test_annotation_conf_declares_every_type_and_label_used(tmp_path):
    conf = (export(tmp_path / "brat", [ferry()]) / "annotation.conf").read_text(encoding="utf-8")
    sections = dict(re.findall(r"\[(\w+)\]\n(.*?)(?=\n\[|\Z)", conf, re.S))
    assert sections["entities"].split() == ["QUOTE", "SPEAKER", "CUE"]
    assert "SPEAKER_OF\tArg1:SPEAKER, Arg2:QUOTE" in sections["relations"]
    attributes = [line.split("\t")[0] for line in sections["attributes"].strip().splitlines()]
    assert attributes == ["Kind", "Status", "claim", "needs-check", "promise"]


def test_shared_speaker_span_is_written_once_with_a_relation_per_quote(tmp_path):
    article, statements = ferry()
    second = {**statements[0], "id": "f-more", "quote": [at(FERRY, "“It never came.”")], "labels": []}
    statements[0] = {**statements[0], "quote": statements[0]["quote"][:1]}
    ann = (export(tmp_path / "brat", [(article, [*statements, second])]) / f"{article['id']}.ann").read_text()
    assert ann.count("\tSPEAKER ") == 3 and ann.count("SPEAKER_OF") == 4


def test_export_import_export_is_byte_identical(tmp_path):
    first = export(tmp_path / "first", [ferry()])
    pairs = [(r.article, r.statements) for r in read_all(first)]
    second = export(tmp_path / "second", pairs)
    assert files(second) == files(first)


def test_import_keeps_what_brat_carries(tmp_path):
    [item] = read_all(export(tmp_path / "brat", [ferry()]))
    assert item.article["id"] == article_id(FERRY) and item.article["text"] == FERRY
    by_quote = {s["quote"][0]["text"][:12]: s for s in item.statements}
    rota = by_quote["“We were pro"]
    assert [q["text"] for q in rota["quote"]] == ["“We were promised a new rota in March,”", "“It never came.”"]
    assert rota["speaker"]["text"] == "Iona Beattie" and rota["speaker_name"] == "Iona Beattie"
    assert rota["cue"]["text"] == "said" and rota["labels"] == ["claim"]
    assert rota["note"] == "union side only ask the operator"
    assert (rota["status"], rota["kind"], rota["origin"]) == ("accepted", "direct", "human")
    resume = by_quote["“Sailings wi"]
    assert resume["status"] == "rejected" and resume["labels"] == ["promise", "needs-check"]
    assert [q["text"] for q in resume["quote"]] == ["“Sailings will resume", "as soon as we can,”"]


def test_hand_written_brat_folder_gives_statements_and_reports_the_rest():
    [item] = read_all(FIXTURE)
    assert item.article["id"] == "pool-reopens" and item.article["meta"] == {"corpus_id": "pool-reopens"}
    assert item.article["title"] == "Pool to reopen after repairs"
    marsh, pryce = sorted(item.statements, key=lambda s: s["quote"][0]["start"])
    assert len(marsh["quote"]) == 2 and marsh["speaker_name"] == "Lena Marsh"
    assert marsh["labels"] == ["promise"] and marsh["note"] == "check the date with the trust"
    assert (pryce["speaker"]["text"], pryce["cue"]["text"]) == ("Councillor Owen Pryce", "said")
    assert (pryce["status"], pryce["kind"], pryce["speaker_name"]) == ("corrected", "indirect", None)
    assert marsh["status"] == "accepted"
    [report] = item.notes
    assert report.endswith("not imported: 1 × Employer relation, 1 × Organization span")


def test_bad_line_names_the_file_and_line_and_the_other_files_are_read(tmp_path):
    folder = tmp_path / "brat"
    shutil.copytree(FIXTURE, folder)
    (folder / "broken.txt").write_text("Short text.", encoding="utf-8")
    (folder / "broken.ann").write_text("T1\tQUOTE 0 5\tShort\nT2\tSPEAKER 3 x\tbad\n", encoding="utf-8")
    (folder / "lonely.ann").write_text("", encoding="utf-8")
    results = list(read_brat(folder))
    errors = [str(r) for r in results if isinstance(r, LineError)]
    assert errors == [
        f"{folder / 'broken.ann'}:2: bad span offsets '3 x'",
        f"{folder / 'lonely.ann'}: no lonely.txt beside it",
    ]
    assert [r.article["id"] for r in results if isinstance(r, ImportedArticle)] == ["pool-reopens"]


def test_quote_span_outside_the_text_is_an_error_naming_its_line(tmp_path):
    (tmp_path / "a.txt").write_text("Tiny.", encoding="utf-8")
    (tmp_path / "a.ann").write_text("T1\tCUE 0 4\tTiny\nT2\tQUOTE 2 40\tny.\n", encoding="utf-8")
    [error] = list(read_brat(tmp_path))
    assert isinstance(error, LineError) and error.lineno == 2 and "outside" in error.message


def test_quote_with_two_speakers_is_refused():
    ann = "T1\tQUOTE 0 4\tnews\nT2\tSPEAKER 5 8\tAda\nT3\tSPEAKER 9 12\tBen\n" \
          "R1\tSPEAKER_OF Arg1:T2 Arg2:T1\nR2\tSPEAKER_OF Arg1:T3 Arg2:T1\n"  # fmt: skip
    from corpus.brat_import import QUOTELENS, brat_statements

    with pytest.raises(BratError, match=r"x\.ann:1: T1 has 2 speakers"):
        brat_statements(parse_standoff(ann, "x.ann"), QUOTELENS, "x.ann")


def test_folder_without_ann_files_is_an_annotation_file_error(tmp_path):
    with pytest.raises(AnnotationFileError, match="no brat .ann files"):
        list(read_brat(tmp_path))


def test_label_that_cannot_be_a_brat_attribute_is_an_export_error(tmp_path):
    article, statements = ferry()
    statements[0] = {**statements[0], "labels": ["needs check"]}
    with pytest.raises(ExportError, match="label 'needs check' cannot be a brat attribute"):
        export(tmp_path / "brat", [(article, statements)])
    assert not (tmp_path / "brat").exists()


def test_brat_export_replaces_an_earlier_one_but_never_other_files(tmp_path):
    out = export(tmp_path / "brat", [ferry()])
    export(out, [ferry()], include_rejected=False)
    assert "rejected" not in (out / f"{article_id(FERRY)}.ann").read_text()
    (out / "notes.md").write_text("mine", encoding="utf-8")
    with pytest.raises(ExportError, match="not a brat export"):
        export(out, [ferry()])
    assert (out / "notes.md").read_text() == "mine"


def test_attributes_it_does_not_know_and_odd_relations_are_reported_not_fatal():
    from corpus.brat_import import QUOTELENS, brat_statements

    ann = (
        "T1\tQUOTE 0 4\tnews\nT2\tSPEAKER 5 8\tAda\n"
        "A1\tConfidence T1 High\nA2\tKind T1 partial\nA3\tclaim T1\n"
        "R1\tSPEAKER_OF Arg1:T1 Arg2:T1\nR2\tSPEAKER_OF Arg1:T2 Arg2:T1\n"
    )
    [found], [report] = brat_statements(parse_standoff(ann, "x.ann"), QUOTELENS, "x.ann")
    assert found.labels == ("claim",) and found.kind is None and found.source == ((5, 8),)
    assert report == "x.ann: not imported: 1 × Confidence attribute, 1 × Kind attribute, 1 × SPEAKER_OF relation"


ANN_LINE = st.one_of(
    st.text(max_size=30),
    st.builds(
        lambda kind, n, rest: f"{kind}{n}\t{rest}",
        st.sampled_from(["T", "R", "E", "A", "#", "N", "*"]),
        st.integers(0, 5),
        st.text(alphabet=st.sampled_from(list("TQUOESPAKR_:;0123456789 \tabc")), max_size=30),
    ),
)


@settings(max_examples=300, deadline=None)
@given(st.lists(ANN_LINE, max_size=8))
def test_any_ann_file_gives_statements_or_a_line_error_never_an_exception(tmp_path_factory, lines):
    folder = tmp_path_factory.mktemp("brat")
    (folder / "a.txt").write_text("QUOTE said Ada, and more text follows here.", encoding="utf-8")
    (folder / "a.ann").write_text("\n".join(lines) + "\n", encoding="utf-8")
    [result] = list(read_brat(folder))
    assert isinstance(result, (ImportedArticle, LineError))
