"""``quotelens export --format F -o PATH``: the library's reviewed statements as a file."""
from __future__ import annotations

import argparse
import hashlib
from dataclasses import replace
from pathlib import Path

from corpus.errors import QuotelensError
from corpus.export import DEFAULT_STATUSES, FORMATS, UNITS, ExportFilter
from corpus.export.from_library import export_library
from corpus.library import Library
from services.wording import plural
from tui.console import note, progress, say, warn

NAME = "export"
HELP = "write the library's statements as jsonl, prodigy, doccano, labelstudio, spacy, brat, csv or markdown"


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """Format, output and the filters of ``ExportFilter``."""
    parser.add_argument("--format", "-f", choices=FORMATS, required=True, help="output format")
    parser.add_argument(
        "-o",
        "--output",
        type=Path,
        required=True,
        metavar="PATH",
        help="file to write, - for standard output (spacy: a folder of .spacy shards, which spacy "
        "train reads; brat: a folder of ID.txt + ID.ann)",
    )
    parser.add_argument(
        "--force", action="store_true", help="replace an existing file that is not an earlier export"
    )
    parser.add_argument(
        "--article", action="append", metavar="ID", help="only this article (repeatable)"
    )
    parser.add_argument(
        "--status",
        type=_statuses,
        default=DEFAULT_STATUSES,
        metavar="LIST",
        help="comma-separated statuses to export (default: accepted,corrected,added)",
    )
    parser.add_argument(
        "--include-rejected",
        action="store_true",
        help="also export rejected statements (Prodigy: answer reject; brat: Status rejected; not doccano/labelstudio/spacy/csv/markdown)",
    )
    parser.add_argument(
        "--label", action="append", metavar="LABEL", help="only statements with this label"
    )
    parser.add_argument("--annotator", metavar="NAME", help="only statements by this annotator")
    parser.add_argument(
        "--layer", metavar="gold|ANNOTATOR|merged",
        help="which version of each statement: the gold layer, an annotator's (over the model's "
        "suggestions), or merged (gold, else the latest review); default: every layer's "
        "(csv and markdown: merged)",
    )
    add_dataset_arguments(parser)
    parser.add_argument(
        "--split", choices=("train", "dev"),
        help="only the articles of this side of a seeded hold-out (--dev-share, --seed): export "
        "train and dev with the same seed for spacy train; an article keeps its side as the "
        "library grows",
    )
    parser.add_argument(
        "--dev-share", type=_share, default=0.2, metavar="X",
        help="--split: the share of articles held out as dev (default 0.2)",
    )
    parser.add_argument("--seed", type=int, default=0, help="--split: which hold-out (default 0)")
    parser.add_argument(
        "--task-unit",
        choices=UNITS,
        default="article",
        help="task formats (prodigy, doccano, labelstudio): one task per article (default), "
        "paragraph or sentence",
    )


def add_dataset_arguments(parser: argparse.ArgumentParser) -> None:
    """``--dataset`` and ``--exclude-dataset`` (shared with ``agree`` and ``train``)."""
    parser.add_argument(
        "--dataset", action="append", metavar="NAME", help="only articles in this dataset (repeatable)"
    )
    parser.add_argument(
        "--exclude-dataset", action="append", metavar="NAME",
        help="leave out articles in this dataset (repeatable)",
    )


def _share(value: str) -> float:
    share = float(value)
    if not 0 < share < 1:
        raise argparse.ArgumentTypeError(f"{value}: give a share between 0 and 1")
    return share


def is_held_out(article_id: str, dev_share: float, seed: int) -> bool:
    """True if the article is on the dev side of the hold-out: decided by a hash of the seed
    and its id alone, so other articles coming or going never move it."""
    digest = hashlib.sha256(f"{seed}:{article_id}".encode()).digest()
    return int.from_bytes(digest[:8], "big") < dev_share * 2**64


def _statuses(value: str) -> frozenset[str]:
    return frozenset(s.strip() for s in value.split(",") if s.strip())


def dataset_filter(args: argparse.Namespace) -> ExportFilter:
    """A filter holding only ``--dataset``/``--exclude-dataset`` (``keeps_datasets``): export,
    train, agree and stats choose articles by set with it."""
    return ExportFilter(
        datasets=frozenset(args.dataset) if args.dataset else None,
        exclude_datasets=frozenset(args.exclude_dataset or ()),
    )


def export_filter(args: argparse.Namespace) -> ExportFilter:
    """The ExportFilter the options ask for (ExportError for an unknown status)."""
    return replace(
        dataset_filter(args),
        article_ids=frozenset(args.article) if args.article else None,
        statuses=args.status,
        include_rejected=args.include_rejected,
        labels=frozenset(args.label) if args.label else None,
        annotator=args.annotator,
        layer=args.layer,
    )


class NoSuchArticle(QuotelensError):
    """``--article`` named an id the library does not hold."""


def run(args: argparse.Namespace) -> int:
    """Export, with a progress bar over the articles on stderr; print what was written.

    1 if a damaged article or an invalid statement was skipped (the export holds the rest)."""
    filt = export_filter(args)
    with Library.open(args.library, readonly=True) as library:
        missing = sorted((filt.article_ids or set()) - {entry.id for entry in library.articles()})
        if missing:
            raise NoSuchArticle(f"{library.root}: no article {', '.join(missing)} in the library")
        if args.split:
            side = frozenset(
                entry.id for entry in library.articles()
                if is_held_out(entry.id, args.dev_share, args.seed) == (args.split == "dev")
            )  # fmt: skip
            filt = replace(filt, article_ids=side & filt.article_ids if filt.article_ids else side)
        with progress(unit="article") as bar:

            def advance(done: int, total: int) -> None:
                bar.total = total
                bar.update(done - bar.n)

            summary = export_library(
                library, args.format, args.output, filt, advance, args.force, args.task_unit
            )
        skipped = list(library.warnings)
        invalid = list(summary.invalid)
        for warning in skipped + invalid:
            warn(warning)
    left_out = [plural(len(skipped), "damaged article")] if skipped else []
    left_out += [plural(len(invalid), "invalid statement")] if invalid else []
    to_stdout = str(args.output) == "-"
    (note if to_stdout else say)(
        f"exported {plural(summary.statements, 'statement')} of {plural(summary.articles, 'article')} "
        f"to {'standard output' if to_stdout else args.output}"
        + (f"; {' and '.join(left_out)} skipped" if left_out else "")
    )
    return 1 if left_out else 0
