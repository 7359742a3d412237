"""Golden sequences: a fixed UTC clock, answers in, the exact schedule out.

Every expected list is worked out by hand in the comment above it from the rules in the
``glosscards.scheduler.sm2`` docstring: EF' = EF + 0.1 - (5-q)(0.08 + 0.02(5-q)) floored at 1.3
(changes: q5 +0.10, q4 0, q3 -0.14, q2 -0.32, q1 -0.54, q0 -0.80), the new EF used for the
interval, I(1)=1, I(2)=6, I(n)=round_half_up(I(n-1) * EF), a failure resets n to 0 and gives 1.
Each answer is given at the moment the card falls due.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta, timezone

import pytest

from glosscards.scheduler import (
    CardPhase,
    CardState,
    Grade,
    GradeMode,
    ReviewLog,
    answer_redrill,
    format_interval,
    next_ease,
    next_interval,
    quality_for,
    redrill_pending,
    sm2,
)
from glosscards.scheduler.day import date_of_day
from glosscards.scheduler.sm2 import answer, preview_intervals
from sm2_clock import day_of, noon_of, review


@dataclass(frozen=True)
class History:
    intervals: list[int]
    eases: list[float]
    dues: list[date]
    final: CardState


def replay(
    qualities: Iterable[int], start: datetime, *, redrill_with: int | None = None
) -> History:
    """Answer each quality when the card is due; optionally clear re-drills an hour later."""
    state, now = CardState(), start
    intervals: list[int] = []
    eases: list[float] = []
    dues: list[date] = []
    for quality in qualities:
        state, _ = review(state, quality, now)
        intervals.append(state.interval_days)
        eases.append(state.ease)
        due = state.due_day
        assert due is not None
        dues.append(date_of_day(due))
        if redrill_with is not None:
            later = now + timedelta(hours=1)
            while state.redrill:
                state, _ = answer_redrill(state, redrill_with, later)
                assert state.due_day == due
        now = noon_of(due)
    return History(intervals, eases, dues, state)


def test_good_every_time(fixed_now: datetime) -> None:
    """Good (q=4) keeps EF at 2.5: 1, 6, then each interval times 2.5, halves rounded up."""
    # 1; 6; 6*2.5 = 15.0 -> 15; 15*2.5 = 37.5 -> 38; 38*2.5 = 95.0 -> 95
    history = replay([4, 4, 4, 4, 4], fixed_now)
    assert history.intervals == [1, 6, 15, 38, 95]
    assert history.eases == [2.5] * 5
    # due dates: 1 Mar 12:00 + 1 = 2 Mar, + 6 = 8 Mar, + 15 = 23 Mar, + 38 = 30 Apr, + 95 = 3 Aug
    assert history.dues == [
        date(2025, 3, 2),
        date(2025, 3, 8),
        date(2025, 3, 23),
        date(2025, 4, 30),
        date(2025, 8, 3),
    ]
    assert history.final.repetitions == 5
    assert history.final.phase is CardPhase.REVIEW
    assert not history.final.redrill


def test_easy_every_time(fixed_now: datetime) -> None:
    """Easy (q=5) raises EF by 0.1 each time, and the interval uses the raised EF."""
    # EF 2.6, 2.7, 2.8, 2.9, 3.0
    # 1; 6; 6*2.8 = 16.8 -> 17; 17*2.9 = 49.3 -> 49; 49*3.0 = 147
    history = replay([5, 5, 5, 5, 5], fixed_now)
    assert history.intervals == [1, 6, 17, 49, 147]
    assert history.eases == [2.6, 2.7, 2.8, 2.9, 3.0]


def test_failure_in_the_middle(fixed_now: datetime) -> None:
    """A failure restarts at 1 day, lowers EF, counts a lapse; the next success is I(1) again."""
    # q4: 1; q4: 6; q4: 6*2.5 = 15; q1: EF 2.5-0.54 = 1.96, n=0 -> 1;
    # q4: n=1 -> 1; q4: n=2 -> 6; q4: 6*1.96 = 11.76 -> 12
    history = replay([4, 4, 4, 1, 4, 4, 4], fixed_now, redrill_with=4)
    assert history.intervals == [1, 6, 15, 1, 1, 6, 12]
    assert history.eases == [2.5, 2.5, 2.5, 1.96, 1.96, 1.96, 1.96]
    assert history.final.lapses == 1
    assert history.final.repetitions == 3


def test_hard_answers_lower_ease_to_the_floor(fixed_now: datetime) -> None:
    """Hard (q=3) costs 0.14 EF a time until the 1.3 floor; re-drills in between change nothing."""
    # EF: 2.36 2.22 2.08 1.94 1.80 1.66 1.52 1.38, then 1.24 -> floor 1.30, 1.30
    # 1; 6; 6*2.08 = 12.48 -> 12; 12*1.94 = 23.28 -> 23; 23*1.80 = 41.4 -> 41;
    # 41*1.66 = 68.06 -> 68; 68*1.52 = 103.36 -> 103; 103*1.38 = 142.14 -> 142;
    # 142*1.30 = 184.6 -> 185; 185*1.30 = 240.5 -> 241 (half up; half-even would give 240)
    expected = [1, 6, 12, 23, 41, 68, 103, 142, 185, 241]
    drilled = replay([3] * 10, fixed_now, redrill_with=4)
    assert drilled.intervals == expected
    assert drilled.eases == [2.36, 2.22, 2.08, 1.94, 1.8, 1.66, 1.52, 1.38, 1.3, 1.3]
    assert replay([3] * 10, fixed_now).intervals == expected
    assert drilled.final.lapses == 0


def test_six_grade_mode(fixed_now: datetime) -> None:
    """Answering with SM-2 qualities directly, including a blackout and a second failure."""
    # q5: EF 2.60, n1 -> 1;  q3: EF 2.46, n2 -> 6;  q0: EF 1.66, n0 -> 1 (a lapse);
    # q2: EF 1.34, n0 -> 1 (failing a card with n=0 is no new lapse);  q4: EF 1.34, n1 -> 1;
    # q5: EF 1.44, n2 -> 6;  q5: EF 1.54, 6*1.54 = 9.24 -> 9;  q4: EF 1.54, 9*1.54 = 13.86 -> 14
    answers = [5, 3, 0, 2, 4, 5, 5, 4]
    qualities = [quality_for(a, mode=GradeMode.SM2_SIX) for a in answers]
    history = replay(qualities, fixed_now, redrill_with=5)
    assert history.intervals == [1, 6, 1, 1, 1, 6, 9, 14]
    assert history.eases == [2.6, 2.46, 1.66, 1.34, 1.34, 1.44, 1.54, 1.54]
    assert history.final.lapses == 1


def test_four_buttons(fixed_now: datetime) -> None:
    """The default buttons through their qualities: Good, Good, Hard, Easy, Again, Good."""
    # Good q4: 1;  Good q4: 6;  Hard q3: EF 2.36, 6*2.36 = 14.16 -> 14;
    # Easy q5: EF 2.46, 14*2.46 = 34.44 -> 34;  Again q1: EF 1.92, 1;  Good q4: n1 -> 1
    buttons = [Grade.GOOD, Grade.GOOD, Grade.HARD, Grade.EASY, Grade.AGAIN, Grade.GOOD]
    history = replay([quality_for(b) for b in buttons], fixed_now, redrill_with=4)
    assert history.intervals == [1, 6, 14, 34, 1, 1]
    assert history.eases == [2.5, 2.5, 2.36, 2.46, 1.92, 1.92]


@pytest.mark.parametrize(
    ("quality", "expected"),
    [(5, 2.6), (4, 2.5), (3, 2.36), (2, 2.18), (1, 1.96), (0, 1.7)],
)
def test_ease_change_per_quality(quality: int, expected: float) -> None:
    """Wozniak's EF formula from 2.5, one row per quality."""
    assert next_ease(2.5, quality) == expected


