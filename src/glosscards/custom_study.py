"""Custom study, Anki's model: what to study once the day's cards are done. Pure code.

A :class:`CustomSession` is one of Anki's "Custom study" choices for a deck (or all decks):

``MORE_NEW``
    Raise today's new-card limit by ``amount`` cards, for today's scheduling day only. Nothing
    else changes: the extra cards come through the regular queue, within its limits (now
    raised), and tomorrow the deck's own limit holds again (:class:`ExtraNew`).
``REVIEW_AHEAD``
    The studied cards due within ``amount`` scheduling days (Anki's ``prop:due<=N``: due on day
    today + N or earlier, so cards still due today come too), soonest due first.
``FORGOTTEN``
    The cards answered Again (any failed answer, SM-2's q < 3: a lapse, a failed first
    answer, a failed re-drill) in the last ``amount`` scheduling days, 1 (the default) being
    today, in the order they were first failed. Anki asks the same way ("Review cards forgotten
    in the last N days") but shows them in random order.
``TAG``
    Anki's "Study by card state or tag" with the card state *all review cards*: every studied
    (not new) card of the notes that carry ``tag``, due or not, soonest due first, at most
    ``amount`` of them (Anki's default 100; 0: all). Anki orders them randomly; due order makes a
    session repeatable and puts the cards nearest to being forgotten first.
``WEAK``
    The studied cards the card check finds a problem with (the browser's ``is:weak``), soonest
    due first, at most ``amount`` (0: all).

Three rules hold for every session but ``MORE_NEW``:

* **No new cards.** A new card is introduced by the regular queue, within the deck's new-card
  limit (raise it with ``MORE_NEW``): a custom session never changes the deck's pace.
* **Not twice a day.** A card already answered today is left out (except by ``FORGOTTEN``,
  whose point is to ask today's failures once more). SM-2 counts each scheduled answer as a
  repetition, so a second one the same day would lengthen the interval (1 day, then 6) without a
  day having passed.
* **Buried and suspended cards stay hidden**, as in the regular queue: a sibling answered today
  gives the answer away.

Every answer in a session is an ordinary answer, through the scheduler in use and
``Collection.answer``: it reschedules the card, is logged, can be undone, and counts among
today's answers (and so against today's review limit, like any scheduled review). A card
leaves the session once answered; one answered below SM-2's re-drill pass (Again, Hard) comes
back later in the same session as the regular queue's same-day re-drill has it: after
:attr:`~glosscards.scheduler.queue.QueuePolicy.redrill_gap` other answers, or at once when
nothing else is left, until it is answered Good or Easy.

What SM-2 does with an early review (review ahead): it ignores how long the card actually
waited, so an answer before the due day is a repetition like one on it. Good on a card of
interval 6 and EF 2.5 answered 3 days early gives interval round(6 x 2.5) = 15, counted from
the day of the answer (due today + 15), not from the day it was due; Again starts the card
again from 1 day, as any failure does. Studying ahead therefore moves a card's next review
earlier than waiting would have, never later. Once a card's re-drill is over, an answer to it
in a ``FORGOTTEN`` session is a scheduled SM-2 repetition of a card that has n = 0: Good or
Easy make n = 1 (due tomorrow, as it already was), and each answer changes EF again.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Collection as AbstractCollection
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from enum import StrEnum
from typing import Any

from glosscards.scheduler.day import SchedulingDay
from glosscards.scheduler.queue import QueuePolicy
from glosscards.values import Counts

__all__ = [
    "DEFAULT_AMOUNT",
    "MAX_FORGOTTEN_DAYS",
    "Candidate",
    "CustomSession",
    "CustomStudy",
    "ExtraNew",
    "SessionCard",
    "first_forgotten_day",
    "next_in_session",
    "raise_new_limit",
    "session_counts",
    "share_extra_new",
    "take_cards",
]


class CustomStudy(StrEnum):
    """Anki's custom study choices (see the module docstring)."""

    MORE_NEW = "more-new"
    REVIEW_AHEAD = "review-ahead"
    FORGOTTEN = "forgotten"
    TAG = "tag"
    WEAK = "weak"


