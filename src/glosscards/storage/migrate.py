"""Moving a collection written by an older glosscards forward to the current schema.

Each step takes the schema from version ``n`` to ``n + 1`` and runs inside the one transaction
that also records the new version, so a crash leaves the old or the new schema, never half of
one; the file is backed up before the first step.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path

from sqlalchemy import Connection, text
from sqlalchemy.engine import Engine
from sqlmodel import SQLModel

from glosscards.paths import backups_dir
from glosscards.storage.backup import make_backup
from glosscards.storage.models import SCHEMA_VERSION

__all__ = ["MIGRATIONS", "migrate"]


def _sync_indexes(conn: Connection) -> None:
    """Version 2 replaced plain indexes by partial covering ones for the review hot path (see
    models.py): create the model's indexes that are missing, drop the ones it no longer has."""
    wanted = {index.name for table in SQLModel.metadata.sorted_tables for index in table.indexes}
    for table in SQLModel.metadata.sorted_tables:
        for index in table.indexes:
            index.create(conn, checkfirst=True)
    existing = conn.execute(
        text("SELECT name FROM sqlite_master WHERE type = 'index' AND name LIKE 'ix_%'")
    ).scalars()
    for name in [n for n in existing if n not in wanted]:
        conn.execute(text(f'DROP INDEX "{name}"'))


MIGRATIONS: dict[int, Callable[[Connection], None]] = {1: _sync_indexes}
"""``MIGRATIONS[n]`` takes a collection from schema ``n`` to ``n + 1``."""


def migrate(engine: Engine, path: Path, version: int, *, now: datetime | None = None) -> Path:
    """Back up ``path``, then apply every step from ``version`` to :data:`SCHEMA_VERSION`."""
    backup = make_backup(path, backups_dir(path), (now or datetime.now(UTC)).astimezone())
    with engine.begin() as conn:
        for step in range(version, SCHEMA_VERSION):
            MIGRATIONS[step](conn)
        conn.execute(
            text("UPDATE meta SET value = :v WHERE key = 'schema_version'"),
            {"v": str(SCHEMA_VERSION)},
        )
    return backup
