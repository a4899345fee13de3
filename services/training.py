"""Training the attribution scorer from annotated articles, and measuring it against the rules.

An ``Example`` is an annotated article: the statements people confirmed (accepted, corrected,
added: positives) and rejected (negatives), and whether the positives are *all* its
attributions (PolNeAR gold, an article marked done). Training parses each text once with the
base model (``annotators.parses``), lets the quote and reported-speech components propose
candidate frames (reported speech in candidates mode), labels each frame — 1 when its content
matches a positive (Dice ≥ 0.5, the scorer's loose match) with the right speaker, 0 when it
matches a rejected statement, a positive with another speaker, or nothing in an exhaustive
article; unknown (left out) otherwise — and fits a LightGBM classifier on ``annotators.features``.
The threshold is chosen on the dev articles by loose_spk F1. ``save_pipeline`` writes a spaCy
model folder that ``--model`` accepts everywhere.
"""
from __future__ import annotations

import hashlib
import random
from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

import spacy
from spacy.language import Language
from spacy.tokens import Doc, Token

from annotators.features import (
    FRAME,
    SPEAKER,
    Encoder,
    Schema,
    frame_features,
    speaker_candidates,
    speaker_features,
)
from annotators.frames import Frame, frames_of
from annotators.models import RULES, base_model
from annotators.parses import ParsedTexts, parsed_docs
from annotators.pipeline import COMPONENTS, LEARNED_COMPONENTS, model_label
from annotators.quotes import QuoteIndex
from annotators.scorer import Classifier, FrameModel
from annotators.syntax import mention_span
from corpus.evaluation import Attribution, Report, ScoringCase, attributions_from_records, characters, evaluate

POSITIVE = ("accepted", "corrected", "added")
LOOSE = 0.5
MIN_CUE_LEMMA = 1  # positive rows a cue lemma needs to enter a cue_lemmas_only encoder
CROSS_FIT_MIN = 20  # articles per half before the frame classifier trains on cross-fitted speakers
THRESHOLDS = tuple(round(0.2 + 0.05 * k, 2) for k in range(13))  # 0.2 … 0.8
Progress = Callable[..., Iterable]  # tqdm-like: progress(iterable, desc=..., total=...)


def _quiet(iterable: Iterable | None = None, **options) -> Iterable:
    """A progress bar that shows nothing (the default outside the command line)."""
    from tqdm import tqdm

    return tqdm(iterable, disable=True, **options)


@dataclass(frozen=True)
class Example:
    """An annotated article."""

    id: str
    text: str
    positives: tuple[Attribution, ...]
    negatives: tuple[Attribution, ...] = ()
    exhaustive: bool = True


def polnear_examples(root: str | Path, split: str) -> list[Example]:
    """PolNeAR gold as examples (all exhaustive)."""
    from corpus.polnear import load_split

    return [
        Example(a.stem, a.text, tuple(Attribution(g.content, g.source) for g in a.attributions))
        for a in load_split(root, split)
    ]


def library_examples(library, where: Callable | None = None) -> list[Example]:
    """The library's articles with at least one reviewed statement (of those ``where`` keeps,
    given their index entry: e.g. a dataset filter); ``predicted`` ones are ignored, and an
    article is exhaustive only when it is marked done."""
    out = []
    for article, records in library.iter_articles(where):
        good = [r for r in records if r.get("status") in POSITIVE]
        bad = [r for r in records if r.get("status") == "rejected"]
        if not good and not bad:
            continue
        rejected = [{**r, "status": "accepted"} for r in bad]  # scored as attributions, labelled 0
        out.append(Example(
            article.id, article.text, tuple(attributions_from_records(good)),
            tuple(attributions_from_records(rejected)), article.status == "done",
        ))  # fmt: skip
    return out


