"""The inputs of the figures: answers and due cards, tallied by the query layer.

:mod:`glosscards.stats_queries` sums review-log rows into :class:`AnswerTally` values and due
cards into :class:`DueTally` values; the functions of this package take nothing else from the
database.
"""

from __future__ import annotations

from dataclasses import dataclass

from glosscards.stats.periods import MATURE_DAYS, AnswerKind, Button, answer_kind, button_for

__all__ = ["AnswerTally", "DueTally"]


@dataclass(frozen=True, slots=True)
class AnswerTally:
    """``count`` answers at about ``at`` (epoch seconds) sharing button, kind and maturity.

    One review-log row is a tally of one (see :meth:`of_answer`); the query layer sums rows per
    15-minute bucket. ``mature`` is ``interval_before >= MATURE_DAYS`` for review answers, and
    False for the others (only retention tells young from mature).
    """

    at: int
    button: Button
    kind: AnswerKind
    mature: bool
    count: int = 1
    duration_ms: int = 0

    @classmethod
    def of_answer(
        cls,
        *,
        at: int,
        grade: int | None,
        quality: int,
        phase_before: str,
        redrill: bool,
        interval_before: int,
        duration_ms: int = 0,
    ) -> AnswerTally:
        """The tally of one review-log row (``at`` in epoch seconds)."""
        kind = answer_kind(phase_before, redrill)
        mature = kind is AnswerKind.REVIEW and interval_before >= MATURE_DAYS
        return cls(at, button_for(grade, quality), kind, mature, 1, duration_ms)


@dataclass(frozen=True, slots=True)
class DueTally:
    """``count`` cards due at about ``due`` (epoch seconds); mature by the current interval."""

    due: int
    mature: bool
    count: int = 1
