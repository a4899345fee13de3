"""Reading brat standoff into articles and statements: our brat export, and PolNeAR as one case.

A vocabulary says which span types, relations and event roles make a statement:

- ``QUOTELENS`` (what ``export --format brat`` writes): a ``QUOTE`` span is a statement (its
  fragments are the quote's parts); ``SPEAKER_OF``/``CUE_OF`` relations join its ``SPEAKER`` and
  ``CUE``; its ``Kind`` and ``Status`` attributes, binary attributes (labels) and notes are read
  back; a note on the speaker span is the speaker's name.
- ``POLNEAR``: each ``Attribution`` event with a ``Content`` role is a statement, its ``Source``
  and ``Cue`` roles the speaker and cue (a discontinuous source or cue becomes the span covering
  it); ``Discuss``/``Discard`` flags are the corpus's own and are skipped.

Spans, relations, attributes and notes a vocabulary does not use are reported (``notes`` of
the ImportedArticle), never dropped silently. Statements without a Status are "accepted",
without a Kind get the kind their quote marks give (``content_kind``).
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from corpus.annotation_import import (
    CORPUS_ID,
    AnnotationFileError,
    BadRecord,
    ImportedArticle,
    LineError,
    ReadResult,
    checked_article,
    checked_statement,
)
from corpus.article import article_id
from corpus.brat_standoff import BratError, Segments, Standoff, TextBound, parse_standoff
from corpus.evaluation import content_kind
from corpus.export.brat import KIND, STATUS
from corpus.export.records import CUE, CUE_OF, QUOTE, SPEAKER, SPEAKER_OF, canonical_article
from corpus.schema import KINDS, STATUSES, now, statement_id
from corpus.store_errors import InvalidStatementError
from corpus.text import make_inert


@dataclass(frozen=True)
class Vocabulary:
    """The span types, relation types and event roles that make statements."""

    quote: str
    speaker: str
    cue: str
    speaker_link: str | None = None  # relation types (None: statements come from events only)
    cue_link: str | None = None
    roles: tuple[str, str, str] | None = None  # event roles of quote, speaker, cue
    names_in_notes: bool = False  # a note on a speaker span is the speaker's name
    skipped: frozenset[str] = frozenset()  # span types known and deliberately not imported


QUOTELENS = Vocabulary(QUOTE, SPEAKER, CUE, SPEAKER_OF, CUE_OF, names_in_notes=True)
POLNEAR = Vocabulary(
    "Content", "Source", "Cue", roles=("Content", "Source", "Cue"),
    skipped=frozenset({"Discuss", "Discard"}),
)  # fmt: skip


@dataclass(frozen=True, slots=True)
class BratStatement:
    """What a ``.ann`` file says about one statement (segments as written)."""

    content: Segments
    source: Segments = ()
    cue: Segments = ()
    kind: str | None = None
    status: str | None = None
    labels: tuple[str, ...] = ()
    note: str = ""
    speaker_name: str | None = None
    lineno: int = 0  # of the quote's span


def vocabulary_of(doc: Standoff) -> Vocabulary:
    """QUOTELENS, or POLNEAR for a file with Content spans and no QUOTE span."""
    types = {t.type for t in doc.spans.values()}
    return POLNEAR if POLNEAR.quote in types and QUOTELENS.quote not in types else QUOTELENS


def brat_statements(
    doc: Standoff, vocab: Vocabulary, source: str = "<ann>"
) -> tuple[list[BratStatement], list[str]]:
    """The statements of a parsed ``.ann`` file, and one line per kind of thing not imported."""
    spans = doc.spans
    attributes = defaultdict(list)
    for a in doc.attributes:
        attributes[a.target].append(a)
    notes = defaultdict(list)
    for n in doc.notes:
        notes[n.target].append(n.text)
    unused: Counter[str] = Counter()
    used_notes: set[str] = set()

    def segments(tid: str | None) -> Segments:
        found = spans.get(tid or "")
        return found.segments if found else ()

    def statement(quote: TextBound, speaker: str | None, cue: str | None) -> BratStatement:
        kind = status = None
        labels = []
        for a in attributes.get(quote.id, ()):
            if a.value is None:
                labels.append(a.type)
            elif a.type == KIND and a.value in KINDS:
                kind = a.value
            elif a.type == STATUS and a.value in STATUSES:
                status = a.value
            else:
                unused[f"{a.type} attribute"] += 1
        used_notes.add(quote.id)
        name = None
        if vocab.names_in_notes and speaker in notes:
            used_notes.add(speaker)
            name = " ".join(notes[speaker])
        return BratStatement(
            content=quote.segments, source=segments(speaker), cue=segments(cue), kind=kind,
            status=status, labels=tuple(labels), note="\n".join(notes.get(quote.id, ())),
            speaker_name=name, lineno=quote.lineno,
        )  # fmt: skip

    found: list[BratStatement] = []
    in_events: set[str] = set()
    triggers = {e.trigger for e in doc.events}
    if vocab.roles:
        quote_role, speaker_role, cue_role = vocab.roles
        for event in doc.events:
            roles = dict(event.args)  # as the PolNeAR scorer reads them: the last of a role
            quote = spans.get(roles.get(quote_role, ""))
            if quote is not None and quote.segments:
                in_events.add(quote.id)
                found.append(statement(quote, roles.get(speaker_role), roles.get(cue_role)))
    if vocab.speaker_link or vocab.cue_link:
        links = _links(doc, vocab, unused)
        for quote in spans.values():
            if quote.type == vocab.quote and quote.id not in in_events:
                heads = links.get(quote.id, {})
                for role, ids in heads.items():
                    if len(ids) > 1:
                        raise BratError(source, quote.lineno, f"{quote.id} has {len(ids)} {role}s")
                speaker, cue = (heads.get(r, [None])[0] for r in ("speaker", "cue"))
                found.append(statement(quote, speaker, cue))
    known = {vocab.quote, vocab.speaker, vocab.cue, *vocab.skipped}
    for t in spans.values():
        if t.type not in known and t.id not in triggers:
            unused[f"{t.type} span"] += 1
    quote_ids = {tid for tid, t in spans.items() if t.type == vocab.quote}
    for a in doc.attributes:
        if a.target not in quote_ids:
            unused[f"{a.type} attribute"] += 1
    for n in doc.notes:
        if n.target not in used_notes:
            unused["note"] += 1
    report = [f"{source}: not imported: " + ", ".join(f"{n} × {what}" for what, n in sorted(unused.items()))]
    return found, report if unused else []


def _links(doc: Standoff, vocab: Vocabulary, unused: Counter) -> dict[str, dict[str, list[str]]]:
    """quote span id -> {"speaker": [span ids], "cue": [span ids]} from the relations."""
    links: dict[str, dict[str, list[str]]] = defaultdict(lambda: defaultdict(list))
    roles = {vocab.speaker_link: "speaker", vocab.cue_link: "cue"}
    for rel in doc.relations:
        ids = [target for _role, target in rel.args]
        quotes = [i for i in ids if i in doc.spans and doc.spans[i].type == vocab.quote]
        role = roles.get(rel.type)
        if role is None or len(quotes) != 1:
            unused[f"{rel.type} relation"] += 1
            continue
        heads = [i for i in ids if i != quotes[0]]
        if len(heads) != 1 or heads[0] not in doc.spans:
            unused[f"{rel.type} relation"] += 1
            continue
        [head] = heads
        if head not in links[quotes[0]][role]:
            links[quotes[0]][role].append(head)
    return links


def statement_records(
    found: list[BratStatement], article: dict, annotator: str | None, stamp: str, source: str
) -> list[dict]:
    """Checked statement records for an article; ids hash the article id and quote offsets
    (``-2``, ``-3`` … for further statements of the same quote). A statement that does not
    fit the text is a BratError naming ``source`` and the quote's line."""
    text = article["text"]
    records, taken = [], set()

    def span(start: int, end: int) -> dict:
        return {"start": start, "end": end, "text": text[start:end]}

    def covering(segments: Segments) -> dict | None:
        return span(min(s for s, _ in segments), max(e for _, e in segments)) if segments else None

    for b in found:
        quote = [span(s, e) for s, e in sorted(b.content)]
        base = sid = statement_id(article["id"], quote)
        n = 1
        while sid in taken:
            n += 1
            sid = f"{base}-{n}"
        taken.add(sid)
        record = {
            "id": sid, "quote": quote, "cue": covering(b.cue), "speaker": covering(b.source),
            "speaker_name": make_inert(b.speaker_name) if b.speaker_name else None,
            "kind": b.kind or content_kind(text, b.content), "labels": list(b.labels),
            "status": b.status or "accepted", "origin": "human", "confidence": None,
            "annotator": annotator, "note": b.note, "created_at": stamp, "updated_at": stamp,
        }  # fmt: skip
        try:
            records.append(checked_statement(record, article))
        except (BadRecord, InvalidStatementError) as exc:
            raise BratError(source, b.lineno, str(exc)) from None
    return records


