"""The cue lexicon: lemmas of words that introduce what someone said or thought.

The data file ``annotators/data/cues.json`` holds::

    {"speech": {"say": 5441, "tell": 512, ...},   # verbs of saying
     "belief": {"know": 139, "believe": 82, ...}, # verbs of thinking, feeling, intending
     "nouns":  {"statement": 106, ...},           # nouns that act as cues
     "source": "..."}                              # how the counts were made

Each lemma maps to how many of its tokens started inside a gold Cue span in PolNeAR train.
Speech verbs were kept when they had at least 5 such cues and were a cue in at least 40 % of
their train occurrences, plus a few kept or added by hand; nouns at 9 cues and 30 %; belief
verbs are a hand list. ``tools/build_cue_lexicon.py`` rebuilds the file. The count is
informative only: any listed lemma is a cue. ``belief`` lemmas are cues only when the
components' ``include_beliefs`` setting is on (PolNeAR annotates beliefs and intentions too),
except that reported speech accepts them when their complement holds a quotation.
"""
from __future__ import annotations

import json
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

from spacy.tokens import Token


@dataclass(frozen=True)
class CueLexicon:
    """Cue lemmas with their PolNeAR train frequency."""

    speech: dict[str, int]
    belief: dict[str, int]
    nouns: dict[str, int]

    def verbs(self, include_beliefs: bool) -> frozenset[str]:
        """The verb lemmas that count as cues under this setting."""
        return frozenset(self.speech) | (frozenset(self.belief) if include_beliefs else frozenset())

    def cue_words(self, include_beliefs: bool) -> CueWords:
        """The matcher for this setting."""
        return CueWords(self.verbs(include_beliefs), frozenset(self.nouns))


@dataclass(frozen=True)
class CueWords:
    """Verb and noun lemmas that make a token a cue."""

    verbs: frozenset[str]
    nouns: frozenset[str]

    def matches(self, token: Token) -> bool:
        """A lexicon verb or noun, or the 'according' of 'according to'."""
        if token.lower_ == "according":
            return True
        lemma = token.lemma_.lower()
        return (token.pos_ == "VERB" and lemma in self.verbs) or (token.pos_ == "NOUN" and lemma in self.nouns)


@lru_cache(maxsize=1)
def load_lexicon() -> CueLexicon:
    """The packaged lexicon from ``annotators/data/cues.json``."""
    raw = json.loads(resources.files("annotators").joinpath("data/cues.json").read_text("utf-8"))
    return CueLexicon(dict(raw["speech"]), dict(raw["belief"]), dict(raw.get("nouns", {})))
