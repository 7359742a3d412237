"""FSRS behind the scheduler seam: the ``fsrs`` package (py-fsrs) on glosscards' scheduling days.

py-fsrs computes FSRS's memory state (stability, difficulty), the learning steps and the next
interval for a rating given at a moment. This module feeds it a :class:`CardState` and maps
what comes back onto the app's model of days:

* a learning or relearning step that falls later on the answer's scheduling day puts the card
  in the same-day re-drill queue: ``redrill=True``, ``due_day`` today, ``due_at`` the step's
  instant;
* a step that falls on a later scheduling day (10 minutes from 03:55 with a 04:00 rollover, a
  one-day step) sets ``due_day`` to the number of the day its instant falls on, in the
  scheduler's time zone and rollover hour (:func:`glosscards.scheduler.day.scheduling_day`),
  and no ``due_at``;
* a review interval of n days sets ``due_day`` to today's number + n, as SM-2 does, so a
  daylight-saving change never moves a card to another day (py-fsrs's own ``due`` is
  "now + n × 24 h"). ``interval_days`` is always ``due_day`` minus the answer's day number.

FSRS's Learning and Relearning states are both ``CardPhase.LEARNING``; a learning card is
relearning when it has lapsed (only Again on a reviewed card starts relearning, and it counts
a lapse). ``repetitions`` keeps SM-2's meaning (passed answers in a row; Again sets it to 0),
``ease`` is carried along unused, and the log's ``quality`` is the SM-2 quality the button
stands for, so the history can be replayed through SM-2 again.

How long ago the last review was is py-fsrs's to measure, in whole 24-hour periods (memory
decays in real time): an answer less than 24 hours after the last one is a short-term review
to FSRS even on the next scheduling day (evening, then next morning), and so is one 23 hours
on across a spring-forward. Retrievability is measured the same way.

Pure: py-fsrs reads the clock or the global ``random`` only when given no moment, a card without
an id or due, or fuzzing on; this module never lets it. Fuzz, when asked for, is drawn here from
a ``random.Random`` passed in, within py-fsrs's ranges.
"""

from __future__ import annotations

import math
import random
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta, tzinfo

import fsrs
from fsrs.scheduler import (
    DEFAULT_PARAMETERS,
    FUZZ_RANGES,
    LOWER_BOUNDS_PARAMETERS,
    UPPER_BOUNDS_PARAMETERS,
)

from glosscards.errors import GlosscardsError
from glosscards.scheduler.day import DEFAULT_ROLLOVER_HOUR, SchedulingDay, scheduling_day
from glosscards.scheduler.grade import Grade, quality_for
from glosscards.scheduler.seam import Answered, Preview
from glosscards.scheduler.state import CardPhase, CardState, ReviewLog

__all__ = [
    "DEFAULT_FSRS_OPTIONS",
    "MAX_INTERVAL_DAYS",
    "MAX_RETENTION",
    "MIN_RETENTION",
    "FsrsOptions",
    "FsrsOptionsError",
    "FsrsScheduler",
]

MIN_RETENTION = 0.70
MAX_RETENTION = 0.97
"""The desired retention a deck may ask for (Anki's range): below, forgetting is the norm;
above, the reviews a day grow steeply for little gain."""

MAX_INTERVAL_DAYS = 36500
"""The longest interval a deck may allow (py-fsrs's default and Anki's limit: 100 years)."""

_RATINGS = {
    Grade.AGAIN: fsrs.Rating.Again,
    Grade.HARD: fsrs.Rating.Hard,
    Grade.GOOD: fsrs.Rating.Good,
    Grade.EASY: fsrs.Rating.Easy,
}
_STEPPING = (fsrs.State.Learning, fsrs.State.Relearning)
# py-fsrs reads the clock for a Card made without an id or a due; review_card reads neither.
_CARD_ID = 0
_ANY_DUE = datetime(1970, 1, 1, tzinfo=UTC)


class FsrsOptionsError(GlosscardsError, ValueError):
    """FSRS options out of range; ``problems`` lists every one, each naming the bad value."""

    def __init__(self, problems: list[str]) -> None:
        self.problems = tuple(problems)
        super().__init__("invalid FSRS options: " + "; ".join(problems))


def _is_number(value: object) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool)


def _step_problems(name: str, steps: object) -> list[str]:
    if not isinstance(steps, tuple):
        return [f"{name} must be a tuple of timedeltas, not {steps!r}"]
    return [
        f"{name}[{i}] must be a positive timedelta, not {step!r}"
        for i, step in enumerate(steps)
        if not isinstance(step, timedelta) or step <= timedelta(0)
    ]


