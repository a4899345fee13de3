"""Parsing articles for the reader in a child process, so the interface never stalls.

spaCy holds the GIL for seconds at a time on long texts: parsed in a thread of the app, a
20,000-word article froze scrolling for ~2 s per key. The reader's thread worker hands the text
to one long-lived child process instead (the pipeline stays loaded there between articles) and
only waits; cancelling the worker (quitting mid-parse) stops the child at once.
"""
from __future__ import annotations

import multiprocessing
import sys
import threading
import time
from collections import Counter
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from multiprocessing.connection import Connection

from annotators.statement import Statement
from corpus.errors import QuotelensError
from corpus.schema import StatementRecord
from services.speaker_names import article_names

POLL_SECONDS = 0.05


@dataclass(frozen=True)
class LoadedStatements:
    """Statements of an article and what produced them (timings only when just parsed)."""

    statements: list[Statement] | list[StatementRecord]
    model: str
    load_seconds: float | None = None
    parse_seconds: float | None = None
    #: the people and organisations spaCy found in the article, most mentioned first
    names: tuple[str, ...] = ()


class ParseError(QuotelensError):
    """The model could not be loaded or the parser failed; the message is one line."""


class ParseCancelled(Exception):
    """Parsing was stopped because its worker was cancelled."""


def _serve(conn: Connection, model: str) -> None:
    """Child process: load ``model`` at once, then answer ``(model, text)`` requests with
    ``("progress", (done, total))`` after each chunk of the text, then ``("ok",
    LoadedStatements)`` or ``("error", message)``, until the pipe closes."""
    started = time.perf_counter()
    try:
        from annotators.pipeline import load_pipeline

        load_pipeline(model)
    except Exception:  # reported when the first request asks for this model
        pass
    warm_up = time.perf_counter() - started
    while True:
        try:
            model, text = conn.recv()
        except (EOFError, KeyboardInterrupt):
            return
        try:
            started = time.perf_counter()
            from annotators.pipeline import extract, load_pipeline, model_label

            nlp = load_pipeline(model)
            loaded = time.perf_counter()
            names: Counter[str] = Counter()
            statements = extract(nlp, text, lambda *done: conn.send(("progress", done)), names)
            parsed = time.perf_counter()
            load_seconds, warm_up = loaded - started + warm_up, 0.0
            result = LoadedStatements(
                statements, model_label(nlp), load_seconds, parsed - loaded, article_names(names)
            )
            conn.send(("ok", result))
        except Exception as exc:  # everything the model or parser raises goes back as text
            conn.send(("error", " ".join(str(exc).split()) or type(exc).__name__))


@contextmanager
def _real_std_streams() -> Iterator[None]:
    """Textual replaces sys.stdout/stderr by objects without a file descriptor, which
    multiprocessing hands to its helper process; use the real ones while starting a child."""
    saved = sys.stdout, sys.stderr
    sys.stdout, sys.stderr = sys.__stdout__ or saved[0], sys.__stderr__ or saved[1]
    try:
        yield
    finally:
        sys.stdout, sys.stderr = saved


class ParserProcess:
    """A child process that parses one text at a time; started on first use, restarted after
    a cancel or a crash."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._process: multiprocessing.process.BaseProcess | None = None
        self._conn: Connection | None = None

    def start(self, model: str) -> None:
        """Start the child (if not running) so that it loads ``model`` while the app starts;
        a failure to start is left for ``parse`` to report."""
        with self._lock:
            try:
                self._connect(model)
            except ParseError:
                pass

    def parse(
        self,
        model: str,
        text: str,
        cancelled: Callable[[], bool],
        progress: Callable[[int, int], None] | None = None,
    ) -> LoadedStatements:
        """Statements of ``text`` by ``model``; raises ParseError, or ParseCancelled as soon
        as ``cancelled()`` turns true. ``progress(characters_done, characters_total)`` is
        called as chunks of a long text are parsed."""
        with self._lock:
            conn = self._connect(model)
            conn.send((model, text))
            while True:
                while not conn.poll(POLL_SECONDS):
                    if cancelled():
                        self.stop()
                        raise ParseCancelled
                    if self._process is None or not self._process.is_alive():
                        code = self._process.exitcode if self._process else None
                        self.stop()
                        raise ParseError(f"the parser process stopped (exit code {code})")
                status, payload = conn.recv()
                if status != "progress":
                    break
                if progress is not None:
                    progress(*payload)
        if status == "error":
            raise ParseError(payload)
        return payload

    def stop(self) -> None:
        """End the child process (a running parse is abandoned)."""
        if self._process is not None and self._process.pid is not None:
            self._process.terminate()
            self._process.join(5)
        if self._conn is not None:
            self._conn.close()
        self._process = self._conn = None

    def _connect(self, model: str) -> Connection:
        if self._process is not None and self._process.is_alive() and self._conn is not None:
            return self._conn
        self.stop()
        # forkserver: a small server process forks the parser; cheaper than spawning a fresh
        # interpreter (highlights on a 1,000-word article came 0.6 s sooner) and, unlike a plain
        # fork, safe once the app runs threads (a parser is restarted after a cancel).
        context = multiprocessing.get_context("forkserver")
        ours, theirs = context.Pipe()
        process = context.Process(
            target=_serve, args=(theirs, model), name="quotelens-parser", daemon=True
        )
        try:
            with _real_std_streams():
                process.start()
        except (OSError, ValueError) as exc:
            ours.close()
            raise ParseError(f"cannot start the parser process ({exc})") from None
        finally:
            theirs.close()
        self._process, self._conn = process, ours
        return ours


PARSER = ParserProcess()
