"""Canonical speaker names: full names for short ones, antecedents for pronouns, names for roles.

Built once per doc from its PERSON entities, the proper-noun chains that head speaker
mentions, and the appositions and titles that tie a role to a name
("Vassily Nebenzia, Russia's ambassador" → role *ambassador*; "President Putin" → *president*).
"""
from __future__ import annotations

from bisect import bisect_left

from spacy.tokens import Doc, Span, Token

from annotators.syntax import RELATIVE_PRONOUNS, mention_span, through_relative

TITLES = {
    "president", "vice", "sen.", "senator", "rep.", "representative", "gov.", "governor", "mr.",
    "mrs.", "ms.", "dr.", "mr", "mrs", "ms", "dr", "secretary", "minister", "prime", "gen.",
    "general", "judge", "justice", "mayor", "chairman", "speaker", "leader", "ambassador",
    "spokesman", "spokeswoman", "press", "state", "former", "candidate", "nominee", "sir",
    "lady", "lord", "prof.", "professor", "director", "chief", "attorney", "u.s.", "rev.",
    "col.", "lt.", "sgt.", "capt.", "adm.", "supt.", "commissioner", "chancellor", "king",
    "queen", "prince", "pope", "democrat", "republican", "gop", "russian", "american",
    "councilman", "councilwoman", "councilor", "councillor", "alderman", "sheriff", "officer", "detective",
    "inspector", "coach", "pastor", "father", "bishop", "rabbi", "imam", "sergeant", "captain",
}
PERSON_PRONOUNS = {"he", "she", "him", "her", "i", "me"}
GROUP_PRONOUNS = {"they", "we", "them", "us", "it"}
POSSESSIVE = {"'s", "’s", "'", "’"}


def name_tokens(head: Token) -> list[Token]:
    """The proper-noun chain around a name head, without titles: 'President Vladimir Putin' → Vladimir Putin."""
    if head.pos_ != "PROPN":
        return []
    chain = [
        c for c in head.children
        if c.dep_ in ("compound", "flat") and c.pos_ == "PROPN" and c.i < head.i and any(ch.isalpha() for ch in c.text)
    ]
    tokens = sorted(chain + [head], key=lambda t: t.i)
    # keep the contiguous run ending at the head
    run = [head]
    for tok in reversed(tokens[:-1]):
        if tok.i == run[0].i - 1:
            run.insert(0, tok)
    while len(run) > 1 and run[0].lower_ in TITLES:
        run.pop(0)
    return run


def _text(tokens: list[Token]) -> str:
    return " ".join(t.text for t in tokens if t.text not in POSSESSIVE)


class NameBook:
    """People named in one doc, to turn mentions into canonical names."""

    def __init__(self, doc: Doc, speaker_heads: list[Token]):
        self.doc = doc
        self.full_by_part: dict[str, str] = {}
        self.roles: dict[str, str] = {}
        people: dict[int, str] = {}  # char offset → name, for "nearest preceding person"
        for ent in doc.ents:
            if ent.label_ == "PERSON":
                toks = [t for t in ent if t.text not in POSSESSIVE]
                while len(toks) > 1 and toks[0].lower_ in TITLES:
                    toks.pop(0)
                if toks:
                    people[ent.start_char] = _text(toks)
        for head in speaker_heads:
            toks = name_tokens(head)
            if toks:
                people.setdefault(toks[0].idx, _text(toks))
        for start in sorted(people):
            self._learn_name(people[start])
        self.person_starts = sorted(people)
        self.person_names = [people[s] for s in self.person_starts]
        self._learn_roles(doc)

    def _learn_name(self, name: str) -> None:
        parts = name.split()
        if len(parts) >= 2:
            for part in (parts[-1], parts[0]):
                self.full_by_part.setdefault(part.lower(), name)

    def _learn_roles(self, doc: Doc) -> None:
        for tok in doc:
            if tok.dep_ != "appos":
                continue
            a, b = tok.head, tok
            name_tok, role_tok = (a, b) if a.pos_ == "PROPN" else (b, a)
            if name_tok.pos_ == "PROPN" and role_tok.pos_ == "NOUN":
                toks = name_tokens(name_tok)
                if toks:
                    self.roles[role_tok.lemma_.lower()] = self.canonical(_text(toks))

    def canonical(self, name: str) -> str:
        """The fullest form of a name seen in the doc: 'Putin' → 'Vladimir Putin'."""
        parts = name.split()
        if len(parts) == 1:
            return self.full_by_part.get(parts[0].lower(), name)
        return name

    def person_before(self, char: int) -> str | None:
        """The canonical name of the nearest person mentioned before a character."""
        k = bisect_left(self.person_starts, char) - 1
        return self.canonical(self.person_names[k]) if k >= 0 else None

    def first_mention(self, name: str | None) -> int:
        """Character offset of the first mention of a person, or -1 if never named."""
        for start, person in zip(self.person_starts, self.person_names):
            if self.canonical(person) == name:
                return start
        return -1

    def name_of(self, mention: Span, head: Token, previous: str | None) -> str:
        """The canonical name for a speaker mention (``previous``: the last speaker's name)."""
        if head.lower_ in RELATIVE_PRONOUNS and head.head.dep_ == "relcl":
            antecedent = through_relative(head)
            return self.name_of(mention_span(antecedent), antecedent, previous)
        if head.lower_ in PERSON_PRONOUNS:
            return self.person_before(head.idx) or previous or head.text
        if head.lower_ in GROUP_PRONOUNS:
            return head.text
        toks = name_tokens(head)
        if toks:
            return self.canonical(_text(toks))
        for child in head.children:
            if child.dep_ == "appos":
                toks = name_tokens(child)
                if toks:
                    return self.canonical(_text(toks))
        role = self.roles.get(head.lemma_.lower())
        if role:
            return role
        return mention.text
