"""Words that make a title, not a name: "President" in "Russian President Vladimir Putin".

Lower-case; the name finder drops them from the front of a name, the speaker picker offers
a name without them.
"""
from __future__ import annotations

TITLES = frozenset({
    "president", "vice", "sen.", "senator", "rep.", "representative", "gov.", "governor", "mr.",
    "mrs.", "ms.", "dr.", "mr", "mrs", "ms", "dr", "secretary", "minister", "prime", "gen.",
    "general", "judge", "justice", "mayor", "chairman", "speaker", "leader", "ambassador",
    "spokesman", "spokeswoman", "press", "state", "former", "candidate", "nominee", "sir", "lady",
    "lord", "prof.", "professor", "director", "chief", "attorney", "u.s.", "rev.", "col.", "lt.",
    "sgt.", "capt.", "adm.", "supt.", "commissioner", "chancellor", "king", "queen", "prince",
    "pope", "democrat", "republican", "gop", "russian", "american", "councilman", "councilwoman",
    "councilor", "councillor", "alderman", "sheriff", "officer", "detective", "inspector",
    "coach", "pastor", "father", "bishop", "rabbi", "imam", "sergeant", "captain", "spokesperson",
    "chairwoman", "chair",
})  # fmt: skip
