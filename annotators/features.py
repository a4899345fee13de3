"""What the learned scorer knows about a frame: parse labels, lemmas, lengths and positions.

Features are non-lexical or lemma/label-level (no word forms, n-grams or vectors): the cue's
lemma, tag and dependency, the speaker mention's entity type and how the rules found it, the
content's size, quotation share and place, and why the rules doubted it. ``frame_features``
returns one dict per frame (strings for categorical features); ``Encoder`` turns them into
numeric rows with code tables learned from training data and saved with the model.
"""
from __future__ import annotations

import math
from collections import Counter
from collections.abc import Container, Iterable, Mapping, Sequence
from dataclasses import dataclass

import numpy as np
from spacy.tokens import Doc, Token

from annotators.cues import load_lexicon
from annotators.frames import Frame
from annotators.quotes import QuoteIndex
from annotators.syntax import mention_span

CATEGORICAL = (
    "kind", "origin", "via", "cue_lemma", "cue_pos", "cue_tag", "cue_dep", "head_dep", "head_pos",
    "source_pos", "source_ent", "source_dep", "first_dep", "link", "link_pos",
)  # fmt: skip
NUMERIC = (
    "speech_count", "belief_count", "noun_count", "is_according", "negated", "modal",
    "has_cue", "cue_before", "cue_gap", "has_source", "source_pronoun", "source_relative",
    "source_words", "source_same_sentence", "words", "segments", "quoted_share", "sentences",
    "verbs", "inner_cues", "starts_that", "ends_sentence", "position", "paragraph",
    "overlapping", "inside_other", "holds_other", "rule_confidence", "doubts",
    "doubt_short", "doubt_belief", "doubt_no_speaker", "doubt_plan", "doubt_inner_speaker", "doubt_not_cue",
    "doubt_no_clause", "same_cue", "sentence_quoted", "sentence_frames", "sentence_sure", "nested_cue",
)  # fmt: skip
SPEAKER_CATEGORICAL = ("relation", "dep", "pos", "tag", "ent", "kind", "cue_dep", "via")
SPEAKER_NUMERIC = (
    "is_rule_choice", "climb", "distance", "before_cue", "same_sentence", "pronoun", "relative",
    "words", "quoted", "candidates", "nearer", "capitalised", "child_of_cue", "in_paragraph",
)  # fmt: skip
SPEAKER_DEPS = {"nsubj", "nsubjpass", "agent", "pobj", "dobj", "dative", "appos", "attr", "npadvmod", "poss", "compound"}
MAX_SPEAKERS = 10
DOUBTS = {
    "short": "doubt_short", "belief": "doubt_belief", "no speaker": "doubt_no_speaker",
    "plan": "doubt_plan", "inner speaker": "doubt_inner_speaker", "not a cue": "doubt_not_cue",
    "no clause": "doubt_no_clause",
}  # fmt: skip
PRONOUN_TAGS = {"PRP", "WP", "PRP$"}


