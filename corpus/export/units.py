"""The units of text the task formats (Prodigy, doccano, Label Studio) make a task of, and the
spans and relations of a unit's statements.

A unit is a whole article, or one of the pieces that tile it: its paragraphs or sentences, each
from its first token to the next one's, so the pieces put together are the text again. Pieces a
statement spans (a quote over two paragraphs, a speaker in the paragraph before) are joined.
With paragraph or sentence units every piece of an exported article is a task, also one
without statements, so an import can put the article's text back together (``meta.offset``).

Spans are snapped to whole tokens (a span that cuts a token is widened to it, as Prodigy's own
tokens and the DocBin export have it). Relations run from a SPEAKER span to each part of its
quote (``SPEAKER_OF``) and from a CUE span to each part (``CUE_OF``); QUOTE spans and relations
carry their statement's id in ``"statement"``.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from functools import cache

from corpus.export.records import (
    CUE,
    CUE_OF,
    QUOTE,
    SPEAKER,
    SPEAKER_OF,
    canonical_article,
    canonical_statement,
)
from corpus.export.tokens import TokenIndex
from corpus.text import paragraphs
from corpus.tokens import blank_english

_SPANS = ("quote", "cue", "speaker")


@dataclass(frozen=True, slots=True)
class Unit:
    """``article["text"][start:end]`` and the statements whose quote starts in it."""

    article: dict
    index: TokenIndex
    start: int
    end: int
    first_token: int
    last_token: int  # exclusive
    statements: list[dict]
    tiled: bool  # one of several pieces of the article

    @property
    def text(self) -> str:
        return self.article["text"][self.start : self.end]

    @property
    def meta(self) -> dict:
        """``article_id`` and ``title``, and the piece's ``offset`` in the article."""
        meta = {"article_id": self.article["id"], "title": self.article.get("title") or ""}
        if self.tiled:
            meta["offset"] = self.start
        return meta

    def groups(self) -> Iterator[tuple[str, list[dict]]]:
        """("accept", kept statements), then ("reject", rejected ones), each when it has any
        (a piece's accept group always: its text is part of the article)."""
        kept = [s for s in self.statements if s.get("status") != "rejected"]
        rejected = [s for s in self.statements if s.get("status") == "rejected"]
        if kept or self.tiled:
            yield "accept", kept
        if rejected:
            yield "reject", rejected

    def spans_and_relations(self, statements: list[dict]) -> tuple[list[dict], list[dict]]:
        """The spans in text order (a speaker or cue shared by statements appears once), with
        offsets and token indices counted from the unit's start, and the relations statement
        by statement (``head``/``child``: the last token of each span, as in Prodigy)."""
        spans: dict[tuple, dict] = {}
        relations = []
        index, offset, first_token = self.index, self.start, self.first_token

        def span(part: dict, label: str, statement: str | None = None) -> dict:
            first, last = index.token_range(part["start"], part["end"])
            key = (first, last, label, statement)
            found = spans.get(key)
            if found is None:
                found = spans[key] = {
                    "start": index.starts[first] - offset, "end": index.ends[last] - offset,
                    "token_start": first - first_token, "token_end": last - first_token,
                    "label": label,
                }  # fmt: skip
                if statement is not None:
                    found["statement"] = statement
            return found

        for s in statements:
            sid = s["id"]
            heads = [
                (span(s[field], label), rel)
                for field, label, rel in (("speaker", SPEAKER, SPEAKER_OF), ("cue", CUE, CUE_OF))
                if s.get(field)
            ]
            for part in s["quote"]:
                child = span(part, QUOTE, sid)
                relations.extend(_relation(head, child, rel, sid) for head, rel in heads)
        ordered = sorted(
            spans.values(), key=lambda d: (d["start"], d["end"], d["label"], d.get("statement", ""))
        )
        return ordered, relations


def units(pairs: Iterable[tuple[dict, list[dict]]], unit: str = "article") -> Iterator[Unit]:
    """The units (article, paragraph or sentence) of each (article, statements) pair in order."""
    for article, statements in pairs:
        index = TokenIndex.of(article)
        statements = sorted(statements, key=lambda s: s["quote"][0]["start"])
        starts = [s["quote"][0]["start"] for s in statements]
        for start, end in tiles(article, statements, unit, index):
            inside = statements[bisect_left(starts, start) : bisect_left(starts, end)]
            yield Unit(
                article, index, start, end, bisect_left(index.starts, start),
                bisect_left(index.starts, end), inside, unit != "article",
            )  # fmt: skip


def tiles(
    article: dict, statements: list[dict], unit: str, index: TokenIndex
) -> list[tuple[int, int]]:
    """``(start, end)`` pieces that tile the article's text (see the module docstring)."""
    text = article["text"]
    if unit == "article":
        return [(0, len(text))]
    cuts = {start for start, _ in paragraphs(text)}
    if unit == "sentence":  # a sentence never runs over a paragraph break
        cuts.update(sentence_starts(text, index))
    cuts.discard(0)
    ordered = sorted(cuts)
    for s in statements:  # cuts are token starts, so snapping a span never moves it over one
        parts = [*s["quote"], *(p for p in (s.get("speaker"), s.get("cue")) if p)]
        low, high = min(p["start"] for p in parts), max(p["end"] for p in parts)
        for c in ordered[bisect_right(ordered, low) : bisect_left(ordered, high)]:
            cuts.discard(c)
    bounds = [0, *sorted(cuts), len(text)]
    return list(zip(bounds, bounds[1:]))


def sentence_starts(text: str, index: TokenIndex) -> Iterator[int]:
    """Where sentences start, by spaCy's rule-based ``Sentencizer`` rule (a sentence ends at
    one of its punctuation characters, with the punctuation that follows it, such as a closing
    quote), read from the token offsets: no Doc or Token objects, which cost most of the time."""
    final = _final_punctuation()
    vocab = blank_english().vocab
    seen_end = after_space = False
    for start, end in zip(index.starts, index.ends):
        word = text[start:end]
        if word.isspace():  # a sentence that starts with a line break starts at its next word
            after_space, seen_end = after_space or seen_end, False
            continue
        if after_space or (seen_end and not vocab[word].is_punct and word not in final):
            yield start
            seen_end = after_space = False
        if word in final:
            seen_end = True


@cache
def _final_punctuation() -> frozenset[str]:
    from spacy.pipeline import Sentencizer

    return frozenset(Sentencizer.default_punct_chars)


def _relation(head: dict, child: dict, label: str, statement: str) -> dict:
    return {
        "head": head["token_end"],
        "child": child["token_end"],
        "head_span": _bare(head),
        "child_span": _bare(child),
        "label": label,
        "statement": statement,
    }


def _bare(span: dict) -> dict:
    """A span without its statement id, as relations hold it."""
    return {
        "start": span["start"], "end": span["end"], "token_start": span["token_start"],
        "token_end": span["token_end"], "label": span["label"],
    }  # fmt: skip


def quotelens_block(article: dict, statements: list[dict]) -> dict:
    """What a task carries for an import to rebuild exactly what was exported: the article
    record (without its text) and the statements' fields other than their spans."""
    record = canonical_article(article)
    del record["text"]
    return {"article": record, "statements": [canonical_statement(s, without=_SPANS) for s in statements]}
