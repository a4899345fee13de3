"""Running batches of articles through ``batch_parse.parse_batch``: in this process, in a
pool of processes on this machine, or on a Dask cluster (``services.dask_backend``).

``run_batches`` keeps a bounded number of batches in flight (twice the workers), so memory
stays the same whatever the corpus size: the input is read only as fast as workers finish.
Results come out in input order (a finished batch waits for those before it, within that
bound) or, unordered, as they arrive. A batch whose worker died is sent again.
"""
from __future__ import annotations

import multiprocessing
import os
from collections.abc import Iterable, Iterator
from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, wait
from concurrent.futures.process import BrokenProcessPool
from itertools import islice
from typing import Protocol

from services.batch_parse import Job, model_name, parse_batch

BATCH_ARTICLES = 16  # articles per batch: nlp.pipe's own batch size
BATCH_CHARS = 200_000  # ... or fewer, for long articles
WORKER_MB = 600  # one worker with the small English pipeline: about 400 MB (bench/RESULTS.md), with room for long texts
RETRIES = 3  # times a batch is sent again after its worker died


class Backend(Protocol):
    """Where batches run: ``workers`` parallel slots, futures with ``.result()``."""

    workers: int
    lost: tuple[type[BaseException], ...]  # a worker died: the batch may be sent again

    def submit(self, batch: list) -> Future: ...
    def wait(self, futures: Iterable) -> set: ...
    def label(self) -> str: ...
    def recover(self) -> None: ...
    def close(self) -> None: ...


def default_processes() -> int:
    """The machine's cores available to us, fewer if memory cannot hold that many pipelines."""
    cores = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1
    return max(1, min(cores, _available_mb() // WORKER_MB))


def _available_mb() -> int:
    try:
        with open("/proc/meminfo", encoding="ascii") as info:
            for line in info:
                if line.startswith("MemAvailable:"):
                    return int(line.split()[1]) // 1024
    except (OSError, ValueError):
        pass
    return WORKER_MB * (os.cpu_count() or 1)  # unknown: let the cores decide


class InlineBackend:
    """Batches parsed here, one after the other."""

    workers = 1
    lost: tuple[type[BaseException], ...] = ()

    def __init__(self, model: str | None) -> None:
        self.model = model

    def submit(self, batch: list) -> Future:
        future: Future = Future()
        try:
            future.set_result(parse_batch(self.model, batch))
        except BaseException as exc:
            future.set_exception(exc)
        return future

    def wait(self, futures: Iterable) -> set:
        return set(futures)

    def label(self) -> str:
        return model_name(self.model)

    def recover(self) -> None:
        pass

    def close(self) -> None:
        pass


class ProcessBackend:
    """A pool of ``processes`` worker processes (forkserver), each loading the pipeline once."""

    lost = (BrokenProcessPool,)

    def __init__(self, model: str | None, processes: int) -> None:
        self.model = model
        self.workers = processes
        self.pool = self._new_pool()

    def _new_pool(self) -> ProcessPoolExecutor:
        return ProcessPoolExecutor(self.workers, mp_context=multiprocessing.get_context("forkserver"))

    def submit(self, batch: list) -> Future:
        return self.pool.submit(parse_batch, self.model, batch)

    def wait(self, futures: Iterable) -> set:
        return wait(futures, return_when=FIRST_COMPLETED).done

    def label(self) -> str:
        return self.pool.submit(model_name, self.model).result()

    def recover(self) -> None:
        """A worker died and took the pool down: start a new pool (once per breakage)."""
        if getattr(self.pool, "_broken", False):
            self.pool.shutdown(wait=False, cancel_futures=True)
            self.pool = self._new_pool()

    def close(self) -> None:
        self.pool.shutdown(wait=True, cancel_futures=True)


def local_backend(model: str | None, processes: int) -> Backend:
    """This process for one, else a pool of processes."""
    return InlineBackend(model) if processes <= 1 else ProcessBackend(model, processes)


def batches(items: Iterable[Job | dict]) -> Iterator[list[Job | dict]]:
    """Consecutive items in batches of ``BATCH_ARTICLES``, cut earlier at ``BATCH_CHARS``."""
    batch: list[Job | dict] = []
    chars = 0
    for item in items:
        batch.append(item)
        chars += len(item.text) if isinstance(item, Job) else 0
        if len(batch) >= BATCH_ARTICLES or chars >= BATCH_CHARS:
            yield batch
            batch, chars = [], 0
    if batch:
        yield batch


def run_batches(items: Iterable[Job | dict], backend: Backend, ordered: bool = True) -> Iterator[list[dict]]:
    """The records of each batch of ``items`` (``parse_batch``), in input order or, with
    ``ordered=False``, as batches finish; at most ``2 * backend.workers`` batches are in
    flight or waiting for an earlier one."""
    window = 2 * max(1, backend.workers)
    todo = enumerate(batches(items))
    pending: dict = {}  # future -> (number, batch, tries)
    finished: dict[int, list[dict]] = {}  # ordered: batches done before an earlier one
    following = 0
    while True:
        for number, batch in islice(todo, max(0, window - len(pending) - len(finished))):
            pending[backend.submit(batch)] = (number, batch, 0)
        if not pending:
            return
        done = backend.wait(list(pending))
        for future in [f for f in pending if f in done]:  # earlier batches first
            number, batch, tries = pending.pop(future)
            try:
                records = future.result()
            except backend.lost:
                if tries >= RETRIES:
                    raise
                backend.recover()
                pending[backend.submit(batch)] = (number, batch, tries + 1)
                continue
            if not ordered:
                yield records
                continue
            finished[number] = records
            while following in finished:
                yield finished.pop(following)
                following += 1
