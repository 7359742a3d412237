"""Many rows at once, in the caller's transaction, with the driver's own ``executemany``.

SQLAlchemy's ``executemany`` of a Core statement builds, binds and type-processes every row's
parameters in Python (and with RETURNING, batches the rows into multi-row statements): for the
thousands of terms, notes and cards of an import that was most of the time the database took.
These helpers hand plain tuples to the driver's ``executemany`` through ``exec_driver_sql``
(which still turns a driver error, a full disk say, into SQLAlchemy's, as the collection's
transaction expects).

The statements are built from the sqlmodel tables, with each column's Python-side default (what
SQLAlchemy would fill in) for the columns a row does not give, so a row written here is the row
SQLAlchemy would have written. Ids are given explicitly, counted on from the largest id in the
table: the ids SQLite gives itself (one more than the largest, for an ``INTEGER PRIMARY KEY``
without AUTOINCREMENT), known without RETURNING.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from operator import itemgetter
from typing import Any

from sqlalchemy import Connection, Table
from sqlalchemy.sql.schema import ScalarElementColumnDefault

__all__ = ["insert_rows", "update_rows"]


def _defaults(table: Table, given: Sequence[str]) -> dict[str, Any]:
    """The Python-side defaults SQLAlchemy fills in for the columns not ``given``."""
    out: dict[str, Any] = {}
    for column in table.columns:
        if column.name in given or column.primary_key:
            continue
        default = column.default
        if default is None:
            continue  # SQLAlchemy leaves it out: NULL or the server default
        if not isinstance(default, ScalarElementColumnDefault):
            raise ValueError(f"{table.name}.{column.name} has a default computed per row")
        out[column.name] = default.arg
    return out


def insert_rows(conn: Connection, table: Table, rows: Sequence[Mapping[str, Any]]) -> list[int]:
    """Insert ``rows`` (dicts with the same keys) into ``table`` in ``conn``'s transaction, in
    order; their ids, in the same order."""
    if not rows:
        return []
    names = list(rows[0])
    defaults = _defaults(table, names)
    columns = ["id", *names, *defaults]
    found = conn.exec_driver_sql(f"SELECT coalesce(max(id), 0) FROM {table.name}").scalar()
    start = int(found or 0) + 1
    ids = list(range(start, start + len(rows)))
    tail = tuple(defaults.values())
    sql = (
        f"INSERT INTO {table.name} ({', '.join(columns)}) VALUES ({', '.join('?' * len(columns))})"
    )
    values = itemgetter(*names)  # one tuple per row, in C (a single name gives the value)
    if len(names) == 1:
        params = [(row_id, values(row), *tail) for row_id, row in zip(ids, rows, strict=True)]
    else:
        params = [(row_id, *values(row), *tail) for row_id, row in zip(ids, rows, strict=True)]
    conn.exec_driver_sql(sql, params)
    return ids


def update_rows(
    conn: Connection, table: Table, columns: Sequence[str], rows: Sequence[Sequence[Any]]
) -> None:
    """``UPDATE table SET columns... WHERE id = ?`` for each row: its values, then its id."""
    if not rows:
        return
    sets = ", ".join(f"{name} = ?" for name in columns)
    conn.exec_driver_sql(f"UPDATE {table.name} SET {sets} WHERE id = ?", list(map(tuple, rows)))
