"""Dependency-tree questions the components ask: who is the subject of a cue, where a mention ends."""
from __future__ import annotations

from collections.abc import Callable

from spacy.tokens import Span, Token

# "X stood up and said", "X began by saying", "Bemoaning …, X accused": the subject is higher up.
CLIMB = {"conj", "xcomp", "advcl", "pcomp", "prep"}
INVERTED_SUBJECTS = {"dobj", "attr", "npadvmod", "appos", "nsubjpass", "dative"}
# Children that are not part of a speaker mention's core ("Putin, who ..., said").
MENTION_CUT = {"relcl", "acl", "appos", "punct", "cc", "conj", "advcl", "parataxis", "prep"}
RELATIVE_PRONOUNS = {"who", "which", "that", "whom"}
NOT_SPEAKERS = {"DATE", "TIME", "ORDINAL", "MONEY", "QUANTITY"}


def speaker_head(cue: Token, quoted: Callable[[Token], bool] = lambda t: False) -> tuple[Token | None, str]:
    """The token heading the speaker mention of a cue, and how it was found.

    ``quoted`` tells whether a token lies inside quotation marks: a speaker never does.
    """
    if cue.lower_ == "according":
        source = _according_source(cue)
        return (source, "according") if source is not None else (None, "none")
    children = [c for c in cue.children if not quoted(c)]
    for child in children:
        if child.dep_ == "agent":
            for obj in child.children:
                if obj.dep_ == "pobj":
                    return obj, "agent"
    if cue.tag_ == "VBN" and cue.dep_ == "advcl" and not any(c.dep_ in ("aux", "auxpass") for c in children):
        return None, "passive"  # "Asked about the deal, Ryan said …": the asker goes unnamed
    # The subject nearest the cue: a dateline ("5:45 p.m.") may pass for a second subject.
    subjects = [c for c in children if c.dep_ in ("nsubj", "csubj") and c.ent_type_ not in NOT_SPEAKERS]
    if subjects:
        subject = min(subjects, key=lambda c: abs(cue.i - c.i))
        if subject.lower_ == "that" and cue.dep_ == "relcl" and cue.head.pos_ in ("NOUN", "PROPN"):
            return cue.head, "relative"  # "a letter that says …": the letter (PolNeAR keeps "who"/"which")
        return subject, "subject"
    # 'Said Ellis: “…”': the parser may take the verb for part of the name.
    if cue.dep_ in ("compound", "amod") and cue.head.pos_ == "PROPN" and 0 < cue.head.i - cue.i <= 4:
        return cue.head, "subject"
    # '“…,” said Leslie Wimes': the parser may take the name after the verb for an object.
    for child in children:
        if (
            child.i > cue.i and child.i - cue.i <= 4 and child.dep_ in INVERTED_SUBJECTS
            and child.pos_ == "PROPN" and cue.i > 0 and cue.doc[cue.i - 1].is_punct
            # not the addressee of "…, telling Ann that …"
            and not any(c.dep_ in COMPLEMENTS and c.i > child.i for c in cue.children)
        ):
            return child, "subject"
    # "X stood up and said", "X wants to say": the subject of the verb this one hangs on.
    head = cue
    for _ in range(4):
        # "were first in demanding …", "said in a statement": through a preposition's object
        # ("responded to accusations that …" leaves the accuser unnamed)
        if not (head.dep_ in CLIMB or (head.dep_ == "pobj" and (head != cue or head.head.lower_ == "in"))):
            break
        if head.head == head:
            break
        if (head.dep_ == "conj" or (head.dep_ == "advcl" and head.tag_ == "VBG")) and head.head.dep_ == "ccomp":
            head = head.head  # "X said the town would build … and warned …", "…, arguing …": X's act, not the clause's
        head = head.head
        for child in head.children:
            if child.dep_ in ("nsubj", "nsubjpass") and not quoted(child):
                return child, "inherited"
    if cue.dep_ == "relcl" and cue.head.pos_ in ("NOUN", "PROPN"):
        return cue.head, "subject"
    return None, "none"


def _according_source(according: Token) -> Token | None:
    """The noun after 'according to', wherever the parser hung it."""
    doc = according.doc
    to = next((c for c in according.children if c.lower_ == "to"), None)
    if to is None and according.i + 1 < len(doc) and doc[according.i + 1].lower_ == "to":
        to = doc[according.i + 1]
    if to is None:
        return None
    objects = [c for c in to.children if c.dep_ in ("pobj", "dobj", "nsubj", "appos")]
    if objects:
        return objects[0]
    # misparsed ("according to show insiders" with "show" a verb): the first noun phrase head after "to"
    for tok in doc[to.i + 1 : min(len(doc), to.i + 7)]:
        if tok.is_punct or tok.sent != to.sent:
            break
        if tok.pos_ in ("PROPN", "NOUN", "PRON") and not (to.i < tok.head.i <= to.i + 7 and tok.head.i > tok.i):
            return tok
    return None


