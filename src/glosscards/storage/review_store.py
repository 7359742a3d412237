"""The review hot path in plain SQL: pick the next card, record an answer, undo it, count.

These run once per card shown, so they use prepared SQL on one ``sqlite3`` connection rather than
the ORM (the ORM is used for the cold paths: import, settings, browsing). Each write is one
``BEGIN IMMEDIATE … COMMIT`` transaction; durability comes from the connection's pragmas
(see :mod:`glosscards.storage.engine`).

The queue, for the scheduling day ``[start, end)``:

1. cards in today's re-drill (SM-2 step 7) that have waited :data:`REDRILL_GAP` other answers;
2. scheduled cards due before ``end`` (overdue first), within the daily review limit;
3. new cards in glossary order, within the daily new-card limit;
4. re-drill cards that have not waited long enough, when nothing else is left.

Answering a card buries its siblings (the other cloze of the same note) until ``end``.
"""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass
from datetime import UTC, datetime

from glosscards.scheduler.state import CardPhase, CardState, ReviewLog
from glosscards.storage.sql import ACTIVE, in_deck

__all__ = [
    "REDRILL_GAP",
    "CardRowState",
    "DayWindow",
    "ReviewStore",
    "to_epoch",
]

REDRILL_GAP = 3
"""A failed card comes back after this many other answers (sooner when nothing else is due)."""

_REDRILL_TODAY = f"redrill = 1 AND last_review >= :start AND buried_until <= :now AND {ACTIVE}"
_DUE = (
    f"phase != 'new' AND due < :end AND buried_until <= :now AND {ACTIVE} "
    "AND (redrill = 0 OR last_review < :start)"
)
_NEW = f"phase = 'new' AND buried_until <= :now AND {ACTIVE}"


def to_epoch(moment: datetime | None) -> int | None:
    return None if moment is None else int(moment.timestamp())


def _from_epoch(value: int | None) -> datetime | None:
    return None if value is None else datetime.fromtimestamp(value, UTC)


@dataclass(frozen=True, slots=True)
class DayWindow:
    """The scheduling day containing ``now``, as epoch seconds, the daily limits and the deck."""

    now: int
    start: int
    end: int
    new_limit: int
    review_limit: int
    deck: int | None = None

    def params(self) -> dict[str, int | None]:
        return {"now": self.now, "start": self.start, "end": self.end, "deck": self.deck}

    @property
    def where(self) -> str:
        """Extra condition restricting cards to one deck (glossary source), if one is chosen."""
        return "" if self.deck is None else in_deck()


@dataclass(frozen=True, slots=True)
class CardRowState:
    id: int
    note_id: int
    ordinal: int
    state: CardState
    redrill_after: int
    active: bool = True
    """False for a suspended or retired card: it may be shown in the browser, not answered."""


_CARD_COLUMNS = (
    "id, note_id, ordinal, phase, ease, repetitions, interval_days, lapses, due, last_review, "
    "redrill, redrill_after, suspended = 0 AND retired = 0"
)


_CARD_COLUMNS_C = (
    "c.id, c.note_id, c.ordinal, c.phase, c.ease, c.repetitions, c.interval_days, c.lapses,"
    " c.due, c.last_review, c.redrill, c.redrill_after, c.suspended = 0 AND c.retired = 0"
)


def _card_from_row(row: tuple[object, ...]) -> CardRowState:
    (
        cid,
        note_id,
        ordinal,
        phase,
        ease,
        reps,
        interval,
        lapses,
        due,
        last,
        redrill,
        after,
        active,
    ) = row
    state = CardState(
        phase=CardPhase(str(phase)),
        ease=float(ease),  # type: ignore[arg-type]
        repetitions=int(reps),  # type: ignore[call-overload]
        interval_days=int(interval),  # type: ignore[call-overload]
        lapses=int(lapses),  # type: ignore[call-overload]
        due=_from_epoch(due),  # type: ignore[arg-type]
        last_review=_from_epoch(last),  # type: ignore[arg-type]
        redrill=bool(redrill),
    )
    return CardRowState(
        int(cid),  # type: ignore[call-overload]
        int(note_id),  # type: ignore[call-overload]
        int(ordinal),  # type: ignore[call-overload]
        state,
        int(after),  # type: ignore[call-overload]
        bool(active),
    )


