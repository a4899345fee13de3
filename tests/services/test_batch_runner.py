"""run_batches: input order or arrival order, a bounded number of batches in flight, and a
batch sent again when its worker died."""
import os
import signal
from concurrent.futures import Future

import pytest

from services.batch_parse import Job
from services.batch_runner import InlineBackend, ProcessBackend, run_batches


class WorkerDied(Exception):
    pass


class ReversedBackend:
    """Finishes the batches in flight last-submitted first; the first try of ``dies`` is lost."""

    workers = 2
    lost = (WorkerDied,)

    def __init__(self, dies=()):
        self.flying, self.most, self.tries, self.dies = [], 0, {}, set(dies)

    def submit(self, batch):
        future = Future()
        self.flying.append((future, batch))
        self.most = max(self.most, len(self.flying))
        return future

    def wait(self, futures):
        future, batch = self.flying.pop()
        key = batch[0]["n"]
        self.tries[key] = self.tries.get(key, 0) + 1
        if key in self.dies and self.tries[key] == 1:
            future.set_exception(WorkerDied())
        else:
            future.set_result([dict(item, done=True) for item in batch])
        return {future}

    def recover(self):
        pass


def items(n):
    return [{"n": k} for k in range(n)]  # records pass through a batch as they are


def test_ordered_records_come_in_input_order_with_few_batches_in_flight(monkeypatch):
    monkeypatch.setattr("services.batch_runner.BATCH_ARTICLES", 2)
    backend = ReversedBackend()
    got = [r["n"] for batch in run_batches(items(20), backend) for r in batch]
    assert got == list(range(20))
    assert backend.most <= 2 * backend.workers


def test_unordered_records_come_as_batches_finish(monkeypatch):
    monkeypatch.setattr("services.batch_runner.BATCH_ARTICLES", 2)
    got = [r["n"] for batch in run_batches(items(8), ReversedBackend(), ordered=False) for r in batch]
    assert sorted(got) == list(range(8)) and got != list(range(8))


def test_a_batch_whose_worker_died_is_sent_again(monkeypatch):
    monkeypatch.setattr("services.batch_runner.BATCH_ARTICLES", 2)
    backend = ReversedBackend(dies={4})
    got = [r["n"] for batch in run_batches(items(10), backend) for r in batch]
    assert got == list(range(10)) and backend.tries[4] == 2


@pytest.mark.model
def test_a_pool_process_killed_mid_run_loses_no_article(monkeypatch):
    monkeypatch.setattr("services.batch_runner.BATCH_ARTICLES", 1)
    texts = [f"\u201cThe dam holds,\u201d said inspector Ravi Menon on day {n}." for n in range(10)]
    jobs = [Job(str(n), f"day-{n}", "Dam", text, {}) for n, text in enumerate(texts)]
    expected = [r for batch in run_batches(jobs, InlineBackend(None)) for r in batch]
    backend = ProcessBackend(None, 2)
    first = backend.pool
    try:
        got = []
        for batch in run_batches(jobs, backend):
            if not got:
                os.kill(next(iter(backend.pool._processes)), signal.SIGKILL)
            got.extend(batch)
    finally:
        backend.close()
    assert got == expected
    assert backend.pool is not first  # the broken pool was replaced and its batches sent again
