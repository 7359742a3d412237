"""Custom study: the façade's part of :mod:`glosscards.custom_study` (one façade with
:class:`glosscards.collection.Collection`; the split keeps each module small).

A running session lives in memory, as the card ids it took when it started and the newest
review id then: a card has left it once a review of it is newer (undo takes the review back, and
the card returns). Only ``MORE_NEW`` writes anything: today's raise, in the ``meta`` table.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, tzinfo
from pathlib import Path

from glosscards.collection_base import CollectionBase, now_or_utc
from glosscards.custom_study import (
    Candidate,
    CustomSession,
    CustomStudy,
    first_forgotten_day,
    next_in_session,
    session_counts,
    share_extra_new,
    take_cards,
)
from glosscards.errors import CollectionError
from glosscards.scheduler.day import start_of_day
from glosscards.scheduler.sm2 import PASS_QUALITY
from glosscards.storage.custom_study_store import CustomStudyStore, save_extra_new
from glosscards.storage.database import Database
from glosscards.storage.lock import WriterLock
from glosscards.values import Counts

__all__ = ["CollectionCustomStudy"]

_now = now_or_utc


@dataclass(frozen=True, slots=True)
class _Running:
    cards: tuple[int, ...]
    since_review: int


class CollectionCustomStudy(CollectionBase):
    """Custom study (see :class:`glosscards.collection.Collection` and
    :mod:`glosscards.custom_study`)."""

    def __init__(self, path: Path, db: Database, tz: tzinfo, lock: WriterLock | None) -> None:
        super().__init__(path, db, tz, lock)
        self._custom = CustomStudyStore(db)
        self._running: dict[CustomSession, _Running] = {}

    def start_custom_study(self, session: CustomSession, now: datetime | None = None) -> int:
        """Start ``session`` (again, from the beginning, if it ran before) and return how many
        cards it holds; study it with ``next_card(session=...)`` and ``counts(session=...)``.

        ``MORE_NEW`` instead raises today's new-card limit of the session's deck by ``amount``
        (for all decks: ``amount`` shared among the decks whose new cards wait past their limit,
        in the deck list's order) and returns how many more new cards that makes available
        today; they come through the regular queue. That raise is the one thing a custom session
        writes (one transaction); it lapses when the scheduling day ends, and the deck's options
        are never changed. Raises :class:`CollectionError` for a deck that does not exist.
        """
        moment = _now(now)
        self._check_deck(session.deck)
        if session.kind is CustomStudy.MORE_NEW:
            return self._raise_new_limit(session, moment)
        cards = self._session_cards(session, moment)
        self._running[session] = _Running(cards, self._store.answer_sequence())
        return len(cards)

    def in_custom_session(self, session: CustomSession, card_id: int) -> bool:
        """Whether ``card_id`` is one of the running ``session``'s cards (``MORE_NEW``: of its
        deck, since it studies the regular queue)."""
        if session.kind is CustomStudy.MORE_NEW:
            return True
        running = self._running.get(session)
        return running is not None and card_id in running.cards

    def custom_study_count(self, session: CustomSession, now: datetime | None = None) -> int:
        """What :meth:`start_custom_study` would return now, starting and writing nothing (the
        custom study dialog shows it before the learner chooses)."""
        moment = _now(now)
        self._check_deck(session.deck)
        if session.kind is CustomStudy.MORE_NEW:
            return self._new_shares(session, moment)[1]
        return len(self._session_cards(session, moment))

    def _cards_changed(self) -> None:
        """An undo or a deletion may have removed the newest answers, and SQLite gives their
        review ids to the next answers: a running session's mark is lowered to the newest id
        left, so an answer given in the session is never taken for one from before it (which
        would offer the card a second time the same day)."""
        super()._cards_changed()
        newest = self._store.answer_sequence()
        for session, running in list(self._running.items()):
            if running.since_review > newest:
                self._running[session] = _Running(running.cards, newest)

    # -- the queue of a running session (Collection.next_card and counts with session=) --------

    def _running_session(self, session: CustomSession, moment: datetime) -> _Running:
        running = self._running.get(session)
        if running is None:
            self.start_custom_study(session, moment)
            running = self._running[session]
        return running

    def _custom_next_id(self, session: CustomSession, moment: datetime) -> int | None:
        if session.kind is CustomStudy.MORE_NEW:  # the regular queue, its limit raised
            return self._queue.next_card_id(moment, session.deck)
        running = self._running_session(session, moment)
        cards = self._custom.session_cards(
            running.cards, day=self.scheduling_day(moment), since_review=running.since_review
        )
        return next_in_session(running.cards, cards, sequence=self._store.answer_sequence())

    def _custom_counts(self, session: CustomSession, moment: datetime) -> Counts:
        if session.kind is CustomStudy.MORE_NEW:
            return self._queue.counts(moment, session.deck)
        running = self._running_session(session, moment)
        cards = self._custom.session_cards(
            running.cards, day=self.scheduling_day(moment), since_review=running.since_review
        )
        return session_counts(running.cards, cards)

    # -- helpers -------------------------------------------------------------------------------

    def _check_deck(self, deck: int | None) -> None:
        if deck is not None and deck not in {d.id for d in self.decks()}:
            raise CollectionError(self.path, f"has no deck with id {deck}")

    def _session_cards(self, session: CustomSession, moment: datetime) -> tuple[int, ...]:
        day = self.scheduling_day(moment)
        deck = session.deck
        failed: list[int] = []
        weak: list[int] = []
        candidates: list[Candidate]
        if session.kind is CustomStudy.FORGOTTEN:
            first = first_forgotten_day(day.number, session.amount)
            since = start_of_day(first, tz=self.tz, rollover_hour=self.settings.rollover_hour)
            failed = self._custom.failed_since(since, below=PASS_QUALITY, deck=deck)
            candidates = self._custom.candidates(deck=deck, ids=failed)
        elif session.kind is CustomStudy.WEAK:
            # The card check of every deck: a card moved to another deck is checked with its
            # own note, and kept by its deck (the card's, not its term's glossary).
            weak = self.weak_card_ids()
            candidates = self._custom.candidates(deck=deck, ids=weak)
        elif session.kind is CustomStudy.TAG:
            tag = session.tag.strip()
            candidates = self._custom.candidates(deck=deck, tag=tag) if tag else []
        else:
            candidates = self._custom.candidates(deck=deck)
        return take_cards(session, candidates, day=day, failed=failed, weak=weak)

    def _new_shares(self, session: CustomSession, moment: datetime) -> tuple[dict[int, int], int]:
        """(the raise of each deck, how many more new cards it makes available today)."""
        if session.deck is not None:
            waiting = self._queue.new_beyond_limit(moment, session.deck)
            return {session.deck: session.amount}, min(session.amount, waiting)
        beyond = [(d.id, self._queue.new_beyond_limit(moment, d.id)) for d in self.decks()]
        shares = share_extra_new(session.amount, beyond)
        return shares, sum(shares.values())

    def _raise_new_limit(self, session: CustomSession, moment: datetime) -> int:
        self._require_writable()
        shares, gained = self._new_shares(session, moment)
        if not any(shares.values()):
            return 0
        raised = self._raised_new_limits().raised(self.scheduling_day(moment).number, shares)
        save_extra_new(self._meta, raised)
        self._extra_new = raised
        self._queue.settings_changed()
        return gained