def read_text(path: Path) -> str:
    """A ``.txt``/``.ann`` file as stored: UTF-8, line ends kept (offsets count "\\r")."""
    try:
        with path.open(encoding="utf-8", newline="") as f:
            return f.read()
    except (OSError, UnicodeDecodeError) as exc:
        raise BadRecord(f"{path}: cannot be read ({exc})") from None


def read_brat(folder: str | Path) -> Iterator[ReadResult]:
    """Articles with statements from a folder of ``ID.txt`` + ``ID.ann`` pairs (``ID`` is the
    article id; the title is the text's first line). ``lineno`` is the file's number in name
    order; a file that cannot be read is a LineError and the others are read."""
    folder = Path(folder)
    if not folder.is_dir():
        raise AnnotationFileError(f"{folder}: not a folder of brat .txt and .ann files")
    anns = sorted(p for p in folder.glob("*.ann") if p.is_file())
    if not anns:
        raise AnnotationFileError(f"{folder}: no brat .ann files in this folder")
    stamp = now()
    for number, ann in enumerate(anns, 1):
        txt = ann.with_name(ann.stem + ".txt")
        if not txt.is_file():
            yield LineError(str(ann), 0, f"no {txt.name} beside it")
            continue
        try:
            text = read_text(txt)
            doc = parse_standoff(read_text(ann), str(ann))
            article = _brat_article(ann, text)
            found, report = brat_statements(doc, vocabulary_of(doc), str(ann))
            statements = statement_records(found, article, None, stamp, str(ann))
            yield ImportedArticle(number, article, statements, tuple(report))
        except BratError as exc:
            yield LineError(exc.source, exc.lineno, exc.reason)
        except BadRecord as exc:
            yield LineError(str(ann), 0, make_inert(str(exc)))


