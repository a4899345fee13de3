"""Organisations and documents as speakers: one name per organisation within an article.

"RT", "the network" and "the state-financed network" are one speaker; "it" and "they" stand
for the organisation named just before them; "a statement from the Harbour Board" is the
Harbour Board's, and a document whose author the text never gives is labelled as a document.
"""
from __future__ import annotations

from bisect import bisect_left

from spacy.tokens import Doc, Span, Token

# Common nouns that stand for an organisation already named ("the agency", "the network").
ORG_NOUNS = {
    "agency", "alliance", "association", "authority", "bank", "board", "broadcaster", "business",
    "campaign", "carrier", "channel", "club", "coalition", "commission", "committee", "company",
    "corporation", "council", "department", "federation", "firm", "foundation", "group", "guild",
    "institute", "league", "manufacturer", "ministry", "network", "newspaper", "office", "operator",
    "organisation", "organization", "outlet", "party", "regulator", "retailer", "service",
    "society", "station", "trust", "union", "university", "utility",
}
# Of those, the nouns generic enough to stand for the organisation last named whatever its
# name ("Tallyhome … the company"); the others need a name that ends with them ("the agency").
GENERIC_ORG_NOUNS = {
    "broadcaster", "business", "carrier", "channel", "company", "corporation", "firm", "group",
    "manufacturer", "network", "newspaper", "operator", "organisation", "organization", "outlet",
    "retailer", "station",
}
DOCUMENT_NOUNS = {
    "account", "analysis", "assessment", "audit", "average", "complaint", "document", "email",
    "estimate", "filing", "footage", "judgment", "judgement", "lawsuit", "letter", "memo",
    "memorandum", "notice", "paper", "poll", "post", "release", "report", "review", "ruling",
    "statement", "study", "survey", "transcript", "tweet", "video",
}
AUTHOR_PREPOSITIONS = {"from", "by", "of"}
_ORG_REACH = 1500  # characters looked back at for "it", "they" or "the company"
_APOSTROPHES = {"’", "'"}
_SMALL_WORDS = {"of", "the", "and", "for", "&"}
_DETERMINERS = {"the", "a", "an", "this", "that", "its", "their"}


def plain_text(text: str) -> str:
    """A mention as a name: one space between words, a sentence-initial "The" or "A" in lower
    case ("The report" → "the report")."""
    words = text.split()
    if words and words[0].lower() in _DETERMINERS:
        words[0] = words[0].lower()
    if words and len(words) > 1:
        for ending in ("'s", "’s", "'", "’"):
            words[-1] = words[-1].removesuffix(ending) if words[-1] != ending else words[-1]
    return " ".join(words)


def org_name(ent: Span) -> str:
    """An organisation entity's name without a leading "the" or a possessive ending."""
    tokens = [t for t in ent if t.text not in ("'s", "’s")]
    if len(tokens) > 1 and tokens[0].lower_ == "the":
        tokens = tokens[1:]
    if not tokens:
        return ""
    written = "".join(t.text_with_ws for t in tokens[:-1]) + tokens[-1].text
    return " ".join(written.split())


class OrganisationBook:
    """The organisations one doc names, in order, and the common nouns that stand for them."""

    def __init__(self, doc: Doc, people: set[str]):
        """``people``: names (and parts of names) of people, which the model may tag ORG."""
        self.starts: list[int] = []
        self.names: list[str] = []
        self.alias: dict[str, str] = {}  # "network" → "RT" (from "RT, the state-financed network")
        for ent in doc.ents:
            if ent.label_ == "ORG" and org_name(ent) and org_name(ent).lower() not in people:
                self.starts.append(ent.start_char)
                self.names.append(org_name(ent))
        for tok in doc:  # "RT, the state-financed network", "Ashby Vale Rovers, the … club"
            name = tok.head
            if tok.dep_ == "appos" and tok.lemma_.lower() in ORG_NOUNS and name.pos_ == "PROPN":
                chain = [t for t in name.lefts if t.dep_ in ("compound", "flat") and t.pos_ == "PROPN"]
                words = [*chain, name]
                if words and all(t.text[:1].isalpha() for t in words):  # the apposition says: an organisation
                    self.alias.setdefault(tok.lemma_.lower(), " ".join(t.text for t in words))
        self.document_authors: dict[str, str] = {}  # "report" → its author, once the text says

    def before(self, char: int, noun: str | None = None) -> str | None:
        """The nearest organisation named before ``char``, in the last ``_ORG_REACH`` characters;
        with ``noun``, the nearest anywhere before whose name ends with it ("Safety Agency")."""
        k = bisect_left(self.starts, char) - 1
        while k >= 0 and (noun is not None or char - self.starts[k] <= _ORG_REACH):
            name = self.names[k]
            if noun is None or name.split()[-1].lower().rstrip("s’'") == noun.rstrip("s"):
                return name
            k -= 1
        return None

    def spelled_out(self, acronym: str) -> str | None:
        """The organisation an all-capitals acronym stands for ("CNS": Christian News Service)."""
        if not (2 <= len(acronym) <= 6 and acronym.isalpha() and acronym.isupper()):
            return None
        for name in self.names:
            initials = "".join(w[0] for w in name.split() if w.lower() not in _SMALL_WORDS)
            if initials.upper() == acronym and name != acronym:
                return name
        return None

    def for_noun(self, head: Token) -> str | None:
        """The organisation a definite "the network" stands for, or None."""
        noun = head.lemma_.lower()
        if noun not in ORG_NOUNS or not any(c.lower_ in ("the", "its") for c in head.children):
            return None
        if head.ent_type_ == "ORG" and head.ent_iob_ != "O":
            return None  # a name of its own ("the Harbour Board")
        return (
            self.alias.get(noun)
            or self.before(head.idx, noun)
            or (self.before(head.idx) if noun in GENERIC_ORG_NOUNS else None)
        )


