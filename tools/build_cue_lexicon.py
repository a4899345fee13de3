"""Rebuild the cue lexicon ``annotators/data/cues.json`` from PolNeAR train.

Parses every train article with the spaCy model, counts for each lemma how many of its verb
(or noun) tokens lie inside a gold Cue span, and keeps:

- speech verbs: at least ``MIN_VERB_CUES`` cues and a cue in at least ``MIN_VERB_SHARE`` of
  their occurrences, plus the hand-kept verbs of ``KEEP_SPEECH`` (rarer or more ambiguous,
  but clear speech verbs), then the hand-added ``ADD_SPEECH``;
- belief verbs: the hand list ``BELIEF`` (thinking, feeling, intending: cues with
  ``include_beliefs`` on, or when their complement quotes someone), whatever their share;
- nouns: at least ``MIN_NOUN_CUES`` cues and a share of ``MIN_NOUN_SHARE``.

Lemmas are ordered by count (ties: thresholded ones in order of first cue in the corpus, then
hand-kept ones). A token counts as a cue when its first character lies inside a gold Cue span.
The output is deterministic for a given model and corpus: ``--check`` compares it with the
packaged file instead of writing it.

Run: python tools/build_cue_lexicon.py [--polnear ../shared/data/polnear] [--model NAME]
                                       [--out annotators/data/cues.json] [--check] [--n-process 2]
"""
from __future__ import annotations

import argparse
import json
import sys
from collections import Counter
from collections.abc import Iterable, Iterator
from pathlib import Path

import spacy
from spacy.tokens import Doc

from annotators.models import resolve_model
from corpus.atomic import atomic_write

ROOT = Path(__file__).resolve().parents[1]
MIN_VERB_CUES, MIN_VERB_SHARE = 5, 0.4
MIN_NOUN_CUES, MIN_NOUN_SHARE = 9, 0.3
BELIEF = (
    "know", "see", "seem", "expect", "want", "think", "appear", "believe", "agree", "hop",
    "consider", "plan", "feel", "worry", "remember", "fear", "recognize", "learn", "prefer",
    "hope", "wonder", "understand", "intend", "hear", "realize", "assume", "suspect",
    "disagree", "forget", "guess", "doubt", "trust", "wish",
)
KEEP_SPEECH = (
    "find", "pledge", "charge", "answer", "comment", "project", "request", "maintain",
    "counter", "testify",
)
ADD_SPEECH = ("quip", "whisper", "continue")
SOURCE = (
    "built by tools/build_cue_lexicon.py; counts: how many verb (or noun) tokens of the lemma "
    "(spaCy lemmatizer) start inside a gold Cue span in PolNeAR train; speech verbs kept with >=5 "
    "cues and a cue share >=0.4 of their occurrences, plus hand-kept and hand-added verbs; belief "
    "verbs a hand list; nouns kept with >=9 cues and a share >=0.3"
)


def read_train(polnear: Path) -> Iterator[tuple[str, list[tuple[int, int]]]]:
    """(text, cue character ranges) of every PolNeAR train article: the Cue spans of its
    attributions that have a Content (first annotator's file, as the reference scorer reads it)."""
    base = polnear / "train"
    first_ann: dict[str, Path] = {}
    for path in sorted((base / "attributions").glob("*.ann")):
        first_ann.setdefault(path.stem.rsplit("_", 1)[0], path)  # STEM_ANNOTATOR.ann
    for text_path in sorted((base / "text").glob("*.txt")):
        ann = first_ann.get(text_path.stem)
        if ann is not None:
            yield text_path.read_text(encoding="utf-8"), attribution_cues(ann.read_text(encoding="utf-8"))


