"""Where the library lives and how its folder is laid out."""
from __future__ import annotations

import os
import re
from dataclasses import dataclass
from pathlib import Path

from corpus.store_errors import StoreError

LIBRARY_ENV = "QUOTELENS_LIBRARY"
_ARTICLE_ID = re.compile(r"^[0-9A-Za-z_-]{1,64}$")


def default_library_path() -> Path:
    """The library folder under the user data directory (platformdirs)."""
    from platformdirs import user_data_dir

    return Path(user_data_dir("quotelens", appauthor=False)) / "library"


def resolve_library_path(path: str | Path | None = None) -> Path:
    """The library folder: ``path`` if given, else ``$QUOTELENS_LIBRARY``, else the default."""
    if path:
        return Path(path).expanduser()
    env = os.environ.get(LIBRARY_ENV)
    if env:
        return Path(env).expanduser()
    return default_library_path()


@dataclass(frozen=True)
class LibraryLayout:
    """Files of one library folder.

    ``ROOT/index.json`` lists the articles, ``ROOT/articles/ID.json`` holds one article with
    its statements and edit history, ``ROOT/library.lock`` guards the single writer.
    """

    root: Path

    @property
    def index(self) -> Path:
        return self.root / "index.json"

    @property
    def lock(self) -> Path:
        return self.root / "library.lock"

    @property
    def articles(self) -> Path:
        return self.root / "articles"

    def check_folder(self, must_exist: bool) -> None:
        """StoreError unless ``root`` is a folder, or (``must_exist`` False) not there yet."""
        if self.root.is_dir():
            return
        if self.root.exists() or self.root.is_symlink():
            raise StoreError(f"{self.root}: is not a folder; give a library folder")
        if must_exist:
            raise StoreError(f"{self.root}: no library here")

    def article(self, article_id: str) -> Path:
        """The file of one article; the id must be a plain token (no path separators)."""
        if not _ARTICLE_ID.match(article_id):
            raise ValueError(f"not an article id: {article_id!r}")
        return self.articles / f"{article_id}.json"

    def article_files(self) -> dict[str, Path]:
        """Article id -> file, for every article file in the folder."""
        if not self.articles.is_dir():
            return {}
        return {
            p.stem: p
            for p in self.articles.glob("*.json")
            if not p.name.startswith(".") and _ARTICLE_ID.match(p.stem)
        }
