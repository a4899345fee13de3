"""One writer per library: an OS lock (flock) on ``library.lock`` that records who holds it.

The kernel releases a flock when its holder dies, however it dies, so a lock file left by a
killed quotelens is free and simply taken over; its recorded owner is reported as stale.
"""
from __future__ import annotations

import errno
import fcntl
import json
import os
import socket
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path


@dataclass(frozen=True)
class LockOwner:
    """What a lock file says about the process that wrote it."""

    pid: int | None
    host: str | None
    started: str | None

    def describe(self) -> str:
        parts = [f"pid {self.pid}" if self.pid else "an unknown process"]
        if self.host and self.host != socket.gethostname():
            parts.append(f"on {self.host}")
        if self.started:
            parts.append(f"since {self.started}")
        return " ".join(parts)


def pid_alive(pid: int) -> bool:
    """True if a process with this id exists on this machine."""
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def _read_owner(fd: int) -> LockOwner | None:
    os.lseek(fd, 0, os.SEEK_SET)
    raw = os.read(fd, 4096)
    if not raw.strip():
        return None
    try:
        info = json.loads(raw)
        return LockOwner(int(info["pid"]), info.get("host"), info.get("started"))
    except (ValueError, KeyError, TypeError):
        return LockOwner(None, None, None)


class LibraryLock:
    """The writer lock of one library folder; ``acquire()`` says whether we got it."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self._fd: int | None = None
        #: The holder when acquire() failed, the stale previous owner when it succeeded.
        self.other: LockOwner | None = None

    @property
    def held(self) -> bool:
        return self._fd is not None

    def acquire(self) -> bool:
        """Try to become the writer without waiting; False if a live process holds the lock."""
        fd = os.open(self.path, os.O_RDWR | os.O_CREAT, 0o644)
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError as exc:
            if exc.errno not in (errno.EWOULDBLOCK, errno.EAGAIN, errno.EACCES):
                os.close(fd)
                raise
            self.other = _read_owner(fd)
            os.close(fd)
            return False
        self.other = _read_owner(fd)
        me = {
            "pid": os.getpid(),
            "host": socket.gethostname(),
            "started": datetime.now(timezone.utc).isoformat(timespec="seconds"),
        }
        os.ftruncate(fd, 0)
        os.pwrite(fd, json.dumps(me).encode(), 0)
        os.fsync(fd)
        self._fd = fd
        return True

    def release(self) -> None:
        """Clear the owner record and unlock; the file stays (unlinking would race)."""
        if self._fd is None:
            return
        try:
            os.ftruncate(self._fd, 0)
        finally:
            fcntl.flock(self._fd, fcntl.LOCK_UN)
            os.close(self._fd)
            self._fd = None

    def stale_message(self) -> str | None:
        """After a successful acquire: a note if a killed process had left its record."""
        if self.other is None:
            return None
        gone = " (no longer running)" if self.other.pid and not pid_alive(self.other.pid) else ""
        return f"{self.path}: took over the lock left by {self.other.describe()}{gone}"
