"""``quotelens evaluate``: score statements against PolNeAR gold or our own gold JSONL."""
from __future__ import annotations

import argparse
from collections.abc import Iterator, Mapping
from pathlib import Path

import orjson

from corpus.errors import QuotelensError
from corpus.evaluation import (
    KIND_METRICS,
    KINDS,
    MATCH_METRICS,
    Report,
    ScoringCase,
    attributions_from_records,
    evaluate,
)
from corpus.importers import read_article
from corpus.jsonl import read_records, write_jsonl
from corpus.name_evaluation import load_gold, score
from corpus.polnear import PolnearArticle, load_split, scoring_case
from corpus.text import make_inert
from services.wording import plural
from tui.commands.extract import add_output_arguments, extract_records
from tui.console import warn

REPO = Path(__file__).resolve().parents[2]
NAMES_GOLD = REPO / "gold" / "speaker_names.jsonl"
SAMPLES = REPO / "sample_articles"
NAME = "evaluate"
HELP = "score extracted statements against gold attributions (PolNeAR or our JSONL)"


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """Gold source, predictions, output form."""
    gold = parser.add_mutually_exclusive_group()
    gold.add_argument("--polnear", type=Path, metavar="DIR", help="PolNeAR root folder")
    gold.add_argument(
        "--gold", type=Path, metavar="FILE", help="gold JSONL: lines with id, text, statements"
    )
    parser.add_argument(
        "--names", type=Path, nargs="?", const=NAMES_GOLD, metavar="FILE",
        help="score speaker names against our gold names (default gold/speaker_names.jsonl; "
        "its PolNeAR lines need --polnear DIR)",
    )
    parser.add_argument(
        "--samples", type=Path, default=SAMPLES, metavar="DIR",
        help="folder of the sample articles named in the names gold (default: sample_articles)",
    )
    parser.add_argument("--split", default="dev", help="PolNeAR split (default: dev)")
    parser.add_argument(
        "--pred",
        type=Path,
        metavar="FILE",
        help="predictions JSONL to score (needed with --gold; with --polnear the extractor "
        "runs when it is not given)",
    )
    parser.add_argument("--json", action="store_true", help="print the metrics as JSON")
    add_output_arguments(parser, "also write the extractor's predictions here as JSONL")


def run(args: argparse.Namespace) -> int:
    """Score, then print the metrics as a table (or JSON with ``--json``)."""
    if args.names is not None:
        return run_names(args)
    if args.polnear is None and args.gold is None:
        raise QuotelensError("evaluate needs --polnear DIR, --gold FILE or --names")
    if args.output is not None and (args.pred is not None or args.gold is not None):
        raise QuotelensError(
            "-o saves the extractor's predictions; it cannot go with --pred or --gold"
        )
    if args.gold is not None:
        if args.pred is None:
            raise QuotelensError("--gold needs the predictions to score: add --pred FILE")
        report = evaluate(gold_file_cases(args.gold, read_records(args.pred)))
        title = str(args.gold)
    else:
        articles = list(load_split(args.polnear, args.split))
        if args.pred is not None:
            predictions = read_records(args.pred)
        else:
            predictions = run_extractor(articles, args)
        report = evaluate(polnear_cases(articles, predictions))
        title = f"PolNeAR {args.split}"
    if args.json:
        print(orjson.dumps(report.to_dict(), option=orjson.OPT_INDENT_2).decode())
    else:
        print(format_report(report, make_inert(title)))
    return 0


def run_names(args: argparse.Namespace) -> int:
    """``--names``: run the extractor on the gold's articles and score their speaker names."""
    gold = load_gold(args.names)
    texts: dict[tuple[str, str], str] = {}
    for item in gold:
        if item.corpus == "samples":
            texts[item.corpus, item.article] = read_article(args.samples / item.article).text
    wanted = {g.article for g in gold if g.corpus == "polnear"}
    if wanted and args.polnear is None:
        warn(f"{plural(len(wanted), 'PolNeAR article')} left out: add --polnear DIR to score them")
    elif wanted:
        for article in load_split(args.polnear, args.split):
            if article.stem in wanted:
                texts["polnear", article.stem] = article.text
        missing = sorted(wanted - {k for c, k in texts if c == "polnear"})
        if missing:
            raise QuotelensError(
                f"{args.polnear}: no {args.split} article {missing[0]!r} named by {args.names}"
            )
    entries = [(f"{c}/{a}", a, a, texts[c, a]) for c, a in texts]
    records = extract_records(entries, args.model, args.processes) if entries else ()
    found = {tuple(r["id"].split("/", 1)): r["statements"] for r in records}
    report = score((g, found[g.corpus, g.article]) for g in gold if (g.corpus, g.article) in found)
    if args.json:
        print(orjson.dumps(report.to_dict(), option=orjson.OPT_INDENT_2).decode())
        return 0
    for miss in report.misses:
        where = f"{miss.article} [{miss.start}:{miss.end}]"
        print(make_inert(f"{where}: gold {miss.gold!r}, found {miss.predicted!r}"))
    print(
        f"speaker names: {report.accuracy:.3f} exactly right ({report.correct} of "
        f"{report.matched} matched statements; {report.matched} of {report.gold} gold "
        "statements matched)"
    )
    return 0


