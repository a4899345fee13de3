"""JSON lines files: reading them line by line, and writing them atomically or to stdout."""
from __future__ import annotations

import sys
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

import orjson

from corpus.atomic import atomic_file, starts_with, user_output
from corpus.errors import QuotelensError


class JsonlError(QuotelensError):
    """A JSON lines file that cannot be read, or (strict reading) a line that is not a record."""


@dataclass(frozen=True)
class BadJson:
    """A line that is not valid JSON, and the parser's reason."""

    message: str


def json_lines(
    path: str | Path, error: type[QuotelensError] = JsonlError
) -> Iterator[tuple[int, object]]:
    """(line number, parsed value or BadJson) for each non-blank line of ``path``.

    A file that is missing, a folder or unreadable raises ``error`` naming it.
    """
    p = Path(path)
    if not p.exists():
        raise error(f"{path}: no such file")
    if p.is_dir():
        raise error(f"{path}: is a folder; give a .jsonl file")
    try:
        with p.open("rb") as lines:
            for lineno, line in enumerate(lines, 1):
                if not line.strip():
                    continue
                try:
                    yield lineno, orjson.loads(line)
                except orjson.JSONDecodeError as exc:
                    yield lineno, BadJson(f"not valid JSON ({exc})")
    except OSError as exc:
        raise error(f"{path}: cannot be read ({exc.strerror or exc})") from None


def read_records(path: str | Path) -> list[dict]:
    """Every record (JSON object) of ``path``; the first bad line is a JsonlError naming
    the file and the line."""
    records = []
    for lineno, value in json_lines(path):
        if isinstance(value, BadJson):
            raise JsonlError(f"{path}:{lineno}: {value.message}")
        if not isinstance(value, dict):
            raise JsonlError(f"{path}:{lineno}: not a JSON object")
        records.append(value)
    return records


def write_jsonl(records: Iterable[dict], output: str | Path | None, force: bool = False) -> None:
    """Write one JSON object per line to ``output`` (atomically) or, for None or ``-``, to stdout.

    An existing file is replaced only if it is an earlier output (JSON lines of articles) or
    ``force`` is set; links, devices and pipes never are (``corpus.atomic.user_output``)."""
    if output is None or str(output) == "-":
        for record in records:
            sys.stdout.write(orjson.dumps(record).decode() + "\n")
        sys.stdout.flush()
        return
    target = user_output(output, lambda p: starts_with(p, b'{"id":'), force)
    with atomic_file(target) as out:
        for record in records:
            out.write(orjson.dumps(record) + b"\n")
