"""Import speed: fresh import, unchanged re-import, and the 2024-06-27 → 2025-03-01 update.

Run: ``.venv/bin/python bench/bench_import.py [--runs N]``. Prints medians of N runs each.
Needs ../shared/data (the real glossary versions).
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


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=5)
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
    return 0


if __name__ == "__main__":
    sys.exit(main())