def attribution_cues(ann: str) -> list[tuple[int, int]]:
    """Character ranges of the Cue spans tied to an attribution with content, from brat standoff."""
    spans: dict[str, list[tuple[int, int]]] = {}
    events: list[dict[str, str]] = []
    for line in ann.splitlines():
        parts = line.split("\t")
        if len(parts) < 2:
            continue
        if parts[0].startswith("T"):
            label_ranges = parts[1].split(" ", 1)
            if len(label_ranges) == 2:
                spans[parts[0]] = [tuple(map(int, r.split())) for r in label_ranges[1].split(";")]
        elif parts[0].startswith("E"):
            events.append(dict(a.split(":", 1) for a in parts[1].split() if ":" in a))
    cues: list[tuple[int, int]] = []
    for args in events:  # spans may be defined after the events that use them
        if any(k.startswith("Attribution") for k in args) and spans.get(args.get("Content", "")):
            cues.extend(spans.get(args.get("Cue", ""), []))
    return cues


def count_cues(docs: Iterable[tuple[Doc, list[tuple[int, int]]]]) -> dict[str, tuple[Counter, Counter]]:
    """Per part of speech ("verb", "noun"): (cue count, occurrence count) of each lemma."""
    counts = {"verb": (Counter(), Counter()), "noun": (Counter(), Counter())}
    for doc, cues in docs:
        inside = set()
        for start, end in cues:
            inside.update(range(start, end))
        for tok in doc:
            kind = "verb" if tok.pos_ == "VERB" else "noun" if tok.pos_ == "NOUN" else None
            if kind is None:
                continue
            lemma = tok.lemma_.lower()
            cue, seen = counts[kind]
            seen[lemma] += 1
            if tok.idx in inside:
                cue[lemma] += 1
    return counts


def build_lexicon(counts: dict[str, tuple[Counter, Counter]]) -> dict:
    """The lexicon record written to ``cues.json`` (see ``annotators/cues.py``)."""
    verb_cues, verb_seen = counts["verb"]
    noun_cues, noun_seen = counts["noun"]
    frequent = [
        (lemma, n) for lemma, n in verb_cues.most_common()
        if lemma not in BELIEF and n >= MIN_VERB_CUES and n / verb_seen[lemma] >= MIN_VERB_SHARE
    ]
    kept = [(lemma, verb_cues[lemma]) for lemma in KEEP_SPEECH]
    speech = dict(sorted(frequent + kept, key=lambda item: -item[1]))  # stable: ties keep this order
    speech.update((lemma, verb_cues[lemma]) for lemma in ADD_SPEECH if lemma not in speech)
    belief = {lemma: verb_cues[lemma] for lemma in sorted(BELIEF, key=lambda x: -verb_cues[x])}
    nouns = {
        lemma: n for lemma, n in noun_cues.most_common()
        if n >= MIN_NOUN_CUES and n / noun_seen[lemma] >= MIN_NOUN_SHARE
    }
    return {"source": SOURCE, "speech": speech, "belief": belief, "nouns": nouns}


def render(lexicon: dict) -> str:
    """The file text: one-space indented JSON, as packaged."""
    return json.dumps(lexicon, indent=1, ensure_ascii=False) + "\n"


def main() -> int:
    """Rebuild the lexicon from PolNeAR train and write it to ``--out`` (or, with ``--check``,
    compare it with that file); the exit code is 0 when done or identical."""
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--polnear", type=Path, default=ROOT.parent / "shared/data/polnear")
    ap.add_argument("--model", default=None)
    ap.add_argument("--out", type=Path, default=ROOT / "annotators/data/cues.json")
    ap.add_argument("--check", action="store_true", help="compare with --out instead of writing it")
    ap.add_argument("--n-process", type=int, default=1)
    args = ap.parse_args()

    articles = list(read_train(args.polnear))
    if not articles:
        print(f"{args.polnear}: no PolNeAR train articles found", file=sys.stderr)
        return 2
    nlp = spacy.load(resolve_model(args.model), disable=["ner"])
    docs = nlp.pipe((text for text, _ in articles), batch_size=16, n_process=args.n_process)
    text = render(build_lexicon(count_cues(zip(docs, (cues for _, cues in articles)))))
    if args.check:
        same = args.out.exists() and args.out.read_text(encoding="utf-8") == text
        print(f"{args.out}: {'identical' if same else 'differs from the rebuilt lexicon'}")
        return 0 if same else 1
    atomic_write(args.out, text.encode("utf-8"))
    print(f"wrote {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