def run_extractor(articles: list[PolnearArticle], args: argparse.Namespace) -> list[dict]:
    """Run the pipeline on the texts exactly as stored (offsets must match the gold)."""
    entries = [(a.stem, str(a.path), a.stem, a.text) for a in articles]
    records = list(extract_records(entries, args.model, args.processes))
    if args.output is not None:
        write_jsonl(records, args.output, args.force)
    return records


def polnear_cases(
    articles: list[PolnearArticle], predictions: list[dict]
) -> Iterator[ScoringCase]:
    """Gold against predictions found as the reference scorer finds them: by the file stem
    of the record's ``id``, else ``path``, else ``source`` (a later record wins). An article
    without a prediction is scored as having no statements, with a warning."""
    by_stem: dict[str, dict] = {}
    for record in predictions:
        key = record.get("id") or record.get("path") or record.get("source")
        if key:
            by_stem[Path(str(key)).stem] = record
    for article in articles:
        record = by_stem.get(article.stem)
        if record is None:
            warn(f"{article.stem}: no prediction for this article; scored as finding nothing")
            record = {}
        check_same_text(article.stem, article.text, record)
        yield scoring_case(article, record.get("statements", []))


def gold_file_cases(gold_path: Path, predictions: list[dict]) -> Iterator[ScoringCase]:
    """Each gold line against the prediction line of the same ``id``."""
    by_id = {str(r.get("id")): r for r in predictions}
    for number, gold in enumerate(read_records(gold_path), start=1):
        if "id" not in gold or not isinstance(gold.get("text"), str):
            raise QuotelensError(f"{gold_path}:{number}: a gold line needs \"id\" and \"text\"")
        record = by_id.get(str(gold["id"]))
        if record is None:
            warn(f"{gold['id']}: no prediction for this article; scored as finding nothing")
            record = {}
        check_same_text(str(gold["id"]), gold["text"], record)
        yield ScoringCase(
            id=str(gold["id"]),
            text=gold["text"],
            gold=attributions_from_records(gold.get("statements", [])),
            predicted=attributions_from_records(record.get("statements", [])),
        )


def check_same_text(id: str, gold_text: str, record: Mapping) -> None:
    """Warn when a prediction was made on another text than the gold one."""
    text = record.get("text")
    if isinstance(text, str) and text != gold_text:
        warn(f"{id}: predicted on a different text than the gold one; its offsets may not match")


def format_report(report: Report, title: str) -> str:
    """The metrics as a plain text table; loose_spk F1 is the headline figure."""
    d = report.to_dict()
    lines = [
        f"{title}: {plural(d['docs'], 'article')}, {d['gold']} gold, {d['pred']} predicted",
        "",
        f"{'metric':<12}{'precision':>10}{'recall':>10}{'F1':>10}",
    ]
    for metric in MATCH_METRICS:
        p, r, f = d[metric]
        lines.append(f"{metric:<12}{p:>10.3f}{r:>10.3f}{f:>10.3f}")
    lines += [
        "",
        f"speaker accuracy on matched: {d['speaker_acc_on_matched']:.3f}",
        f"headline (loose_spk F1):     {d['loose_spk'][2]:.3f}",
        "",
        f"{'recall by kind':<16}{'gold':>6}" + "".join(f"{m:>11}" for m in KIND_METRICS),
    ]
    for kind in KINDS:
        row = d["recall_by_kind"][kind]
        lines.append(
            f"{kind:<16}{row['gold']:>6}" + "".join(f"{row[m]:>11.3f}" for m in KIND_METRICS)
        )
    return "\n".join(lines)
