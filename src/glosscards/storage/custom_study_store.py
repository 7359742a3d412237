"""Custom study's SQL: the cards a session may take (of a deck, of a tag, failed lately), the
state of a running session's cards, and today's raised new-card limits
(kept in the ``meta`` table). Which cards a session takes, and in which order, is decided by
the pure :mod:`glosscards.custom_study`; this module only fetches."""

from __future__ import annotations

import json
from collections.abc import Sequence
from datetime import UTC, datetime
from typing import Any

from glosscards.custom_study import Candidate, ExtraNew, SessionCard
from glosscards.scheduler.day import SchedulingDay
from glosscards.storage.database import Database
from glosscards.storage.meta_store import MetaStore
from glosscards.storage.sql import ACTIVE, in_deck

__all__ = ["EXTRA_NEW_KEY", "CustomStudyStore", "load_extra_new", "save_extra_new"]

EXTRA_NEW_KEY = "extra_new"
"""The ``meta`` key of today's raised new-card limits (:class:`ExtraNew` as JSON)."""


def load_extra_new(meta: MetaStore) -> ExtraNew:
    return ExtraNew.from_dict(meta.get_json(EXTRA_NEW_KEY))


def save_extra_new(meta: MetaStore, extra: ExtraNew) -> None:
    meta.put_json(EXTRA_NEW_KEY, extra.to_dict())


def _like_tag(tag: str) -> str:
    """A LIKE pattern (escape ``\\``) for a note whose space-separated tags include ``tag``."""
    escaped = tag.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return f"% {escaped} %"


def _instant(value: int | None) -> datetime | None:
    return None if value is None else datetime.fromtimestamp(value, UTC)


class CustomStudyStore:
    def __init__(self, db: Database) -> None:
        self._db = db

    def candidates(
        self, *, deck: int | None, tag: str | None = None, ids: Sequence[int] | None = None
    ) -> list[Candidate]:
        """The active cards of ``deck`` (None: all decks), of the notes tagged ``tag`` and among
        ``ids`` when given, in card id order."""
        where = ACTIVE
        params: dict[str, Any] = {}
        if deck is not None:
            where += in_deck("c")
            params["deck"] = deck
        if tag is not None:
            where += " AND (' ' || n.tags || ' ') LIKE :tag ESCAPE '\\'"
            params["tag"] = _like_tag(tag)
        if ids is not None:
            where += " AND c.id IN (SELECT value FROM json_each(:ids))"
            params["ids"] = json.dumps(list(ids))
        rows = self._db.rows(
            "SELECT c.id, c.phase, c.due_day, c.last_review, c.buried_until_day"
            " FROM card c JOIN note n ON n.id = c.note_id"
            f" WHERE {where} ORDER BY c.id",
            params,
        )
        return [
            Candidate(cid, phase, due, _instant(last), int(buried))
            for cid, phase, due, last, buried in rows
        ]

    def failed_since(self, since: datetime, *, below: int, deck: int | None) -> list[int]:
        """The cards answered with a quality under ``below`` since ``since`` (of ``deck``), in
        the order of their first such answer."""
        params: dict[str, Any] = {"since": int(since.timestamp() * 1000), "below": below}
        join = ""
        if deck is not None:
            join = f" JOIN card c ON c.id = r.card_id{in_deck('c')}"
            params["deck"] = deck
        rows = self._db.rows(
            f"SELECT r.card_id FROM review_log r{join}"
            " WHERE r.reviewed_at >= :since AND r.quality < :below"
            " GROUP BY r.card_id ORDER BY min(r.id)",
            params,
        )
        return [int(r[0]) for r in rows]

    def session_cards(
        self, ids: Sequence[int], *, day: SchedulingDay, since_review: int
    ) -> dict[int, SessionCard]:
        """The state of a running session's cards now: ``since_review`` is the newest review
        id when it began, so a card answered since has a review with a larger id (an undone
        answer's review is gone, and the card is back in the session)."""
        rows = self._db.rows(
            "SELECT c.id, c.phase,"
            f" {ACTIVE} AND c.buried_until_day <= :today,"
            " EXISTS (SELECT 1 FROM review_log r WHERE r.card_id = c.id AND r.id > :since),"
            " c.redrill = 1 AND c.last_review >= :start, c.redrill_after"
            " FROM card c WHERE c.id IN (SELECT value FROM json_each(:ids))",
            {
                "ids": json.dumps(list(ids)),
                "today": day.number,
                "start": int(day.start.timestamp()),
                "since": since_review,
            },
        )
        return {
            int(cid): SessionCard(
                int(cid), phase, bool(shown), bool(answered), bool(redrill), after
            )
            for cid, phase, shown, answered, redrill, after in rows
        }
