"""Loading the spaCy pipeline with quotelens' components, and running it on article texts.

``load_pipeline()`` is cached per model name, so the app and the tests share one instance.
A spaCy model (the user's choice or the best installed) gets the rule components and, on top,
the scorer shipped in ``annotators/data/scorer`` (built from PolNeAR train by
``tools/build_default_model.py``); ``rules`` or ``rules:NAME`` gives the rules alone, and a
``quotelens train`` folder keeps its own scorer.
``extract``/``extract_many`` accept texts of any length: texts longer than ``CHUNK_CHARS``
(or the model's ``max_length``) are parsed in chunks cut at paragraph breaks, and the
statements' offsets are shifted back into the whole text.
"""
from __future__ import annotations

import json
import re
from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from functools import lru_cache
from importlib import resources
from pathlib import Path

import spacy
from spacy.language import Language

from annotators import quotes, reported, scorer, span_linker, speakers  # noqa: F401  (registers the factories)
from annotators.models import ModelNotFound, model_version, resolve_model, split_rules
from annotators.statement import Statement, TextSpan

VERSION = model_version("quotelens")  # the installed package: labels parses in the library
COMPONENTS = ("quotelens_quotes", "quotelens_reported", "quotelens_speakers")
# A trained pipeline (``quotelens train``): reported speech in candidates mode, judged by the scorer.
LEARNED_COMPONENTS = ("quotelens_quotes", "quotelens_reported", "quotelens_scorer", "quotelens_speakers")
CHUNK_CHARS = 100_000
#: Entity labels of the names a speaker may have: people and organisations.
NAME_LABELS = frozenset({"PERSON", "ORG"})
_BREAK = re.compile(r"\n\s*\n|\n")


def add_components(nlp: Language, config: dict | None = None) -> Language:
    """Append the quotelens components (with optional per-component settings) to a pipeline;
    to a span pipeline (training/quotes.cfg), the span linker instead."""
    config = config or {}
    for name in (span_linker.NAME,) if span_linker.is_span_pipeline(nlp) else COMPONENTS:
        if name not in nlp.pipe_names:
            nlp.add_pipe(name, config=config.get(name, {}))
    return nlp


def shipped_scorer() -> Path | None:
    """The folder of the packaged scorer (``settings.json``, ``encoder.json``, ``frames.txt``),
    or None when the package has none."""
    folder = Path(str(resources.files("annotators").joinpath("data/scorer")))
    return folder if (folder / "settings.json").is_file() else None


def add_shipped_scorer(nlp: Language, folder: Path) -> Language:
    """Append the learned components (reported speech in candidates mode, the scorer with the
    packaged model and threshold, speakers) to a pipeline that has none of ours."""
    from annotators.scorer import FrameModel

    settings = json.loads((folder / "settings.json").read_text(encoding="utf-8"))
    nlp.add_pipe("quotelens_quotes")
    nlp.add_pipe("quotelens_reported", config={"candidates": True})
    scorer = nlp.add_pipe(
        "quotelens_scorer", config={"threshold": settings["threshold"], "max_overlap": settings["max_overlap"]}
    )
    nlp.add_pipe("quotelens_speakers", config={"keep_speakerless": True})
    scorer.model = FrameModel.load(folder)
    scorer.label = f"scorer-{settings['version']}"
    return nlp


def load_pipeline(model: str | None = None) -> Language:
    """The spaCy model (``resolve_model``'s choice) with the quotelens components added (the
    shipped scorer too, unless the choice is ``rules[:NAME]``, a trained folder or a span
    pipeline, which gets the span linker); one
    instance per resolved model (``None`` and the default's name share it)."""
    return _load(resolve_model(model))


@lru_cache(maxsize=4)
def _load(choice: str) -> Language:
    rules, name = split_rules(choice)
    try:
        nlp = spacy.load(name)
    except (OSError, ValueError) as exc:  # a damaged model folder or package (E050, E053, E054…)
        reason = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
        raise ModelNotFound(f"spaCy model {name!r} cannot be loaded: {reason}") from None
    ours = [p for p in nlp.pipe_names if p.startswith("quotelens_")]
    if rules:
        for pipe in ours:
            nlp.remove_pipe(pipe)
    elif not ours and not span_linker.is_span_pipeline(nlp) and (folder := shipped_scorer()) is not None:
        return add_shipped_scorer(nlp, folder)
    return add_components(nlp)


