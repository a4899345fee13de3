"""Canonical speaker names: full names for short ones, antecedents for pronouns, names for roles.

Built once per doc from its PERSON entities, the proper-noun chains that head speaker
mentions, and the appositions and titles that tie a role to a name
("Vassily Nebenzia, Russia's ambassador" → role *ambassador*; "President Putin" → *president*).
"""
from __future__ import annotations

import re
from bisect import bisect_left

from spacy.tokens import Doc, Span, Token

from annotators.gender import PRONOUN_GENDER, Gender, gender_of_name, gender_of_title
from annotators.organisations import (
    ORG_NOUNS,
    OrganisationBook,
    document_author,
    document_publisher,
    is_document,
    plain_text,
    possessive_org_name,
)
from annotators.syntax import RELATIVE_PRONOUNS, mention_span, through_relative
from annotators.titles import TITLES

# Singular nouns that name one person by their role ("Russia's ambassador", "the director");
# group and thing nouns ("the council", "the poll") are not roles and never take a person's name.
ROLE_NOUNS = {
    "ambassador", "envoy", "diplomat", "commissioner", "general", "chairman", "chairwoman", "chair",
    "director", "spokesman", "spokeswoman", "spokesperson", "secretary", "minister", "governor",
    "senator", "congressman", "congresswoman", "lawmaker", "mayor", "judge", "official", "reporter",
    "member", "head", "president", "aide", "adviser", "advisor", "lawyer", "attorney", "executive",
    "chief", "nominee", "candidate", "leader", "officer", "sheriff", "prosecutor", "manager",
    "founder", "owner", "professor", "economist", "analyst", "strategist", "pollster", "researcher",
    "author", "editor", "councilman", "councilwoman", "councillor", "councilor", "superintendent",
}
PERSON_PRONOUNS = {"he", "she", "him", "her", "i", "me"}
GROUP_PRONOUNS = {"they", "we", "them", "us", "it"}
POSSESSIVE = {"'s", "’s", "'", "’"}
_BYLINE = re.compile(r"^[ \t]*By [A-Z][^\n]{0,80}$", re.MULTILINE)  # "By Marta Quell, Northgate Wire"
_TITLE_ROLES = {"justice": "judge", "chairwoman": "chair", "chairman": "chair"}
_LINE = re.compile(r"[^\n]+")
_PRONOUN_REACH = 4
_SUBJECTS = {"nsubj", "nsubjpass"}
_DESCRIBING = {"of", "for", "in", "at", "from"}  # distinct people looked back at for a pronoun of a known gender


def name_tokens(head: Token) -> list[Token]:
    """The proper-noun chain around a name head, without titles: 'President Vladimir Putin' → Vladimir Putin."""
    if head.pos_ != "PROPN" or not any(ch.isalpha() for ch in head.text):
        return []
    chain = [
        c for c in head.children
        if c.dep_ in ("compound", "flat") and c.pos_ == "PROPN" and c.i < head.i and any(ch.isalpha() for ch in c.text)
    ]
    tokens = sorted(chain + [head], key=lambda t: t.i)
    # keep the contiguous run ending at the head; a hyphen joins "Aaberg-Holm"
    run = [head]
    for tok in reversed(tokens[:-1]):
        if "\n" in tok.whitespace_ or "\n" in tok.text:
            break  # a headline's words above the line are no part of the name
        if tok.i == run[0].i - 1:
            run.insert(0, tok)
        elif tok.i == run[0].i - 2 and _joins(tok.doc[tok.i + 1]):
            run[:0] = [tok, tok.doc[tok.i + 1]]
    while len(run) > 1 and run[0].lower_ in TITLES:
        run.pop(0)
    return run


def _described(mention: Span, head: Token) -> str:
    """A description as the article gives it, with the phrase that says whose or where it is
    ("a reporter for USA Today", "52 percent of registered voters"), up to a comma."""
    if head.pos_ not in ("NOUN", "NUM"):
        return mention.text
    end = mention.end
    for child in head.rights:
        if child.dep_ == "prep" and child.lower_ in _DESCRIBING and child.i == end:
            end = child.right_edge.i + 1
    cut = next((t.i for t in mention.doc[mention.end : end] if t.is_punct and t.text not in "-/’'"), end)
    while cut > mention.end and mention.doc[cut - 1].pos_ == "CCONJ":
        cut -= 1  # "the former secretary of state and …"
    return mention.doc[mention.start : cut].text


