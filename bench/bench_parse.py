"""Parse speed: the real glossary, plain text and Markdown, read from disk by ``read_glossary``.

Run: ``.venv/bin/python bench/bench_parse.py [--runs N]``. Each input is read and parsed once
untimed (warm-up), then ``N`` times (7 by default); prints the median, fastest and slowest wall
time in ms. The inputs are ``../shared/data/ai-glossary-2025-03-01.txt`` (about 1.1 MB) and the
Markdown folder ``../shared/data/ai-glossary-md-2025-03-01``; without ``../shared`` the bundled
``resources/demo-glossary.txt`` is parsed instead, which says little about speed. The tests check
only that parse time grows linearly with the input; absolute figures live here.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from collections.abc import Sequence
from pathlib import Path

from glosscards.glossary.reader import read_glossary

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT.parent / "shared" / "data"
TEXT = DATA / "ai-glossary-2025-03-01.txt"
MARKDOWN = DATA / "ai-glossary-md-2025-03-01"
DEMO = ROOT / "resources" / "demo-glossary.txt"
# The bound the test suite once put on parse_text alone (best of 5, CPU time) for this file.
TEXT_TARGET_MS = 100.0


def timed_reads(path: Path, runs: int) -> tuple[list[float], int]:
    """Wall times in seconds of ``runs`` reads of ``path`` (after one warm-up), and its entries."""
    entries = len(read_glossary(path).entries)
    samples = []
    for _ in range(runs):
        start = time.perf_counter()
        read_glossary(path)
        samples.append(time.perf_counter() - start)
    return samples, entries


def parse_args(argv: Sequence[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--runs", type=int, default=7, help="timed reads per input")
    return parser.parse_args(argv)


def main(argv: Sequence[str] | None = None) -> int:
    args = parse_args(argv)
    if args.runs < 1:
        print("--runs must be at least 1", file=sys.stderr)
        return 2
    missing = [str(path) for path in (TEXT, MARKDOWN) if not path.exists()]
    if not missing:
        inputs = [("text", TEXT), ("markdown", MARKDOWN)]
    else:
        print(f"note: {' and '.join(missing)} absent; timing {DEMO} instead (too small to judge)")
        inputs = [("text (demo)", DEMO)]
    print(f"{'input':<40} {'entries':>7} {'median':>9} {'min':>9} {'max':>9}   ({args.runs} runs)")
    for label, path in inputs:
        samples, entries = timed_reads(path, args.runs)
        median, low, high = statistics.median(samples), min(samples), max(samples)
        name = f"{label}: {path.name}"
        print(
            f"{name:<40} {entries:>7} {median * 1000:>7.1f}ms {low * 1000:>7.1f}ms"
            f" {high * 1000:>7.1f}ms"
        )
        if path == TEXT:
            verdict = "meets" if median * 1000 <= TEXT_TARGET_MS else "MISSES"
            print(f"  median {median * 1000:.1f} ms: {verdict} the {TEXT_TARGET_MS:.0f} ms target")
    return 0


if __name__ == "__main__":
    sys.exit(main())
