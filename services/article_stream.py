"""The articles of a batch run, read one at a time: files, folders, globs and JSON lines.

An input path is an article file (.txt, .md, .html), a folder (walked for those and for
.jsonl files), a glob (``'archive/**/*.txt'``), a CSV text source, or a JSON lines file of
texts: ``{"text", "meta"}`` lines (``corpus.text_sources``) or our own JSONL (an ``extract``
output or a ``jsonl`` export: ``{"id", "title", "text", "statements", …}`` lines, parsed
again). Nothing is read before it is needed, so a corpus of any size streams through in
constant memory; only the list of file names is kept.
"""
from __future__ import annotations

import glob
import os
import re
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from corpus.article import Article
from corpus.errors import ArticleError, QuotelensError
from corpus.importers import ARTICLE_SUFFIXES, LINK_SKIPPED, article_from_text, folder_articles, read_article
from corpus.jsonl import BadJson, json_lines
from corpus.text_sources import is_text_source, read_text_source

STREAM_SUFFIXES = {".jsonl", ".csv"}
_MAGIC = set("*?[")
_WHERE = re.compile(r"(.*?:\d+): (.*)", re.S)


@dataclass(frozen=True)
class Unreadable:
    """An input that gave no article: where it is and why, in one line."""

    source: str
    reason: str

    def __str__(self) -> str:
        return f"{self.source}: {self.reason}"


@dataclass
class Inputs:
    """The files named by the paths of a run, in order, an ``Unreadable`` for a path that
    named nothing."""

    files: list[str | Unreadable] = field(default_factory=list)

    def count(self) -> int:
        """How many articles the files hold (a JSON lines file: its non-blank lines), cheaply."""
        return sum(1 if isinstance(f, Unreadable) else _count_file(f) for f in self.files)


def find_inputs(
    paths: Iterable[str],
    follow_symlinks: bool = False,
    warn: Callable[[str], None] = lambda message: None,
    exclude: Iterable[Path] = (),
) -> Inputs:
    """The files of ``paths``: folders walked (sorted), globs expanded (sorted); ``exclude``
    (the run's own output) is left out; skipped links are passed to ``warn``."""
    inputs = Inputs()
    excluded = {p.resolve() for p in exclude}
    wanted = ARTICLE_SUFFIXES | {".jsonl"}

    def skipped(link: str) -> None:
        warn(LINK_SKIPPED.format(link))

    for name in paths:
        path = Path(name)
        if path.is_dir():
            files = folder_articles(path, wanted, follow_symlinks, skipped)
            reason = "no article files (.txt, .md, .html, .jsonl) in this folder"
        elif not path.exists() and _MAGIC & set(name):
            files = sorted(f for f in glob.glob(name, recursive=True) if os.path.isfile(f))
            reason = "no file matches this pattern"
        else:
            files, reason = [name], ""
        files = [f for f in files if Path(f).resolve() not in excluded]
        inputs.files.extend(files or [Unreadable(name, reason or "no such file")])
    return inputs


def read_inputs(inputs: Inputs) -> Iterator[Article | Unreadable]:
    """Every article of the inputs in order, or an ``Unreadable`` saying why there is none."""
    for name in inputs.files:
        if isinstance(name, Unreadable):
            yield name
        elif Path(name).suffix.lower() in STREAM_SUFFIXES:
            yield from _records(Path(name))
        else:
            try:
                yield read_article(name)
            except ArticleError as exc:
                yield Unreadable(name, _reason(str(exc), name))


def _records(path: Path) -> Iterator[Article | Unreadable]:
    """The articles of a text source or of our JSONL, line by line."""
    try:
        if is_text_source(path):
            for item in read_text_source(path):
                yield item if isinstance(item, Article) else Unreadable(*_split(item))
        else:
            yield from _our_records(path)
    except QuotelensError as exc:
        yield Unreadable(str(path), _reason(str(exc), str(path)))


def _our_records(path: Path) -> Iterator[Article | Unreadable]:
    for lineno, value in json_lines(path, ArticleError):
        where = f"{path}:{lineno}"
        if isinstance(value, BadJson):
            yield Unreadable(where, value.message)
        elif not isinstance(value, dict) or not isinstance(value.get("text"), str):
            yield Unreadable(where, 'needs a "text" string (a text source or quotelens JSONL line)')
        else:
            meta = value.get("meta") if isinstance(value.get("meta"), dict) else {}
            title = value.get("title") if isinstance(value.get("title"), str) else None
            source = value.get("path") or value.get("source")
            try:
                yield article_from_text(value["text"], source if isinstance(source, str) else where, title, meta)
            except ArticleError as exc:
                yield Unreadable(where, _reason(str(exc), where))


def _count_file(name: str) -> int:
    if Path(name).suffix.lower() not in STREAM_SUFFIXES:
        return 1
    try:
        with open(name, "rb") as f:
            return sum(1 for line in f if line.strip()) - (Path(name).suffix.lower() == ".csv")
    except OSError:
        return 1


def _split(message: str) -> tuple[str, str]:
    """``FILE:LINE: reason`` as (``FILE:LINE``, reason)."""
    found = _WHERE.match(message)
    return found.groups() if found else (message, "cannot be read")


def _reason(message: str, where: str) -> str:
    prefix = f"{where}: "
    return message[len(prefix) :] if message.startswith(prefix) else message
