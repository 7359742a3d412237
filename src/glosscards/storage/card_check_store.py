"""The notes the card check reads: each term's parsed entry beside its note's fields."""

from __future__ import annotations

from collections.abc import Sequence

from glosscards.storage.database import Database

__all__ = ["CheckRow", "card_ids", "check_rows"]

CheckRow = tuple[str, str, str, str, int]
"""deck name, entry JSON, note text, back extra, term id."""


def check_rows(db: Database, decks: Sequence[int] | None = None) -> list[CheckRow]:
    """The current (not retired) notes of ``decks`` (default all), in deck and glossary order."""
    deck_filter = ""
    params: list[object] = []
    if decks is not None:
        deck_filter = f" AND s.id IN ({', '.join('?' for _ in decks)})"
        params.extend(decks)
    rows = db.rows(
        "SELECT s.name, t.entry_json, n.text, n.back_extra, t.id FROM note n"
        " JOIN term t ON t.id = n.term_id JOIN glossary_source s ON s.id = t.source_id"
        f" WHERE t.retired = 0{deck_filter} ORDER BY s.id, t.position",
        params,
    )
    return [(deck, entry, text, back, tid) for deck, entry, text, back, tid in rows]


def card_ids(db: Database, cards: Sequence[tuple[int, int]]) -> list[int]:
    """The ids of the (term id, ordinal) cards that exist."""
    wanted = set(cards)
    rows = db.rows(
        "SELECT c.id, n.term_id, c.ordinal FROM card c JOIN note n ON n.id = c.note_id"
        " WHERE c.retired = 0"
    )
    return [cid for cid, term_id, ordinal in rows if (term_id, ordinal) in wanted]