def model_label(nlp: Language) -> str:
    """Model name and version plus quotelens components (and the shipped scorer's version),
    e.g. ``en_core_web_sm-3.8.0+quotelens-0.1.0+scorer-1``."""
    meta = nlp.meta
    name = f"{meta.get('lang', 'xx')}_{meta.get('name', 'pipeline')}"
    version = meta.get("version") or model_version(name)
    ours = [p for p in nlp.pipe_names if p in LEARNED_COMPONENTS or p == span_linker.NAME]
    suffix = f"+quotelens-{VERSION}" if ours else ""
    if "quotelens_scorer" in nlp.pipe_names and (shipped := nlp.get_pipe("quotelens_scorer").label):
        suffix += f"+{shipped}"
    return f"{name}-{version}{suffix}"


def chunks(text: str, limit: int) -> Iterator[tuple[int, str]]:
    """(offset, piece) pieces of at most ``limit`` characters, cut at paragraph breaks if possible."""
    start = 0
    n = len(text)
    while n - start > limit:
        window_end = start + limit
        cut = -1
        for m in _BREAK.finditer(text, start + limit // 2, window_end):
            cut = m.end()
        if cut <= start:
            space = text.rfind(" ", start + limit // 2, window_end)
            cut = space + 1 if space > start else window_end
        yield start, text[start:cut]
        start = cut
    yield start, text[start:]


def _shift(statement: Statement, offset: int) -> Statement:
    if not offset:
        return statement

    def move(span: TextSpan | None) -> TextSpan | None:
        return None if span is None else TextSpan(span.start + offset, span.end + offset, span.text)

    return Statement(
        tuple(move(q) for q in statement.quote), move(statement.cue), move(statement.speaker),
        statement.speaker_name, statement.kind, statement.confidence, statement.extra,
    )


def _limit(nlp: Language) -> int:
    return max(1000, min(CHUNK_CHARS, nlp.max_length - 1))


def extract(
    nlp: Language,
    text: str,
    progress: Callable[[int, int], None] | None = None,
    names: Counter[str] | None = None,
) -> list[Statement]:
    """Statements found in one text, sorted by start; offsets index into ``text``.

    The text is parsed one chunk at a time, so memory holds one chunk's ``Doc`` whatever
    the length; ``progress(characters_done, characters_total)`` is called after each chunk.
    ``names``, if given, counts the mentions of the people and organisations spaCy's entity
    recogniser finds (``NAME_LABELS``), by their text with spaces collapsed.
    """
    found: list[Statement] = []
    for offset, piece in chunks(text, _limit(nlp)):
        doc = nlp(piece)
        found.extend(_shift(s, offset) for s in doc._.statements or [])
        if names is not None:
            names.update(" ".join(e.text.split()) for e in doc.ents if e.label_ in NAME_LABELS)
        if progress is not None:
            progress(offset + len(piece), len(text))
    return sorted(found, key=lambda s: (s.start, s.end))


def extract_many(
    nlp: Language, texts: Iterable[str], n_process: int = 1, batch_size: int = 16
) -> Iterator[list[Statement]]:
    """Statements per text, in input order, parsing with ``nlp.pipe`` (``n_process`` workers)."""
    limit = _limit(nlp)

    def pieces() -> Iterator[tuple[str, tuple[int, int, bool]]]:
        for k, text in enumerate(texts):
            parts = list(chunks(text, limit))
            for j, (offset, piece) in enumerate(parts):
                yield piece, (k, offset, j == len(parts) - 1)

    current: list[Statement] = []
    for doc, (_, offset, last) in nlp.pipe(pieces(), as_tuples=True, n_process=n_process, batch_size=batch_size):
        current.extend(_shift(s, offset) for s in doc._.statements or [])
        if last:
            yield sorted(current, key=lambda s: (s.start, s.end))
            current = []
