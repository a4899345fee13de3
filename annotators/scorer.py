"""``quotelens_scorer``: a learned judge of candidate frames, between finding and naming.

In a trained pipeline, ``quotelens_reported`` runs in candidates mode (every verb with a
clausal complement, and what the rules doubt); this component scores each frame with a
gradient-boosted classifier (LightGBM) over ``annotators.features``, keeps those scoring at
least ``threshold``, drops the weaker of two kept frames whose contents mostly overlap, and
sets each kept frame's confidence to its score. ``quotelens_speakers`` then names speakers as
in the rule pipeline. Saved with the pipeline (``nlp.to_disk``) as ``model.txt`` (LightGBM's
text format: trees and thresholds only) and ``encoder.json`` (categorical code tables).
"""
from __future__ import annotations

import json
from pathlib import Path

from spacy.language import Language
from spacy.tokens import Doc

from annotators.features import FEATURES, Encoder, frame_features
from annotators.frames import Frame, frames_of, register_extensions


class FrameModel:
    """A trained classifier and its feature encoder."""

    def __init__(self, booster, encoder: Encoder):
        self.booster = booster
        self.encoder = encoder

    def scores(self, doc: Doc, frames: list[Frame]) -> list[float]:
        """Probability that each frame is an attribution with the right speaker."""
        if not frames:
            return []
        rows = self.encoder.encode(frame_features(doc, frames))
        return [float(p) for p in self.booster.predict(rows)]

    def save(self, path: Path) -> None:
        """Write ``model.txt`` and ``encoder.json`` into the folder ``path``."""
        path.mkdir(parents=True, exist_ok=True)
        self.booster.save_model(str(path / "model.txt"))
        data = {"features": list(FEATURES), "tables": self.encoder.tables}
        (path / "encoder.json").write_text(json.dumps(data, indent=1), encoding="utf-8")

    @classmethod
    def load(cls, path: Path) -> FrameModel:
        """Read what ``save`` wrote; refuses a model made for other features."""
        import lightgbm

        data = json.loads((path / "encoder.json").read_text(encoding="utf-8"))
        if data["features"] != list(FEATURES):
            raise ValueError(f"{path}: the model was trained with other features; retrain it")
        return cls(lightgbm.Booster(model_file=str(path / "model.txt")), Encoder(data["tables"]))


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

    def __call__(self, doc: Doc) -> Doc:
        frames = frames_of(doc)
        if self.model is None or not frames:
            return doc
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
        if (Path(path) / "model.txt").is_file():
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
