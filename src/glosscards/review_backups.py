"""Backups while reviewing: at most every 30 minutes, on a thread, retried after a failure.

The copy runs on a background thread (SQLite's backup API on its own connection reads a
consistent snapshot while answers go on), so a large collection never stalls the reviewer.
"""

from __future__ import annotations

import logging
import sqlite3
import threading
from collections.abc import Callable
from datetime import UTC, datetime, timedelta, tzinfo
from pathlib import Path

from glosscards.errors import GlosscardsError
from glosscards.paths import backups_dir
from glosscards.storage.backup import make_backup

__all__ = ["BACKUP_RETRY", "REVIEW_BACKUP_INTERVAL", "ReviewBackups"]

logger = logging.getLogger(__name__)

REVIEW_BACKUP_INTERVAL = timedelta(minutes=30)
"""While reviewing, the collection is backed up when the last backup is older than this."""

BACKUP_RETRY = timedelta(minutes=5)
"""After a failed review-time backup, the next try comes this much later."""


class ReviewBackups:
    """Decides when a review-time backup is due and runs it off the reviewer's thread."""

    def __init__(
        self,
        path: Path,
        tz: tzinfo,
        *,
        last_backup: Callable[[], datetime | None],
        record_backup: Callable[[datetime], None],
    ) -> None:
        self._path = path
        self._tz = tz
        self._load_last = last_backup
        self._record = record_backup
        self._last: datetime | None = None
        self._thread: threading.Thread | None = None
        self._failures: list[datetime] = []  # appended to by the backup thread
        self._problem: list[str] = []  # the last failure's message, cleared by a success
        self.interval: timedelta | None = REVIEW_BACKUP_INTERVAL

    def made(self, moment: datetime) -> None:
        """A backup was just made by other means (an import, ``glosscards backup``)."""
        self._last = moment

    def after_answer(self, now: datetime) -> None:
        """Start a backup if the last one is older than :attr:`interval`."""
        if self.interval is None:
            return
        if self._last is None:
            self._last = self._load_last() or datetime.min.replace(tzinfo=UTC)
        if self._thread is not None and self._thread.is_alive():
            return
        if self._failures:  # the last copy failed: try again a few minutes later
            failed_at = self._failures.pop()
            self._failures.clear()
            self._last = failed_at - self.interval + BACKUP_RETRY
        if now - self._last < self.interval:
            return
        self._last = now
        self._record(now)
        folder, stamp = backups_dir(self._path), now.astimezone(self._tz)
        self._thread = threading.Thread(
            target=_backup_quietly,
            args=(self._path, folder, stamp, self._failures, self._problem),
            name="glosscards-backup",
        )
        self._thread.start()

    @property
    def problem(self) -> str | None:
        """Why the last review-time backup failed, until one succeeds again."""
        return self._problem[-1] if self._problem else None

    def wait(self) -> None:
        """Wait until a background backup has finished."""
        if self._thread is not None:
            self._thread.join()
            self._thread = None


def _backup_quietly(
    path: Path, folder: Path, now: datetime, failures: list[datetime], problem: list[str]
) -> None:
    """A review-time backup: a failure is logged, noted for a retry and kept for the reviewer
    to show, never raised into it."""
    try:
        make_backup(path, folder, now)
    except (OSError, sqlite3.Error, GlosscardsError) as error:
        logger.warning("automatic backup of %s failed: %s", path, error)
        failures.append(now)
        problem[:] = [str(error)]
    else:
        problem.clear()
