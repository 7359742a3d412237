"""SM-2 as pure functions of (card state, quality, now): no I/O, no clock, no randomness.

The algorithm is Wozniak's published SM-2 (SuperMemo 2, 1987–1990):

1. EF (the E-Factor, ``CardState.ease``) starts at 2.5.
2. Intervals in days: I(1) = 1, I(2) = 6, I(n) = I(n-1) * EF for n > 2.
3. After each answer, EF' = EF + (0.1 - (5-q) * (0.08 + (5-q) * 0.02)), never below 1.3.
4. A quality q < 3 starts the repetitions again from I(1) (n = 0).
5. Items with q < 4 are repeated the same day until they score at least 4 (the re-drill).

The published text leaves four things open. The choices made here, and why:

**EF changes on a failed answer too.** Step 3 says "after each repetition"; the failure rule
says to restart "without changing the E-Factor", which is read as *without resetting it to 2.5*:
the card keeps the EF it has after this answer's update. A card that keeps being forgotten is a
hard card, and lowering its EF is what shortens its later intervals; if failures left EF alone,
a card could lapse forever at the same growth rate. With the default buttons Again (q=1) costs
0.54; the 1.3 floor bounds the damage.

**I(n) uses the EF after this answer's update.** The answer just given is the freshest evidence,
and it is what makes the buttons mean something: with the old EF, Hard, Good and Easy on a
review card would all give the same next interval. So Hard (q=3) gives a shorter interval than
Good (q=4, EF unchanged), and Easy (q=5) a longer one.

**Intervals are whole days, rounded half up, from the stored previous interval.** I(n) =
round_half_up(I(n-1) * EF), where I(n-1) is the integer interval the card was last scheduled
with, not an unrounded real. Half-up (not Python's round-half-even) so 37.5 becomes 38 and
240.5 becomes 241 — the rule a person checking by hand expects. Chaining from the stored integer
makes the schedule a function of what is stored, so a card's next interval never depends on
history that is not in ``CardState``. The product is computed in integer hundredths, so there is
no floating-point tie-breaking: (I * EF_hundredths + 50) // 100.

**n counts successful answers; the interval after an answer is I(n) for the new n.** A new
card's first answer with q >= 3 is repetition 1 (next review in 1 day), its second is
repetition 2 (6 days). A failure sets n = 0 and schedules the card in I(1) = 1 day; the next
success is then repetition 1 again (1 day), then 6 days: a lapse costs "1, 1, 6, ...", as in
the common published implementations of SM-2.

**EF is kept to two decimals.** Every EF change in the formula is a whole number of hundredths
(+0.10, 0, -0.14, -0.32, -0.54, -0.80 for q = 5..0), so rounding to two decimals loses nothing
and stops binary-float drift from accumulating in stored values (2.36 stays 2.36, not
2.3599999999999999). An incoming ``ease`` with more decimals is first rounded to hundredths.

Lateness is ignored, as in SM-2: the interval depends on the previous interval and EF, not on
how long the card actually waited. The card is due on scheduling day ``today + interval``
(``CardState.due_day``): whole scheduling days, never "now + n × 24 hours", so a daylight-saving
change cannot move it to another day.

**The re-drill (step 5 above, SM-2's step 7).** Every *scheduled* answer (``review``) with
q < 4 — Again and Hard with the default buttons — sets ``CardState.redrill``. The card keeps
the SM-2 result of that answer (for Again: n = 0, due in 1 day; for Hard: its new interval) and
the session queue shows it again later the same day. Answering it then goes through
``answer_redrill``, which changes nothing SM-2 counts — not EF, not n, not the interval, not
``due_day`` — and only clears ``redrill`` when q >= 4; with q < 4 it stays queued. The review log
marks such answers ``redrill=True``.

Which function to call is the caller's choice, because only the caller knows the day: a
``redrill`` flag set on an earlier scheduling day is stale (the card is simply due for its next
scheduled review), and ``review`` treats it so — it performs a normal SM-2 repetition and sets
the flag afresh from the new quality. ``redrill_pending(state, day_start=...)`` tells the two
apart (flag set *and* last answered since ``day_start``), and ``answer(..., day=...)``
dispatches on it.

**Button previews.** ``preview_intervals`` gives, for each answer, the days from today to the
``due_day`` of the state that answer would lead to. For Again that is 1 day, for Hard the card's new SM-2 interval: the
same-day re-drill is not shown as an interval (it is "later today" for both, and both set the
flag — see ``starts_redrill``), because what a button changes, and what differs between
buttons, is the next scheduled review. For a card that is itself being re-drilled, every
button leaves ``due_day`` where it is, so all of them show the days left until it.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping
from datetime import UTC, datetime, timedelta
from typing import Literal, overload

from glosscards.scheduler.day import SchedulingDay
from glosscards.scheduler.grade import (
    DEFAULT_QUALITY,
    Grade,
    GradeMode,
    answers_for,
    quality_for,
    validate_quality,
)
from glosscards.scheduler.state import CardPhase, CardState, ReviewLog

__all__ = [
    "EASE_DECIMALS",
    "FIRST_INTERVAL",
    "PASS_QUALITY",
    "REDRILL_PASS_QUALITY",
    "SECOND_INTERVAL",
    "answer",
    "answer_redrill",
    "next_ease",
    "next_interval",
    "preview_intervals",
    "redrill_pending",
    "review",
    "starts_redrill",
]

PASS_QUALITY = 3
"""The lowest quality that counts as a successful repetition."""

REDRILL_PASS_QUALITY = 4
"""The lowest quality that ends the same-day re-drill (and that does not start one)."""

FIRST_INTERVAL = 1
"""I(1), in days: after the first successful repetition, and after any failure."""

SECOND_INTERVAL = 6
"""I(2), in days."""

EASE_DECIMALS = 2
"""EF is stored to this many decimals (it is computed in hundredths)."""

_SCALE = 100  # 10 ** EASE_DECIMALS: EF is computed in hundredths
_MIN_EASE_UNITS = 130  # 1.3 in hundredths


def _ease_units(ease: float) -> int:
    return round(ease * _SCALE)


def _require_aware(now: datetime) -> datetime:
    if now.tzinfo is None or now.utcoffset() is None:
        raise ValueError(f"now must be timezone-aware, not naive: {now!r}")
    return now.astimezone(UTC)


def _validate_grade(grade: Grade | int | None) -> int | None:
    if grade is None:
        return None
    quality_for(grade)  # raises GradeError unless grade is a button 1-4
    return int(grade)


def next_ease(ease: float, quality: int) -> float:
    """SM-2's EF update for one answer, floored at 1.3 and kept to two decimals."""
    d = 5 - validate_quality(quality)
    change = 10 - d * (8 + 2 * d)  # 0.1 - d*(0.08 + d*0.02), in hundredths
    return max(_MIN_EASE_UNITS, _ease_units(ease) + change) / _SCALE


