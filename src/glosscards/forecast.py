"""How many cards the coming days will ask for: a deck's schedule played forward.

Given the deck's scheduler (anything meeting :class:`glosscards.scheduler.seam.Scheduler`) and
its cards' states, :func:`forecast` plays the next ``days`` scheduling days: each day the cards
due are answered (overdue ones first, within a review limit if one is given), then up to
``new_per_day`` of the deck's new cards, in the order given; an answer that the scheduler's
preview says brings the card back today (SM-2's re-drill after Again or Hard) is followed by
another, until one does not. The answers are drawn from an :class:`AnswerMix` with the
caller's seeded ``random.Random``, so a forecast is a pure function of its arguments.

Days are scheduling days (:mod:`glosscards.scheduler.day`): each is built from its number with
the deck's time zone and rollover hour, so a daylight-saving change makes a day 23 or 25 hours
long and never moves a card to another day. Day 0 is the one ``now`` falls in; its answers are
given at ``now`` (cards already answered today are not due again), the later days' from their
start; what today's answers used of the limits (``done_today``) is not used again, and a card
whose re-drill is still pending today (answered today with ``redrill`` set) is re-drilled.
"""

from __future__ import annotations

import math
import random
from collections import deque
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta, tzinfo

from glosscards.scheduler.day import (
    DEFAULT_ROLLOVER_HOUR,
    SchedulingDay,
    scheduling_day,
    start_of_day,
)
from glosscards.scheduler.grade import Grade, GradeError
from glosscards.scheduler.queue import DoneToday
from glosscards.scheduler.seam import Scheduler
from glosscards.scheduler.state import CardPhase, CardState

__all__ = [
    "DEFAULT_ANSWERS",
    "MAX_ANSWERS_A_DAY",
    "AnswerMix",
    "Forecast",
    "ForecastDay",
    "forecast",
]

MAX_ANSWERS_A_DAY = 10
"""A card is answered at most this often in one day: a mix that always fails (``recall(0)``)
would otherwise re-drill it forever."""

_REDRILL_GAP = timedelta(minutes=1)
_NOTHING_DONE = DoneToday()


@dataclass(frozen=True, slots=True)
class AnswerMix:
    """How the simulated learner answers: each answer (as the scheduler numbers it, e.g. a
    :class:`~glosscards.scheduler.grade.Grade`) with its weight."""

    weights: tuple[tuple[int, float], ...]

    def __post_init__(self) -> None:
        if not self.weights:
            raise ValueError("an answer mix needs at least one answer")
        bad = [w for _, w in self.weights if not (math.isfinite(w) and w >= 0)]
        if bad or sum(w for _, w in self.weights) <= 0:
            raise ValueError(f"answer weights must be finite, >= 0 and not all 0: {self.weights}")

    @classmethod
    def recall(cls, rate: float) -> AnswerMix:
        """Good with probability ``rate`` (0 – 1), else Again (the four buttons)."""
        if not 0 <= rate <= 1:
            raise ValueError(f"a recall rate is between 0 and 1, not {rate!r}")
        return cls(((int(Grade.GOOD), rate), (int(Grade.AGAIN), 1 - rate)))

    @property
    def answers(self) -> tuple[int, ...]:
        return tuple(answer for answer, _ in self.weights)

    def draw(self, rng: random.Random) -> int:
        point = rng.random() * sum(w for _, w in self.weights)
        for answer, weight in self.weights:
            point -= weight
            if point < 0:
                return answer
        return next(answer for answer, weight in reversed(self.weights) if weight > 0)


DEFAULT_ANSWERS = AnswerMix.recall(0.9)
"""Nine answers in ten Good, the rest Again."""


@dataclass(frozen=True, slots=True)
class ForecastDay:
    """One simulated scheduling day."""

    number: int
    """The scheduling day's number (:func:`glosscards.scheduler.day.scheduling_day`)."""
    new: int
    """New cards introduced."""
    reviews: int
    """Due cards answered (their scheduled review)."""
    redrills: int
    """Answers given again the same day (after Again or Hard)."""

    @property
    def answers(self) -> int:
        return self.new + self.reviews + self.redrills


@dataclass(frozen=True, slots=True)
class Forecast:
    """The simulated days, day 0 (today) first."""

    days: tuple[ForecastDay, ...]

    @property
    def reviews_per_day(self) -> tuple[int, ...]:
        return tuple(day.reviews for day in self.days)

    @property
    def new_per_day(self) -> tuple[int, ...]:
        return tuple(day.new for day in self.days)

    @property
    def total_reviews(self) -> int:
        return sum(day.reviews for day in self.days)


