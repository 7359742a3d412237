"""Time the review hot path — next card, then answer — against Anki's own ``anki`` package.

Run: ``.venv/bin/python bench/bench_review.py [--cards N] [--cycles N]`` (the ``bench`` extra
provides ``anki``). Both sides get the same synthetic collection: ``N`` cards, 20 % due today,
60 % due later, 20 % new, one card per note; after interleaved warm-up cycles, glosscards is timed
for all its cycles, then Anki (``--order alternate`` times them one cycle each in turn instead: it
shares machine load evenly, but each side's fsync then lands right after the other's, and on the
ext4 disk this was written on that costs both sides about 150 µs a cycle). One cycle is

- glosscards: ``col.next_card(now)`` (queue query, card row, note text, rendered question and
  answer, the four next intervals) + ``col.answer(card.id, grade, now)``;
- Anki: ``col.sched.get_queued_cards(fetch_limit=1)`` (card and its four next states) +
  ``build_answer`` + ``answer_card``.

Durability is the same on both sides and is printed: WAL journal, ``synchronous=FULL``, and one
commit — hence one fsync of the log — per answer (see ``_anki_peer`` for where Anki does it).
Grades follow a fixed pattern (mostly Good, some Again and Hard); the glosscards clock advances
seven seconds a cycle from a fixed start; Anki reads the wall clock, as it always does.

Prints the median and p90 µs per cycle of each, their ratio (issue 3's target: ≤ 0.7), and the
median ms of ``col.counts`` (target: ≤ 10 ms). ``--profile`` adds a cProfile of the glosscards
cycles.
"""

from __future__ import annotations

import argparse
import cProfile
import pstats
import shutil
import statistics
import tempfile
import time
from collections.abc import Callable, Sequence
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from _synthetic import CardPlan, build_glosscards_collection
from glosscards import Collection, Grade, Settings

__all__ = ["main"]

START = datetime(2025, 3, 3, 12, tzinfo=UTC)
STEP = timedelta(seconds=7)
GRADES = (3, 3, 3, 1, 3, 3, 2, 3, 3, 3, 4, 3, 3, 2, 3, 3, 1, 3, 3, 3)
"""One answer in ten is Again, one in ten Hard, one in twenty Easy, the rest Good."""
DAILY_LIMIT = 9_999
"""Anki's largest daily limit in its deck options; both sides get it."""


def median_p90(samples_ns: Sequence[int]) -> tuple[float, float]:
    """Median and 90th percentile of nanosecond samples, in microseconds."""
    ordered = sorted(samples_ns)
    p90 = ordered[min(len(ordered) - 1, int(0.9 * len(ordered)))]
    return statistics.median(ordered) / 1000, p90 / 1000


def timed(step: Callable[[], None]) -> int:
    start = time.perf_counter_ns()
    step()
    return time.perf_counter_ns() - start


class GlosscardsSide:
    """The glosscards collection and its clock."""

    def __init__(self, path: Path, plan: CardPlan) -> None:
        build_glosscards_collection(path, plan=plan, now=START)
        self.col = Collection.open(path, tz=UTC)
        self.col.update_settings(Settings(new_per_day=DAILY_LIMIT, reviews_per_day=DAILY_LIMIT))
        # The app's review-time backups (every 30 min of the simulated clock) would copy the
        # collection in the background while we time; Anki's library makes none either.
        self.col.review_backup_interval = None
        self.cycles = 0

    def cycle(self) -> None:
        now = START + self.cycles * STEP
        card = self.col.next_card(now)
        if card is None:
            raise RuntimeError("glosscards ran out of cards: raise --cards")
        self.col.answer(card.id, Grade(GRADES[self.cycles % len(GRADES)]), now, duration_ms=4000)
        self.cycles += 1

    def counts(self) -> None:
        self.col.counts(START + self.cycles * STEP)

    def pragmas(self) -> dict[str, object]:
        db = self.col._db.conn  # the benchmark looks inside: the settings of the real connection
        return {
            name: db.execute(f"PRAGMA {name}").fetchone()[0]
            for name in ("journal_mode", "synchronous", "locking_mode")
        }


class AnkiSide:
    """Anki's collection, studied through its v3 scheduler."""

    def __init__(self, path: Path, plan: CardPlan) -> None:
        from _anki_peer import AnkiReviewer, build_anki_collection

        self.col: Any = build_anki_collection(path, plan=plan, daily_limit=DAILY_LIMIT)
        self.reviewer = AnkiReviewer(self.col)
        self.cycles = 0

    def cycle(self) -> None:
        card, states = self.reviewer.next_card()
        self.reviewer.answer(card, states, GRADES[self.cycles % len(GRADES)])
        self.cycles += 1

    def pragmas(self) -> dict[str, object]:
        from _anki_peer import pragmas

        return pragmas(self.col)