@pytest.mark.parametrize(
    ("ease", "quality", "expected"),
    [
        (1.3, 0, 1.3),  # floor
        (1.5, 1, 1.3),  # 1.5 - 0.54 = 0.96 -> floor
        (1.44, 3, 1.3),  # exactly the floor
        (2.499, 4, 2.5),  # an incoming ease is taken to hundredths first
        (2.36, 5, 2.46),
    ],
)
def test_ease_floor_and_decimals(ease: float, quality: int, expected: float) -> None:
    """EF never drops below 1.3 and is kept to two decimals."""
    assert next_ease(ease, quality) == expected


def test_ease_does_not_drift(fixed_now: datetime) -> None:
    """Fifty Hard/Easy pairs come back to exactly the same two-decimal EF."""
    ease = 2.0
    for _ in range(50):
        ease = next_ease(next_ease(ease, 3), 5)
    # each pair nets -0.04 down to 1.32; then Hard floors at 1.3 and Easy lifts it to 1.4
    assert ease == 1.4
    ease = 2.0
    for _ in range(5):
        ease = next_ease(next_ease(ease, 5), 3)
    assert ease == 1.8  # 2.0 - 5 * 0.04, with no 1.7999999...


@pytest.mark.parametrize(
    ("repetitions", "previous", "ease", "expected"),
    [
        (1, 0, 2.5, 1),
        (1, 95, 1.3, 1),  # after a failure, I(1) whatever came before
        (2, 1, 2.5, 6),
        (3, 6, 2.5, 15),
        (4, 15, 2.5, 38),  # 37.5 rounds up
        (3, 25, 1.3, 33),  # 32.5 rounds up
        (3, 185, 1.3, 241),  # 240.5 rounds up
        (3, 6, 2.36, 14),  # 14.16 rounds down
    ],
)
def test_next_interval(repetitions: int, previous: int, ease: float, expected: int) -> None:
    """I(1)=1, I(2)=6, I(n)=round_half_up(I(n-1)*EF) on the stored whole-day interval."""
    assert next_interval(repetitions=repetitions, previous_interval=previous, ease=ease) == expected