def _parameter_problems(parameters: object) -> list[str]:
    if not isinstance(parameters, tuple) or len(parameters) != len(DEFAULT_PARAMETERS):
        return [
            f"parameters must be a tuple of {len(DEFAULT_PARAMETERS)} numbers, not {parameters!r}"
        ]
    return [
        f"parameters[{i}] = {value!r} is outside {low}-{high}"
        for i, (value, low, high) in enumerate(
            zip(parameters, LOWER_BOUNDS_PARAMETERS, UPPER_BOUNDS_PARAMETERS, strict=True)
        )
        if not (_is_number(value) and math.isfinite(value) and low <= value <= high)
    ]


@dataclass(frozen=True, slots=True)
class FsrsOptions:
    """A deck's FSRS settings, checked when made (every problem at once, in one error).

    ``parameters`` are FSRS-6's 21 weights: py-fsrs's defaults until fitted to the learner's
    history. Fuzzing spreads review intervals by a few days; it needs a ``random.Random``
    passed to :class:`FsrsScheduler`.
    """

    desired_retention: float = 0.90
    maximum_interval_days: int = MAX_INTERVAL_DAYS
    learning_steps: tuple[timedelta, ...] = (timedelta(minutes=1), timedelta(minutes=10))
    relearning_steps: tuple[timedelta, ...] = (timedelta(minutes=10),)
    enable_fuzzing: bool = False
    parameters: tuple[float, ...] = tuple(DEFAULT_PARAMETERS)

    def __post_init__(self) -> None:
        problems: list[str] = []
        retention = self.desired_retention
        if not (_is_number(retention) and MIN_RETENTION <= retention <= MAX_RETENTION):
            problems.append(
                f"desired_retention must be {MIN_RETENTION}-{MAX_RETENTION}, not {retention!r}"
            )
        longest = self.maximum_interval_days
        if (
            isinstance(longest, bool)
            or not isinstance(longest, int)
            or not 1 <= longest <= MAX_INTERVAL_DAYS
        ):
            problems.append(
                f"maximum_interval_days must be a whole number 1-{MAX_INTERVAL_DAYS}, not {longest!r}"
            )
        problems += _step_problems("learning_steps", self.learning_steps)
        problems += _step_problems("relearning_steps", self.relearning_steps)
        if not isinstance(self.enable_fuzzing, bool):
            problems.append(f"enable_fuzzing must be True or False, not {self.enable_fuzzing!r}")
        problems += _parameter_problems(self.parameters)
        if problems:
            raise FsrsOptionsError(problems)


DEFAULT_FSRS_OPTIONS = FsrsOptions()


def _utc(moment: datetime) -> datetime:
    if moment.tzinfo is None or moment.utcoffset() is None:
        raise ValueError(f"at must be timezone-aware, not naive: {moment!r}")
    return moment.astimezone(UTC)  # py-fsrs accepts UTC only


def _grade(answer: int) -> Grade:
    quality_for(answer)  # raises GradeError unless answer is a button 1-4
    return Grade(answer)


def _card(state: CardState) -> fsrs.Card:
    """``state`` as a py-fsrs card; raises ``ValueError`` for an answered card with no FSRS
    memory state (an SM-2 state: replay its history through :class:`FsrsScheduler` first)."""
    if state.phase is CardPhase.NEW:
        return fsrs.Card(card_id=_CARD_ID, state=fsrs.State.Learning, step=0, due=_ANY_DUE)
    stepping = state.phase is CardPhase.LEARNING
    if (
        state.stability is None
        or state.difficulty is None
        or state.last_review is None
        or (stepping and state.fsrs_step is None)
    ):
        raise ValueError(
            f"the card ({state.phase.value}) has no FSRS memory state; replay its history"
            " through FsrsScheduler (glosscards.scheduler.replay.replay) first"
        )
    if not stepping:
        kind = fsrs.State.Review
    else:
        kind = fsrs.State.Relearning if state.lapses else fsrs.State.Learning
    return fsrs.Card(
        card_id=_CARD_ID,
        state=kind,
        step=state.fsrs_step if stepping else None,
        stability=state.stability,
        difficulty=state.difficulty,
        due=_ANY_DUE,
        last_review=state.last_review.astimezone(UTC),
    )


def _fuzzed_days(days: int, *, rng: random.Random, maximum: int) -> int:
    """``days`` spread as py-fsrs spreads them (none under 2.5 days), drawn from ``rng``."""
    if days < 2.5:
        return days
    delta = 1.0
    for band in FUZZ_RANGES:
        delta += band["factor"] * max(min(float(days), band["end"]) - band["start"], 0.0)
    high = min(round(days + delta), maximum)
    low = min(max(2, round(days - delta)), high)
    return rng.randint(low, high)


