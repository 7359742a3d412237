"""What the learner does to cards besides answering them — bury, suspend, reset, change deck,
delete — and undo: the façade's part of :mod:`glosscards.storage.card_store` and of the undo
journal (one façade with :class:`glosscards.collection.Collection`; the split keeps each module
small).

Every change here, every answer and every note edit is one transaction that also journals its
step (:mod:`glosscards.storage.journal`), so undo works across closing and reopening the
collection: it takes back the newest step of the current scheduling day, one step per call, and
never a step from before an import, a sync, a restore or a deck deletion, which end the history.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime, tzinfo
from pathlib import Path

from glosscards.collection_base import now_or_utc
from glosscards.collection_sync import CollectionSync
from glosscards.storage.card_store import CardStore
from glosscards.storage.database import Database
from glosscards.storage.lock import WriterLock
from glosscards.storage.undo_store import UndoStore
from glosscards.values import CardId, UndoResult, UndoStep

__all__ = ["CollectionCards"]

_now = now_or_utc


class CollectionCards(CollectionSync):
    """Card changes and undo (see :class:`glosscards.collection.Collection`)."""

    def __init__(self, path: Path, db: Database, tz: tzinfo, lock: WriterLock | None) -> None:
        super().__init__(path, db, tz, lock)
        self._cards = CardStore(db)
        self._journal = UndoStore(db)

    def undo_step(self, now: datetime | None = None) -> UndoStep | None:
        """What :meth:`undo` would take back now: the newest step, when it was made on the
        current scheduling day (None: nothing can be undone)."""
        return self._journal.latest(self.scheduling_day(now).number)

    def undo(self, now: datetime | None = None) -> UndoResult | None:
        """Take back the newest step of any kind — an answer (the card's state, its log row and
        its siblings' burial), a bury, a suspension, a note edit, a reset, a deck change, a
        deletion — exactly, in one transaction; call again for the one before. None when there
        is nothing to undo today (see the module docstring)."""
        self._require_writable()
        moment = _now(now)
        try:
            entry = self._journal.undo(
                self.scheduling_day(moment).number, now_s=int(moment.timestamp())
            )
        finally:
            self._cards_changed()
        if entry is None:
            return None
        step = entry.step()
        first = step.card_ids[0] if step.card_ids else CardId(0)
        return UndoResult(card_id=first, review_id=entry.review_id, step=step)

    def suspend(self, card_id: int, suspended: bool = True, now: datetime | None = None) -> None:
        """Suspend (or unsuspend) one card: :meth:`suspend_cards`."""
        self.suspend_cards([card_id], suspended, now)

    def suspend_cards(
        self, card_ids: Sequence[int], suspended: bool = True, now: datetime | None = None
    ) -> int:
        """Suspend (or, with ``suspended=False``, unsuspend) cards: one transaction, one undo
        step. Returns how many changed (cards already so are left alone)."""
        day, at = self._write_moment(now)
        return self._cards.set_suspended(card_ids, suspended, day=day, at=at)

    def bury(self, card_id: int, now: datetime | None = None) -> None:
        """Hide the card until the next scheduling day."""
        day, at = self._write_moment(now)
        self._cards.set_buried_until([card_id], day + 1, day=day, at=at)

    def unbury(self, card_id: int, now: datetime | None = None) -> None:
        """Show a buried card again today."""
        day, at = self._write_moment(now)
        self._cards.set_buried_until([card_id], 0, day=day, at=at)

    def reset_cards(self, card_ids: Sequence[int], now: datetime | None = None) -> int:
        """Make cards new again, in their glossary order among the new cards; their review
        history, suspension and burial stay. One transaction; returns how many were not new."""
        day, at = self._write_moment(now)
        return self._cards.reset(card_ids, day=day, at=at)

    def move_cards(self, card_ids: Sequence[int], deck: str, now: datetime | None = None) -> int:
        """Put these cards into the existing deck named ``deck`` — with their notes and the
        notes' other cards, since export and sync put a note (not a card) into an Anki deck.
        One transaction; returns how many cards changed deck. Raises
        :class:`~glosscards.errors.CollectionError` naming the decks when there is no ``deck``.

        A deck is a glossary's, so what moves is the term: the deck list, its counts and
        limits, the browser, statistics, export and sync (the mirror moves the cards in Anki
        too) all see it in its new deck, and deleting that deck deletes it. The term remembers
        its glossary: re-importing that glossary updates it (or retires it, when the entry is
        dropped) where it now is, gives cards a new cloze makes the same deck, and never
        offers the entry as new; re-importing the deck it moved to leaves it alone. Moving it
        back to its glossary's deck makes it an ordinary term of that deck again.
        """
        deck_id = self.deck_id(deck)
        day, at = self._write_moment(now)
        try:
            return self._cards.move(card_ids, deck_id, day=day, at=at)
        finally:
            self._cards_changed()

    def delete_notes(self, card_ids: Sequence[int], now: datetime | None = None) -> int:
        """Delete the notes of these cards, each with its term, all its cards and their answers:
        one transaction, undoable today like any step. Returns how many notes went.

        A later re-import of the glossary finds the entry missing from the deck and adds it
        as new (so its preview lists it among the new terms), as a new note with no history,
        under another identity key: the note the Anki mirror holds (its GUID is the old key) is
        not taken up again. A sync retires that note in Anki — tagged ``glosscards::retired``,
        its cards suspended, its history kept on the phone, as for a deleted deck — and never
        brings it or its answers back here.
        """
        day, at = self._write_moment(now)
        try:
            return self._cards.delete_notes(card_ids, day=day, at=at)
        finally:
            self._cards_changed()

    def _write_moment(self, now: datetime | None) -> tuple[int, int]:
        """Before a change: (the scheduling day it is made on, its epoch second)."""
        self._require_writable()
        self._shown = None
        moment = _now(now)
        return self.scheduling_day(moment).number, int(moment.timestamp())

    def _cards_changed(self) -> None:
        """Cards or answers changed beside the reviewer: what is cached of today goes."""
        super()._cards_changed()
        self._shown = None
        self._store.forget_counts()