def split_examples(
    examples: Sequence[Example], dev_share: float = 0.2, seed: int = 0, dev_ids: Iterable[str] = ()
) -> tuple[list[Example], list[Example]]:
    """(train, dev): the named ``dev_ids``, else a seeded random ``dev_share`` of the articles
    (at least one when there are two or more)."""
    named = set(dev_ids)
    if named:
        missing = named - {e.id for e in examples}
        if missing:
            raise ValueError(f"--dev-articles: no such annotated article: {', '.join(sorted(missing))}")
        return [e for e in examples if e.id not in named], [e for e in examples if e.id in named]
    ids = sorted(e.id for e in examples)
    random.Random(seed).shuffle(ids)
    n_dev = min(len(ids) - 1, max(1, round(dev_share * len(ids)))) if len(ids) > 1 else 0
    dev = set(ids[:n_dev])
    return [e for e in examples if e.id not in dev], [e for e in examples if e.id in dev]


def build_pipeline(base: str | None = None, threshold: float = 0.5, candidates: bool = True) -> Language:
    """The base model with the learned components: quotes, reported speech in candidates mode
    (``candidates=False``: the rules' own frames only), the scorer (no model yet) and speakers."""
    nlp = spacy.load(base_model(base))
    for name in [n for n in nlp.pipe_names if n.startswith("quotelens_")]:
        nlp.remove_pipe(name)  # retraining from a trained model: start from its base pipes
    nlp.add_pipe("quotelens_quotes")
    nlp.add_pipe("quotelens_reported", config={"candidates": candidates})
    nlp.add_pipe("quotelens_scorer", config={"threshold": threshold})
    nlp.add_pipe("quotelens_speakers", config={"keep_speakerless": True})
    return nlp


def run_components(nlp: Language, doc: Doc, names: Sequence[str]) -> Doc:
    """Run some of ``nlp``'s components on an already parsed doc."""
    for name in names:
        doc = nlp.get_pipe(name)(doc)
    return doc


def candidate_frames(nlp: Language, doc: Doc) -> list[Frame]:
    """The frames the quote and reported-speech components propose for a parsed doc."""
    run_components(nlp, doc, ("quotelens_quotes", "quotelens_reported"))
    return frames_of(doc)


def _dice(a: frozenset[int], b: frozenset[int]) -> float:
    inter = len(a & b)
    return 2 * inter / (len(a) + len(b)) if inter else 0.0


class Labeller:
    """Labels the candidate frames of one example, and their speaker options."""

    def __init__(self, example: Example):
        text = example.text
        self.example = example
        self.gold = [(characters(text, g.quote), characters(text, g.speaker)) for g in example.positives]
        self.rejected = [characters(text, r.quote) for r in example.negatives]

    def label(self, frame: Frame) -> int | None:
        """1, 0, or None (unknown: not evidence)."""
        content = characters(self.example.text, tuple(frame.content))
        speaker = self._speaker(frame, content)
        matched_content = False
        for quote, gold_speaker in self.gold:
            if _dice(quote, content) >= LOOSE:
                matched_content = True
                if speaker is None or (bool(gold_speaker & speaker) if gold_speaker else not speaker):
                    return 1
        if matched_content or any(_dice(r, content) >= LOOSE for r in self.rejected):
            return 0
        return 0 if self.example.exhaustive else None

    def gold_speaker(self, frame: Frame) -> frozenset[int] | None:
        """The speaker characters of the gold statement the frame's content matches best
        (None: no match, or a statement with no speaker)."""
        content = characters(self.example.text, tuple(frame.content))
        best = max(((_dice(q, content), s) for q, s in self.gold), default=(0.0, None), key=lambda p: p[0])
        return best[1] if best[0] >= LOOSE and best[1] else None

    def speaker_label(self, option: Token, gold: frozenset[int]) -> int:
        """1 if the mention headed by ``option`` overlaps the gold speaker."""
        span = mention_span(option)
        return int(bool(characters(self.example.text, ((span.start_char, span.end_char),)) & gold))

    def _speaker(self, frame: Frame, content: frozenset[int]) -> frozenset[int] | None:
        """The characters of the speaker mention the frame will get (None: decided later, as
        for a quote with no cue that takes the previous statement's speaker)."""
        if frame.source is None:
            return None if frame.kind == "direct" and frame.cue is None else frozenset()
        span = mention_span(frame.source)
        chars = characters(self.example.text, ((span.start_char, span.end_char),))
        return frozenset() if chars & content else chars


