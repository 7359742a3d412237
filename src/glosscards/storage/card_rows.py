"""A card's state as rows: the one mapping between :class:`CardState` and the ``card`` table's
columns, and the review-log row an answer writes (with the state before it, for undo and
replays). Every function runs inside the caller's transaction; :mod:`.review_store` (the review
hot path) re-exports them for the stores that import them from there.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Sequence
from datetime import UTC, datetime
from typing import Any

from glosscards.scheduler.state import CardPhase, CardState, ReviewLog

__all__ = [
    "STATE_BEFORE_COLUMNS",
    "STATE_COLUMNS",
    "card_state",
    "insert_review",
    "to_epoch",
    "write_card_state",
]

STATE_COLUMNS = (
    "phase, ease, repetitions, interval_days, lapses, due_day, last_review, redrill,"
    " stability, difficulty, fsrs_step, due_at"
)
"""A card's state as :func:`card_state` reads it, in ``card``'s column names."""

STATE_BEFORE_COLUMNS = (
    "phase_before, ease_before, repetitions_before, interval_before, lapses_before,"
    " due_day_before, last_review_before, redrill_before, stability_before, difficulty_before,"
    " fsrs_step_before, due_at_before"
)
"""The same state before an answer, as its review-log row keeps it (for undo and replays)."""


def insert_review(
    db: sqlite3.Connection,
    card_id: int,
    old: CardState,
    log: ReviewLog,
    *,
    duration_ms: int,
    redrill_after_before: int = 0,
    buried: str = "",
) -> int:
    """Write one review-log row — the answer, and the card's state before it so undo is exact
    — inside the caller's transaction; returns its id."""
    cursor = db.execute(
        "INSERT INTO review_log (card_id, reviewed_at, grade, quality, duration_ms, redrill,"
        " phase_before, ease_before, ease_after, interval_before, interval_after,"
        " repetitions_before, repetitions_after, lapses_before, due_day_before,"
        " last_review_before, redrill_before, redrill_after_before, buried_siblings,"
        " stability_before, difficulty_before, fsrs_step_before, due_at_before)"
        " VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)",
        (
            card_id,
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
            old.due_day,
            to_epoch(old.last_review),
            old.redrill,
            redrill_after_before,
            buried,
            old.stability,
            old.difficulty,
            old.fsrs_step,
            to_epoch(old.due_at),
        ),
    )
    return int(cursor.lastrowid or 0)


def card_state(columns: Sequence[Any]) -> CardState:
    """A card's state from its :data:`STATE_COLUMNS` (of ``card``, or a review's
    :data:`STATE_BEFORE_COLUMNS`)."""
    phase, ease, reps, interval, lapses, due, last, redrill, stability, difficulty, step, due_at = (
        columns
    )
    return CardState(  # positionally, in the fields' order: read once per card shown
        _PHASES.get(phase) or CardPhase(phase),
        float(ease),
        int(reps),
        int(interval),
        int(lapses),
        None if due is None else int(due),
        None if last is None else datetime.fromtimestamp(last, UTC),
        bool(redrill),
        None if stability is None else float(stability),
        None if difficulty is None else float(difficulty),
        None if step is None else int(step),
        None if due_at is None else datetime.fromtimestamp(due_at, UTC),
    )


_PHASES = {phase.value: phase for phase in CardPhase}


def write_card_state(
    db: sqlite3.Connection, card_id: int, state: CardState, *, redrill_after: int
) -> None:
    """Give a card ``state`` (and its re-drill place) inside the caller's transaction."""
    db.execute(
        "UPDATE card SET phase = ?, ease = ?, repetitions = ?, interval_days = ?,"
        " lapses = ?, due_day = ?, last_review = ?, redrill = ?, redrill_after = ?,"
        " stability = ?, difficulty = ?, fsrs_step = ?, due_at = ? WHERE id = ?",
        (
            str(state.phase),
            state.ease,
            state.repetitions,
            state.interval_days,
            state.lapses,
            state.due_day,
            to_epoch(state.last_review),
            state.redrill,
            redrill_after,
            state.stability,
            state.difficulty,
            state.fsrs_step,
            to_epoch(state.due_at),
            card_id,
        ),
    )


def to_epoch(moment: datetime | None) -> int | None:
    return None if moment is None else int(moment.timestamp())
