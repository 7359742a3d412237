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

import os
import sqlite3
import threading
from collections.abc import Iterator, Sequence
from contextlib import contextmanager, suppress
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from sqlalchemy import Connection
    from sqlalchemy.engine import Engine

from glosscards.errors import CollectionWriteError
from glosscards.storage.engine import sqlite_pragmas
from glosscards.storage.file_check import (
    integrity_problem,
)

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
        # Which opening of the file this is: SQLite's change counters start again with every
        # connection, so a change stamp (StatsStore.change_stamp) carries this too.
        self.token = os.urandom(8).hex()
        self._engine: Engine | None = None

    @property
    def engine(self) -> Engine:
        """The SQLAlchemy engine on the connection, built (and SQLAlchemy loaded) at first use."""
        if self._engine is None:
            self._engine = _engine_on(self.conn, readonly=self.readonly)
        return self._engine

    def close(self) -> None:
        with self.lock:
            if self._engine is not None:
                self._engine.dispose()
            self.conn.close()

    @contextmanager
    def write(self) -> Iterator[sqlite3.Connection]:
        """One ``BEGIN IMMEDIATE … COMMIT`` transaction on the raw connection."""
        with self.lock:
            self._refuse_nesting()
            try:
                self.conn.execute("BEGIN IMMEDIATE")
                yield self.conn
                self.conn.execute("COMMIT")
            except BaseException as error:
                self._roll_back()
                if isinstance(error, sqlite3.OperationalError):
                    raise self._write_error(error) from None
                raise

    @contextmanager
    def core(self) -> Iterator[Connection]:
        """One transaction through SQLAlchemy Core (committed when the block ends)."""
        from sqlalchemy.exc import OperationalError as SAOperationalError

        with self.lock:
            self._refuse_nesting()
            try:
                with self.engine.begin() as conn:
                    yield conn
            except SAOperationalError as error:
                self._roll_back()
                raise self._write_error(error.orig or error) from None
            except BaseException:
                self._roll_back()
                raise

    def _roll_back(self) -> None:
        """End whatever is left of a failed transaction. SQLite may already have rolled back
        (a full disk does), so only what is still open is rolled back and the real error is the
        one reported; the log is then truncated so a failed write leaves no large WAL behind."""
        if self.conn.in_transaction:
            self.conn.execute("ROLLBACK")
        with suppress(sqlite3.Error):
            self.conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")

    def _write_error(self, error: BaseException) -> CollectionWriteError:
        reason = str(error).splitlines()[0] if str(error) else type(error).__name__
        return CollectionWriteError(
            self.path, f"could not be written ({reason}); nothing was changed"
        )

    def _refuse_nesting(self) -> None:
        """The two kinds of transaction share one connection: one inside the other would have
        the inner one's ROLLBACK silently end the outer one."""
        if self.conn.in_transaction:
            raise RuntimeError(f"{self.path}: a transaction is already open on this connection")

    def integrity_problem(self) -> str | None:
        """SQLite's ``quick_check`` of the open file: None when intact, else what is wrong."""
        with self.lock:
            return integrity_problem(self.conn)

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
    from sqlalchemy import create_engine, event
    from sqlalchemy.pool import StaticPool

    engine = create_engine("sqlite://", creator=lambda: conn, poolclass=StaticPool)

    @event.listens_for(engine, "begin")
    def _on_begin(connection: Any) -> None:
        # The sqlite3 module's own transaction handling is off (isolation_level=None), so
        # SQLAlchemy's transactions start here: IMMEDIATE takes the write lock up front.
        connection.exec_driver_sql("BEGIN" if readonly else "BEGIN IMMEDIATE")

    return engine
