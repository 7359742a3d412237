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

A third side, the floor (:mod:`_bare_peer`, ``--no-floor`` leaves it out), runs only the SQL of
an answer on bare ``sqlite3`` over a copy of the glosscards file, with the same pragmas and one
commit per answer. ``--rounds N`` splits the cycles into N rounds in which the sides take turns,
so slow phases of a shared machine fall on every side.

Prints the median and p90 µs per cycle of each, the ratios glosscards / Anki (issue 15's
target: ≤ 1.0) and glosscards / floor (how far from the bare-SQL limit), and the median ms of
``col.counts`` (target: ≤ 10 ms). ``--no-sync`` separates compute from fsync (diagnosis only);
``--profile`` adds a cProfile of the glosscards cycles (``--sort tottime``).
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
from glosscards.scheduler.day import scheduling_day

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

    def __init__(self, path: Path, plan: CardPlan | None = None) -> None:
        if plan is not None:  # else the collection is built already
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


class FloorSide:
    """The bare-``sqlite3`` floor (:mod:`_bare_peer`) on a copy of the glosscards file."""

    def __init__(self, source: Path, path: Path) -> None:
        from _bare_peer import BareSide

        day = scheduling_day(START, tz=UTC, rollover_hour=4)
        self.bare = BareSide(source, path, today=day.number, day_start=int(day.start.timestamp()))
        self.cycles = 0

    def cycle(self) -> None:
        self.bare.cycle(START + self.cycles * STEP, GRADES[self.cycles % len(GRADES)])
        self.cycles += 1


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
    parser.add_argument("--no-anki", action="store_true", help="leave Anki out")
    parser.add_argument("--no-floor", action="store_true", help="leave the bare-sqlite3 floor out")
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
    parser.add_argument(
        "--rounds",
        type=int,
        default=1,
        help="split the cycles into this many rounds, the sides taking turns in each (default 1)",
    )
    parser.add_argument("--sort", default="cumulative", help="the profile's order (--profile)")
    parser.add_argument("--keep", type=Path, help="build the collections here and keep them")
    parser.add_argument(
        "--no-sync",
        action="store_true",
        help="diagnosis only: synchronous=OFF on both sides, to separate compute from fsync",
    )
    args = parser.parse_args(argv)
    if args.cycles < 1 or args.warmup < 0 or args.cards < 10 or args.rounds < 1:
        parser.error("need --cycles >= 1, --warmup >= 0, --rounds >= 1 and --cards >= 10")
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
        built = workdir / "glosscards.db"
        build_glosscards_collection(built, plan=plan, now=START)
        print(f"built glosscards collection in {time.perf_counter() - started:.1f} s")
        floor = None if args.no_floor else FloorSide(built, workdir / "floor.db")
        ours = GlosscardsSide(built)
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
            if floor is not None:
                floor.bare.conn.execute("PRAGMA synchronous=OFF")
        run(ours, anki, floor, args)
        ours.col.close()
        if floor is not None:
            floor.bare.close()
        if anki is not None:
            anki.col.close()
    finally:
        if args.keep is None:
            shutil.rmtree(workdir, ignore_errors=True)
    return 0


def run(
    ours: GlosscardsSide,
    anki: AnkiSide | None,
    floor: FloorSide | None,
    args: argparse.Namespace,
) -> None:
    sides: dict[str, Callable[[], None]] = {"glosscards": ours.cycle}
    if anki is not None:
        sides["Anki"] = anki.cycle
    if floor is not None:
        sides["floor"] = floor.cycle
    for _ in range(args.warmup):
        for cycle in sides.values():
            cycle()
    profiler = cProfile.Profile() if args.profile else None
    samples: dict[str, list[int]] = {name: [] for name in sides}
    per_round = max(1, args.cycles // args.rounds)
    for _ in range(args.rounds):
        if args.order == "alternate":
            for _ in range(per_round):
                for name, cycle in sides.items():
                    samples[name].append(
                        timed_side(cycle, profiler if name == "glosscards" else None)
                    )
            continue
        for name, cycle in sides.items():  # each side's cycles in a block, the sides in turn
            prof = profiler if name == "glosscards" else None
            samples[name].extend(timed_side(cycle, prof) for _ in range(per_round))
    counts_ns = [timed(ours.counts) for _ in range(args.counts_runs)]

    plan = CardPlan.scaled(args.cards)
    print(
        f"cards: {plan.total:,} ({plan.due_today:,} due today, {plan.due_later:,} due later,"
        f" {plan.new:,} new); cycles: {per_round * args.rounds} timed after {args.warmup}"
        f" warm-up, {args.order}, in {args.rounds} round(s)"
    )
    print(f"glosscards db: {ours.pragmas()}, one commit per answer")
    if anki is not None:
        print(f"Anki db:       {anki.pragmas()}, one commit per answer")
    if floor is not None:
        print(f"floor db:      {floor.bare.pragmas()}, one commit per answer")
    medians = {}
    label = {
        "glosscards": "glosscards next_card+answer",
        "Anki": "Anki get_queued_cards+answer",
        "floor": "bare-sqlite3 floor (same SQL)",
    }
    for name, ns in samples.items():
        medians[name], p90 = median_p90(ns)
        print(f"{label[name]:30} median {medians[name]:8.1f} µs   p90 {p90:8.1f} µs")
    if anki is not None:
        ratio = medians["glosscards"] / medians["Anki"]
        print(f"ratio glosscards/Anki (median): {ratio:.2f}   (issue 15 target <= 1.0)")
    if floor is not None:
        ratio = medians["glosscards"] / medians["floor"]
        over = medians["glosscards"] - medians["floor"]
        print(f"ratio glosscards/floor (median): {ratio:.2f}   ({over:.0f} µs over the bare SQL)")
        if anki is not None:
            print(f"ratio Anki/floor (median): {medians['Anki'] / medians['floor']:.2f}")
    counts_med, _ = median_p90(counts_ns)
    print(f"glosscards counts: median {counts_med / 1000:.2f} ms   (target <= 10 ms)")
    if profiler is not None:
        pstats.Stats(profiler).sort_stats(args.sort).print_stats(30)


def timed_side(cycle: Callable[[], None], profiler: cProfile.Profile | None) -> int:
    """One timed cycle, profiled when ``profiler`` is given."""
    if profiler is None:
        return timed(cycle)
    profiler.enable()
    try:
        return timed(cycle)
    finally:
        profiler.disable()


if __name__ == "__main__":
    raise SystemExit(main())
