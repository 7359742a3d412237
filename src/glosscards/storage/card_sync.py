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

from sqlalchemy import Connection, select

from glosscards.storage.bulk import insert_rows
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


def sync_cards(
    conn: Connection, wanted: Mapping[int, NoteCards], *, deck_id: int, keep_places: bool = False
) -> CardSync:
    """Give each note (by id) one card per cloze number: new cards get ``deck_id``, the deck the
    queue filters on; cards of a retired term stay retired.

    New cards go to their glossary place (``position``) unless ``keep_places`` (an edit, which
    does not move its term): then the note's new cards keep their places in the deck's order
    (:mod:`glosscards.new_positions`) and a card it gains goes beside them."""
    if not wanted:
        return CardSync(0, 0)
    cards: dict[int, dict[int, tuple[int, str, bool]]] = {}
    places: dict[int, int] = {}  # per note, new_position - ordinal of its first card
    for cid, note_id, ordinal, phase, retired, place in conn.execute(
        select(
            _CARD.c.id, _CARD.c.note_id, _CARD.c.ordinal, _CARD.c.phase, _CARD.c.retired,
            _CARD.c.new_position,
        )
        .where(_CARD.c.note_id.in_(list(wanted)))
        .order_by(_CARD.c.ordinal)
    ):  # fmt: skip
        cards.setdefault(note_id, {})[ordinal] = (cid, phase, bool(retired))
        places.setdefault(note_id, place - ordinal)
    inserts: list[dict[str, Any]] = []
    updates: list[tuple[bool, int | None, int]] = []  # (retired, new position or None, id)
    retired_count = 0
    for note_id, note in wanted.items():
        existing = cards.get(note_id, {})
        base = places.get(note_id, note.position * 2) if keep_places else note.position * 2
        for ordinal in note.ordinals:
            new_position = base + ordinal
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
                moves = phase == "new" and not keep_places
                updates.append((not note.active, new_position if moves else None, cid))
        for ordinal, (cid, _, retired) in existing.items():
            if ordinal not in note.ordinals and not retired:
                updates.append((True, None, cid))
                retired_count += 1
    insert_rows(conn, _CARD, inserts)
    if updates:
        conn.exec_driver_sql(
            "UPDATE card SET retired = ?, new_position = coalesce(?, new_position) WHERE id = ?",
            updates,
        )
    return CardSync(len(inserts), retired_count)