def test_review_log_of_a_scheduled_answer(fixed_now: datetime) -> None:
    """The log row records the answer and the state change it caused."""
    state = CardState(
        phase=CardPhase.REVIEW,
        ease=2.5,
        repetitions=3,
        interval_days=15,
        due_day=day_of(fixed_now).number,
    )
    after, log = review(state, 3, fixed_now, grade=Grade.HARD)
    assert log == ReviewLog(
        reviewed_at=fixed_now,
        quality=3,
        grade=2,
        phase_before=CardPhase.REVIEW,
        ease_before=2.5,
        ease_after=2.36,
        interval_before=15,
        interval_after=35,  # 15 * 2.36 = 35.4
        repetitions_after=4,
        redrill=False,
    )
    assert after.due_day == day_of(fixed_now).number + 35
    assert after.last_review == fixed_now
    assert after.redrill  # Hard (q=3 < 4) comes back the same day


def test_new_card_phases(fixed_now: datetime) -> None:
    """A new card goes to REVIEW on a pass and to LEARNING (no lapse) on a failure."""
    passed, _ = review(CardState(), 4, fixed_now)
    failed, log = review(CardState(), 1, fixed_now)
    assert (passed.phase, passed.repetitions, passed.lapses) == (CardPhase.REVIEW, 1, 0)
    assert (failed.phase, failed.repetitions, failed.lapses) == (CardPhase.LEARNING, 0, 0)
    assert failed.due_day == day_of(fixed_now).number + 1
    assert log.phase_before is CardPhase.NEW
    assert log.grade is None


def test_now_in_another_zone_is_stored_as_utc(fixed_now: datetime) -> None:
    """An aware ``now`` in any zone schedules the same day, and the log is written in UTC."""
    tokyo = fixed_now.astimezone(timezone(timedelta(hours=9)))
    after, log = review(CardState(), 4, tokyo)
    assert after.due_day == day_of(fixed_now).number + 1
    assert after.last_review is not None and after.last_review.tzinfo is UTC
    assert log.reviewed_at.tzinfo is UTC


def test_naive_now_is_rejected() -> None:
    """A naive ``now`` is ambiguous, so every entry point refuses it."""
    naive = datetime(2025, 3, 1, 12)
    with pytest.raises(ValueError, match="timezone-aware"):
        review(CardState(), 4, naive)
    with pytest.raises(ValueError, match="timezone-aware"):
        sm2.answer_redrill(CardState(redrill=True, due_day=1), 4, naive)


# --- the same-day re-drill (SM-2 step 7) -------------------------------------------------------


def test_again_then_redrill_until_good(fixed_now: datetime) -> None:
    """Again gives 1 day and a re-drill; Again/Hard re-drills keep it queued, Good ends it."""
    review_card = CardState(
        phase=CardPhase.REVIEW,
        ease=2.5,
        repetitions=3,
        interval_days=15,
        due_day=day_of(fixed_now).number,
    )
    failed, _ = review(review_card, quality_for(Grade.AGAIN), fixed_now)
    assert failed.redrill
    assert (failed.interval_days, failed.repetitions, failed.ease, failed.lapses) == (
        1,
        0,
        1.96,
        1,
    )
    assert failed.due_day == day_of(fixed_now).number + 1

    state = failed
    for minutes, grade, still_queued in [
        (10, Grade.AGAIN, True),
        (20, Grade.HARD, True),
        (30, Grade.GOOD, False),
    ]:
        later = fixed_now + timedelta(minutes=minutes)
        state, log = answer_redrill(state, quality_for(grade), later, grade=grade)
        assert state.redrill is still_queued
        assert (
            state.ease,
            state.repetitions,
            state.interval_days,
            state.due_day,
            state.lapses,
        ) == (
            failed.ease,
            failed.repetitions,
            failed.interval_days,
            failed.due_day,
            failed.lapses,
        )
        assert state.last_review == later
        assert log.redrill
        assert (log.ease_before, log.ease_after) == (1.96, 1.96)
        assert (log.interval_before, log.interval_after, log.repetitions_after) == (1, 1, 0)


