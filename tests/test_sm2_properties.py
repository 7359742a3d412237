"""Invariants of the SM-2 scheduler and of grade validation, checked with hypothesis."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone

import pytest
from hypothesis import given
from hypothesis import strategies as st

from glosscards.errors import GlosscardsError
from glosscards.scheduler import (
    DEFAULT_QUALITY,
    CardPhase,
    CardState,
    Grade,
    GradeError,
    GradeMode,
    answer_redrill,
    next_ease,
    quality_for,
    starts_redrill,
    validate_quality,
    validate_quality_map,
)
from glosscards.scheduler.day import SchedulingDay
from glosscards.scheduler.sm2 import answer, preview_intervals
from sm2_clock import day_of, noon_of, review

START = datetime(2025, 3, 1, 12, 0, tzinfo=UTC)

qualities = st.integers(min_value=0, max_value=5)
passing = st.integers(min_value=3, max_value=5)
# A step of a history: a scheduled answer, the re-drill answers that follow it the same day,
# and how many hours late (after ``due``) the scheduled answer comes.
steps = st.tuples(qualities, st.lists(qualities, max_size=3), st.integers(0, 24 * 30))
histories = st.lists(steps, max_size=25)


def play(history: list[tuple[int, list[int], int]]) -> list[tuple[CardState, CardState, int]]:
    """Run a history; return every scheduled answer as (state before, state after, quality)."""
    state, now = CardState(), START
    seen: list[tuple[CardState, CardState, int]] = []
    for quality, drills, late_hours in history:
        before = state
        state, _ = review(state, quality, now)
        seen.append((before, state, quality))
        for minutes, drill in enumerate(drills, start=1):
            if state.redrill:
                state, _ = answer_redrill(state, drill, now + timedelta(minutes=10 * minutes))
        assert state.due_day is not None
        now = noon_of(state.due_day) + timedelta(hours=late_hours)
    return seen


def is_two_decimals(value: float) -> bool:
    return round(value, 2) == value


@given(histories)
def test_ease_never_below_floor_and_two_decimals(history: list[tuple[int, list[int], int]]) -> None:
    """Whatever the answers, EF stays >= 1.3 and is stored to exactly two decimals."""
    for _, after, _ in play(history):
        assert after.ease >= 1.3
        assert is_two_decimals(after.ease)


@given(histories, st.integers(min_value=0, max_value=2))
def test_failure_always_gives_one_day(
    history: list[tuple[int, list[int], int]], failing: int
) -> None:
    """Any failure (q < 3), from any state, schedules exactly 1 day ahead and resets n."""
    plays = play(history)
    state = plays[-1][1] if plays else CardState()
    now = START + timedelta(days=4000)
    after, log = review(state, failing, now)
    assert after.interval_days == 1
    assert after.due_day == day_of(now).number + 1
    assert after.repetitions == 0
    assert after.phase is CardPhase.LEARNING
    assert after.redrill
    assert after.lapses == state.lapses + (1 if state.repetitions >= 1 else 0)
    assert log.interval_after == 1


@given(histories)
def test_success_never_shortens_while_ease_unchanged(
    history: list[tuple[int, list[int], int]],
) -> None:
    """A success right after a success never gets a shorter interval when EF did not change."""
    for before, after, quality in play(history):
        if quality >= 3 and before.repetitions >= 1 and after.ease == before.ease:
            assert after.interval_days >= before.interval_days


@given(histories)
def test_success_after_success_never_shortens(history: list[tuple[int, list[int], int]]) -> None:
    """Stronger: since EF >= 1.3 > 1, consecutive successes never shorten, even when EF drops."""
    for before, after, quality in play(history):
        if quality >= 3 and before.repetitions >= 1:
            assert after.interval_days >= before.interval_days
            assert after.repetitions == before.repetitions + 1


@given(histories, qualities)
def test_redrill_changes_nothing_sm2_counts(
    history: list[tuple[int, list[int], int]], drill: int
) -> None:
    """A re-drill answer keeps EF, n, interval, due, lapses and phase; only q >= 4 ends it."""
    plays = play(history)
    state = plays[-1][1] if plays else CardState()
    now = START + timedelta(days=4000)
    if not state.redrill:
        state, _ = review(state, 1, now)  # make sure there is a re-drill to answer
    after, log = answer_redrill(state, drill, now + timedelta(minutes=5))
    same = ("ease", "repetitions", "interval_days", "due_day", "lapses", "phase")
    assert all(getattr(after, name) == getattr(state, name) for name in same)
    assert after.redrill is (drill < 4)
    assert log.redrill and log.ease_before == log.ease_after


@given(qualities)
def test_scheduled_answer_sets_redrill_below_four(quality: int) -> None:
    """SM-2 step 7: a scheduled answer below 4 queues a same-day re-drill."""
    after, _ = review(CardState(), quality, START)
    assert after.redrill is (quality < 4) is starts_redrill(quality)


@given(st.floats(min_value=1.3, max_value=5.0), qualities, qualities)
def test_ease_is_monotone_in_quality(ease: float, low: int, high: int) -> None:
    """A better answer never leaves a lower EF."""
    low, high = min(low, high), max(low, high)
    assert next_ease(ease, low) <= next_ease(ease, high)


@given(histories, st.sampled_from([timezone(timedelta(hours=h)) for h in (-10, -5, 0, 5, 13)]))
def test_result_does_not_depend_on_the_zone_of_now(
    history: list[tuple[int, list[int], int]], zone: timezone
) -> None:
    """The same instant in any zone gives the same schedule."""
    plays = play(history)
    state = plays[-1][1] if plays else CardState()
    at = START + timedelta(days=4000)
    for q in range(6):
        assert review(state, q, at) == review(state, q, at.astimezone(zone))


@given(histories)
def test_preview_matches_review(history: list[tuple[int, list[int], int]]) -> None:
    """Each button's preview is exactly the interval that answering it schedules."""
    plays = play(history)
    state = plays[-1][1] if plays else CardState()
    at = START + timedelta(days=4000)
    for grade, delta in preview_intervals(state).items():
        after, _ = review(state, DEFAULT_QUALITY[grade], at)
        assert delta == timedelta(days=after.interval_days)


