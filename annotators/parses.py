"""Parsed articles kept on disk, so training and tuning parse each text once.

A cache file is a spaCy ``DocBin`` (``.spacy``) of the base model's parses, named by a hash of
the model label and the texts; ``parsed_docs`` reads it when present, else parses (showing
progress) and writes it. Docs come back fresh on every call: the quotelens components change
the docs they run on.
"""
from __future__ import annotations

import hashlib
from collections.abc import Callable, Iterable, Sequence
from pathlib import Path

from spacy.language import Language
from spacy.tokens import Doc, DocBin


def cache_key(model: str, texts: Sequence[str]) -> str:
    """A short hash naming the parses of ``texts`` by ``model``."""
    digest = hashlib.sha256(model.encode())
    for text in texts:
        digest.update(hashlib.sha256(text.encode()).digest())
    return digest.hexdigest()[:16]


class ParsedTexts:
    """The base model's parses of some texts, held as compact ``DocBin`` bytes."""

    def __init__(self, nlp: Language, data: bytes):
        self.nlp = nlp
        self.data = data

    def subset(self, keep: Sequence[int]) -> ParsedTexts:
        """The parses of the texts at the positions ``keep``."""
        docs = self.docs()
        return ParsedTexts(self.nlp, DocBin(docs=[docs[k] for k in keep]).to_bytes())

    def docs(self) -> list[Doc]:
        """Fresh docs, in the order of the texts."""
        return list(DocBin().from_bytes(self.data).get_docs(self.nlp.vocab))


def parsed_docs(
    nlp: Language,
    texts: Sequence[str],
    cache: Path | None = None,
    label: str = "",
    progress: Callable[[Iterable[Doc], int], Iterable[Doc]] = lambda docs, total: docs,
) -> ParsedTexts:
    """Parses of ``texts`` by ``nlp`` (only its own pipes: quotelens components are disabled),
    read from or written to ``cache`` (a folder) when given."""
    path = cache / f"{cache_key(label or nlp.meta.get('name', ''), texts)}.spacy" if cache else None
    if path is not None and path.is_file():
        return ParsedTexts(nlp, path.read_bytes())
    ours = [name for name in nlp.pipe_names if name.startswith("quotelens_")]
    bin_ = DocBin()
    with nlp.select_pipes(disable=ours):
        for doc in progress(nlp.pipe(texts, batch_size=8), len(texts)):
            bin_.add(doc)
    data = bin_.to_bytes()
    if path is not None:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)
    return ParsedTexts(nlp, data)
