"""The answers a reviewer can give and the SM-2 quality each one stands for.

SM-2 grades an answer with a *quality* q from 0 to 5:

    5  perfect response
    4  correct response after a hesitation
    3  correct response recalled with serious difficulty
    2  incorrect response; where the correct one seemed easy to recall
    1  incorrect response; the correct one remembered
    0  complete blackout

The reviewer shows Anki's four buttons instead (``GradeMode.FOUR_BUTTONS``), numbered 1-4 as on
Anki's keyboard shortcuts, and maps them to qualities with ``DEFAULT_QUALITY``:

    Again -> 1   forgot it, but recognised the answer ("incorrect; the correct one remembered")
    Hard  -> 3   recalled with serious difficulty: a pass, but EF drops and the card is re-drilled
    Good  -> 4   recalled after a hesitation: EF unchanged
    Easy  -> 5   perfect: EF rises

Again is 1 rather than 0 because a user who pressed Again has just been shown the answer and
usually recognises it; 0 ("blackout") would cut EF by 0.8 per press instead of 0.54. Users who
want SM-2's full scale choose ``GradeMode.SM2_SIX`` and answer with q itself (0-5).
"""

from __future__ import annotations

from collections.abc import Mapping
from enum import IntEnum, StrEnum
from types import MappingProxyType
from typing import TypeGuard

from glosscards.errors import GlosscardsError

__all__ = [
    "DEFAULT_QUALITY",
    "MAX_QUALITY",
    "MIN_QUALITY",
    "Grade",
    "GradeError",
    "GradeMode",
    "answers_for",
    "quality_for",
    "validate_quality",
    "validate_quality_map",
]

MIN_QUALITY = 0
MAX_QUALITY = 5


class GradeError(GlosscardsError, ValueError):
    """An answer that is not on the scale in use (a bool, a non-integer, or out of range)."""


class Grade(IntEnum):
    """The reviewer's four buttons, numbered as Anki numbers them (keys 1-4)."""

    AGAIN = 1
    HARD = 2
    GOOD = 3
    EASY = 4

    @property
    def label(self) -> str:
        """The button caption: ``"Again"``, ``"Hard"``, ``"Good"``, ``"Easy"``."""
        return self.name.capitalize()


class GradeMode(StrEnum):
    """How the user answers: four buttons, or SM-2's six qualities directly."""

    FOUR_BUTTONS = "four"
    SM2_SIX = "six"


DEFAULT_QUALITY: Mapping[Grade, int] = MappingProxyType(
    {Grade.AGAIN: 1, Grade.HARD: 3, Grade.GOOD: 4, Grade.EASY: 5}
)


def _is_int(value: object) -> TypeGuard[int]:
    # bool is an int subclass, but True/False as an answer is always a bug upstream.
    return type(value) is int or (isinstance(value, int) and not isinstance(value, bool))


def validate_quality(quality: object) -> int:
    """Return ``quality`` if it is an SM-2 quality (an int 0-5), else raise ``GradeError``."""
    if not _is_int(quality):
        raise GradeError(f"an SM-2 quality must be an integer 0-5, not {quality!r}")
    if not MIN_QUALITY <= quality <= MAX_QUALITY:
        raise GradeError(f"an SM-2 quality must be 0-5, not {quality}")
    return int(quality)


def validate_quality_map(qualities: Mapping[Grade, int]) -> Mapping[Grade, int]:
    """Check a button-to-quality map: every button present, every value a quality 0-5.

    All problems are collected and raised together in one ``GradeError``.
    """
    problems: list[str] = []
    for grade in Grade:
        if grade not in qualities:
            problems.append(f"no quality for {grade.label}")
            continue
        value = qualities[grade]
        if not _is_int(value) or not MIN_QUALITY <= value <= MAX_QUALITY:
            problems.append(f"{grade.label} maps to {value!r}, not a quality 0-5")
    if problems:
        raise GradeError("invalid grade-to-quality map: " + "; ".join(problems))
    return qualities


def quality_for(
    grade: Grade | int,
    *,
    mode: GradeMode = GradeMode.FOUR_BUTTONS,
    qualities: Mapping[Grade, int] = DEFAULT_QUALITY,
) -> int:
    """The SM-2 quality for one answer.

    In ``FOUR_BUTTONS`` mode ``grade`` is a button (``Grade`` or its number 1-4) and is mapped
    through ``qualities``; in ``SM2_SIX`` mode ``grade`` is the quality itself (0-5). Anything
    else — a bool, a non-integer, a number outside the mode's scale — raises ``GradeError``.
    """
    if GradeMode(mode) is GradeMode.SM2_SIX:
        return validate_quality(grade)
    if not _is_int(grade) or not Grade.AGAIN <= grade <= Grade.EASY:
        raise GradeError(f"a button grade must be 1-4 (Again, Hard, Good, Easy), not {grade!r}")
    if qualities is DEFAULT_QUALITY:  # checked once, at import; a custom map is checked here
        return DEFAULT_QUALITY[Grade(grade)]
    validate_quality_map(qualities)
    return validate_quality(qualities[Grade(grade)])


def answers_for(mode: GradeMode) -> tuple[int, ...]:
    """The answers a mode offers, in button order: the four ``Grade``s, or qualities 0-5."""
    if GradeMode(mode) is GradeMode.SM2_SIX:
        return tuple(range(MIN_QUALITY, MAX_QUALITY + 1))
    return tuple(Grade)


validate_quality_map(DEFAULT_QUALITY)  # the fast path in quality_for relies on this
