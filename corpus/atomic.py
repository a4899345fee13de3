"""Writing files and folders atomically: all of the new content in place, or none of it.

New content goes to a temporary file (or folder) next to the target, is flushed to the disk,
and then replaces the target with one rename, after which the parent folder is flushed too.
A kill at any moment leaves the old or the new content, never a mix. A replaced file keeps
its permission bits; a new one gets ``0o666`` less the umask, like any file a program opens.
"""
from __future__ import annotations

import glob
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


def user_output(path: str | Path, is_ours: Callable[[Path], bool], force: bool = False) -> Path:
    """Check a path the user named for output before anything is written to it.

    Only a regular file or a new name may be written: a link, a device, a pipe or a socket is
    refused, and an existing non-empty file unless ``is_ours(path)`` says it is an earlier
    output of the same kind or ``force`` is set. Temp files that an interrupted write of the
    same target left beside it are removed. Returns the normalised target.
    """
    target = output_path(path)
    if target.is_symlink():
        raise WriteError(target, "a link", "is a symbolic link; name the file itself or a new file")
    if target.exists():
        mode = target.stat().st_mode
        if not (stat.S_ISREG(mode) or stat.S_ISDIR(mode)):
            raise WriteError(target, "not a file", "is not a regular file (a device, pipe or socket); name a file, or - for standard output")
        if stat.S_ISREG(mode) and target.stat().st_size and not force and not is_ours(target):
            raise WriteError(target, "in use", "exists and is not an earlier quotelens output of this kind; choose a new name, or allow replacing it (--force)")
    _remove_stray_temps(target)
    return target


def _remove_stray_temps(target: Path) -> None:
    """Remove the temp files and folders that interrupted writes of ``target`` left beside it."""
    for name in glob.glob(f".{glob.escape(target.name)}.*{TEMP_SUFFIX}", root_dir=target.parent):
        stray = target.parent / name
        if stray.is_symlink() or stray.is_file():
            stray.unlink(missing_ok=True)
        elif stray.is_dir():
            shutil.rmtree(stray, ignore_errors=True)


def starts_with(path: Path, *prefixes: bytes) -> bool:
    """True if the file at ``path`` begins with one of ``prefixes`` (for ``user_output``)."""
    try:
        with open(path, "rb") as handle:
            head = handle.read(max(map(len, prefixes)))
    except OSError:
        return False
    return head.startswith(prefixes)


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
