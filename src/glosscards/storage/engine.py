"""A collection file's SQLite settings and schema checks (its connection: :mod:`.database`).

Durability choice: WAL journal with ``synchronous=FULL``. In WAL mode a commit appends to the log
and, with FULL, fsyncs it before returning, so an answer is on disk when ``answer`` returns (one
fsync per answer, as Anki does) and readers (the CLI while the app runs) never block the writer.
``synchronous=NORMAL`` would survive a killed process but not a power cut, which is not enough
for a review history a user has built over months.
"""

from __future__ import annotations

import sqlite3
from datetime import tzinfo
from pathlib import Path
from typing import TYPE_CHECKING

from glosscards.errors import CollectionError
from glosscards.storage.file_check import APPLICATION_ID
from glosscards.storage.schema import SCHEMA_VERSION

if TYPE_CHECKING:
    from glosscards.storage.database import Database

__all__ = [
    "check_schema_version",
    "create_schema",
    "schema_version",
    "sqlite_pragmas",
]


def sqlite_pragmas(dbapi_connection: sqlite3.Connection, *, readonly: bool = False) -> None:
    """The settings every connection to a collection uses (see the module docstring)."""
    cursor = dbapi_connection.cursor()
    if not readonly:  # a read-only connection cannot change the journal mode
        cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA synchronous=FULL")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA busy_timeout=5000")
    cursor.close()


def schema_version(db: Database, path: Path | None = None) -> int | None:
    """The stored schema version, or None for a new, empty file."""
    try:
        value = db.value("SELECT value FROM meta WHERE key = 'schema_version'")
    except sqlite3.OperationalError:  # no meta table yet: a new, empty file
        return None
    if value is None:
        return None
    try:
        return int(value)
    except ValueError:
        raise CollectionError(
            path or "collection", f"is damaged (schema version {value!r})"
        ) from None


def check_schema_version(db: Database, path: Path) -> int | None:
    """The stored schema version; a collection written by a newer program is refused."""
    version = schema_version(db, path)
    if version is not None and version > SCHEMA_VERSION:
        raise CollectionError(
            path,
            f"was written by a newer glosscards (schema {version}, this program knows "
            f"{SCHEMA_VERSION}); update glosscards to open it",
        )
    return version


def create_schema(db: Database, path: Path, *, tz: tzinfo) -> None:
    """Create the tables of a new collection, or check an existing one's version and move an
    older one forward (after a backup). ``tz`` is the learner's time zone: moving due times to
    scheduling-day numbers (schema 3) needs it."""
    version = check_schema_version(db, path)
    if version is not None and version < SCHEMA_VERSION:
        from glosscards.storage.migrate import migrate

        migrate(db.engine, path, version, tz=tz)
    elif version is None:
        from sqlmodel import Session, SQLModel

        from glosscards.storage.models import MetaRow

        SQLModel.metadata.create_all(db.engine)
        with Session(db.engine) as session:
            session.add(MetaRow(key="schema_version", value=str(SCHEMA_VERSION)))
            session.commit()
    # the stamp that tells our files from other programs' files
    if db.value("PRAGMA application_id") != APPLICATION_ID:
        with db.lock:
            db.conn.execute(f"PRAGMA application_id = {APPLICATION_ID}")
