"""spaCy DocBin (``.spacy``) for ``spacy train``: one Doc per article with span groups.

``doc.spans["quotes"]``, ``["speakers"]`` and ``["cues"]`` hold one kind each (labels QUOTE,
SPEAKER, CUE); ``doc.spans["parts"]`` holds the speakers and cues together and ``doc.spans["sc"]``
all three. training/quotes.cfg trains its span finder on ``quotes`` and its spancat on ``parts``.
Character spans that cut a token are widened to whole tokens. Every span's ``id_`` is its
statement id, so a speaker and cue stay tied to their quote (a speaker shared by two statements
is in ``speakers`` once per statement, in ``parts`` and ``sc`` once, with the first statement's
id), and ``doc.user_data["article_id"]`` is the article's id. Rejected statements are left out:
a span group cannot say "not a quote".

The export is a folder of DocBin shards (``00000.spacy``, ``00001.spacy`` …), each saved as
soon as it holds ``SHARD_TOKENS`` tokens, so memory stays bounded on any library size;
``spacy train`` and ``spacy.training.Corpus`` read a folder of ``.spacy`` files as one corpus.
"""

from __future__ import annotations

import struct
from collections.abc import Iterable, Iterator
from pathlib import Path

import numpy
import srsly
from spacy.attrs import ORTH, SPACY
from spacy.tokens import Doc, DocBin, Span

from corpus.export.records import CUE, QUOTE, SPEAKER
from corpus.export.tokens import article_doc

GROUPS = {"quote": ("quotes", QUOTE), "speaker": ("speakers", SPEAKER), "cue": ("cues", CUE)}
ALL_SPANS_KEY = "sc"
PARTS_KEY = "parts"  # speakers and cues, what training/quotes.cfg's spancat learns
SHARD_TOKENS = 500_000  # about 8 MB of token arrays per shard
SHARD_SUFFIX = ".spacy"


class TextOnlyDocBin(DocBin):
    """A DocBin of Docs that carry only words, spaces and span groups (what exports make).

    ``DocBin.add`` stores nine strings per token (tag, lemma, dep … all empty here) in a
    Python loop; this one stores each distinct word (and its norm) once, read from the ORTH
    array, and packs span groups itself (see ``_span_groups_bytes``). It writes the bytes the
    stock ``DocBin`` writes for the same Docs (tests/corpus/test_export.py checks).
    """

    def __init__(self) -> None:
        super().__init__(attrs=["ORTH", "SPACY"], store_user_data=True)
        self.strings.add("")
        self.token_count = 0
        self._packer = srsly.msgpack.Packer(use_bin_type=True)  # as srsly.msgpack_dumps

    def add(self, doc: Doc) -> None:
        array = doc.to_array([ORTH, SPACY])  # self.attrs is [ORTH]; spaces are kept apart
        self.tokens.append(numpy.ascontiguousarray(array[:, :1]))
        self.spaces.append(array[:, 1:2].astype(bool))
        self.flags.append({"has_unknown_spaces": doc.has_unknown_spaces})
        for orth in numpy.unique(array[:, 0]).tolist():
            lexeme = doc.vocab[orth]
            self.strings.update((lexeme.orth_, lexeme.norm_))
        self.cats.append(doc.cats)
        self.user_data.append(self._packer.pack(doc.user_data))
        self.span_groups.append(self._span_groups_bytes(doc))
        self.token_count += len(doc)

    def _span_groups_bytes(self, doc: Doc) -> bytes:
        """``doc.spans.to_bytes()`` with one msgpack packer for the whole bin (srsly makes a
        new packer per call, and each scans the installed packages: ~1 ms, 5 calls a Doc).
        Adds the spans' label and id strings."""
        message: dict[bytes, list[str]] = {}
        for key, group in doc.spans.items():
            spans = []
            for span in group:
                self.strings.add(span.label_)
                if span.id:
                    self.strings.add(span.id_)
                spans.append(
                    struct.pack(
                        ">QQQllll", span.id, span.kb_id, span.label,
                        span.start, span.end, span.start_char, span.end_char,
                    )
                )  # fmt: skip
            packed = self._packer.pack({"name": group.name, "attrs": group.attrs, "spans": spans})
            message.setdefault(packed, []).append(key)
        return self._packer.pack(message) if message else doc.spans.to_bytes()


def doc_of(article: dict, statements: list[dict]) -> Doc:
    """The article's tokenised Doc with its statements' span groups."""
    doc = article_doc(article)
    doc.user_data["article_id"] = article["id"]
    groups: dict[str, dict[tuple, Span]] = {key: {} for key, _ in GROUPS.values()}
    every: dict[tuple, Span] = {}
    for s in statements:
        if s.get("status") == "rejected":
            continue
        for field, (key, label) in GROUPS.items():
            parts = s["quote"] if field == "quote" else [s[field]] if s.get(field) else []
            for part in parts:
                span = doc.char_span(
                    part["start"], part["end"], label=label, alignment_mode="expand"
                )
                if span is None or (span.start, span.end, s["id"]) in groups[key]:
                    continue
                span.id_ = s["id"]
                groups[key][(span.start, span.end, s["id"])] = span
                every.setdefault((span.start, span.end, label), span)
    for key, _ in GROUPS.values():
        doc.spans[key] = sorted(groups[key].values(), key=lambda sp: (sp.start, sp.end, sp.id_))
    doc.spans[ALL_SPANS_KEY] = sorted(every.values(), key=lambda sp: (sp.start, sp.end, sp.label_))
    doc.spans[PARTS_KEY] = [sp for sp in doc.spans[ALL_SPANS_KEY] if sp.label_ != QUOTE]
    return doc


def docbin_shards(
    pairs: Iterable[tuple[dict, list[dict]]], shard_tokens: int = SHARD_TOKENS
) -> Iterator[DocBin]:
    """DocBins of consecutive articles, each closed once it holds ``shard_tokens`` tokens."""
    shard, saved = TextOnlyDocBin(), 0
    for article, statements in pairs:
        shard.add(doc_of(article, statements))
        if shard.token_count >= shard_tokens:
            yield shard
            shard, saved = TextOnlyDocBin(), saved + 1
    if len(shard) or not saved:  # an empty export is one empty shard
        yield shard


def write_shards(pairs: Iterable[tuple[dict, list[dict]]], folder: Path) -> int:
    """Save the shards of ``pairs`` into ``folder`` as 00000.spacy, …; how many were written."""
    n = 0
    for n, shard in enumerate(docbin_shards(pairs), 1):
        path = folder / f"{n - 1:05d}{SHARD_SUFFIX}"
        with open(path, "xb") as out:
            out.write(shard.to_bytes())
    return n
