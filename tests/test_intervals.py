"""Button labels for intervals, written the way Anki writes them."""

from __future__ import annotations

from datetime import timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from glosscards.scheduler import format_days, format_interval


@pytest.mark.parametrize(
    ("delta", "label"),
    [
        (timedelta(0), "0s"),
        (timedelta(seconds=30), "30s"),
        (timedelta(seconds=70), "1m"),  # minutes are whole on buttons
        (timedelta(minutes=10), "10m"),
        (timedelta(minutes=90), "1.5h"),
        (timedelta(hours=21), "21h"),  # 21.0 drops its ".0"
        (timedelta(days=1), "1d"),
        (timedelta(days=6), "6d"),
        (timedelta(days=1, hours=12), "2d"),  # half a day rounds up
        (timedelta(days=30), "30d"),  # still under a month (365/12 = 30.42 days)
        (timedelta(days=31), "1mo"),  # 1.02 months
        (timedelta(days=97), "3.2mo"),  # 3.19
        (timedelta(days=364), "12mo"),  # 11.97 months, as Anki shows it
        (timedelta(days=365), "1y"),
        (timedelta(days=400), "1.1y"),  # 1.096
        (timedelta(days=365 * 3 // 2), "1.5y"),  # 547 days = 1.4986 -> 1.5
        (timedelta(days=-3), "-3d"),
    ],
)
def test_labels(delta: timedelta, label: str) -> None:
    """The largest unit the span reaches; whole s/m/d, one decimal for h/mo/y."""
    assert format_interval(delta) == label


@pytest.mark.parametrize(
    ("delta", "label"),
    [
        (timedelta(minutes=10), "10m"),  # not shorter than the limit
        (timedelta(minutes=9, seconds=40), "<10m"),
        (timedelta(seconds=50), "<50s"),
        (timedelta(0), "0s"),  # nothing to collapse
    ],
)
def test_collapse(delta: timedelta, label: str) -> None:
    """Spans under the collapse limit read "<10m", as in Anki's learn-ahead display."""
    assert format_interval(delta, collapse=timedelta(minutes=10)) == label


@pytest.mark.parametrize(("days", "label"), [(1, "1d"), (6, "6d"), (15, "15d"), (95, "3.1mo")])
def test_format_days(days: int, label: str) -> None:
    """Stored whole-day intervals format like the matching timedelta (95 days = 3.12 months)."""
    assert format_days(days) == label


@given(st.integers(min_value=1, max_value=30))
def test_whole_days_under_a_month_read_as_days(days: int) -> None:
    """1-30 days always read as that many days."""
    assert format_days(days) == f"{days}d"


@given(st.integers(min_value=31, max_value=365 * 100))
def test_long_intervals_never_show_more_than_one_decimal(days: int) -> None:
    """Months and years carry at most one decimal and never end in ".0"."""
    label = format_days(days)
    number = label.removesuffix("mo").removesuffix("y")
    assert label.endswith(("mo", "y"))
    assert not number.endswith(".0")
    assert len(number.partition(".")[2]) <= 1
