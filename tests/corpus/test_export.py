"""Exports: jsonl, prodigy, spacy, csv and markdown, their filters, and round trips."""

from __future__ import annotations

import csv
from pathlib import Path

import orjson
import pytest
from spacy.tokens import DocBin

from corpus.annotation_import import ImportedArticle, read_annotations
from corpus.article import article_id
from corpus.export import ExportError, ExportFilter, write_export
from corpus.export.prodigy import stable_hash
from corpus.tokens import blank_english

BRIDGE = (
    "The harbour bridge will close for six weeks from Monday, the city council said.\n\n"
    "“We have put this off for as long as we safely could,” said Marta Quill, the council’s head "
    "of transport. “The cables are older than most of the drivers who use them.”\n\n"
    "Shop owners on the north bank said the closure would cost them trade. Deputy mayor Tom Reyes "
    "told reporters that ferries would run every ten minutes."
)
MEALS = (
    "Free school meals will reach every primary pupil next year, the education minister said.\n\n"
    "“No child should learn on an empty stomach,” Priya Nandakumar said on a visit to a school in "
    "Leeds. She added that the plan would cost £90 million a year.\n\n"
    "A teacher at the school, who asked not to be named, called it “overdue but welcome” | =SUM(1)."
)


def at(text: str, part: str, near: int = 0) -> dict:
    """The occurrence of ``part`` nearest to offset ``near``."""
    starts = [i for i in range(len(text)) if text.startswith(part, i)]
    start = min(starts, key=lambda i: abs(i - near))
    return {"start": start, "end": start + len(part), "text": part}


def statement(
    text: str, sid: str, quote: list[str], speaker: str | None, cue: str | None, **fields
) -> dict:
    parts = [at(text, q) for q in quote]
    said_by = at(text, speaker, parts[0]["start"]) if speaker else None
    record = {
        "id": sid,
        "article_id": article_id(text),
        "quote": parts,
        "cue": at(text, cue, said_by["start"] if said_by else parts[0]["start"]) if cue else None,
        "speaker": said_by,
        "speaker_name": None,
        "kind": "direct",
        "labels": [],
        "status": "accepted",
        "origin": "model",
        "confidence": 0.9,
        "model": "quotelens-rules 0.1",
        "annotator": "ana",
        "note": "",
        "created_at": "2026-11-20T10:00:00.000+00:00",
        "updated_at": "2026-11-21T09:30:00.000+00:00",
    }
    record.update(fields)
    return record


def article(text: str, title: str) -> dict:
    return {
        "id": article_id(text),
        "title": title,
        "text": text,
        "source": f"{title}.txt",
        "meta": {"section": "city"},
        "model": "quotelens-rules 0.1",
        "status": "reviewed",
    }


def library() -> list[tuple[dict, list[dict]]]:
    """Two articles; statements in every status, out of text order as a store may return them."""
    bridge = [
        statement(
            BRIDGE,
            "b-shops",
            ["the closure would cost them trade"],
            "Shop owners on the north bank",
            "said",
            kind="indirect",
            status="corrected",
            labels=["business"],
            annotator="ben",
        ),
        statement(
            BRIDGE,
            "b-quill",
            [
                "“We have put this off for as long as we safely could,”",
                "“The cables are older than most of the drivers who use them.”",
            ],
            "Marta Quill",
            "said",
            speaker_name="Marta Quill",
            labels=["transport"],
            history={"edits": 2, "last_by": "ana"},
        ),
        statement(
            BRIDGE,
            "b-reyes",
            ["that ferries would run every ten minutes"],
            "Deputy mayor Tom Reyes",
            "told",
            kind="indirect",
            status="predicted",
            annotator=None,
        ),
        statement(
            BRIDGE, "b-wrong", ["Shop owners on the north bank"], None, None, status="rejected"
        ),
    ]
    meals = [
        statement(
            MEALS,
            "m-child",
            ["“No child should learn on an empty stomach,”"],
            "Priya Nandakumar",
            "said",
            status="added",
            origin="human",
            confidence=None,
            model=None,
            labels=["education", "pledge"],
        ),
        statement(
            MEALS,
            "m-cost",
            ["that the plan would cost £90 million a year"],
            "She",
            "added",
            speaker_name="Priya Nandakumar",
            kind="indirect",
            annotator="ben",
        ),
        statement(
            MEALS,
            "m-teacher",
            ["“overdue but welcome”"],
            "A teacher at the school",
            "called it",
            kind="mixed",
            labels=["education"],
        ),
    ]
    return [
        (article(BRIDGE, "Harbour bridge closes"), bridge),
        (article(MEALS, "School meals for all"), meals),
    ]


