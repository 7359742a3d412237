"""The statistics' queries: answers summed per time bucket, cards per due day, interval and ease.

The review log can hold hundreds of thousands of rows, so answers are summed in SQL per
15-minute bucket (see :func:`glosscards.stats.bucket_seconds`) and the pure functions of
:mod:`glosscards.stats` place each bucket in its scheduling day by bisecting the day
boundaries. That keeps local days exact across DST changes without converting each row's
time in Python. Retired cards are left out everywhere, with their answers; suspended cards
are left out of the forecast only.
"""

from __future__ import annotations

import json
from collections.abc import Sequence

from glosscards.stats import MATURE_DAYS, AnswerKind, AnswerTally, Button
from glosscards.storage.database import Database
from glosscards.storage.sql import in_deck

__all__ = ["StatsStore"]

_DECK_CARDS = in_deck("c")

# An answer's kind and, for reviews, maturity as one small integer, so that SQL groups on few
# columns (the GROUP BY is most of the query's cost): see _KINDS.
_KIND_CODE = (
    "CASE WHEN redrill THEN 4 WHEN phase_before = 'review' THEN 2 + (interval_before >= :mature)"
    " WHEN phase_before = 'new' THEN 0 ELSE 1 END"
)
_KINDS = {
    0: (AnswerKind.NEW, False),
    1: (AnswerKind.LEARNING, False),
    2: (AnswerKind.REVIEW, False),
    3: (AnswerKind.REVIEW, True),
    4: (AnswerKind.REDRILL, False),
}
_BUTTONS = {b.value: b for b in Button}


def _deck(deck: int | None) -> str:
    return "" if deck is None else _DECK_CARDS


