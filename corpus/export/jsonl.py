"""Our own JSONL: one article per line with its text and its statements (corpus.schema)."""

from __future__ import annotations

from collections.abc import Iterable, Iterator

import orjson

from corpus.export.records import canonical_article, canonical_statement


def article_line(article: dict, statements: list[dict]) -> bytes:
    """One JSONL line (with its newline) for an article and the statements to export with it."""
    record = canonical_article(article)
    record["statements"] = [canonical_statement(s) for s in statements]
    return orjson.dumps(record) + b"\n"


def jsonl_lines(pairs: Iterable[tuple[dict, list[dict]]]) -> Iterator[bytes]:
    """Lines of the JSONL export, one per (article, statements) pair."""
    for article, statements in pairs:
        yield article_line(article, statements)