def export(tmp_path: Path, fmt: str, pairs=None, name: str = "out", **filters) -> Path:
    path = tmp_path / name
    write_export(fmt, library() if pairs is None else pairs, path, ExportFilter(**filters))
    return path


def jsonl_records(path: Path) -> list[dict]:
    return [orjson.loads(line) for line in path.read_bytes().splitlines()]


def exported_ids(path: Path) -> list[str]:
    return [s["id"] for record in jsonl_records(path) for s in record["statements"]]


class Library:
    """An in-memory stand-in for the store: imports merge statements into articles by id."""

    def __init__(self) -> None:
        self.articles: dict[str, tuple[dict, dict[str, dict]]] = {}

    def add(self, item: ImportedArticle) -> None:
        _, statements = self.articles.setdefault(item.article["id"], (item.article, {}))
        statements.update({s["id"]: s for s in item.statements})

    def pairs(self):
        for art, statements in self.articles.values():
            yield art, list(statements.values())


def import_file(path: Path) -> Library:
    lib = Library()
    for result in read_annotations(path):
        assert isinstance(result, ImportedArticle), str(result)
        lib.add(result)
    return lib


# jsonl ---------------------------------------------------------------------------------------


def test_jsonl_has_one_line_per_article_with_text_and_statements(tmp_path):
    records = jsonl_records(export(tmp_path, "jsonl"))
    assert [r["title"] for r in records] == ["Harbour bridge closes", "School meals for all"]
    assert records[0]["text"] == BRIDGE
    quill = records[0]["statements"][0]
    assert (
        quill["id"] == "b-quill" and quill["status"] == "accepted" and quill["annotator"] == "ana"
    )
    assert quill["history"] == {"edits": 2, "last_by": "ana"}
    assert [q["text"] for q in quill["quote"]][1].startswith("“The cables")


def test_default_export_leaves_out_predicted_and_rejected(tmp_path):
    ids = exported_ids(export(tmp_path, "jsonl"))
    assert ids == ["b-quill", "b-shops", "m-child", "m-cost", "m-teacher"]


def test_statements_are_written_in_text_order(tmp_path):
    starts = [
        [s["quote"][0]["start"] for s in r["statements"]]
        for r in jsonl_records(export(tmp_path, "jsonl"))
    ]
    assert all(s == sorted(s) for s in starts)


def test_status_filter_can_ask_for_predicted(tmp_path):
    assert exported_ids(export(tmp_path, "jsonl", statuses=frozenset({"predicted"}))) == ["b-reyes"]


def test_include_rejected_adds_rejected_statements(tmp_path):
    ids = exported_ids(export(tmp_path, "jsonl", include_rejected=True))
    assert "b-wrong" in ids and "b-reyes" not in ids


def test_label_filter_keeps_statements_with_any_of_the_labels(tmp_path):
    ids = exported_ids(export(tmp_path, "jsonl", labels=frozenset({"pledge", "business"})))
    assert ids == ["b-shops", "m-child"]


def test_annotator_filter(tmp_path):
    assert exported_ids(export(tmp_path, "jsonl", annotator="ben")) == ["b-shops", "m-cost"]


def test_article_filter_and_articles_without_kept_statements_are_skipped(tmp_path):
    only_meals = export(tmp_path, "jsonl", name="a", article_ids=frozenset({article_id(MEALS)}))
    assert [r["id"] for r in jsonl_records(only_meals)] == [article_id(MEALS)]
    nothing_from_bridge = export(tmp_path, "jsonl", name="b", labels=frozenset({"pledge"}))
    assert [r["id"] for r in jsonl_records(nothing_from_bridge)] == [article_id(MEALS)]


def test_unknown_status_is_refused():
    with pytest.raises(ExportError, match="unknown status approved"):
        ExportFilter(statuses=frozenset({"approved"}))


@pytest.mark.parametrize("fmt", ["jsonl", "prodigy"])
@pytest.mark.parametrize("include_rejected", [False, True])
def test_export_import_export_is_byte_identical(tmp_path, fmt, include_rejected):
    first = export(tmp_path, fmt, name="first", include_rejected=include_rejected)
    lib = import_file(first)
    second = export(tmp_path, fmt, lib.pairs(), name="second", include_rejected=include_rejected)
    assert second.read_bytes() == first.read_bytes()


