"""The browser's and the reviewer summary's queries: matching cards, one card's details, the
tags there are.

A card's deck is the one it is in (``card.deck_id``: what the queue studies and ``deck:``
searches); a deck change in the browser moves a note's cards and its term together.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from glosscards.browse import BrowseRow, CardText
from glosscards.storage.database import Database
from glosscards.storage.search_sql import compile_search
from glosscards.storage.sql import ACTIVE, in_deck

__all__ = ["BrowseStore"]

# The review count of each matching card only, read from the covering index on
# ``review_log.card_id``: a sub-select per card, not the whole log grouped by card for every
# search (which built a count for all of a million answers before filtering).
_ROWS_SQL = """
SELECT c.id, c.note_id, t.term, c.ordinal, coalesce(s.name, ''), c.phase, c.due_day,
       c.interval_days, c.ease,
       (SELECT count(*) FROM review_log r WHERE r.card_id = c.id) AS reviews,
       c.lapses, c.suspended, (c.retired OR t.retired), c.new_position
FROM card c
JOIN note n ON n.id = c.note_id
JOIN term t ON t.id = n.term_id
LEFT JOIN glossary_source s ON s.id = c.deck_id
WHERE {where}
ORDER BY c.id
"""


class BrowseStore:
    def __init__(self, db: Database) -> None:
        self._db = db

    def find(
        self, query: str, *, today: int, day_start: int, weak: Sequence[int] = ()
    ) -> list[BrowseRow]:
        """Every card matching ``query`` (see :mod:`glosscards.search`), in card-id order;
        ``weak`` are the cards ``is:weak`` matches.

        Raises :class:`glosscards.search.SearchError` for a query that cannot be run.
        """
        condition = compile_search(query, today=today, day_start=day_start, weak=weak)
        sql = _ROWS_SQL.format(where=condition.where)
        return [BrowseRow._make(r) for r in self._db.rows(sql, condition.params)]

    def card_text(self, card_id: int) -> CardText | None:
        row = self._db.row(
            "SELECT t.term, coalesce(s.name, ''), n.tags, n.text, n.back_extra, c.ordinal,"
            " c.suspended, (c.retired OR t.retired), c.due_day, t.entry_json FROM card c"
            " JOIN note n ON n.id = c.note_id JOIN term t ON t.id = n.term_id"
            " LEFT JOIN glossary_source s ON s.id = c.deck_id WHERE c.id = ?",
            (card_id,),
        )
        if row is None:
            return None
        term, deck, tags, text, back, ordinal, suspended, retired, due, entry = row
        return (term, deck, tags, text, back, ordinal, bool(suspended), bool(retired), due, entry)

    def tags(self) -> list[str]:
        """Every tag a note of an active term has, each once, sorted ignoring case."""
        rows = self._db.rows(
            "SELECT DISTINCT n.tags FROM note n JOIN term t ON t.id = n.term_id"
            " WHERE t.retired = 0 AND n.tags != ''"
        )
        found = {tag for (tags,) in rows for tag in str(tags).split()}
        return sorted(found, key=lambda tag: (tag.casefold(), tag))

    def upcoming(self, *, deck: int | None) -> tuple[int | None, int]:
        """(the earliest due day of an active scheduled card, active new cards)."""
        deck_sql = "" if deck is None else in_deck()
        params: dict[str, Any] = {"deck": deck}
        due = self._db.value(
            f"SELECT min(due_day) FROM card WHERE phase != 'new' AND {ACTIVE}{deck_sql}", params
        )
        new = self._db.value(
            f"SELECT count(*) FROM card WHERE phase = 'new' AND {ACTIVE}{deck_sql}", params
        )
        return due, int(new)
