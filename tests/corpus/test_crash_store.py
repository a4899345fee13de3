"""Crash safety: a writer killed with SIGKILL at random moments loses no acknowledged write.

The writer (this file run as a script) makes random library changes and prints a line
before each one and an acknowledgement after it returns. The test kills it at random
times, then checks that every file parses and that the library holds exactly what was
acknowledged (the one change in flight at the kill may or may not be there). A second
writer kills itself halfway through writing a journal line (corpus.journal).
"""
from __future__ import annotations

import json
import os
import random
import signal
import subprocess
import sys
import time
from pathlib import Path

import orjson

from corpus import journal
from corpus.article import Article
from corpus.library import Library

MIN_ACKED = 200
MIN_RUNS = 10


def writer(root: str, seed: int) -> None:
    """Make random changes forever, printing ``begin``/``ack`` lines around each."""
    rng = random.Random(seed)
    lib = Library.open(root, readonly=False)

    def say(kind: str, op: dict) -> None:
        print(json.dumps({"kind": kind, **op}), flush=True)

    for i in range(10**9):
        token = f"s{seed}-{i}"
        articles = [e.id for e in lib.articles()]
        statements = [(a, s["id"]) for a in articles for s in lib.statements(a)]
        choice = rng.random()
        if not articles or choice < 0.08:
            text = f"In update {token}, the committee said the harbour plan would go ahead."
            op = {"op": "add_article", "article": Article("Harbour", text, "t.txt").id, "text": text}
            say("begin", op)
            lib.add_article(Article("Harbour", text, "t.txt"))
        elif len(articles) > 4 and choice < 0.12:
            op = {"op": "delete_article", "article": rng.choice(articles)}
            say("begin", op)
            lib.delete_article(op["article"])
        elif not statements or choice < 0.35:
            op = {"op": "add_statement", "article": rng.choice(articles), "note": token}
            say("begin", op)
            record = lib.add_statement(op["article"], {"quote": [{"start": 0, "end": 9}], "note": token})
            op["statement"] = record["id"]
        elif choice < 0.5:
            aid, sid = rng.choice(statements)
            op = {"op": "delete_statement", "article": aid, "statement": sid}
            say("begin", op)
            lib.delete_statement(aid, sid)
        elif choice < 0.6:
            op = {"op": "status", "article": rng.choice(articles), "status": rng.choice(["done", "skipped"])}
            say("begin", op)
            lib.set_article_status(op["article"], op["status"])
        else:
            aid, sid = rng.choice(statements)
            op = {"op": "note", "article": aid, "statement": sid, "note": token}
            say("begin", op)
            lib.update_statement(aid, sid, {"note": token})
        say("ack", op)


def snapshot(root: Path) -> dict:
    """Article id -> {"status": …, "statements": {id: note}} as the library reads it."""
    with Library.open(root, readonly=False) as lib:
        assert not any(".corrupt-" in w for w in lib.warnings), lib.warnings
        state = {}
        for entry in lib.articles():
            notes = {s["id"]: s["note"] for s in lib.statements(entry.id)}
            assert entry.statements == len(notes), "index counts match the article file"
            state[entry.id] = {"status": entry.status, "statements": notes}
        return state


def expected_after(state: dict, acked: list[dict]) -> dict:
    """The library state after applying acknowledged operations."""
    state = json.loads(json.dumps(state))
    for op in acked:
        article = state.get(op["article"])
        if op["op"] == "add_article":
            state.setdefault(op["article"], {"status": "new", "statements": {}})
        elif op["op"] == "delete_article":
            state.pop(op["article"])
        elif op["op"] == "status":
            article["status"] = op["status"]
        elif op["op"] == "delete_statement":
            article["statements"].pop(op["statement"])
        else:
            article["statements"][op["statement"]] = op["note"]
            if article["status"] == "new":
                article["status"] = "in_progress"
    return state


def in_flight_explains(expected: dict, actual: dict, op: dict | None) -> bool:
    """True if the one unacknowledged operation, applied, turns ``expected`` into ``actual``."""
    if op is None:
        return False
    if op["op"] == "add_statement":
        added = {
            sid for sid, note in actual.get(op["article"], {}).get("statements", {}).items()
            if note == op["note"]
        }
        if len(added) != 1:
            return False
        op = {**op, "statement": added.pop()}
    return expected_after(expected, [op]) == actual


