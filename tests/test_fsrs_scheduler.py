"""FSRS behind the seam (scheduler/fsrs_scheduler.py): the ``fsrs`` package is the reference.

Golden sequences answer a card with FsrsScheduler and py-fsrs's own ``Scheduler.review_card``
side by side, on a fixed UTC clock, and compare the memory state, the FSRS state and the due
moment after every answer. Then: previews, scheduling days across daylight saving, option
checks, history replay through both schedulers, and invariants.
"""

from __future__ import annotations

import dataclasses
import random
from collections.abc import Sequence
from datetime import UTC, datetime, timedelta, tzinfo
from zoneinfo import ZoneInfo

import fsrs
import pytest
from hypothesis import given
from hypothesis import strategies as st

from glosscards.scheduler import sm2
from glosscards.scheduler.day import SchedulingDay, scheduling_day, start_of_day
from glosscards.scheduler.fsrs_scheduler import (
    FsrsOptions,
    FsrsOptionsError,
    FsrsScheduler,
)
from glosscards.scheduler.grade import Grade, GradeError
from glosscards.scheduler.replay import PastAnswer, replay
from glosscards.scheduler.seam import Scheduler
from glosscards.scheduler.sm2_scheduler import Sm2Scheduler
from glosscards.scheduler.state import CardPhase, CardState

NOON = datetime(2025, 3, 1, 12, tzinfo=UTC)
BERLIN = ZoneInfo("Europe/Berlin")
AGAIN, HARD, GOOD, EASY = Grade.AGAIN, Grade.HARD, Grade.GOOD, Grade.EASY
PHASES = {
    fsrs.State.Learning: CardPhase.LEARNING,
    fsrs.State.Relearning: CardPhase.LEARNING,
    fsrs.State.Review: CardPhase.REVIEW,
}


def _day(moment: datetime, tz: tzinfo = UTC) -> SchedulingDay:
    return scheduling_day(moment, tz=tz, rollover_hour=4)


def _when_due(state: CardState, tz: tzinfo = UTC) -> datetime:
    """When the learner is back: at a same-day step's instant, else at noon of the due day."""
    if state.due_at is not None:
        return state.due_at
    assert state.due_day is not None
    return start_of_day(state.due_day, tz=tz) + timedelta(hours=8)


def _due_key(state: CardState, tz: tzinfo) -> datetime:
    """The first moment the card is due in the app's model."""
    if state.due_at is not None:
        return state.due_at
    assert state.due_day is not None
    return start_of_day(state.due_day, tz=tz)


# (grade, how late after the card falls due it is answered)
SEQUENCES: dict[str, list[tuple[Grade, timedelta]]] = {
    "good x6": [(GOOD, timedelta(0))] * 6,
    "again-good-good-hard-easy": [(g, timedelta(0)) for g in (AGAIN, GOOD, GOOD, HARD, EASY)],
    "lapses": [
        (g, timedelta(0)) for g in (GOOD, GOOD, GOOD, GOOD, AGAIN, AGAIN, GOOD, GOOD, AGAIN, GOOD)
    ],
    "easy then hard": [(g, timedelta(0)) for g in (EASY, HARD, HARD, AGAIN, HARD, GOOD)],
    "late and early": [
        (GOOD, timedelta(0)),
        (GOOD, timedelta(hours=30)),
        (GOOD, timedelta(days=9)),
        (AGAIN, -timedelta(days=3)),
        (HARD, timedelta(minutes=45)),
        (EASY, timedelta(days=40)),
    ],
}


@pytest.mark.parametrize("name", SEQUENCES)
def test_every_answer_matches_the_fsrs_package(name: str) -> None:
    """Stability, difficulty, FSRS state, step and due agree with ``fsrs.Scheduler.review_card``
    after every answer; same-day steps keep the package's due instant, the rest its day."""
    ours, reference = FsrsScheduler(tz=UTC), fsrs.Scheduler(enable_fuzzing=False)
    state, card, at = CardState(), fsrs.Card(card_id=1, due=NOON), NOON
    for grade, late in SEQUENCES[name]:
        state = ours.answer(state, grade, at=at, day=_day(at)).state
        card, _ = reference.review_card(card, fsrs.Rating(int(grade)), at)
        assert (state.stability, state.difficulty) == (card.stability, card.difficulty)
        assert (state.phase, state.fsrs_step) == (PHASES[card.state], card.step)
        assert state.last_review == card.last_review == at
        if state.redrill:
            assert state.due_at == card.due and state.due_day == _day(at).number
        else:
            assert state.due_at is None and state.due_day == _day(card.due).number
        at = max(_when_due(state) + late, at)