DEFAULT_AMOUNT: Mapping[CustomStudy, int] = {
    CustomStudy.MORE_NEW: 20,  # new cards
    CustomStudy.REVIEW_AHEAD: 1,  # days
    CustomStudy.FORGOTTEN: 1,  # days: today
    CustomStudy.TAG: 100,  # cards, as Anki's "Select 100 cards"
    CustomStudy.WEAK: 100,  # cards
}
"""What each choice's number starts at (Anki's defaults)."""

MAX_FORGOTTEN_DAYS = 30
"""How far back ``FORGOTTEN`` may look, as in Anki."""


@dataclass(frozen=True, slots=True)
class CustomSession:
    """One custom study choice for ``deck`` (a deck id; None: all decks).

    ``amount`` is new cards (``MORE_NEW``), days (``REVIEW_AHEAD``, ``FORGOTTEN``) or at most so
    many cards (``TAG``, ``WEAK``; 0: all); ``tag`` is the tag of a ``TAG`` session. Sessions are
    equal, and one running session is found again, by these four values.
    """

    kind: CustomStudy
    deck: int | None
    amount: int = 0
    tag: str = ""

    def __post_init__(self) -> None:
        object.__setattr__(self, "kind", CustomStudy(self.kind))
        if self.amount < 0:
            raise ValueError(f"a custom study amount cannot be negative, not {self.amount}")


@dataclass(frozen=True, slots=True)
class Candidate:
    """A card a session might take: an active (not suspended, not retired) card's queue state.

    ``due_day`` is a scheduling-day number (None: new); ``last_review`` the last answer's instant;
    ``buried_until_day`` the day a burial ends (0: not buried).
    """

    id: int
    phase: str
    due_day: int | None
    last_review: datetime | None
    buried_until_day: int = 0

    def shown_on(self, today: int) -> bool:
        return self.buried_until_day <= today

    def answered_on(self, day: SchedulingDay) -> bool:
        return self.last_review is not None and self.last_review >= day.start

    @property
    def studied(self) -> bool:
        return self.phase != "new" and self.due_day is not None


def first_forgotten_day(today: int, days: int) -> int:
    """The first scheduling day a ``FORGOTTEN`` session of ``days`` days looks at (1: today)."""
    return today - (min(max(days, 1), MAX_FORGOTTEN_DAYS) - 1)


def _due_order(card: Candidate) -> tuple[int, int]:
    # The regular queue's order of due cards (storage.review_store: "due_day, id").
    return (card.due_day if card.due_day is not None else 0, card.id)


def _limited(cards: Sequence[Candidate], limit: int) -> tuple[int, ...]:
    ids = tuple(c.id for c in cards)
    return ids if limit <= 0 else ids[:limit]


def take_cards(
    session: CustomSession,
    candidates: Sequence[Candidate],
    *,
    day: SchedulingDay,
    failed: Sequence[int] = (),
    weak: AbstractCollection[int] = (),
) -> tuple[int, ...]:
    """The ids of the cards ``session`` studies, in the order it shows them.

    ``candidates`` are the active cards of the session's deck (for ``TAG``: of the notes with its
    tag); ``failed`` the cards failed in the ``FORGOTTEN`` window, in the order they were first
    failed; ``weak`` the cards the card check flags. ``MORE_NEW`` takes no cards of its own.
    """
    today = day.number
    shown = [c for c in candidates if c.shown_on(today)]
    kind = session.kind
    if kind is CustomStudy.MORE_NEW:
        return ()
    if kind is CustomStudy.FORGOTTEN:
        by_id = {c.id: c for c in shown if c.studied}
        return tuple(dict.fromkeys(i for i in failed if i in by_id))
    fresh = [c for c in shown if c.studied and not c.answered_on(day)]
    if kind is CustomStudy.REVIEW_AHEAD:
        until = today + session.amount
        return tuple(c.id for c in sorted(fresh, key=_due_order) if _due_order(c)[0] <= until)
    if kind is CustomStudy.WEAK:
        flagged = set(weak)
        fresh = [c for c in fresh if c.id in flagged]
    return _limited(sorted(fresh, key=_due_order), session.amount)


