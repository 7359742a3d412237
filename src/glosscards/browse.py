"""What the card browser shows, as plain values, and the one definition of each sort order.

Rows come from :meth:`glosscards.collection.Collection.find_cards`; the Qt model never runs a
query. Every ordering is defined once, here, by :func:`sort_rows`, and both a new search and a
click on a column header use it, so the two can never disagree (an earlier version sorted in SQL
with ``NOCASE`` and re-sorted in Python with ``casefold``, which order "É" differently).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any, NamedTuple

from glosscards.glossary.serialize import see_also_and_links
from glosscards.render import render_answer
from glosscards.scheduler.day import date_of_day
from glosscards.values import ReviewRecord

__all__ = [
    "CARD_NAMES",
    "SORT_KEYS",
    "BrowseRow",
    "CardDetails",
    "Upcoming",
    "card_details_from",
    "card_name",
    "sort_rows",
]

CardText = tuple[str, str, str, str, str, int, bool, bool, "int | None", str]
"""term, deck, tags, note text, back extra, ordinal, suspended, retired, due day, entry json."""


class BrowseRow(NamedTuple):
    """One card as the browser lists it. ``due_day`` is a scheduling-day number (None: new);
    ``deck`` is the deck the card is in (the one it is studied and searched in)."""

    card_id: int
    note_id: int
    term: str
    ordinal: int
    deck: str
    phase: str
    due_day: int | None
    interval_days: int
    ease: float
    reviews: int
    lapses: int
    suspended: bool
    retired: bool
    new_position: int


SORT_KEYS = ("term", "card", "deck", "due", "interval", "ease", "reviews", "lapses")
"""The columns the browser can sort by, in display order."""

CARD_NAMES = {1: "term", 2: "acronym"}
"""Which card of its note a card is, by cloze number (:mod:`glosscards.cloze`: c1 asks for the
term, c2 for its acronym; the numbers never change)."""


def card_name(ordinal: int) -> str:
    """The name of the card with cloze number ``ordinal``: "term", "acronym" (else "c3" …)."""
    return CARD_NAMES.get(ordinal, f"c{ordinal}")


def _term_order(r: BrowseRow) -> tuple[str, str, int, int]:
    return (r.term.casefold(), r.term, r.ordinal, r.card_id)


def _sort_key(column: str) -> Callable[[BrowseRow], Any]:
    if column == "term":
        return _term_order
    if column == "card":  # every term card, then every acronym card, each by term
        return lambda r: (r.ordinal, *_term_order(r))
    if column == "deck":
        return lambda r: (r.deck.casefold(), r.deck, *_term_order(r))
    if column == "due":  # scheduled cards by day, then new cards in the order they come
        return lambda r: (
            r.due_day is None,
            r.due_day if r.due_day is not None else r.new_position,
            r.card_id,
        )
    attribute = {"interval": "interval_days"}.get(column, column)
    return lambda r: (getattr(r, attribute), r.card_id)


def sort_rows(
    rows: Sequence[BrowseRow], column: str, *, descending: bool = False
) -> list[BrowseRow]:
    """``rows`` sorted by one of :data:`SORT_KEYS`; ties are broken by card id, so the order is
    total and ``descending`` is exactly the reverse."""
    if column not in SORT_KEYS:
        raise ValueError(f"cannot sort by {column!r}; use one of {SORT_KEYS}")
    return sorted(rows, key=_sort_key(column), reverse=descending)


@dataclass(frozen=True, slots=True)
class CardDetails:
    """What the browser's detail pane shows for one card. ``due`` is the local date."""

    card_id: int
    term: str
    deck: str
    tags: tuple[str, ...]
    answer_html: str
    suspended: bool
    retired: bool
    due: date | None
    history: tuple[ReviewRecord, ...]
    see_also: tuple[str, ...] = ()


def card_details_from(
    card_id: int, found: CardText, history: tuple[ReviewRecord, ...]
) -> CardDetails:
    """The detail pane's value from one card's stored text and flags, and its history."""
    term, deck, tags, text, back_extra, ordinal, suspended, retired, due, entry_json = found
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
        suspended=suspended,
        retired=retired,
        due=None if due is None else date_of_day(due),
        history=history,
        see_also=see_also,
    )


@dataclass(frozen=True, slots=True)
class Upcoming:
    """When there is more to study, for the end-of-session summary.

    ``next_review`` is the start of the scheduling day the earliest active scheduled card is
    due on (before ``day_end`` when today's review limit held it back, or it is buried);
    ``new_waiting`` counts active new cards.
    """

    next_review: datetime | None
    new_waiting: int
    day_end: datetime