def through_relative(token: Token) -> Token:
    """'who' in 'Psaki, who said' stands for the noun the clause hangs on."""
    if token.lower_ in RELATIVE_PRONOUNS and token.head.dep_ == "relcl":
        return token.head.head
    return token


def mention_span(head: Token) -> Span:
    """The compact noun phrase of a mention: determiners, titles and names, no clauses."""
    left, right = head.i, head.i
    for child in head.children:
        if child.dep_ in MENTION_CUT or child.pos_ == "VERB":  # 'Said Ellis:' — the cue is no part of the name
            continue
        if child.i < head.i:
            left = min(left, child.left_edge.i)
        else:
            right = max(right, child.right_edge.i)
    doc = head.doc
    left = _after_dateline(doc, left, head.i)
    while left < head.i and not _wordy(doc[left]):
        left += 1
    while right > head.i and not _wordy(doc[right]):
        right -= 1
    return doc[left : right + 1]


def _after_dateline(doc, left: int, head: int) -> int:
    """Where a mention starts once a dateline or a line break before its head is cut off:
    'MOSCOW - Russia's main network' → 'Russia's main network'."""
    for k in range(head - 1, left - 1, -1):
        tok = doc[k]
        spaced_dash = tok.text in ("-", "—", "–", "--") and (k == 0 or doc[k - 1].whitespace_)
        if spaced_dash or "\n" in tok.text or "\n" in tok.whitespace_:
            return k + 1
    return left


def _wordy(token: Token) -> bool:
    return any(ch.isalnum() for ch in token.text)


def trim_chars(text: str, start: int, end: int, strip: str = " \n\t.,;:—–-") -> tuple[int, int]:
    """Shrink a character range of ``text`` past surrounding whitespace and joining punctuation."""
    while start < end and text[start] in strip:
        start += 1
    while end > start and text[end - 1] in strip:
        end -= 1
    return start, end


COMPLEMENTS = {"ccomp"}
# Prepositions that carry the rest of an object's content ("accused X of lying").
OBJECT_PREPS = {"of", "for", "as", "about", "over", "on", "to", "with"}
# Prepositions whose object is what a cue verb reports ("called for", "warned of", "spoke about").
CONTENT_PREPS = {"about", "for", "of", "on", "against", "over"}
# What an object's predicate may add ("called the plan a “disaster”").
OBJECT_PREDICATES = {"oprd", "xcomp", "ccomp", "acomp", "attr"}
# Verbs whose content is an infinitive ("vowed to fight").
INFINITIVE_CUES = {"promise", "vow", "pledge", "threaten", "plan", "want", "intend", "urge", "ask", "call", "expect", "hope", "agree", "demand"}


def content_of(
    cue: Token, text: str, clause_only: bool = False, is_cue: Callable[[Token], bool] = lambda t: False
) -> tuple[int, int] | None:
    """Character range of what a cue verb reports, or None if it has no complement.

    ``text`` is the doc's text; ``clause_only`` accepts only a clausal complement
    ("believes (that) …"), not an infinitive or an object; ``is_cue`` tells the cue words, so
    that "said it was “opposed” and warned …" ends before the second cue."""
    lemma = cue.lemma_.lower()
    if cue.lower_ == "according":
        return _according_content(cue, text)
    parts = [c for c in cue.children if c.dep_ in COMPLEMENTS]
    if any(c.i > cue.i for c in parts):  # "Claiming X, Trump told Fox that …": the clause after the cue
        parts = [c for c in parts if c.i > cue.i]
    if clause_only and not parts:
        return None
    if not parts and lemma in INFINITIVE_CUES:
        parts = [c for c in cue.children if c.dep_ == "xcomp"]
        if parts:  # "urged the industry to do more": the object belongs to the content
            parts += [c for c in cue.children if c.dep_ == "dobj" and cue.i < c.i < parts[0].i]
    if not parts:
        obj = [c for c in cue.children if c.dep_ == "dobj" and c.i > cue.i]
        if obj:
            parts = obj + [
                c for c in cue.children
                if c.i > obj[0].i and (c.dep_ in OBJECT_PREDICATES or (c.dep_ == "prep" and c.lower_ in OBJECT_PREPS))
            ]
    if not parts:
        parts = _that_clause(cue)
    if not parts and lemma != "say":
        parts = _prepositional_object(cue)  # "called for a special prosecutor", "spoke about how …"
    if not parts and cue.head.pos_ in ("VERB", "AUX") and (
        cue.dep_ == "parataxis"
        or (cue.dep_ == "advcl" and any(c.lower_ == "as" and c.dep_ == "mark" for c in cue.children))
    ):
        return _around(cue, text)  # "Americans, Mr. Obama said, have …", "as The Times reported, …"
    if not parts:
        return None
    start = min(_clause_start(p).idx for p in parts)
    last = max((_clause_end(p, is_cue) for p in parts), key=lambda t: t.i)
    end = last.idx + len(last.text)
    if start <= cue.idx < end:  # never report the cue itself
        start, end = (cue.idx + len(cue.text), end) if parts[0].i > cue.i else (start, cue.idx)
    return trim_chars(text, start, end)


