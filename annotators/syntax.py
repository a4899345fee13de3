"""Dependency-tree questions the components ask: who is the subject of a cue, where a mention ends."""
from __future__ import annotations

from typing import Callable

from spacy.tokens import Doc, Span, Token

INVERTED_SUBJECTS = {"dobj", "attr", "npadvmod", "appos", "nsubjpass", "dative"}
# Children that are not part of a speaker mention's core ("Putin, who ..., said").
MENTION_CUT = {"relcl", "acl", "appos", "punct", "cc", "conj", "advcl", "parataxis", "prep"}
RELATIVE_PRONOUNS = {"who", "which", "that", "whom"}
NOT_SPEAKERS = {"DATE", "TIME", "CARDINAL", "ORDINAL", "PERCENT", "MONEY", "QUANTITY"}


def speaker_head(cue: Token, quoted: Callable[[Token], bool] = lambda t: False) -> tuple[Token | None, str]:
    """The token heading the speaker mention of a cue, and how it was found.

    ``quoted`` tells whether a token lies inside quotation marks: a speaker never does.
    """
    if cue.lower_ == "according":
        for to in cue.children:
            if to.lower_ == "to":
                for obj in to.children:
                    if obj.dep_ == "pobj":
                        return obj, "according"
        return None, "none"
    children = [c for c in cue.children if not quoted(c)]
    for child in children:
        if child.dep_ == "agent":
            for obj in child.children:
                if obj.dep_ == "pobj":
                    return obj, "agent"
    for child in children:
        if child.dep_ in ("nsubj", "csubj"):
            return child, "subject"
    # '“…,” said Leslie Wimes': the parser may take the name after the verb for an object.
    for child in children:
        if (
            child.i > cue.i and child.i - cue.i <= 4 and child.dep_ in INVERTED_SUBJECTS
            and child.pos_ in ("PROPN", "PRON", "NOUN") and child.ent_type_ not in NOT_SPEAKERS
        ):
            return child, "subject"
    # "X stood up and said", "X wants to say": the subject of the verb this one hangs on.
    head = cue
    for _ in range(3):
        if head.dep_ not in ("conj", "xcomp", "advcl") or head.head is head:
            break
        head = head.head
        for child in head.children:
            if child.dep_ == "nsubj" and not quoted(child):
                return child, "inherited"
    if cue.dep_ == "relcl" and cue.head.pos_ in ("NOUN", "PROPN"):
        return cue.head, "subject"
    if cue.dep_ == "acl" and cue.head.pos_ in ("NOUN", "PROPN"):  # "a statement issued by X"
        return None, "none"
    return None, "none"


def through_relative(token: Token) -> Token:
    """'who' in 'Psaki, who said' stands for the noun the clause hangs on."""
    if token.lower_ in RELATIVE_PRONOUNS and token.head.dep_ == "relcl":
        return token.head.head
    return token


def mention_span(head: Token) -> Span:
    """The compact noun phrase of a mention: determiners, titles and names, no clauses."""
    left, right = head.i, head.i
    for child in head.children:
        if child.dep_ in MENTION_CUT:
            continue
        if child.i < head.i:
            left = min(left, child.left_edge.i)
        else:
            right = max(right, child.right_edge.i)
    doc = head.doc
    while left < head.i and not _wordy(doc[left]):
        left += 1
    while right > head.i and not _wordy(doc[right]):
        right -= 1
    return doc[left : right + 1]


def _wordy(token: Token) -> bool:
    return any(ch.isalnum() for ch in token.text)


def trim_chars(doc: Doc, start: int, end: int, strip: str = " \n\t.,;:—–-") -> tuple[int, int]:
    """Shrink a character range past surrounding whitespace and joining punctuation."""
    text = doc.text
    while start < end and text[start] in strip:
        start += 1
    while end > start and text[end - 1] in strip:
        end -= 1
    return start, end


COMPLEMENTS = {"ccomp"}
# Prepositions that carry the rest of an object's content ("accused X of lying").
OBJECT_PREPS = {"of", "for", "as", "about", "over", "on", "to", "with"}
# Verbs whose content is an infinitive ("vowed to fight").
INFINITIVE_CUES = {"promise", "vow", "pledge", "threaten", "plan", "want", "intend", "urge", "ask", "call", "expect", "hope", "agree", "demand"}


def content_of(cue: Token) -> tuple[int, int] | None:
    """Character range of what a cue verb reports, or None if it has no complement."""
    lemma = cue.lemma_.lower()
    if cue.lower_ == "according":
        return _according_content(cue)
    parts = [c for c in cue.children if c.dep_ in COMPLEMENTS]
    if not parts and lemma in INFINITIVE_CUES:
        parts = [c for c in cue.children if c.dep_ == "xcomp"]
    if not parts:
        obj = [c for c in cue.children if c.dep_ == "dobj" and c.i > cue.i]
        if obj:
            parts = obj + [c for c in cue.children if c.dep_ == "prep" and c.i > obj[0].i and c.lower_ in OBJECT_PREPS]
    if not parts:
        return None
    start = min(p.left_edge.idx for p in parts)
    last = max((p.right_edge for p in parts), key=lambda t: t.i)
    end = last.idx + len(last.text)
    if start <= cue.idx < end:  # never report the cue itself
        start, end = (cue.idx + len(cue.text), end) if parts[0].i > cue.i else (start, cue.idx)
    return trim_chars(cue.doc, start, end)


def _according_content(according: Token) -> tuple[int, int] | None:
    """'According to X, the plan failed': the clause without the 'according to' phrase."""
    head = according.head
    if head is according:
        return None
    lo, hi = head.left_edge.idx, head.right_edge.idx + len(head.right_edge.text)
    a_lo = according.left_edge.idx
    a_hi = according.right_edge.idx + len(according.right_edge.text)
    if a_lo - lo >= hi - a_hi:
        return trim_chars(according.doc, lo, a_lo)
    return trim_chars(according.doc, a_hi, hi)


RIGHT_CUT = {"punct", "cc", "conj", "advcl", "parataxis", "npadvmod", "advmod", "nsubj", "agent"}


def right_content(cue: Token) -> tuple[int, int] | None:
    """What follows a cue in its own phrase: 'called the plan “a disaster” on Monday' → the plan … disaster”."""
    parts = [c for c in cue.children if c.i > cue.i and c.dep_ not in RIGHT_CUT]
    if not parts:
        return None
    last = max((p.right_edge for p in parts), key=lambda t: t.i)
    return trim_chars(cue.doc, parts[0].left_edge.idx, last.idx + len(last.text))
