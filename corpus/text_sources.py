"""Plain text sources: texts to add and pre-annotate, with what is known about each.

- JSON lines ``{"text": …, "meta": {…}}``, the source format of Prodigy and doccano; other keys
  of the line are kept in the meta too.
- CSV with a header: the text column (``text`` unless named), the other columns the meta.

The meta (title, url, date, source …) is kept on the article; a ``title`` (or ``headline``) in
it is the article's title, else the text's first line when it reads as one. The article's
source is the meta's ``source`` or ``url``, else ``FILE:LINE``.
"""

from __future__ import annotations

import csv
from collections.abc import Iterator
from pathlib import Path

from corpus.article import Article
from corpus.errors import ArticleError, QuotelensError
from corpus.importers import article_from_text
from corpus.jsonl import BadJson, json_lines
from corpus.text import make_inert

TEXT_COLUMN = "text"
_TITLE_KEYS = ("title", "headline")
_NOT_TEXTS = ("statements", "spans", "entities", "relations", "tokens", "answer", "_input_hash")


def is_text_source(path: Path) -> bool:
    """A .csv file, or JSON lines whose first record has a ``text`` and no annotations."""
    if path.suffix.lower() == ".csv":
        return True
    if path.suffix.lower() != ".jsonl":
        return False
    try:
        for _, value in json_lines(path):
            if isinstance(value, BadJson):
                continue
            return isinstance(value, dict) and "text" in value and not any(k in value for k in _NOT_TEXTS)
    except QuotelensError:  # unreadable: the annotation reader says why
        return False
    return False


def read_text_source(path: str | Path, text_column: str = TEXT_COLUMN) -> Iterator[Article | str]:
    """The articles of a text source, in order; a record that cannot be read is a one-line
    error ``FILE:LINE: problem`` instead. A file that cannot be read raises ArticleError."""
    path = Path(path)
    if path.suffix.lower() == ".csv":
        yield from _from_csv(path, text_column)
    else:
        yield from _from_jsonl(path)


def _from_jsonl(path: Path) -> Iterator[Article | str]:
    for lineno, value in json_lines(path, ArticleError):
        where = f"{path}:{lineno}"
        if isinstance(value, BadJson):
            yield f"{where}: {value.message}"
        elif not isinstance(value, dict) or not isinstance(value.get("text"), str):
            yield f"{where}: needs a \"text\" string"
        elif not isinstance(value.get("meta", {}), dict):
            yield f"{where}: \"meta\" must be an object"
        else:
            meta = {k: v for k, v in value.items() if k not in ("text", "meta")} | value.get("meta", {})
            yield _article(value["text"], meta, where)


def _from_csv(path: Path, text_column: str) -> Iterator[Article | str]:
    try:
        with path.open(encoding="utf-8-sig", newline="") as rows:
            reader = csv.DictReader(rows)
            columns = reader.fieldnames or []
            if text_column not in columns:
                raise ArticleError(
                    f"{path}: no column {text_column!r} (columns: {', '.join(columns) or 'none'}); "
                    "name the text column with --text-column"
                )
            for row in reader:
                where = f"{path}:{reader.line_num}"
                text = row.get(text_column) or ""
                if not text.strip():
                    yield f"{where}: the {text_column!r} cell is empty"
                    continue
                meta = {k: v for k, v in row.items() if k and k != text_column and v not in (None, "")}
                yield _article(text, meta, where)
    except OSError as exc:
        raise ArticleError(f"{path}: cannot be read ({exc.strerror or exc})") from None
    except (UnicodeDecodeError, csv.Error) as exc:
        raise ArticleError(f"{path}: is not a UTF-8 CSV file ({exc})") from None


def _article(text: str, meta: dict, where: str) -> Article | str:
    title = next((meta[k] for k in _TITLE_KEYS if isinstance(meta.get(k), str) and meta[k].strip()), None)
    source = next((meta[k] for k in ("source", "url") if isinstance(meta.get(k), str) and meta[k]), where)
    try:
        return article_from_text(text, make_inert(source), title, meta)
    except ArticleError as exc:
        return str(exc)
