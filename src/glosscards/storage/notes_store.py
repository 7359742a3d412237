"""Notes for export and a card's review history."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, datetime

from glosscards.anki_export import ExportNote
from glosscards.storage.database import Database
from glosscards.values import CardId, ReviewRecord

__all__ = ["NotesStore"]


class NotesStore:
    def __init__(self, db: Database) -> None:
        self._db = db

    def export_notes(
        self, *, include_retired: bool = False, decks: Sequence[int] | None = None
    ) -> list[ExportNote]:
        """The notes to export (of ``decks``, if given), in deck and glossary order, each with
        its stable key, its last change and the name of its deck."""
        deck_filter = ""
        params: list[object] = [include_retired]
        if decks is not None:
            deck_filter = f" AND s.id IN ({', '.join('?' for _ in decks)})"
            params.extend(decks)
        rows = self._db.rows(
            "SELECT t.key, n.text, n.back_extra, n.tags, n.modified, s.name FROM note n"
            " JOIN term t ON t.id = n.term_id JOIN glossary_source s ON s.id = t.source_id"
            f" WHERE (? OR t.retired = 0){deck_filter} ORDER BY s.id, t.position",
            params,
        )
        return [
            ExportNote(
                key=key,
                text=text,
                back_extra=back,
                tags=tuple(tags.split()),
                modified=datetime.fromtimestamp(modified, UTC),
                deck=deck,
            )
            for key, text, back, tags, modified, deck in rows
        ]

    def history(self, card_id: int) -> list[ReviewRecord]:
        """The card's review log, oldest first."""
        rows = self._db.rows(
            "SELECT id, card_id, reviewed_at, grade, quality, ease_before, ease_after,"
            " interval_before, interval_after, duration_ms, redrill, phase_before"
            " FROM review_log WHERE card_id = ? ORDER BY id",
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
