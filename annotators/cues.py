"""The cue lexicon: lemmas of words that introduce what someone said or thought.

The data file ``annotators/data/cues.json`` holds::

    {"speech": {"say": 4210, "tell": 512, ...},   # verbs of saying (and their nouns)
     "belief": {"believe": 120, ...},             # verbs of thinking, counted by PolNeAR
     "source": "..."}                              # how the counts were made

Each lemma maps to how often it was a gold Cue in PolNeAR train (0 = added by hand); the
count only orders candidates, any listed lemma is a cue. ``belief`` lemmas are cues only
when the pipeline's ``include_beliefs`` setting is on.
"""
from __future__ import annotations

import json
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources


@dataclass(frozen=True)
class CueLexicon:
    """Cue lemmas with their PolNeAR train frequency."""

    speech: dict[str, int]
    belief: dict[str, int]

    def lemmas(self, include_beliefs: bool) -> frozenset[str]:
        """The lemmas that count as cues under this setting."""
        return frozenset(self.speech) | (frozenset(self.belief) if include_beliefs else frozenset())


@lru_cache(maxsize=1)
def load_lexicon() -> CueLexicon:
    """The packaged lexicon from ``annotators/data/cues.json``."""
    raw = json.loads(resources.files("annotators").joinpath("data/cues.json").read_text("utf-8"))
    return CueLexicon(dict(raw["speech"]), dict(raw["belief"]))