# prodigy -------------------------------------------------------------------------------------


def prodigy_tasks(tmp_path: Path, **filters) -> list[dict]:
    return jsonl_records(export(tmp_path, "prodigy", **filters))


def test_prodigy_tokens_match_the_text(tmp_path):
    task = prodigy_tasks(tmp_path)[0]
    for token in task["tokens"]:
        assert BRIDGE[token["start"] : token["end"]] == token["text"]
    assert [t["id"] for t in task["tokens"]] == list(range(len(task["tokens"])))
    assert task["tokens"][0] == {"text": "The", "start": 0, "end": 3, "id": 0, "ws": True}


def test_prodigy_spans_have_inclusive_token_ends(tmp_path):
    task = prodigy_tasks(tmp_path)[0]
    tokens = task["tokens"]
    for span in task["spans"]:
        assert tokens[span["token_start"]]["start"] == span["start"]
        assert tokens[span["token_end"]]["end"] == span["end"]
    speaker = next(
        s for s in task["spans"] if s["label"] == "SPEAKER" and s["start"] == BRIDGE.index("Marta")
    )
    assert (speaker["token_start"], speaker["token_end"]) == (
        next(t["id"] for t in tokens if t["text"] == "Marta"),
        next(t["id"] for t in tokens if t["text"] == "Quill"),
    )


def test_prodigy_relations_join_speaker_and_cue_to_every_quote_part(tmp_path):
    task = prodigy_tasks(tmp_path)[0]
    quill = [r for r in task["relations"] if r["statement"] == "b-quill"]
    assert sorted(r["label"] for r in quill) == ["CUE_OF", "CUE_OF", "SPEAKER_OF", "SPEAKER_OF"]
    said_by = [r for r in quill if r["label"] == "SPEAKER_OF"]
    assert {r["head_span"]["start"] for r in said_by} == {BRIDGE.index("Marta Quill")}
    assert [r["child_span"]["start"] for r in said_by] == [
        BRIDGE.index("“We"),
        BRIDGE.index("“The"),
    ]
    for r in said_by:
        assert (
            r["head"] == r["head_span"]["token_end"] and r["child"] == r["child_span"]["token_end"]
        )


def test_rejected_statements_go_to_a_reject_task_of_the_same_text(tmp_path):
    tasks = prodigy_tasks(tmp_path, include_rejected=True)
    bridge = [t for t in tasks if t["text"] == BRIDGE]
    assert [t["answer"] for t in bridge] == ["accept", "reject"]
    assert [s["statement"] for s in bridge[1]["spans"]] == ["b-wrong"]
    assert bridge[0]["_input_hash"] == bridge[1]["_input_hash"] == stable_hash({"text": BRIDGE})
    assert bridge[0]["_task_hash"] != bridge[1]["_task_hash"]


def test_prodigy_hashes_are_signed_32_bit_and_stable(tmp_path):
    first = prodigy_tasks(tmp_path)
    again = jsonl_records(export(tmp_path, "prodigy", name="again"))
    assert [(t["_input_hash"], t["_task_hash"]) for t in first] == [
        (t["_input_hash"], t["_task_hash"]) for t in again
    ]
    assert all(-(2**31) <= t["_task_hash"] < 2**31 for t in first)


def test_prodigy_import_gives_the_same_statements_as_jsonl(tmp_path):
    from_prodigy = import_file(export(tmp_path, "prodigy", name="p", include_rejected=True))
    from_jsonl = import_file(export(tmp_path, "jsonl", name="j", include_rejected=True))
    assert from_prodigy.articles == from_jsonl.articles


# spacy ---------------------------------------------------------------------------------------


def load_docs(folder: Path):
    """The Docs of every shard of a spacy export folder, in order."""
    vocab = blank_english().vocab
    return [
        doc for shard in sorted(folder.glob("*.spacy"))
        for doc in DocBin().from_disk(shard).get_docs(vocab)
    ]  # fmt: skip