@dataclass
class Rows:
    """Feature dicts and their labels."""

    features: list[dict] = field(default_factory=list)
    labels: list[int] = field(default_factory=list)


def speaker_rows(nlp: Language, parsed: ParsedTexts, examples: Sequence[Example], progress: Progress = _quiet) -> Rows:
    """Speaker options of the candidate frames that match a gold statement with a speaker."""
    rows = Rows()
    for doc, example in progress(zip(parsed.docs(), examples), desc="speakers", total=len(examples), unit="article"):
        frames = candidate_frames(nlp, doc)
        labeller, index = Labeller(example), QuoteIndex(doc)
        for frame in frames:
            gold = labeller.gold_speaker(frame)
            if gold is None:
                continue
            options = speaker_candidates(frame, index)
            rows.features += speaker_features(frame, options, index)
            rows.labels += [labeller.speaker_label(o, gold) for o in options]
    return rows


def frame_rows(
    nlp: Language, parsed: ParsedTexts, examples: Sequence[Example], speakers: Classifier | None,
    progress: Progress = _quiet,
) -> Rows:  # fmt: skip
    """Labelled candidate frames (speakers chosen by the ranker, when there is one)."""
    rows = Rows()
    ranker = FrameModel(None, speakers)  # type: ignore[arg-type]
    for doc, example in progress(zip(parsed.docs(), examples), desc="candidates", total=len(examples), unit="article"):
        frames = candidate_frames(nlp, doc)
        ranker.rank_speakers(doc, frames)
        labeller = Labeller(example)
        for frame, row in zip(frames, frame_features(doc, frames)):
            label = labeller.label(frame)
            if label is not None:
                rows.features.append(row)
                rows.labels.append(label)
    return rows


