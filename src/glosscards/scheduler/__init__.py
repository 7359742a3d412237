"""A pure SM-2 scheduler: functions of (card state, answer, now) with no I/O and no clock.

``sm2`` holds the algorithm and the choices made where the published SM-2 is ambiguous;
``grade`` the buttons and qualities; ``state`` the values; ``day`` the scheduling-day boundary;
``intervals`` the button labels.
"""

from glosscards.scheduler.day import DEFAULT_ROLLOVER_HOUR, day_start, next_day_start
from glosscards.scheduler.grade import (
    DEFAULT_QUALITY,
    MAX_QUALITY,
    MIN_QUALITY,
    Grade,
    GradeError,
    GradeMode,
    answers_for,
    quality_for,
    validate_quality,
    validate_quality_map,
)
from glosscards.scheduler.intervals import format_days, format_interval
from glosscards.scheduler.sm2 import (
    EASE_DECIMALS,
    FIRST_INTERVAL,
    PASS_QUALITY,
    REDRILL_PASS_QUALITY,
    SECOND_INTERVAL,
    answer,
    answer_redrill,
    next_ease,
    next_interval,
    preview_intervals,
    redrill_pending,
    review,
    starts_redrill,
)
from glosscards.scheduler.state import INITIAL_EASE, MIN_EASE, CardPhase, CardState, ReviewLog

__all__ = [
    "DEFAULT_QUALITY",
    "DEFAULT_ROLLOVER_HOUR",
    "EASE_DECIMALS",
    "FIRST_INTERVAL",
    "INITIAL_EASE",
    "MAX_QUALITY",
    "MIN_EASE",
    "MIN_QUALITY",
    "PASS_QUALITY",
    "REDRILL_PASS_QUALITY",
    "SECOND_INTERVAL",
    "CardPhase",
    "CardState",
    "Grade",
    "GradeError",
    "GradeMode",
    "ReviewLog",
    "answer",
    "answer_redrill",
    "answers_for",
    "day_start",
    "format_days",
    "format_interval",
    "next_day_start",
    "next_ease",
    "next_interval",
    "preview_intervals",
    "quality_for",
    "redrill_pending",
    "review",
    "starts_redrill",
    "validate_quality",
    "validate_quality_map",
]
