"""Making a note's cards match its cloze numbers: one card per number, none deleted.

An import runs this for every note it writes, and so does reverting an edit (a kept edit may
have fewer or more clozes than the glossary's newer version). A card whose cloze left the note is
retired, keeping its history, and comes back when the cloze does. The caller owns the
transaction.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Connection, insert, select

from glosscards.storage.models import CardRow

__all__ = ["CardSync", "NoteCards", "sync_cards"]

_CARD = CardRow.__table__  # type: ignore[attr-defined]


@dataclass(frozen=True, slots=True)
class NoteCards:
    """The cards a note should have: its cloze numbers, its term's place in the glossary (new
    cards are introduced in glossary order) and whether the term is active."""

    ordinals: tuple[int, ...]
    position: int
    active: bool = True


@dataclass(frozen=True, slots=True)
class CardSync:
    added: int
    retired: int


def sync_cards(conn: Connection, wanted: Mapping[int, NoteCards], *, deck_id: int) -> CardSync:
    """Give each note (by id) one card per cloze number: new cards get ``deck_id``, the deck the
    queue filters on; cards of a retired term stay retired."""
    if not wanted:
        return CardSync(0, 0)
    cards: dict[int, dict[int, tuple[int, str, bool]]] = {}
    for cid, note_id, ordinal, phase, retired in conn.execute(
        select(_CARD.c.id, _CARD.c.note_id, _CARD.c.ordinal, _CARD.c.phase, _CARD.c.retired).where(
            _CARD.c.note_id.in_(list(wanted))
        )
    ):
        cards.setdefault(note_id, {})[ordinal] = (cid, phase, bool(retired))
    inserts: list[dict[str, Any]] = []
    updates: list[tuple[bool, int | None, int]] = []  # (retired, new position or None, id)
    retired_count = 0
    for note_id, note in wanted.items():
        existing = cards.get(note_id, {})
        for ordinal in note.ordinals:
            new_position = note.position * 2 + ordinal
            found = existing.get(ordinal)
            if found is None:
                inserts.append(
                    {
                        "note_id": note_id,
                        "ordinal": ordinal,
                        "new_position": new_position,
                        "deck_id": deck_id,
                        "retired": not note.active,
                    }
                )
            else:
                cid, phase, _ = found
                updates.append((not note.active, new_position if phase == "new" else None, cid))
        for ordinal, (cid, _, retired) in existing.items():
            if ordinal not in note.ordinals and not retired:
                updates.append((True, None, cid))
                retired_count += 1
    if inserts:
        conn.execute(insert(_CARD), inserts)
    if updates:
        conn.exec_driver_sql(
            "UPDATE card SET retired = ?, new_position = coalesce(?, new_position) WHERE id = ?",
            updates,
        )
    return CardSync(len(inserts), retired_count)
