"""A stand-in for the spaCy parser: finds “direct quotes” with a ``said Name`` or ``Name said``
attribution by pattern, so app and session tests run without loading a model."""
from __future__ import annotations

import re

from annotators.statement import Statement, TextSpan
from services.parser_process import LoadedStatements

MODEL = "stub_parser-1.0"
_NAME = r"[A-Z][\w’'-]+(?: [A-Z][\w’'-]+)*"
_CUE = r"said|added|warned"
_QUOTE = re.compile(r"“[^“”]+”")
_AFTER = re.compile(rf"\s*(?:(?P<cue>{_CUE})\s+(?P<name>{_NAME})|(?P<name2>{_NAME})\s+(?P<cue2>{_CUE}))")


def find_statements(text: str) -> list[Statement]:
    """Every “…” quote, attributed to the capitalised name just after it (or nobody)."""
    found = []
    for quote in _QUOTE.finditer(text):
        after = _AFTER.match(text, quote.end())
        cue = speaker = None
        if after is not None:
            said, who = ("cue", "name") if after["cue"] else ("cue2", "name2")
            cue = TextSpan(after.start(said), after.end(said), after[said])
            speaker = TextSpan(after.start(who), after.end(who), after[who])
        span = TextSpan(quote.start(), quote.end(), quote.group())
        name = speaker.text if speaker else None
        found.append(Statement((span,), cue, speaker, name, "direct", 0.9))
    return found


def parse(model: str, text: str, cancelled=None) -> LoadedStatements:
    """As ``ParserProcess.parse``: the statements found, named for the stub model."""
    return LoadedStatements(find_statements(text), MODEL, 0.0, 0.0)
