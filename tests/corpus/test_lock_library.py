"""One writer per library: a second quotelens reads only, a dead writer's lock is taken over."""
from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import textwrap

import pytest

from corpus.article import Article
from corpus.library import Library
from corpus.store_errors import LibraryLockedError, ReadOnlyLibraryError

ARTICLE = Article(title="Rail strike", text="Train drivers will strike on Friday, the union said.", source="rail.txt")


def hold_library(root) -> subprocess.Popen:
    """A separate process that opens the library for writing and waits."""
    script = textwrap.dedent(
        f"""
        import sys, time
        from corpus.library import Library
        lib = Library.open({str(root)!r})
        print("writer" if not lib.readonly else "reader", flush=True)
        time.sleep(60)
        """
    )
    proc = subprocess.Popen([sys.executable, "-c", script], stdout=subprocess.PIPE, text=True)
    assert proc.stdout.readline().strip() == "writer"
    return proc


def test_second_instance_opens_readonly_and_says_why(tmp_path):
    root = tmp_path / "lib"
    with Library.open(root) as first:
        first.add_article(ARTICLE)
        with Library.open(root) as second:
            assert not first.readonly
            assert second.readonly
            assert f"pid {os.getpid()}" in second.readonly_reason
            assert "read-only" in second.readonly_reason
            assert [e.id for e in second.articles()] == [ARTICLE.id]
            with pytest.raises(ReadOnlyLibraryError):
                second.add_article(Article(title="x", text="Another text.", source="x.txt"))


def test_second_instance_in_another_process_is_readonly(tmp_path):
    root = tmp_path / "lib"
    holder = hold_library(root)
    try:
        with Library.open(root) as lib:
            assert lib.readonly
            assert f"pid {holder.pid}" in lib.readonly_reason
    finally:
        holder.kill()
        holder.wait()


def test_write_access_demanded_while_locked_is_refused(tmp_path):
    root = tmp_path / "lib"
    with Library.open(root):
        with pytest.raises(LibraryLockedError, match="in use by another quotelens"):
            Library.open(root, readonly=False)


def test_lock_of_killed_writer_is_taken_over(tmp_path):
    root = tmp_path / "lib"
    holder = hold_library(root)
    holder.send_signal(signal.SIGKILL)
    holder.wait()
    with Library.open(root) as lib:
        assert not lib.readonly
        assert any(f"took over the lock left by pid {holder.pid}" in w for w in lib.warnings)
        lib.add_article(ARTICLE)


def test_lock_file_naming_a_dead_pid_is_stale(tmp_path):
    root = tmp_path / "lib"
    root.mkdir()
    gone = subprocess.Popen([sys.executable, "-c", "pass"])
    gone.wait()
    (root / "library.lock").write_text(json.dumps({"pid": gone.pid, "host": "x", "started": "then"}))
    with Library.open(root) as lib:
        assert not lib.readonly
        assert any("no longer running" in w for w in lib.warnings)


def test_closing_writer_frees_the_library(tmp_path):
    root = tmp_path / "lib"
    Library.open(root).close()
    with Library.open(root) as lib:
        assert not lib.readonly and lib.warnings == []