def _intervals(grades: Sequence[Grade]) -> list[int | timedelta]:
    """Answer ``grades`` when due; each answer's wait: a same-day step's length, else days."""
    scheduler, state, at = FsrsScheduler(tz=UTC), CardState(), NOON
    waits: list[int | timedelta] = []
    for grade in grades:
        state = scheduler.answer(state, grade, at=at, day=_day(at)).state
        waits.append(state.due_at - at if state.due_at is not None else state.interval_days)
        at = _when_due(state)
    return waits


def test_good_six_times_golden_intervals() -> None:
    """What a learner sees with the default options: two learning steps, then 2, 7, 32 ... days."""
    assert _intervals([GOOD] * 6) == [timedelta(minutes=10), 2, 7, 32, 118, 374]


def test_lapses_count_again_on_review_cards_only() -> None:
    """Again in the learning steps is no lapse; Again on a review card is one, and starts
    relearning (``LEARNING``) from which Good graduates it again."""
    scheduler, state, at = FsrsScheduler(tz=UTC), CardState(), NOON
    for grade, lapses, phase in [
        (AGAIN, 0, CardPhase.LEARNING),
        (GOOD, 0, CardPhase.LEARNING),
        (GOOD, 0, CardPhase.REVIEW),
        (AGAIN, 1, CardPhase.LEARNING),
        (AGAIN, 1, CardPhase.LEARNING),
        (GOOD, 1, CardPhase.REVIEW),
        (AGAIN, 2, CardPhase.LEARNING),
    ]:
        state = scheduler.answer(state, grade, at=at, day=_day(at)).state
        assert (state.lapses, state.phase) == (lapses, phase)
        at = _when_due(state)
    assert state.repetitions == 0 and state.fsrs_step == 0


def test_the_log_keeps_what_sm2_needs() -> None:
    """The log records the button, the SM-2 quality it stands for, and never a re-drill."""
    answered = FsrsScheduler(tz=UTC).answer(CardState(), HARD, at=NOON, day=_day(NOON))
    log = answered.log
    assert (log.grade, log.quality, log.redrill, log.phase_before) == (2, 3, False, CardPhase.NEW)
    assert log.ease_before == log.ease_after == answered.state.ease == 2.5


def test_the_four_previews_of_a_new_card_differ() -> None:
    """A new card: 1 minute, 5.5 minutes, 10 minutes, 8 days; the first three come back today."""
    preview = FsrsScheduler(tz=UTC).preview(CardState(), day=_day(NOON), at=NOON)
    assert dict(preview.intervals) == {
        AGAIN: timedelta(minutes=1),
        HARD: timedelta(minutes=5, seconds=30),
        GOOD: timedelta(minutes=10),
        EASY: timedelta(days=8),
    }
    assert preview.again_today == {AGAIN, HARD, GOOD}


def test_previews_are_what_answering_gives() -> None:
    """For a card in review (and one in relearning), each button's preview is the wait the
    answer gives, and only the buttons that leave a step today come back today."""
    scheduler = FsrsScheduler(tz=UTC)
    state, at = CardState(), NOON
    for grade in (GOOD, GOOD, GOOD, AGAIN):
        state = scheduler.answer(state, grade, at=at, day=_day(at)).state
        at = _when_due(state)
        preview = scheduler.preview(state, day=_day(at), at=at)
        for button in Grade:
            after = scheduler.answer(state, button, at=at, day=_day(at)).state
            wait = after.due_at - at if after.due_at else timedelta(days=after.interval_days)
            assert preview.intervals[button] == wait
            assert (button in preview.again_today) == after.redrill
    review = scheduler.answer(CardState(), EASY, at=NOON, day=_day(NOON)).state
    due = _when_due(review)
    assert len(set(scheduler.preview(review, day=_day(due), at=due).intervals.values())) == 4


def test_a_preview_without_a_moment_assumes_the_earliest_answer_today() -> None:
    """Without ``at``, a card in today's steps is previewed at its step's instant."""
    scheduler = FsrsScheduler(tz=UTC)
    state = scheduler.answer(CardState(), GOOD, at=NOON, day=_day(NOON)).state
    assert state.due_at is not None
    assert scheduler.preview(state, day=_day(NOON)) == scheduler.preview(
        state, day=_day(NOON), at=state.due_at
    )


