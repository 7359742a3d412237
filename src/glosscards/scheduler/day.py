"""The scheduling day: from one rollover hour (04:00 local by default) to the next.

Like Anki's "next day starts at", a late-night session belongs to the day it started in: at
01:30 with a 04:00 rollover it is still yesterday. Boundaries are computed on the local wall
clock of ``tz`` and returned as UTC instants, so a day is 23 or 25 hours long across a DST
change. A day starts at the first instant whose local time is its date at the rollover hour or
later: when that wall time does not exist (a spring-forward gap) it is the instant the clocks
jump past it; when it occurs twice (fall-back), its first occurrence. A moment belongs to the
latest day that has started by then, so ``day_start(now) <= now < next_day_start(now)``.

Each scheduling day also has a number: the days from 1970-01-01 to the local date that names it
(:func:`scheduling_day`). Due dates are stored as these numbers — a card of interval n answered
on day d is due on day d + n — so a daylight-saving change, which makes one day 23 or 25 hours
long, can never move a card to another day (Anki's ``days_elapsed`` does the same).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta, tzinfo

__all__ = [
    "DEFAULT_ROLLOVER_HOUR",
    "EPOCH_DATE",
    "SchedulingDay",
    "date_of_day",
    "day_number_of",
    "day_start",
    "next_day_start",
    "scheduling_day",
    "start_of_day",
]

DEFAULT_ROLLOVER_HOUR = 4

EPOCH_DATE = date(1970, 1, 1)
"""Day number 0."""


@dataclass(frozen=True, slots=True)
class SchedulingDay:
    """One scheduling day: its number, and its bounds ``[start, end)`` as UTC instants."""

    number: int
    start: datetime
    end: datetime

    @property
    def date(self) -> date:
        """The local date that names the day."""
        return date_of_day(self.number)

    def contains(self, moment: datetime) -> bool:
        return self.start <= moment < self.end


def date_of_day(number: int) -> date:
    """The local date named by a day number."""
    return EPOCH_DATE + timedelta(days=number)


def day_number_of(day: date) -> int:
    """The number of the scheduling day named by the local date ``day``."""
    return (day - EPOCH_DATE).days


def _first_instant_at(day: date, hour: int, tz: tzinfo) -> datetime:
    """The first instant (UTC) whose local time in ``tz`` is ``day`` at ``hour``:00 or later."""
    wall = datetime.combine(day, time(hour))
    first = wall.replace(tzinfo=tz).astimezone(UTC)  # fold=0: the first of two occurrences
    if first.astimezone(tz).replace(tzinfo=None) == wall:
        return first
    # The wall time falls in a spring-forward gap. fold=1 reads it with the offset after the
    # change, which lands before the jump; fold=0 lands after it. Find the jump to the second.
    before = int(wall.replace(tzinfo=tz, fold=1).timestamp())
    after = int(first.timestamp())
    while after - before > 1:
        middle = (before + after) // 2
        if datetime.fromtimestamp(middle, tz).replace(tzinfo=None) >= wall:
            after = middle
        else:
            before = middle
    return datetime.fromtimestamp(after, UTC)


def _scheduling_day(now: datetime, tz: tzinfo, rollover_hour: int) -> tuple[date, datetime]:
    """The local date naming the scheduling day that contains ``now``, and its start in UTC."""
    if now.tzinfo is None or now.utcoffset() is None:
        raise ValueError(f"now must be timezone-aware, not naive: {now!r}")
    if isinstance(rollover_hour, bool) or not 0 <= rollover_hour <= 23:
        raise ValueError(f"rollover_hour must be an hour 0-23, not {rollover_hour!r}")
    day = now.astimezone(tz).date()
    start = _first_instant_at(day, rollover_hour, tz)
    if start > now:  # before today's rollover: still yesterday's scheduling day
        day -= timedelta(days=1)
        start = _first_instant_at(day, rollover_hour, tz)
    return day, start


def day_start(now: datetime, *, tz: tzinfo, rollover_hour: int = DEFAULT_ROLLOVER_HOUR) -> datetime:
    """The start (in UTC) of the scheduling day in ``tz`` that contains the instant ``now``."""
    return _scheduling_day(now, tz, rollover_hour)[1]


def next_day_start(
    now: datetime, *, tz: tzinfo, rollover_hour: int = DEFAULT_ROLLOVER_HOUR
) -> datetime:
    """The start (in UTC) of the scheduling day after the one that contains ``now``."""
    day, _ = _scheduling_day(now, tz, rollover_hour)
    return _first_instant_at(day + timedelta(days=1), rollover_hour, tz)


def scheduling_day(
    now: datetime, *, tz: tzinfo, rollover_hour: int = DEFAULT_ROLLOVER_HOUR
) -> SchedulingDay:
    """The scheduling day that contains the instant ``now``: the one function every part of
    glosscards (queue, scheduler, browser, statistics) asks which day a moment belongs to."""
    day, start = _scheduling_day(now, tz, rollover_hour)
    end = _first_instant_at(day + timedelta(days=1), rollover_hour, tz)
    return SchedulingDay(number=day_number_of(day), start=start, end=end)


def start_of_day(
    number: int, *, tz: tzinfo, rollover_hour: int = DEFAULT_ROLLOVER_HOUR
) -> datetime:
    """The instant (UTC) the scheduling day numbered ``number`` starts."""
    return _first_instant_at(date_of_day(number), rollover_hour, tz)
