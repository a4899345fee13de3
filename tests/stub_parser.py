"""A stand-in for the spaCy parser, so app and session tests run without loading a model.

It finds, by pattern: “direct quotes” attributed to the name (or he/she) just after them
(``“…,” Ana Ruiz said``, ``“…,” said Ana Ruiz``); and reported speech, a sentence of the form
``Name said (that) …`` (or told, added, warned). Pronouns are not resolved.
"""
from __future__ import annotations

import re

from annotators.statement import Statement, TextSpan
from services.parser_process import LoadedStatements

MODEL = "stub_parser-1.0"
_NAME = r"(?:[A-Z][\w’'-]+(?: [A-Z][\w’'-]+)*|he|she)"
_CUE = r"said|told|added|warned"
_QUOTE = re.compile(r"“[^“”]+”")
_AFTER = re.compile(
    rf"[ \t]*(?:(?P<cue>{_CUE})[ \t]+(?P<name>{_NAME})|(?P<name2>{_NAME})[ \t]+(?P<cue2>{_CUE}))"
)
_REPORTED = re.compile(
    rf"(?:^|(?<=[.!?”] ))(?!(?:He|She|It|They|We|I) )(?P<name>[A-Z][\w’'-]+(?: [A-Z][\w’'-]+)*) (?P<cue>{_CUE})"
    r"(?: \w+)?(?: that)? (?P<said>[a-z][^.“”\n]*)\.",
    re.M,
)


def _span(match: re.Match, group: str) -> TextSpan:
    return TextSpan(match.start(group), match.end(group), match[group])


def find_statements(text: str) -> list[Statement]:
    """Direct quotes and reported sentences, in text order."""
    found = []
    for quote in _QUOTE.finditer(text):
        after = _AFTER.match(text, quote.end())
        cue = speaker = None
        if after is not None:
            said, who = ("cue", "name") if after["cue"] else ("cue2", "name2")
            cue, speaker = _span(after, said), _span(after, who)
        name = speaker.text if speaker and speaker.text[0].isupper() else None
        found.append(Statement((_span(quote, 0),), cue, speaker, name, "direct", 0.9))
    for reported in _REPORTED.finditer(text):
        speaker = _span(reported, "name")
        statement = Statement(
            (_span(reported, "said"),), _span(reported, "cue"), speaker, speaker.text,
            "indirect", 0.8,
        )  # fmt: skip
        found.append(statement)
    return sorted(found, key=lambda s: (s.start, s.end))


def parse(model: str, text: str, cancelled=None, progress=None) -> LoadedStatements:
    """As ``ParserProcess.parse`` (at once: no ``progress`` to report): the statements
    found, named for the stub model."""
    return LoadedStatements(find_statements(text), MODEL, 0.0, 0.0)