class StatsStore:
    """Read-only aggregates for :mod:`glosscards.statistics`."""

    def __init__(self, db: Database) -> None:
        self._db = db

    def _log_filter(self, deck: int | None) -> str:
        """The condition keeping answers of active cards (of ``deck``, if given).

        A join with ``card`` per answer costs more than the aggregation itself on a big log, so
        answers are filtered by a set of card ids, and only when there is something to filter.
        """
        if deck is not None:
            # The unary + keeps SQLite from driving the query by card_id (every answer of the
            # deck's cards, whatever their time) instead of by the reviewed_at range.
            return f" AND +card_id IN (SELECT c.id FROM card c WHERE c.retired = 0{_DECK_CARDS})"
        if self._db.value("SELECT 1 FROM card WHERE retired = 1 LIMIT 1") is None:
            return ""
        return " AND card_id NOT IN (SELECT id FROM card WHERE retired = 1)"

    def answer_tallies(
        self, *, start: int, end: int, bucket: int, deck: int | None = None
    ) -> list[AnswerTally]:
        """Answers in ``[start, end)`` (epoch seconds), summed per ``bucket`` seconds.

        Each tally's ``at`` is the start of its bucket; ``mature`` is set for review answers only.
        """
        rows = self._db.rows(
            "SELECT reviewed_at / :bucket_ms,"
            " coalesce(grade, CASE WHEN quality < 3 THEN 1 ELSE quality - 1 END),"
            f" {_KIND_CODE}, count(*), sum(duration_ms) FROM review_log"
            " WHERE reviewed_at >= :lo AND reviewed_at < :hi"
            f"{self._log_filter(deck)} GROUP BY 1, 2, 3",
            {
                "bucket_ms": bucket * 1000,
                "mature": MATURE_DAYS,
                "lo": start * 1000,
                "hi": end * 1000,
                "deck": deck,
            },
        )
        return [
            AnswerTally(at * bucket, _BUTTONS[b], *_KINDS[k], n, int(ms))
            for at, b, k, n, ms in rows
        ]

    def answer_counts(
        self, *, start: int, end: int, bucket: int, deck: int | None = None
    ) -> list[tuple[int, int]]:
        """(bucket start, answers) for answers in ``[start, end)``: the calendar's input."""
        rows = self._db.rows(
            "SELECT reviewed_at / :bucket_ms, count(*) FROM review_log"
            f" WHERE reviewed_at >= :lo AND reviewed_at < :hi{self._log_filter(deck)}"
            " GROUP BY 1",
            {"bucket_ms": bucket * 1000, "lo": start * 1000, "hi": end * 1000, "deck": deck},
        )
        return [(at * bucket, n) for at, n in rows]

    def due_days(self, *, last_day: int, deck: int | None = None) -> list[tuple[int, bool, int]]:
        """(due day, mature, cards) for active studied cards due on ``last_day`` or before."""
        rows = self._db.rows(
            "SELECT c.due_day, c.interval_days >= :mature, count(*) FROM card c"
            " WHERE c.phase != 'new' AND c.suspended = 0 AND c.retired = 0"
            f" AND c.due_day <= :last{_deck(deck)} GROUP BY 1, 2",
            {"mature": MATURE_DAYS, "last": last_day, "deck": deck},
        )
        return [(day, bool(mature), n) for day, mature, n in rows]

    def interval_counts(self, *, deck: int | None = None) -> list[tuple[int, int]]:
        """(interval in days, cards) for studied cards that are not retired."""
        return [
            (a, b)
            for a, b in self._db.rows(
                "SELECT c.interval_days, count(*) FROM card c"
                f" WHERE c.phase != 'new' AND c.retired = 0{_deck(deck)} GROUP BY 1",
                {"deck": deck},
            )
        ]

    def ease_counts(self, *, deck: int | None = None) -> list[tuple[int, int]]:
        """(E-Factor in hundredths, cards) for studied cards that are not retired."""
        return [
            (a, b)
            for a, b in self._db.rows(
                "SELECT CAST(round(c.ease * 100) AS INTEGER), count(*) FROM card c"
                f" WHERE c.phase != 'new' AND c.retired = 0{_deck(deck)} GROUP BY 1",
                {"deck": deck},
            )
        ]

    def term_lapses(self, *, deck: int | None = None, limit: int = 10) -> list[tuple[str, int]]:
        """(term name, lapses over its cards) for the ``limit`` terms that lapsed most.

        Ordered as :func:`glosscards.stats.hardest_terms` ranks them (SQLite compares text by
        its UTF-8 bytes, which is Python's code-point order), so the limit cuts the same list.
        """
        deck_filter = "" if deck is None else " AND t.source_id = :deck"
        return [
            (a, b)
            for a, b in self._db.rows(
                "SELECT t.term, sum(c.lapses) AS lapses FROM card c"
                " JOIN note n ON n.id = c.note_id JOIN term t ON t.id = n.term_id"
                f" WHERE c.retired = 0 AND c.lapses > 0{deck_filter}"
                " GROUP BY t.id ORDER BY lapses DESC, t.term LIMIT :limit",
                {"deck": deck, "limit": limit},
            )
        ]

    def memory_states(self, *, decks: Sequence[int]) -> list[tuple[int, float, int]]:
        """(deck id, stability, last answer in epoch seconds) of the studied active cards with
        an FSRS memory state in ``decks``: one query, for the predicted recall."""
        return self._db.rows(
            "SELECT deck_id, stability, last_review FROM card WHERE stability IS NOT NULL"
            " AND last_review IS NOT NULL AND phase != 'new' AND suspended = 0 AND retired = 0"
            " AND deck_id IN (SELECT value FROM json_each(:decks))",
            {"decks": json.dumps([int(d) for d in decks])},
        )

    def first_review_at(self) -> int | None:
        """Epoch seconds of the oldest answer in the log, or None for an empty log."""
        value = self._db.value("SELECT min(reviewed_at) FROM review_log")
        return None if value is None else int(value) // 1000

    def card_state_counts(self, *, deck: int | None = None) -> dict[str, int]:
        """Cards by state: new, learning, young and mature reviews, suspended, retired; the
        number of cards, notes and terms."""
        card_filter = note_filter = term_filter = ""
        if deck is not None:
            card_filter = " WHERE 1" + in_deck()
            note_filter = " AND t.source_id = :deck"
            term_filter = " AND source_id = :deck"
        active = "retired = 0 AND suspended = 0"
        row = self._db.row(
            "SELECT"
            f" coalesce(sum({active} AND phase = 'new'), 0),"
            f" coalesce(sum({active} AND phase = 'learning'), 0),"
            f" coalesce(sum({active} AND phase = 'review' AND interval_days < :mature), 0),"
            f" coalesce(sum({active} AND phase = 'review' AND interval_days >= :mature), 0),"
            " coalesce(sum(retired = 0 AND suspended = 1), 0),"
            " coalesce(sum(retired = 1), 0),"
            " count(*)"
            f" FROM card{card_filter}",
            {"deck": deck, "mature": MATURE_DAYS},
        )
        notes = self._db.row(
            "SELECT (SELECT count(*) FROM note n JOIN term t ON t.id = n.term_id"
            f" WHERE t.retired = 0{note_filter}),"
            f" (SELECT count(*) FROM term WHERE retired = 0{term_filter})",
            {"deck": deck},
        )
        assert row is not None and notes is not None
        names = ("new", "learning", "young", "mature", "suspended", "retired", "cards")
        return {**dict(zip(names, row, strict=True)), "notes": notes[0], "terms": notes[1]}
