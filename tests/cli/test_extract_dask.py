"""``extract --dask``: a LocalCluster of two workers gives the bytes of a one-process run,
and a worker killed mid-run loses no article."""
import os
import signal

import orjson
import pytest

from services.batch_parse import Job
from services.batch_runner import InlineBackend, run_batches
from tui.cli import main

pytestmark = pytest.mark.model  # the workers load the spaCy pipeline


def test_local_cluster_of_two_workers_writes_the_same_bytes_as_one_process(article_folder, tmp_path):
    one, cluster = tmp_path / "one.jsonl", tmp_path / "dask.jsonl"
    assert main(["extract", str(article_folder), "-o", str(one), "--processes", "1"]) == 0
    assert main(["extract", str(article_folder), "-o", str(cluster), "--dask", "local", "--processes", "2"]) == 0
    assert cluster.read_bytes() == one.read_bytes()


def test_a_worker_killed_mid_run_loses_no_article(monkeypatch):
    from services.dask_backend import DaskBackend  # Dask only where used: collection stays light

    monkeypatch.setattr("services.batch_runner.BATCH_ARTICLES", 1)
    texts = [f"\u201cWe will finish the bridge by May {n},\u201d said engineer Lena Ortiz." for n in range(1, 13)]
    jobs = [Job(str(n), f"story-{n}", "Bridge", text, {}) for n, text in enumerate(texts)]
    expected = [r for batch in run_batches(jobs, InlineBackend(None)) for r in batch]
    backend = DaskBackend("local", None, workers=2)
    try:
        pids = backend.client.run(os.getpid)
        killed = next(iter(pids.values()))
        got = []
        for batch in run_batches(jobs, backend):
            if not got:
                os.kill(killed, signal.SIGKILL)
            got.extend(batch)
        assert killed not in backend.client.run(os.getpid).values()
    finally:
        backend.close()
    assert got == expected and len(got) == 12


def test_an_unreachable_scheduler_is_a_one_line_error(article_folder, capsys, monkeypatch):
    monkeypatch.setattr("services.dask_backend.CONNECT_TIMEOUT", "1s")
    assert main(["extract", str(article_folder), "--dask", "tcp://127.0.0.1:9"]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "tcp://127.0.0.1:9: cannot reach the Dask scheduler" in err
