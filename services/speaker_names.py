"""The names offered for a speaker, and finding one by a few typed letters.

Candidates are the article's speakers, the people and organisations spaCy found in it
(``article_names``) and the speaker names used in the library, one entry per person (``candidate_names``): titles before a known name are dropped, so "President Putin"
and "Russian President Vladimir Putin" are offered as "Vladimir Putin".
"""
from __future__ import annotations

from collections import Counter
from collections.abc import Iterable

from rapidfuzz import fuzz, process

from annotators.titles import TITLES
from corpus.text import plain_name

SHOWN = 12


def untitled(name: str) -> str:
    """The name after its last title word (``White House Press Secretary Jen Psaki`` →
    ``Jen Psaki``); the name itself when it has no title or nothing follows the title."""
    words = name.split()
    last = max((i for i, w in enumerate(words) if w.casefold() in TITLES), default=-1)
    return " ".join(words[last + 1 :]) or name


def article_names(mentions: Counter[str], most: int = 100) -> tuple[str, ...]:
    """The ``most`` names mentioned most often in an article (``annotators.pipeline.extract``
    counts its people and organisations), fit to be a speaker's name (``plain_name``)."""
    shown = (plain_name(name) for name, _ in mentions.most_common())
    return tuple(dict.fromkeys(name for name in shown if name))[:most]


def candidate_names(speakers: Iterable[str], others: Iterable[str] = ()) -> list[str]:
    """The names to offer, each person once, in order: the article's ``speakers`` (best
    first), then ``others`` (the library's). Names of one person are a titled name and the
    name after the title (``President Putin``, ``Russian President Vladimir Putin``,
    ``Vladimir Putin``); the person is shown untitled, unless only a titled speaker name of
    the article names them."""
    speakers = [" ".join(n.split()) for n in speakers if n and n.strip()]
    names = list(dict.fromkeys([*speakers, *(" ".join(n.split()) for n in others if n.strip())]))
    bares = {n: untitled(n) for n in names}
    full = [b.casefold() for b in bares.values() if " " in b]

    def person(name: str) -> str:
        bare = bares[name].casefold()
        if bare != name.casefold() and " " not in bare:  # "President Putin": one full name
            matches = {f for f in full if f.endswith(" " + bare)}  # with this surname?
            return matches.pop() if len(matches) == 1 else name.casefold() if matches else bare
        return bare

    groups: dict[str, list[str]] = {}
    for name in names:
        groups.setdefault(person(name), []).append(name)
    shown = []
    for group in groups.values():
        plain, first = [n for n in group if bares[n] == n], group[0]
        titled = first in speakers or " " not in bares[first]  # never just "Biden"
        shown.append(plain[0] if plain else first if titled else bares[first])
    return shown


def rank_names(query: str, names: list[str]) -> list[str]:
    """The names best matching ``query`` (all of them, in order, when it is empty): those with
    a word the query begins first (``thre`` → ``Alan Threlfall``), then those holding it, then
    near spellings; the closest first within each."""
    if not query.strip():
        return names[:SHOWN]
    folded = query.casefold()

    def tier(name: str) -> int:
        return 0 if starts_a_name(query, [name]) else 1 if folded in name.casefold() else 2

    found = process.extract(query, names, scorer=fuzz.WRatio, limit=None, score_cutoff=50)
    ranked = sorted(found, key=lambda match: (tier(match[0]), -match[1]))
    return [name for name, _, _ in ranked[:SHOWN]]


def starts_a_name(typed: str, names: list[str]) -> bool:
    """True if ``typed`` is a name or begins one of its words (``psak`` → ``Jen Psaki``)."""
    query = typed.casefold()
    return any(
        " ".join(words[i:]).startswith(query)
        for words in (n.casefold().split() for n in names)
        for i in range(len(words))
    )
