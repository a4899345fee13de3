"""``quotelens agree``: how far the library's annotators agree (corpus.agreement)."""
from __future__ import annotations

import argparse

import orjson

from corpus.agreement import ArticleLayers, agreement
from corpus.errors import QuotelensError
from corpus.evaluation import MATCH_METRICS
from corpus.library import Library
from corpus.text import make_inert
from services.wording import plural
from tui.commands.export import add_dataset_arguments, dataset_filter
from tui.console import warn

NAME = "agree"
HELP = "agreement between annotators: F1 (PolNeAR matching), Cohen's kappa, Krippendorff's alpha"
ARTICLE_ROWS = 10  # per-article rows printed (--json gives them all)


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """``--json``, ``--article``."""
    parser.add_argument("--json", action="store_true", help="print the figures as JSON")
    parser.add_argument(
        "--article", action="append", metavar="ID", help="only this article (repeatable)"
    )
    add_dataset_arguments(parser)


def run(args: argparse.Namespace) -> int:
    """Print agreement per pair, per label, overall and per article (worst first)."""
    wanted = frozenset(args.article or ())
    sets = dataset_filter(args)

    def chosen(entry) -> bool:
        return (not wanted or entry.id in wanted) and sets.keeps_datasets(entry.datasets)

    with Library.open(args.library, readonly=True) as library:
        missing = sorted(wanted - {entry.id for entry in library.articles()})
        if missing:
            raise QuotelensError(f"{library.root}: no article {', '.join(missing)} in the library")
        articles = (
            ArticleLayers.of(article, records)
            for article, records in library.iter_article_records(chosen)
        )
        figures = agreement(articles)
        for warning in library.warnings:
            warn(warning)
    if args.json:
        print(orjson.dumps(figures, option=orjson.OPT_INDENT_2).decode())
    else:
        print(format_agreement(figures))
    return 0


def _number(value: float | None) -> str:
    return "—" if value is None else f"{value:.3f}"


def format_agreement(figures: dict) -> str:
    """The figures as plain text tables."""
    names = figures["annotators"]
    if len(names) < 2 or not figures["articles"]:
        return (
            f"{plural(len(names), 'annotator')} ({', '.join(map(make_inert, names)) or 'none'}); "
            "agreement needs two annotators on one article"
        )
    head = f"{'pair':<28}{'articles':>9}" + "".join(f"{m:>11}" for m in MATCH_METRICS)
    head += f"{'decisions':>10}{'kappa':>8}"
    lines = [f"annotators: {', '.join(map(make_inert, names))}", "", "F1 " + head[3:]]
    rows = [(" & ".join(p["annotators"]), p) for p in figures["pairs"]]
    rows.append(("overall", figures["overall"]))
    for name, row in rows:
        lines.append(
            f"{make_inert(name)[:27]:<28}{row['articles']:>9}"
            + "".join(f"{row['f1'][m]:>11.3f}" for m in MATCH_METRICS)
            + f"{row['decisions']:>10}{_number(row['kappa']):>8}"
        )
    lines.append(f"Krippendorff's alpha (accept/reject, all annotators): {_number(figures['overall']['alpha'])}")
    labels = figures["overall"]["labels"]
    if labels:
        lines += ["", f"{'label':<20}{'loose F1':>10}"]
        lines += [f"{make_inert(label)[:19]:<20}{f1:>10.3f}" for label, f1 in labels.items()]
    shown = figures["articles"][:ARTICLE_ROWS]
    lines += ["", f"articles, worst first ({len(shown)} of {len(figures['articles'])}):",
              f"{'article':<18}{'loose F1':>9}{'kappa':>8}{'alpha':>8}  title"]  # fmt: skip
    for row in shown:
        lines.append(
            f"{row['id']:<18}{row['f1']['loose']:>9.3f}{_number(row['kappa']):>8}"
            f"{_number(row['alpha']):>8}  {make_inert(row['title'])[:40]}"
        )
    return "\n".join(lines)
