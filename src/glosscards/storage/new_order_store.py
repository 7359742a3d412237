"""Putting a deck's new cards in its chosen order: the SQL around
:func:`glosscards.new_positions.new_positions`.

Only cards that are new (``phase = 'new'``) move; an answered card's schedule, and every other
column, is never touched. A card reset to new is new again and takes its place like the others.
The order is applied when the learner changes it (:func:`save_study_and_reorder`, one transaction with the choice) and at
the end of every import that writes (:func:`reorder_after_import`, inside the import's
transaction), since an import numbers the cards it adds or changes in glossary order.
"""

from __future__ import annotations

import json
import sqlite3

from sqlalchemy import Connection, select

from glosscards.deck_study import DeckStudy
from glosscards.glossary.serialize import entry_from_json
from glosscards.new_order import NewCardOrder, OrderTerm
from glosscards.new_positions import DeckTerm, new_positions
from glosscards.storage.database import Database
from glosscards.storage.meta_store import write_deck_study
from glosscards.storage.models import CardRow, GlossarySourceRow, MetaRow, NoteRow, TermRow

__all__ = [
    "deck_new_order",
    "deck_terms",
    "raw_connection",
    "reorder_after_import",
    "reorder_new_cards",
    "save_study_and_reorder",
]

_TERM = TermRow.__table__  # type: ignore[attr-defined]
_NOTE = NoteRow.__table__  # type: ignore[attr-defined]
_CARD = CardRow.__table__  # type: ignore[attr-defined]
_META = MetaRow.__table__  # type: ignore[attr-defined]
_SOURCE = GlossarySourceRow.__table__  # type: ignore[attr-defined]


def deck_new_order(conn: Connection, deck_id: int) -> NewCardOrder:
    """The new-card order deck ``deck_id`` chose (``meta``'s ``deck_study``; default glossary)."""
    value = conn.execute(select(_META.c.value).where(_META.c.key == "deck_study")).scalar()
    stored = json.loads(value) if value else {}
    return DeckStudy.from_json(stored.get(str(deck_id), {})).new_order


def deck_terms(conn: Connection, deck_id: int, *, definitions: bool) -> list[DeckTerm]:
    """The current terms of deck ``deck_id`` with their new cards; their names and definitions
    (from the stored parse of each entry) only with ``definitions``."""
    cards: dict[int, list[tuple[int, int]]] = {}
    for card_id, term_id, ordinal in conn.execute(
        select(_CARD.c.id, _NOTE.c.term_id, _CARD.c.ordinal)
        .join(_NOTE, _NOTE.c.id == _CARD.c.note_id)
        .join(_TERM, _TERM.c.id == _NOTE.c.term_id)
        .where(_TERM.c.source_id == deck_id, _TERM.c.retired.is_(False), _CARD.c.phase == "new")
        .order_by(_CARD.c.ordinal, _CARD.c.id)
    ):
        cards.setdefault(term_id, []).append((card_id, ordinal))
    columns = [_TERM.c.id, _TERM.c.key, _TERM.c.name, _TERM.c.position]
    if definitions:
        columns.append(_TERM.c.entry_json)
    out: list[DeckTerm] = []
    for row in conn.execute(
        select(*columns).where(_TERM.c.source_id == deck_id, _TERM.c.retired.is_(False))
    ):
        term_id, key, name, position = row[:4]
        term = (
            OrderTerm.from_entry(entry_from_json(row[4]), key)
            if definitions
            else OrderTerm(key, name)
        )
        out.append(DeckTerm(term, int(position), tuple(cards.get(term_id, ()))))
    return out


def reorder_new_cards(conn: Connection, deck_id: int, order: NewCardOrder) -> int:
    """Give deck ``deck_id``'s new cards their places in ``order``, in the caller's
    transaction; returns how many cards moved."""
    order = NewCardOrder(order)
    terms = deck_terms(conn, deck_id, definitions=order is NewCardOrder.PREREQUISITES_FIRST)
    wanted = new_positions(terms, order, deck_id=deck_id)
    if not wanted:
        return 0
    now = {
        card: place
        for card, place in conn.execute(
            select(_CARD.c.id, _CARD.c.new_position)
            .join(_NOTE, _NOTE.c.id == _CARD.c.note_id)
            .join(_TERM, _TERM.c.id == _NOTE.c.term_id)
            .where(_TERM.c.source_id == deck_id, _CARD.c.phase == "new")
        )
    }
    changes = [(place, card) for card, place in wanted.items() if now.get(card) != place]
    if changes:
        conn.exec_driver_sql("UPDATE card SET new_position = ? WHERE id = ?", changes)
    return len(changes)


def raw_connection(conn: Connection) -> sqlite3.Connection:
    """The sqlite3 connection under ``conn`` (the collection's one connection), for the raw
    writes that must share ``conn``'s transaction."""
    raw = conn.connection.driver_connection
    assert isinstance(raw, sqlite3.Connection)
    return raw


def save_study_and_reorder(db: Database, deck_id: int, study: DeckStudy) -> int:
    """Store deck ``deck_id``'s study choices and give its new cards their places in the
    chosen order: one transaction, so the deck never says one order and shows another."""
    with db.core() as conn:
        write_deck_study(raw_connection(conn), deck_id, study)
        return reorder_new_cards(conn, deck_id, study.new_order)


def reorder_after_import(conn: Connection, deck_name: str) -> None:
    """After an import into ``deck_name`` (in its transaction): the decks holding its
    glossary's terms (its own, and those the learner moved terms to) that chose another order
    than the glossary's get their new cards back in that order."""
    source = conn.execute(select(_SOURCE.c.id).where(_SOURCE.c.name == deck_name)).scalar()
    if source is None:
        return
    decks = conn.execute(
        select(_TERM.c.source_id)
        .where((_TERM.c.source_id == source) | (_TERM.c.origin_id == source))
        .distinct()
    ).scalars()
    for deck_id in sorted(set(decks)):
        order = deck_new_order(conn, deck_id)
        if order is not NewCardOrder.GLOSSARY:
            reorder_new_cards(conn, deck_id, order)
