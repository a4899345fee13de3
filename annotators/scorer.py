"""``quotelens_scorer``: learned judges of candidate frames and their speakers.

In a trained pipeline, ``quotelens_reported`` runs in candidates mode (every verb with a
complement, and what the rules doubt). This component first lets a speaker ranker pick each
frame's speaker among ``annotators.features.speaker_candidates`` (the rules' choice is one
of them), then scores each frame with a frame classifier, keeps those scoring at least
``threshold``, drops the weaker of two kept frames whose contents mostly overlap, and sets
each kept frame's confidence to its score. ``quotelens_speakers`` then names the speakers as
in the rule pipeline. Both models are LightGBM gradient-boosted trees over the features of
``annotators.features``; saved with the pipeline (``nlp.to_disk``) as ``frames.txt`` and
``speakers.txt`` (LightGBM's text format: trees and split values only) and ``encoder.json``
(the categorical code tables: parse labels and cue lemmas).
"""
from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

from spacy.language import Language
from spacy.tokens import Doc

from annotators.features import FRAME, SPEAKER, Encoder, Schema, frame_features, speaker_candidates, speaker_features
from annotators.frames import Frame, frames_of, register_extensions
from annotators.quotes import QuoteIndex

SPEAKER_MIN = 0.5  # a frame the rules gave no speaker gets the ranker's best only if this sure


@dataclass
class Classifier:
    """A LightGBM booster and the encoder of its input rows."""

    booster: object
    encoder: Encoder

    def predict(self, rows: list[dict]) -> list[float]:
        """Probability of the positive class for each feature dict."""
        if not rows:
            return []
        return [float(p) for p in self.booster.predict(self.encoder.encode(rows))]

    def save(self, path: Path, name: str) -> dict:
        """Write ``NAME.txt``; returns what ``load`` needs besides it."""
        self.booster.save_model(str(path / f"{name}.txt"))
        return {"features": self.encoder.schema.names, "tables": self.encoder.tables}

    @classmethod
    def load(cls, path: Path, name: str, schema: Schema, data: dict) -> Classifier:
        """Read what ``save`` wrote; refuses a model made for other features."""
        import lightgbm

        if data["features"] != schema.names:
            raise ValueError(f"{path}: the model was trained with other features; retrain it")
        return cls(lightgbm.Booster(model_file=str(path / f"{name}.txt")), Encoder(schema, data["tables"]))


@dataclass
class FrameModel:
    """The frame classifier and, optionally, the speaker ranker."""

    frames: Classifier
    speakers: Classifier | None = None

    def rank_speakers(self, doc: Doc, frames: list[Frame]) -> None:
        """Give each frame the speaker option the ranker rates best."""
        if self.speakers is None:
            return
        index = QuoteIndex(doc)
        options = [speaker_candidates(frame, index) for frame in frames]
        rows = [row for frame, opts in zip(frames, options) for row in speaker_features(frame, opts, index)]
        scores = iter(self.speakers.predict(rows))  # one call per doc: a call costs more than a row
        for frame, opts in zip(frames, options):
            if not opts:
                continue
            score, best = max(zip((next(scores) for _ in opts), range(len(opts))))
            choice = opts[best]
            if frame.source is None and score < SPEAKER_MIN:
                continue
            if frame.source is None or choice.i != frame.source.i:
                frame.source, frame.source_via = choice, "ranked"

    def scores(self, doc: Doc, frames: list[Frame]) -> list[float]:
        """Probability that each frame is an attribution with the right speaker."""
        return self.frames.predict(frame_features(doc, frames)) if frames else []

    def save(self, path: Path) -> None:
        """Write the models and ``encoder.json`` into the folder ``path``."""
        path.mkdir(parents=True, exist_ok=True)
        data = {"frames": self.frames.save(path, "frames")}
        if self.speakers is not None:
            data["speakers"] = self.speakers.save(path, "speakers")
        (path / "encoder.json").write_text(json.dumps(data, indent=1), encoding="utf-8")

    @classmethod
    def load(cls, path: Path) -> FrameModel:
        """Read what ``save`` wrote."""
        data = json.loads((path / "encoder.json").read_text(encoding="utf-8"))
        speakers = Classifier.load(path, "speakers", SPEAKER, data["speakers"]) if "speakers" in data else None
        return cls(Classifier.load(path, "frames", FRAME, data["frames"]), speakers)


def overlap(a: tuple[int, int], b: tuple[int, int]) -> float:
    """Dice overlap of two character ranges."""
    inter = min(a[1], b[1]) - max(a[0], b[0])
    return 2 * inter / ((a[1] - a[0]) + (b[1] - b[0])) if inter > 0 else 0.0


class AttributionScorer:
    """Keeps the frames a trained ``FrameModel`` believes in; no model: frames pass unchanged."""

    def __init__(self, nlp: Language, name: str, threshold: float, max_overlap: float):
        register_extensions()
        self.name = name
        self.threshold = threshold
        self.max_overlap = max_overlap
        self.model: FrameModel | None = None
        self.label = ""  # the shipped scorer's name and version, for the model label

    def __call__(self, doc: Doc) -> Doc:
        frames = frames_of(doc)
        if self.model is None or not frames:
            return doc
        self.model.rank_speakers(doc, frames)
        scored = sorted(zip(self.model.scores(doc, frames), range(len(frames))), reverse=True)
        kept: list[Frame] = []
        for score, k in scored:
            frame = frames[k]
            if score < self.threshold:
                break
            if any(overlap((frame.start, frame.end), (o.start, o.end)) > self.max_overlap for o in kept):
                continue
            frame.confidence = score
            kept.append(frame)
        frames[:] = sorted(kept, key=lambda f: f.start)
        return doc

    def to_disk(self, path: str | Path, exclude=()) -> None:
        """Save the model (nothing to save without one)."""
        if self.model is not None:
            self.model.save(Path(path))

    def from_disk(self, path: str | Path, exclude=()) -> AttributionScorer:
        """Load the model saved by ``to_disk``."""
        if (Path(path) / "encoder.json").is_file():
            self.model = FrameModel.load(Path(path))
        return self


@Language.factory(
    "quotelens_scorer",
    default_config={"threshold": 0.5, "max_overlap": 0.5},
    assigns=["doc._.quotelens_frames"],
)
def make_attribution_scorer(nlp: Language, name: str, threshold: float, max_overlap: float) -> AttributionScorer:
    """Factory of the scorer component (its threshold lives in the pipeline config)."""
    return AttributionScorer(nlp, name, threshold, max_overlap)
