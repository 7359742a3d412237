"""The workload forecast: the deck's schedule played forward over scheduling days (issue 16)."""

from __future__ import annotations

import dataclasses
import random
from collections.abc import Callable
from datetime import UTC, date, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

import pytest

from conftest import least_cpu_seconds
from glosscards.forecast import MAX_ANSWERS_A_DAY, AnswerMix, Forecast, forecast
from glosscards.scheduler.day import SchedulingDay, day_number_of, scheduling_day
from glosscards.scheduler.grade import Grade, GradeError
from glosscards.scheduler.queue import DoneToday
from glosscards.scheduler.seam import Answered, Preview, Scheduler
from glosscards.scheduler.sm2_scheduler import Sm2Scheduler
from glosscards.scheduler.state import CardPhase, CardState, ReviewLog

SM2 = Sm2Scheduler()
ALWAYS_GOOD = AnswerMix.recall(1.0)
ALWAYS_AGAIN = AnswerMix.recall(0.0)


def today(now: datetime) -> int:
    return scheduling_day(now, tz=UTC).number


def review_card(due_day: int, *, interval: int = 6, repetitions: int = 2) -> CardState:
    """A card in review, last scheduled ``interval`` days before ``due_day``."""
    last = datetime(1970, 1, 1, 12, tzinfo=UTC) + timedelta(days=due_day - interval)
    return CardState(
        phase=CardPhase.REVIEW,
        repetitions=repetitions,
        interval_days=interval,
        due_day=due_day,
        last_review=last,
    )


def run(
    states: list[CardState], now: datetime, *, rng: random.Random | None = None, **options: Any
) -> Forecast:
    """:func:`forecast` with SM-2, in UTC, with a seeded generator unless one is given."""
    return forecast(SM2, states, now=now, tz=UTC, rng=rng or random.Random(16), **options)


def test_nothing_new_and_nothing_due_is_all_zeros(fixed_now: datetime) -> None:
    """No new cards to add and no card due within the horizon: every day is empty."""
    later = [review_card(today(fixed_now) + 45, interval=40)]
    for states in ([], later):
        result = run(states, fixed_now, days=30, new_per_day=20)
        assert result.reviews_per_day == (0,) * 30
        assert result.new_per_day == (0,) * 30
        assert all(day.redrills == 0 for day in result.days)
        assert [day.number for day in result.days] == list(range(today(fixed_now), today(fixed_now) + 30))  # fmt: skip


def test_due_cards_are_all_on_day_zero_and_come_back_on_schedule(fixed_now: datetime) -> None:
    """Cards due today and overdue are day 0's reviews; answered Good after a 6-day interval
    they come back in 15 days (6 × 2.5), then in 38 more (15 × 2.5, rounded half up)."""
    t = today(fixed_now)
    states = [review_card(t) for _ in range(50)] + [review_card(t - 5) for _ in range(10)]
    result = run(states, fixed_now, days=90, answers=ALWAYS_GOOD)
    busy = {offset: n for offset, n in enumerate(result.reviews_per_day) if n}
    assert busy == {0: 60, 15: 60, 53: 60}
    assert result.total_reviews == 180


def test_again_brings_a_same_day_redrill(fixed_now: datetime) -> None:
    """Again sends a card back the same day (SM-2's re-drill) and again tomorrow; a learner
    who never recalls it is stopped at the daily cap rather than looping."""
    t = today(fixed_now)
    result = run([review_card(t)], fixed_now, days=3, answers=ALWAYS_AGAIN)
    assert result.reviews_per_day == (1, 1, 1)
    assert [day.redrills for day in result.days] == [MAX_ANSWERS_A_DAY - 1] * 3


def test_a_redrill_counts_until_the_card_is_recalled(fixed_now: datetime) -> None:
    """With recall 0.9 some answers are re-drilled, never more than the cap allows."""
    t = today(fixed_now)
    result = run([review_card(t) for _ in range(200)], fixed_now, days=1)
    assert result.days[0].reviews == 200
    assert 0 < result.days[0].redrills < 200


def test_a_redrill_pending_today_is_done_on_day_zero(fixed_now: datetime) -> None:
    """A card failed earlier today is re-drilled today (not a review), then reviewed in 1
    day and 1 more (SM-2 starts its repetitions again), then in 6."""
    day = scheduling_day(fixed_now, tz=UTC)
    failed = SM2.answer(CardState(), Grade.AGAIN, at=fixed_now - timedelta(hours=1), day=day)
    result = run([failed.state], fixed_now, days=9, answers=ALWAYS_GOOD)
    assert [(d.reviews, d.redrills) for d in result.days[:4]] == [(0, 1), (1, 0), (1, 0), (0, 0)]
    assert result.reviews_per_day == (0, 1, 1, 0, 0, 0, 0, 0, 1)


def test_new_cards_come_in_at_the_daily_number_until_none_is_left(fixed_now: datetime) -> None:
    """25 new cards at 10 a day: 10, 10, 5; each is first reviewed the next day."""
    result = run([CardState() for _ in range(25)], fixed_now, days=5, new_per_day=10,
                 answers=ALWAYS_GOOD)  # fmt: skip
    assert result.new_per_day == (10, 10, 5, 0, 0)
    assert result.reviews_per_day[:4] == (0, 10, 10, 5)


def test_the_review_limit_leaves_the_rest_for_later_days(fixed_now: datetime) -> None:
    """30 cards due, 10 reviews a day: three days of ten, the most overdue first."""
    t = today(fixed_now)
    states = [review_card(t - n % 3) for n in range(30)]
    result = run(states, fixed_now, days=4, reviews_per_day=10, answers=ALWAYS_GOOD)
    assert result.reviews_per_day == (10, 10, 10, 0)


