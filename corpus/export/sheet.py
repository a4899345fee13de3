"""The quote sheet for journalists, as CSV or a Markdown table.

One row per statement: speaker, quote, cue, article title, paragraph number (1-based, of the
quote's first part) and labels. Rejected statements are never on the sheet.
"""

from __future__ import annotations

import csv
import re
from bisect import bisect_right
from collections.abc import Iterable, Iterator
from typing import IO, NamedTuple

from corpus.export.records import speaker_label
from corpus.text import make_inert, paragraphs

HEADER = ("speaker", "quote", "cue", "article", "paragraph", "labels")
PART_JOINER = " … "
_SPACE = re.compile(r"\s+")
# A spreadsheet runs a cell starting with these as a formula (tab and CR: it strips them first).
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


class SheetRow(NamedTuple):
    """One statement on the quote sheet; ``paragraph`` is 1-based."""

    speaker: str
    quote: str
    cue: str
    article: str
    paragraph: int
    labels: str


def sheet_rows(pairs: Iterable[tuple[dict, list[dict]]]) -> Iterator[SheetRow]:
    """One row per kept, non-rejected statement, in text order within each article."""
    for article, statements in pairs:
        starts = [start for start, _ in paragraphs(article["text"])]
        for s in statements:
            if s.get("status") == "rejected":
                continue
            yield SheetRow(
                speaker=speaker_label(s),
                quote=PART_JOINER.join(_SPACE.sub(" ", q["text"]).strip() for q in s["quote"]),
                cue=s["cue"]["text"] if s.get("cue") else "",
                article=article.get("title") or "",
                paragraph=max(bisect_right(starts, s["quote"][0]["start"]), 1),
                labels="; ".join(s.get("labels") or ()),
            )


def write_csv(rows: Iterable[tuple], out: IO[str], header: tuple[str, ...] = HEADER) -> None:
    """Write a header and the rows as CSV; control characters are made inert, and cells that
    a spreadsheet would run as a formula (starting with = + - @ tab CR) get a leading
    apostrophe."""
    writer = csv.writer(out)
    writer.writerow(header)
    for row in rows:
        writer.writerow([_inert_cell(v) if isinstance(v, str) else v for v in row])


def write_markdown(rows: Iterable[tuple], out: IO[str], header: tuple[str, ...] = HEADER) -> None:
    """Write the rows as one Markdown (GFM) table; pipes and backslashes are escaped and
    control characters made inert."""
    out.write("| " + " | ".join(h.capitalize() for h in header) + " |\n")
    out.write("|" + "|".join("---:" if h in ("paragraph", "quotes", "articles") else "---" for h in header) + "|\n")
    for row in rows:
        out.write("| " + " | ".join(_md_cell(v) for v in row) + " |\n")


def _inert_cell(value: str) -> str:
    return ("'" if value.startswith(_FORMULA_START) else "") + make_inert(value)


def _md_cell(value: object) -> str:
    text = make_inert(_SPACE.sub(" ", str(value)).strip())
    return text.replace("\\", "\\\\").replace("|", "\\|")