def fit(
    schema: Schema, train: Rows, dev: Rows | None = None, rounds: int = 400, seed: int = 0,
    progress: Progress = _quiet, desc: str = "training", cue_lemmas_only: bool = False,
) -> Classifier:  # fmt: skip
    """A LightGBM classifier on the training rows; stops early when the dev rows' log loss
    has not improved for 40 rounds. ``cue_lemmas_only``: the encoder knows only the lemmas of
    cues of at least ``MIN_CUE_LEMMA`` positive rows (other lemmas are missing values)."""
    import lightgbm

    if len(set(train.labels)) < 2:
        raise ValueError("training needs both positive and negative examples (confirm and reject some statements)")
    allowed = None
    if cue_lemmas_only:
        cues = Counter(row.get("cue_lemma") for row, label in zip(train.features, train.labels) if label == 1)
        allowed = {"cue_lemma": {lemma for lemma, n in cues.items() if lemma and n >= MIN_CUE_LEMMA}}
    encoder = Encoder.fit(schema, train.features, allowed=allowed)
    params = {
        "objective": "binary", "learning_rate": 0.05, "num_leaves": 31,
        "min_data_in_leaf": max(1, min(20, len(train.labels) // 50)), "min_data_per_group": 5,
        "feature_fraction": 0.9, "seed": seed, "deterministic": True, "num_threads": 2,
        "verbose": -1,
    }  # fmt: skip
    data = lightgbm.Dataset(
        encoder.encode(train.features), train.labels, feature_name=schema.names,
        categorical_feature=list(schema.categorical), free_raw_data=False,
    )  # fmt: skip
    valid = []
    if dev is not None and len(set(dev.labels)) == 2:
        valid = [lightgbm.Dataset(encoder.encode(dev.features), dev.labels, reference=data)]
    with progress(total=rounds, desc=desc, unit="round") as bar:

        def report(env) -> None:
            bar.update(1)
            if env.evaluation_result_list:
                _, metric, value, _ = env.evaluation_result_list[0]
                bar.set_postfix_str(f"dev {metric} {value:.4f}")

        callbacks = [report] + ([lightgbm.early_stopping(40, verbose=False)] if valid else [])
        booster = lightgbm.train(params, data, rounds, valid_sets=valid, callbacks=callbacks)
    return Classifier(booster, encoder)


def _subset_speakers(nlp: Language, parsed: ParsedTexts, examples: Sequence[Example], keep: list[int]) -> Rows:
    return speaker_rows(nlp, parsed.subset(keep), [examples[k] for k in keep])


def train_scorer(
    nlp: Language, train_parsed: ParsedTexts, train: Sequence[Example], dev_parsed: ParsedTexts | None = None,
    dev: Sequence[Example] = (), rounds: int = 400, seed: int = 0, progress: Progress = _quiet,
    rank_speakers: bool = False, cue_lemmas_only: bool = False,
) -> FrameModel:  # fmt: skip
    """The speaker ranker (when the data has speakers both right and wrong), then the frame
    classifier on frames whose speakers the ranker chose (``cue_lemmas_only``: see ``fit``)."""
    options = dict(rounds=rounds, seed=seed, progress=progress, cue_lemmas_only=cue_lemmas_only)
    train_speakers = speaker_rows(nlp, train_parsed, train, progress) if rank_speakers else Rows()
    speakers = None
    if rank_speakers and len(set(train_speakers.labels)) == 2:
        dev_speakers = speaker_rows(nlp, dev_parsed, dev, progress) if dev_parsed else None
        speakers = fit(SPEAKER, train_speakers, dev_speakers, desc="speaker ranker", **options)
    dev_frames = frame_rows(nlp, dev_parsed, dev, speakers, progress) if dev_parsed else None
    if speakers is None or len(train) < 2 * CROSS_FIT_MIN:
        train_frames = frame_rows(nlp, train_parsed, train, speakers, progress)
    else:  # each half's speakers ranked by a ranker that never saw it, as on new text
        train_frames = Rows()
        halves = [[k for k in range(len(train)) if k % 2 == part] for part in (0, 1)]
        for mine, other in (halves, halves[::-1]):
            ranker = fit(SPEAKER, _subset_speakers(nlp, train_parsed, train, other), desc="speaker ranker (half)", **options)
            rows = frame_rows(nlp, train_parsed.subset(mine), [train[k] for k in mine], ranker, progress)
            train_frames.features += rows.features
            train_frames.labels += rows.labels
    frames = fit(FRAME, train_frames, dev_frames, desc="frame classifier", **options)
    return FrameModel(frames, speakers)


def statements(nlp: Language, parsed: ParsedTexts, names: Sequence[str]) -> list[list[dict]]:
    """Statement records per parsed text, from ``nlp``'s components ``names``."""
    out = []
    for doc in parsed.docs():
        doc = run_components(nlp, doc, names)
        out.append([s.to_dict() for s in doc._.statements or []])
    return out


def score(examples: Sequence[Example], predicted: Sequence[list[dict]]) -> Report:
    """The evaluation report of predictions against the examples' positives."""
    return evaluate(
        ScoringCase(e.id, e.text, e.positives, attributions_from_records(p)) for e, p in zip(examples, predicted)
    )


def tune_threshold(
    nlp: Language, parsed: ParsedTexts, examples: Sequence[Example], progress: Progress = _quiet
) -> tuple[float, Report]:
    """The threshold (from ``THRESHOLDS``) with the best dev loose_spk F1, set on the scorer."""
    scorer = nlp.get_pipe("quotelens_scorer")
    best: tuple[float, float, Report] | None = None
    with progress(total=len(THRESHOLDS), desc="threshold", unit="value") as bar:
        for threshold in THRESHOLDS:
            scorer.threshold = threshold
            report = score(examples, statements(nlp, parsed, LEARNED_COMPONENTS))
            f1 = report.to_dict()["loose_spk"][2]
            if best is None or f1 > best[1]:
                best = (threshold, f1, report)
            bar.update(1)
            bar.set_postfix_str(f"best dev loose_spk F1 {best[1]:.3f} at {best[0]}")
    scorer.threshold = best[0]
    nlp.get_pipe_config("quotelens_scorer")["threshold"] = best[0]
    return best[0], best[2]


def save_pipeline(nlp: Language, out: Path, description: str) -> str:
    """Write the trained pipeline to ``out``; returns its label (as statements record it)."""
    model = nlp.get_pipe("quotelens_scorer").model
    digest = hashlib.sha256(model.frames.booster.model_to_string().encode()).hexdigest()[:8]
    base = f"{nlp.meta.get('lang', 'en')}_{nlp.meta.get('name', '')}-{nlp.meta.get('version', '')}"
    nlp.meta.update(name="quotelens_learned", version=f"0.1.0-{digest}", description=description,
                    sources=[{"name": base}])  # fmt: skip
    out.mkdir(parents=True, exist_ok=True)
    nlp.to_disk(out)
    return model_label(nlp)


@dataclass
class Outcome:
    """What a training run made and measured."""

    label: str
    threshold: float
    train_articles: int
    dev: Report | None = None
    rules: Report | None = None
    curve: list[tuple[int, Report]] = field(default_factory=list)  # (training articles, dev report)


def train_model(
    train: Sequence[Example],
    dev: Sequence[Example],
    out: Path,
    base: str | None = None,
    cache: Path | None = None,
    seed: int = 0,
    description: str = "",
    progress: Progress = _quiet,
    rank_speakers: bool = False,
    candidates: bool = True,
    curve: Sequence[int] = (),
    cue_lemmas_only: bool = False,
) -> Outcome:
    """Train on ``train``, tune and measure on ``dev`` (with the rules' figures on the same
    articles), write the model folder ``out``. ``curve``: also train on seeded random subsets
    of these sizes and measure each on dev (the learning curve). ``cue_lemmas_only``: the model
    knows only the lemmas of the training data's cues (a model that ships holds no other words
    of its training texts; see ``fit``)."""
    nlp = build_pipeline(base, candidates=candidates)
    label = base_model(base)

    def parse(examples: Sequence[Example], what: str) -> ParsedTexts:
        bar = lambda docs, total: progress(docs, desc=f"parsing {what}", total=total, unit="article")  # noqa: E731
        return parsed_docs(nlp, [e.text for e in examples], cache, label, bar)

    train_parsed = parse(train, "train")
    dev_parsed = parse(dev, "dev") if dev else None
    options = dict(seed=seed, progress=progress, rank_speakers=rank_speakers, cue_lemmas_only=cue_lemmas_only)
    outcome = Outcome("", 0.5, len(train))
    if curve and dev_parsed is None:
        raise ValueError("a learning curve needs dev articles")
    order = list(range(len(train)))
    random.Random(seed).shuffle(order)
    for n in sorted(set(curve)):
        if n >= len(train):
            continue
        keep = sorted(order[:n])
        subset = [train[k] for k in keep]
        try:
            model = train_scorer(nlp, train_parsed.subset(keep), subset, dev_parsed, dev, **options)
        except ValueError:
            continue  # too few articles to hold both positives and negatives
        nlp.get_pipe("quotelens_scorer").model = model
        outcome.curve.append((n, tune_threshold(nlp, dev_parsed, dev)[1]))
    nlp.get_pipe("quotelens_scorer").model = train_scorer(nlp, train_parsed, train, dev_parsed, dev, **options)
    if dev_parsed is not None:
        outcome.threshold, outcome.dev = tune_threshold(nlp, dev_parsed, dev, progress)
        if curve:
            outcome.curve.append((len(train), outcome.dev))
        from annotators.pipeline import load_pipeline

        rules = load_pipeline(f"{RULES}:{label}")
        outcome.rules = score(dev, statements(rules, dev_parsed, COMPONENTS))
    outcome.label = save_pipeline(nlp, out, description)
    return outcome


def reparse_library(library, model: str | None, progress: Progress = _quiet) -> int:
    """Pre-annotate again, with ``model``, every library article not marked done and not already
    parsed by it (after retraining). Machine suggestions are replaced; statements people
    accepted, corrected, added or rejected stay, and new suggestions overlapping them are
    dropped (``Library.save_parse``). Returns how many articles were parsed."""
    from annotators.pipeline import extract, load_pipeline

    nlp = load_pipeline(model)
    label = model_label(nlp)
    entries = [e for e in library.articles() if e.status != "done" and e.model != label]
    for entry in progress(entries, desc="re-parsing", unit="article"):
        found = extract(nlp, library.article(entry.id).text)
        library.save_parse(entry.id, [s.to_dict() for s in found], label)
    return len(entries)
