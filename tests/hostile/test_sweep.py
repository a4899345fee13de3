"""A generated sweep of bad inputs: each gives one-line errors, a non-zero exit, no traceback,
and touches nothing but the library and the named output."""
from __future__ import annotations

import os
from pathlib import Path

import orjson
import pytest

from corpus.article import article_id
from tui.cli import main

TEXT = "The harbour master said the channel would be dredged in March."


def bad_articles(folder: Path) -> dict[str, Path]:
    """Article files no reader should accept, by what is wrong with them."""
    cases = {
        "empty": b"",
        "whitespace": b" \n\t\n  ",
        "binary": bytes(range(256)) * 4,
        "nul-bytes": b"Harbour\x00news\x00" * 20,
    }
    paths = {}
    for name, data in cases.items():
        path = folder / f"{name}.txt"
        path.write_bytes(data)
        paths[name] = path
    paths["missing"] = folder / "no-such-article.txt"
    paths["empty-html"] = folder / "empty.html"
    paths["empty-html"].write_text("<html><body><script>x()</script></body></html>", encoding="utf-8")
    return paths


def bad_annotation_lines() -> dict[str, bytes]:
    """Lines of an annotation file that must each be refused with their line number."""
    aid = article_id(TEXT)

    def ours(**statement) -> bytes:
        record = {"id": aid, "title": "t", "text": TEXT, "source": "", "meta": {},
                  "statements": [{"id": "s1", "quote": [{"start": 0, "end": 16}], "status": "accepted", **statement}]}
        return orjson.dumps(record)

    return {
        "not-json": b"{not json",
        "array": b"[1, 2, 3]",
        "deep": b"[" * 100_000 + b"]" * 100_000,
        "huge-number": b'{"id": 1e999999}',
        "offset-past-end": ours(quote=[{"start": 0, "end": 10_000}]),
        "negative-offset": ours(quote=[{"start": -5, "end": 3}]),
        "reversed-span": ours(quote=[{"start": 10, "end": 2}]),
        "unknown-status": ours(status="maybe"),
        "quote-not-a-list": ours(quote="everything"),
        "speaker-name-list": ours(speaker_name=["a", "b"]),
        "labels-not-strings": ours(labels=[1, None, {}]),
        "note-number": ours(note=5),
        "confidence-word": ours(confidence="high"),
        "id-not-hash": orjson.dumps({"id": "forged", "title": "t", "text": TEXT, "source": "", "meta": {}, "statements": []}),
    }


def files_outside(root: Path, *kept: Path) -> dict[str, tuple[int, int]]:
    """(size, mtime) of every file under ``root`` except under ``kept``."""
    seen = {}
    for folder, _, names in os.walk(root):
        for name in names:
            path = Path(folder, name)
            if not any(path.is_relative_to(k) for k in kept):
                st = path.lstat()
                seen[str(path)] = (st.st_size, st.st_mtime_ns)
    return seen


def assert_clean_errors(err: str, count: int) -> None:
    lines = err.strip().splitlines()
    assert "Traceback" not in err and len(lines) >= count, err
    assert all(line.startswith("quotelens: ") for line in lines), err


@pytest.mark.parametrize("case", ["empty", "whitespace", "binary", "nul-bytes", "missing", "empty-html"])
def test_a_bad_article_is_one_line_and_an_exit_of_two_or_one(tmp_path, capsys, case):
    path = bad_articles(tmp_path)[case]
    before = files_outside(tmp_path, tmp_path / "lib")
    code = main(["import", "--library", str(tmp_path / "lib"), str(path)])
    assert code in (1, 2)
    err = capsys.readouterr().err
    assert_clean_errors(err, 1)
    assert path.name in err
    assert files_outside(tmp_path, tmp_path / "lib") == before


def test_every_bad_annotation_line_is_named_by_number_and_nothing_of_it_is_stored(tmp_path, capsys):
    good = "The ferry will run on Sundays, the operator said."
    first = {"id": article_id(good), "title": "Ferry", "text": good, "source": "", "meta": {}, "statements": []}
    lines = bad_annotation_lines()
    path = tmp_path / "bad.jsonl"
    path.write_bytes(b"\n".join([orjson.dumps(first), *lines.values()]) + b"\n")
    before = files_outside(tmp_path, tmp_path / "lib")
    assert main(["import", "--library", str(tmp_path / "lib"), str(path)]) == 1
    err = capsys.readouterr().err
    assert_clean_errors(err, len(lines))
    for number in range(2, len(lines) + 2):
        assert f"bad.jsonl:{number}:" in err, (number, err)
    by_line = {line.split("bad.jsonl:")[1].split(":")[0]: line for line in err.splitlines()}
    for case, field in [("speaker-name-list", "speaker_name"), ("labels-not-strings", "labels"),
                        ("note-number", "note"), ("confidence-word", "confidence")]:
        assert field in by_line[str(list(lines).index(case) + 2)], (case, err)
    assert files_outside(tmp_path, tmp_path / "lib") == before
    assert main(["export", "--library", str(tmp_path / "lib"), "-f", "jsonl", "-o", "-", "--status", "accepted,predicted"]) == 0
    exported = [orjson.loads(line) for line in capsys.readouterr().out.splitlines()]
    assert exported == []  # the good article has no statements; nothing of the bad lines was stored


@pytest.mark.parametrize(
    "config",
    ["labels = [1, 2", "annotator = 5", "colour = 'red'", "labels = ['a', 'a']", "[keys]\n'reader.next' = 'a'",
     "[keys]\n'no.such' = 'z'", "[keys]\n'reader.next' = 3"],
    ids=["toml", "annotator-type", "unknown-setting", "duplicate-labels", "conflict", "unknown-id", "key-type"],
)
def test_a_bad_config_is_one_line_naming_the_file_and_nothing_opens(tmp_path, monkeypatch, capsys, config):
    path = tmp_path / "config.toml"
    path.write_text(config + "\n", encoding="utf-8")
    monkeypatch.setenv("QUOTELENS_CONFIG", str(path))
    assert main(["library", "--library", str(tmp_path / "lib")]) == 2
    err = capsys.readouterr().err
    assert_clean_errors(err, 1)
    assert err.count("\n") == 1 and str(path) in err


@pytest.mark.parametrize("target", ["device", "fifo", "link", "folder", "no-parent", "dash-spacy"])
def test_a_bad_output_target_is_refused_and_left_as_it_was(tmp_path, capsys, target):
    fmt, out = "csv", tmp_path / "out"
    if target == "device":
        out = Path("/dev/null")
    elif target == "fifo":
        os.mkfifo(out)
    elif target == "link":
        (tmp_path / "real.csv").write_text("mine\n", encoding="utf-8")
        out.symlink_to(tmp_path / "real.csv")
    elif target == "folder":
        out.mkdir()
    elif target == "no-parent":
        out = tmp_path / "missing" / "out.csv"
    else:
        fmt, out = "spacy", Path("-")
    before = files_outside(tmp_path, tmp_path / "lib")
    assert main(["export", "--library", str(tmp_path / "lib"), "-f", fmt, "-o", str(out)]) == 2
    assert_clean_errors(capsys.readouterr().err, 1)
    assert files_outside(tmp_path, tmp_path / "lib") == before
