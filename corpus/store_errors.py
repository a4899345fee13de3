"""Errors of the annotation library; each message is one line naming the file and the problem."""
from __future__ import annotations

from corpus.errors import QuotelensError


class StoreError(QuotelensError):
    """Base for errors of the library store."""


class CorruptFileError(StoreError):
    """A library file that is not valid JSON or not shaped like a TinyDB file."""

    def __init__(self, path: str, problem: str, moved_to: str | None = None) -> None:
        self.path = path
        self.problem = problem
        self.moved_to = moved_to
        where = f"; moved aside to {moved_to}" if moved_to else ""
        super().__init__(f"{path}: damaged ({problem}){where}")


class NewerVersionError(StoreError):
    """A file written by a newer quotelens, with a schema this one does not know."""

    def __init__(self, path: str, found: int, supported: int) -> None:
        self.path = path
        self.found = found
        self.supported = supported
        super().__init__(
            f"{path}: written by a newer quotelens (schema {found}, this one reads up to "
            f"{supported}); upgrade quotelens to open it"
        )


class StoreWriteError(StoreError):
    """A write that did not reach the disk (disk full, permissions …); nothing was changed."""


class ReadOnlyLibraryError(StoreError):
    """A change asked of a library opened read-only."""


class LibraryLockedError(StoreError):
    """Write access asked for a library another quotelens is writing to."""


class UnknownArticleError(StoreError, KeyError):
    """An article id that is not in the library."""

    def __str__(self) -> str:  # KeyError would quote the message
        return str(self.args[0])


class UnknownStatementError(StoreError, KeyError):
    """A statement id that is not in the article."""

    def __str__(self) -> str:
        return str(self.args[0])


class InvalidStatementError(StoreError, ValueError):
    """A statement change that does not fit the record (bad field, span outside the text …)."""
