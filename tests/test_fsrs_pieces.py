"""The pure pieces around FSRS decks: steps as typed, the optimizer's items and the check of its
answer, a switch's history since the card was last new, the predicted recall's formula."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from fsrs.scheduler import DEFAULT_PARAMETERS, UPPER_BOUNDS_PARAMETERS
from hypothesis import given
from hypothesis import strategies as st

from glosscards.fsrs_fit import FitError, FitItem, FitReview, checked_parameters, fsrs_items
from glosscards.scheduler.day import SchedulingDay, scheduling_day
from glosscards.scheduler.fsrs_scheduler import FsrsOptions, FsrsScheduler
from glosscards.scheduler.replay import PastAnswer
from glosscards.scheduler.state import CardPhase, CardState
from glosscards.scheduler_switch import current_run
from glosscards.stats.memory import retrievability
from glosscards.step_text import StepsError, format_steps, parse_steps

NOON = datetime(2025, 3, 3, 12, tzinfo=UTC)


@pytest.mark.parametrize(
    ("text", "steps"),
    [
        ("1m 10m", (timedelta(minutes=1), timedelta(minutes=10))),
        ("30s, 1h 2d", (timedelta(seconds=30), timedelta(hours=1), timedelta(days=2))),
        ("15", (timedelta(minutes=15),)),
        ("1.5h", (timedelta(minutes=90),)),
        ("  ", ()),
    ],
)
def test_steps_are_read_as_anki_writes_them(text: str, steps: tuple[timedelta, ...]) -> None:
    assert parse_steps(text) == steps


@pytest.mark.parametrize("text", ["1m soon", "0m", "-5m", "1w", "m", "0.2s"])
def test_a_step_that_is_not_a_time_is_named(text: str) -> None:
    with pytest.raises(StepsError, match="not a step"):
        parse_steps(text)


@given(st.lists(st.integers(min_value=1, max_value=400 * 86_400), max_size=6))
def test_written_steps_read_back_the_same(seconds: list[int]) -> None:
    """format_steps writes what parse_steps reads back exactly, each in its largest unit."""
    steps = tuple(timedelta(seconds=s) for s in seconds)
    assert parse_steps(format_steps(steps)) == steps


def _day(moment: datetime) -> SchedulingDay:
    return scheduling_day(moment, tz=UTC)


def test_items_end_at_each_answer_a_day_or_more_after_the_last() -> None:
    """Anki's items: same-day answers are context, never predicted; the first never is."""
    answers = [
        PastAnswer(NOON, 1, 1),
        PastAnswer(NOON + timedelta(minutes=1), 3, 4),
        PastAnswer(NOON + timedelta(days=1), 3, 4),
        PastAnswer(NOON + timedelta(days=4, hours=2), None, 2),  # a quality: Again
    ]
    items = fsrs_items([answers], day_of=_day)
    first = (FitReview(1, 0), FitReview(3, 0), FitReview(3, 1))
    assert items == [FitItem(first), FitItem((*first, FitReview(1, 3)))]


def test_the_optimizers_defaults_are_refused_and_its_values_kept_in_bounds() -> None:
    with pytest.raises(FitError, match="too few"):
        checked_parameters(list(DEFAULT_PARAMETERS), items=12)
    high = [p + 0.5 for p in DEFAULT_PARAMETERS]
    high[4] = 99.0
    assert checked_parameters(high, items=400)[4] == UPPER_BOUNDS_PARAMETERS[4]
    with pytest.raises(FitError):
        checked_parameters([1.0] * 19, items=400)


def test_a_switch_replays_from_the_last_answer_given_while_new() -> None:
    """A card reset to new started again: its earlier answers are left out."""
    a, b, c = (PastAnswer(NOON + timedelta(days=i), 3, 4) for i in range(3))
    assert current_run([(a, True), (b, False), (c, False)]) == [a, b, c]
    assert current_run([(a, True), (b, True), (c, False)]) == [b, c]
    assert current_run([]) == []


@given(
    st.floats(min_value=0.01, max_value=36_500),
    st.integers(min_value=0, max_value=3_650),
    st.floats(min_value=0.1, max_value=0.8),
)
def test_the_recall_formula_is_py_fsrs(stability: float, days: int, decay: float) -> None:
    """The statistics' retrievability is py-fsrs's for the same state, days and decay."""
    parameters = list(DEFAULT_PARAMETERS)
    parameters[20] = decay
    scheduler = FsrsScheduler(FsrsOptions(parameters=tuple(parameters)), tz=UTC)
    state = CardState(
        phase=CardPhase.REVIEW, due_day=0, last_review=NOON, stability=stability, difficulty=5.0
    )
    at = NOON + timedelta(days=days, hours=3)
    assert retrievability(stability, days, decay) == pytest.approx(
        scheduler.retrievability(state, at), rel=1e-12
    )
