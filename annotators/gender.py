"""Grammatical gender of people and pronouns, for matching "he"/"she" to the right person.

A person's gender comes from a gendered title or role word in front of one of their mentions
("Mr.", "Ms.", "spokeswoman Ana …") or else from their first name, looked up in the hand-written
lists of ``annotators/data/first_names.json`` (unisex names are left out). Unknown is ``None``.
"""
from __future__ import annotations

import json
from functools import lru_cache
from importlib import resources
from typing import Literal

Gender = Literal["female", "male"]

PRONOUN_GENDER: dict[str, Gender] = {"he": "male", "him": "male", "his": "male",
                                     "she": "female", "her": "female", "hers": "female"}
TITLE_GENDER: dict[str, Gender] = {
    **dict.fromkeys(("mr.", "mr", "sir", "lord", "king", "prince", "father", "brother",
                     "spokesman", "chairman", "congressman", "councilman", "businessman"), "male"),
    **dict.fromkeys(("mrs.", "mrs", "ms.", "ms", "miss", "lady", "dame", "queen", "princess",
                     "sister", "spokeswoman", "chairwoman", "congresswoman", "councilwoman",
                     "businesswoman"), "female"),
}


@lru_cache(maxsize=1)
def _first_names() -> dict[str, Gender]:
    data = json.loads(resources.files("annotators").joinpath("data/first_names.json").read_text("utf-8"))
    return {**{n.lower(): "female" for n in data["female"]}, **{n.lower(): "male" for n in data["male"]}}


def gender_of_name(name: str) -> Gender | None:
    """The gender of a full name from its first word ('Ana Kovač' → female), or None."""
    first = name.split()[0].lower() if name.split() else ""
    return _first_names().get(first)


def gender_of_title(word: str) -> Gender | None:
    """The gender a title or role word gives the name it precedes ('Mr.' → male), or None."""
    return TITLE_GENDER.get(word.lower())
