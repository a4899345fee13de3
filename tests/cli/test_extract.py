"""``quotelens extract``: one JSON line per article, bad files reported, atomic output."""
import orjson
import pytest

from annotators.pipeline import load_pipeline, model_label
from tui.cli import main

pytestmark = pytest.mark.model  # every test runs the spaCy pipeline


def read_lines(path) -> list[dict]:
    return [orjson.loads(line) for line in path.read_bytes().splitlines()]


def test_folder_is_walked_for_article_files_only(article_folder, tmp_path):
    out = tmp_path / "out.jsonl"
    assert main(["extract", str(article_folder), "-o", str(out)]) == 0
    paths = [r["path"] for r in read_lines(out)]
    assert [p.rsplit("/", 1)[-1] for p in paths] == ["ferry.txt", "library.txt", "orchard.md"]


def test_bad_file_is_named_on_stderr_and_others_are_still_written(article_folder, tmp_path, capsys):
    (article_folder / "broken.txt").write_bytes(b"\x00\x01\x02" * 100)
    (article_folder / "blank.md").write_text("\n\n", encoding="utf-8")
    out = tmp_path / "out.jsonl"
    assert main(["extract", str(article_folder), "-o", str(out)]) == 1
    err = capsys.readouterr().err.splitlines()
    assert len(err) == 3
    assert "blank.md: is empty" in err[0]
    assert "broken.txt: looks like a binary file" in err[1]
    assert err[2].startswith("extracted 3 articles,") and err[2].endswith(", 2 failed")
    lines = read_lines(out)
    errors = [r for r in lines if "error" in r]
    assert len(lines) == 5 and len(errors) == 2
    assert [(r["id"], r["path"].rsplit("/", 1)[-1], r["error"]) for r in errors] == [
        (None, "blank.md", "is empty; there is no text to read"),
        (None, "broken.txt", "looks like a binary file, not an article"),
    ]


def test_missing_path_is_a_warning_and_a_non_zero_exit(article_folder, tmp_path, capsys):
    out = tmp_path / "out.jsonl"
    assert main(["extract", str(tmp_path / "gone.txt"), str(article_folder), "-o", str(out)]) == 1
    assert "gone.txt: no such file" in capsys.readouterr().err
    lines = read_lines(out)
    assert len(lines) == 4 and lines[0]["error"] == "no such file"


def test_lines_hold_article_fields_and_statements_with_model(article_folder, tmp_path):
    out = tmp_path / "out.jsonl"
    main(["extract", str(article_folder / "ferry.txt"), "-o", str(out)])
    [record] = read_lines(out)
    assert set(record) == {"id", "path", "title", "text", "statements"}
    assert record["title"] == "Ferry fares to rise in spring"
    assert record["text"].startswith("The island ferry")
    assert record["statements"], "the ferry article has a direct quote"
    label = model_label(load_pipeline())
    for statement in record["statements"]:
        assert statement["model"] == label
        assert {"quote", "cue", "speaker", "speaker_name", "kind", "confidence"} <= set(statement)


def test_statement_text_fields_equal_slices_of_the_article_text(article_folder, tmp_path):
    out = tmp_path / "out.jsonl"
    main(["extract", str(article_folder), "-o", str(out)])
    spans = 0
    for record in read_lines(out):
        text = record["text"]
        for statement in record["statements"]:
            for span in [*statement["quote"], statement["cue"], statement["speaker"]]:
                if span is not None:
                    assert span["text"] == text[span["start"] : span["end"]]
                    spans += 1
    assert spans > 3


def test_output_goes_to_stdout_without_o(article_folder, capsys):
    assert main(["extract", str(article_folder / "orchard.md")]) == 0
    [line] = capsys.readouterr().out.splitlines()
    assert orjson.loads(line)["title"] == "Orchard wins county prize"


def test_two_processes_give_the_same_output_as_one(article_folder, tmp_path):
    one, two = tmp_path / "one.jsonl", tmp_path / "two.jsonl"
    main(["extract", str(article_folder), "-o", str(one)])
    main(["extract", str(article_folder), "-o", str(two), "--processes", "2"])
    assert one.read_bytes() == two.read_bytes()


def test_interrupted_run_keeps_the_old_output_and_resume_finishes_it(
    article_folder, tmp_path, monkeypatch, capsys
):
    out = tmp_path / "out.jsonl"
    main(["extract", str(article_folder), "-o", str(out)])
    complete = out.read_bytes()
    out.write_text('{"id":"previous run"}\n', encoding="utf-8")
    monkeypatch.setattr("services.batch_runner.BATCH_ARTICLES", 1)
    from services import batch_runner

    parse, calls = batch_runner.parse_batch, []

    def interrupted(model, batch):
        calls.append(batch)
        if len(calls) == 2:
            raise KeyboardInterrupt
        return parse(model, batch)

    monkeypatch.setattr("services.batch_runner.parse_batch", interrupted)
    assert main(["extract", str(article_folder), "-o", str(out), "--processes", "1"]) == 130
    assert out.read_text(encoding="utf-8") == '{"id":"previous run"}\n'
    part = tmp_path / "out.jsonl.part"
    assert part.read_bytes() == complete.splitlines(keepends=True)[0]
    monkeypatch.setattr("services.batch_runner.parse_batch", parse)
    capsys.readouterr()
    assert main(["extract", str(article_folder), "-o", str(out), "--resume"]) == 0
    assert out.read_bytes() == complete and not part.exists()
    assert capsys.readouterr().err.endswith(", 1 already in the output\n")


