"""Opening a collection file: refuse what is not one, take the writer lock, create or migrate
the schema. Nothing is written to a file that is refused."""

from __future__ import annotations

import sqlite3
from datetime import tzinfo
from pathlib import Path

from sqlalchemy.exc import DatabaseError as SADatabaseError

from glosscards.errors import CollectionError
from glosscards.storage.database import Database
from glosscards.storage.engine import check_collection_file, check_schema_version, create_schema
from glosscards.storage.lock import WriterLock
from glosscards.storage.models import SCHEMA_VERSION

__all__ = ["open_collection_file"]


def open_collection_file(
    target: Path, *, readonly: bool, tz: tzinfo
) -> tuple[Database, WriterLock | None]:
    """The collection's database and, unless ``readonly``, its writer lock.

    Raises :class:`CollectionError` for a file that is not a collection, is damaged or was
    written by a newer program, and :class:`CollectionBusyError` when another process has it
    open for writing.
    """
    check_collection_file(target)
    if readonly and not target.exists():
        raise CollectionError(target, "no collection at this path")
    lock: WriterLock | None = None
    if not readonly:
        try:
            target.parent.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise CollectionError(target, f"cannot create its folder ({exc.strerror})") from None
        lock = WriterLock(target)
        lock.acquire()
    db: Database | None = None
    try:
        db = Database(target, readonly=readonly)
        if not readonly:
            create_schema(db.engine, target, tz=tz)
        else:
            version = check_schema_version(db.engine, target)
            if version is None:
                raise CollectionError(target, "is not a glosscards collection (no schema version)")
            if version < SCHEMA_VERSION:
                raise CollectionError(
                    target,
                    f"was written by an older glosscards (schema {version}); open it once in the"
                    " app or import into it to update it",
                )
        db.value("SELECT count(*) FROM card")
    except (SADatabaseError, sqlite3.DatabaseError) as exc:
        _abandon(db, lock)
        raise CollectionError(target, f"is damaged or not a collection ({_reason(exc)})") from None
    except BaseException:
        _abandon(db, lock)
        raise
    return db, lock


def _abandon(db: Database | None, lock: WriterLock | None) -> None:
    """Undo a failed open: close the connection, release the writer lock."""
    if db is not None:
        db.close()
    if lock is not None:
        lock.release()


def _reason(exc: Exception) -> str:
    text = str(getattr(exc, "orig", exc)) or type(exc).__name__
    return text.splitlines()[0]