def test_docbin_loads_and_holds_the_spans(tmp_path):
    docs = load_docs(export(tmp_path, "spacy", name="out.spacy"))
    assert len(docs) == 2
    bridge = docs[0]
    assert [sp.text for sp in bridge.spans["speakers"]] == [
        "Marta Quill",
        "Shop owners on the north bank",
    ]
    assert [sp.text for sp in bridge.spans["cues"]] == ["said", "said"]
    assert bridge.spans["quotes"][0].text.startswith("“We have put")
    assert {sp.id_ for sp in bridge.spans["quotes"]} == {"b-quill", "b-shops"}
    labels = [sp.label_ for sp in bridge.spans["sc"]]
    assert labels.count("QUOTE") == 3 and labels.count("SPEAKER") == 2 and labels.count("CUE") == 2


def test_docbin_never_holds_rejected_statements(tmp_path):
    docs = load_docs(export(tmp_path, "spacy", name="out.spacy", include_rejected=True))
    assert "b-wrong" not in {sp.id_ for sp in docs[0].spans["quotes"]}


def test_docbin_widens_spans_that_cut_a_token(tmp_path):
    art, statements = library()[0]
    cut = statement(BRIDGE, "b-cut", ["arbour bridge"], None, None)  # starts inside "harbour"
    docs = load_docs(export(tmp_path, "spacy", [(art, statements + [cut])], name="out.spacy"))
    assert "harbour bridge" in [sp.text for sp in docs[0].spans["quotes"]]


# quote sheet ---------------------------------------------------------------------------------


def test_csv_sheet_has_speaker_quote_cue_title_paragraph_labels(tmp_path):
    path = export(tmp_path, "csv", name="sheet.csv")
    rows = list(csv.reader(path.open(encoding="utf-8-sig", newline="")))
    assert rows[0] == ["speaker", "quote", "cue", "article", "paragraph", "labels"]
    assert rows[1] == [
        "Marta Quill",
        "“We have put this off for as long as we safely could,” … "
        "“The cables are older than most of the drivers who use them.”",
        "said",
        "Harbour bridge closes",
        "2",
        "transport",
    ]
    cost = next(r for r in rows if r[1].startswith("that the plan"))
    assert cost[0] == "Priya Nandakumar" and cost[4] == "2"
    assert next(r for r in rows if r[0] == "Priya Nandakumar")[5] == "education; pledge"
    assert len(rows) == 6


def test_csv_cells_are_not_run_as_formulas(tmp_path):
    art, statements = library()[1]
    formula = statement(MEALS, "m-sum", ["=SUM(1)"], None, None)
    rows = list(
        csv.reader(
            export(tmp_path, "csv", [(art, statements + [formula])]).open(encoding="utf-8-sig")
        )
    )
    assert "'=SUM(1)" in [r[1] for r in rows]


def test_markdown_sheet_escapes_pipes_in_quotes(tmp_path):
    art, statements = library()[1]
    piped = statement(MEALS, "m-pipe", ["“overdue but welcome” | =SUM(1)"], None, None)
    lines = export(tmp_path, "markdown", [(art, statements + [piped])]).read_text().splitlines()
    assert lines[0] == "| Speaker | Quote | Cue | Article | Paragraph | Labels |"
    assert "| “overdue but welcome” \\| =SUM(1) |" in lines[-1]
    assert all(line.count("|") - line.count("\\|") == 7 for line in lines)  # six columns each


# writing -------------------------------------------------------------------------------------


def test_export_writes_each_article_as_it_arrives(tmp_path):
    events = []

    def pairs():
        for n, pair in enumerate(library()):
            events.append(f"read {n}")
            yield pair

    write_export(
        "jsonl", pairs(), tmp_path / "out", progress=lambda a, s: events.append(f"wrote {a - 1}")
    )
    assert events == ["read 0", "wrote 0", "read 1", "wrote 1"]


def test_progress_counts_articles_and_statements(tmp_path):
    seen = []
    summary = write_export(
        "csv", library(), tmp_path / "out.csv", progress=lambda a, s: seen.append((a, s))
    )
    assert seen == [(1, 2), (2, 5)]
    assert (summary.articles, summary.statements) == (2, 5)


def test_failed_export_leaves_no_partial_file_and_keeps_the_old_one(tmp_path):
    target = tmp_path / "out.jsonl"
    target.write_text('{"id":"previous export"}\n')

    def failing():
        yield library()[0]
        raise RuntimeError("store went away")

    with pytest.raises(RuntimeError):
        write_export("jsonl", failing(), target)
    assert target.read_text() == '{"id":"previous export"}\n'
    assert [p.name for p in tmp_path.iterdir()] == ["out.jsonl"]


def test_unknown_format_is_an_export_error(tmp_path):
    with pytest.raises(ExportError, match="unknown export format 'xml'"):
        write_export("xml", library(), tmp_path / "out.xml")


