"""annotators/span_linker.py: a span pipeline's QUOTE, SPEAKER and CUE spans become statements."""
from __future__ import annotations

import numpy
import spacy
from spacy.tokens import Doc

from annotators.span_linker import decode_quotes, is_span_pipeline, kind_of

TEXT = (
    "“The pool will reopen in June,” said Omar Haddad, who runs the centre. "
    "Nurses will strike on Friday, their union told reporters.\n"
    "Rain is expected, forecasters said."
)


def _span(doc: Doc, text: str, label: str, nth: int = 0):
    start = -1
    for _ in range(nth + 1):
        start = doc.text.index(text, start + 1)
    return doc.char_span(start, start + len(text), label=label)


def _linker():
    nlp = spacy.blank("en")
    nlp.add_pipe("span_finder", config={"spans_key": "quotes"})
    nlp.add_pipe("spancat", config={"spans_key": "parts"})
    assert is_span_pipeline(nlp)
    return nlp, nlp.add_pipe("quotelens_spans")


def test_the_linker_turns_quote_speaker_and_cue_spans_into_statements():
    import annotators.span_linker  # noqa: F401  (registers the factory)

    nlp, linker = _linker()
    doc = nlp.make_doc(TEXT)
    quote = _span(doc, "“The pool will reopen in June,”", "QUOTE")
    longer = doc.char_span(0, TEXT.index(" who"), label="QUOTE")  # same start, longer: dropped
    inside = _span(doc, "pool will reopen", "QUOTE")  # overlaps the first quote: dropped
    union = _span(doc, "Nurses will strike on Friday,", "QUOTE")
    rain = _span(doc, "Rain is expected,", "QUOTE")
    doc.spans["quotes"] = [longer, quote, inside, union, rain]
    parts = [
        (_span(doc, "said", "CUE"), 0.9),
        (_span(doc, "Omar Haddad", "SPEAKER"), 0.8),
        (_span(doc, "their union", "SPEAKER"), 0.7),
        (_span(doc, "told", "CUE"), 0.6),
        (_span(doc, "forecasters", "SPEAKER"), 0.95),
    ]
    doc.spans["parts"] = [p for p, _ in parts]
    doc.spans["parts"].attrs["scores"] = numpy.array([s for _, s in parts])

    statements = linker(doc)._.statements

    got = [(s.quote[0].text, s.speaker and s.speaker.text, s.cue and s.cue.text, s.kind) for s in statements]
    assert got == [
        ("“The pool will reopen in June,”", "Omar Haddad", "said", "direct"),
        ("Nurses will strike on Friday,", "their union", "told", "indirect"),
        # another paragraph: "said" and "Omar Haddad" are not its parts, and it has no cue
        ("Rain is expected,", "forecasters", None, "indirect"),
    ]
    assert [s.confidence for s in statements] == [0.8, 0.6, 0.95]
    for s in statements:
        assert TEXT[s.start : s.end] == s.quote[0].text
        assert TEXT[s.speaker.start : s.speaker.end] == s.speaker.text
    assert statements[0].speaker_name == "Omar Haddad"


def test_quotes_with_no_speaker_are_dropped_unless_kept():
    nlp = spacy.blank("en")
    nlp.add_pipe("span_finder", config={"spans_key": "quotes"})
    keep = nlp.add_pipe("quotelens_spans")
    drop = nlp.add_pipe("quotelens_spans", name="strict", config={"keep_speakerless": False})
    doc = nlp.make_doc("Taxes will rise next year, the report warned.")
    doc.spans["quotes"] = [doc[0:5]]
    assert [s.speaker for s in keep(doc)._.statements] == [None]
    assert [s.confidence for s in doc._.statements] == [0.5]
    assert drop(doc)._.statements == []


def test_decoding_and_kinds():
    doc = spacy.blank("en")("a b c d e f")
    assert [(s.start, s.end) for s in decode_quotes([doc[0:4], doc[0:2], doc[1:3], doc[3:6], doc[2:3]])] == [
        (0, 2), (2, 3), (3, 6),
    ]
    assert kind_of("“We will win,”") == "direct"
    assert kind_of("the plan was “a disaster” for voters") == "mixed"
    assert kind_of("the plan failed") == "indirect"
    assert not is_span_pipeline(spacy.blank("en"))