@pytest.mark.parametrize(
    ("local", "today"),
    [
        # 26 Oct 2025 (clocks back at 03:00): the scheduling day from 25 Oct 04:00 is 25 hours
        # long, so 03:05 + 10 minutes (after the second 02:xx hour) is still that day.
        (datetime(2025, 10, 26, 3, 5), True),
        (datetime(2025, 10, 26, 3, 55), False),
        # 30 Mar 2025 (clocks forward at 02:00): the day is 23 hours long, so 03:55 + 10 minutes
        # is the next day's 04:05.
        (datetime(2025, 3, 30, 3, 55), False),
        (datetime(2025, 3, 30, 3, 45), True),
    ],
)
def test_a_step_near_the_rollover_lands_on_the_right_day_across_dst(
    local: datetime, today: bool
) -> None:
    """Good on a new card (10-minute step) in Berlin just before a 04:00 rollover, on the two
    days of 2025 that are not 24 hours long: "later today" follows the local rollover."""
    at = local.replace(tzinfo=BERLIN).astimezone(UTC)
    day = _day(at, BERLIN)
    state = FsrsScheduler(tz=BERLIN).answer(CardState(), GOOD, at=at, day=day).state
    if today:
        assert (state.redrill, state.due_day, state.due_at) == (
            True,
            day.number,
            at + timedelta(minutes=10),
        )
    else:
        assert (state.redrill, state.due_day, state.due_at) == (False, day.number + 1, None)
        assert start_of_day(day.number + 1, tz=BERLIN) <= at + timedelta(minutes=10)


def test_review_days_and_long_steps_are_scheduling_days_across_dst() -> None:
    """Easy on 29 Mar 2025 (8 days, across the spring-forward) is due from 04:00 local on
    6 Apr; a one-day learning step from 23:30 falls on the next scheduling day, not two."""
    scheduler = FsrsScheduler(tz=BERLIN)
    at = datetime(2025, 3, 29, 12, tzinfo=BERLIN)
    easy = scheduler.answer(CardState(), EASY, at=at, day=_day(at, BERLIN)).state
    assert easy.due_day == _day(at, BERLIN).number + 8
    due = start_of_day(easy.due_day, tz=BERLIN).astimezone(BERLIN)
    assert (due.day, due.hour, due.minute) == (6, 4, 0)
    daily = FsrsScheduler(FsrsOptions(learning_steps=(timedelta(days=1),)), tz=BERLIN)
    late = datetime(2025, 3, 29, 23, 30, tzinfo=BERLIN)
    stepped = daily.answer(CardState(), AGAIN, at=late, day=_day(late, BERLIN)).state
    assert (stepped.phase, stepped.redrill) == (CardPhase.LEARNING, False)
    assert (
        stepped.due_day
        == _day(late, BERLIN).number + 1
        == _day(late + timedelta(days=1), BERLIN).number
    )


_DEFAULT_WEIGHTS = fsrs.scheduler.DEFAULT_PARAMETERS


@pytest.mark.parametrize(
    ("field", "value", "shown"),
    [
        ("desired_retention", 0.69, "0.69"),
        ("desired_retention", 0.98, "0.98"),
        ("desired_retention", True, "True"),
        ("maximum_interval_days", 0, "not 0"),
        ("maximum_interval_days", 36501, "36501"),
        ("maximum_interval_days", 2.5, "2.5"),
        ("learning_steps", (timedelta(minutes=1), timedelta(0)), "[1]"),
        ("relearning_steps", [timedelta(minutes=10)], "[datetime.timedelta(seconds=600)]"),
        ("enable_fuzzing", "yes", "'yes'"),
        ("parameters", (0.2, 1.3), "(0.2, 1.3)"),
        ("parameters", (*_DEFAULT_WEIGHTS[:4], 11.0, *_DEFAULT_WEIGHTS[5:]), "[4] = 11.0"),
    ],
)
def test_bad_options_are_refused_naming_the_value(field: str, value: object, shown: str) -> None:
    """Each out-of-range option raises a ValueError naming the option and the value."""
    with pytest.raises(ValueError, match=field) as raised:
        FsrsOptions(**{field: value})  # type: ignore[arg-type]
    assert isinstance(raised.value, FsrsOptionsError)
    assert shown in str(raised.value)


def test_every_bad_option_is_reported_at_once() -> None:
    with pytest.raises(FsrsOptionsError) as raised:
        FsrsOptions(desired_retention=0.5, maximum_interval_days=-1)
    assert len(raised.value.problems) == 2


