"""The JSON lines output of a batch run, written as results arrive, and resumable.

A file output ``OUT`` is written to ``OUT.part`` line by line, flushed after each batch, and
renamed over ``OUT`` when the run ends: until then ``OUT`` keeps the previous run's output.
A run that is killed leaves ``OUT.part``; ``--resume`` keeps its article lines (or those of
``OUT`` when there is no part), skips those ids and appends the rest. Error lines are not
kept, so the articles that failed are tried again. ``-`` (or no output) is standard output.
"""
from __future__ import annotations

import os
import stat
import sys
from pathlib import Path
from typing import IO

import orjson

from corpus.atomic import NEW_FILE_MODE, WriteError, fsync_folder, starts_with, user_output
from corpus.errors import QuotelensError
from corpus.jsonl import json_lines
from services.batch_parse import is_error

PART_SUFFIX = ".part"


def _is_ours(path: Path) -> bool:
    return starts_with(path, b'{"id":')


class BatchOutput:
    """A context manager: ``write(records)`` appends lines; ``done`` holds the ids a resumed
    run finds already written (``kept`` of them); ``dropped_part`` says a fresh run replaced
    an unfinished one. On an exception the part file is kept."""

    def __init__(self, output: str | Path | None, force: bool = False, resume: bool = False) -> None:
        self.done: set[str] = set()
        self.kept = 0
        self.dropped_part = False
        self.target: Path | None = None
        self._file: IO[bytes] | None = None
        if output is None or str(output) == "-":
            if resume:
                raise QuotelensError("--resume needs an output file (-o FILE)")
            return
        self.target = user_output(output, _is_ours, force)
        if self.target.is_dir():
            raise WriteError(self.target, "a folder", "is a folder; give a file name")
        self.part = user_output(self.target.with_name(self.target.name + PART_SUFFIX), _is_ours, force)
        self.dropped_part = not resume and self.part.exists() and self.part.stat().st_size > 0
        try:
            if resume:
                self._resume()
            else:
                self._file = self.part.open("wb")
        except OSError as exc:
            raise WriteError(self.target, exc.strerror or str(exc)) from None

    @property
    def paths(self) -> tuple[Path, ...]:
        """The files this output writes (to leave out of the inputs)."""
        return () if self.target is None else (self.target, self.part)

    def _resume(self) -> None:
        """Copy the article lines of the part (or of the old output) to a fresh part."""
        source = self.part if self.part.exists() else self.target if self.target.exists() else None
        fresh = self.part.with_name(self.part.name + ".new")
        with fresh.open("wb") as out:
            for _, record in json_lines(source) if source else ():
                if isinstance(record, dict) and isinstance(record.get("id"), str) and not is_error(record):
                    out.write(orjson.dumps(record) + b"\n")
                    self.done.add(record["id"])
        os.replace(fresh, self.part)
        self.kept = len(self.done)
        self._file = self.part.open("ab")

    def write(self, records: list[dict]) -> None:
        """Append one line per record and flush, so a killed run keeps them."""
        lines = b"".join(orjson.dumps(r) + b"\n" for r in records)
        if self._file is None:
            sys.stdout.write(lines.decode())
            sys.stdout.flush()
        else:
            self._file.write(lines)
            self._file.flush()

    def __enter__(self) -> BatchOutput:
        return self

    def __exit__(self, kind, exc, tb) -> None:
        if self._file is None:
            return
        if kind is not None:  # OUT is as it was; OUT.part stays for --resume if it holds lines
            empty = self._file.tell() == 0
            self._file.close()
            if empty:
                self.part.unlink(missing_ok=True)
            return
        os.fsync(self._file.fileno())
        self._file.close()
        try:
            mode = stat.S_IMODE(os.stat(self.target).st_mode)
        except OSError:
            mode = NEW_FILE_MODE
        os.chmod(self.part, mode)
        os.replace(self.part, self.target)
        fsync_folder(self.target.parent)