def frame_features(doc: Doc, frames: Sequence[Frame]) -> list[dict]:
    """One feature dict per frame (in order); ``frames`` are the doc's candidate frames."""
    index = QuoteIndex(doc)
    lexicon = load_lexicon()
    n_chars = max(1, len(index.text))
    ranges = [(f.start, f.end) for f in frames]
    sentences = [f.cue.sent if f.cue is not None else None for f in frames]  # Token.sent is not cheap
    rows = []
    for k, frame in enumerate(frames):
        start, end = frame.start, frame.end
        content = doc.char_span(start, end, alignment_mode="expand")
        tokens = list(content) if content is not None else []
        words = sum(len(index.text[s:e].split()) for s, e in frame.content)
        quoted = sum(index.quoted_chars(s, e) for s, e in frame.content)
        cue, source = frame.cue, frame.source
        doubts = frame.extra.get("doubts", [])
        row = {
            "kind": frame.kind,
            "origin": "quotes" if frame.kind == "direct" and "doubts" not in frame.extra else "reported",
            "via": frame.source_via,
            "rule_confidence": frame.confidence,
            "doubts": len(doubts),
            **{name: float(reason in doubts) for reason, name in DOUBTS.items()},
            "words": words,
            "segments": len(frame.content),
            "quoted_share": quoted / max(1, end - start),
            "sentences": 1 + sum(t.is_sent_start for t in tokens[1:]) if tokens else 0,
            "verbs": sum(t.pos_ == "VERB" for t in tokens),
            "inner_cues": sum(t.lemma_.lower() in lexicon.speech and t.pos_ == "VERB" for t in tokens),
            "starts_that": float(bool(tokens) and tokens[0].lower_ in ("that", "if", "whether")),
            "first_dep": tokens[0].dep_ if tokens else "",
            "ends_sentence": float(bool(tokens) and tokens[-1].is_sent_end),
            "position": start / n_chars,
            "paragraph": index.paragraph_of(start),
            "overlapping": sum(1 for j, (s, e) in enumerate(ranges) if j != k and s < end and start < e),
            "inside_other": float(any(j != k and s <= start and end <= e for j, (s, e) in enumerate(ranges))),
            "holds_other": float(any(j != k and start <= s and e <= end for j, (s, e) in enumerate(ranges))),
        }
        if cue is not None:
            link = next((t for t in tokens if t.head == cue and t is not cue), None)
            row["link"] = link.dep_ if link is not None else "-"
            row["link_pos"] = link.pos_ if link is not None else "-"
            row["same_cue"] = sum(1 for f in frames if f.cue is cue)
            near = [f for f, s in zip(frames, sentences) if s is not None and s.start == sentences[k].start]
            row["sentence_frames"] = len(near)
            row["sentence_sure"] = sum(1 for f in near if not f.extra.get("doubts"))
            row["nested_cue"] = float(any(f.cue is not None and f.cue is not cue and start <= f.cue.idx < end for f in frames))
            sent = sentences[k]
            row["sentence_quoted"] = index.quoted_chars(sent.start_char, sent.end_char) / max(1, sent.end_char - sent.start_char)
        row.update(_cue_features(cue, start, end, lexicon))
        row.update(_source_features(source, cue))
        rows.append(row)
    return rows


def _cue_features(cue: Token | None, start: int, end: int, lexicon) -> dict:
    if cue is None:
        return {"has_cue": 0.0}
    lemma = cue.lemma_.lower()
    gap = cue.idx - end if cue.idx >= end else start - (cue.idx + len(cue.text))
    return {
        "has_cue": 1.0,
        "cue_lemma": lemma,
        "cue_pos": cue.pos_,
        "cue_tag": cue.tag_,
        "cue_dep": cue.dep_,
        "head_dep": cue.head.dep_,
        "head_pos": cue.head.pos_,
        "speech_count": math.log1p(lexicon.speech.get(lemma, 0)),
        "belief_count": math.log1p(lexicon.belief.get(lemma, 0)),
        "noun_count": math.log1p(lexicon.nouns.get(lemma, 0)),
        "is_according": float(cue.lower_ == "according"),
        "negated": float(any(c.dep_ == "neg" for c in cue.children)),
        "modal": float(any(c.tag_ == "MD" for c in cue.children)),
        "cue_before": float(cue.idx < start),
        "cue_gap": max(0, gap),
    }


def _source_features(source: Token | None, cue: Token | None) -> dict:
    if source is None:
        return {"has_source": 0.0}
    mention = mention_span(source)
    return {
        "has_source": 1.0,
        "source_pos": source.pos_,
        "source_ent": source.ent_type_ or "-",
        "source_dep": source.dep_,
        "source_pronoun": float(source.tag_ in PRONOUN_TAGS),
        "source_relative": float(source.tag_ in ("WP", "WDT")),
        "source_words": len(mention),
        "source_same_sentence": float(cue is not None and source.sent == cue.sent),
    }


def speaker_candidates(frame: Frame, index: QuoteIndex) -> list[Token]:
    """Tokens that may head the speaker mention of a frame: the rules' choice, the subjects,
    agents and objects of the cue and of the verbs above it, and the entities, pronouns and
    noun subjects of the cue's sentence; none inside the content or a quote; nearest first."""
    cue = frame.cue
    if cue is None:
        return [frame.source] if frame.source is not None else []
    found: dict[int, Token] = {}
    head, heads = cue, [cue]
    for _ in range(3):
        if head.head == head:
            break
        head = head.head
        heads.append(head)
    for h in heads:
        for child in h.children:
            if child.dep_ == "agent":
                found.update((c.i, c) for c in child.children if c.dep_ == "pobj")
            elif child.dep_ in SPEAKER_DEPS:
                found[child.i] = child
    for tok in cue.sent:
        if (tok.ent_iob_ == "B" and tok.ent_type_ in ("PERSON", "ORG", "NORP", "GPE")) or tok.tag_ in PRONOUN_TAGS or (
            tok.dep_ in ("nsubj", "nsubjpass") and tok.pos_ in ("NOUN", "PROPN")
        ):
            option = _entity_head(tok) if tok.ent_iob_ == "B" else tok
            found[option.i] = option
    inside = [(s, e) for s, e in frame.content]
    options = [
        t for t in found.values()
        if t is not cue and not any(s <= t.idx < e for s, e in inside) and not index.is_quoted(t) and not t.is_punct
    ]  # fmt: skip
    options.sort(key=lambda t: abs(t.i - cue.i))
    options = options[:MAX_SPEAKERS]
    if frame.source is not None and all(t.i != frame.source.i for t in options):
        options.insert(0, frame.source)
    return options