def _headlines(text: str) -> list[tuple[int, int]]:
    """Lines in title case ("Clinton Hid Past Health Problems From Public"): their capitals
    would glue words onto a name."""
    found = []
    for m in _LINE.finditer(text):
        words = [w for w in m.group().split() if any(c.isalpha() for c in w)]
        if len(words) >= 4 and sum(w[0].isupper() for w in words) >= 0.8 * len(words):
            found.append(m.span())
    return found


def is_role(head: Token) -> bool:
    """A singular role noun that stands for one person: 'the ambassador', not 'the council'."""
    return head.tag_ == "NN" and head.lemma_.lower() in ROLE_NOUNS


def _role_words(head: Token) -> set[str]:
    """Role nouns a name carries in front ("NYPD Commissioner James O'Neill", "Mrs Justice
    Oyelaran": a judge) or in apposition."""
    before = [t for t in head.subtree if t.i < head.i]
    first = min([head.i, *(t.i for t in before)])
    words = {t.lemma_.lower() for t in before if t.dep_ == "compound" or t.lower_ in TITLES}
    words |= {c.lemma_.lower() for c in head.children if c.dep_ == "appos"}
    if head.dep_ == "appos":  # "the chair of the parish council, Alan Threlfall"
        words.add(head.head.lemma_.lower())
    words |= {head.doc[k].lower_ for k in range(max(0, first - 2), first)}  # titles the entity left out
    words = {_TITLE_ROLES.get(w, w) for w in words}
    return words & ROLE_NOUNS


def _note_title_gender(titled: dict[str, Gender], name: str, head: Token) -> None:
    """Record the gender a title in front of a name gives it ("Mr. Obi", "spokeswoman Ana Ruiz")."""
    before = [t for t in head.subtree if t.i < head.i]
    first = min([head.i, *(t.i for t in before)])
    if first > 0:
        before.append(head.doc[first - 1])  # "Mr." the model left out of the name
    for tok in before:
        gender = gender_of_title(tok.text)
        if gender:
            titled.setdefault(name, gender)
            return


def _organisation(head: Token) -> Span | None:
    """The organisation or place entity a mention's head ends, without a leading "the"."""
    doc = head.doc
    if head.ent_type_ not in ("ORG", "GPE", "FAC", "NORP") or head.ent_iob_ == "":
        # "the Freight Forwarders’ Association": the model tagged only the words before the "’"
        cut = head.i >= 2 and doc[head.i - 1].text in POSSESSIVE and doc[head.i - 2].ent_type_ == "ORG"
        if head.pos_ != "PROPN" or not cut:
            return None
        ent = doc[head.i : head.i + 1]
    else:
        ent = next((e for e in doc.ents if e.start <= head.i < e.end), None)
    if ent is None or (ent.end != head.i + 1 and ent.root != head):  # "Association of Flight Attendants"
        return None
    start = ent.start  # "the Dockers’ and Harbour Workers’ Union": the model cuts at the "’"
    while start >= 2 and doc[start - 1].text in POSSESSIVE and doc[start - 2].ent_type_ == "ORG":
        start = next(e.start for e in doc.ents if e.start <= start - 2 < e.end)
    ent = doc[start : ent.end]
    return ent[1:] if len(ent) > 1 and ent[0].lower_ == "the" else ent


def _joins(tok: Token) -> bool:
    """A hyphen written without spaces inside a name ("Brontë-Lindqvist")."""
    return tok.text in ("-", "‐") and not tok.whitespace_ and not tok.nbor(-1).whitespace_


def _text(tokens: list[Token]) -> str:
    """The name as written: the tokens' own spacing, without a possessive ending or the
    replacement symbols that stand for hidden characters in the text."""
    kept = [t for t in tokens if t.text not in POSSESSIVE]
    written = "".join(t.text_with_ws for t in kept[:-1]) + kept[-1].text if kept else ""
    return " ".join(written.replace("\ufffd", " ").split())


