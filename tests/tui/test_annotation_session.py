"""A whole annotation session survives quitting, and a kill -9, exactly as last acknowledged."""
from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import textwrap
from pathlib import Path

from corpus.article import Article
from corpus.library import Library
from tui.app import QuotelensApp

from .conftest import SIZE
from .test_reader import open_parsed

ROOT = Path(__file__).parents[2]
TEXT = (
    "“The bridge will open in May,” the mayor, Ana Ruiz, said on Monday. "
    "Council member Tom Beck said the budget was already spent. "
    "“We were never consulted,” said Lena Ortiz, who runs the ferry. "
    "Ruiz said the ferry would keep running. “Nobody loses a job,” she added."
)


def review_state(library: Library, article_id: str) -> list[tuple]:
    return sorted(
        (r["quote"][0]["start"], r["quote"][-1]["end"], r["status"], tuple(r["labels"]),
         r["speaker_name"], r["note"])
        for r in library.statements(article_id)
    )  # fmt: skip


async def test_scripted_session_is_the_same_after_reopening(seed, stub_parser, tmp_path):
    with Library.open(tmp_path / "lib") as library:
        library.add_article(seed)
        app = QuotelensApp(seed, model=stub_parser, library=library)
        async with app.run_test(size=SIZE) as pilot:
            screen = await open_parsed(app, pilot)
            actions = [
                "n", "a", "n", "x", "n", "1", "3", "u", "U", "N", "a",
                "n", "e", "right_square_bracket", "enter", "u", "ctrl+y", "N", "x", "D",
            ]  # fmt: skip
            assert len(actions) == 20
            await pilot.press(*actions)
            shown = sorted(
                (s.start, s.end, s.status, s.labels, s.speaker_name, s.note)
                for s in screen.statements
            )
            await pilot.press("q")
        assert review_state(library, seed.id) == shown
        statuses = [row[2] for row in shown]
        assert statuses.count("rejected") == 2 and "corrected" in statuses
    with Library.open(tmp_path / "lib") as library:
        assert review_state(library, seed.id) == shown
        assert library.entry(seed.id).status == "done"
        app = QuotelensApp(seed, model=stub_parser, library=library)
        async with app.run_test(size=SIZE) as pilot:
            screen = await open_parsed(app, pilot)
            again = sorted(
                (s.start, s.end, s.status, s.labels, s.speaker_name, s.note)
                for s in screen.statements
            )
            assert again == shown
            await pilot.press("u")  # the undo stack survived the restart
            assert review_state(library, seed.id) != shown


CHILD = textwrap.dedent(
    """
    import asyncio, json, sys
    from corpus.article import Article
    from corpus.library import Library
    from tui.app import QuotelensApp

    def state(library, aid):
        return sorted([r["id"], r["status"], r["labels"]] for r in library.statements(aid))

    async def main(path, text, model):
        article = Article("Ferry", text, "ferry.txt")
        with Library.open(path) as library:
            app = QuotelensApp(article, model=model, library=library)
            async with app.run_test(size=(100, 30)) as pilot:
                while app.screen.loaded is None:
                    await pilot.pause(0.02)
                for key in ["n", "a", "n", "x", "n", "2", "u", "U", "n", "a", "n", "1"] * 5:
                    await asyncio.to_thread(sys.stdin.readline)  # the test says when to go on
                    await pilot.press(key)
                    print("ack", json.dumps(state(library, article.id)), flush=True)
                await asyncio.sleep(60)

    if __name__ == "__main__":
        asyncio.run(main(sys.argv[1], sys.argv[2], sys.argv[3]))
    """
)


def test_kill_9_keeps_exactly_the_acknowledged_state(tmp_path, model):
    article = Article("Ferry", TEXT, "ferry.txt")
    path = tmp_path / "lib"
    with Library.open(path) as library:
        library.add_article(article)
        starts = [TEXT.index(s) for s in ("“The bridge", "the budget", "“We were", "the ferry would", "“Nobody")]
        ends = [TEXT.index(e) + len(e) for e in ("May,”", "spent", "consulted,”", "running", "job,”")]
        found = [
            {"quote": [{"start": s, "end": e, "text": TEXT[s:e]}], "cue": None, "speaker": None,
             "speaker_name": "Ana Ruiz", "kind": "direct", "confidence": 0.9}
            for s, e in zip(starts, ends)
        ]  # fmt: skip
        library.save_parse(article.id, found, f"{model}-test")
    script = tmp_path / "child.py"
    script.write_text(CHILD)
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    child = subprocess.Popen(
        [sys.executable, str(script), str(path), TEXT, model],
        stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True, env=env, start_new_session=True,
    )  # fmt: skip
    acked = None
    try:
        for _ in range(17):  # kill somewhere in the middle of the session, the journal unfolded
            child.stdin.write("go\n")
            child.stdin.flush()
            line = child.stdout.readline()
            assert line.startswith("ack "), line
            acked = json.loads(line[4:])
    finally:
        os.killpg(child.pid, signal.SIGKILL)
        child.wait(10)
    with Library.open(path) as library:
        assert library.warnings == [] or all("stale" in w or "lock" in w for w in library.warnings)
        now = sorted([r["id"], r["status"], r["labels"]] for r in library.statements(article.id))
    assert now == acked
    assert any(status != "predicted" for _, status, _ in now)
