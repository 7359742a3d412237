"""Looking at a file before glosscards writes to it: is it a collection, one of ours, intact?

Every check here reads only, through a read-only connection with no settings applied, so a file
that is refused is left byte for byte as it was — a real Anki ``collection.anki2`` included.
glosscards stamps its collections with SQLite's ``application_id`` (:data:`APPLICATION_ID`);
files made before the stamp are recognised by their ``meta`` table's schema version, and get
the stamp the next time they are opened for writing.
"""

from __future__ import annotations

import sqlite3
import stat
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from glosscards.errors import CollectionError

__all__ = [
    "APPLICATION_ID",
    "SQLITE_MAGIC",
    "CollectionDamagedError",
    "FileState",
    "ForeignFileError",
    "check_collection_file",
    "integrity_problem",
    "looking_at",
    "probe_collection",
    "read_only_connection",
    "remove_reader_traces",
    "side_files_absent",
]

APPLICATION_ID = 0x476C6F73
"""``PRAGMA application_id`` of every glosscards collection: "Glos" in ASCII."""

SQLITE_MAGIC = b"SQLite format 3\x00"

_OUR_TABLES = frozenset(
    {"meta", "card", "note", "term", "review_log", "glossary_source", "import_run"}
)


class ForeignFileError(CollectionError):
    """An SQLite file of another program: never opened for writing, left as it was."""


class CollectionDamagedError(CollectionError):
    """A collection that fails SQLite's integrity check: refused for writing."""


@dataclass(frozen=True, slots=True)
class FileState:
    """What an existing, non-empty collection file holds."""

    version: int | None
    """The schema version, or None for an SQLite file with no tables at all."""
    stamped: bool
    """Whether it carries :data:`APPLICATION_ID` (older collections do not)."""


def check_collection_file(path: Path) -> None:
    """Refuse, without touching it, anything at ``path`` that is not a regular SQLite file."""
    try:
        info = path.stat()
    except FileNotFoundError:
        return
    except OSError as exc:
        raise CollectionError(path, f"cannot be read ({exc.strerror})") from None
    if stat.S_ISDIR(info.st_mode):
        raise CollectionError(path, "is a folder, not a collection file")
    if not stat.S_ISREG(info.st_mode):
        raise CollectionError(path, "is not a regular file (a pipe, socket or device)")
    if info.st_size == 0:
        return
    with path.open("rb") as handle:
        header = handle.read(len(SQLITE_MAGIC))
    if header != SQLITE_MAGIC:
        raise CollectionError(path, "is not a glosscards collection (not an SQLite database)")
    if info.st_size < 512:
        raise CollectionError(path, "is damaged (truncated SQLite file)")


def read_only_connection(path: Path) -> sqlite3.Connection:
    """A connection that cannot write ``path`` (nor create it, nor change its journal)."""
    uri = path.absolute().as_uri() + "?mode=ro"
    return sqlite3.connect(uri, uri=True, isolation_level=None, check_same_thread=False)


@contextmanager
def looking_at(path: Path) -> Iterator[sqlite3.Connection]:
    """A read-only connection to ``path``. The ``-wal``/``-shm`` files SQLite makes for a reader
    of a WAL-mode file are removed again only when the file was refused as another program's
    (no glosscards process writes it) and they were not there before: for a collection they
    stay, because another process may have started writing into them meanwhile."""
    untouched = side_files_absent(path)
    conn = read_only_connection(path)
    try:
        yield conn
    except ForeignFileError:
        conn.close()
        if untouched:
            remove_reader_traces(path)
        raise
    finally:
        conn.close()


def side_files_absent(path: Path) -> bool:
    """Whether ``path`` has neither a ``-wal`` nor a ``-shm`` file beside it."""
    return not any(Path(f"{path}{suffix}").exists() for suffix in ("-wal", "-shm"))


def remove_reader_traces(path: Path) -> None:
    """Remove the empty ``-wal`` and the ``-shm`` a read-only connection left beside ``path``."""
    wal, shm = Path(f"{path}-wal"), Path(f"{path}-shm")
    if not wal.exists() or wal.stat().st_size == 0:
        wal.unlink(missing_ok=True)
        shm.unlink(missing_ok=True)


def integrity_problem(conn: sqlite3.Connection) -> str | None:
    """SQLite's ``quick_check`` of an open database: None when intact, else its first finding."""
    try:
        rows = conn.execute("PRAGMA quick_check").fetchall()
    except sqlite3.DatabaseError as exc:
        return str(exc)
    found = [str(r[0]) for r in rows if not str(r[0]).startswith("*** ")]
    if found == ["ok"]:
        return None
    return found[0] if found else "the integrity check failed"


def _version_of(conn: sqlite3.Connection, path: Path) -> int:
    row = conn.execute("SELECT value FROM meta WHERE key = 'schema_version'").fetchone()
    if row is None:
        raise CollectionError(path, "is damaged (its schema version is missing)")
    try:
        version = int(str(row[0]))
    except ValueError:
        raise CollectionError(path, f"is damaged (schema version {row[0]!r})") from None
    if version < 1:
        raise CollectionError(path, f"is damaged (schema version {version})")
    return version


def probe_collection(path: Path, *, check_integrity: bool = False) -> FileState:
    """What the existing file at ``path`` is; :class:`CollectionError` if it is not one of ours,
    is damaged, or (with ``check_integrity``) fails ``quick_check``."""
    try:
        with looking_at(path) as conn:
            return _probe(conn, path, check_integrity=check_integrity)
    except sqlite3.DatabaseError as exc:
        raise CollectionDamagedError(path, f"is damaged ({exc})") from None


def _probe(conn: sqlite3.Connection, path: Path, *, check_integrity: bool) -> FileState:
    app_id = int(conn.execute("PRAGMA application_id").fetchone()[0])
    tables = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type='table'")}
    if app_id not in (0, APPLICATION_ID):
        raise ForeignFileError(path, "is another program's database, not a glosscards collection")
    if not tables and app_id == 0:
        return FileState(version=None, stamped=False)
    if "meta" not in tables:
        raise ForeignFileError(path, "is another program's database, not a glosscards collection")
    version = _version_of(conn, path)
    missing = sorted(_OUR_TABLES - tables)
    if missing:
        raise CollectionError(path, f"is damaged (table {missing[0]} is missing)")
    if check_integrity:
        problem = integrity_problem(conn)
        if problem is not None:
            raise CollectionDamagedError(path, f"is damaged ({problem})")
    return FileState(version=version, stamped=app_id == APPLICATION_ID)
