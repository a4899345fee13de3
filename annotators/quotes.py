"""``quotelens_quotes``: quoted text from quotation marks, with the cue that introduces it.

Writes ``doc.spans["quotes"]`` (one span per quoted stretch; ``span.id_`` is the quote's group,
shared by the paragraphs of one multi-paragraph quote; label ``QUOTE`` or ``UNCLOSED``) and one
direct frame per quote on ``doc._.quotelens_frames``. A quote split by its cue
(“…,” he said. “…”) and quotes following it in the same paragraph without a cue of their own
become one frame with several content spans.
"""
from __future__ import annotations

from bisect import bisect_right

from spacy.language import Language
from spacy.tokens import Doc, Span, Token

from annotators.cues import CueWords, load_lexicon
from annotators.frames import Frame, doc_text, frames_of, register_extensions
from annotators.quote_marks import ALL_MARKS, find_quotes, paragraphs
from annotators.syntax import content_of, right_content, speaker_head

DASHES = {"―", "—", "–", "-", "--"}


class QuoteIndex:
    """Where the quotes and paragraphs of a doc are, for O(log n) lookups by character."""

    def __init__(self, doc: Doc):
        self.text = doc_text(doc)
        self.spans: list[Span] = list(doc.spans.get("quotes", []))
        self.starts = [s.start_char for s in self.spans]
        self.para = list(paragraphs(self.text))
        self.para_starts = [p[0] for p in self.para]

    def quote_at(self, char: int) -> Span | None:
        """The quote covering a character, if any."""
        k = bisect_right(self.starts, char) - 1
        if k >= 0 and self.spans[k].start_char <= char < self.spans[k].end_char:
            return self.spans[k]
        return None

    def paragraph_of(self, char: int) -> int:
        """Index of the paragraph holding a character."""
        return max(0, bisect_right(self.para_starts, char) - 1)

    def is_quoted(self, token: Token) -> bool:
        """True if the token lies inside a quote."""
        return self.quote_at(token.idx) is not None

    def cover_quotes(self, rng: tuple[int, int]) -> tuple[int, int]:
        """Widen a character range so that no quote is cut in two."""
        start, end = rng
        first, last = self.quote_at(start), self.quote_at(max(start, end - 1))
        return (first.start_char if first else start, last.end_char if last else end)

    def quoted_chars(self, start: int, end: int) -> int:
        """How many characters of [start, end) lie inside quotes."""
        k = max(0, bisect_right(self.starts, start) - 1)
        total = 0
        while k < len(self.spans) and self.spans[k].start_char < end:
            s, e = max(start, self.spans[k].start_char), min(end, self.spans[k].end_char)
            total += max(0, e - s)
            k += 1
        return total


def is_cue(token: Token, cues: CueWords, index: QuoteIndex) -> bool:
    """A cue word outside quotes."""
    return cues.matches(token) and not index.is_quoted(token)


class QuoteFinder:
    """Finds quotes and the nearest cue in their sentence or the next one of the paragraph."""

    def __init__(self, nlp: Language, name: str, include_beliefs: bool, min_unattributed_words: int):
        register_extensions()
        self.name = name
        self.include_beliefs = include_beliefs
        self.min_unattributed_words = min_unattributed_words

    def __call__(self, doc: Doc) -> Doc:
        spans = []
        for q in find_quotes(doc_text(doc)):
            span = doc.char_span(
                q.start, q.end, label="QUOTE" if q.closed else "UNCLOSED",
                alignment_mode="expand", span_id=str(q.group),
            )
            if span is not None and len(span):
                spans.append(span)
        doc.spans["quotes"] = spans
        index = QuoteIndex(doc)
        cues = load_lexicon().cue_words(self.include_beliefs)
        frames = frames_of(doc)
        frames.extend(self._frames(doc, index, cues))
        return doc

    def _frames(self, doc: Doc, index: QuoteIndex, cues: CueWords) -> list[Frame]:
        out: list[Frame] = []
        last_para = -1
        for group in _groups(index.spans):
            first = group[0]
            para = index.paragraph_of(first.start_char)
            prev = out[-1] if out else None
            if prev is not None and last_para == para and _continues_sentence(index.text, prev, first):
                prev.content.append((first.start_char, first.end_char))  # “My hope,” he said, “is …”
                continue
            if len(group) == 1 and is_fragment(doc, first, index.text):
                frame = self._fragment_frame(doc, first, index, cues)
                if frame is not None and not (out and out[-1].cue == frame.cue and out[-1].end >= frame.end):
                    frame.extra["paragraph"] = para
                    out.append(frame)
                last_para = -1
                continue
            cue = next((c for c in (self._cue_for(doc, part, index, cues) for part in group) if c), None)
            content = [(s.start_char, s.end_char) for s in group]
            if prev is not None and last_para == para and (cue is None or cue == prev.cue):
                prev.content.extend(content)  # the quote goes on after its cue
                continue
            source, via = speaker_head(cue, index.is_quoted) if cue is not None else (None, "none")
            if cue is not None and source is None:
                source, via = between(doc, group[0], cue), "adjacent"
            if cue is None:
                cue, source, via = byline(doc, group[-1], index)
            words = sum(len(index.text[s:e].split()) for s, e in content)
            if cue is None and words < self.min_unattributed_words:
                last_para = -1
                continue
            frame = Frame(content, cue, source, "direct", 0.9 if source is not None else 0.5, via)
            frame.extra["paragraph"] = para
            frame.extra["opens_paragraph"] = first.start_char == index.para[para][0]
            out.append(frame)
            last_para = index.paragraph_of(group[-1].start_char)
        return out

    def _fragment_frame(self, doc: Doc, quote: Span, index: QuoteIndex, cues: CueWords) -> Frame | None:
        """A quoted phrase inside a sentence: the statement is the cue's whole complement."""
        cue = _governing_cue(quote, index, cues)
        if cue is None:
            return None
        q = (quote.start_char, quote.end_char)
        rng = None
        for candidate in (content_of(cue, index.text), right_content(cue, index.text)):
            if candidate and candidate[0] <= q[0] and q[1] <= candidate[1]:
                rng = candidate
                break
        if rng is None and len(quote) < self.min_unattributed_words:
            return None  # a scare quote, not a statement
        rng = index.cover_quotes(rng or q)
        quoted = index.quoted_chars(*rng)
        kind = "direct" if quoted >= 0.85 * (rng[1] - rng[0]) else "mixed"
        source, via = speaker_head(cue, index.is_quoted)
        return Frame([rng], cue, source, kind, 0.8 if source is not None else 0.4, via)

    def _cue_for(self, doc: Doc, quote: Span, index: QuoteIndex, cues: CueWords) -> Token | None:
        """The cue nearest the quote in the sentences it touches, else the next sentence,
        else a sentence ending in a colon just before the quote ('She continued:')."""
        para = index.paragraph_of(quote.start_char)
        p_start, p_end = index.para[para]
        sent_first = quote[0].sent
        sent_last = quote[-1].sent
        windows = [(sent_first.start, sent_last.end, p_start, p_end)]
        nxt = sent_last.end
        if nxt < len(doc) and doc[nxt].idx < p_end:
            windows.append((nxt, doc[nxt].sent.end, p_start, p_end))
        before = sent_first.start - 1
        if before >= 0 and _colon_before(index.text, quote.start_char):
            windows.append((doc[before].sent.start, sent_first.start, 0, p_end))
        for lo, hi, w_start, w_end in windows:
            best: Token | None = None
            best_dist = 1 << 30
            for tok in doc[lo:hi]:
                if tok.idx < w_start or tok.idx >= w_end or not is_cue(tok, cues, index):
                    continue
                dist = quote.start_char - tok.idx if tok.idx < quote.start_char else tok.idx - quote.end_char
                if dist < best_dist:
                    best, best_dist = tok, dist
            if best is not None:
                return best
        return None