def check_files_parse(root: Path) -> None:
    """Every file parses; a journal (left by the kill) at most with its last line torn."""
    for path in [root / "index.json", *sorted((root / "articles").glob("*.json"))]:
        orjson.loads(path.read_bytes())
    for path in (root / "articles").glob("*.journal"):
        journal.read_changes(path)
    assert not list(root.rglob("*.corrupt-*"))


def torn_writer(root: str) -> None:
    """Acknowledge three notes, then die by SIGKILL halfway through the next journal line."""
    lib = Library.open(root, readonly=False, annotator="ana")
    text = "The committee said the harbour plan would go ahead."
    aid = lib.add_article(Article("Harbour", text, "t.txt")).id
    sid = lib.add_statement(aid, {"quote": [{"start": 0, "end": 13}]})["id"]
    for note in ("one", "two", "three"):
        lib.update_statement(aid, sid, {"note": note})
        print(json.dumps({"article": aid, "statement": sid, "note": note}), flush=True)
    write = journal.os.write

    def write_half_and_die(fd: int, data: bytes) -> int:
        write(fd, bytes(data[: len(data) // 2]))
        os.kill(os.getpid(), signal.SIGKILL)
        return 0

    journal.os.write = write_half_and_die
    lib.update_statement(aid, sid, {"note": "in flight"})


def test_killed_writer_loses_no_acknowledged_write(tmp_path):
    root = tmp_path / "lib"
    rng = random.Random(20240611)
    state = snapshot(root)
    acked_total, runs = 0, 0
    while acked_total < MIN_ACKED or runs < MIN_RUNS:
        proc = subprocess.Popen(
            [sys.executable, __file__, str(root), str(runs)],
            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
        )
        time.sleep(rng.uniform(0.25, 0.7))
        proc.send_signal(signal.SIGKILL)
        out, err = proc.communicate()
        assert proc.returncode == -signal.SIGKILL, err
        lines = [json.loads(line) for line in out.splitlines() if line.strip()]
        acked = [line for line in lines if line["kind"] == "ack"]
        begun = [line for line in lines if line["kind"] == "begin"]
        in_flight = begun[-1] if len(begun) > len(acked) else None
        check_files_parse(root) if (root / "index.json").exists() else None
        expected = expected_after(state, acked)
        actual = snapshot(root)
        assert actual == expected or in_flight_explains(expected, actual, in_flight), (
            f"run {runs}: state differs from the {len(acked)} acknowledged writes; in flight: {in_flight}"
        )
        state = actual
        acked_total += len(acked)
        runs += 1
    assert acked_total >= MIN_ACKED


def test_writer_killed_mid_journal_line_keeps_every_acknowledged_change(tmp_path):
    root = tmp_path / "lib"
    proc = subprocess.run(
        [sys.executable, __file__, str(root), "torn"], capture_output=True, text=True
    )
    assert proc.returncode == -signal.SIGKILL, proc.stderr
    acked = [json.loads(line) for line in proc.stdout.splitlines()]
    assert [a["note"] for a in acked] == ["one", "two", "three"]
    (path,) = (root / "articles").glob("*.journal")
    assert not path.read_bytes().endswith(b"\n")  # the kill tore the last line
    check_files_parse(root)
    with Library.open(root, readonly=True, annotator="ana") as lib:  # reads, never folds
        assert [s["note"] for s in lib.statements(acked[0]["article"])] == ["three"]
    assert path.exists()
    with Library.open(root, readonly=False, annotator="ana") as lib:  # folds at open
        assert not path.exists()
        assert [s["note"] for s in lib.statements(acked[0]["article"])] == ["three"]
        assert lib.entry(acked[0]["article"]).statements == 1
        assert not any("damaged" in w for w in lib.warnings), lib.warnings
        lib.update_statement(acked[0]["article"], acked[0]["statement"], {"note": "four"})
    with Library.open(root, readonly=True, annotator="ana") as lib:
        assert [s["note"] for s in lib.statements(acked[0]["article"])] == ["four"]


if __name__ == "__main__":
    if sys.argv[2] == "torn":
        torn_writer(sys.argv[1])
    else:
        writer(sys.argv[1], int(sys.argv[2]))
