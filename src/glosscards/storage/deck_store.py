"""Decks (glossary sources): their terms for finding a file's deck, renaming, deleting."""

from __future__ import annotations

import json
from typing import TYPE_CHECKING

from glosscards.errors import CollectionError
from glosscards.storage.database import Database
from glosscards.storage.journal import end_undo_history
from glosscards.storage.sync_store import lower_undo_floor

if TYPE_CHECKING:
    from glosscards.deck_match import DeckTerms

__all__ = ["DeckStore", "DeletedDeck"]

DeletedDeck = tuple[int, int, int]
"""(notes, cards, answers) a deletion removed."""


class DeckStore:
    def __init__(self, db: Database) -> None:
        self._db = db

    def deck_terms(self) -> list[DeckTerms]:
        """Every deck with the names and aliases of the active terms its glossary made, moved
        to another deck or not (``term.origin_id``): what a file of that glossary matches."""
        from glosscards.deck_match import DeckTerms

        terms: dict[int, list[tuple[str, ...]]] = {}
        names: dict[int, str] = {}
        for source_id, name in self._db.rows("SELECT id, name FROM glossary_source ORDER BY id"):
            names[source_id] = name
            terms[source_id] = []
        for source_id, name, aliases in self._db.rows(
            "SELECT coalesce(origin_id, source_id), name, aliases_json FROM term WHERE retired = 0"
        ):
            if source_id in terms:  # not a term whose glossary was deleted (origin 0)
                terms[source_id].append((name, *json.loads(aliases)))
        return [DeckTerms(names[i], tuple(terms[i])) for i in names]

    def id_of(self, name: str) -> int | None:
        value = self._db.value("SELECT id FROM glossary_source WHERE name = ?", (name,))
        return None if value is None else int(value)

    def size(self, deck_id: int) -> DeletedDeck:
        """(notes, cards, answers) of a deck."""
        row = self._db.row(
            "SELECT (SELECT count(*) FROM note n JOIN term t ON t.id = n.term_id"
            "        WHERE t.source_id = :d),"
            " (SELECT count(*) FROM card c JOIN note n ON n.id = c.note_id"
            "  JOIN term t ON t.id = n.term_id WHERE t.source_id = :d),"
            " (SELECT count(*) FROM review_log r JOIN card c ON c.id = r.card_id"
            "  JOIN note n ON n.id = c.note_id JOIN term t ON t.id = n.term_id"
            "  WHERE t.source_id = :d)",
            {"d": deck_id},
        )
        assert row is not None
        return int(row[0]), int(row[1]), int(row[2])

    def rename(self, deck_id: int, new_name: str) -> None:
        clash = self._db.value(
            "SELECT name FROM glossary_source WHERE name = ? COLLATE NOCASE AND id != ?",
            (new_name, deck_id),
        )
        if clash is not None:
            raise CollectionError(self._db.path, f"already has a deck named '{clash}'")
        with self._db.write() as conn:
            conn.execute("UPDATE glossary_source SET name = ? WHERE id = ?", (new_name, deck_id))

    def delete(self, deck_id: int) -> DeletedDeck:
        """Remove a deck with its terms, notes, cards and answers: one transaction. It ends the
        undo history (its backup is what brings it back). Terms its glossary made that the
        learner moved to other decks stay there, belonging to no glossary (origin 0)."""
        size = self.size(deck_id)
        terms = "SELECT id FROM term WHERE source_id = :d"
        notes = f"SELECT id FROM note WHERE term_id IN ({terms})"
        cards = f"SELECT id FROM card WHERE note_id IN ({notes})"
        answers = f"SELECT id FROM review_log WHERE card_id IN ({cards})"
        with self._db.write() as conn:
            # the deck's answers leave Anki's pairing too (the phone keeps its copy of them)
            conn.execute(f"DELETE FROM anki_answer WHERE review_id IN ({answers})", {"d": deck_id})
            conn.execute(f"DELETE FROM review_log WHERE card_id IN ({cards})", {"d": deck_id})
            conn.execute(f"DELETE FROM card WHERE note_id IN ({notes})", {"d": deck_id})
            conn.execute(f"DELETE FROM note WHERE term_id IN ({terms})", {"d": deck_id})
            conn.execute("DELETE FROM term WHERE source_id = :d", {"d": deck_id})
            conn.execute("DELETE FROM glossary_source WHERE id = :d", {"d": deck_id})
            conn.execute("UPDATE term SET origin_id = 0 WHERE origin_id = :d", {"d": deck_id})
            lower_undo_floor(conn)
            end_undo_history(conn)
        return size
