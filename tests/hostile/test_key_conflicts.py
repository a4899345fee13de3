"""A [keys] remap that puts two actions on one key is refused, naming the file and the keys."""
from __future__ import annotations

import pytest

from tui.app import QuotelensApp, binding_groups
from tui.cli import main
from tui.config import Config, ConfigError
from tui.keymap import key_conflicts


def test_no_conflicts_by_default():
    assert key_conflicts({}, binding_groups()) == []


def test_a_remap_that_steals_a_key_is_a_conflict():
    assert key_conflicts({"reader.accept": "n"}, binding_groups()) == [
        "'n' is given to reader.accept but is already reader.next"
    ]


def test_two_remaps_onto_one_new_key_are_a_conflict():
    assert key_conflicts({"reader.accept": "z", "reader.reject": "z"}, binding_groups()) == [
        "'z' is given to both reader.accept and reader.reject"
    ]


def test_swapping_two_keys_is_fine():
    assert key_conflicts({"reader.accept": "x", "reader.reject": "a"}, binding_groups()) == []


def test_the_app_refuses_a_conflicting_config(tmp_path):
    config = Config(keys={"library.import": "d"}, path=tmp_path / "config.toml")
    with pytest.raises(ConfigError, match=r"config.toml: \[keys\] conflicts: 'd' is given to library.import"):
        QuotelensApp(None, model="unused", config=config)


def test_the_command_line_and_doctor_name_the_file_and_the_conflict(tmp_path, monkeypatch, capsys):
    path = tmp_path / "config.toml"
    path.write_text('[keys]\n"reader.accept" = "n"\n', encoding="utf-8")
    monkeypatch.setenv("QUOTELENS_CONFIG", str(path))
    assert main(["library", "--library", str(tmp_path / "lib")]) == 2
    err = capsys.readouterr().err
    assert err == f"quotelens: error: {path}: [keys] conflicts: 'n' is given to reader.accept but is already reader.next\n"
    assert main(["doctor"]) == 1
    assert "'n' is given to reader.accept" in capsys.readouterr().out
