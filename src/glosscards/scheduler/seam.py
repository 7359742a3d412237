"""The contract every scheduling algorithm meets, so storage never knows which one runs.

An algorithm is a pure object: given a card's state, the answer given, the moment and the
scheduling day, it returns the card's next state and the review-log value, and it can say what
each answer would lead to (the buttons' labels) without changing anything. No I/O, no clock,
no randomness unless it is passed in. :class:`glosscards.scheduler.sm2_scheduler.Sm2Scheduler`
implements it for SM-2; FSRS fits the same shape (py-fsrs's ``Scheduler.review_card`` is
``(card, rating, review_datetime) -> (card, review_log)``).

Answers are plain integers: the buttons 1-4 (``Grade``), or SM-2's qualities 0-5 when the
learner answers on the six-grade scale. ``answers`` lists the ones an algorithm offers, in
button order.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Protocol, runtime_checkable

from glosscards.scheduler.day import SchedulingDay
from glosscards.scheduler.state import CardState, ReviewLog

__all__ = ["Answered", "Preview", "Scheduler"]


@dataclass(frozen=True, slots=True)
class Answered:
    """The outcome of one answer: the card's new state and what the review log records."""

    state: CardState
    log: ReviewLog


@dataclass(frozen=True, slots=True)
class Preview:
    """What each answer would do to a card: the wait until it is next due, and whether the
    answer brings it back later the same day as well (SM-2's re-drill, a learning step)."""

    intervals: Mapping[int, timedelta]
    again_today: frozenset[int]


@runtime_checkable
class Scheduler(Protocol):
    """A scheduling algorithm, as the collection uses it (see the module docstring)."""

    @property
    def name(self) -> str:
        """A short stable name stored with a deck's options (``"sm2"``)."""
        ...

    @property
    def answers(self) -> tuple[int, ...]:
        """The answers offered, in button order."""
        ...

    @property
    def one_review_a_day(self) -> bool:
        """Whether a second answer on the day of a card's last one is no new repetition (SM-2:
        only the same-day re-drill of step 7). A history replayed from another program (Anki's
        learning steps answer a new card several times a day) gives such answers as re-drills;
        an algorithm that models same-day reviews (FSRS) says False."""
        ...

    def answer(
        self, state: CardState, answer: int, *, at: datetime, day: SchedulingDay
    ) -> Answered:
        """The state after ``answer`` given at ``at`` on scheduling ``day``, and its log value.

        Raises :class:`glosscards.scheduler.grade.GradeError` for an answer not offered.
        """
        ...

    def preview(
        self, state: CardState, *, day: SchedulingDay, at: datetime | None = None
    ) -> Preview:
        """What each of :attr:`answers` would lead to, computed once per card shown. ``at``
        is the moment the card is shown: an algorithm whose outcomes depend on the hour (FSRS's
        learning steps, memory decay) uses it; SM-2, which counts days, does not."""
        ...