def parse_args(argv: Sequence[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--cards", type=int, default=100_000)
    parser.add_argument("--cycles", type=int, default=500)
    parser.add_argument("--warmup", type=int, default=20, help="untimed cycles first (default 20)")
    parser.add_argument("--counts-runs", type=int, default=30)
    parser.add_argument("--no-anki", action="store_true", help="time glosscards only")
    parser.add_argument(
        "--order",
        choices=("alternate", "sequential"),
        default="sequential",
        help="all glosscards cycles then all Anki's (default), or one cycle of each in turn",
    )
    parser.add_argument(
        "--profile",
        action="store_true",
        help="cProfile the glosscards cycles (their timings then include its overhead)",
    )
    parser.add_argument("--keep", type=Path, help="build the collections here and keep them")
    parser.add_argument(
        "--no-sync",
        action="store_true",
        help="diagnosis only: synchronous=OFF on both sides, to separate compute from fsync",
    )
    args = parser.parse_args(argv)
    if args.cycles < 1 or args.warmup < 0 or args.cards < 10:
        parser.error("need --cycles >= 1, --warmup >= 0 and --cards >= 10")
    if args.cycles + args.warmup > min(DAILY_LIMIT, args.cards // 5):
        parser.error("more cycles than cards due today (or the daily limit)")
    return args


def main(argv: Sequence[str] | None = None) -> int:
    args = parse_args(argv)
    plan = CardPlan.scaled(args.cards)
    workdir = args.keep or Path(tempfile.mkdtemp(prefix="bench-review-"))
    workdir.mkdir(parents=True, exist_ok=True)
    try:
        started = time.perf_counter()
        ours = GlosscardsSide(workdir / "glosscards.db", plan)
        print(f"built glosscards collection in {time.perf_counter() - started:.1f} s")
        anki: AnkiSide | None = None
        if not args.no_anki:
            started = time.perf_counter()
            anki = AnkiSide(workdir / "collection.anki2", plan)
            print(f"built Anki collection in {time.perf_counter() - started:.1f} s")
        if args.no_sync:
            print("synchronous=OFF on both sides: NOT durable, for diagnosis only")
            ours.col._db.conn.execute("PRAGMA synchronous=OFF")
            if anki is not None:
                anki.col.db.execute("pragma synchronous = off")
        run(ours, anki, args)
        ours.col.close()
        if anki is not None:
            anki.col.close()
    finally:
        if args.keep is None:
            shutil.rmtree(workdir, ignore_errors=True)
    return 0


def run(ours: GlosscardsSide, anki: AnkiSide | None, args: argparse.Namespace) -> None:
    for _ in range(args.warmup):
        ours.cycle()
        if anki is not None:
            anki.cycle()
    profiler = cProfile.Profile() if args.profile else None
    our_ns: list[int] = []
    anki_ns: list[int] = []
    alternate = args.order == "alternate"
    for _ in range(args.cycles):
        if profiler is not None:
            profiler.enable()
        our_ns.append(timed(ours.cycle))
        if profiler is not None:
            profiler.disable()
        if anki is not None and alternate:
            anki_ns.append(timed(anki.cycle))
    if anki is not None and not alternate:
        anki_ns = [timed(anki.cycle) for _ in range(args.cycles)]
    counts_ns = [timed(ours.counts) for _ in range(args.counts_runs)]

    plan = CardPlan.scaled(args.cards)
    print(
        f"cards: {plan.total:,} ({plan.due_today:,} due today, {plan.due_later:,} due later,"
        f" {plan.new:,} new); cycles: {args.cycles} timed after {args.warmup} warm-up,"
        f" {args.order}"
    )
    print(f"glosscards db: {ours.pragmas()}, one commit per answer")
    our_med, our_p90 = median_p90(our_ns)
    print(f"glosscards next_card+answer: median {our_med:8.1f} µs   p90 {our_p90:8.1f} µs")
    if anki is not None:
        print(f"Anki db:       {anki.pragmas()}, one commit per answer")
        anki_med, anki_p90 = median_p90(anki_ns)
        print(f"Anki get_queued_cards+answer: median {anki_med:6.1f} µs   p90 {anki_p90:8.1f} µs")
        print(f"ratio glosscards/Anki (median): {our_med / anki_med:.2f}   (target <= 0.7)")
    counts_med, _ = median_p90(counts_ns)
    print(f"glosscards counts: median {counts_med / 1000:.2f} ms   (target <= 10 ms)")
    if profiler is not None:
        pstats.Stats(profiler).sort_stats("cumulative").print_stats(30)


if __name__ == "__main__":
    raise SystemExit(main())
