"""The statistics read by a worker thread, on a read-only connection of its own.

The statistics window computes off the UI thread. One SQLite connection must not serve two
threads' statements at once, and a read on the collection's own connection would wait for (and
hold up) its lock, so a :class:`StatsReader` opens a read-only connection to the collection file
for one computation, reads one snapshot (one transaction: WAL lets the collection's connection
go on answering meanwhile), and can be cancelled from any thread.
"""

from __future__ import annotations

import sqlite3
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from glosscards.storage.database import Params, connect
from glosscards.storage.stats_store import StatsStore

__all__ = ["StatsCancelledError", "StatsReader"]


class StatsCancelledError(Exception):
    """The computation was cancelled (:meth:`StatsReader.cancel`) before or while it ran."""


class _ReadConnection:
    """A read-only connection of its own, shaped as the store wants it."""

    def __init__(self, conn: sqlite3.Connection) -> None:
        self.conn = conn
        self.lock = threading.RLock()

    def rows(self, sql: str, params: Params = ()) -> list[tuple[Any, ...]]:
        return self.conn.execute(sql, params).fetchall()

    def row(self, sql: str, params: Params = ()) -> tuple[Any, ...] | None:
        found: tuple[Any, ...] | None = self.conn.execute(sql, params).fetchone()
        return found

    def value(self, sql: str, params: Params = ()) -> Any:
        found = self.row(sql, params)
        return None if found is None else found[0]


class StatsReader:
    """Statistics read on a connection of their own, for one computation on a worker thread.

    :meth:`snapshot` opens a read-only connection to the collection file and reads in one
    transaction (one consistent state of the file, while the collection's own connection may
    go on answering); :meth:`cancel`, from any thread, stops it: a query running is
    interrupted, and :class:`StatsCancelledError` is raised in the computing thread.
    """

    def __init__(self, path: Path) -> None:
        self._path = path
        self._guard = threading.Lock()
        self._conn: sqlite3.Connection | None = None
        self._cancelled = False

    @property
    def cancelled(self) -> bool:
        return self._cancelled

    def cancel(self) -> None:
        with self._guard:
            self._cancelled = True
            if self._conn is not None:
                self._conn.interrupt()

    @contextmanager
    def snapshot(self) -> Iterator[StatsStore]:
        with self._guard:
            if self._cancelled:
                raise StatsCancelledError
            conn = self._conn = connect(self._path, readonly=True)
        # A cancel that comes between two statements stops the next one too (interrupt() only
        # stops a statement already running): SQLite asks every 10,000 instructions.
        conn.set_progress_handler(lambda: self._cancelled, 10_000)
        try:
            conn.execute("PRAGMA temp_store = MEMORY")
            conn.execute("BEGIN")
            yield StatsStore(_ReadConnection(conn))
            conn.execute("COMMIT")
        except sqlite3.OperationalError:
            if self._cancelled:
                raise StatsCancelledError from None
            raise
        finally:
            with self._guard:
                self._conn = None
                conn.close()
        if self._cancelled:
            raise StatsCancelledError
