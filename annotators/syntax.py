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
            return (child, "subject") if child.ent_type_ not in NOT_SPEAKERS else (None, "none")
    # '“…,” said Leslie Wimes': the parser may take the name after the verb for an object.
    for child in children:
        if (
            child.i > cue.i and child.i - cue.i <= 4 and child.dep_ in INVERTED_SUBJECTS
            and child.pos_ == "PROPN" and cue.i > 0 and cue.doc[cue.i - 1].is_punct
        ):
            return child, "subject"
    # "X stood up and said", "X wants to say": the subject of the verb this one hangs on.
    head = cue
    for _ in range(4):
        if head.dep_ not in CLIMB or head.head is head:
            break
        head = head.head
        for child in head.children:
            if child.dep_ in ("nsubj", "nsubjpass") and not quoted(child):
                return child, "inherited"
    if cue.dep_ == "relcl" and cue.head.pos_ in ("NOUN", "PROPN"):
        return cue.head, "subject"
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
# Verbs whose content is an infinitive ("vowed to fight").
INFINITIVE_CUES = {"promise", "vow", "pledge", "threaten", "plan", "want", "intend", "urge", "ask", "call", "expect", "hope", "agree", "demand"}


def content_of(cue: Token, text: str, clause_only: bool = False) -> tuple[int, int] | None:
    """Character range of what a cue verb reports, or None if it has no complement.

    ``text`` is the doc's text; ``clause_only`` accepts only a clausal complement
    ("believes (that) …"), not an infinitive or an object."""
    lemma = cue.lemma_.lower()
    if cue.lower_ == "according":
        return _according_content(cue, text)
    parts = [c for c in cue.children if c.dep_ in COMPLEMENTS]
    if clause_only and not parts:
        return None
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
    return trim_chars(text, start, end)


def _according_content(according: Token, text: str) -> tuple[int, int] | None:
    """'According to X, the plan failed': the clause without the 'according to' phrase."""
    head = according.head
    if head is according:  # parsed as the root: the content is the rest of the sentence
        source, _ = speaker_head(according)
        if source is None:
            return None
        end_tok = according.sent[-1]
        return trim_chars(text, mention_span(source).end_char, end_tok.idx + len(end_tok.text))
    lo, hi = head.left_edge.idx, head.right_edge.idx + len(head.right_edge.text)
    a_lo = according.left_edge.idx
    a_hi = according.right_edge.idx + len(according.right_edge.text)
    if a_lo - lo >= hi - a_hi:
        return trim_chars(text, lo, a_lo)
    return trim_chars(text, a_hi, hi)


RIGHT_CUT = {"punct", "cc", "conj", "advcl", "parataxis", "npadvmod", "advmod", "nsubj", "agent"}


def right_content(cue: Token, text: str) -> tuple[int, int] | None:
    """What follows a cue in its own phrase: 'called the plan “a disaster” on Monday' → the plan … disaster”."""
    parts = [c for c in cue.children if c.i > cue.i and c.dep_ not in RIGHT_CUT]
    if not parts:
        return None
    last = max((p.right_edge for p in parts), key=lambda t: t.i)
    return trim_chars(text, parts[0].left_edge.idx, last.idx + len(last.text))
