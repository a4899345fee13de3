"""``quotelens export``/``import`` round trips of the task formats through an empty library."""

from __future__ import annotations

from pathlib import Path

import pytest

from tui.cli import main

BRAT = Path(__file__).parents[1] / "fixtures" / "brat"


def run(*args) -> int:
    return main(list(map(str, args)))


@pytest.mark.parametrize("fmt, name", [("prodigy", "t.jsonl"), ("doccano", "d.jsonl"), ("labelstudio", "ls.json")])
@pytest.mark.parametrize("unit", ["article", "paragraph"])
def test_task_format_round_trip_through_an_empty_library_gives_the_same_bytes(tmp_path, fmt, name, unit):
    assert run("import", "--library", tmp_path / "a", BRAT) == 0
    out = ("export", "--format", fmt, "--task-unit", unit, "--include-rejected", "-o")
    assert run(*out[:1], "--library", tmp_path / "a", *out[1:], tmp_path / f"first-{name}") == 0
    assert run("import", "--library", tmp_path / "b", tmp_path / f"first-{name}") == 0
    assert run(*out[:1], "--library", tmp_path / "b", *out[1:], tmp_path / f"second-{name}") == 0
    first = (tmp_path / f"first-{name}").read_bytes()
    assert first == (tmp_path / f"second-{name}").read_bytes()
    assert b"Lena Marsh" in first


def test_unknown_task_unit_is_refused_by_the_command_line(tmp_path, capsys):
    with pytest.raises(SystemExit):
        run("export", "--library", tmp_path / "a", "--format", "prodigy", "--task-unit", "page", "-o", tmp_path / "x")
    assert "invalid choice: 'page'" in capsys.readouterr().err
