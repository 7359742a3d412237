"""Read-only queries for the card browser and the reviewer's summary, on a Collection. No Qt.

The browser table is fed by :func:`search_cards`: one SQL query returns plain tuples
(:class:`BrowseRow`) for every matching card, review counts included, so the Qt model never runs a
query per cell. Re-sorting a result is done on those tuples (:func:`sort_rows`), not by asking
the database again.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any, NamedTuple

from glosscards.collection import Collection
from glosscards.glossary.serialize import see_also_and_links
from glosscards.render import render_answer
from glosscards.search import compile_search
from glosscards.storage.sql import ACTIVE, in_deck
from glosscards.values import ReviewRecord

__all__ = [
    "SORT_KEYS",
    "BrowseRow",
    "CardDetails",
    "Upcoming",
    "card_details",
    "search_cards",
    "sort_rows",
    "upcoming",
]


class BrowseRow(NamedTuple):
    """One card as the browser lists it. ``due`` is epoch seconds (None for a new card)."""

    card_id: int
    term: str
    ordinal: int
    phase: str
    due: int | None
    interval_days: int
    ease: float
    reviews: int
    lapses: int
    suspended: bool
    retired: bool
    new_position: int


SORT_KEYS = ("term", "due", "interval", "ease", "reviews", "lapses")
"""The columns the browser can sort by, in display order."""

_ORDER_SQL = {
    "term": "t.name COLLATE NOCASE, c.ordinal",
    "due": "c.due IS NULL, c.due, c.new_position",
    "interval": "c.interval_days",
    "ease": "c.ease",
    "reviews": "reviews",
    "lapses": "c.lapses",
}

_ROWS_SQL = """
SELECT c.id, t.name, c.ordinal, c.phase, c.due, c.interval_days, c.ease,
       coalesce(r.n, 0) AS reviews, c.lapses, c.suspended, (c.retired OR t.retired), c.new_position
FROM card c
JOIN note n ON n.id = c.note_id
JOIN term t ON t.id = n.term_id
JOIN glossary_source s ON s.id = t.source_id
LEFT JOIN (SELECT card_id, count(*) AS n FROM review_log GROUP BY card_id) r ON r.card_id = c.id
WHERE {where}
ORDER BY {order}, c.id
"""


def search_cards(
    col: Collection, query: str, *, now: datetime, sort: str = "term", descending: bool = False
) -> list[BrowseRow]:
    """Every card matching ``query`` (see :mod:`glosscards.search`), sorted in SQL.

    Raises :class:`glosscards.search.SearchError` for a query that cannot be run.
    """
    if sort not in _ORDER_SQL:
        raise ValueError(f"cannot sort by {sort!r}; use one of {SORT_KEYS}")
    start, end = col.day_bounds(now)
    condition = compile_search(query, now=int(now.timestamp()), day_start=start, day_end=end)
    order = _ORDER_SQL[sort]
    if descending:
        order = ", ".join(f"{part} DESC" for part in order.split(", "))
    sql = _ROWS_SQL.format(where=condition.where, order=order)
    cursor = col.db.cursor()
    cursor.row_factory = lambda _cursor, row: BrowseRow._make(row)
    try:
        return cursor.execute(sql, condition.params).fetchall()
    finally:
        cursor.close()


def _sort_key(column: str) -> Callable[[BrowseRow], Any]:
    if column == "term":
        return lambda r: (r.term.casefold(), r.ordinal)
    if column == "due":
        return lambda r: (r.due is None, r.due if r.due is not None else r.new_position)
    attribute = {"interval": "interval_days"}.get(column, column)
    return lambda r: getattr(r, attribute)


def sort_rows(
    rows: Sequence[BrowseRow], column: str, *, descending: bool = False
) -> list[BrowseRow]:
    """``rows`` sorted by one of :data:`SORT_KEYS` (stable; ties keep the card-id order)."""
    if column not in SORT_KEYS:
        raise ValueError(f"cannot sort by {column!r}; use one of {SORT_KEYS}")
    key = _sort_key(column)
    return sorted(rows, key=key, reverse=descending)


@dataclass(frozen=True, slots=True)
class CardDetails:
    """What the browser's detail pane shows for one card."""

    card_id: int
    term: str
    deck: str
    tags: tuple[str, ...]
    answer_html: str
    suspended: bool
    retired: bool
    due: datetime | None
    history: tuple[ReviewRecord, ...]
    see_also: tuple[str, ...] = ()


def card_details(col: Collection, card_id: int, *, now: datetime) -> CardDetails:
    """The text, flags and review history of one card. Raises ``KeyError`` for an unknown id."""
    row = col.db.execute(
        "SELECT t.name, s.name, n.tags, n.text, n.back_extra, c.ordinal, c.suspended,"
        " (c.retired OR t.retired), c.due, t.entry_json FROM card c JOIN note n ON n.id = c.note_id"
        " JOIN term t ON t.id = n.term_id JOIN glossary_source s ON s.id = t.source_id"
        " WHERE c.id = ?",
        (card_id,),
    ).fetchone()
    if row is None:
        raise KeyError(f"no card {card_id}")
    term, deck, tags, text, back_extra, ordinal, suspended, retired, due, entry_json = row
    see_also, _ = see_also_and_links(entry_json)
    try:
        answer = render_answer(text, back_extra, ordinal)
    except ValueError:
        # A retired card whose cloze left the note: show the note as it now is.
        answer = f"{text}\n<hr id=answer>\n{back_extra}"
    return CardDetails(
        card_id=card_id,
        term=term,
        deck=deck,
        tags=tuple(tags.split()),
        answer_html=answer,
        suspended=bool(suspended),
        retired=bool(retired),
        due=None if due is None else datetime.fromtimestamp(due, UTC),
        history=tuple(col.history(card_id)),
        see_also=see_also,
    )


@dataclass(frozen=True, slots=True)
class Upcoming:
    """When there is more to study, for the end-of-session summary.

    ``next_review`` is the earliest due time of a scheduled, active card (it may be before
    ``day_end`` when today's review limit was reached); ``new_waiting`` counts active new cards.
    """

    next_review: datetime | None
    new_waiting: int
    day_end: datetime


def upcoming(col: Collection, *, now: datetime, deck: int | None = None) -> Upcoming:
    """The earliest due review and the number of new cards left, optionally in one deck."""
    deck_sql = "" if deck is None else in_deck()
    params = {"deck": deck}
    due = col.db.execute(
        f"SELECT min(due) FROM card WHERE phase != 'new' AND {ACTIVE}{deck_sql}", params
    ).fetchone()[0]
    new = col.db.execute(
        f"SELECT count(*) FROM card WHERE phase = 'new' AND {ACTIVE}{deck_sql}", params
    ).fetchone()[0]
    _, end = col.day_bounds(now)
    return Upcoming(
        next_review=None if due is None else datetime.fromtimestamp(due, UTC),
        new_waiting=int(new),
        day_end=datetime.fromtimestamp(end, UTC),
    )