def test_what_the_scheduler_refuses() -> None:
    """Fuzz without a random.Random, a rollover that is no hour, a non-button answer, a naive
    moment, and an SM-2 state with no FSRS memory state (replay its history first)."""
    with pytest.raises(FsrsOptionsError, match=r"random\.Random"):
        FsrsScheduler(FsrsOptions(enable_fuzzing=True), tz=UTC)
    with pytest.raises(ValueError, match="24"):
        FsrsScheduler(tz=UTC, rollover_hour=24)
    scheduler = FsrsScheduler(tz=UTC)
    for bad in (0, 5, True):
        with pytest.raises(GradeError):
            scheduler.answer(CardState(), bad, at=NOON, day=_day(NOON))
    with pytest.raises(ValueError, match="naive"):
        scheduler.answer(CardState(), GOOD, at=NOON.replace(tzinfo=None), day=_day(NOON))
    sm2_state = Sm2Scheduler().answer(CardState(), GOOD, at=NOON, day=_day(NOON)).state
    with pytest.raises(ValueError, match="replay"):
        scheduler.answer(sm2_state, GOOD, at=NOON, day=_day(NOON))
    with pytest.raises(ValueError, match="stability"):
        CardState(stability=0.0, difficulty=5.0)
    with pytest.raises(ValueError, match="both or neither"):
        CardState(stability=3.0)


def test_fuzz_comes_from_the_random_passed_in() -> None:
    """With fuzz on, the same seed gives the same intervals, spread within py-fsrs's range
    around the unfuzzed one; the preview shows the unfuzzed interval."""

    def intervals(seed: int) -> list[int]:
        options = FsrsOptions(enable_fuzzing=True)
        scheduler = FsrsScheduler(options, tz=UTC, rng=random.Random(seed))
        state, at, found = CardState(), NOON, []
        for _ in range(6):
            preview = scheduler.preview(state, day=_day(at), at=at)
            state = scheduler.answer(state, EASY, at=at, day=_day(at)).state
            plain = preview.intervals[EASY].days
            assert abs(state.interval_days - plain) <= max(1, round(0.15 * plain + 1.5))
            found.append(state.interval_days)
            at = _when_due(state)
        return found

    assert intervals(7) == intervals(7)
    assert any(intervals(seed) != intervals(7) for seed in range(8))


def test_sm2_ignores_the_fsrs_fields() -> None:
    """A scheduled SM-2 answer gives the same state whether or not FSRS fields are present."""
    fsrs_state = FsrsScheduler(tz=UTC).answer(CardState(), EASY, at=NOON, day=_day(NOON)).state
    bare = dataclasses.replace(fsrs_state, stability=None, difficulty=None, fsrs_step=None)
    later = NOON + timedelta(days=8)
    assert sm2.review(fsrs_state, 4, later, today=_day(later).number) == sm2.review(
        bare, 4, later, today=_day(later).number
    )


# A realistic history: Anki's learning steps on the first day (three answers), a review two
# days on, a hard one, a lapse relearned the same evening, a quality-only (six-grade) answer,
# a long gap.
HISTORY = [
    PastAnswer(NOON, int(AGAIN), 1),
    PastAnswer(NOON + timedelta(minutes=1), int(GOOD), 4),
    PastAnswer(NOON + timedelta(minutes=11), int(GOOD), 4),
    PastAnswer(NOON + timedelta(days=2, hours=-3), int(GOOD), 4),
    PastAnswer(NOON + timedelta(days=9), int(HARD), 3),
    PastAnswer(NOON + timedelta(days=21, hours=7), int(AGAIN), 1),
    PastAnswer(NOON + timedelta(days=21, hours=7, minutes=12), int(GOOD), 4),
    PastAnswer(NOON + timedelta(days=25), None, 5),
    PastAnswer(NOON + timedelta(days=160, hours=-10), int(GOOD), 4),
]


def _replayed(scheduler: Scheduler, history: Sequence[PastAnswer]) -> list[CardState]:
    return [r.outcome.state for r in replay(scheduler, history, day_of=_day)]


