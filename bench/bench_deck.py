"""Studying one deck of a large collection: ``next_card`` + ``counts`` + ``answer`` in one deck.

A synthetic collection of each of ``--cards`` sizes (default 10,000 and 100,000, to show the
time is flat in deck size) (20 % due today, 60 % later, 20 % new) is split into
two decks of equal size; one deck is studied for ``--cycles`` answers (one fsync each). Also
times ``counts`` of all decks, which sums each deck's counts within its own limits.
Prints medians; there is no peer here (Anki's per-deck queue is measured in bench_review's
all-decks run).
"""

from __future__ import annotations

import argparse
import sqlite3
import statistics
import tempfile
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

from _synthetic import CardPlan, build_glosscards_collection
from glosscards import Collection, Grade, Settings

START = datetime(2025, 3, 1, 12, tzinfo=UTC)


def measure(cards: int, cycles: int) -> tuple[float, float]:
    """Median ms of one cycle in one deck, and of ``counts`` over all decks, at ``cards``."""
    with tempfile.TemporaryDirectory(prefix="glosscards-bench-deck-") as tmp:
        path = Path(tmp) / "collection.db"
        plan = CardPlan.scaled(cards)
        build_glosscards_collection(path, plan=plan, now=START)
        db = sqlite3.connect(path)
        db.execute("INSERT INTO glossary_source (id, name, last_path) VALUES (2, 'second', '')")
        db.execute("UPDATE term SET source_id = 2 WHERE id % 2 = 0")
        db.execute(
            "UPDATE card SET deck_id = (SELECT t.source_id FROM note n JOIN term t"
            " ON t.id = n.term_id WHERE n.id = card.note_id)"
        )
        db.commit()
        db.close()
        with Collection.open(path, tz=UTC) as col:
            col.review_backup_interval = None
            col.update_settings(Settings(new_per_day=10_000, reviews_per_day=100_000))
            deck = col.deck_id("synthetic")
            samples: list[float] = []
            now = START
            for _ in range(cycles):
                began = time.perf_counter()
                card = col.next_card(now, deck=deck)
                col.counts(now, deck=deck)
                assert card is not None, "ran out of cards: raise --cards"
                col.answer(card.id, Grade.GOOD, now, duration_ms=3000)
                samples.append(time.perf_counter() - began)
                now += timedelta(seconds=2)
            totals = []
            for _ in range(20):
                began = time.perf_counter()
                col.counts(now)
                totals.append(time.perf_counter() - began)
    return statistics.median(samples) * 1000, statistics.median(totals) * 1000


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument(
        "--cards",
        type=lambda text: [int(n) for n in text.split(",")],
        default=[10_000, 100_000],
        help="collection sizes, comma-separated (default 10000,100000: flat in deck size?)",
    )
    parser.add_argument("--cycles", type=int, default=300)
    args = parser.parse_args()
    results = {cards: measure(cards, args.cycles) for cards in args.cards}
    print(f"{args.cycles} answers in one of two equal decks, one fsync each")
    for cards, (one_deck, all_decks) in results.items():
        print(
            f"{cards:>9,} cards: one deck next_card + counts + answer median {one_deck:6.2f} ms"
            f"   (target <= 5 ms);  all decks counts median {all_decks:6.2f} ms"
        )
    if len(results) > 1:
        sizes = sorted(results)
        ratio = results[sizes[-1]][0] / results[sizes[0]][0]
        print(f"one deck, {sizes[-1]:,} / {sizes[0]:,} cards: {ratio:.2f}x   (flat: about 1)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
