"""Writing files and folders atomically: all of the new content in place, or none of it.

New content goes to a temporary file (or folder) next to the target, is flushed to the disk,
and then replaces the target with one rename, after which the parent folder is flushed too.
A kill at any moment leaves the old or the new content, never a mix. A replaced file keeps
its permission bits; a new one gets ``0o666`` less the umask, like any file a program opens.
"""
from __future__ import annotations

import os
import secrets
import shutil
import stat
import tempfile
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from pathlib import Path
from typing import IO, Any

from corpus.errors import QuotelensError

TEMP_SUFFIX = ".tmp"


class WriteError(QuotelensError):
    """An output that cannot be written: ``path``, and ``reason`` in a few words."""

    def __init__(self, path: Path, reason: str, problem: str | None = None) -> None:
        super().__init__(f"{path}: {problem or f'cannot be written ({reason})'}")
        self.path = path
        self.reason = reason


def _failed(path: Path, exc: OSError) -> WriteError:
    return WriteError(path, exc.strerror or str(exc))


def _current_umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


NEW_FILE_MODE = 0o666 & ~_current_umask()


def fsync_folder(folder: Path) -> None:
    """Make a rename or unlink in ``folder`` durable."""
    fd = os.open(folder, os.O_RDONLY | getattr(os, "O_DIRECTORY", 0))
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def output_path(path: str | Path) -> Path:
    """``path`` made absolute and normalised (``.`` and ``..`` resolved), so it has a name."""
    target = Path(os.path.abspath(path))
    if not target.name:
        raise WriteError(target, "not a name", "not a file or folder name")
    return target


@contextmanager
def atomic_file(path: str | Path, **open_options: Any) -> Iterator[IO]:
    """An open temp file next to ``path`` that replaces it when the block succeeds.

    Binary unless ``open_options`` (as for ``open``, e.g. ``encoding``) ask for text.
    Raises WriteError for a target that is a folder or a place that cannot be written.
    """
    target = output_path(path)
    if target.is_dir():
        raise WriteError(target, "a folder", "is a folder; give a file name")
    try:
        mode = stat.S_IMODE(os.stat(target).st_mode)
    except OSError:
        mode = NEW_FILE_MODE
    try:
        fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=TEMP_SUFFIX, dir=target.parent)
    except OSError as exc:
        raise _failed(target, exc) from None
    try:
        with os.fdopen(fd, "w" if open_options else "wb", **open_options) as handle:
            yield handle
            handle.flush()
            os.fchmod(handle.fileno(), mode)
            os.fsync(handle.fileno())
        os.replace(tmp, target)
        fsync_folder(target.parent)
    except BaseException as exc:
        Path(tmp).unlink(missing_ok=True)
        if isinstance(exc, OSError) and not isinstance(exc, WriteError):
            raise _failed(target, exc) from None
        raise


def _fsync_file(path: Path) -> None:
    with open(path, "rb") as handle:
        os.fsync(handle.fileno())


def atomic_write(path: str | Path, payload: bytes) -> None:
    """Replace ``path`` with ``payload`` (see ``atomic_file``)."""
    with atomic_file(path) as handle:
        handle.write(payload)


@contextmanager
def atomic_folder(
    path: str | Path, replaceable: Callable[[Path], bool], what: str = "an earlier output"
) -> Iterator[Path]:
    """A new temp folder next to ``path`` that takes its place when the block succeeds.

    An existing ``path`` is replaced only if ``replaceable(path)`` says it is ``what`` the
    block writes (else WriteError before anything is written), and only once the new folder
    is complete and on disk.
    """
    target = output_path(path)
    if (target.exists() or target.is_symlink()) and not replaceable(target):
        raise WriteError(target, "in use", f"exists and is not {what}; choose a new folder")
    tmp = target.with_name(f".{target.name}.{secrets.token_hex(4)}{TEMP_SUFFIX}")
    try:
        tmp.mkdir()
    except OSError as exc:
        raise _failed(target, exc) from None
    old = None
    try:
        yield tmp
        # In parallel: fsync releases the GIL and the disk merges the flushes, so a folder of
        # thousands of small files (a brat export) is on disk ~10x sooner than one by one.
        with ThreadPoolExecutor(max_workers=16) as pool:
            list(pool.map(_fsync_file, tmp.iterdir()))
        fsync_folder(tmp)
        if target.exists() or target.is_symlink():
            old = target.with_name(f".{target.name}.{secrets.token_hex(4)}.old")
            os.rename(target, old)
        os.rename(tmp, target)
        fsync_folder(target.parent)
    except BaseException as exc:
        shutil.rmtree(tmp, ignore_errors=True)
        if old is not None and not target.exists():
            os.rename(old, target)
            old = None
        if isinstance(exc, OSError) and not isinstance(exc, WriteError):
            raise _failed(target, exc) from None
        raise
    finally:
        if old is not None:
            shutil.rmtree(old, ignore_errors=True)
