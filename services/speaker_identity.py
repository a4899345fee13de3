"""One person across the library: "Putin", "President Putin", "Vladimir V. Putin" and
"Vladimir Putin" are one speaker.

``person_key`` reduces a name to what identifies the person (no titles, no middle initials,
case folded). ``SpeakerIndex`` groups the library's speaker names by that key; a surname
alone joins the one full name that ends with it, a near spelling ("Vladmir Putin") joins a
full name with the same surname, and the merges a person made by hand join whole groups.
"""
from __future__ import annotations

import unicodedata
from collections import Counter
from collections.abc import Iterable

from rapidfuzz import fuzz

from services.speaker_names import untitled

NEAR_SPELLING = 90  # rapidfuzz ratio of two full names with one surname, to be one person
_LABELS = ("(document)",)


def person_key(name: str) -> str:
    """What identifies a person in a name: untitled, no initials ("V."), no possessive,
    case folded and accents kept ("Vladimir V. Putin" → "vladimir putin")."""
    return unicodedata.normalize("NFC", plain_form(name)).casefold()


def _is_person_like(key: str) -> bool:
    return not any(label in key for label in _LABELS) and not key.startswith(("the ", "a ", "an "))


class SpeakerIndex:
    """The library's speaker names grouped by person, each group shown by one name."""

    def __init__(self, names: Iterable[str], merges: Iterable[tuple[str, str]] = ()):
        self.counts = Counter(" ".join(n.split()) for n in names if n and n.strip())
        keys = {name: person_key(name) for name in self.counts}
        self._parent: dict[str, str] = {k: k for k in keys.values()}
        full = sorted({k for k in keys.values() if " " in k and _is_person_like(k)})
        by_surname: dict[str, list[str]] = {}
        for k in full:
            by_surname.setdefault(k.split()[-1], []).append(k)
        for group in by_surname.values():
            for i, a in enumerate(group):
                for b in group[i + 1 :]:
                    if fuzz.ratio(a, b) >= NEAR_SPELLING:
                        self._join(a, b)
        for k in list(self._parent):
            holders = by_surname.get(k, []) if " " not in k and _is_person_like(k) else []
            people = {self._root(h) for h in holders}
            if len(people) == 1:  # "putin" → "vladimir putin"; two Clintons stay apart
                self._join(k, people.pop())
        for a, b in merges:
            self._join(person_key(a), person_key(b))
        members: dict[str, list[str]] = {}
        for name, key in keys.items():
            members.setdefault(self._root(key), []).append(name)
        self.groups = {root: sorted(ns, key=lambda n: (-self.counts[n], n)) for root, ns in members.items()}
        self.shown = {root: _display(ns, self.counts) for root, ns in self.groups.items()}

    def _root(self, key: str) -> str:
        self._parent.setdefault(key, key)
        while self._parent[key] != key:
            self._parent[key] = self._parent[self._parent[key]]
            key = self._parent[key]
        return key

    def _join(self, a: str, b: str) -> None:
        self._parent[self._root(a)] = self._root(b)

    def person(self, name: str) -> str | None:
        """The shown name of the person ``name`` belongs to (None for a person never seen)."""
        return self.shown.get(self._root(person_key(name)))

    def names_of(self, shown: str) -> list[str]:
        """Every name in the library for the person shown as ``shown``."""
        root = next((r for r, n in self.shown.items() if n == shown), None)
        return self.groups[root] if root is not None else []


def plain_form(name: str) -> str:
    """A name as written, without titles, initials or a possessive ("President Vladimir V.
    Putin" → "Vladimir Putin")."""
    words = untitled(" ".join(name.split())).split()
    kept = [w for w in words if not _is_initial(w)] or words
    return " ".join(w.removesuffix("’s").removesuffix("'s") for w in kept)


def _is_initial(word: str) -> bool:
    return len(word.rstrip(".")) == 1 and word.endswith(".") and word[0].isupper()


def _display(names: list[str], counts: Counter) -> str:
    """The name a group is shown by: the plain form of its names ("Vladimir Putin"), a full
    one (two words or more) before a surname, the most used first."""
    forms: Counter = Counter()
    for name in names:
        forms[plain_form(name)] += counts[name]
    return max(forms, key=lambda f: (" " in f and f[:1].isupper(), forms[f], len(f)))
