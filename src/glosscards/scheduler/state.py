"""A card's scheduling state and the record of one answer, as plain frozen values.

The storage layer converts its rows to and from these at its boundary; nothing here does I/O.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import UTC, datetime
from enum import StrEnum

__all__ = ["INITIAL_EASE", "MIN_EASE", "CardPhase", "CardState", "ReviewLog"]

INITIAL_EASE = 2.5
"""SM-2's starting E-Factor."""

MIN_EASE = 1.3
"""SM-2's floor for the E-Factor."""


class CardPhase(StrEnum):
    """Where a card is in its life.

    ``NEW``: never answered. ``LEARNING``: answered, but its last scheduled answer was a failure
    (q < 3), so it has no successful repetition to build on (SM-2's n = 0). ``REVIEW``: at least
    one successful repetition in a row (n >= 1). The phase follows from ``repetitions`` once a
    card has been answered; it is stored so queries can filter on it.

    Under FSRS the phase is FSRS's state instead: ``LEARNING`` while the card is in its learning
    or relearning steps, ``REVIEW`` once it has graduated to whole days.
    """

    NEW = "new"
    LEARNING = "learning"
    REVIEW = "review"


def _require_aware(name: str, value: datetime | None) -> None:
    if value is not None and (value.tzinfo is None or value.utcoffset() is None):
        raise ValueError(f"{name} must be timezone-aware, not naive: {value!r}")


@dataclass(frozen=True, slots=True)
class CardState:
    """The scheduling state of one card (SM-2's, plus FSRS's memory state when FSRS runs).

    ``ease`` is SM-2's E-Factor, kept to two decimals (see ``glosscards.scheduler.sm2``).
    ``repetitions`` is SM-2's n: consecutive successful scheduled answers. ``interval_days`` is
    the interval the card was last scheduled with (0 for a new card). ``lapses`` counts failures
    of cards that were in ``REVIEW``. ``due_day`` is the number of the scheduling day the card
    is due on (see :mod:`glosscards.scheduler.day`), ``None`` for a new card; ``last_review`` is
    a timezone-aware instant (the scheduler writes UTC). ``redrill`` is True while the card
    waits in the same-day re-drill queue (SM-2 step 7): set by any scheduled answer with q < 4,
    cleared by a re-drill answer with q >= 4.

    The last four fields are FSRS's and stay ``None`` under SM-2, which never reads them (its
    scheduled answers build a state without them), so every SM-2 state is as it always was.
    ``stability`` (days until recall drops to 90 %) and ``difficulty`` (1-10) are FSRS's memory
    state, set together; ``fsrs_step`` is the learning or relearning step the card is in (None in
    review). ``due_at`` is the instant a step falling later on the card's ``due_day`` is due (then
    ``redrill`` is True and ``due_day`` is that day); None otherwise. Under FSRS ``ease`` is
    carried along unused, and whether a ``LEARNING`` card is relearning follows from ``lapses``
    (only a lapse of a reviewed card starts relearning); see
    :mod:`glosscards.scheduler.fsrs_scheduler`.
    """

    phase: CardPhase = CardPhase.NEW
    ease: float = INITIAL_EASE
    repetitions: int = 0
    interval_days: int = 0
    lapses: int = 0
    due_day: int | None = None
    last_review: datetime | None = None
    redrill: bool = False
    stability: float | None = None
    difficulty: float | None = None
    fsrs_step: int | None = None
    due_at: datetime | None = None

    def __post_init__(self) -> None:
        # A state read or made on the review hot path passes this one expression (UTC instants,
        # numbers in range); anything else gets the full check, whose message says what is wrong.
        last, due_at, stability, difficulty = (
            self.last_review, self.due_at, self.stability, self.difficulty
        )  # fmt: skip
        if (
            MIN_EASE <= self.ease < math.inf
            and self.repetitions >= 0
            and self.interval_days >= 0
            and self.lapses >= 0
            and (last is None or last.tzinfo is UTC)
            and (due_at is None or due_at.tzinfo is UTC)
            and (
                (stability is None and difficulty is None)
                or (
                    stability is not None
                    and difficulty is not None
                    and 0 < stability < math.inf
                    and 1 <= difficulty <= 10
                )
            )
            and (self.fsrs_step is None or self.fsrs_step >= 0)
        ):
            return
        self._check()

    def _check(self) -> None:
        problems: list[str] = []
        if not (math.isfinite(self.ease) and self.ease >= MIN_EASE):
            problems.append(f"ease {self.ease!r} is not a number >= the SM-2 floor {MIN_EASE}")
        for name in ("repetitions", "interval_days", "lapses"):
            if getattr(self, name) < 0:
                problems.append(f"{name} must not be negative, not {getattr(self, name)}")
        problems.extend(_fsrs_problems(self))
        if problems:
            raise ValueError("invalid card state: " + "; ".join(problems))
        _require_aware("last_review", self.last_review)
        _require_aware("due_at", self.due_at)


def _fsrs_problems(state: CardState) -> list[str]:
    """What is wrong with the FSRS fields of ``state`` (nothing when they are all None)."""
    problems: list[str] = []
    if (state.stability is None) != (state.difficulty is None):
        problems.append("stability and difficulty are FSRS's memory state: set both or neither")
    if state.stability is not None and not (math.isfinite(state.stability) and state.stability > 0):
        problems.append(f"stability must be a positive number of days, not {state.stability!r}")
    if state.difficulty is not None and not (
        math.isfinite(state.difficulty) and 1 <= state.difficulty <= 10
    ):
        problems.append(f"difficulty must be a number 1-10, not {state.difficulty!r}")
    if state.fsrs_step is not None and state.fsrs_step < 0:
        problems.append(f"fsrs_step must not be negative, not {state.fsrs_step}")
    return problems


@dataclass(frozen=True, slots=True)
class ReviewLog:
    """One answer, as the storage layer writes it to the review log.

    ``grade`` is the button pressed (1-4), or ``None`` when the user answered with an SM-2
    quality directly. ``redrill`` is True for a same-day re-drill answer, which changes neither
    ease, interval nor repetitions (so ``ease_before == ease_after`` and
    ``interval_before == interval_after`` then). FSRS has no such answers (each one updates its
    memory state), so its logs always say False; ``quality`` is then the SM-2 quality the button
    stands for, kept so a history can be replayed through SM-2 again.
    """

    reviewed_at: datetime
    quality: int
    grade: int | None
    phase_before: CardPhase
    ease_before: float
    ease_after: float
    interval_before: int
    interval_after: int
    repetitions_after: int
    redrill: bool