def forecast(
    scheduler: Scheduler,
    states: Sequence[CardState],
    *,
    now: datetime,
    tz: tzinfo,
    rng: random.Random,
    rollover_hour: int = DEFAULT_ROLLOVER_HOUR,
    days: int = 30,
    new_per_day: int = 0,
    reviews_per_day: int | None = None,
    done_today: DoneToday = _NOTHING_DONE,
    answers: AnswerMix = DEFAULT_ANSWERS,
) -> Forecast:
    """The next ``days`` scheduling days of the deck whose cards are in ``states`` (new cards
    among them, introduced in their order here). ``reviews_per_day`` caps the due cards
    answered a day (the rest wait, overdue first); ``None``: no cap. ``done_today`` is what
    today's answers have used of both limits already."""
    _check(scheduler, answers, days=days, new_per_day=new_per_day, limit=reviews_per_day)
    first = scheduling_day(now, tz=tz, rollover_hour=rollover_hour)
    cards = list(states)
    new_cards = deque(i for i, s in enumerate(cards) if s.phase is CardPhase.NEW)
    pending = [
        i
        for i, s in enumerate(cards)
        if s.redrill and s.last_review is not None and first.contains(s.last_review)
    ]
    due: dict[int, list[int]] = {}
    redrilled = set(pending)
    for i, state in enumerate(cards):
        if state.phase is not CardPhase.NEW and state.due_day is not None and i not in redrilled:
            due.setdefault(max(state.due_day, first.number), []).append(i)
    play = _Player(scheduler, answers, rng, cards, due)
    # Due cards the review limit left for later days, each with its place in the queue (a
    # waiting card is not answered, so its due day stays): plain tuples sort in C, where a key
    # function per card was most of a forecast at 100,000 cards.
    waiting: list[tuple[int, int]] = []
    out: list[ForecastDay] = []
    for offset in range(days):
        if offset == 0:
            day, at = first, now
            redrills = sum(play.study(i, day=day, at=at, redrill=True) for i in pending)
        else:
            number = first.number + offset
            start = start_of_day(number, tz=tz, rollover_hour=rollover_hour)
            day = scheduling_day(start, tz=tz, rollover_hour=rollover_hour)
            at, redrills = day.start, 0
        used = done_today if offset == 0 else _NOTHING_DONE
        waiting.extend((cards[i].due_day or 0, i) for i in due.pop(day.number, ()))
        limit = None if reviews_per_day is None else max(0, reviews_per_day - used.reviews)
        if limit is not None and len(waiting) > limit:
            waiting.sort()
            todays, waiting = [i for _, i in waiting[:limit]], waiting[limit:]
        else:
            todays, waiting = [i for _, i in waiting], []
        redrills += sum(play.study(i, day=day, at=at) for i in todays)
        new_left = min(max(0, new_per_day - used.new), len(new_cards))
        introduced = [new_cards.popleft() for _ in range(new_left)]
        redrills += sum(play.study(i, day=day, at=at) for i in introduced)
        out.append(ForecastDay(day.number, len(introduced), len(todays), redrills))
    return Forecast(tuple(out))


def _check(
    scheduler: Scheduler, answers: AnswerMix, *, days: int, new_per_day: int, limit: int | None
) -> None:
    """Every problem with the arguments at once: a ``GradeError`` when an answer of the mix is
    not offered by ``scheduler``, else a ``ValueError``."""
    counts = (("days", days), ("new_per_day", new_per_day), ("reviews_per_day", limit or 0))
    problems = [f"{name} must not be negative, not {value}" for name, value in counts if value < 0]
    offered = set(scheduler.answers)
    unknown = [
        f"answer {a!r} is not one the {scheduler.name} scheduler offers"
        for a in answers.answers
        if a not in offered
    ]
    if unknown or problems:
        error = GradeError if unknown else ValueError
        raise error("cannot forecast: " + "; ".join([*unknown, *problems]))


class _Player:
    """Answers cards on a day and files them under the day they are due next."""

    def __init__(
        self,
        scheduler: Scheduler,
        answers: AnswerMix,
        rng: random.Random,
        cards: list[CardState],
        due: dict[int, list[int]],
    ) -> None:
        self.scheduler, self.answers, self.rng = scheduler, answers, rng
        self.cards, self.due = cards, due

    def study(self, card: int, *, day: SchedulingDay, at: datetime, redrill: bool = False) -> int:
        """Answer ``card`` until an answer does not bring it back today; the number of those
        answers that were same-day repeats (all of them when ``redrill``: it was pending)."""
        state = self.cards[card]
        answered = 0
        while answered < MAX_ANSWERS_A_DAY:
            again = self.scheduler.preview(state, day=day).again_today
            answer = self.answers.draw(self.rng)
            moment = min(at + answered * _REDRILL_GAP, day.end - timedelta(microseconds=1))
            state = self.scheduler.answer(state, answer, at=moment, day=day).state
            answered += 1
            if answer not in again:
                break
        self.cards[card] = state
        if state.due_day is not None:
            self.due.setdefault(max(state.due_day, day.number + 1), []).append(card)
        return answered if redrill else answered - 1
