"""Quotes checked against each other: the same quote reported in several articles, grouped,
and the versions whose wording differs flagged with the words that differ.

Grouping does not compare all pairs. Each quote of six words or more becomes a set of word
4-gram shingles; an inverted index from shingle to quotes gives the candidate pairs (quotes
sharing at least ``MIN_SHARED`` shingles; shingles in more than ``COMMON_SHINGLE`` quotes, such
as stock phrases, are left out); a candidate pair is one quote if rapidfuzz says the texts are
close (``ratio``) or one is an excerpt of the other (``partial_ratio``). Groups are unions of
such pairs, and only groups spanning two articles or more are kept. In a group the earliest
article comes first; every later version is compared word by word with it.
"""
from __future__ import annotations

import re
from collections import Counter, defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from difflib import SequenceMatcher

from rapidfuzz import fuzz

from corpus import layers
from corpus.library import Library
from services.speaker_quotes import PART_JOINER, article_date
from services.wording import plural

SHINGLE = 4
MIN_WORDS = 6
MIN_SHARED = 2
COMMON_SHINGLE = 200
SAME_QUOTE = 85  # rapidfuzz ratio of two versions of one quote
EXCERPT = 95  # partial_ratio: the shorter version is a piece of the longer
_WORD = re.compile(r"\w+(?:['’]\w+)*")


@dataclass(frozen=True, slots=True)
class QuoteRow:
    """One quote of one article, as the checker reads it."""

    article_id: str
    title: str
    date: str
    speaker: str
    quote: str
    start: int
    statement_id: str


@dataclass(frozen=True, slots=True)
class Change:
    """Words of the earliest version and what a later version has in their place."""

    before: str
    after: str


@dataclass(slots=True)
class QuoteGroup:
    """One quote in several articles, earliest first; ``changes[k]`` are version k's changes
    against version 0 (empty: same words, or an excerpt of them)."""

    versions: list[QuoteRow]
    changes: list[list[Change]] = field(default_factory=list)

    @property
    def differing(self) -> int:
        """How many later versions have other words than the earliest one."""
        return sum(1 for c in self.changes if c)


def words(text: str) -> list[str]:
    """The words of a quote, case folded, without punctuation or quote marks."""
    return [w.casefold().replace("’", "'") for w in _WORD.findall(text)]


def quote_rows(library: Library) -> Iterator[QuoteRow]:
    """The library's direct and mixed quotes, one version of each as the library counts them
    (rejected statements left out)."""
    for article, statements in library.iter_article_records():
        for s in layers.merged(statements):
            if s.get("status") == "rejected" or s.get("kind") == "indirect":
                continue
            yield QuoteRow(
                article_id=article["id"], title=article.get("title") or "", date=article_date(article),
                speaker=s.get("speaker_name") or (s["speaker"]["text"] if s.get("speaker") else ""),
                quote=PART_JOINER.join(" ".join(q["text"].split()) for q in s["quote"]),
                start=s["quote"][0]["start"], statement_id=s["id"],
            )


def group_quotes(rows: Iterable[QuoteRow]) -> list[QuoteGroup]:
    """Groups of one quote in two articles or more, the groups with a differing version first."""
    rows = list(rows)
    texts = [" ".join(words(r.quote)) for r in rows]
    postings: dict[int, list[int]] = defaultdict(list)
    shingles_of: list[set[int]] = []
    for k, row in enumerate(rows):
        shingles = {hash(s) for s in _shingles(row.quote)}
        shingles_of.append(shingles)
        for sh in shingles:
            postings[sh].append(k)
    parent = list(range(len(rows)))

    def root(k: int) -> int:
        while parent[k] != k:
            parent[k] = parent[parent[k]]
            k = parent[k]
        return k

    for k, shingles in enumerate(shingles_of):
        shared: Counter = Counter()
        for sh in shingles:
            ids = postings[sh]
            if len(ids) <= COMMON_SHINGLE:
                shared.update(j for j in ids if j > k)
        for j, n in shared.items():
            if n >= MIN_SHARED and root(j) != root(k) and _same_quote(texts[k], texts[j]):
                parent[root(j)] = root(k)
    members: dict[int, list[int]] = defaultdict(list)
    for k in range(len(rows)):
        if shingles_of[k]:
            members[root(k)].append(k)
    groups = []
    for ids in members.values():
        versions = sorted((rows[k] for k in ids), key=lambda r: (r.date, r.article_id, r.start))
        if len({v.article_id for v in versions}) < 2:
            continue
        group = QuoteGroup(versions)
        group.changes = [changes(versions[0].quote, v.quote) for v in versions]
        groups.append(group)
    return sorted(groups, key=lambda g: (-g.differing, -len(g.versions), g.versions[0].date))


def _same_quote(a: str, b: str) -> bool:
    return fuzz.ratio(a, b) >= SAME_QUOTE or fuzz.partial_ratio(a, b) >= EXCERPT


def changes(earliest: str, version: str) -> list[Change]:
    """The words that differ between two versions of a quote, over the stretch they share: a
    version that quotes only part of the other has no changes for what it leaves out."""
    a, b = words(earliest), words(version)
    ops = SequenceMatcher(a=a, b=b, autojunk=False).get_opcodes()
    while ops and ops[0][0] in ("insert", "delete"):  # an excerpt: words missing at either end are no change
        ops = ops[1:]
    while ops and ops[-1][0] in ("insert", "delete"):
        ops = ops[:-1]
    return [Change(" ".join(a[i1:i2]), " ".join(b[j1:j2])) for tag, i1, i2, j1, j2 in ops if tag != "equal"]


@dataclass(frozen=True, slots=True)
class Echo:
    """Where else one quote of an article was reported: in how many other articles, and in
    how many of those with other words."""

    articles: int
    differing: int

    @property
    def label(self) -> str:
        """``also in 3 articles; 1 differs`` (the reader's status line)."""
        said = f"also in {plural(self.articles, 'article')}"
        return f"{said}; {self.differing} differ{'s' if self.differing == 1 else ''}" if self.differing else said


def echoes(library: Library, article_id: str) -> dict[str, Echo]:
    """Statement id → Echo for the quotes of ``article_id`` found in other articles too.

    Only the quotes sharing a shingle with this article's are grouped, so opening an article
    reads the library once but never groups all of it."""
    rows = list(quote_rows(library))
    ours = [r for r in rows if r.article_id == article_id]
    wanted = set().union(*(_shingles(r.quote) for r in ours)) if ours else set()
    near = [r for r in rows if r.article_id != article_id and _shingles(r.quote) & wanted]
    found: dict[str, Echo] = {}
    for group in group_quotes(ours + near):
        others = [v for v in group.versions if v.article_id != article_id]
        for mine in (v for v in group.versions if v.article_id == article_id):
            differ = {v.article_id for v in others if changes(mine.quote, v.quote)}
            found[mine.statement_id] = Echo(len({v.article_id for v in others}), len(differ))
    return found


def _shingles(quote: str) -> set[str]:
    ws = words(quote)
    return {" ".join(ws[i : i + SHINGLE]) for i in range(len(ws) - SHINGLE + 1)} if len(ws) >= MIN_WORDS else set()
