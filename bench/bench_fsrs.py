"""Time the review hot path on an FSRS deck — next card, then answer — against Anki with FSRS on.

Run: ``.venv/bin/python bench/bench_fsrs.py [--cards N] [--cycles N]``. The same collections,
cycle, grades, clock and durability as ``bench_review.py`` (see its docstring: WAL,
``synchronous=FULL``, one commit and so one fsync per answer), with FSRS on both sides:

- glosscards: the synthetic deck switched to FSRS (``set_deck_study``; the synthetic cards have
  no answers to replay), then every review card given a memory state — stability its interval in
  days (FSRS's 90 % point on its due day), difficulty 5 — so each answer runs FSRS, not the
  fallback that replays a history;
- Anki: ``col.set_config("fsrs", True)`` and the same memory state in each review card's ``data``
  (``s``, ``d``, ``dr`` 0.9), so Anki does not derive one from SM-2 at each answer either.

Both use FSRS-6's default parameters, 90 % desired retention and learning steps 1m 10m. Prints
the median and p90 µs per cycle of each and their ratio.
"""

from __future__ import annotations

import argparse
import shutil
import tempfile
import time
from collections.abc import Sequence
from pathlib import Path

from _synthetic import CardPlan
from bench_review import AnkiSide, GlosscardsSide, median_p90, timed
from glosscards.deck_study import DeckStudy, SchedulerName

__all__ = ["main"]

MEMORY = "max(interval_days, 1)"
"""A review card's stability: its interval (FSRS would recall it at 90 % on its due day)."""


class FsrsGlosscards(GlosscardsSide):
    def __init__(self, path: Path, plan: CardPlan) -> None:
        super().__init__(path, plan)
        self.col.set_deck_study("synthetic", DeckStudy(scheduler=SchedulerName.FSRS))
        db = self.col._db.conn  # the benchmark writes the memory states directly
        db.execute(f"UPDATE card SET stability = {MEMORY}, difficulty = 5.0 WHERE phase != 'new'")


class FsrsAnki(AnkiSide):
    def __init__(self, path: Path, plan: CardPlan) -> None:
        super().__init__(path, plan)
        self.col.set_config("fsrs", True)
        self.col.db.execute(
            "UPDATE cards SET data = json_object('s', max(ivl, 1) + 0.0, 'd', 5.0, 'dr', 0.9)"
            " WHERE type = 2"
        )


def parse_args(argv: Sequence[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--cards", type=int, default=100_000, help="cards in each collection")
    parser.add_argument("--cycles", type=int, default=500, help="timed cycles on each side")
    parser.add_argument("--warmup", type=int, default=20, help="untimed cycles first (default 20)")
    parser.add_argument("--no-anki", action="store_true", help="time glosscards only")
    args = parser.parse_args(argv)
    if args.cycles < 1 or args.warmup < 0 or args.cards < 10:
        parser.error("need --cycles >= 1, --warmup >= 0 and --cards >= 10")
    if args.cycles + args.warmup > args.cards // 5:
        parser.error("more cycles than cards due today")
    return args


def main(argv: Sequence[str] | None = None) -> int:
    args = parse_args(argv)
    plan = CardPlan.scaled(args.cards)
    workdir = Path(tempfile.mkdtemp(prefix="bench-fsrs-"))
    try:
        started = time.perf_counter()
        ours = FsrsGlosscards(workdir / "glosscards.db", plan)
        print(f"built glosscards collection (FSRS deck) in {time.perf_counter() - started:.1f} s")
        anki = None if args.no_anki else FsrsAnki(workdir / "collection.anki2", plan)
        for _ in range(args.warmup):
            ours.cycle()
            if anki is not None:
                anki.cycle()
        our_ns = [timed(ours.cycle) for _ in range(args.cycles)]
        anki_ns = [] if anki is None else [timed(anki.cycle) for _ in range(args.cycles)]
        print(
            f"cards: {plan.total:,} ({plan.due_today:,} due today, {plan.due_later:,} due later,"
            f" {plan.new:,} new); cycles: {args.cycles} timed after {args.warmup} warm-up"
        )
        print(f"glosscards db: {ours.pragmas()}, one commit per answer")
        our_med, our_p90 = median_p90(our_ns)
        print(f"glosscards FSRS next_card+answer: median {our_med:8.1f} µs   p90 {our_p90:8.1f} µs")
        if anki is not None:
            print(f"Anki db:       {anki.pragmas()}, one commit per answer, fsrs on")
            anki_med, anki_p90 = median_p90(anki_ns)
            print(
                f"Anki FSRS get_queued_cards+answer: median {anki_med:6.1f} µs   p90 {anki_p90:8.1f} µs"
            )
            print(f"ratio glosscards/Anki (median): {our_med / anki_med:.2f}")
            fsrs_answered = anki.col.db.scalar(
                "SELECT count() FROM cards WHERE json_extract(data, '$.decay') IS NOT NULL"
            )
            print(f"(Anki answered with FSRS: {fsrs_answered} cards carry FSRS-6's decay)")
            anki.col.close()
        ours.col.close()
    finally:
        shutil.rmtree(workdir, ignore_errors=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