def test_export_to_a_missing_folder_is_an_export_error(tmp_path):
    with pytest.raises(ExportError, match="out.jsonl: cannot be written"):
        write_export("jsonl", library(), tmp_path / "no" / "out.jsonl")


# spacy shards --------------------------------------------------------------------------------


def test_docbin_shards_close_when_full_and_keep_every_article():
    from corpus.export.docbin import docbin_shards

    pairs = library() * 3
    shards = list(docbin_shards(pairs, shard_tokens=100))  # two articles pass 100 tokens
    assert [len(shard) for shard in shards] == [2, 2, 2]
    assert all(shard.token_count >= 100 for shard in shards)
    assert len(list(docbin_shards(pairs, shard_tokens=1))) == 6


def test_docbin_shards_hold_the_bytes_the_stock_docbin_writes():
    from corpus.export.docbin import TextOnlyDocBin, doc_of

    ours, stock = TextOnlyDocBin(), DocBin(attrs=["ORTH", "SPACY"], store_user_data=True)
    for art, statements in library():
        doc = doc_of(art, statements)
        ours.add(doc)
        stock.add(doc)
    assert ours.to_bytes() == stock.to_bytes()


def test_failed_spacy_export_keeps_the_previous_folder(tmp_path):
    target = export(tmp_path, "spacy", name="train.spacy")
    before = sorted(p.name for p in target.iterdir())

    def failing():
        yield library()[0]
        raise RuntimeError("store went away")

    with pytest.raises(RuntimeError):
        write_export("spacy", failing(), target)
    assert sorted(p.name for p in target.iterdir()) == before
    assert [p.name for p in tmp_path.iterdir()] == ["train.spacy"]


# stored token offsets ------------------------------------------------------------------------


def with_stored_tokens(pairs):
    from corpus.tokens import TOKENS_FIELD, encode_tokens

    return [({**art, TOKENS_FIELD: encode_tokens(art["text"])}, s) for art, s in pairs]


@pytest.mark.parametrize("fmt", ["prodigy", "spacy"])
def test_stored_tokens_give_the_export_tokenising_gives(tmp_path, fmt):
    plain = export(tmp_path, fmt, name="plain", include_rejected=True)
    stored = export(tmp_path, fmt, with_stored_tokens(library()), name="stored", include_rejected=True)
    files = (lambda p: [p]) if fmt == "prodigy" else (lambda p: sorted(p.iterdir()))
    assert [f.read_bytes() for f in files(plain)] == [f.read_bytes() for f in files(stored)]


def test_stored_tokens_of_another_length_or_damaged_are_not_used():
    from corpus.export.tokens import TokenIndex
    from corpus.tokens import TOKENS_FIELD, decode_tokens, encode_tokens

    art, _ = library()[0]
    text = art["text"]
    assert decode_tokens(encode_tokens(text), text) is not None
    assert decode_tokens(encode_tokens(text + " And more words."), text) is None
    assert decode_tokens(f"t2:{len(text)}:not base64!", text) is None
    for damaged in ("x", encode_tokens(text + "!")):
        index = TokenIndex.of({**art, TOKENS_FIELD: damaged})
        assert index.starts == TokenIndex(text).starts


def test_csv_cells_starting_with_tab_or_carriage_return_are_not_run_as_formulas(tmp_path):
    art, statements = library()[1]
    rows = [
        {**s, "labels": [lead + "=1+1"]}
        for s, lead in zip(statements[:2], ("\t", "\r"))
    ]
    out = export(tmp_path, "csv", [(art, rows)])
    labels = [r[5] for r in csv.reader(out.open(encoding="utf-8-sig", newline=""))][1:]
    assert sorted(labels) == ["'\t=1+1", "'\u240d=1+1"]


@pytest.mark.parametrize("fmt", ["csv", "markdown"])
def test_sheet_cells_make_control_characters_inert(tmp_path, fmt):
    art, statements = library()[1]
    marked = [{**statements[0], "labels": ["a\x1b[31mred\x07"]}]
    out = export(tmp_path, fmt, [({**art, "title": "Meals\x1b]0;x\x07"}, marked)])
    written = out.read_text(encoding="utf-8-sig")
    assert "\x1b" not in written and "\x07" not in written
    assert "a\u241b[31mred\u2407" in written and "Meals\u241b]0;x\u2407" in written
