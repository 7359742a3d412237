"""A card's progress in Anki's terms: its schedule for Anki's ``cards`` table and its answers
for ``revlog``, so Anki — importing with "Import any learning progress" — continues where
glosscards stands. Pure: no I/O.

Mapping (Anki's columns on the left):

* ``type``/``queue``: a new card 0/0; any answered card a review card 2/2 (SM-2 has no learning
  steps: a failed card is due tomorrow with interval 1); a suspended card keeps its type and
  gets queue -1.
* ``due``: for a review card, the scheduling day it is due on (the exporter counts it from
  the package's creation day, as Anki does); Anki moves it into the importing collection's
  days, so the card is due on the same date.
* ``ivl`` the interval in days, ``factor`` the E-Factor in permille (2.5 → 2500), ``reps`` the
  number of answers, ``lapses`` the lapses.
* ``revlog``: ``ease`` is the button (Again 1 … Easy 4; an answer given as an SM-2 quality maps
  q 0-2 → 1, 3 → 2, 4 → 3, 5 → 4), ``ivl``/``lastIvl`` the intervals after and before,
  ``factor`` the E-Factor after, ``time`` the answer's duration, ``type`` 0 for a new card's
  first answer, 2 for a re-drill or an answer to a failed card, 1 otherwise.
"""

from __future__ import annotations

from dataclasses import dataclass

__all__ = [
    "AnkiCard",
    "AnkiReview",
    "StoredCard",
    "StoredReview",
    "anki_card",
    "anki_ease",
    "anki_review",
]


@dataclass(frozen=True, slots=True)
class StoredReview:
    """One answer as glosscards keeps it."""

    reviewed_at_ms: int
    grade: int | None
    quality: int
    phase_before: str
    redrill: bool
    interval_before: int
    interval_after: int
    ease_after: float
    duration_ms: int


@dataclass(frozen=True, slots=True)
class StoredCard:
    """One card's schedule as glosscards keeps it, with its answers oldest first."""

    ordinal: int
    phase: str
    ease: float
    interval_days: int
    lapses: int
    due_day: int | None
    suspended: bool
    reviews: tuple[StoredReview, ...] = ()


@dataclass(frozen=True, slots=True)
class AnkiReview:
    at_ms: int
    ease: int
    ivl: int
    last_ivl: int
    factor: int
    time_ms: int
    kind: int


@dataclass(frozen=True, slots=True)
class AnkiCard:
    """The ``cards`` columns of one card (``ord`` is 0-based, Anki's cloze number - 1)."""

    ord: int
    type: int
    queue: int
    due_day: int | None
    """The glosscards day number it is due on (None: a new card keeps its position)."""
    ivl: int
    factor: int
    reps: int
    lapses: int
    revlog: tuple[AnkiReview, ...]


def anki_ease(grade: int | None, quality: int) -> int:
    """Anki's button for an answer: the button itself, or the SM-2 quality mapped to one."""
    if grade is not None:
        return grade
    return 1 if quality < 3 else quality - 1


def _kind(review: StoredReview) -> int:
    if review.redrill or review.phase_before == "learning":
        return 2
    return 0 if review.phase_before == "new" else 1


def anki_review(review: StoredReview) -> AnkiReview:
    """One answer as an Anki ``revlog`` row (its id is the answer's millisecond)."""
    return AnkiReview(
        at_ms=review.reviewed_at_ms,
        ease=anki_ease(review.grade, review.quality),
        ivl=review.interval_after,
        last_ivl=review.interval_before,
        factor=round(review.ease_after * 1000),
        time_ms=review.duration_ms,
        kind=_kind(review),
    )


def anki_card(card: StoredCard) -> AnkiCard:
    """``card`` in Anki's terms."""
    revlog = tuple(anki_review(r) for r in card.reviews)
    new = card.phase == "new" or card.due_day is None
    kind = 0 if new else 2
    return AnkiCard(
        ord=card.ordinal - 1,
        type=kind,
        queue=-1 if card.suspended else kind,
        due_day=None if new else card.due_day,
        ivl=0 if new else card.interval_days,
        factor=0 if new else round(card.ease * 1000),
        reps=len(card.reviews),
        lapses=card.lapses,
        revlog=revlog,
    )
