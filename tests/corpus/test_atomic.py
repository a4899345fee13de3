"""Atomic writes: all of the new content or none, permissions kept, folders never clobbered."""
import os

import pytest

from corpus.atomic import WriteError, atomic_file, atomic_folder, atomic_write


def current_umask() -> int:
    mask = os.umask(0o022)
    os.umask(mask)
    return mask


def test_new_file_gets_the_umask_mode_not_0600(tmp_path):
    target = tmp_path / "new.bin"
    atomic_write(target, b"data")
    assert target.read_bytes() == b"data"
    assert target.stat().st_mode & 0o777 == 0o666 & ~current_umask()


def test_replaced_file_keeps_its_mode(tmp_path):
    target = tmp_path / "kept.txt"
    target.write_bytes(b"old")
    target.chmod(0o604)
    with atomic_file(target, encoding="utf-8") as out:
        out.write("new")
    assert target.read_text(encoding="utf-8") == "new"
    assert target.stat().st_mode & 0o777 == 0o604


def test_failed_block_leaves_the_old_file_and_no_temp_file(tmp_path):
    target = tmp_path / "kept.txt"
    target.write_bytes(b"old")
    with pytest.raises(RuntimeError), atomic_file(target) as out:
        out.write(b"half")
        raise RuntimeError("interrupted")
    assert target.read_bytes() == b"old" and os.listdir(tmp_path) == ["kept.txt"]


def test_a_folder_is_never_replaced_by_a_file(tmp_path):
    with pytest.raises(WriteError, match="is a folder; give a file name"), atomic_file(tmp_path):
        pytest.fail("the block must not run")


def test_folder_is_replaced_only_when_the_check_allows_it(tmp_path):
    target = tmp_path / "out"
    target.mkdir()
    (target / "mine.txt").write_text("keep", encoding="utf-8")
    refused = pytest.raises(WriteError, match="out: exists and is not an earlier output")
    with refused, atomic_folder(target, lambda p: False):
        pytest.fail("the block must not run")
    assert os.listdir(target) == ["mine.txt"]
    with atomic_folder(target, lambda p: True) as folder:
        (folder / "new.txt").write_text("fresh", encoding="utf-8")
    assert os.listdir(target) == ["new.txt"] and os.listdir(tmp_path) == ["out"]
