"""SQL fragments that the queue, the browser and the statistics must agree on."""

from __future__ import annotations

__all__ = ["ACTIVE", "in_deck"]

ACTIVE = "suspended = 0 AND retired = 0"
"""A card that can be shown: neither suspended nor retired."""


def in_deck(column: str = "note_id", param: str = ":deck") -> str:
    """`` AND <column> IN (notes of the deck <param>)``: a card's deck is its term's source."""
    return (
        f" AND {column} IN (SELECT n.id FROM note n JOIN term t ON t.id = n.term_id"
        f" WHERE t.source_id = {param})"
    )