class NameBook:
    """People named in one doc, to turn mentions into canonical names."""

    def __init__(self, doc: Doc, speaker_heads: list[Token]):
        self.doc = doc
        self.full_by_part: dict[str, str] = {}
        self.roles: dict[str, str] = {}
        self.roles_of: dict[str, set[str]] = {}  # name → role nouns it carries ("NYPD Commissioner …")
        people: dict[int, str] = {}  # char offset → name, for "nearest preceding person"
        titled: dict[str, Gender] = {}  # name → gender its title gives ("Ms. Tambe")
        subjects: set[int] = set()  # starts of mentions that are a clause's subject or a speaker
        skipped = [m.span() for m in _BYLINE.finditer(doc.text)] + _headlines(doc.text)
        for ent in doc.ents:
            if ent.label_ == "PERSON" and not any(s <= ent.start_char < e for s, e in skipped):
                toks = [t for t in ent if t.text not in POSSESSIVE]
                while len(toks) > 1 and toks[0].lower_ in TITLES:
                    toks.pop(0)
                if toks:
                    name = people[ent.start_char] = _text(toks)
                    root = ent.root.head if ent.root.dep_ == "appos" else ent.root
                    if root.dep_ in _SUBJECTS:
                        subjects.add(ent.start_char)
                    self.roles_of.setdefault(name, set()).update(_role_words(ent.root))
                    _note_title_gender(titled, name, ent.root)
        for head in speaker_heads:
            toks = name_tokens(head)
            in_skipped = any(s <= head.idx < e for s, e in skipped)
            if toks and head.lemma_.lower() not in ORG_NOUNS and not in_skipped:
                people.setdefault(toks[0].idx, _text(toks))
                subjects.add(toks[0].idx)
                _note_title_gender(titled, _text(toks), head)
        for tok in doc:  # "Ana Kovač" the model did not tag: a known first name marks a person
            if tok.pos_ == "PROPN" and tok.dep_ not in ("compound", "flat") and not tok.ent_type_:
                toks = name_tokens(tok)
                if len(toks) >= 2 and gender_of_name(_text(toks)):
                    people.setdefault(toks[0].idx, _text(toks))
        for start in sorted(people):
            self._learn_name(people[start])
        self.person_starts = sorted(people)
        self.person_names = [people[s] for s in self.person_starts]
        self.subject_starts = subjects
        self.people = {self.canonical(n) for n in self.person_names}  # canonical names of people
        for name, roles in list(self.roles_of.items()):
            self.roles_of.setdefault(self.canonical(name), set()).update(roles)
        self.genders: dict[str, Gender] = {}
        for name in self.person_names:  # a title wins over the first name
            full = self.canonical(name)
            gender = titled.get(name) or titled.get(full) or gender_of_name(full)
            if gender:
                self.genders.setdefault(full, gender)
        self._learn_roles(doc)
        people_words = {w.lower() for n in self.person_names for w in [n, *n.split()]}
        self.orgs = OrganisationBook(doc, people_words)

    def _learn_name(self, name: str) -> None:
        parts = name.split()
        if len(parts) >= 2:
            # "Brontë-Lindqvist" and "Lindqvist" both stand for "Zoë Brontë-Lindqvist"
            for part in (parts[-1], parts[-1].rsplit("-", 1)[-1], parts[0]):
                self.full_by_part.setdefault(part.lower(), name)

    def _learn_roles(self, doc: Doc) -> None:
        for tok in doc:
            if tok.dep_ != "appos":
                continue
            a, b = tok.head, tok
            name_tok, role_tok = (a, b) if a.pos_ == "PROPN" else (b, a)
            if name_tok.pos_ == "PROPN" and role_tok.pos_ == "NOUN" and is_role(role_tok):
                toks = name_tokens(name_tok)
                if toks:
                    self._learn_name(_text(toks))  # "the director general, Clémence Fauré-Ndiaye"
                    self.roles[role_tok.lemma_.lower()] = self.canonical(_text(toks))

    def canonical(self, name: str) -> str:
        """The fullest form of a name seen in the doc: 'Putin' → 'Vladimir Putin'."""
        parts = name.split()
        if len(parts) == 1:
            return self.full_by_part.get(parts[0].lower(), name)
        # "Ní Bhriain" → "Aoife Ní Bhriain": a known full name that ends with this one
        return next((f for f in self.full_by_part.values() if f.endswith(f" {name}")), name)

    def person_before(self, char: int, pronoun: str = "") -> str | None:
        """The canonical name of the nearest person mentioned before a character; for a gendered
        pronoun, among the last few people named, the nearest of that gender who was the
        subject of a clause or a speaker ("Ham said …, disagreed with Obama's policies. “…,”
        he said": Ham), else the nearest of that gender, else the nearest of unknown gender,
        else None."""
        k = bisect_left(self.person_starts, char) - 1
        want = PRONOUN_GENDER.get(pronoun.lower())
        if want is None:
            return self.canonical(self.person_names[k]) if k >= 0 else None
        seen: list[str] = []
        subjects: set[str] = set()
        for j in range(k, -1, -1):
            name = self.canonical(self.person_names[j])
            if name not in seen:
                if len(seen) == _PRONOUN_REACH:
                    break
                seen.append(name)
            if self.person_starts[j] in self.subject_starts:
                subjects.add(name)
        for pool in ([n for n in seen if n in subjects], seen):
            found = next((n for n in pool if self.genders.get(n) == want), None)
            if found:
                return found
        return next((n for n in seen if self.genders.get(n) is None), None)

    def gender(self, name: str | None) -> Gender | None:
        """The gender the doc gives a canonical name (title, else first name), or None."""
        return self.genders.get(name or "") or (gender_of_name(name) if name else None)

    def has_other_role(self, name: str | None, role: str) -> bool:
        """Whether the doc gives this person a role other than ``role`` ("Stein spokeswoman X")."""
        roles = self.roles_of.get(name or "", set())
        return bool(roles) and role not in roles

    def first_mention(self, name: str | None) -> int:
        """Character offset of the first mention of a person, or -1 if never named."""
        for start, person in zip(self.person_starts, self.person_names):
            if self.canonical(person) == name:
                return start
        return -1

    def name_of(self, mention: Span, head: Token, previous: str | None) -> str | None:
        """The canonical name for a speaker mention (``previous``: the last speaker's name);
        None for "it" or "they" with no organisation named before them (unresolved)."""
        if head.lower_ in RELATIVE_PRONOUNS and head.head.dep_ == "relcl":
            antecedent = through_relative(head)
            return self.name_of(mention_span(antecedent), antecedent, previous)
        if head.lower_ in PERSON_PRONOUNS:
            want = PRONOUN_GENDER.get(head.lower_)
            if previous and want and self.gender(previous) not in (want, None):
                previous = None
            if previous in self.people and self.gender(previous) in (want, None):
                return previous  # "“…,” he said" after a statement of this person's
            return self.person_before(head.idx, head.lower_) or previous or head.text
        if head.lower_ in GROUP_PRONOUNS:  # the organisation named or speaking just before
            speaking = None
            if previous and not self.gender(previous) and "(document)" not in previous:
                speaking = previous
            return self.orgs.before(head.idx) or speaking
        if is_document(head):
            return self._document_name(mention, head, previous)
        alias = self.orgs.for_noun(head)
        if alias:
            return alias
        spelled = self.orgs.spelled_out(head.text)
        if spelled:
            return spelled  # "CNS" after "Christian News Service (CNS)"
        toks = name_tokens(head)
        organisation = _organisation(head)
        owned = possessive_org_name(head)
        if owned and (organisation is None or len(owned) > len(organisation.text)):
            return owned
        if organisation and len(organisation) > len(toks):
            return organisation.text  # "the Dockers’ and Harbour Workers’ Union", not "Union"
        if toks:
            return self.canonical(_text(toks))
        if head.ent_type_ == "PERSON" and head.text[:1].isupper():  # a surname the tagger took for a noun
            return self.canonical(_text([head]))
        for child in head.children:
            if child.dep_ == "appos":
                toks = name_tokens(child)
                if toks:
                    return self.canonical(_text(toks))
        if is_role(head):  # "the chair of the parish council, Alan Threlfall"
            doc, last = head.doc, head.right_edge.i
            named = next((e for e in doc.ents if e.label_ == "PERSON" and head.i < e.start <= last
                          and doc[e.start - 1].text == ","), None)
            if named is not None and name_tokens(named.root):
                return self.canonical(_text(name_tokens(named.root)))
        role = self.roles.get(head.lemma_.lower()) or self._only_holder(head)
        if role:
            return role
        return plain_text(_described(mention, head))

    def _only_holder(self, head: Token) -> str | None:
        """For "the minister": the one person the doc gives that role ("Transport Minister
        Ana Kovač", "Mrs Justice Oyelaran" for "the judge"), or None."""
        if not is_role(head) or not any(c.lower_ == "the" for c in head.children):
            return None
        role = head.lemma_.lower()
        holders = {self.canonical(n) for n, roles in self.roles_of.items() if role in roles}
        return holders.pop() if len(holders) == 1 else None

    def _document_name(self, mention: Span, head: Token, previous: str | None) -> str:
        """A document's author where the text gives it (here, or for an earlier mention of
        the same kind of document), else the mention labelled "(document)"."""
        noun = head.lemma_.lower()
        author = document_author(head)
        if author is not None:
            name = self.name_of(mention_span(author), author, previous)
            if name:
                self.orgs.document_authors[noun] = name
                return name
        known = self.orgs.document_authors.get(noun)
        publisher = document_publisher(head)  # "a Bloomberg poll"
        if publisher:
            self.orgs.document_authors[noun] = publisher
            return publisher
        if known and mention[0].lower_ == "the":  # "the report" after "the ministry's report"
            return known
        label = plain_text(_described(mention, head))
        if mention[0].pos_ != "PROPN":
            label = label[:1].lower() + label[1:]  # "Video shows …" → "video (document)"
        return f"{label} (document)"