# -- a running session ---------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class SessionCard:
    """A card of a running session, as it is now.

    ``shown``: active and not buried today; ``answered``: answered since the session began;
    ``redrill``: waiting in today's re-drill, ready once the answer sequence reaches
    ``redrill_after`` (:func:`glosscards.scheduler.queue.redrill_ready_after`).
    """

    id: int
    phase: str
    shown: bool
    answered: bool
    redrill: bool
    redrill_after: int = 0


def _still_in(card: SessionCard) -> bool:
    return card.shown and (not card.answered or card.redrill)


def next_in_session(
    order: Sequence[int], cards: Mapping[int, SessionCard], *, sequence: int
) -> int | None:
    """The card to show next, ``order`` being the session's cards in the order it took them.

    As the regular queue: a card answered in the session that is ready in its re-drill first
    (``sequence`` is the number of the newest answer), then the cards not yet answered in
    order, then a re-drill card that has not waited long enough, when nothing else is left.
    """
    place = {card_id: n for n, card_id in enumerate(dict.fromkeys(order))}
    present = [cards[i] for i in place if i in cards and _still_in(cards[i])]
    again = sorted((c for c in present if c.answered), key=lambda c: (c.redrill_after, place[c.id]))
    ready = [c for c in again if c.redrill_after <= sequence]
    if ready:
        return ready[0].id
    waiting = [c for c in present if not c.answered]
    if waiting:
        return waiting[0].id
    return again[0].id if again else None


def session_counts(order: Sequence[int], cards: Mapping[int, SessionCard]) -> Counts:
    """What is left of a session: re-drill cards as learning, the others by their phase."""
    present = [cards[i] for i in dict.fromkeys(order) if i in cards and _still_in(cards[i])]
    learning = sum(1 for c in present if c.redrill)
    new = sum(1 for c in present if not c.redrill and c.phase == "new")
    return Counts(new=new, learning=learning, review=len(present) - learning - new)


# -- more new cards today ------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class ExtraNew:
    """Today's raised new-card limits: ``decks`` maps a deck id to the extra new cards it may
    introduce on scheduling day ``day``. Any other day has none, so a raise lapses at rollover."""

    day: int = -1
    decks: Mapping[int, int] = field(default_factory=dict)

    def on(self, day: int, deck: int | None) -> int:
        """The extra new cards of ``deck`` (None: of all decks together) on ``day``."""
        if day != self.day:
            return 0
        if deck is None:
            return sum(self.decks.values())
        return self.decks.get(deck, 0)

    def raised(self, day: int, shares: Mapping[int, int]) -> ExtraNew:
        """These limits with ``shares`` added on ``day`` (a raise of an earlier day is dropped)."""
        decks = dict(self.decks) if day == self.day else {}
        for deck, extra in shares.items():
            if extra > 0:
                decks[deck] = decks.get(deck, 0) + extra
        return ExtraNew(day, decks)

    def to_dict(self) -> dict[str, Any]:
        return {"day": self.day, "decks": {str(k): v for k, v in self.decks.items()}}

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> ExtraNew:
        decks = data.get("decks", {})
        return cls(int(data.get("day", -1)), {int(k): int(v) for k, v in decks.items()})


def raise_new_limit(policy: QueuePolicy, extra: int) -> QueuePolicy:
    """``policy`` with ``extra`` more new cards allowed (the deck's options stay as they are)."""
    if extra <= 0:
        return policy
    return dataclasses.replace(policy, new_per_day=policy.new_per_day + extra)


def share_extra_new(amount: int, beyond: Sequence[tuple[int, int]]) -> dict[int, int]:
    """How a raise of ``amount`` new cards for all decks is shared: ``beyond`` holds, for each deck
    in the deck list's order, how many new cards wait past its limit; each deck in turn gets as
    many as it has waiting until ``amount`` is used up (so all decks together give exactly
    ``amount`` more, or every card that waits)."""
    shares: dict[int, int] = {}
    left = max(0, amount)
    for deck, waiting in beyond:
        share = min(left, max(0, waiting))
        if share:
            shares[deck] = share
            left -= share
    return shares