def test_resume_drops_a_torn_last_line_and_error_lines_and_parses_those_again(article_folder, tmp_path):
    out = tmp_path / "out.jsonl"
    main(["extract", str(article_folder), "-o", str(out)])
    complete = out.read_bytes()
    first, second, _ = complete.splitlines(keepends=True)
    error = b'{"id":null,"path":"x","title":null,"error":"no such file"}\n'
    (tmp_path / "out.jsonl.part").write_bytes(first + error + second[:40])
    assert main(["extract", str(article_folder), "-o", str(out), "--resume"]) == 0
    assert out.read_bytes() == complete


def test_resume_needs_an_output_file(article_folder, capsys):
    assert main(["extract", str(article_folder), "--resume"]) == 2
    assert "--resume needs an output file (-o FILE)" in capsys.readouterr().err


def test_output_in_a_missing_folder_is_a_one_line_error(article_folder, tmp_path, capsys):
    out = tmp_path / "nowhere" / "out.jsonl"
    assert main(["extract", str(article_folder), "-o", str(out)]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "nowhere/out.jsonl: cannot be written" in err


def test_zero_processes_is_refused(article_folder, capsys):
    with pytest.raises(SystemExit) as exit:
        main(["extract", str(article_folder), "--processes", "0"])
    assert exit.value.code == 2
    assert "expected a whole number of at least 1, got '0'" in capsys.readouterr().err


def test_output_onto_a_folder_is_a_one_line_error(article_folder, tmp_path, capsys):
    assert main(["extract", str(article_folder), "-o", str(article_folder)]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "articles: is a folder; give a file name" in err


def test_new_output_file_gets_the_umask_mode(article_folder, tmp_path):
    import os

    out = tmp_path / "out.jsonl"
    umask = os.umask(0o022)
    os.umask(umask)
    assert main(["extract", str(article_folder / "ferry.txt"), "-o", str(out)]) == 0
    assert out.stat().st_mode & 0o777 == 0o666 & ~umask


def test_replaced_output_file_keeps_its_mode(article_folder, tmp_path):
    out = tmp_path / "out.jsonl"
    out.write_text('{"id":"previous run"}\n', encoding="utf-8")
    out.chmod(0o640)
    assert main(["extract", str(article_folder / "ferry.txt"), "-o", str(out)]) == 0
    assert out.stat().st_mode & 0o777 == 0o640 and len(read_lines(out)) == 1


def test_control_characters_in_a_file_name_reach_the_terminal_inert(tmp_path, capsys):
    bad = tmp_path / "evil\x1b]0;x\x07.txt"
    bad.write_bytes(b"")
    assert main(["extract", str(bad), "-o", str(tmp_path / "out.jsonl")]) == 1
    err = capsys.readouterr().err
    assert "is empty" in err and "evil\u241b]0;x\u2407.txt" in err
    assert "\x1b" not in err and "\x07" not in err


def test_dash_output_means_standard_output(article_folder, tmp_path, capsys, monkeypatch):
    monkeypatch.chdir(tmp_path)
    assert main(["extract", str(article_folder), "-o", "-"]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines and all(line.startswith("{") for line in lines)
    assert not (tmp_path / "-").exists()


def test_json_lines_of_texts_and_globs_are_inputs(tmp_path):
    texts = tmp_path / "feed.jsonl"
    texts.write_bytes(
        orjson.dumps({"text": "\u201cWe open on Monday,\u201d said Ada Brook, the owner.", "meta": {"title": "Shop opens"}})
        + b"\n{broken\n"
    )
    out = tmp_path / "out.jsonl"
    assert main(["extract", str(texts), "-o", str(out)]) == 1
    first, bad = read_lines(out)
    assert first["title"] == "Shop opens" and first["meta"] == {"title": "Shop opens"}
    assert first["statements"][0]["speaker_name"] == "Ada Brook"
    assert bad["path"] == f"{texts}:2" and bad["error"].startswith("not valid JSON")


def test_an_article_the_parser_fails_on_is_an_error_record_and_the_run_goes_on(
    article_folder, tmp_path, monkeypatch, capsys
):
    from annotators import pipeline

    real = pipeline.extract_many

    def fragile(nlp, texts, **options):
        texts = list(texts)
        if any("orchard" in t for t in texts):
            raise ValueError("a component broke\non two lines")
        return real(nlp, texts, **options)

    monkeypatch.setattr("annotators.pipeline.extract_many", fragile)
    out = tmp_path / "out.jsonl"
    assert main(["extract", str(article_folder), "-o", str(out), "--processes", "1"]) == 1
    lines = read_lines(out)
    assert [r["title"] for r in lines] == ["Ferry fares to rise in spring", "Library extends weekend hours", "Orchard wins county prize"]
    assert lines[2]["error"] == "the parser failed: ValueError: a component broke"
    assert all(r["statements"] for r in lines[:2])
    found = sum(len(r["statements"]) for r in lines[:2])
    assert capsys.readouterr().err.endswith(f"extracted 2 articles, {found} statements, 1 failed\n")


def test_unordered_output_holds_the_same_lines(article_folder, tmp_path):
    one, two = tmp_path / "one.jsonl", tmp_path / "two.jsonl"
    main(["extract", str(article_folder), "-o", str(one), "--processes", "1"])
    main(["extract", str(article_folder), "-o", str(two), "--processes", "2", "--unordered"])
    assert sorted(one.read_bytes().splitlines()) == sorted(two.read_bytes().splitlines())
