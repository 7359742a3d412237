"""Import speed: fresh import, unchanged re-import, and the 2024-06-27 → 2025-03-01 update;
then, at 1×, 4× and 16× the real glossary, against Anki's CSV import of the same notes.

Run: ``.venv/bin/python bench/bench_import.py [--runs N] [--sizes 1,4,16]``. Prints medians of N
runs each. Needs ../shared/data (the real glossary versions).

The comparison with Anki (issue 15's targets: fresh ≤ 3× Anki's CSV import at every size,
unchanged re-import ≤ 2× Anki's re-import of the unchanged CSV): for each size the glossary is
written N times larger (``_scaled_glossary.write_scaled``), imported once untimed to write the
CSV of its notes (``_anki_csv.write_notes_csv``); then each run times, interleaved, a glosscards
fresh import (a new collection, with its backup as a user gets it), the same file again
(unchanged), Anki's CSV import into a new collection and the same CSV again (duplicates
updated by GUID: nothing changes).
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path

from _anki_csv import import_csv, new_anki_collection, write_notes_csv
from _scaled_glossary import write_scaled
from glosscards import Collection

DATA = Path(__file__).resolve().parents[2] / "shared" / "data"
NEW = DATA / "ai-glossary-2025-03-01.txt"
OLD = DATA / "ai-glossary-2024-06-27.txt"
NOW = datetime(2025, 3, 1, 12, tzinfo=UTC)


def timed(fn: Callable[[], object]) -> float:
    start = time.perf_counter()
    fn()
    return time.perf_counter() - start


def median_ms(samples: list[float]) -> str:
    return f"{statistics.median(samples) * 1000:7.1f} ms (min {min(samples) * 1000:.1f}, n={len(samples)})"


def _one_run(folder: Path, run: int, glossary: Path, csv_path: Path) -> tuple[float, ...]:
    """One run of the four: glosscards fresh and again, Anki's CSV import fresh and again."""
    with Collection.open(folder / f"c{run}.db") as col:
        fresh = timed(lambda: col.import_glossary(glossary, now=NOW))
        again = timed(lambda: col.import_glossary(glossary, now=NOW))
    anki_col = new_anki_collection(folder / f"a{run}.anki2")
    try:
        anki_fresh = timed(lambda: import_csv(anki_col, csv_path))
        anki_again = timed(lambda: import_csv(anki_col, csv_path))
    finally:
        anki_col.close()
    return fresh, again, anki_fresh, anki_again


def _versus_anki(sizes: list[int], runs: int) -> None:
    """Fresh and unchanged imports against Anki's CSV import of the same notes, per size."""
    print()
    print(f"against Anki's CSV import of the same notes (medians of {runs} runs, interleaved)")
    print(
        f"{'size':>4} {'notes':>6} {'fresh':>9} {'Anki':>8} {'ratio':>6}   "
        f"{'again':>8} {'Anki':>8} {'ratio':>6}"
    )
    for times in sizes:
        with tempfile.TemporaryDirectory() as tmp:
            folder = Path(tmp)
            glossary = folder / f"ai-glossary-x{times}.txt"
            write_scaled(NEW, times, glossary)
            csv_path = folder / "notes.csv"
            with Collection.open(folder / "made.db") as col:
                col.import_glossary(glossary, now=NOW, backup=False)
                notes = col.export_notes()
                write_notes_csv(notes, csv_path)
            ours, ours_again, anki, anki_again = [], [], [], []
            for run in range(runs):
                times_of_run = _one_run(folder, run, glossary, csv_path)
                for samples, sample in zip(
                    (ours, ours_again, anki, anki_again), times_of_run, strict=True
                ):
                    samples.append(sample)
            m = statistics.median
            print(
                f"{times:>3}x {len(notes):>6} {m(ours) * 1000:>7.0f}ms {m(anki) * 1000:>6.0f}ms"
                f" {m(ours) / m(anki):>5.2f}x   {m(ours_again) * 1000:>6.0f}ms"
                f" {m(anki_again) * 1000:>6.0f}ms {m(ours_again) / m(anki_again):>5.2f}x"
            )
    print("targets: fresh <= 3x Anki at every size; unchanged re-import <= 2x Anki")


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument(
        "--sizes", default="1,4,16", help="sizes of the Anki comparison, times the real glossary"
    )
    args = parser.parse_args()
    if not NEW.exists() or not OLD.exists():
        print(f"needs {NEW} and {OLD}", file=sys.stderr)
        return 1
    fresh, again, dry, apply = [], [], [], []
    for _ in range(args.runs):
        with tempfile.TemporaryDirectory() as tmp, Collection.open(Path(tmp) / "c.db") as col:
            fresh.append(timed(lambda: col.import_glossary(NEW, now=NOW, backup=False)))
            again.append(timed(lambda: col.import_glossary(NEW, now=NOW, backup=False)))
        with tempfile.TemporaryDirectory() as tmp, Collection.open(Path(tmp) / "c.db") as col:
            col.import_glossary(OLD, now=NOW, backup=False)
            dry.append(timed(lambda: col.import_glossary(NEW, dry_run=True, now=NOW)))
            apply.append(timed(lambda: col.import_glossary(NEW, now=NOW, backup=False)))
    print(f"glossary: {NEW.name}")
    print(f"fresh import              {median_ms(fresh)}   target <= 500 ms")
    print(f"unchanged re-import       {median_ms(again)}   target <= 200 ms")
    print(f"update 2024-06-27: compute (dry run) {median_ms(dry)}   target <= 500 ms")
    print(f"update 2024-06-27: apply             {median_ms(apply)}   target <= 500 ms")
    sizes = [int(size) for size in args.sizes.split(",") if size.strip()]
    if sizes:
        _versus_anki(sizes, args.runs)
    return 0


if __name__ == "__main__":
    sys.exit(main())
