"""Batches on a Dask cluster: ``--dask tcp://SCHEDULER:8786``, or ``--dask local`` for a
LocalCluster on this machine.

Each worker loads the pipeline once, when it joins (a worker plugin, run again on a worker
that replaces a dead one), and keeps it for every batch (``load_pipeline`` is cached). When a
worker dies, the scheduler sends its batches to another worker; a batch that raised is tried
again ``RETRIES`` times. Workers need quotelens and the model installed, as here.
"""
from __future__ import annotations

import logging
from collections.abc import Iterable

from distributed import Client, LocalCluster, WorkerPlugin, wait
from distributed.comm.core import CommClosedError

from corpus.errors import QuotelensError
from services.batch_parse import model_name, parse_batch

RETRIES = 2
CONNECT_TIMEOUT = "20s"


class DaskError(QuotelensError):
    """The scheduler cannot be reached."""


class PipelineLoader(WorkerPlugin):
    """Worker plugin: load the pipeline when the worker starts, so batches find it loaded."""

    name = "quotelens-pipeline"

    def __init__(self, model: str | None) -> None:
        self.model = model

    def setup(self, worker) -> None:
        model_name(self.model)


class DaskBackend:
    """A Dask client and, for ``local``, the LocalCluster it started."""

    lost = (CommClosedError,)

    def __init__(self, address: str, model: str | None, workers: int = 2) -> None:
        self.model = model
        self.cluster = None
        try:
            if address == "local":
                self.cluster = LocalCluster(
                    n_workers=workers, threads_per_worker=1, processes=True,
                    dashboard_address=None, silence_logs=logging.ERROR,
                )  # fmt: skip
                self.client = Client(self.cluster)
            else:
                self.client = Client(address, timeout=CONNECT_TIMEOUT)
        except (OSError, TimeoutError) as exc:
            self.close()
            raise DaskError(f"{address}: cannot reach the Dask scheduler ({exc})") from None
        self.client.register_plugin(PipelineLoader(model))
        self.workers = max(1, sum(self.client.nthreads().values()))

    def submit(self, batch: list):
        return self.client.submit(parse_batch, self.model, batch, pure=False, retries=RETRIES)

    def wait(self, futures: Iterable) -> set:
        return wait(list(futures), return_when="FIRST_COMPLETED").done

    def label(self) -> str:
        return self.client.submit(model_name, self.model, pure=False).result()

    def recover(self) -> None:
        pass  # the scheduler reschedules the tasks of a dead worker itself

    def close(self) -> None:
        client = getattr(self, "client", None)
        if client is not None:
            client.close()
        if self.cluster is not None:
            self.cluster.close()
