"""Notes for export and a card's review history."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, datetime
from typing import TYPE_CHECKING

from glosscards.storage.database import Database
from glosscards.values import CardId, ReviewRecord

if TYPE_CHECKING:  # loaded when exporting, not at start-up (genanki takes 40 ms to import)
    from glosscards.anki_export import ExportNote
    from glosscards.anki_progress import StoredCard

__all__ = ["RETIRED_TAG", "NotesStore"]

RETIRED_TAG = "glosscards::retired"
"""The tag of an exported term the glossary dropped, so the learner can find it in Anki."""


class NotesStore:
    def __init__(self, db: Database) -> None:
        self._db = db

    def export_notes(
        self, *, include_retired: bool = False, decks: Sequence[int] | None = None
    ) -> list[ExportNote]:
        """The notes to export (of ``decks``, if given), in deck and glossary order, each with
        its stable key, its last change and the name of its deck."""
        from glosscards.anki_export import ExportNote

        deck_filter = ""
        params: list[object] = [include_retired]
        if decks is not None:
            deck_filter = f" AND s.id IN ({', '.join('?' for _ in decks)})"
            params.extend(decks)
        rows = self._db.rows(
            "SELECT t.key, n.text, n.back_extra, n.tags, n.modified, s.name, t.retired FROM note n"
            " JOIN term t ON t.id = n.term_id JOIN glossary_source s ON s.id = t.source_id"
            f" WHERE (? OR t.retired = 0){deck_filter} ORDER BY s.id, t.position",
            params,
        )
        return [
            ExportNote(
                key=key,
                text=text,
                back_extra=back,
                tags=(*tags.split(), *((RETIRED_TAG,) if retired else ())),
                modified=datetime.fromtimestamp(modified, UTC),
                deck=deck,
            )
            for key, text, back, tags, modified, deck, retired in rows
        ]

    def export_progress(self, keys: Sequence[str]) -> dict[str, tuple[StoredCard, ...]]:
        """The cards of the terms ``keys`` (a retired card counts as suspended), each with its
        answers oldest first."""
        from glosscards.anki_progress import StoredCard, StoredReview

        wanted = set(keys)
        reviews: dict[int, list[StoredReview]] = {}
        for row in self._db.rows(
            "SELECT card_id, reviewed_at, grade, quality, phase_before, redrill, interval_before,"
            " interval_after, ease_after, duration_ms FROM review_log ORDER BY reviewed_at, id"
        ):
            reviews.setdefault(row[0], []).append(StoredReview(*row[1:]))
        cards: dict[str, list[StoredCard]] = {}
        for key, cid, ordinal, phase, ease, interval, lapses, due, hidden in self._db.rows(
            "SELECT t.key, c.id, c.ordinal, c.phase, c.ease, c.interval_days, c.lapses,"
            " c.due_day, (c.suspended OR c.retired OR t.retired) FROM card c"
            " JOIN note n ON n.id = c.note_id JOIN term t ON t.id = n.term_id ORDER BY c.id"
        ):
            if key in wanted:
                card = StoredCard(
                    ordinal, phase, ease, interval, lapses, due, bool(hidden),
                    tuple(reviews.get(cid, ())),
                )  # fmt: skip
                cards.setdefault(key, []).append(card)
        return {key: tuple(found) for key, found in cards.items()}

    def history(self, card_id: int) -> list[ReviewRecord]:
        """The card's review log, oldest first (answers brought home by a sync among them)."""
        rows = self._db.rows(
            "SELECT id, card_id, reviewed_at, grade, quality, ease_before, ease_after,"
            " interval_before, interval_after, duration_ms, redrill, phase_before"
            " FROM review_log WHERE card_id = ? ORDER BY reviewed_at, id",
            (card_id,),
        )
        return [
            ReviewRecord(
                id=r[0],
                card_id=CardId(r[1]),
                reviewed_at=datetime.fromtimestamp(r[2] / 1000, UTC),
                grade=r[3],
                quality=r[4],
                ease_before=r[5],
                ease_after=r[6],
                interval_before=r[7],
                interval_after=r[8],
                duration_ms=r[9],
                redrill=bool(r[10]),
                phase_before=r[11],
            )
            for r in rows
        ]
