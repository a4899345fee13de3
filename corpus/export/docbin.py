"""spaCy DocBin (``.spacy``) for ``spacy train``: one Doc per article with span groups.

``doc.spans["quotes"]``, ``["speakers"]`` and ``["cues"]`` hold one kind each; ``doc.spans["sc"]``
holds all three with labels QUOTE, SPEAKER and CUE for spancat/span_finder (training/quotes.cfg).
Character spans that cut a token are widened to whole tokens. Each QUOTE span's ``id_`` is its
statement id. Rejected statements are left out: a span group cannot say "not a quote".
"""

from __future__ import annotations

from collections.abc import Iterable

from spacy.tokens import DocBin, Span

from corpus.export.records import CUE, QUOTE, SPEAKER
from corpus.export.tokens import make_doc

GROUPS = {"quote": ("quotes", QUOTE), "speaker": ("speakers", SPEAKER), "cue": ("cues", CUE)}
ALL_SPANS_KEY = "sc"


def docbin_of(pairs: Iterable[tuple[dict, list[dict]]]) -> DocBin:
    """A DocBin with one Doc per (article, statements) pair.

    DocBin keeps compact token arrays, not Docs: only ORTH and SPACY per token (the Docs carry
    no tags or parses): about 16 bytes per exported token, a few copies of that while saving.
    """
    docbin = DocBin(attrs=["ORTH", "SPACY"])
    for article, statements in pairs:
        doc = make_doc(article["text"])
        groups: dict[str, dict[tuple, Span]] = {key: {} for key, _ in GROUPS.values()}
        for s in statements:
            if s.get("status") == "rejected":
                continue
            for field, (key, label) in GROUPS.items():
                parts = s["quote"] if field == "quote" else [s[field]] if s.get(field) else []
                for part in parts:
                    span = doc.char_span(
                        part["start"], part["end"], label=label, alignment_mode="expand"
                    )
                    if span is None or (span.start, span.end) in groups[key]:
                        continue
                    if field == "quote":
                        span.id_ = s["id"]
                    groups[key][(span.start, span.end)] = span
        every = []
        for key, _ in GROUPS.values():
            doc.spans[key] = sorted(groups[key].values())
            every.extend(doc.spans[key])
        doc.spans[ALL_SPANS_KEY] = sorted(every, key=lambda sp: (sp.start, sp.end, sp.label_))
        docbin.add(doc)
    return docbin