def _continues_sentence(text: str, prev: Frame, quote: Span) -> bool:
    """The quote goes on a sentence its predecessor left at a comma: “My hope,” he said, “is …”."""
    inner = text[quote.start_char : quote.end_char].lstrip(ALL_MARKS + " ")
    last = text[prev.content[-1][0] : prev.content[-1][1]].rstrip(ALL_MARKS + " ")
    return bool(inner) and inner[0].islower() and last.endswith(",")


def _colon_before(text: str, char: int) -> bool:
    k = char - 1
    while k >= 0 and text[k].isspace():
        k -= 1
    return k >= 0 and text[k] == ":"


def is_fragment(doc: Doc, quote: Span, text: str) -> bool:
    """A quoted phrase used inside a sentence ('called it “a disaster” on Monday'), not a full quote."""
    inner = text[quote.start_char:quote.end_char].strip(ALL_MARKS + " ")
    if not inner:
        return True
    if inner[0].islower():
        return True
    if inner[-1] in ".,?!…:;—-":
        return False
    after = quote.end
    return after < len(doc) and doc[after].sent == quote[-1].sent and not doc[after].is_punct


def _governing_cue(quote: Span, index: QuoteIndex, cues: CueWords) -> Token | None:
    """The nearest cue word among the heads above a quoted phrase."""
    root = quote.root
    tok = root.head
    for _ in range(6):
        if is_cue(tok, cues, index):
            return tok
        if tok.head is tok:
            return None
        tok = tok.head
    return None


def between(doc: Doc, quote: Span, cue: Token) -> Token | None:
    """'“…,” Flynn, a top surrogate, said': the noun phrase between a quote and its later cue."""
    if cue.i <= quote.end or cue.i - quote.end > 15:
        return None
    head = None
    for tok in doc[quote.end : cue.i]:
        if tok.pos_ in ("PROPN", "NOUN", "PRON"):
            head = tok
        elif head is not None or tok.pos_ not in ("DET", "ADJ", "PUNCT"):
            break
    return head


def byline(doc: Doc, quote: Span, index: QuoteIndex) -> tuple[Token | None, Token | None, str]:
    """'“…” ― Jane Doe': a dash after the quote, then a name, gives cue and speaker."""
    k = quote.end
    while k < len(doc) and doc[k].is_space:
        k += 1
    if k + 1 >= len(doc) or doc[k].text not in DASHES:
        return None, None, "none"
    j = k + 1
    while j < len(doc) - 1 and doc[j].is_space:
        j += 1
    name = doc[j]
    if index.is_quoted(name):
        return None, None, "none"
    if name.pos_ != "PROPN":
        return None, None, "none"
    while name.head is not name and name.dep_ in ("compound", "flat") and name.head.pos_ == "PROPN":
        name = name.head
    return doc[k], name, "byline"


def _groups(spans: list[Span]) -> list[list[Span]]:
    """Quote spans gathered by group id, in text order."""
    out: list[list[Span]] = []
    for span in spans:
        if out and out[-1][0].id_ == span.id_:
            out[-1].append(span)
        else:
            out.append([span])
    return out


@Language.factory(
    "quotelens_quotes",
    default_config={"include_beliefs": False, "min_unattributed_words": 10},
    assigns=["doc.spans", "doc._.quotelens_frames"],
)
def make_quote_finder(nlp: Language, name: str, include_beliefs: bool, min_unattributed_words: int) -> QuoteFinder:
    """Factory of the quote component (settings live in the pipeline config)."""
    return QuoteFinder(nlp, name, include_beliefs, min_unattributed_words)
