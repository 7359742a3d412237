"""The one connection of a collection, shared by SQLAlchemy and the review hot path.

A collection file is opened once, by path — never by pasting the path into a URL, which breaks
on ``#`` or ``?`` in a folder name. A read-only open goes through a percent-encoded ``file:``
URI (``Path.as_uri``). The SQLAlchemy engine that the import and the migrations use is built on
that same connection (a ``creator`` with a ``StaticPool``), so the collection never holds two
connections that could see different states of the file.

Every use of the connection holds :attr:`Database.lock`: the app imports on a worker thread
while the UI thread may ask for counts, and one SQLite connection must not interleave two
threads' statements (a read would land inside the import's transaction).

Background backups are the one exception: they copy the file through SQLite's backup API on a
connection of their own, which reads a consistent snapshot while answers go on.
"""

from __future__ import annotations

import sqlite3
import threading
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from sqlalchemy import Connection, create_engine, event
from sqlalchemy.engine import Engine
from sqlalchemy.pool import StaticPool

from glosscards.storage.engine import sqlite_pragmas

__all__ = ["Database", "connect"]

Params = Sequence[object] | dict[str, Any]


def connect(path: Path, *, readonly: bool = False) -> sqlite3.Connection:
    """An autocommit ``sqlite3`` connection to ``path`` with the collection's settings."""
    if readonly:
        uri = path.absolute().as_uri() + "?mode=ro"
        conn = sqlite3.connect(uri, uri=True, isolation_level=None, check_same_thread=False)
    else:
        conn = sqlite3.connect(path, isolation_level=None, check_same_thread=False)
    try:
        sqlite_pragmas(conn, readonly=readonly)
    except BaseException:
        conn.close()
        raise
    return conn


class Database:
    """One collection file's connection, its engine and the lock that serialises their use."""

    def __init__(self, path: Path, *, readonly: bool = False) -> None:
        self.path = path
        self.readonly = readonly
        self.conn = connect(path, readonly=readonly)
        self.lock = threading.RLock()
        self.engine = _engine_on(self.conn, readonly=readonly)

    def close(self) -> None:
        with self.lock:
            self.engine.dispose()
            self.conn.close()

    @contextmanager
    def write(self) -> Iterator[sqlite3.Connection]:
        """One ``BEGIN IMMEDIATE … COMMIT`` transaction on the raw connection."""
        with self.lock:
            self._refuse_nesting()
            self.conn.execute("BEGIN IMMEDIATE")
            try:
                yield self.conn
                self.conn.execute("COMMIT")
            except BaseException:
                # SQLite may already have rolled back (a full disk does): only roll back what
                # is still open, so the real error is the one reported.
                if self.conn.in_transaction:
                    self.conn.execute("ROLLBACK")
                raise

    @contextmanager
    def core(self) -> Iterator[Connection]:
        """One transaction through SQLAlchemy Core (committed when the block ends)."""
        with self.lock:
            self._refuse_nesting()
            try:
                with self.engine.begin() as conn:
                    yield conn
            finally:
                if self.conn.in_transaction:  # a failed COMMIT leaves nothing open
                    self.conn.execute("ROLLBACK")

    def _refuse_nesting(self) -> None:
        """The two kinds of transaction share one connection: one inside the other would have
        the inner one's ROLLBACK silently end the outer one."""
        if self.conn.in_transaction:
            raise RuntimeError(f"{self.path}: a transaction is already open on this connection")

    def rows(self, sql: str, params: Params = ()) -> list[tuple[Any, ...]]:
        with self.lock:
            return self.conn.execute(sql, params).fetchall()

    def row(self, sql: str, params: Params = ()) -> tuple[Any, ...] | None:
        with self.lock:
            found: tuple[Any, ...] | None = self.conn.execute(sql, params).fetchone()
            return found

    def value(self, sql: str, params: Params = ()) -> Any:
        found = self.row(sql, params)
        return None if found is None else found[0]


def _engine_on(conn: sqlite3.Connection, *, readonly: bool) -> Engine:
    engine = create_engine("sqlite://", creator=lambda: conn, poolclass=StaticPool)

    @event.listens_for(engine, "begin")
    def _on_begin(connection: Any) -> None:
        # The sqlite3 module's own transaction handling is off (isolation_level=None), so
        # SQLAlchemy's transactions start here: IMMEDIATE takes the write lock up front.
        connection.exec_driver_sql("BEGIN" if readonly else "BEGIN IMMEDIATE")

    return engine
