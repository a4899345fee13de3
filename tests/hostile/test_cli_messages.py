"""Exit codes and one-line messages: closed pipes, unknown commands, a broken config."""
from __future__ import annotations

import subprocess
import sys

from corpus.article import article_id
from corpus.library import Library
from tui.cli import main

RUN = "import sys; from tui.cli import main; sys.exit(main())"


def test_a_closed_pipe_ends_the_command_quietly(tmp_path):
    with Library.open(tmp_path / "lib") as lib:  # 40 articles of 20 KB: far over a pipe's buffer
        for i in range(40):
            text = f"The council said bridge {i} would open in May. " * 400
            lib.import_article(
                {"id": article_id(text), "title": "Bridge", "text": text, "source": "", "meta": {}},
                [{"id": "s1", "article_id": article_id(text), "status": "accepted",
                  "quote": [{"start": 0, "end": 11, "text": text[:11]}]}],
            )
    command = [sys.executable, "-c", RUN, "export", "--library", str(tmp_path / "lib"), "-f", "jsonl", "-o", "-"]
    with subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE) as proc:
        assert proc.stdout.read(7) == b'{"id":"'
        proc.stdout.close()  # like `| head -c 7`
        err = proc.stderr.read().decode()
        assert proc.wait(timeout=60) == 141
    assert "Traceback" not in err and "BrokenPipeError" not in err


def test_a_mistyped_command_suggests_the_closest_one(capsys):
    assert main(["docter"]) == 2
    err = capsys.readouterr().err
    assert err == "quotelens: error: docter: not a command nor a file; did you mean 'doctor'?\n"


def test_an_unknown_word_lists_the_commands(capsys):
    assert main(["bogus"]) == 2
    assert "bogus: not a command nor a file; commands: read, library, doctor" in capsys.readouterr().err


def test_a_missing_file_is_still_named_as_a_file(tmp_path, capsys):
    assert main([str(tmp_path / "gone.txt")]) == 2
    assert "gone.txt" in capsys.readouterr().err


def test_doctor_flags_a_malformed_config(tmp_path, monkeypatch, capsys):
    config = tmp_path / "bad.toml"
    config.write_text("labels = [1, 2\n", encoding="utf-8")
    monkeypatch.setenv("QUOTELENS_CONFIG", str(config))
    assert main(["doctor"]) == 1
    assert f"config: not valid: {config}: not valid TOML" in capsys.readouterr().out


def test_an_annotator_before_a_missing_path_names_the_path(tmp_path, capsys):
    assert main(["--library", str(tmp_path / "lib"), "--annotator", "Bea Lund", "gone.txt"]) == 2
    err = capsys.readouterr().err
    assert "gone.txt: no such file" in err and "Bea Lund" not in err
