"""``quotelens_quotes``: quoted text from quotation marks, with the cue that introduces it.

Writes ``doc.spans["quotes"]`` (one span per quoted stretch; ``span.id_`` is the quote's group,
shared by the paragraphs of one multi-paragraph quote; label ``QUOTE`` or ``UNCLOSED``) and one
direct frame per quote on ``doc._.quotelens_frames``. A quote split by its cue
(“…,” he said. “…”) and quotes following it in the same paragraph without a cue of their own
become one frame with several content spans.
"""
from __future__ import annotations

import re
from bisect import bisect_right

from spacy.language import Language
from spacy.tokens import Doc, Span, Token

from annotators.cues import CueWords, load_lexicon
from annotators.frames import Frame, doc_text, frames_of, register_extensions
from annotators.quote_marks import ALL_MARKS, find_quotes, lines
from annotators.syntax import content_of, right_content, speaker_head

DASH_CHARS = "―—–-"
# How a quoted phrase hangs on a verb that characterises it ("called it “a con”").
FRAGMENT_DEPS = {
    "dobj", "oprd", "pobj", "prep", "attr", "acomp", "xcomp", "amod", "compound", "ccomp", "npadvmod",
}
# a sentence end, not the dot of "Mr." or "U.S."
_SENTENCE_END = re.compile(r"(?<!\b[A-Z][a-z])(?<!\bMrs)(?<!\b[A-Z])[.!?]\s")


class QuoteIndex:
    """Where the quotes and paragraphs of a doc are, for O(log n) lookups by character."""

    def __init__(self, doc: Doc):
        self.text = doc_text(doc)
        self.spans: list[Span] = list(doc.spans.get("quotes", []))
        self.starts = [s.start_char for s in self.spans]
        self.para = list(lines(self.text))
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

    def clip_to_paragraph(self, rng: tuple[int, int], anchor: int) -> tuple[int, int]:
        """The part of a character range inside the paragraph holding ``anchor`` (a parse
        may run a clause on across a paragraph break)."""
        p_start, p_end = self.para[self.paragraph_of(anchor)]
        return max(rng[0], p_start), min(rng[1], p_end)

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
            if prev is not None and last_para == para and _continues_sentence(doc, index.text, prev, first):
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
        lexical = cue is not None
        if cue is None:
            cue = _characterising_verb(quote, index)
            if cue is None:
                return None
        q = (quote.start_char, quote.end_char)
        rng = None
        own = content_of(cue, index.text, is_cue=lambda t: is_cue(t, cues, index))
        for candidate in (own, right_content(cue, index.text)):
            candidate = candidate and index.cover_quotes(index.clip_to_paragraph(candidate, cue.idx))
            if candidate and candidate[0] <= q[0] and q[1] <= candidate[1]:
                rng = candidate
                break
        if rng is None and (not lexical or len(quote) < self.min_unattributed_words):
            return None  # a scare quote, not a statement
        rng = index.cover_quotes(rng or q)
        quoted = index.quoted_chars(*rng)
        kind = "direct" if quoted >= 0.85 * (rng[1] - rng[0]) else "mixed"
        source, via = speaker_head(cue, index.is_quoted)
        if not lexical and (source is None or via != "subject"):
            return None
        confidence = (0.8 if lexical else 0.6) if source is not None else 0.4
        return Frame([rng], cue, source, kind, confidence, via)

    def _cue_for(self, doc: Doc, quote: Span, index: QuoteIndex, cues: CueWords) -> Token | None:
        """The cue nearest the quote in the sentences it touches; else in the next sentence of
        the paragraph, unless that one is mostly a quote of its own; else before a colon just
        before the quote ('The report says:', also in the previous paragraph); else a cue that
        closed the previous sentence after a quote ('… “x,” she said. “y”')."""
        p_start, p_end = index.para[index.paragraph_of(quote.start_char)]
        sent_first = quote[0].sent
        sent_last = quote[-1].sent
        windows: list[tuple[int, int, int, bool]] = [(sent_first.start, sent_last.end, p_start, False)]
        nxt = sent_last.end
        if nxt < len(doc) and doc[nxt].idx < p_end and not _holds_quote(doc[nxt].sent, index):
            windows.append((nxt, doc[nxt].sent.end, p_start, False))
        colon = _colon_before(index.text, quote.start_char)
        colon_tok = token_at(doc, colon) if colon is not None else None
        if colon_tok is not None:
            windows.append((colon_tok.sent.start, colon_tok.i, 0, False))
        before = sent_first.start - 1
        if before >= 0 and doc[before].idx >= p_start:
            windows.append((doc[before].sent.start, sent_first.start, p_start, True))
        for lo, hi, w_start, closing_only in windows:
            best: Token | None = None
            best_dist = 1 << 30
            for tok in doc[lo:hi]:
                if tok.idx < w_start or tok.idx >= p_end or not is_cue(tok, cues, index):
                    continue
                if closing_only and not _closes_quote(doc, tok, index):
                    continue
                dist = quote.start_char - tok.idx if tok.idx < quote.start_char else tok.idx - quote.end_char
                if dist < best_dist:
                    best, best_dist = tok, dist
            if best is not None:
                return best
        return None