def test_redrill_answer_needs_a_queued_card(fixed_now: datetime) -> None:
    """A card not in the re-drill queue cannot be answered as a re-drill."""
    good, _ = review(CardState(), 4, fixed_now)
    with pytest.raises(ValueError, match="re-drill"):
        answer_redrill(good, 4, fixed_now)


def test_redrill_pending_only_on_the_same_scheduling_day(fixed_now: datetime) -> None:
    """The flag counts on the day it was set; the next day the card is simply due."""
    failed, _ = review(CardState(), 1, fixed_now)  # 1 Mar 12:00 UTC
    today = day_of(fixed_now).start  # 1 Mar 04:00
    tomorrow = day_of(fixed_now + timedelta(days=1)).start  # 2 Mar 04:00
    assert redrill_pending(failed, day_start=today)
    assert not redrill_pending(failed, day_start=tomorrow)


def test_answer_dispatches_on_the_day(fixed_now: datetime) -> None:
    """``answer`` re-drills on the same day and reviews when the flag is from an earlier day."""
    failed, _ = review(CardState(), 1, fixed_now)
    later_today = fixed_now + timedelta(hours=2)
    drilled, log = answer(failed, 4, later_today, day=day_of(later_today))
    assert log.redrill
    assert (drilled.repetitions, drilled.redrill, drilled.due_day) == (0, False, failed.due_day)

    assert failed.due_day is not None
    next_day = noon_of(failed.due_day)  # the re-drill was never finished; the card is due again
    reviewed, log = answer(failed, 4, next_day, day=day_of(next_day))
    assert not log.redrill
    assert (reviewed.repetitions, reviewed.interval_days, reviewed.redrill) == (1, 1, False)


def test_review_replaces_a_stale_redrill_flag(fixed_now: datetime) -> None:
    """``review`` on a card still flagged from an earlier day is a normal SM-2 repetition."""
    stale = CardState(
        phase=CardPhase.REVIEW,
        ease=2.5,
        repetitions=2,
        interval_days=6,
        due_day=day_of(fixed_now).number,
        last_review=fixed_now - timedelta(days=6),
        redrill=True,
    )
    after, log = review(stale, 4, fixed_now)
    assert (after.interval_days, after.repetitions, after.redrill) == (15, 3, False)
    assert not log.redrill


# --- button previews ----------------------------------------------------------------------------


def test_preview_of_a_new_card(fixed_now: datetime) -> None:
    """On a new card every button gives I(1) = 1 day (Again as the failure interval)."""
    assert preview_intervals(CardState()) == {g: timedelta(days=1) for g in Grade}


def test_preview_of_a_review_card(fixed_now: datetime) -> None:
    """On a 95-day card: Again 1d, Hard 95*2.36, Good 95*2.5, Easy 95*2.6, labelled as Anki does."""
    card = replay([4] * 5, fixed_now).final
    assert card.due_day is not None
    previews = preview_intervals(card, day=day_of(noon_of(card.due_day)))
    # 95*2.36 = 224.2 -> 224; 95*2.5 = 237.5 -> 238; 95*2.6 = 247
    assert previews == {
        Grade.AGAIN: timedelta(days=1),
        Grade.HARD: timedelta(days=224),
        Grade.GOOD: timedelta(days=238),
        Grade.EASY: timedelta(days=247),
    }
    # a month is 365/12 = 30.42 days: 224 -> 7.36, 238 -> 7.82, 247 -> 8.12 months
    labels = {g: format_interval(d) for g, d in previews.items()}
    assert labels == {
        Grade.AGAIN: "1d",
        Grade.HARD: "7.4mo",
        Grade.GOOD: "7.8mo",
        Grade.EASY: "8.1mo",
    }


def test_preview_in_six_grade_mode(fixed_now: datetime) -> None:
    """Six mode previews every quality 0-5 on a 6-day card: 1d for 0-2, then 6*EF'."""
    card = replay([4, 4], fixed_now).final
    assert card.due_day is not None
    previews = preview_intervals(card, mode=GradeMode.SM2_SIX)
    # q3: 6*2.36 = 14.16 -> 14; q4: 6*2.5 = 15; q5: 6*2.6 = 15.6 -> 16
    assert {q: d.days for q, d in previews.items()} == {0: 1, 1: 1, 2: 1, 3: 14, 4: 15, 5: 16}


def test_preview_during_a_redrill_keeps_due(fixed_now: datetime) -> None:
    """With the day, a card being re-drilled previews the same due day for every button: the
    one its failure scheduled, tomorrow."""
    failed, _ = review(CardState(), 1, fixed_now)
    later = fixed_now + timedelta(hours=3)
    previews = preview_intervals(failed, day=day_of(later))
    assert set(previews.values()) == {timedelta(days=1)}
    assert format_interval(timedelta(days=1)) == "1d"