def next_interval(*, repetitions: int, previous_interval: int, ease: float) -> int:
    """I(n) in days for the ``repetitions``-th successful repetition in a row (n >= 1).

    ``previous_interval`` is I(n-1) as stored; ``ease`` is the EF after this answer.
    """
    if repetitions < 1:
        raise ValueError(f"repetitions must be >= 1 for a successful answer, not {repetitions}")
    if repetitions == 1:
        return FIRST_INTERVAL
    if repetitions == 2:
        return SECOND_INTERVAL
    product = max(previous_interval, FIRST_INTERVAL) * _ease_units(ease)
    return (product + _SCALE // 2) // _SCALE  # round half up


def starts_redrill(quality: int) -> bool:
    """Whether an answer of this quality puts (or keeps) the card in the same-day re-drill."""
    return validate_quality(quality) < REDRILL_PASS_QUALITY


def review(
    state: CardState,
    quality: int,
    now: datetime,
    *,
    today: int,
    grade: Grade | int | None = None,
) -> tuple[CardState, ReviewLog]:
    """One scheduled SM-2 repetition: the new state and the review-log entry.

    ``today`` is the number of the scheduling day ``now`` belongs to (see
    :func:`glosscards.scheduler.day.scheduling_day`). ``quality`` drives the algorithm; ``grade`` (the button pressed, if any) is only recorded in
    the log. A ``redrill`` flag already on ``state`` is treated as stale (see the module
    docstring) and replaced by the one this answer sets.
    """
    q = validate_quality(quality)
    logged_grade = _validate_grade(grade)
    at = _require_aware(now)
    ease = next_ease(state.ease, q)
    if q >= PASS_QUALITY:
        repetitions = state.repetitions + 1
        interval = next_interval(
            repetitions=repetitions, previous_interval=state.interval_days, ease=ease
        )
        lapses = state.lapses
    else:
        repetitions = 0
        interval = FIRST_INTERVAL
        lapses = state.lapses + (1 if state.repetitions >= 1 else 0)
    new_state = CardState(
        phase=CardPhase.REVIEW if repetitions >= 1 else CardPhase.LEARNING,
        ease=ease,
        repetitions=repetitions,
        interval_days=interval,
        lapses=lapses,
        due_day=today + interval,
        last_review=at,
        redrill=q < REDRILL_PASS_QUALITY,
    )
    log = ReviewLog(
        reviewed_at=at,
        quality=q,
        grade=logged_grade,
        phase_before=state.phase,
        ease_before=state.ease,
        ease_after=ease,
        interval_before=state.interval_days,
        interval_after=interval,
        repetitions_after=repetitions,
        redrill=False,
    )
    return new_state, log


def answer_redrill(
    state: CardState, quality: int, now: datetime, *, grade: Grade | int | None = None
) -> tuple[CardState, ReviewLog]:
    """A same-day re-drill answer: only ``redrill`` (cleared by q >= 4) and ``last_review`` change.

    Raises ``ValueError`` if the card is not in the re-drill queue.
    """
    q = validate_quality(quality)
    logged_grade = _validate_grade(grade)
    at = _require_aware(now)
    if not state.redrill or state.due_day is None:
        raise ValueError("the card is not in the re-drill queue; answer it with review()")
    new_state = dataclasses.replace(state, redrill=q < REDRILL_PASS_QUALITY, last_review=at)
    log = ReviewLog(
        reviewed_at=at,
        quality=q,
        grade=logged_grade,
        phase_before=state.phase,
        ease_before=state.ease,
        ease_after=state.ease,
        interval_before=state.interval_days,
        interval_after=state.interval_days,
        repetitions_after=state.repetitions,
        redrill=True,
    )
    return new_state, log


def redrill_pending(state: CardState, *, day_start: datetime) -> bool:
    """Whether the card's ``redrill`` flag belongs to the scheduling day starting at ``day_start``.

    ``day_start`` comes from ``glosscards.scheduler.day.day_start``. A flag left from an earlier
    day is stale: the card is then due for a scheduled review, not a re-drill.
    """
    start = _require_aware(day_start)
    return state.redrill and state.last_review is not None and state.last_review >= start


def answer(
    state: CardState,
    quality: int,
    now: datetime,
    *,
    day: SchedulingDay,
    grade: Grade | int | None = None,
) -> tuple[CardState, ReviewLog]:
    """Answer a card on scheduling ``day``: as a re-drill if one is pending today, else as a
    scheduled repetition."""
    if redrill_pending(state, day_start=day.start):
        return answer_redrill(state, quality, now, grade=grade)
    return review(state, quality, now, today=day.number, grade=grade)


_DEFAULT_ANSWERS = {
    mode: tuple((c, quality_for(c, mode=mode)) for c in answers_for(mode)) for mode in GradeMode
}


def _answer_qualities(
    mode: GradeMode, qualities: Mapping[Grade, int]
) -> tuple[tuple[int, int], ...]:
    """(answer, SM-2 quality) for each answer the mode offers; the default map is precomputed."""
    if qualities is DEFAULT_QUALITY:
        return _DEFAULT_ANSWERS[mode]
    return tuple((c, quality_for(c, mode=mode, qualities=qualities)) for c in answers_for(mode))


@overload
def preview_intervals(
    state: CardState,
    *,
    mode: Literal[GradeMode.FOUR_BUTTONS] = ...,
    qualities: Mapping[Grade, int] = ...,
    day: SchedulingDay | None = ...,
) -> dict[Grade, timedelta]: ...


@overload
def preview_intervals(
    state: CardState,
    *,
    mode: GradeMode,
    qualities: Mapping[Grade, int] = ...,
    day: SchedulingDay | None = ...,
) -> dict[int, timedelta]: ...


def preview_intervals(
    state: CardState,
    *,
    mode: GradeMode = GradeMode.FOUR_BUTTONS,
    qualities: Mapping[Grade, int] = DEFAULT_QUALITY,
    day: SchedulingDay | None = None,
) -> dict[Grade, timedelta] | dict[int, timedelta]:
    """What each answer would give: whole days from today to the resulting ``due_day``.

    Keys are the ``Grade`` buttons in four-button mode and the qualities 0-5 in six mode. With
    ``day`` the preview follows ``answer`` (a pending re-drill keeps ``due_day``); without it,
    ``review`` (a scheduled repetition). See the module docstring for why Again and Hard show
    their SM-2 interval rather than the same-day re-drill.
    """
    if day is not None and redrill_pending(state, day_start=day.start):
        assert state.due_day is not None  # a card in re-drill has been answered
        left = timedelta(days=state.due_day - day.number)
        return {choice: left for choice in answers_for(mode)}  # a re-drill keeps due_day
    # The same arithmetic as ``review``, without building four states and logs: the reviewer
    # asks for this once per card shown (tests check it agrees with ``review``).
    # In hundredths, as next_ease and next_interval compute (tests check they agree).
    units, repetitions = _ease_units(state.ease), state.repetitions + 1
    previous = max(state.interval_days, FIRST_INTERVAL)
    previews: dict[int, timedelta] = {}
    for choice, q in _answer_qualities(GradeMode(mode), qualities):
        if q < PASS_QUALITY:
            interval = FIRST_INTERVAL
        elif repetitions <= 2:
            interval = FIRST_INTERVAL if repetitions == 1 else SECOND_INTERVAL
        else:
            d = 5 - q
            ease_units = max(_MIN_EASE_UNITS, units + 10 - d * (8 + 2 * d))
            interval = (previous * ease_units + _SCALE // 2) // _SCALE
        previews[choice] = _days(interval)
    return previews


_DAYS = tuple(timedelta(days=n) for n in range(400))


def _days(interval: int) -> timedelta:
    """``timedelta(days=interval)``, the short ones made once."""
    return _DAYS[interval] if 0 <= interval < len(_DAYS) else timedelta(days=interval)