def _around(cue: Token, text: str) -> tuple[int, int]:
    """The clause a parenthetical cue ("…, X said, …", "according to X") interrupts, without the
    cue's own phrase: the longer side."""
    head = cue.head
    lo, hi = head.left_edge.idx, head.right_edge.idx + len(head.right_edge.text)
    c_lo = cue.left_edge.idx
    c_hi = cue.right_edge.idx + len(cue.right_edge.text)
    if c_lo - lo >= hi - c_hi:
        return trim_chars(text, lo, c_lo)
    return trim_chars(text, c_hi, hi)


def _clause_start(head: Token) -> Token:
    """The first token of a complement, past a leading time phrase ("told them this weekend he …")."""
    first = head.left_edge
    for child in head.children:
        if child.i > head.i or child.left_edge.i != first.i:
            continue
        if child.dep_ == "npadvmod" and child.ent_type_ in ("DATE", "TIME"):
            return child.doc[child.right_edge.i + 1]
    return first


def _clause_end(head: Token, is_cue: Callable[[Token], bool]) -> Token:
    """The last token of a complement, stopping before a cue verb joined to it without a subject
    of its own ("said it was “opposed” and warned …": the warning is the speaker's next act) or
    a participle clause after a comma ("…, implicitly putting his name on the line")."""
    for child in head.children:
        if child.i < head.i:
            continue
        own_subject = any(c.dep_ in ("nsubj", "nsubjpass") for c in child.children)
        after_comma = child.left_edge.i > 0 and child.doc[child.left_edge.i - 1].text == ","
        if (child.dep_ == "conj" and child.pos_ == "VERB" and not own_subject and is_cue(child)) or (
            child.dep_ == "advcl" and child.tag_ == "VBG" and after_comma
        ):
            before = [t for t in head.subtree if t.i < child.left_edge.i and t.dep_ != "cc" and not t.is_punct]
            if before:
                return max(before, key=lambda t: t.i)
    return head.right_edge


def _prepositional_object(cue: Token) -> list[Token]:
    """The object of the first content preposition after a cue verb ("warned of a crisis")."""
    for prep in cue.children:
        if prep.i > cue.i and prep.dep_ == "prep" and prep.lower_ in CONTENT_PREPS:
            objects = [
                c for c in prep.children if c.dep_ in ("pobj", "pcomp") and c.ent_type_ not in NOT_SPEAKERS
            ]
            return objects[:1]
    return []


def _that_clause(cue: Token) -> list[Token]:
    """'Trump tweeted in the morning that X was …' misparsed: the clause after a nearby 'that'."""
    doc = cue.doc
    for tok in doc[cue.i + 1 : min(len(doc), cue.i + 8)]:
        if tok.sent != cue.sent or tok.is_punct or tok.pos_ == "VERB":
            return []
        if tok.lower_ == "that" and tok.dep_ in ("mark", "advmod", "nsubj", "dobj"):
            return [tok, tok.head] if tok.head.i > tok.i else []
    return []


def _according_content(according: Token, text: str) -> tuple[int, int] | None:
    """'According to X, the plan failed': the clause without the 'according to' phrase."""
    head = according.head
    if head == according:  # parsed as the root: the content is the rest of the sentence
        source, _ = speaker_head(according)
        if source is None:
            return None
        end_tok = according.sent[-1]
        return trim_chars(text, mention_span(source).end_char, end_tok.idx + len(end_tok.text))
    return _around(according, text)


RIGHT_CUT = {"punct", "cc", "conj", "advcl", "parataxis", "npadvmod", "advmod", "nsubj", "agent"}


def right_content(cue: Token, text: str) -> tuple[int, int] | None:
    """What follows a cue in its own phrase: 'called the plan “a disaster” on Monday' → the plan … disaster”."""
    parts = [c for c in cue.children if c.i > cue.i and c.dep_ not in RIGHT_CUT]
    if not parts:
        return None
    last = max((p.right_edge for p in parts), key=lambda t: t.i)
    return trim_chars(text, parts[0].left_edge.idx, last.idx + len(last.text))
