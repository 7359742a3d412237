"""SQL fragments that the queue, the browser and the statistics must agree on."""

from __future__ import annotations

__all__ = ["ACTIVE", "in_deck"]

ACTIVE = "suspended = 0 AND retired = 0"
"""A card that can be shown: neither suspended nor retired."""


def in_deck(table: str = "", param: str = ":deck") -> str:
    """`` AND <table.>deck_id = <param>``: a card's deck, kept on the card (schema 4)."""
    prefix = f"{table}." if table else ""
    return f" AND {prefix}deck_id = {param}"
