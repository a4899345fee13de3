"""``quotelens train -o MODEL_DIR``: learn from reviewed statements (or PolNeAR), then compare
the trained model with the rules on the same dev articles."""
from __future__ import annotations

import argparse
import json
from pathlib import Path

from corpus.errors import QuotelensError
from corpus.polnear import PolnearError
from tui.commands.export import add_dataset_arguments, dataset_filter
from tui.console import progress, say

NAME = "train"
HELP = "train an attribution model from the library's reviewed statements (or PolNeAR)"


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """Output folder, data sources, dev split."""
    parser.add_argument("-o", "--output", type=Path, required=True, metavar="MODEL_DIR",
                        help="folder to write the trained model to (give it to --model)")
    parser.add_argument("--polnear", type=Path, metavar="DIR",
                        help="train on PolNeAR gold from this root instead of the library")
    parser.add_argument("--split", default="train", help="PolNeAR split to train on (default: train)")
    parser.add_argument("--dev-polnear", type=Path, metavar="DIR",
                        help="PolNeAR root to evaluate on (with --dev-split)")
    parser.add_argument("--dev-split", metavar="SPLIT",
                        help="PolNeAR split to evaluate on (default: dev, with --dev-polnear or --polnear)")
    parser.add_argument("--dev-articles", metavar="IDS", default="",
                        help="comma-separated article ids (or PolNeAR stems) held out for dev")
    parser.add_argument("--dev-share", type=float, default=0.2, metavar="X",
                        help="share of the articles held out for dev when no dev set is named (default 0.2)")
    parser.add_argument("--seed", type=int, default=0, help="seed of the train/dev split and training (default 0)")
    parser.add_argument("--curve", type=int, nargs="*", metavar="N",
                        help="also train on N random training articles (default: 10 50 200) and show "
                        "dev loose_spk F1 against the number of articles")
    parser.add_argument("--speaker-ranker", action="store_true",
                        help="also learn to pick speakers (does not help on PolNeAR yet: see annotators/README.md)")
    parser.add_argument("--cache", type=Path, metavar="DIR",
                        help="keep the base model's parses here, so retraining does not parse again")  # fmt: skip
    add_dataset_arguments(parser)


def run(args: argparse.Namespace) -> int:
    """Train, print the dev table for the model and the rules, save the model."""
    from services.training import library_examples, polnear_examples, split_examples, train_model
    from tui.commands.evaluate import format_report

    try:
        if args.polnear is not None and (args.dataset or args.exclude_dataset):
            raise QuotelensError("--dataset and --exclude-dataset choose library articles: not with --polnear")
        if args.polnear is not None:
            examples = polnear_examples(args.polnear, args.split)
            source = f"PolNeAR {args.split} ({args.polnear})"
        else:
            from corpus.library import Library

            sets = dataset_filter(args)
            with Library.open(args.library, readonly=True) as library:
                examples = library_examples(library, lambda entry: sets.keeps_datasets(entry.datasets))
            source = "the library's reviewed statements" + _datasets_named(args)
        if not examples:
            raise QuotelensError(f"nothing to train on: {source} holds no reviewed statement")
        dev_root = args.dev_polnear or (args.polnear if args.dev_split else None)
        if dev_root is not None:
            train, dev = examples, polnear_examples(dev_root, args.dev_split or "dev")
            dev_name = f"PolNeAR {args.dev_split or 'dev'}"
        else:
            ids = [i.strip() for i in args.dev_articles.split(",") if i.strip()]
            train, dev = split_examples(examples, args.dev_share, args.seed, ids)
            dev_name = "held-out articles"
        outcome = train_model(
            train, dev, args.output, args.model, args.cache, args.seed,
            description=f"quotelens attribution scorer trained on {source}", progress=progress,
            rank_speakers=args.speaker_ranker, curve=_sizes(args.curve),
        )  # fmt: skip
    except (ValueError, PolnearError) as exc:
        raise QuotelensError(str(exc)) from None
    except OSError as exc:
        raise QuotelensError(f"{args.output}: cannot write the model ({exc.strerror or exc})") from None
    if outcome.dev is not None:
        say(format_report(outcome.dev, f"trained model on {dev_name}"))
        say("")
        say(format_report(outcome.rules, f"rules on {dev_name}"))
        model_f1, rules_f1 = outcome.dev.to_dict()["loose_spk"][2], outcome.rules.to_dict()["loose_spk"][2]
        say(f"\nloose_spk F1: model {model_f1:.3f}, rules {rules_f1:.3f} ({model_f1 - rules_f1:+.3f})")
    if outcome.curve:
        say("\n" + format_curve([(n, r.to_dict()["loose_spk"][2]) for n, r in outcome.curve]))
    summary = {
        "label": outcome.label, "threshold": outcome.threshold, "train_articles": outcome.train_articles,
        "dev_articles": len(dev),
        "dev": outcome.dev.to_dict() if outcome.dev else None,
        "rules": outcome.rules.to_dict() if outcome.rules else None,
        "curve": [[n, r.to_dict()] for n, r in outcome.curve],
    }  # fmt: skip
    (args.output / "training.json").write_text(json.dumps(summary, indent=1), encoding="utf-8")
    say(f"saved {outcome.label} to {args.output} (threshold {outcome.threshold}, "
        f"{outcome.train_articles} training articles); read with --model {args.output}")  # fmt: skip
    return 0


def _datasets_named(args: argparse.Namespace) -> str:
    """`` in datasets a, b; not in c`` for the dataset options given (empty when none)."""
    parts = []
    if args.dataset:
        parts.append(f"in {', '.join(args.dataset)}")
    if args.exclude_dataset:
        parts.append(f"not in {', '.join(args.exclude_dataset)}")
    return f" ({'; '.join(parts)})" if parts else ""


def _sizes(curve: list[int] | None) -> list[int]:
    """``--curve`` alone means 10, 50 and 200 articles; not given, no curve."""
    if curve is None:
        return []
    if any(n < 1 for n in curve):
        raise QuotelensError("--curve takes numbers of articles of at least 1")
    return curve or [10, 50, 200]


def format_curve(points: list[tuple[int, float]], width: int = 40) -> str:
    """The learning curve as a text chart: one bar per training size."""
    lines = ["learning curve (dev loose_spk F1 by training articles)"]
    for n, f1 in points:
        lines.append(f"{n:>7}  {f1:.3f}  {'█' * round(f1 * width)}")
    return "\n".join(lines)
