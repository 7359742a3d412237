"""``glosscards stats``: today's counts and the cards by state, as a table or JSON."""

from __future__ import annotations

import json
from datetime import datetime

from glosscards.collection import Collection

__all__ = ["card_state_counts", "print_stats"]


def card_state_counts(col: Collection) -> dict[str, int]:
    """Cards by state: new, learning, review (young/mature), suspended, retired; notes, terms."""
    row = col.db.execute(
        "SELECT"
        " coalesce(sum(retired = 0 AND suspended = 0 AND phase = 'new'), 0),"
        " coalesce(sum(retired = 0 AND suspended = 0 AND phase = 'learning'), 0),"
        " coalesce(sum(retired = 0 AND suspended = 0 AND phase = 'review' AND interval_days < 21), 0),"
        " coalesce(sum(retired = 0 AND suspended = 0 AND phase = 'review' AND interval_days >= 21), 0),"
        " coalesce(sum(retired = 0 AND suspended = 1), 0),"
        " coalesce(sum(retired = 1), 0),"
        " count(*)"
        " FROM card"
    ).fetchone()
    notes, terms = col.db.execute(
        "SELECT (SELECT count(*) FROM note n JOIN term t ON t.id = n.term_id WHERE t.retired = 0),"
        " (SELECT count(*) FROM term WHERE retired = 0)"
    ).fetchone()
    return {
        "new": row[0],
        "learning": row[1],
        "young": row[2],
        "mature": row[3],
        "suspended": row[4],
        "retired": row[5],
        "cards": row[6],
        "notes": notes,
        "terms": terms,
    }


def print_stats(col: Collection, *, as_json: bool, now: datetime | None = None) -> None:
    due = col.counts(now)
    states = card_state_counts(col)
    data = {
        "due_today": {"new": due.new, "learning": due.learning, "review": due.review},
        "cards": states,
    }
    if as_json:
        print(json.dumps(data, indent=2))
        return
    print(f"collection: {col.path}")
    print(f"due today:  new {due.new}  learning {due.learning}  review {due.review}")
    print("cards:")
    for name, value in states.items():
        print(f"  {name:<10} {value:>7}")
