"""The canonical shape of exported article and statement records (corpus.schema).

Exports write every schema field in one fixed order, whatever order the store returns them
in, so export → import → export is byte-identical.
"""

from __future__ import annotations

import functools

from corpus.schema import FIELD_DEFAULTS, STATEMENT_FIELDS

# Span labels (Prodigy, DocBin) and the relations that join a speaker or cue to a quote part.
QUOTE, SPEAKER, CUE = "QUOTE", "SPEAKER", "CUE"
SPEAKER_OF, CUE_OF = "SPEAKER_OF", "CUE_OF"

ARTICLE_FIELDS = ("id", "title", "text", "source", "meta", "model", "status")
_ARTICLE_DEFAULTS = {"title": "", "source": "", "meta": {}}


def canonical_article(article: dict) -> dict:
    """The article's schema fields in order (without statements); missing ones get defaults."""
    return {k: article.get(k, _ARTICLE_DEFAULTS.get(k)) for k in ARTICLE_FIELDS}


def canonical_statement(statement: dict, without: tuple[str, ...] = ()) -> dict:
    """The statement's schema fields in order, then ``history`` and any other keys, sorted;
    leaving out the fields named in ``without``."""
    out = {k: statement.get(k, default) for k, default in _fields_without(without)}
    keys = statement.keys()
    if not keys <= _SCHEMA:
        for key in sorted(keys - _SCHEMA):
            out[key] = statement[key]
    return out


_SCHEMA = frozenset(STATEMENT_FIELDS)


@functools.cache
def _fields_without(without: tuple[str, ...]) -> tuple[tuple[str, object], ...]:
    """(field, default) of the schema fields not in ``without``, in order."""
    return tuple((k, FIELD_DEFAULTS.get(k)) for k in STATEMENT_FIELDS if k not in without)


def speaker_label(statement: dict) -> str:
    """The speaker as a reader names it: the canonical name, else the mention, else empty."""
    if statement.get("speaker_name"):
        return statement["speaker_name"]
    return statement["speaker"]["text"] if statement.get("speaker") else ""


def last_annotator(statements: list[dict]) -> str | None:
    """Who last changed one of the statements (a Prodigy task's ``_annotator_id``: Prodigy
    keeps one annotator per task)."""
    named = [s for s in statements if s.get("annotator")]
    return max(named, key=lambda s: s.get("updated_at") or "")["annotator"] if named else None
