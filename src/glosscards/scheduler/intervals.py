"""Short interval labels for the answer buttons, as Anki writes them: "10m", "1d", "3.2mo", "1.1y".

The rules follow Anki's ``answer_button_time`` (rslib ``scheduler/timespan.rs``): the unit is the
largest one the span reaches (a month is 365/12 days, a year 365 days); seconds, minutes and
days are shown whole, hours, months and years to one decimal, a trailing ".0" dropped, halves
rounded up. So 97 days is "3.2mo", 400 days "1.1y", 30 days still "30d", 364 days "12mo".

``preview_intervals`` in ``glosscards.scheduler.sm2`` gives whole days for every button (Again
shows "1d", not the same-day re-drill), so in practice the buttons show days, months and years;
the shorter units serve ``collapse``: Anki writes spans under its learn-ahead limit as "<10m".
"""

from __future__ import annotations

from datetime import timedelta
from decimal import ROUND_HALF_UP, Decimal

__all__ = ["format_days", "format_interval"]

_MINUTE = 60.0
_HOUR = 60 * _MINUTE
_DAY = 24 * _HOUR
_YEAR = 365 * _DAY
_MONTH = _YEAR / 12

# (unit threshold in seconds, suffix, decimals shown), largest first
_UNITS: tuple[tuple[float, str, int], ...] = (
    (_YEAR, "y", 1),
    (_MONTH, "mo", 1),
    (_DAY, "d", 0),
    (_HOUR, "h", 1),
    (_MINUTE, "m", 0),
    (1.0, "s", 0),
)


def _rounded(amount: float, decimals: int) -> str:
    step = Decimal(1).scaleb(-decimals)  # 1 or 0.1
    text = str(Decimal(amount).quantize(step, rounding=ROUND_HALF_UP))
    return text.removesuffix(".0")


def format_interval(delta: timedelta, *, collapse: timedelta | None = None) -> str:
    """The button label for a span of time: ``"45s"``, ``"10m"``, ``"1.5h"``, ``"6d"``, ``"3.2mo"``.

    With ``collapse``, a positive span shorter than it is prefixed ``"<"`` (Anki's "<10m").
    A negative span (an overdue card) gets a leading ``"-"``.
    """
    seconds = delta.total_seconds()
    size = abs(seconds)
    unit, suffix, decimals = next((entry for entry in _UNITS if size >= entry[0]), _UNITS[-1])
    label = _rounded(size / unit, decimals) + suffix
    if seconds < 0:
        return "-" + label
    if collapse is not None and timedelta(0) < delta < collapse:
        return "<" + label
    return label


def format_days(days: int) -> str:
    """The label for a whole number of days, as stored in ``CardState.interval_days``."""
    return format_interval(timedelta(days=days))
