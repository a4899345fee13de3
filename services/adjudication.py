"""Adjudication: the statements of an article where annotators disagree, and a reviewer's
choice among their versions written to the article's gold layer (corpus.layers.GOLD).

A **disagreement** is a group of records from the annotators' layers about the same
stretch of text (the same statement id, or overlapping quotes) on which they differ: in
their decision (kept, rejected, or not marked at all), boundaries, speaker, cue, kind or
labels. The reviewer takes one version (as it is, or edited), or rejects the statement;
either becomes the gold record of the group (replacing any earlier gold record of it), with
the reviewer recorded as who made it in the history. Undo and redo step through the reviewer's gold edits.
"""
from __future__ import annotations

from dataclasses import dataclass

from corpus import layers
from corpus.agreement import KEPT
from corpus.library import Library
from corpus.schema import quotes_overlap


@dataclass(frozen=True)
class Version:
    """One annotator's version of a disputed statement (``record`` None: they marked none)."""

    annotator: str
    record: dict | None

    @property
    def decision(self) -> str:
        if self.record is None:
            return "not marked"
        status = self.record["status"]
        return "kept" if status in KEPT else "rejected" if status == "rejected" else "undecided"

    def content(self) -> tuple:
        """What the annotators may disagree on."""
        r = self.record
        if r is None:
            return (self.decision,)
        spans = tuple((s["start"], s["end"]) for s in r["quote"])
        speaker = r["speaker"] and (r["speaker"]["start"], r["speaker"]["end"])
        cue = r["cue"] and (r["cue"]["start"], r["cue"]["end"])
        return (self.decision, spans, speaker, cue, r["speaker_name"], r["kind"], tuple(sorted(r["labels"])))


@dataclass(frozen=True)
class Disagreement:
    """The annotators' versions of one statement and its gold record, if one is set."""

    versions: tuple[Version, ...]
    gold: dict | None

    @property
    def ids(self) -> set[str]:
        found = {v.record["id"] for v in self.versions if v.record is not None}
        return found | ({self.gold["id"]} if self.gold else set())

    @property
    def start(self) -> int:
        return min(v.record["quote"][0]["start"] for v in self.versions if v.record is not None)


def disagreements(records: list[dict]) -> list[Disagreement]:
    """The disagreements among the annotators' layers of one article, in text order."""
    named = [r for r in records if layers.layer_of(r) not in (None, layers.GOLD)]
    gold = [r for r in records if layers.layer_of(r) == layers.GOLD]
    annotators = sorted({layers.layer_of(r) for r in named})
    found = []
    for group in _groups(named):
        versions = tuple(
            Version(name, next((r for r in group if layers.layer_of(r) == name), None))
            for name in annotators
        )
        if len({v.content() for v in versions}) < 2:
            continue
        ids = {r["id"] for r in group}
        decided = next((g for g in gold if g["id"] in ids or any(quotes_overlap(g, r) for r in group)), None)
        found.append(Disagreement(versions, decided))
    return sorted(found, key=lambda d: d.start)


def _groups(records: list[dict]) -> list[list[dict]]:
    """Records joined when they share an id or their quotes overlap (connected groups)."""
    parent = list(range(len(records)))

    def root(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    ordered = sorted(range(len(records)), key=lambda i: records[i]["quote"][0]["start"])
    for n, i in enumerate(ordered):
        for j in ordered[n + 1:]:
            if records[i]["id"] == records[j]["id"] or quotes_overlap(records[i], records[j]):
                parent[root(j)] = root(i)
    groups: dict[int, list[dict]] = {}
    for i in ordered:
        groups.setdefault(root(i), []).append(records[i])
    return list(groups.values())


class Adjudication:
    """A reviewer walking one article's disagreements and writing its gold layer."""

    def __init__(self, library: Library, article_id: str, reviewer: str | None) -> None:
        self.library = library
        self.article_id = article_id
        self.reviewer = reviewer or library.annotator
        self.items: list[Disagreement] = []
        self.reload()

    def reload(self) -> None:
        """Read the article's layers again."""
        self.items = disagreements(self.library.all_statements(self.article_id))

    def take(self, index: int, annotator: str) -> str:
        """Make ``annotator``'s version of disagreement ``index`` the gold one; a message."""
        item = self.items[index]
        version = next(v for v in item.versions if v.annotator == annotator)
        if version.record is None:
            return self.reject(index, f"{annotator} marked none")
        self._write(item, version.record)
        return f"Gold: {annotator}'s version."

    def take_edited(self, index: int, annotator: str, record: dict) -> str:
        """Make ``record``, ``annotator``'s version of disagreement ``index`` as the reviewer
        edited it (tui/screens/version_edit.py), the gold one; a message."""
        self._write(self.items[index], record)
        return f"Gold: {annotator}'s version, edited."

    def reject(self, index: int, why: str = "") -> str:
        """Make the gold record of disagreement ``index`` a rejected one; a message."""
        item = self.items[index]
        base = item.gold or next(v.record for v in item.versions if v.record is not None)
        self._write(item, {**base, "status": "rejected"})
        return "Gold: rejected" + (f" ({why})." if why else ".")

    def reviewer_of(self, gold: dict) -> str:
        """Who wrote a gold record (the history's last gold entry of its statement)."""
        entries = self.library.history(self.article_id, gold["id"])
        return next((e["who"] or "?" for e in reversed(entries) if e.get("layer") == layers.GOLD), "?")

    def travel(self, action: str) -> bool:
        """Undo (``undo``) or redo (``redo``) the reviewer's last gold edit; False if none."""
        entry = getattr(self.library, action)(self.article_id, self.reviewer, layer=layers.GOLD)
        self.reload()
        return entry is not None

    def _write(self, item: Disagreement, record: dict) -> None:
        """One step: the record in the gold layer, any other gold record of the group out."""
        changes: dict[str, dict | None] = {item.gold["id"]: None} if item.gold else {}
        changes[record["id"]] = record
        self.library.write_layer(self.article_id, layers.GOLD, changes, self.reviewer)
        self.reload()
