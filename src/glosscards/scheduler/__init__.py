"""Scheduling as pure code: no I/O, no clock.

``seam`` is the contract every algorithm meets (:class:`Scheduler`); ``sm2`` holds SM-2 and the
choices made where the published text is ambiguous, ``sm2_scheduler`` puts it behind the seam;
``queue`` is the study queue's policy (limits, order, re-drill gap, burying); ``day`` the
scheduling day and its number; ``grade`` the buttons and qualities; ``state`` the values;
``intervals`` the button labels.
"""

from glosscards.scheduler.day import (
    DEFAULT_ROLLOVER_HOUR,
    SchedulingDay,
    day_start,
    next_day_start,
    scheduling_day,
)
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
from glosscards.scheduler.queue import DoneToday, QueueList, QueuePolicy
from glosscards.scheduler.seam import Answered, Preview, Scheduler
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
from glosscards.scheduler.sm2_scheduler import Sm2Scheduler
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
    "Answered",
    "CardPhase",
    "CardState",
    "DoneToday",
    "Grade",
    "GradeError",
    "GradeMode",
    "Preview",
    "QueueList",
    "QueuePolicy",
    "ReviewLog",
    "Scheduler",
    "SchedulingDay",
    "Sm2Scheduler",
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
    "scheduling_day",
    "starts_redrill",
    "validate_quality",
    "validate_quality_map",
]
