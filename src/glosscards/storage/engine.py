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

from sqlalchemy.engine import Engine
from sqlalchemy.exc import OperationalError
from sqlmodel import Session, SQLModel, select

from glosscards.errors import CollectionError
from glosscards.storage.models import SCHEMA_VERSION, MetaRow

__all__ = [
    "check_collection_file",
    "check_schema_version",
    "create_schema",
    "schema_version",
    "sqlite_pragmas",
]

SQLITE_MAGIC = b"SQLite format 3\x00"


def sqlite_pragmas(dbapi_connection: sqlite3.Connection, *, readonly: bool = False) -> None:
    """The settings every connection to a collection uses (see the module docstring)."""
    cursor = dbapi_connection.cursor()
    if not readonly:  # a read-only connection cannot change the journal mode
        cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA synchronous=FULL")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA busy_timeout=5000")
    cursor.close()


def check_collection_file(path: Path) -> None:
    """Refuse, without touching it, a file that is not an SQLite database."""
    if not path.exists():
        return
    if path.is_dir():
        raise CollectionError(path, "is a folder, not a collection file")
    size = path.stat().st_size
    if size == 0:
        return
    with path.open("rb") as handle:
        header = handle.read(len(SQLITE_MAGIC))
    if header != SQLITE_MAGIC:
        raise CollectionError(path, "is not a glosscards collection (not an SQLite database)")
    if size < 512:
        raise CollectionError(path, "is damaged (truncated SQLite file)")


def schema_version(engine: Engine) -> int | None:
    """The stored schema version, or None for a new, empty file."""
    with Session(engine) as session:
        try:
            row = session.exec(select(MetaRow).where(MetaRow.key == "schema_version")).first()
        except OperationalError:  # no meta table yet: a new, empty file
            return None
        return int(row.value) if row is not None else None


def check_schema_version(engine: Engine, path: Path) -> int | None:
    """The stored schema version; a collection written by a newer program is refused."""
    version = schema_version(engine)
    if version is not None and version > SCHEMA_VERSION:
        raise CollectionError(
            path,
            f"was written by a newer glosscards (schema {version}, this program knows "
            f"{SCHEMA_VERSION}); update glosscards to open it",
        )
    return version


def create_schema(engine: Engine, path: Path, *, tz: tzinfo) -> None:
    """Create the tables of a new collection, or check an existing one's version and move an
    older one forward (after a backup). ``tz`` is the learner's time zone: moving due times to
    scheduling-day numbers (schema 3) needs it."""
    version = check_schema_version(engine, path)
    if version is not None and version < SCHEMA_VERSION:
        from glosscards.storage.migrate import migrate

        migrate(engine, path, version, tz=tz)
        return
    SQLModel.metadata.create_all(engine)
    if version is None:
        with Session(engine) as session:
            session.add(MetaRow(key="schema_version", value=str(SCHEMA_VERSION)))
            session.commit()
