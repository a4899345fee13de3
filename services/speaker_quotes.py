"""Every speaker of the library and every quote of one person, newest first.

One pass over the library's article files (``SpeakerTable.read``) gives rows of (article,
statement); ``corpus.speaker_merges`` gives the merges made by hand; ``SpeakerIndex`` groups
the names by person. Only names (a person's or an organisation's, written with a capital) are
listed across articles: "a spokesman" or "the report (document)" in two articles need not be
one speaker.
"""
from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, replace

from rapidfuzz import fuzz, process

from corpus import layers
from corpus.errors import QuotelensError
from corpus.library import Library
from corpus.speaker_merges import SpeakerMergeError, active_merges, add_merge, read_history, undo_last_merge
from services.speaker_identity import SpeakerIndex

PART_JOINER = " … "


class NoSuchSpeaker(QuotelensError):
    """A speaker name the library does not hold."""


@dataclass(frozen=True, slots=True)
class SpeakerQuote:
    """One quote of a person: where it is and what was said."""

    speaker: str  # the person's shown name
    name: str  # the name as the article's statement gives it
    date: str  # the article's date (its ``meta.date``, else the day it was added), ISO
    article_id: str
    title: str
    quote: str
    start: int  # offset of the quote in the article text
    statement_id: str


@dataclass(frozen=True, slots=True)
class SpeakerSummary:
    """One person of the library: counts and the span of dates."""

    name: str
    names: tuple[str, ...]
    quotes: int
    articles: int
    first: str
    last: str


def article_date(article: dict) -> str:
    """The article's date as ``YYYY-MM-DD``: ``meta.date`` if set, else the day it was added."""
    meta = article.get("meta") or {}
    date = meta.get("date") if isinstance(meta.get("date"), str) else None
    return (date or article.get("added") or "")[:10]


def is_listed_name(name: str | None) -> bool:
    """A name that identifies one speaker across articles (capitalised, not a document)."""
    return bool(name) and name[:1].isupper() and not name.endswith("(document)")


class SpeakerTable:
    """The library's quotes with a listed speaker name, grouped by person."""

    def __init__(self, quotes: list[SpeakerQuote], merges: Iterable[tuple[str, str]]):
        self.index = SpeakerIndex([q.name for q in quotes], merges)
        self.quotes = [replace(q, speaker=self.index.person(q.name) or q.name) for q in quotes]

    @classmethod
    def read(cls, library: Library) -> "SpeakerTable":
        """Read every article's statements (one version of each, as the library counts them;
        rejected ones left out) and the merges."""
        quotes = []
        for article, statements in library.iter_article_records():
            for s in layers.merged(statements):
                name = s.get("speaker_name")
                if s.get("status") == "rejected" or not is_listed_name(name):
                    continue
                quotes.append(SpeakerQuote(
                    speaker=name, name=name, date=article_date(article), article_id=article["id"],
                    title=article.get("title") or "",
                    quote=PART_JOINER.join(" ".join(q["text"].split()) for q in s["quote"]),
                    start=s["quote"][0]["start"], statement_id=s["id"],
                ))
        return cls(quotes, active_merges(read_history(library.root)))

    def speakers(self) -> list[SpeakerSummary]:
        """Every person, most quoted first."""
        by_person: dict[str, list[SpeakerQuote]] = {}
        for q in self.quotes:
            by_person.setdefault(q.speaker, []).append(q)
        summaries = [
            SpeakerSummary(
                name=person, names=tuple(self.index.names_of(person)) or (person,), quotes=len(qs),
                articles=len({q.article_id for q in qs}),
                first=min(q.date for q in qs), last=max(q.date for q in qs),
            )
            for person, qs in by_person.items()
        ]
        return sorted(summaries, key=lambda s: (-s.quotes, s.name.casefold()))

    def resolve(self, name: str) -> str:
        """The person a typed name stands for: by the name-matching rules, else the closest
        listed name; a one-line error naming the closest ones when none is close."""
        person = self.index.person(name)
        shown = sorted({q.speaker for q in self.quotes})
        if person in shown:
            return person
        best = process.extract(name, shown, scorer=fuzz.WRatio, limit=3, score_cutoff=85)
        if best and (len(best) == 1 or best[0][1] > best[1][1]):
            return best[0][0]
        close = ", ".join(n for n, _, _ in process.extract(name, shown, scorer=fuzz.WRatio, limit=3))
        raise NoSuchSpeaker(f"no speaker {name!r} in the library" + (f"; closest: {close}" if close else ""))

    def quotes_of(self, person: str, since: str | None = None) -> list[SpeakerQuote]:
        """The person's quotes, newest article first (text order within an article)."""
        found = [q for q in self.quotes if q.speaker == person and (since is None or q.date >= since)]
        found.sort(key=lambda q: q.start)
        found.sort(key=lambda q: q.date, reverse=True)
        return found


def merge_speakers(library: Library, first: str, second: str) -> dict:
    """Record by hand that two speakers are one person (the library's annotator is named)."""
    _writable(library, "saved")
    return add_merge(library.root, first, second, library.annotator)


def undo_speaker_merge(library: Library) -> dict:
    """Take back the latest merge made by hand; returns it."""
    _writable(library, "undone")
    return undo_last_merge(library.root, library.annotator)


def _writable(library: Library, what: str) -> None:
    if library.readonly:
        reason = library.readonly_reason
        raise SpeakerMergeError(f"{library.root}: read-only, the merge cannot be {what} ({reason})")