def _entity_head(tok: Token) -> Token:
    """The root of the entity a token starts."""
    for ent in tok.doc.ents:
        if ent.start == tok.i:
            return ent.root
    return tok


def speaker_features(frame: Frame, options: Sequence[Token], index: QuoteIndex) -> list[dict]:
    """One feature dict per speaker option of a frame."""
    cue = frame.cue
    rows = []
    heads = []
    if cue is not None:
        head = cue
        heads.append(head)
        for _ in range(3):
            if head.head == head:
                break
            head = head.head
            heads.append(head)
    for rank, tok in enumerate(options):
        climb = next((k for k, h in enumerate(heads) if tok.head == h), -1)
        row = {
            "dep": tok.dep_, "pos": tok.pos_, "tag": tok.tag_, "ent": tok.ent_type_ or "-",
            "kind": frame.kind, "via": frame.source_via,
            "is_rule_choice": float(frame.source is not None and tok.i == frame.source.i),
            "climb": climb, "relation": f"{climb}:{tok.dep_}" if climb >= 0 else "sentence",
            "pronoun": float(tok.tag_ in PRONOUN_TAGS), "relative": float(tok.tag_ in ("WP", "WDT")),
            "words": len(mention_span(tok)), "quoted": float(index.is_quoted(tok)),
            "candidates": len(options), "nearer": rank, "capitalised": float(tok.text[:1].isupper()),
            "in_paragraph": float(index.paragraph_of(tok.idx) == index.paragraph_of(frame.start)),
        }  # fmt: skip
        if cue is not None:
            row.update(
                cue_dep=cue.dep_, distance=tok.i - cue.i, before_cue=float(tok.i < cue.i),
                same_sentence=float(tok.sent == cue.sent), child_of_cue=float(tok.head == cue),
            )  # fmt: skip
        rows.append(row)
    return rows


@dataclass(frozen=True)
class Schema:
    """Feature names: categorical ones (strings, coded by an ``Encoder``) then numeric ones."""

    categorical: tuple[str, ...]
    numeric: tuple[str, ...]

    @property
    def names(self) -> list[str]:
        """All feature names, in row order."""
        return list(self.categorical + self.numeric)


FRAME = Schema(CATEGORICAL, NUMERIC)
SPEAKER = Schema(SPEAKER_CATEGORICAL, SPEAKER_NUMERIC)


class Encoder:
    """Code tables for a schema's categorical features: value -> small integer (unseen: missing)."""

    def __init__(self, schema: Schema, tables: dict[str, list[str]]):
        self.schema = schema
        self.tables = tables
        self._codes = {name: {v: i for i, v in enumerate(values)} for name, values in tables.items()}

    @classmethod
    def fit(
        cls, schema: Schema, rows: Iterable[dict], min_count: int = 3, allowed: Mapping[str, Container[str]] | None = None
    ) -> Encoder:
        """Tables of the values seen at least ``min_count`` times, most frequent first;
        ``allowed`` limits some features' tables (e.g. ``cue_lemma`` to the cue lexicon's
        lemmas, for a model that ships)."""
        allowed = allowed or {}
        counts: dict[str, Counter] = {name: Counter() for name in schema.categorical}
        for row in rows:
            for name in schema.categorical:
                if name in row:
                    counts[name][row[name]] += 1
        return cls(schema, {
            name: [v for v, n in c.most_common() if n >= min_count and (name not in allowed or v in allowed[name])]
            for name, c in counts.items()
        })  # fmt: skip

    def encode(self, rows: Iterable[dict]) -> np.ndarray:
        """Numeric rows in schema order; absent or unseen values are NaN (missing)."""
        nan = float("nan")
        out = []
        for row in rows:
            values = [float(self._codes[n].get(row[n], nan)) if n in row else nan for n in self.schema.categorical]
            values += [float(row[n]) if n in row else nan for n in self.schema.numeric]
            out.append(values)
        return np.asarray(out, dtype=float).reshape(len(out), len(self.schema.names))
