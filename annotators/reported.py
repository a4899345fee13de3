"""``quotelens_reported``: reported (indirect) speech, and quotes used inside it (mixed).

A cue verb with a clausal complement ("X said (that) …", "…, X warned", "X told reporters …",
"X accused Y of …", "X denied …") or "according to X, …" makes a frame whose content is the
complement. Content that is (almost) all quoted stays the direct frame of that quote; content
holding a quoted fragment becomes one *mixed* frame that replaces the fragment's direct frame.
Writes ``doc.spans["cues"]`` (cues of all frames, after the quote component's) too.
"""
from __future__ import annotations

from spacy.language import Language
from spacy.tokens import Doc, Token

from annotators.cues import load_lexicon
from annotators.frames import Frame, frames_of, register_extensions
from annotators.quotes import QuoteIndex, is_cue
from annotators.syntax import content_of, speaker_head, trim_chars

QUOTED_SHARE = 0.85  # content at least this quoted is a direct quote, owned by quotelens_quotes


class ReportedSpeech:
    """Finds indirect and mixed statements from cue verbs and their complements."""

    def __init__(
        self, nlp: Language, name: str, include_beliefs: bool, min_content_words: int, candidates: bool = False
    ):
        register_extensions()
        self.name = name
        self.include_beliefs = include_beliefs
        self.min_content_words = min_content_words
        self.candidates = candidates

    def __call__(self, doc: Doc) -> Doc:
        index = QuoteIndex(doc)
        lexicon = load_lexicon()
        cues = lexicon.cue_words(True)
        beliefs = frozenset(lexicon.belief) - frozenset(lexicon.speech)
        frames = frames_of(doc)
        dropped: set[int] = set()
        new: list[Frame] = []
        for tok in doc:
            lexical = is_cue(tok, cues, index)
            if not (lexical or (self.candidates and tok.pos_ == "VERB" and not index.is_quoted(tok))):
                continue
            belief = tok.lemma_.lower() in beliefs or not lexical
            in_lexicon = lambda t: is_cue(t, cues, index)  # noqa: E731
            rng = content_of(tok, index.text, clause_only=belief, is_cue=in_lexicon)
            clausal = rng is not None
            if rng is None and self.candidates and belief:  # "plans to …", "backed the bill"
                rng = content_of(tok, index.text, is_cue=in_lexicon)
            if rng is None:
                continue
            rng = trim_chars(index.text, *index.clip_to_paragraph(rng, tok.idx))
            if rng[1] <= rng[0]:
                continue
            start, end = index.cover_quotes(rng)
            if any(f.cue == tok and f.start <= start and end <= f.end for f in frames):
                continue  # already found from its quote
            if not self.candidates and any((f.start, f.end) == (start, end) for f in new):
                continue  # "said in a statement that …": one statement, two cues (the scorer picks among candidates)
            quoted = index.quoted_chars(start, end)
            if quoted >= QUOTED_SHARE * (end - start):
                continue  # the quote component owns it
            source, via = speaker_head(tok, index.is_quoted)
            kind = "mixed" if quoted else "indirect"
            inside = [f for f in frames if id(f) not in dropped and start <= f.start and f.end <= end]
            doubts = self._doubts(tok, lexical, belief, bool(quoted), source, via, index.text[start:end], inside, start, end)
            if not clausal:
                doubts.append("no clause")
            if doubts and not self.candidates:
                continue
            if quoted and not doubts:
                dropped.update(id(f) for f in inside)
            conf = (0.8 if kind == "mixed" else 0.7) if source is not None else 0.4
            extra = {"doubts": doubts} if self.candidates else {}
            new.append(Frame([(start, end)], tok, source, kind, conf, via, extra))
        kept = [f for f in frames if id(f) not in dropped]
        frames[:] = sorted(kept + new, key=lambda f: f.start)
        cues = [f.cue for f in frames if f.cue is not None]
        doc.spans["cues"] = [doc[c.i : c.i + 1] for c in sorted(set(cues), key=lambda t: t.i)]
        return doc

    def _doubts(
        self, tok: Token, lexical: bool, belief: bool, quoted: bool, source: Token | None, via: str,
        content: str, inside: list[Frame], start: int, end: int,
    ) -> list[str]:
        """Why the rules would not report this cue's content (empty: they would)."""
        doubts = []
        if not lexical:
            doubts.append("not a cue")  # only considered in candidates mode
        if len(content.split()) < self.min_content_words:
            doubts.append("short")
        if belief and not (self.include_beliefs or quoted):
            doubts.append("belief")  # "agreed that X is “fit to serve”": a quoted belief is reported words
        if source is None and not quoted and via != "passive":
            doubts.append("no speaker")  # reported speech with nobody reporting it is rarely an attribution
        if not quoted and tok.tag_ == "VB" and tok.lemma_ != "say":
            doubts.append("plan")  # "to find ways", "will tell the truth": plans, not reports
        if any(_own_cue(f, tok, start, end) for f in inside):
            doubts.append("inner speaker")  # "… and the mother replied, “…”": the quote has its own speaker
        return doubts


def _own_cue(frame: Frame, cue: Token, start: int, end: int) -> bool:
    """A frame inside [start, end) whose own cue, with a speaker, lies there too."""
    other = frame.cue
    return (
        other is not None and other != cue and frame.source is not None
        and start <= other.idx < end and frame.kind == "direct"
    )


@Language.factory(
    "quotelens_reported",
    default_config={"include_beliefs": False, "min_content_words": 3, "candidates": False},
    assigns=["doc.spans", "doc._.quotelens_frames"],
    requires=["token.dep", "token.lemma"],
)
def make_reported_speech(
    nlp: Language, name: str, include_beliefs: bool, min_content_words: int, candidates: bool
) -> ReportedSpeech:
    """Factory of the reported-speech component (settings live in the pipeline config).

    ``candidates``: also keep what the rules doubt (any verb with a clausal complement, beliefs,
    short or speakerless content), listing why in ``extra["doubts"]``, for ``quotelens_scorer`` to judge."""
    return ReportedSpeech(nlp, name, include_beliefs, min_content_words, candidates)
