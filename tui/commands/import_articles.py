"""``quotelens import PATH...``: articles and annotation files into the library.

Article files (.txt, .md, .html; folders are walked) are added and pre-annotated by the model;
an article already in the library is not added twice, nor parsed again by the same model.
Annotation files (.jsonl: our JSONL export, Prodigy tasks or doccano; .json: Label Studio) are
stored as given, merged into the article of the same id. Text sources (JSON lines of
``{"text", "meta"}``, or a .csv with a ``--text-column``) are articles to add and pre-annotate,
their meta kept on the article. A folder of brat ``.ann`` files (``--format brat``, or any
folder holding ``.ann`` files) is read as brat standoff; ``--format polnear DIR`` loads PolNeAR
gold as accepted statements.
A bad line or file is reported (file and line) and the rest is imported; the exit code is 1.
"""
from __future__ import annotations

import argparse
import functools
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from corpus.annotation_import import ImportedArticle, LineError, read_annotations
from corpus.brat_import import read_brat, read_polnear
from corpus.errors import QuotelensError
from corpus.importers import ARTICLE_SUFFIXES, LINK_SKIPPED, folder_articles, read_article
from corpus.library import Library
from corpus.store_errors import StoreError
from corpus.text_sources import TEXT_COLUMN, is_text_source, read_text_source
from services.article_import import import_readers
from services.batch_runner import default_processes
from services.wording import plural
from tui.commands.options import add_processes_argument
from tui.console import error, note, progress, say, warn

NAME = "import"
HELP = "add articles (pre-annotated by the model) and annotation files to the library"
ANNOTATION_SUFFIXES = {".jsonl", ".json"}


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """Paths, ``--format`` and ``--split``."""
    parser.add_argument(
        "paths",
        nargs="*",
        metavar="PATH",
        help="article files (.txt, .md, .html), annotation files (.jsonl, .json), text sources "
        "(.jsonl of {\"text\", \"meta\"}, .csv), folders",
    )
    parser.add_argument(
        "--format",
        choices=("auto", "brat", "polnear"),
        default="auto",
        help="auto: by file type, a folder of .ann files is brat (default); "
        "brat: PATH is a folder of ID.txt + ID.ann; polnear: PATH is a PolNeAR root or split folder",
    )
    parser.add_argument(
        "--split", default="dev", help="PolNeAR split under the root (default: dev)"
    )
    parser.add_argument(
        "--text-column",
        default=TEXT_COLUMN,
        metavar="NAME",
        help="CSV text sources: the column holding the text (default: text); the others are kept as meta",
    )
    parser.add_argument(
        "--reparse",
        action="store_true",
        help="pre-annotate the library's articles not marked done again with --model "
        "(after retraining); reviewed statements are kept",
    )
    parser.add_argument(
        "--dataset", metavar="NAME",
        help="put every article read into this named set (train, dev, a project…)",
    )
    add_processes_argument(parser)
    add_symlink_argument(parser)


def add_symlink_argument(parser: argparse.ArgumentParser) -> None:
    """``--follow-symlinks``, shared with ``extract``."""
    parser.add_argument(
        "--follow-symlinks",
        action="store_true",
        help="follow symbolic links inside folders (default: skip them, as they may lead elsewhere)",
    )


@dataclass
class ImportReport:
    """What one ``import`` run did."""

    added: int = 0  # articles new to the library
    merged: int = 0  # article files with the text of a stored article under another title
    known: int = 0  # article files already in the library as they are
    parsed: int = 0  # articles pre-annotated by the model
    annotated: int = 0  # articles whose statements the import changed
    statements: int = 0  # imported statements, new or changing one of the same id
    unchanged: int = 0  # imported statements already stored as they are
    errors: int = 0
    ids: set[str] = field(default_factory=set)  # every article the run read

    def error(self, message: str) -> None:
        """Print ``message`` as an error on stderr and count it."""
        error(message)
        self.errors += 1

    def summary(self) -> str:
        """One line saying what was imported, and how many errors there were."""
        parts = [f"{plural(self.added, 'new article')}", f"{self.parsed} pre-annotated"]
        if self.merged:
            parts.append(f"{self.merged} merged with an article of the same text")
        if self.known:
            parts.append(f"{self.known} already in the library")
        parts.append(f"{plural(self.statements, 'statement')} imported into {plural(self.annotated, 'article')}")
        if self.unchanged:
            parts.append(f"{self.unchanged} unchanged")
        if self.errors:
            parts.append(plural(self.errors, "error"))
        return "imported: " + ", ".join(parts)


