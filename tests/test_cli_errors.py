"""The command line turns bad input into one line on stderr and a non-zero exit, no traceback."""
import pytest

from tui.cli import main


@pytest.mark.parametrize(
    "name, content, message",
    [
        ("missing.txt", None, "missing.txt: no such file"),
        ("blank.txt", b"\n \n", "blank.txt: is empty"),
        ("image.txt", b"GIF89a\x00\x01\x00\x01" * 50, "image.txt: looks like a binary file"),
    ],
)
def test_bad_article_gives_one_line_error(tmp_path, capsys, name, content, message):
    path = tmp_path / name
    if content is not None:
        path.write_bytes(content)
    assert main(["read", str(path)]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and message in err and err.startswith("quotelens: error: ")
    assert "Traceback" not in err


def test_folder_gives_one_line_error_with_default_command(tmp_path, capsys):
    assert main([str(tmp_path)]) == 2
    assert "is a folder" in capsys.readouterr().err


def test_unknown_model_gives_one_line_error(tmp_path, capsys):
    path = tmp_path / "a.txt"
    path.write_text("The mayor said the road would reopen.", encoding="utf-8")
    assert main(["read", "--model", "xx_no_such_model", str(path)]) == 2
    err = capsys.readouterr().err
    assert "xx_no_such_model" in err and "not installed" in err


def test_version_flag_prints_the_version(capsys):
    with pytest.raises(SystemExit) as exit_info:
        main(["--version"])
    assert exit_info.value.code == 0
    assert capsys.readouterr().out.startswith("quotelens ")


def test_doctor_names_the_model_and_versions(capsys):
    assert main(["doctor"]) == 0
    out = capsys.readouterr().out
    assert "spacy: 3.8" in out and "textual: " in out
    assert "model: en_core_web_sm" in out
    assert "+ shipped scorer 1 (--model rules: the rules alone)" in out
    assert "library: " in out and "config: " in out


def test_doctor_with_the_rules_alone_names_no_scorer(capsys):
    assert main(["--model", "rules", "doctor"]) == 0
    model = [line for line in capsys.readouterr().out.splitlines() if line.startswith("model: ")]
    assert model[0].startswith("model: rules:en_core_web_sm") and "scorer" not in model[0]


def test_common_options_work_before_the_command(tmp_path, capsys):
    assert main(["--library", str(tmp_path / "lib"), "doctor"]) == 0
    assert f"library: {tmp_path / 'lib'}" in capsys.readouterr().out


def test_common_options_before_a_bare_path_open_the_reader(tmp_path, capsys):
    assert main(["--library", str(tmp_path / "lib"), str(tmp_path / "gone.txt")]) == 2
    assert "gone.txt: no such file" in capsys.readouterr().err


@pytest.mark.parametrize(
    "files, message",
    [
        ({}, "model: not a spaCy model folder (no config.cfg or meta.json)"),
        ({"meta.json": "{}"}, "model' cannot be loaded: [E054]"),
    ],
    ids=["empty-folder", "damaged-meta"],
)
@pytest.mark.model
def test_model_folder_that_is_no_model_gives_one_line_error(tmp_path, capsys, files, message):
    article = tmp_path / "a.txt"
    article.write_text("The mayor said the road would reopen.", encoding="utf-8")
    folder = tmp_path / "model"
    folder.mkdir()
    for name, content in files.items():
        (folder / name).write_text(content, encoding="utf-8")
    assert main(["extract", "--model", str(folder), str(article)]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and message in err


@pytest.mark.model
def test_dotted_unknown_model_name_gives_one_line_error(tmp_path, capsys):
    article = tmp_path / "a.txt"
    article.write_text("The mayor said the road would reopen.", encoding="utf-8")
    assert main(["extract", "--model", "no_such_pkg.model", str(article)]) == 2
    assert "not installed" in capsys.readouterr().err


def test_piped_article_without_a_terminal_for_keys_is_one_line_error(monkeypatch, capsys):
    import io
    import os
    import sys

    class Piped(io.TextIOWrapper):
        def isatty(self):
            return False

    monkeypatch.setattr(sys, "stdin", Piped(io.BytesIO("“We are ready,” the mayor said.".encode())))

    def no_tty(path, flags):
        raise OSError(6, "No such device or address")

    monkeypatch.setattr(os, "open", no_tty)
    assert main(["read", "-"]) == 2
    err = capsys.readouterr().err
    assert "no terminal to read keys from" in err and err.count("\n") == 1
