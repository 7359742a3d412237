"""Due dates survive daylight saving: a card of interval n answered on day d is due on d + n.

Checked in three zones (Europe/Berlin and America/New_York shift by an hour, Australia/Lord_Howe
by 30 minutes), with answers at every hour around both of 2025's transitions, and rollover
hours that fall inside the skipped and the repeated hour.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from glosscards import Collection, Grade
from glosscards.scheduler.day import scheduling_day, start_of_day
from glosscards.scheduler.sm2 import review
from glosscards.scheduler.state import CardState

DEMO = Path(__file__).resolve().parent.parent / "resources" / "demo-glossary.txt"

# (zone, the instants of its 2025 transitions in UTC)
TRANSITIONS = [
    ("Europe/Berlin", datetime(2025, 3, 30, 1, tzinfo=UTC), datetime(2025, 10, 26, 1, tzinfo=UTC)),
    ("America/New_York", datetime(2025, 3, 9, 7, tzinfo=UTC), datetime(2025, 11, 2, 6, tzinfo=UTC)),
    (
        "Australia/Lord_Howe",
        datetime(2025, 4, 5, 15, tzinfo=UTC),
        datetime(2025, 10, 4, 15, 30, tzinfo=UTC),
    ),
]
CASES = [
    (zone, transition, rollover)
    for zone, *transitions in TRANSITIONS
    for transition in transitions
    for rollover in (0, 1, 2, 3, 4)  # 1 and 2 fall inside the skipped or repeated hour
]


@pytest.mark.parametrize(("zone", "transition", "rollover"), CASES)
def test_every_hour_around_a_transition_schedules_whole_days(
    zone: str, transition: datetime, rollover: int
) -> None:
    """Answered at any hour from 30 hours before to 30 after a change, a new card passed with
    Good is due the next scheduling day: not before that day starts, and from its first instant."""
    tz = ZoneInfo(zone)
    for hours in range(-30, 31):
        at = transition + timedelta(hours=hours, minutes=17)
        day = scheduling_day(at, tz=tz, rollover_hour=rollover)
        assert day.start <= at < day.end
        assert 22 * 3600 <= (day.end - day.start).total_seconds() <= 26 * 3600
        after, _ = review(CardState(), 4, at, today=day.number)
        assert after.due_day == day.number + 1
        last_moment = day.end - timedelta(microseconds=1)
        assert scheduling_day(last_moment, tz=tz, rollover_hour=rollover).number == day.number
        assert scheduling_day(day.end, tz=tz, rollover_hour=rollover).number == after.due_day
        assert start_of_day(after.due_day, tz=tz, rollover_hour=rollover) == day.end
        local = day.end.astimezone(tz)
        assert (local.hour, local.minute) >= (rollover, 0) or local.hour == rollover + 1


def test_berlin_card_is_not_offered_again_before_the_next_rollover(tmp_path: Path) -> None:
    """The case that was seen: Good at 04:30 on 25 Oct 2025 (the day before clocks go back), and
    at 03:45 the next morning it is still the same scheduling day: the card is not shown again
    and no second repetition is counted. At 04:00 it is due."""
    berlin = ZoneInfo("Europe/Berlin")
    answered = datetime(2025, 10, 25, 4, 30, tzinfo=berlin)
    with Collection.open(tmp_path / "c.db", tz=berlin) as col:
        col.review_backup_interval = None
        col.import_glossary(DEMO, now=answered, backup=False)
        card = col.next_card(answered)
        assert card is not None
        col.answer(card.id, Grade.GOOD, answered)
        early = datetime(2025, 10, 26, 3, 45, tzinfo=berlin)
        assert col.counts(early).review == 0
        assert all(r.card_id != card.id for r in col.find_cards("is:due", now=early))
        shown = col.next_card(early)
        assert shown is None or shown.id != card.id
        at_rollover = datetime(2025, 10, 26, 4, 0, tzinfo=berlin)
        assert col.counts(at_rollover).review == 1
        again = col.next_card(at_rollover)
        assert again is not None and again.id == card.id
        assert again.next_intervals[Grade.GOOD] == timedelta(days=6)