class ReviewStore:
    """Hot-path SQL over one ``sqlite3`` connection in autocommit mode."""

    def __init__(self, db: sqlite3.Connection) -> None:
        self.db = db
        # What this day's answers used of the limits, per day start. Answers are written only
        # through this store (the collection's writer lock keeps other processes out; imports
        # never touch the review log), so record_answer keeps it current and undo drops it.
        self._done: dict[int, list[int]] = {}
        self._last_id: int | None = None

    # -- reading -------------------------------------------------------------------------------

    def done_today(self, window: DayWindow) -> tuple[int, int]:
        """(new cards introduced, scheduled reviews answered) since the day started."""
        cached = self._done.get(window.start)
        if cached is None:
            cached = self._done[window.start] = list(self._count_done(window.start))
        return cached[0], cached[1]

    def _count_done(self, start: int) -> tuple[int, int]:
        # Two counts over partial indexes (see ReviewLogRow) rather than one pass comparing
        # phase_before row by row, which costs three times as much; phase_before is never NULL.
        window_start = start
        row = self.db.execute(
            "SELECT (SELECT count(*) FROM review_log"
            "        WHERE reviewed_at >= :since AND redrill = 0 AND phase_before = 'new'),"
            " (SELECT count(*) FROM review_log WHERE reviewed_at >= :since AND redrill = 0)",
            {"since": window_start * 1000},
        ).fetchone()
        return int(row[0]), int(row[1]) - int(row[0])

    def counts(self, window: DayWindow) -> tuple[int, int, int]:
        """(new, learning, review) left today, limits applied."""
        new_done, reviews_done = self.done_today(window)
        new_left = max(0, window.new_limit - new_done)
        reviews_left = max(0, window.review_limit - reviews_done)
        p = window.params()
        new = self.db.execute(
            f"SELECT count(*) FROM (SELECT 1 FROM card WHERE {_NEW}{window.where} LIMIT :lim)",
            {**p, "lim": new_left},
        ).fetchone()[0]
        learning = self.db.execute(
            f"SELECT count(*) FROM card WHERE {_REDRILL_TODAY}{window.where}", p
        ).fetchone()[0]
        review = self.db.execute(
            f"SELECT count(*) FROM (SELECT 1 FROM card WHERE {_DUE}{window.where} LIMIT :lim)",
            {**p, "lim": reviews_left},
        ).fetchone()[0]
        return int(new), int(learning), int(review)

    def next_card_id(self, window: DayWindow) -> int | None:
        p = window.params()
        seq = self._last_review_id()
        row = self.db.execute(
            f"SELECT id FROM card WHERE {_REDRILL_TODAY}{window.where}"
            " AND redrill_after <= :seq"
            " ORDER BY redrill_after, id LIMIT 1",
            {**p, "seq": seq},
        ).fetchone()
        if row is not None:
            return int(row[0])
        new_done, reviews_done = self.done_today(window)
        if reviews_done < window.review_limit:
            row = self.db.execute(
                f"SELECT id FROM card WHERE {_DUE}{window.where} ORDER BY due, id LIMIT 1", p
            ).fetchone()
            if row is not None:
                return int(row[0])
        if new_done < window.new_limit:
            row = self.db.execute(
                f"SELECT id FROM card WHERE {_NEW}{window.where} ORDER BY new_position, id LIMIT 1",
                p,
            ).fetchone()
            if row is not None:
                return int(row[0])
        row = self.db.execute(
            f"SELECT id FROM card WHERE {_REDRILL_TODAY}{window.where}"
            " ORDER BY redrill_after, id LIMIT 1",
            p,
        ).fetchone()
        return None if row is None else int(row[0])

    def card_with_content(
        self, card_id: int
    ) -> tuple[CardRowState, tuple[str, str, str, str]] | None:
        """A card's state and (term name, note text, back extra, entry json), in one query."""
        row = self.db.execute(
            f"SELECT {_CARD_COLUMNS_C}, t.name, n.text, n.back_extra, t.entry_json FROM card c"
            " JOIN note n ON n.id = c.note_id JOIN term t ON t.id = n.term_id WHERE c.id = ?",
            (card_id,),
        ).fetchone()
        if row is None:
            return None
        return _card_from_row(row[:13]), (row[13], row[14], row[15], row[16])

    def _last_review_id(self) -> int:
        if self._last_id is None:
            row = self.db.execute("SELECT max(id) FROM review_log").fetchone()
            self._last_id = int(row[0] or 0)
        return self._last_id

    # -- writing -------------------------------------------------------------------------------

    def record_answer(
        self,
        card: CardRowState,
        new_state: CardState,
        log: ReviewLog,
        *,
        duration_ms: int,
        bury_until: int,
    ) -> int:
        """Write the new card state, the review-log row and the sibling burial: one transaction."""
        db = self.db
        db.execute("BEGIN IMMEDIATE")
        try:
            old = card.state
            siblings = db.execute(
                "SELECT id, buried_until FROM card WHERE note_id = ? AND id != ?"
                " AND buried_until < ? AND retired = 0",
                (card.note_id, card.id, bury_until),
            ).fetchall()
            buried = ",".join(f"{sid}:{before}" for sid, before in siblings)
            cursor = db.execute(
                "INSERT INTO review_log (card_id, reviewed_at, grade, quality, duration_ms, redrill,"
                " phase_before, ease_before, ease_after, interval_before, interval_after,"
                " repetitions_before, repetitions_after, lapses_before, due_before,"
                " last_review_before, redrill_before, redrill_after_before, buried_siblings)"
                " VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)",
                (
                    card.id,
                    int(log.reviewed_at.timestamp() * 1000),
                    log.grade,
                    log.quality,
                    duration_ms,
                    log.redrill,
                    str(old.phase),
                    old.ease,
                    log.ease_after,
                    old.interval_days,
                    log.interval_after,
                    old.repetitions,
                    log.repetitions_after,
                    old.lapses,
                    to_epoch(old.due),
                    to_epoch(old.last_review),
                    old.redrill,
                    card.redrill_after,
                    buried,
                ),
            )
            # SQLite gives a new row the largest rowid plus one, so this answer's id is the
            # sequence number (``_last_review_id`` + 1) that re-drill waiting counts from.
            review_id = int(cursor.lastrowid or 0)
            redrill_after = review_id + REDRILL_GAP if new_state.redrill else 0
            db.execute(
                "UPDATE card SET phase = ?, ease = ?, repetitions = ?, interval_days = ?,"
                " lapses = ?, due = ?, last_review = ?, redrill = ?, redrill_after = ?"
                " WHERE id = ?",
                (
                    str(new_state.phase),
                    new_state.ease,
                    new_state.repetitions,
                    new_state.interval_days,
                    new_state.lapses,
                    to_epoch(new_state.due),
                    to_epoch(new_state.last_review),
                    new_state.redrill,
                    redrill_after,
                    card.id,
                ),
            )
            if siblings:
                db.executemany(
                    "UPDATE card SET buried_until = ? WHERE id = ?",
                    [(bury_until, sid) for sid, _ in siblings],
                )
            db.execute("COMMIT")
        except BaseException:
            db.execute("ROLLBACK")
            raise
        self._last_id = review_id
        if not log.redrill:  # as done_today counts: scheduled answers since each day's start
            slot = 0 if old.phase == CardPhase.NEW else 1
            reviewed_ms = int(log.reviewed_at.timestamp() * 1000)
            for start, done in self._done.items():
                if reviewed_ms >= start * 1000:
                    done[slot] += 1
        return review_id

    def undo_last(self) -> tuple[int, int] | None:
        """Take back the newest answer exactly: (card id, review id), or None if there is none."""
        db = self.db
        db.execute("BEGIN IMMEDIATE")
        try:
            row = db.execute(
                "SELECT id, card_id, phase_before, ease_before, interval_before, repetitions_before,"
                " lapses_before, due_before, last_review_before, redrill_before,"
                " redrill_after_before, buried_siblings FROM review_log ORDER BY id DESC LIMIT 1"
            ).fetchone()
            if row is None:
                db.execute("ROLLBACK")
                return None
            (rid, cid, phase, ease, interval, reps, lapses, due, last, redrill, after, buried) = row
            db.execute(
                "UPDATE card SET phase = ?, ease = ?, interval_days = ?, repetitions = ?,"
                " lapses = ?, due = ?, last_review = ?, redrill = ?, redrill_after = ?"
                " WHERE id = ?",
                (phase, ease, interval, reps, lapses, due, last, redrill, after, cid),
            )
            for part in filter(None, str(buried).split(",")):
                sid, before = part.split(":")
                db.execute("UPDATE card SET buried_until = ? WHERE id = ?", (int(before), int(sid)))
            db.execute("DELETE FROM review_log WHERE id = ?", (rid,))
            db.execute("COMMIT")
        except BaseException:
            db.execute("ROLLBACK")
            raise
        finally:
            self._done.clear()
            self._last_id = None
        return int(cid), int(rid)

    def set_flags(self, card_id: int, **flags: int) -> None:
        """Suspend/unsuspend or bury a card: one small transaction."""
        allowed = {"suspended", "buried_until"}
        assignments = ", ".join(f"{name} = :{name}" for name in flags if name in allowed)
        self.db.execute("BEGIN IMMEDIATE")
        try:
            self.db.execute(
                f"UPDATE card SET {assignments} WHERE id = :id", {**flags, "id": card_id}
            )
            self.db.execute("COMMIT")
        except BaseException:
            self.db.execute("ROLLBACK")
            raise
