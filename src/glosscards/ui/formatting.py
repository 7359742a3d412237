"""Short texts the UI shows: interval labels, due dates, durations, error messages. No Qt."""

from __future__ import annotations

from datetime import date, datetime, timedelta, tzinfo
from typing import TYPE_CHECKING

from glosscards.errors import GlosscardsError
from glosscards.scheduler.intervals import format_days, format_interval

if TYPE_CHECKING:
    from glosscards.browse import Upcoming

__all__ = [
    "SIX_GRADE_LABELS",
    "describe_error",
    "format_days",
    "format_due",
    "format_duration",
    "format_interval",
    "format_when",
    "next_due_text",
    "plural",
]

SIX_GRADE_LABELS = {
    0: "Blackout",
    1: "Wrong",
    2: "Almost",
    3: "Hard",
    4: "Good",
    5: "Perfect",
}
"""Short names for SM-2's qualities 0-5, for the six-grade buttons."""


def format_due(due: date | None) -> str:
    """A due date, ``YYYY-MM-DD``; empty for a new card."""
    return "" if due is None else due.isoformat()


def format_when(moment: datetime, now: datetime, tz: tzinfo) -> str:
    """When something happens, relative to ``now``: "now", "in 5h", "tomorrow 04:00", a date."""
    if moment <= now:
        return "now"
    local, today = moment.astimezone(tz), now.astimezone(tz)
    if moment - now < timedelta(hours=12):
        return f"in {format_interval(moment - now)} ({local:%H:%M})"
    days = (local.date() - today.date()).days
    if days == 0:
        return f"today at {local:%H:%M}"
    if days == 1:
        return f"tomorrow at {local:%H:%M}"
    return f"{local:%A %Y-%m-%d} (in {days} days)"


def format_duration(ms: int) -> str:
    """A study time: ``"45s"``, ``"3m 05s"``, ``"1h 02m"``."""
    seconds = max(0, ms) // 1000
    if seconds < 60:
        return f"{seconds}s"
    minutes, seconds = divmod(seconds, 60)
    if minutes < 60:
        return f"{minutes}m {seconds:02d}s"
    hours, minutes = divmod(minutes, 60)
    return f"{hours}h {minutes:02d}m"


def describe_error(error: BaseException) -> str:
    """A message for a dialog: the file and the problem for our errors, else the OS's words."""
    if isinstance(error, GlosscardsError):
        return str(error)
    if isinstance(error, OSError):
        where = f"{error.filename}: " if error.filename else ""
        return f"{where}{error.strerror or error}"
    return f"Unexpected error: {type(error).__name__}: {error}"


def next_due_text(later: Upcoming, now: datetime, tz: tzinfo) -> str:
    """When to come back: the next review, and whether new cards are waiting."""
    next_review, new_waiting, day_end = later.next_review, later.new_waiting, later.day_end
    if next_review is not None and next_review < day_end:
        return (
            "Some cards due today are held back (daily review limit, or buried); "
            f"they come again {format_when(day_end, now, tz)}."
        )
    parts: list[str] = []
    if next_review is not None:
        parts.append(f"The next review is due {format_when(next_review, now, tz)}.")
    if new_waiting:
        parts.append(
            f"{new_waiting} new card{'s' if new_waiting != 1 else ''} wait; "
            f"new cards come again {format_when(day_end, now, tz)}."
        )
    if not parts:
        return "Nothing is scheduled: import a glossary to add cards."
    return " ".join(parts)


def plural(n: int, word: str) -> str:
    """ "1 card", "3 cards"."""
    return f"{n} {word}" if n == 1 else f"{n} {word}s"
