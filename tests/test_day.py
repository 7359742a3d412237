"""The scheduling-day boundary: rollover hour, local zones, DST changes."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, tzinfo
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

import pytest
from hypothesis import given
from hypothesis import strategies as st

from glosscards.scheduler import day_start, next_day_start


def zone(name: str) -> tzinfo:
    """A tz database zone, or skip when this machine has no tz data."""
    try:
        return ZoneInfo(name)
    except ZoneInfoNotFoundError:
        pytest.skip(f"needs the tz database entry {name} (install the tzdata package)")


def utc(
    year: int, month: int, day: int, hour: int = 0, minute: int = 0, second: int = 0
) -> datetime:
    return datetime(year, month, day, hour, minute, second, tzinfo=UTC)


@pytest.mark.parametrize(
    ("now", "start"),
    [
        (utc(2025, 3, 1, 3, 59, 59), utc(2025, 2, 28, 4)),  # before 04:00: still yesterday
        (utc(2025, 3, 1, 4), utc(2025, 3, 1, 4)),  # the boundary belongs to the new day
        (utc(2025, 3, 1, 23, 59), utc(2025, 3, 1, 4)),
        (utc(2025, 3, 2, 0, 30), utc(2025, 3, 1, 4)),  # after midnight, same scheduling day
    ],
)
def test_utc_hour_boundary(now: datetime, start: datetime) -> None:
    """With a 04:00 rollover, 03:59:59 is the previous day and 04:00 the next."""
    assert day_start(now, tz=UTC) == start
    assert next_day_start(now, tz=UTC) == start + timedelta(days=1)


def test_rollover_hour_zero_is_midnight() -> None:
    """``rollover_hour=0`` gives calendar days."""
    assert day_start(utc(2025, 3, 1, 0, 1), tz=UTC, rollover_hour=0) == utc(2025, 3, 1)


@pytest.mark.parametrize(
    ("now", "start", "next_start"),
    [
        # winter (EST, UTC-5): 03:59 local is 08:59 UTC, still the day that began 09:00 UTC before
        (utc(2025, 1, 15, 8, 59), utc(2025, 1, 14, 9), utc(2025, 1, 15, 9)),
        (utc(2025, 1, 15, 9), utc(2025, 1, 15, 9), utc(2025, 1, 16, 9)),
        # summer (EDT, UTC-4): 04:00 local is 08:00 UTC
        (utc(2025, 7, 1, 7, 59), utc(2025, 6, 30, 8), utc(2025, 7, 1, 8)),
        (utc(2025, 7, 1, 8), utc(2025, 7, 1, 8), utc(2025, 7, 2, 8)),
        # spring forward, Sun 9 Mar 2025 02:00 EST -> 03:00 EDT: Sat 8 Mar starts 04:00 EST =
        # 09:00 UTC and lasts 23 hours, to Sun 04:00 EDT = 08:00 UTC
        (utc(2025, 3, 9, 7, 59), utc(2025, 3, 8, 9), utc(2025, 3, 9, 8)),
        (utc(2025, 3, 9, 8), utc(2025, 3, 9, 8), utc(2025, 3, 10, 8)),
        # fall back, Sun 2 Nov 2025 02:00 EDT -> 01:00 EST: Sat 1 Nov starts 04:00 EDT =
        # 08:00 UTC and lasts 25 hours, to Sun 04:00 EST = 09:00 UTC
        (utc(2025, 11, 2, 8, 30), utc(2025, 11, 1, 8), utc(2025, 11, 2, 9)),
        (utc(2025, 11, 2, 9), utc(2025, 11, 2, 9), utc(2025, 11, 3, 9)),
    ],
)
def test_new_york_across_dst(now: datetime, start: datetime, next_start: datetime) -> None:
    """Days follow the local 04:00, so they are 23 or 25 hours long across a DST change."""
    new_york = zone("America/New_York")
    assert day_start(now, tz=new_york) == start
    assert next_day_start(now, tz=new_york) == next_start


def test_rollover_inside_the_spring_forward_gap() -> None:
    """02:00 does not exist on 9 Mar 2025 in New York: the day starts when the clocks jump."""
    new_york = zone("America/New_York")
    jump = utc(2025, 3, 9, 7)  # 02:00 EST = 03:00 EDT
    assert day_start(jump, tz=new_york, rollover_hour=2) == jump
    assert day_start(jump - timedelta(seconds=1), tz=new_york, rollover_hour=2) == utc(
        2025, 3, 8, 7
    )
    assert next_day_start(jump - timedelta(seconds=1), tz=new_york, rollover_hour=2) == jump


def test_rollover_inside_the_repeated_hour() -> None:
    """01:00 happens twice on 2 Nov 2025 in New York: the day starts at the first one."""
    new_york = zone("America/New_York")
    first = utc(2025, 11, 2, 5)  # 01:00 EDT
    second_pass = utc(2025, 11, 2, 6, 30)  # 01:30 EST
    assert day_start(first, tz=new_york, rollover_hour=1) == first
    assert day_start(second_pass, tz=new_york, rollover_hour=1) == first


def test_half_hour_dst_zone() -> None:
    """Lord Howe Island moves its clocks by 30 minutes (02:00 -> 02:30 on 5 Oct 2025)."""
    lord_howe = zone("Australia/Lord_Howe")
    # 04:00 local +10:30 on 4 Oct = 17:30 UTC 3 Oct; 04:00 local +11 on 5 Oct = 17:00 UTC 4 Oct
    now = utc(2025, 10, 4, 20)
    assert day_start(now, tz=lord_howe) == utc(2025, 10, 4, 17)
    assert day_start(now - timedelta(hours=4), tz=lord_howe) == utc(2025, 10, 3, 17, 30)


@pytest.mark.parametrize("hour", [-1, 24, True])
def test_bad_rollover_hour_rejected(hour: int) -> None:
    """The rollover must be an hour of the day."""
    with pytest.raises(ValueError, match="rollover_hour"):
        day_start(utc(2025, 3, 1), tz=UTC, rollover_hour=hour)


def test_naive_now_rejected() -> None:
    """A naive ``now`` names no instant."""
    with pytest.raises(ValueError, match="timezone-aware"):
        day_start(datetime(2025, 3, 1, 12), tz=UTC)


ZONES = [
    "UTC",
    "America/New_York",
    "Europe/London",
    "Australia/Lord_Howe",
    "Asia/Kolkata",
    "Pacific/Chatham",
    "America/St_Johns",
    "Pacific/Apia",  # skipped 30 Dec 2011 entirely
]
instants = st.datetimes(
    min_value=datetime(1990, 1, 1), max_value=datetime(2040, 1, 1), timezones=st.just(UTC)
)


@given(instants, st.sampled_from(ZONES), st.integers(min_value=0, max_value=23))
def test_now_lies_in_its_day(now: datetime, name: str, hour: int) -> None:
    """day_start <= now < next_day_start, both UTC, and each boundary starts its own day."""
    tz = zone(name)
    start = day_start(now, tz=tz, rollover_hour=hour)
    end = next_day_start(now, tz=tz, rollover_hour=hour)
    assert start <= now < end
    assert start.tzinfo is UTC and end.tzinfo is UTC
    assert day_start(start, tz=tz, rollover_hour=hour) == start
    assert day_start(end, tz=tz, rollover_hour=hour) == end
    assert next_day_start(start, tz=tz, rollover_hour=hour) == end


@given(instants, st.sampled_from(ZONES[:-1]), st.integers(min_value=0, max_value=23))
def test_days_last_a_day_give_or_take_dst(now: datetime, name: str, hour: int) -> None:
    """Outside Samoa's skipped day, a scheduling day lasts 24 hours, give or take a DST shift."""
    tz = zone(name)
    length = next_day_start(now, tz=tz, rollover_hour=hour) - day_start(
        now, tz=tz, rollover_hour=hour
    )
    assert timedelta(hours=22) <= length <= timedelta(hours=26)
