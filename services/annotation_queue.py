"""The annotation queue, as in Prodigy: the next article that still needs an annotator."""
from __future__ import annotations

from corpus.library import Library


def next_article(library: Library, annotator: str | None) -> str | None:
    """The id of the oldest article ``annotator`` (default: the library's) has not marked
    done and nobody has skipped; None when there is none."""
    who = annotator or library.annotator
    for entry in library.articles():
        if entry.status != "skipped" and who not in library.done_by(entry.id):
            return entry.id
    return None
