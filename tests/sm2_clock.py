"""Helpers shared by the SM-2 tests (no tests here): UTC scheduling days, and ``review`` on the
day of the moment it is given."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from glosscards.scheduler import sm2
from glosscards.scheduler.day import SchedulingDay, scheduling_day, start_of_day
from glosscards.scheduler.grade import Grade
from glosscards.scheduler.state import CardState, ReviewLog


def day_of(moment: datetime) -> SchedulingDay:
    """The scheduling day of ``moment`` in UTC, the day starting at 04:00."""
    return scheduling_day(moment, tz=UTC)


def noon_of(day: int) -> datetime:
    """Noon (UTC) of the scheduling day numbered ``day``: when the tests answer a due card."""
    return start_of_day(day, tz=UTC) + timedelta(hours=8)


def review(
    state: CardState, quality: int, now: datetime, *, grade: Grade | int | None = None
) -> tuple[CardState, ReviewLog]:
    """:func:`sm2.review` on the UTC scheduling day of ``now``."""
    return sm2.review(state, quality, now, today=day_of(now).number, grade=grade)
