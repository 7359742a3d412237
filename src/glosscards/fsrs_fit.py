"""FSRS's parameters fitted to a learner's own answers: the histories, in the optimizer's terms.

Anki's optimizer (fsrs-rs, run by :mod:`glosscards.anki_fsrs_fit`) learns from *items*: a card's
answers up to one of them, each answer as the button pressed (1-4) and the days since the
answer before (0 for the first, and for a second answer the same scheduling day). As Anki
builds them (rslib ``scheduler/fsrs/params.rs``), every answer after the first that comes a day
or more after the one before ends an item; same-day answers (learning steps) stay in the items
as context but are not predicted. Days are scheduling days, so "a day apart" is what the
learner lived, not 24 hours.

What the optimizer gives back is checked here: rounded to four decimals (Anki shows them so),
kept inside py-fsrs's bounds, and refused (:class:`FitError`) when it is Anki's defaults
unchanged — the optimizer's answer when there are too few items (under about 50 here).
Pure: no I/O.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime

from fsrs.scheduler import DEFAULT_PARAMETERS, LOWER_BOUNDS_PARAMETERS, UPPER_BOUNDS_PARAMETERS

from glosscards.errors import GlosscardsError
from glosscards.scheduler.day import SchedulingDay
from glosscards.scheduler.replay import PastAnswer, button_for_quality

__all__ = ["FitError", "FitItem", "FitReview", "checked_parameters", "fsrs_items"]


class FitError(GlosscardsError):
    """The answers cannot be fitted (too few of them a day or more apart)."""


@dataclass(frozen=True, slots=True)
class FitReview:
    """One answer for the optimizer: the button (1-4) and the scheduling days since the last."""

    rating: int
    delta_t: int


@dataclass(frozen=True, slots=True)
class FitItem:
    """A card's answers up to one the optimizer learns to predict (the last)."""

    reviews: tuple[FitReview, ...]


def _reviews(
    answers: Sequence[PastAnswer], day_of: Callable[[datetime], SchedulingDay]
) -> list[FitReview]:
    reviews: list[FitReview] = []
    last: int | None = None
    for answer in sorted(answers, key=lambda a: a.at):
        day = day_of(answer.at).number
        rating = answer.grade if answer.grade is not None else button_for_quality(answer.quality)
        reviews.append(FitReview(rating, 0 if last is None else day - last))
        last = day
    return reviews


def fsrs_items(
    histories: Iterable[Sequence[PastAnswer]], *, day_of: Callable[[datetime], SchedulingDay]
) -> list[FitItem]:
    """The optimizer's items from each card's answers (see the module docstring)."""
    items: list[FitItem] = []
    for answers in histories:
        reviews = _reviews(answers, day_of)
        items.extend(
            FitItem(tuple(reviews[: i + 1]))
            for i in range(1, len(reviews))
            if reviews[i].delta_t > 0
        )
    return items


def checked_parameters(fitted: Sequence[float], *, items: int) -> tuple[float, ...]:
    """The optimizer's parameters, rounded and within bounds; :class:`FitError` when they are
    the defaults (too few ``items``) or not 21 of them."""
    if len(fitted) != len(DEFAULT_PARAMETERS):
        raise FitError(f"the optimizer gave {len(fitted)} parameters, not 21")
    rounded = tuple(round(float(p), 4) for p in fitted)
    if rounded == tuple(round(p, 4) for p in DEFAULT_PARAMETERS):
        raise FitError(
            f"{items} answers a day or more after the one before are too few"
            " (the optimizer needs about 50, Anki suggests 400 or more)"
        )
    return tuple(
        min(max(p, low), high)
        for p, low, high in zip(
            rounded, LOWER_BOUNDS_PARAMETERS, UPPER_BOUNDS_PARAMETERS, strict=True
        )
    )