def run(args: argparse.Namespace) -> int:
    """Import every path; 1 if anything could not be imported, else 0."""
    if not args.paths and not args.reparse:
        raise QuotelensError("import needs a PATH to import (or --reparse)")
    report = ImportReport()
    with Library.open(args.library, readonly=False) as library:
        if args.format == "polnear":
            for path in args.paths:
                read = functools.partial(read_polnear, path, args.split)
                _import_annotations(library, read, path, report)
        else:
            brat = [p for p in args.paths if args.format == "brat" or _is_brat_folder(Path(p))]
            for path in brat:
                _import_annotations(library, functools.partial(read_brat, path), path, report)
            others = [p for p in args.paths if p not in brat]
            articles, annotations, texts = _classify(others, report, args.follow_symlinks)
            for path in annotations:
                read = functools.partial(read_annotations, path)
                _import_annotations(library, read, str(path), report)
            readers = [(name, functools.partial(read_article, name)) for name in articles]
            for path in texts:
                readers.extend(_text_readers(path, args.text_column, report))
            if readers:
                _pre_annotate(library, readers, args.model, args.processes or default_processes(), report)
        if args.reparse:
            from services.training import reparse_library

            report.parsed += reparse_library(library, args.model, progress)
        if args.dataset and report.ids:
            try:
                library.add_to_dataset(sorted(report.ids), args.dataset)
            except StoreError as exc:
                report.error(str(exc))
            else:
                note(f"{plural(len(report.ids), 'article')} in the dataset {args.dataset}")
        for warning in library.warnings:
            warn(warning)
    say(report.summary())
    return 1 if report.errors else 0


def _classify(
    paths: Iterable[str], report: ImportReport, follow_symlinks: bool
) -> tuple[list[str], list[Path], list[Path]]:
    """(article files, annotation files, text sources) under ``paths``; folders are walked."""
    articles: list[str] = []
    annotations: list[Path] = []
    texts: list[Path] = []
    known = ARTICLE_SUFFIXES | ANNOTATION_SUFFIXES
    for name in paths:
        path = Path(name)
        if path.is_dir():
            files = [Path(f) for f in folder_articles(path, known, follow_symlinks, _skipped_link)]
            if not files:
                report.error(f"{name}: no article (.txt, .md, .html) or .jsonl file in this folder")
        else:
            files = [path]
        for file in files:
            if is_text_source(file):
                texts.append(file)
            elif _is_annotation_file(file):
                annotations.append(file)
            else:
                articles.append(name if file is path else str(file))
    return articles, annotations, texts


def _text_readers(path: Path, column: str, report: ImportReport) -> list[tuple[str, Callable]]:
    """(name, read) for each record of a text source; bad records are reported."""
    readers = []
    try:
        for item in read_text_source(path, column):
            if isinstance(item, str):
                report.error(item)
            else:
                readers.append((f"{path} ({item.title[:40]})", lambda article=item: article))
    except QuotelensError as exc:
        report.error(str(exc))
    return readers


def _is_brat_folder(path: Path) -> bool:
    """A folder holding brat ``.ann`` files (its ``.txt`` files are their texts)."""
    return path.is_dir() and any(path.glob("*.ann"))


def _skipped_link(link: str) -> None:
    warn(LINK_SKIPPED.format(link))


def _is_annotation_file(path: Path) -> bool:
    """.jsonl and .json files, and files of another type that start with a JSON object or list."""
    suffix = path.suffix.lower()
    if suffix in ANNOTATION_SUFFIXES or suffix in ARTICLE_SUFFIXES:
        return suffix in ANNOTATION_SUFFIXES
    try:
        with path.open("rb") as f:
            return f.read(64).lstrip()[:1] in (b"{", b"[")
    except OSError:
        return False  # reading it as an article reports the problem


def _import_annotations(library: Library, read, where: str, report: ImportReport) -> None:
    """Store every article ``read()`` yields; report bad lines and what the store refuses."""
    touched: set[str] = set()
    try:
        for result in progress(read(), desc=where, unit="article"):
            if isinstance(result, LineError):
                report.error(str(result))
                continue
            for note in result.notes:
                warn(note)
            if _store(library, result, where, report):
                touched.add(result.article["id"])
            if result.article["id"] in library:
                report.ids.add(result.article["id"])
    except QuotelensError as exc:  # a file or folder that cannot be read at all
        report.error(str(exc))
    report.annotated += len(touched)


def _store(library: Library, item: ImportedArticle, where: str, report: ImportReport) -> bool:
    new = item.article["id"] not in library
    try:
        counts = library.import_article(item.article, item.statements, origin=where)
    except StoreError as exc:
        report.error(f"{where}:{item.lineno}: {exc}")
        return False
    report.added += new
    report.statements += counts.added + counts.replaced
    report.unchanged += counts.unchanged
    return counts.changed or new


def _pre_annotate(
    library: Library, readers: Sequence[tuple[str, Callable]], model: str | None, processes: int,
    report: ImportReport,
) -> None:
    """Add the articles and pre-annotate those the model has not parsed yet (progress bar)."""
    with progress(total=len(readers), unit="article") as bar:
        outcome = import_readers(
            library, readers, model, lambda done, _label: bar.update(done - bar.n), processes=processes
        )
    for line in outcome.notes:
        warn(line)
    for message in outcome.errors:
        report.error(message)
    report.added += outcome.added
    report.merged += outcome.merged
    report.known += outcome.read - outcome.added - outcome.merged
    report.parsed += outcome.parsed
    report.ids.update(outcome.ids)