def _brat_article(ann: Path, text: str) -> dict:
    inert = make_inert(text)
    stem = ann.stem
    first_line = inert.strip().split("\n", 1)[0].strip()
    fields = {
        "id": stem, "title": first_line[:150], "source": str(ann.with_suffix(".txt")),
        "meta": {} if stem == article_id(inert) else {CORPUS_ID: stem},
    }  # fmt: skip
    return checked_article(fields, inert)


def read_polnear(root: str | Path, split: str) -> Iterator[ImportedArticle]:
    """PolNeAR gold attributions as accepted statements, one article per annotated text: the
    brat reader with the ``POLNEAR`` vocabulary over the corpus's folder layout.

    ``root`` holds ``SPLIT/`` (or ``data/SPLIT/``), or is the split folder itself (then
    ``split`` is ignored). The text is kept as stored (the gold offsets point into it), its
    control characters made inert one for one; the article id is the file stem, as the corpus
    and its scorer name articles (``meta["corpus_id"]``). The title is the metadata.tsv title,
    else the text's first line. ``lineno`` is the article's number in the split.
    """
    from corpus.polnear import PolnearError, split_files

    root, split = _polnear_root(Path(root), split)
    titles = _polnear_titles(root)
    stamp = now()
    for number, (stem, text_path, ann_path, annotator) in enumerate(split_files(root, split), 1):
        try:
            text = read_text(text_path)
            doc = parse_standoff(read_text(ann_path), str(ann_path))
        except (BadRecord, BratError) as exc:
            raise PolnearError(str(exc)) from None
        first_line = text.strip().split("\n", 1)[0].strip()
        article = canonical_article(
            {
                "id": stem,
                "title": make_inert(titles.get(stem) or first_line[:150]),
                "text": make_inert(text),
                "source": str(text_path),
                "meta": {"corpus": "PolNeAR", "split": split, CORPUS_ID: stem,
                         "annotator": annotator},
                "model": None,
                "status": "done",
            }
        )  # fmt: skip
        found, report = brat_statements(doc, POLNEAR, str(ann_path))
        statements = statement_records(found, article, f"polnear:{annotator}", stamp, str(ann_path))
        yield ImportedArticle(number, article, statements, tuple(report))


def _polnear_root(folder: Path, split: str) -> tuple[Path, str]:
    """(root, split): a folder that is itself a split (has text/ and attributions/) names it."""
    if (folder / "text").is_dir() and (folder / "attributions").is_dir():
        return folder.parent, folder.name
    return folder, split


def _polnear_titles(root: Path) -> dict[str, str]:
    """Stem -> title from the corpus's metadata.tsv (at the root or above ``data/``)."""
    for candidate in (root / "metadata.tsv", root.parent / "metadata.tsv"):
        if candidate.is_file():
            break
    else:
        return {}
    titles = {}
    with candidate.open(encoding="utf-8", newline="") as rows:
        header = next(rows, "").rstrip("\r\n").split("\t")
        if "filename" not in header or "title" not in header:
            return {}
        name, title = header.index("filename"), header.index("title")
        for row in rows:
            cells = row.rstrip("\r\n").split("\t")
            if len(cells) > max(name, title) and cells[title] not in ("", "None"):
                titles[cells[name]] = cells[title]
    return titles
