"""One writer per collection: an advisory lock file beside it.

SQLite alone would let two app windows interleave answers and undo each other's work; a second
writer is refused at once with a clear message instead of waiting or corrupting anything.
The lock is released by the kernel when the process dies, so a crash never leaves it stale.
"""

from __future__ import annotations

import fcntl
import os
from pathlib import Path

from glosscards.errors import CollectionBusyError, CollectionError

__all__ = ["WriterLock"]


class WriterLock:
    def __init__(self, collection: Path) -> None:
        # On the real file: two paths to it (a symlink, another spelling) share one lock.
        real = collection.resolve()
        self.collection = collection
        self.path = real.with_name(real.name + ".lock")
        self._fd: int | None = None

    def acquire(self) -> None:
        try:
            fd = os.open(self.path, os.O_RDWR | os.O_CREAT, 0o644)
        except OSError as exc:
            raise CollectionError(
                self.collection, f"cannot create its lock file ({exc.strerror})"
            ) from None
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            os.close(fd)
            raise CollectionBusyError(
                self.collection, "the collection is open in another process"
            ) from None
        os.ftruncate(fd, 0)
        os.write(fd, str(os.getpid()).encode())
        self._fd = fd

    def release(self) -> None:
        if self._fd is not None:
            fcntl.flock(self._fd, fcntl.LOCK_UN)
            os.close(self._fd)
            self._fd = None