def _continues_sentence(doc: Doc, text: str, prev: Frame, quote: Span) -> bool:
    """The quote goes on a sentence its predecessor left at a comma: “My hope,” he said, “is …”.

    Only the predecessor's cue may stand between them: another verb ("he said, adding that
    “…”") or a sentence end means a new statement."""
    inner = text[quote.start_char : quote.end_char].lstrip(ALL_MARKS + " ")
    last = text[prev.content[-1][0] : prev.content[-1][1]].rstrip(ALL_MARKS + " ")
    if not (inner and inner[0].islower() and last.endswith(",")):
        return False
    gap_start = prev.content[-1][1]
    if _SENTENCE_END.search(text, gap_start, quote.start_char):
        return False
    gap = doc.char_span(gap_start, quote.start_char, alignment_mode="contract")
    return gap is None or all(t.pos_ != "VERB" or t == prev.cue for t in gap)


def _closes_quote(doc: Doc, cue: Token, index: QuoteIndex) -> bool:
    """'“…,” she said.': a cue ending its sentence right after a quote and the speaker."""
    sent = cue.sent
    rest = [t for t in doc[cue.i + 1 : sent.end] if not (t.is_punct or t.is_space)]
    if len(rest) > 2:
        return False
    head = [t for t in doc[sent.start : cue.i] if not t.is_space]
    k = len(head) - 1
    while k >= 0 and not index.is_quoted(head[k]) and cue.i - head[k].i <= 5:
        k -= 1
    return k >= 0 and index.is_quoted(head[k])


def _holds_quote(sent: Span, index: QuoteIndex) -> bool:
    """A sentence that is mostly a quote of its own: its cue belongs to that quote, not to the one before."""
    return index.quoted_chars(sent.start_char, sent.end_char) >= 0.3 * (sent.end_char - sent.start_char)


def _colon_before(text: str, char: int) -> int | None:
    """Offset of a colon just before a character (only whitespace between), if any."""
    k = char - 1
    while k >= 0 and text[k].isspace():
        k -= 1
    return k if k >= 0 and text[k] == ":" else None


def is_fragment(doc: Doc, quote: Span, text: str) -> bool:
    """A quoted phrase used inside a sentence ('called it “a disaster” on Monday'), not a full quote."""
    raw = text[quote.start_char:quote.end_char]
    if raw.rstrip(DASH_CHARS)[-1:] in ALL_MARKS:
        raw = raw.rstrip(DASH_CHARS)  # '”―' glued into one token by the tokenizer
    inner = raw.strip(ALL_MARKS + " ")
    if not inner:
        return True
    if inner[0].islower():
        return True
    if inner[-1] in ".,?!…:;—-":
        return False
    after = quote.end
    return after < len(doc) and doc[after].sent == quote[-1].sent and not doc[after].is_punct


def _characterising_verb(quote: Span, index: QuoteIndex) -> Token | None:
    """'Reid branded Trump a “con artist”': outside the lexicon, the verb whose object or
    predicate holds the quoted phrase characterises it as someone's words."""
    tok = quote.root
    for _ in range(3):
        if tok.dep_ not in FRAGMENT_DEPS or tok.head == tok:
            return None
        tok = tok.head
        if tok.pos_ == "VERB" and not index.is_quoted(tok):
            return tok
    return None


def _governing_cue(quote: Span, index: QuoteIndex, cues: CueWords) -> Token | None:
    """The nearest cue word among the heads above a quoted phrase (its first sentence's part)."""
    root = quote.doc[quote.start : min(quote.end, quote[0].sent.end)].root
    tok = root.head
    for _ in range(6):
        if is_cue(tok, cues, index):
            return tok
        if tok.head == tok:
            return None
        tok = tok.head
    return None


def between(doc: Doc, quote: Span, cue: Token) -> Token | None:
    """'“…,” Flynn, a top surrogate, said': the noun phrase between a quote and its later cue."""
    if cue.i <= quote.end or cue.i - quote.end > 15:
        return None
    head = None
    for tok in doc[quote.end : cue.i]:
        if tok.pos_ in ("PROPN", "NOUN", "PRON") or (head is None and tok.is_title):
            head = tok
        elif head is not None or tok.pos_ not in ("DET", "ADJ", "PUNCT"):
            break
    return head


def byline(doc: Doc, quote: Span, index: QuoteIndex) -> tuple[Token | None, Token | None, str]:
    """'“…” ― Jane Doe' (or '“…”― Jane Doe'): a dash after the quote, then a name, gives cue
    and speaker."""
    text = index.text
    k = quote.end_char
    while k > quote.start_char and text[k - 1] in DASH_CHARS:
        k -= 1  # the tokenizer glued the dash to the closing mark
    while k < len(text) and text[k].isspace():
        k += 1
    if k >= len(text) or text[k] not in DASH_CHARS:
        return None, None, "none"
    j = k
    while j < len(text) and (text[j] in DASH_CHARS or text[j].isspace()):
        j += 1
    if j >= len(text):
        return None, None, "none"
    dash, name = token_at(doc, k), token_at(doc, j)
    if dash is None or name is None or index.is_quoted(name) or name.pos_ != "PROPN":
        return None, None, "none"
    while name.head != name and name.dep_ in ("compound", "flat") and name.head.pos_ == "PROPN":
        name = name.head
    return dash, name, "byline"


def token_at(doc: Doc, char: int) -> Token | None:
    """The token covering a character, if any."""
    span = doc.char_span(char, char + 1, alignment_mode="expand")
    return span[0] if span is not None and len(span) else None


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
