"""``quotelens_speakers``: speaker mentions and canonical names; builds ``doc._.statements``.

Reads the frames left by ``quotelens_quotes`` and ``quotelens_reported``. The speaker mention
is the compact noun phrase of the cue's subject (or passive agent, or the object of
"according to"); its canonical name comes from :class:`annotators.names.NameBook`. A quote
that opens a paragraph with no cue of its own continues the previous paragraph's speaker.
Writes ``doc.spans["speakers"]`` and ``doc._.statements`` (sorted by start).
"""
from __future__ import annotations

import re
from dataclasses import replace

from spacy.language import Language
from spacy.tokens import Doc, Span

from annotators.frames import (
    Frame,
    doc_text,
    forget_text,
    frames_of,
    register_extensions,
)
from annotators.names import NameBook, is_role, name_tokens
from annotators.statement import Statement, TextSpan
from annotators.syntax import mention_span

_PARAGRAPH_BREAKS = re.compile(r"\n\s*")


def _overlaps(a: tuple[int, int], spans: list[tuple[int, int]]) -> bool:
    return any(a[0] < e and s < a[1] for s, e in spans)


class SpeakerResolver:
    """Names the speaker of every frame and turns frames into statements."""

    def __init__(self, nlp: Language, name: str, continue_speaker: bool, keep_speakerless: bool = False):
        register_extensions()
        self.name = name
        self.continue_speaker = continue_speaker
        self.keep_speakerless = keep_speakerless

    def __call__(self, doc: Doc) -> Doc:
        frames = frames_of(doc)
        text = doc_text(doc)
        book = NameBook(doc, [f.source for f in frames if f.source is not None])
        made: list[tuple[Statement, Frame]] = []
        mentions: list[Span] = []
        previous: Frame | None = None
        previous_name: str | None = None
        for frame in frames:
            if _follows_in_paragraph(text, frame, previous):
                # 'Schiff said the delay was political. “The other factor is …”': same speaker
                frame.source, frame.source_via, frame.confidence = previous.source, "previous sentence", 0.7
            statement = self._statement(doc, text, frame, book, previous, previous_name)
            if (
                statement.kind == "indirect" and statement.speaker is None and frame.source_via != "passive"
                and not self.keep_speakerless
            ):  # fmt: skip
                continue  # reported speech needs someone reporting it ("Asked …," leaves the asker out)
            if frame.source is not None and statement.speaker is not None:
                mentions.append(mention_span(frame.source))
            made.append((statement, frame))
            previous = frame
            previous_name = statement.speaker_name or previous_name
        statements = _name_roles_forward(text, made, book)
        doc.spans["speakers"] = mentions
        doc._.statements = sorted(statements, key=lambda s: (s.start, s.end))
        doc._.quotelens_frames = None
        forget_text(doc)
        return doc

    def _statement(self, doc: Doc, text: str, frame: Frame, book: NameBook, previous: Frame | None,
                   previous_name: str | None) -> Statement:
        content = [(s, e) for s, e in frame.content if e > s]
        quote = tuple(TextSpan(s, e, text[s:e]) for s, e in content)
        cue = speaker = None
        name = None
        confidence = frame.confidence
        extra: dict = {"speaker_via": frame.source_via} if frame.source is not None else {}
        if frame.cue is not None:
            c = (frame.cue.idx, frame.cue.idx + len(frame.cue.text))
            if not _overlaps(c, content):
                cue = TextSpan(c[0], c[1], text[c[0]:c[1]])
        if frame.source is not None:
            span = mention_span(frame.source)
            m = (span.start_char, span.end_char)
            if not _overlaps(m, content):
                speaker = TextSpan(m[0], m[1], text[m[0]:m[1]])
                name = book.name_of(span, frame.source, previous_name)
        elif (
            self.continue_speaker and frame.cue is None and frame.extra.get("opens_paragraph")
            and previous is not None and previous.extra.get("paragraph") is not None
            and frame.extra["paragraph"] - previous.extra["paragraph"] == 1 and previous_name
        ):
            name = previous_name
            confidence = 0.6
            extra["speaker_from"] = "previous paragraph"
        return Statement(quote, cue, speaker, name, frame.kind, confidence, extra)


def _follows_in_paragraph(text: str, frame: Frame, previous: Frame | None) -> bool:
    """A quote with no cue of its own right after another statement of the same paragraph."""
    return (
        frame.kind == "direct" and frame.cue is None and frame.source is None
        and previous is not None and previous.source is not None
        and previous.end <= frame.start and "\n" not in text[previous.end : frame.start]
    )


def _name_roles_forward(text: str, made: list[tuple[Statement, Frame]], book: NameBook) -> list[Statement]:
    """'Russia's ambassador accused …' then, next paragraph, '“…,” Vassily Nebenzia said': when
    a role left unnamed (a singular role noun, never a group: "The council") is followed by the
    first mention of a named person, they are one person."""
    made = sorted(made, key=lambda pair: (pair[0].start, pair[0].end))
    out = [s for s, _ in made]
    for k, (statement, frame) in enumerate(made):
        if frame.source is None or not is_role(frame.source) or statement.speaker is None:
            continue
        if statement.speaker_name != statement.speaker.text:
            continue  # already named
        role = frame.source.lemma_.lower()
        for later, later_frame in made[k + 1 : k + 4]:
            if later.speaker is None or later_frame.source is None or not name_tokens(later_frame.source):
                continue
            if len(_PARAGRAPH_BREAKS.findall(text, statement.end, later.start)) > 1:
                break
            if (
                # a person, not "Roper Center" or "IMF" (the small model tags some names ORG)
                (later_frame.source.ent_type_ in ("PERSON", "") or book.gender(later.speaker_name))
                and not book.has_other_role(later.speaker_name, role)
                and book.first_mention(later.speaker_name) >= statement.speaker.start
            ):
                out[k] = replace(statement, speaker_name=later.speaker_name)
            break
    return out


@Language.factory(
    "quotelens_speakers",
    default_config={"continue_speaker": True, "keep_speakerless": False},
    assigns=["doc.spans", "doc._.statements"],
)
def make_speaker_resolver(
    nlp: Language, name: str, continue_speaker: bool, keep_speakerless: bool
) -> SpeakerResolver:
    """Factory of the speaker component (settings live in the pipeline config).

    ``keep_speakerless``: keep indirect statements with no speaker (a trained pipeline, whose
    scorer has judged them: PolNeAR has attributions with no source)."""
    return SpeakerResolver(nlp, name, continue_speaker, keep_speakerless)