@given(histories, st.integers(min_value=0, max_value=5), st.sampled_from(list(GradeMode)))
def test_preview_with_a_day_matches_answer(
    history: list[tuple[int, list[int], int]], extra: int, mode: GradeMode
) -> None:
    """With the scheduling day given, each preview is the days from today to the ``due_day``
    that ``answer`` gives, for cards in the re-drill as well as scheduled ones, in both modes."""
    plays = play(history)
    state = plays[-1][1] if plays else CardState()
    at = (state.last_review or START) + timedelta(hours=extra)
    start = at - timedelta(hours=extra + 1)
    day = SchedulingDay(day_of(at).number, start, start + timedelta(days=1))
    for choice, delta in preview_intervals(state, mode=mode, day=day).items():
        q = quality_for(choice, mode=mode)
        after, _ = answer(state, q, at, day=day)
        assert after.due_day is not None and delta == timedelta(days=after.due_day - day.number)


# --- grades outside the scale are rejected ------------------------------------------------------


@given(st.integers().filter(lambda n: not 0 <= n <= 5))
def test_out_of_range_quality_rejected(quality: int) -> None:
    """A quality outside 0-5 is refused by validation and by every scheduling entry point."""
    with pytest.raises(GradeError):
        validate_quality(quality)
    with pytest.raises(ValueError):
        review(CardState(), quality, START)
    redrilling, _ = review(CardState(), 1, START)
    with pytest.raises(ValueError):
        answer_redrill(redrilling, quality, START)
    with pytest.raises(GradeError):
        quality_for(quality, mode=GradeMode.SM2_SIX)


@given(st.integers().filter(lambda n: not 1 <= n <= 4))
def test_out_of_range_button_rejected(button: int) -> None:
    """A button number outside 1-4 is refused in four-button mode."""
    with pytest.raises(GradeError):
        quality_for(button)


@pytest.mark.parametrize("value", [True, False, 4.0, 3.5, "4", None])
def test_non_integer_answers_rejected(value: object) -> None:
    """Bools, floats, strings and None are not grades, even when they compare equal to one."""
    with pytest.raises(GradeError):
        validate_quality(value)
    with pytest.raises(GradeError):
        quality_for(value, mode=GradeMode.SM2_SIX)  # type: ignore[arg-type]
    with pytest.raises(GradeError):
        quality_for(value)  # type: ignore[arg-type]
    with pytest.raises(ValueError):
        review(CardState(), value, START)  # type: ignore[arg-type]


def test_grade_error_is_a_glosscards_error_and_a_value_error() -> None:
    """Callers can catch bad grades as the project's root error or as ValueError."""
    assert issubclass(GradeError, GlosscardsError)
    assert issubclass(GradeError, ValueError)


@pytest.mark.parametrize(
    ("grade", "quality"),
    [(Grade.AGAIN, 1), (Grade.HARD, 3), (Grade.GOOD, 4), (Grade.EASY, 5), (1, 1), (4, 5)],
)
def test_default_button_qualities(grade: Grade | int, quality: int) -> None:
    """Again/Hard/Good/Easy (or keys 1-4) map to SM-2 qualities 1/3/4/5."""
    assert quality_for(grade) == quality


@pytest.mark.parametrize("quality", range(6))
def test_six_mode_passes_qualities_through(quality: int) -> None:
    """In six mode the answer is the quality itself."""
    assert quality_for(quality, mode=GradeMode.SM2_SIX) == quality


def test_custom_button_qualities() -> None:
    """A user's own mapping is used, and a broken one is reported whole."""
    harsh = {Grade.AGAIN: 0, Grade.HARD: 3, Grade.GOOD: 4, Grade.EASY: 5}
    assert quality_for(Grade.AGAIN, qualities=harsh) == 0
    with pytest.raises(GradeError, match=r"Hard maps to 7.*no quality for Easy"):
        validate_quality_map({Grade.AGAIN: 1, Grade.HARD: 7, Grade.GOOD: 4})
    with pytest.raises(GradeError, match="no quality for Easy"):
        validate_quality_map({Grade.AGAIN: 1, Grade.HARD: 3, Grade.GOOD: 4})


@pytest.mark.parametrize(
    "fields",
    [
        {"ease": 1.29},
        {"ease": float("nan")},
        {"repetitions": -1},
        {"interval_days": -1},
        {"lapses": -1},
        {"last_review": datetime(2025, 3, 1)},
    ],
)
def test_invalid_card_state_rejected(fields: dict[str, object]) -> None:
    """A state SM-2 could never produce (EF under the floor, negative counts, naive times)."""
    with pytest.raises(ValueError):
        CardState(**fields)  # type: ignore[arg-type]