def test_what_today_used_of_the_limits_is_not_used_again(fixed_now: datetime) -> None:
    """Having studied 8 of 10 new cards and 15 of 20 reviews today leaves 2 and 5 for today;
    tomorrow the limits are whole again."""
    t = today(fixed_now)
    states = [CardState() for _ in range(30)] + [review_card(t) for _ in range(30)]
    result = run(states, fixed_now, days=2, new_per_day=10, reviews_per_day=20,
                 done_today=DoneToday(new=8, reviews=15), answers=ALWAYS_GOOD)  # fmt: skip
    assert result.new_per_day == (2, 10)
    assert result.reviews_per_day == (5, 20)


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_the_total_grows_with_the_new_cards_a_day(fixed_now: datetime, seed: int) -> None:
    """The more new cards a day, the more reviews over the month."""
    states = [CardState() for _ in range(600)]
    totals = [
        run(states, fixed_now, days=30, new_per_day=n, rng=random.Random(seed)).total_reviews
        for n in (0, 5, 10, 20)
    ]
    assert totals[0] == 0
    assert totals == sorted(set(totals))


def test_a_seed_gives_one_forecast(fixed_now: datetime) -> None:
    """Deterministic for a seed; another seed answers otherwise."""
    states = [CardState() for _ in range(300)]

    def with_seed(seed: int) -> Forecast:
        return run(states, fixed_now, days=30, new_per_day=10, rng=random.Random(seed))

    assert with_seed(5) == with_seed(5)
    assert with_seed(5) != with_seed(6)


def test_the_states_passed_in_are_not_changed(fixed_now: datetime) -> None:
    """A forecast is pure: the caller's card states are values, left as they were."""
    states = [review_card(today(fixed_now)), CardState()]
    before = list(states)
    run(states, fixed_now, days=10, new_per_day=1)
    assert states == before


def test_days_are_scheduling_days_across_daylight_saving(fixed_now: datetime) -> None:
    """In Berlin, 30 March 2025 is 23 hours long: the days still follow one another, and a
    card due that day is counted that day."""
    berlin = ZoneInfo("Europe/Berlin")
    now = datetime(2025, 3, 28, 12, tzinfo=UTC)
    change = day_number_of(date(2025, 3, 30))
    result = forecast(SM2, [review_card(change)], now=now, tz=berlin, rng=random.Random(1),
                      days=5, answers=ALWAYS_GOOD)  # fmt: skip
    first = scheduling_day(now, tz=berlin).number
    assert [day.number for day in result.days] == list(range(first, first + 5))
    assert result.reviews_per_day == (0, 0, 1, 0, 0)
    assert result.days[2].number == change


class EveryDay:
    """A made-up algorithm behind the seam: every card is due the next day; answer 1 brings
    it back the same day as well."""

    name = "every-day"
    answers = (1, 2)
    one_review_a_day = False

    def answer(self, state: CardState, answer: int, *, at: datetime, day: SchedulingDay) -> Answered:  # fmt: skip
        new = dataclasses.replace(state, phase=CardPhase.REVIEW, due_day=day.number + 1, last_review=at)  # fmt: skip
        log = ReviewLog(at, answer, answer, state.phase, state.ease, new.ease, 0, 1, 0, False)
        return Answered(new, log)

    def preview(self, state: CardState, *, day: SchedulingDay) -> Preview:
        return Preview({1: timedelta(days=1), 2: timedelta(days=1)}, frozenset({1}))


def test_any_scheduler_behind_the_seam_can_be_forecast(fixed_now: datetime) -> None:
    """The forecast asks only the protocol: preview for what comes back today, answer for
    the next state."""
    scheduler = EveryDay()
    assert isinstance(scheduler, Scheduler)
    states = [review_card(today(fixed_now)) for _ in range(5)]
    mix = AnswerMix(((1, 1.0), (2, 1.0)))
    result = forecast(scheduler, states, now=fixed_now, tz=UTC, rng=random.Random(3), days=10, answers=mix)  # fmt: skip
    assert result.reviews_per_day == (5,) * 10
    assert sum(day.redrills for day in result.days) > 0


def test_answers_the_scheduler_does_not_offer_are_refused(fixed_now: datetime) -> None:
    """A mix with an answer SM-2's buttons lack, or negative counts, is refused at once."""
    with pytest.raises(GradeError, match="answer 7"):
        run([], fixed_now, answers=AnswerMix(((7, 1.0),)))
    with pytest.raises(ValueError, match=r"days must not be negative.*new_per_day"):
        run([], fixed_now, days=-1, new_per_day=-2)
    with pytest.raises(ValueError, match="between 0 and 1"):
        AnswerMix.recall(1.5)
    with pytest.raises(ValueError, match="not all 0"):
        AnswerMix(((1, 0.0),))


def test_ninety_days_grow_linearly_with_the_deck(fixed_now: datetime) -> None:
    """90 days of 1,600 cards (20 new a day) against 6,400 (80 a day): about four times."""

    def deck(size: int) -> Callable[[], Forecast]:
        states = [CardState() for _ in range(size)]
        return lambda: run(states, fixed_now, days=90, new_per_day=size // 80)

    small = least_cpu_seconds(deck(1_600), repeats=3)
    large = least_cpu_seconds(deck(6_400), repeats=3)
    # Linear is 4x; 10x leaves room for a noisy shared machine.
    assert large < 10 * small, (small, large)