def test_switching_to_fsrs_replays_the_history_as_the_fsrs_package_would() -> None:
    """Replayed through FsrsScheduler, a history gives the memory state the ``fsrs`` package
    computes for the same reviews (``Scheduler.reschedule_card``), and it is the card's state."""
    states = _replayed(FsrsScheduler(tz=UTC), list(reversed(HISTORY)))
    ratings = [fsrs.Rating(a.grade if a.grade is not None else 4) for a in HISTORY]
    logs = [fsrs.ReviewLog(1, r, a.at, None) for r, a in zip(ratings, HISTORY, strict=True)]
    card = fsrs.Scheduler(enable_fuzzing=False).reschedule_card(fsrs.Card(1, due=NOON), logs)
    final = states[-1]
    assert (final.stability, final.difficulty) == (card.stability, card.difficulty)
    assert (final.phase, final.fsrs_step, final.lapses) == (CardPhase.REVIEW, None, 1)
    assert [s.redrill for s in states[:3]] == [True, True, False]
    assert 0 < FsrsScheduler(tz=UTC).retrievability(final, NOON + timedelta(days=200)) < 1


def test_switching_back_replays_sm2_to_the_same_state() -> None:
    """SM-2 → FSRS → SM-2: the logs FSRS writes keep the buttons and qualities, so SM-2 replayed
    from them gives exactly the state SM-2 had (with no FSRS fields)."""
    sm2_states = _replayed(Sm2Scheduler(), HISTORY)
    through_fsrs = replay(FsrsScheduler(tz=UTC), HISTORY, day_of=_day)
    relogged = [
        PastAnswer(r.outcome.log.reviewed_at, r.outcome.log.grade, r.outcome.log.quality)
        for r in through_fsrs
    ]
    assert relogged == [dataclasses.replace(a, grade=a.grade or 4) for a in HISTORY]
    assert _replayed(Sm2Scheduler(), relogged) == sm2_states
    assert sm2_states[-1].stability is None and sm2_states[-1].due_at is None


# Answers with the delay (minutes) since the last one: steps, same-day, days, months.
_DELAYS = st.one_of(
    st.sampled_from([0, 1, 5, 10, 59, 60 * 5, 60 * 23, 60 * 24, 60 * 25]),
    st.integers(min_value=0, max_value=60 * 24 * 400),
)
_ANSWERS = st.lists(st.tuples(st.sampled_from(list(Grade)), _DELAYS), min_size=1, max_size=20)
_ZONES = st.sampled_from([UTC, BERLIN, ZoneInfo("Australia/Lord_Howe")])


@given(answers=_ANSWERS, tz=_ZONES, retention=st.sampled_from([0.7, 0.9, 0.97]))
def test_good_and_easy_never_move_the_due_date_back(
    answers: list[tuple[Grade, int]], tz: tzinfo, retention: float
) -> None:
    """Whenever it is answered, Good or Easy never makes a card due earlier than it was; every
    answer leaves it due today or later, in today's steps exactly when it has ``due_at``."""
    scheduler = FsrsScheduler(FsrsOptions(desired_retention=retention), tz=tz)
    state, at = CardState(), datetime(2025, 3, 29, 21, 13, tzinfo=UTC)
    for grade, minutes in answers:
        at += timedelta(minutes=minutes)
        day = _day(at, tz)
        after = scheduler.answer(state, grade, at=at, day=day).state
        assert after.due_day is not None and after.due_day >= day.number
        assert after.redrill == (after.due_at is not None) == (after.due_day == day.number)
        assert after.interval_days == after.due_day - day.number
        if grade in (GOOD, EASY) and state.phase is not CardPhase.NEW:
            assert _due_key(after, tz) >= _due_key(state, tz)
        state = after


@given(answers=_ANSWERS, gaps=st.lists(st.integers(0, 60 * 24 * 3000), min_size=2, max_size=6))
def test_retrievability_is_a_probability_that_falls_with_time(
    answers: list[tuple[Grade, int]], gaps: list[int]
) -> None:
    """After any history, recall is certain at the last review, a probability in [0, 1] at every
    later moment, and never higher later than earlier."""
    scheduler, state, at = FsrsScheduler(tz=UTC), CardState(), NOON
    for grade, minutes in answers:
        at += timedelta(minutes=minutes)
        state = scheduler.answer(state, grade, at=at, day=_day(at)).state
    assert scheduler.retrievability(state, at) == 1.0
    assert scheduler.retrievability(state, at + timedelta(days=1)) < 1.0
    recalls = [scheduler.retrievability(state, at + timedelta(minutes=m)) for m in sorted(gaps)]
    assert all(0.0 <= r <= 1.0 for r in recalls)
    assert recalls == sorted(recalls, reverse=True)
    assert scheduler.retrievability(CardState(), at) == 0.0