class FsrsScheduler:
    """FSRS answered with the four buttons (see the module docstring).

    ``tz`` and ``rollover_hour`` must be the collection's: they say on which scheduling day a
    learning step's instant falls. ``rng`` is required when ``options.enable_fuzzing``.
    """

    name = "fsrs"
    one_review_a_day = False
    answers: tuple[int, ...] = tuple(Grade)

    def __init__(
        self,
        options: FsrsOptions = DEFAULT_FSRS_OPTIONS,
        *,
        tz: tzinfo,
        rollover_hour: int = DEFAULT_ROLLOVER_HOUR,
        rng: random.Random | None = None,
    ) -> None:
        if options.enable_fuzzing and rng is None:
            raise FsrsOptionsError(
                ["enable_fuzzing needs a random.Random (rng=...): the global one is never used"]
            )
        if isinstance(rollover_hour, bool) or not 0 <= rollover_hour <= 23:
            raise ValueError(f"rollover_hour must be an hour 0-23, not {rollover_hour!r}")
        self.options = options
        self.tz = tz
        self.rollover_hour = rollover_hour
        self._rng = rng if options.enable_fuzzing else None
        self._fsrs = fsrs.Scheduler(
            parameters=options.parameters,
            desired_retention=options.desired_retention,
            learning_steps=options.learning_steps,
            relearning_steps=options.relearning_steps,
            maximum_interval=options.maximum_interval_days,
            enable_fuzzing=False,  # it would draw from the global random; see _fuzzed_days
        )

    def answer(
        self, state: CardState, answer: int, *, at: datetime, day: SchedulingDay
    ) -> Answered:
        new_state, log, _ = self._outcome(
            state, _grade(answer), at=_utc(at), day=day, rng=self._rng
        )
        return Answered(new_state, log)

    def preview(
        self, state: CardState, *, day: SchedulingDay, at: datetime | None = None
    ) -> Preview:
        """The wait each button would give (a step's length, or whole days to ``due_day``), and
        the buttons that bring the card back today. Unlike SM-2's, FSRS's answers depend on the
        moment: pass ``at`` (now); without it, the earliest moment the card can be answered
        today is assumed. Fuzz is not shown: the preview is the unspread interval."""
        if at is None:
            candidates = (day.start, state.last_review, state.due_at)
            moment = max(c.astimezone(UTC) for c in candidates if c is not None)
        else:
            moment = _utc(at)
        card = _card(state)
        intervals: dict[int, timedelta] = {}
        again_today: set[int] = set()
        for grade in Grade:  # the waits _outcome gives, without building the states (hot path)
            after, _ = self._fsrs.review_card(card, _RATINGS[grade], moment)
            if after.state in _STEPPING:
                intervals[grade] = after.due - moment
                if after.due < day.end:
                    again_today.add(grade)
            else:
                intervals[grade] = timedelta(days=(after.due - moment).days)
        return Preview(intervals, frozenset(again_today))

    def retrievability(self, state: CardState, at: datetime) -> float:
        """FSRS's predicted probability of recalling the card at ``at`` (0 for a new card)."""
        if state.phase is CardPhase.NEW:
            return 0.0
        return float(self._fsrs.get_card_retrievability(_card(state), _utc(at)))

    def _outcome(
        self,
        state: CardState,
        grade: Grade,
        *,
        at: datetime,
        day: SchedulingDay,
        rng: random.Random | None,
        card: fsrs.Card | None = None,
    ) -> tuple[CardState, ReviewLog, timedelta]:
        """The state and log after ``grade`` at the UTC instant ``at``, and the wait it gives."""
        after, _ = self._fsrs.review_card(card or _card(state), _RATINGS[grade], at)
        due_at: datetime | None = None
        if after.state in _STEPPING:
            wait = after.due - at
            if after.due < day.end:
                due_day, due_at = day.number, after.due
            else:
                landing = scheduling_day(after.due, tz=self.tz, rollover_hour=self.rollover_hour)
                due_day = max(landing.number, day.number + 1)
        else:
            days = (after.due - at).days  # py-fsrs gives a review a whole number of days
            if rng is not None:
                days = _fuzzed_days(days, rng=rng, maximum=self.options.maximum_interval_days)
            due_day, wait = day.number + days, timedelta(days=days)
        passed = grade is not Grade.AGAIN
        lapsed = not passed and state.phase is CardPhase.REVIEW
        new_state = CardState(
            phase=CardPhase.LEARNING if after.state in _STEPPING else CardPhase.REVIEW,
            ease=state.ease,
            repetitions=state.repetitions + 1 if passed else 0,
            interval_days=due_day - day.number,
            lapses=state.lapses + int(lapsed),
            due_day=due_day,
            last_review=at,
            redrill=due_at is not None,
            stability=after.stability,
            difficulty=after.difficulty,
            fsrs_step=after.step,
            due_at=due_at,
        )
        log = ReviewLog(
            reviewed_at=at,
            quality=quality_for(grade),
            grade=int(grade),
            phase_before=state.phase,
            ease_before=state.ease,
            ease_after=state.ease,
            interval_before=state.interval_days,
            interval_after=new_state.interval_days,
            repetitions_after=new_state.repetitions,
            redrill=False,
        )
        return new_state, log, wait