def is_document(head: Token) -> bool:
    """A mention of a document or publication: "a statement", "the report"."""
    return head.pos_ == "NOUN" and head.lemma_.lower() in DOCUMENT_NOUNS


def document_author(head: Token) -> Token | None:
    """The head of the author a document mention names: "the ministry's report", "a statement
    from the Harbour Board", "a survey by the Civic Institute"."""
    for child in head.children:
        if child.dep_ == "poss" and child.pos_ in ("PROPN", "NOUN", "PRON"):
            return child
        if child.dep_ == "acl":  # "the study, led by researchers at the University of Nordvik"
            organisation = next(
                (t for t in child.subtree if t.ent_type_ == "ORG" and t.pos_ == "PROPN"), None
            )
            if organisation is not None:
                return next(e for e in head.doc.ents if e.start <= organisation.i < e.end).root
        if child.dep_ == "prep" and child.lower_ in AUTHOR_PREPOSITIONS:
            objects = [g for g in child.children if g.dep_ == "pobj"]
            # "a survey of 1,000 voters" is no author; "a report of the Audit Office" is
            wanted = ("PROPN",) if child.lower_ == "of" else ("PROPN", "NOUN")
            if objects and objects[0].pos_ in wanted:
                return objects[0]
    return None


def document_publisher(head: Token) -> str | None:
    """The proper name a document mention carries in front of its noun: "a Bloomberg poll",
    "the latest Reuters/Ipsos opinion poll", "a new Washington Post-ABC News national poll"."""
    doc = head.doc
    modifiers = ("compound", "nmod", "npadvmod", "amod")
    names = [t for t in head.lefts if t.pos_ == "PROPN" and t.dep_ in modifiers]
    if not names:
        return None
    first = min(t.left_edge.i for t in names)
    last = max(t.right_edge.i for t in names)
    tokens = [t for t in doc[first : last + 1] if t.pos_ == "PROPN" or t.text in ("-", "/", "&")]
    if not tokens or tokens[0].text in ("-", "/") or tokens[-1].text in ("-", "/"):
        return None
    written = "".join(t.text_with_ws for t in tokens[:-1]) + tokens[-1].text
    return " ".join(written.split())


def possessive_org_name(head: Token) -> str | None:
    """An organisation's name with a possessive inside it, which the parser splits: "the
    Freight Forwarders’ Association", "the Dockers’ and Harbour Workers’ Union"."""
    if head.pos_ != "PROPN" or head.lemma_.lower() not in ORG_NOUNS or head.i < 2:
        return None
    doc = head.doc
    owner = next((c for c in head.children if c.dep_ == "poss" and c.pos_ == "PROPN"), None)
    if owner is None or doc[head.i - 1].text not in _APOSTROPHES:
        return None
    tokens = list(doc[owner.left_edge.i : head.i + 1])
    while tokens and tokens[0].lower_ == "the":
        tokens.pop(0)
    if not tokens or not all(t.pos_ in ("PROPN", "CCONJ") or t.text in _APOSTROPHES for t in tokens):
        return None
    written = "".join(t.text_with_ws for t in tokens[:-1]) + tokens[-1].text
    return " ".join(written.split())
