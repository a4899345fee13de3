"""Article files into the library: read, add and pre-annotate each one (CLI and library screen).

One article at a time, so progress is exact and an import can stop between two files; an
article the model has already parsed is not parsed again, and the model is loaded only when
some article needs it. With ``processes`` > 1 (``quotelens import --processes``) the parsing
is done in batches by a pool of processes (``services.batch_runner``) and this process reads,
adds and saves, so the library keeps one writer.
"""
from __future__ import annotations

import functools
from collections import Counter
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from corpus.article import Article
from corpus.errors import QuotelensError
from corpus.importers import folder_articles, read_article
from corpus.library import Library
from corpus.schema import found_record
from services.speaker_names import article_names
from services.wording import plural

Progress = Callable[[int, str], None]


@dataclass
class ImportOutcome:
    """What an import did: articles read, new to the library, merged, pre-annotated; problems."""

    read: int = 0
    added: int = 0
    merged: int = 0  # same text as a stored article under another title: one article
    parsed: int = 0
    ids: list[str] = field(default_factory=list)  # the articles read, new or known
    errors: list[str] = field(default_factory=list)  # one line each, naming the file
    notes: list[str] = field(default_factory=list)  # warnings about files that were imported

    def summary(self) -> str:
        """One sentence for the user: how many articles, new, parsed, merged, known, unreadable."""
        parts = [f"{self.added} new", f"{self.parsed} pre-annotated"]
        if self.merged:
            parts.append(f"{self.merged} merged with an article of the same text")
        if self.read > self.added + self.merged:
            parts.append(f"{self.read - self.added - self.merged} already in the library")
        if self.errors:
            parts.append(f"{len(self.errors)} could not be read")
        return f"Imported {plural(self.read, 'article')}: " + ", ".join(parts)


def article_files(path: Path) -> list[str]:
    """The article files to import for a path: itself, or those under a folder."""
    return folder_articles(path) if path.is_dir() else [str(path)]


def import_articles(
    library: Library,
    files: Sequence[str],
    model: str | None,
    progress: Progress | None = None,
    cancelled: Callable[[], bool] = lambda: False,
) -> ImportOutcome:
    """Read, add and pre-annotate each file, stopping early once ``cancelled()`` is true.

    ``progress(done, label)`` is called before each step (``label`` says what now) and with
    ``done == len(files)`` at the end. Bad files are listed in the outcome's errors and the
    others imported; a model that cannot be loaded raises (QuotelensError).
    """
    readers = [(name, functools.partial(read_article, name)) for name in files]
    return import_readers(library, readers, model, progress, cancelled)


def import_readers(
    library: Library,
    readers: Sequence[tuple[str, Callable[[], Article]]],
    model: str | None,
    progress: Progress | None = None,
    cancelled: Callable[[], bool] = lambda: False,
    processes: int = 1,
) -> ImportOutcome:
    """``import_articles`` for articles from anywhere: ``(name, read)`` pairs, ``read()``
    giving the article or raising QuotelensError (a text source's records, say); ``name``
    is what messages call it. With ``processes`` > 1 the articles are parsed in batches by
    that many worker processes while this one reads them and writes the library."""
    if processes > 1 and len(readers) > 1:
        return _import_in_parallel(library, readers, model, progress, cancelled, processes)
    from annotators.pipeline import extract, load_pipeline, model_label

    report = progress or (lambda done, label: None)
    outcome = ImportOutcome()
    nlp = label = None
    for done, (name, read) in enumerate(readers):
        if cancelled():
            break
        report(done, f"Reading {Path(name).name}")
        article = _add(library, name, read, outcome)
        if article is None:
            continue
        if nlp is None:
            report(done, f"Loading {model or 'the model'}…")
            nlp = load_pipeline(model)
            label = model_label(nlp)
        if library.has_parse(article.id, label):
            continue
        report(done, f"Parsing {Path(name).name}")
        mentions: Counter[str] = Counter()
        statements = [found_record(s) for s in extract(nlp, article.text, names=mentions)]
        outcome.parsed += _save(library, article.id, name, statements, label, outcome, article_names(mentions))
    report(len(readers), "Done")
    return outcome


def _add(library: Library, name: str, read: Callable[[], Article], outcome: ImportOutcome) -> Article | None:
    """Read the article and add it to the library (counted in ``outcome``); None if unreadable."""
    try:
        article = read()
        known = library.entry(article.id) if article.id in library else None
        library.add_article(article)
    except QuotelensError as exc:
        outcome.errors.append(str(exc))
        return None
    outcome.read += 1
    outcome.ids.append(article.id)
    outcome.added += known is None
    if known is not None and known.title != article.title:
        outcome.merged += 1
        outcome.notes.append(
            f"{name}: same text as “{known.title}”, already in the library; kept as that article"
        )
    outcome.notes.extend(article.warnings)
    return article


def _save(
    library: Library, id: str, name: str, statements: list[dict], label: str, outcome: ImportOutcome,
    names: list[str] | tuple = (),
) -> bool:
    """Save one article's parse (and the people and organisations it names); False if refused."""
    try:
        library.save_parse(id, statements, label, names)
    except QuotelensError as exc:
        outcome.errors.append(f"{name}: {exc}")
        return False
    return True


def _import_in_parallel(
    library: Library,
    readers: Sequence[tuple[str, Callable[[], Article]]],
    model: str | None,
    progress: Progress | None,
    cancelled: Callable[[], bool],
    processes: int,
) -> ImportOutcome:
    """Read and add here, parse in a pool of processes, save here as batches finish."""
    from services.batch_parse import Job, is_error
    from services.batch_runner import ProcessBackend, run_batches

    report = progress or (lambda done, label: None)
    outcome = ImportOutcome()
    backend = ProcessBackend(model, processes)
    settled = 0  # readers whose article is unreadable, parsed already, saved or failed
    label = None
    queued: set[str] = set()  # the same text twice in one import is parsed once

    def jobs() -> Iterator[Job]:
        nonlocal label, settled
        for name, read in readers:
            if cancelled():
                return
            article = _add(library, name, read, outcome)
            if article is not None and label is None:
                report(settled, f"Loading {model or 'the model'}…")
                label = backend.label()
            if article is None or article.id in queued or library.has_parse(article.id, label):
                settled += 1
                continue
            queued.add(article.id)
            yield Job(article.id, name, article.title, article.text, {})

    try:
        for records in run_batches(jobs(), backend, ordered=False):
            for record in records:
                if is_error(record):
                    outcome.errors.append(f"{record['path']}: {record['error']}")
                else:
                    outcome.parsed += _save(library, record["id"], record["path"], record["statements"], label, outcome)
                settled += 1
            report(settled, f"Parsed {Path(records[-1]['path']).name}")
    finally:
        backend.close()
    report(len(readers), "Done")
    return outcome
