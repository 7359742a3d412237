"""Rows written with the driver's executemany are the rows SQLAlchemy's insert writes."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from sqlalchemy import create_engine, insert, text
from sqlmodel import SQLModel

from glosscards.storage.bulk import insert_rows, update_rows
from glosscards.storage.models import CardRow, GlossarySourceRow, NoteRow, TermRow

_TABLES = {
    "term": (TermRow, {"source_id": 1, "key": "k", "name": "N", "heading": "N", "term": "N"}),
    "note": (NoteRow, {"term_id": 1, "text": "t", "back_extra": "b", "fields_hash": "h"}),
    "card": (CardRow, {"note_id": 1, "ordinal": 1, "new_position": 4, "deck_id": 1}),
}


def _rows(conn: Any, table: str) -> list[tuple[Any, ...]]:
    return [tuple(r) for r in conn.execute(text(f"SELECT * FROM {table} ORDER BY id"))]


def test_insert_rows_fills_the_defaults_and_the_ids_sqlalchemy_would(tmp_path: Path) -> None:
    """Each table an import fills: the same columns, defaults and ids, in one transaction."""
    engines = [create_engine(f"sqlite:///{tmp_path / name}.db") for name in ("ours", "theirs")]
    for engine in engines:
        SQLModel.metadata.create_all(engine)
    ours, theirs = engines
    with ours.begin() as a, theirs.begin() as b:
        for conn in (a, b):
            conn.execute(insert(GlossarySourceRow.__table__).values(name="d"))  # type: ignore[attr-defined]
        for name, (model, values) in _TABLES.items():
            table = model.__table__  # type: ignore[attr-defined]
            rows = [dict(values, **({"key": f"k{i}"} if name == "term" else {})) for i in range(3)]
            if name == "note":
                rows = [dict(r, term_id=i + 1) for i, r in enumerate(rows)]
            b.execute(insert(table), rows[:1])  # an id already taken: ours count on from it
            b.execute(insert(table), rows[1:])
            a.execute(insert(table), rows[:1])
            assert insert_rows(a, table, rows[1:]) == [2, 3]
            assert _rows(a, name) == _rows(b, name)
        update_rows(a, CardRow.__table__, ["new_position", "retired"], [(9, True, 2)])  # type: ignore[attr-defined]
        b.execute(text("UPDATE card SET new_position = 9, retired = 1 WHERE id = 2"))
        assert _rows(a, "card") == _rows(b, "card")
        assert insert_rows(a, CardRow.__table__, []) == []  # type: ignore[attr-defined]
