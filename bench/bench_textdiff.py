"""The word diff of the re-import preview: real definitions, a 2,000-word and a 16,000-word one.

Run: ``.venv/bin/python bench/bench_textdiff.py [--runs N]``. Prints medians of N runs.

- every changed definition of the real 2024-06-27 → 2025-03-01 update (needs ../shared/data):
  the slowest one, and the longest real definition of the glossary with one word in ten changed;
- synthetic definitions of 2,000 and 16,000 words (real definitions run together, so the words
  repeat as prose does) with one word in ten changed, and the 16k/2k growth;
- the same against ``difflib.SequenceMatcher`` over the whole text, the diff used before (the
  16,000-word one only with ``--slow``: it took minutes).

Targets (issue 15): the longest real definition ≤ 50 ms; a 16,000-word one ≤ 1 s (it runs off
the UI thread in the import dialog). There is no peer: Anki shows no diff of an import.
"""

from __future__ import annotations

import argparse
import difflib
import html
import random
import re
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path

from glosscards import Collection
from glosscards.glossary.reader import read_glossary
from glosscards.textdiff import word_diff_html

DATA = Path(__file__).resolve().parents[2] / "shared" / "data"
NEW = DATA / "ai-glossary-2025-03-01.txt"
OLD = DATA / "ai-glossary-2024-06-27.txt"
NOW = datetime(2025, 3, 1, 12, tzinfo=UTC)
_TOKEN_SPLIT = re.compile(r"\s+|[^\s]+")


def difflib_diff_html(old: str, new: str) -> str:
    """The diff before issue 15: one SequenceMatcher over every token, spaces included."""
    a, b = _TOKEN_SPLIT.findall(old), _TOKEN_SPLIT.findall(new)
    out: list[str] = []
    matcher = difflib.SequenceMatcher(a=a, b=b, autojunk=False)
    for op, i1, i2, j1, j2 in matcher.get_opcodes():
        removed, added = "".join(a[i1:i2]), "".join(b[j1:j2])
        if op == "equal":
            out.append(html.escape(added))
            continue
        if removed.strip():
            out.append(f"<del>{html.escape(removed)}</del>")
        if added.strip():
            out.append(f"<ins>{html.escape(added)}</ins>")
    return "".join(out)


def edited(text: str, rng: random.Random, share: float = 0.1) -> str:
    """``text`` with ``share`` of its words replaced, dropped or doubled."""
    words = text.split(" ")
    out: list[str] = []
    for word in words:
        roll = rng.random()
        if roll < share / 3:
            out.append(f"changed{rng.randrange(1000)}")
        elif roll < 2 * share / 3:
            continue
        elif roll < share:
            out.extend((word, word))
        else:
            out.append(word)
    return " ".join(out)


def of_words(paragraphs: list[str], count: int) -> str:
    """Real paragraphs run together until the text has ``count`` words."""
    words: list[str] = []
    for paragraph in paragraphs * (1 + count // max(1, sum(len(p.split()) for p in paragraphs))):
        words.extend(paragraph.split())
        if len(words) >= count:
            break
    return " ".join(words[:count])


def median_of(runs: int, fn: Callable[[], object]) -> float:
    samples = []
    for _ in range(runs):
        began = time.perf_counter()
        fn()
        samples.append(time.perf_counter() - began)
    return statistics.median(samples)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--slow", action="store_true", help="also difflib on 16,000 words")
    args = parser.parse_args()
    if not NEW.exists() or not OLD.exists():
        print(f"needs {NEW} and {OLD}", file=sys.stderr)
        return 1
    rng = random.Random(15)
    with tempfile.TemporaryDirectory() as tmp, Collection.open(Path(tmp) / "c.db") as col:
        col.import_glossary(OLD, now=NOW, backup=False)
        report = col.import_glossary(NEW, now=NOW, dry_run=True)
    pairs = list(report.definitions.values())
    slowest = max(pairs, key=lambda p: median_of(1, lambda: word_diff_html(*p)))
    paragraphs = [" ".join(e.paragraphs) for e in read_glossary(NEW).entries if e.paragraphs]
    longest = max(paragraphs, key=lambda p: len(p.split()))
    longest_pair = (longest, edited(longest, rng))
    print(f"{len(pairs)} changed definitions in the real update")
    for label, (old, new) in (
        (f"slowest real change ({len(slowest[1].split())} words)", slowest),
        (f"longest real definition, edited ({len(longest.split())} words)", longest_pair),
    ):
        ours = median_of(args.runs, lambda o=old, n=new: word_diff_html(o, n))
        before = median_of(args.runs, lambda o=old, n=new: difflib_diff_html(o, n))
        print(
            f"{label:52} {ours * 1000:8.2f} ms   difflib {before * 1000:8.2f} ms   target <= 50 ms"
        )
    times = {}
    for words in (2_000, 16_000):
        text = of_words(paragraphs, words)
        pair = (text, edited(text, rng))
        times[words] = median_of(args.runs, lambda p=pair: word_diff_html(*p))
        before = ""
        if words == 2_000 or args.slow:
            seconds = median_of(1, lambda p=pair: difflib_diff_html(*p))
            before = f"   difflib {seconds * 1000:8.0f} ms (1 run)"
        target = "   target <= 1000 ms" if words == 16_000 else ""
        print(
            f"{words:>6,}-word definition, edited {'':22} {times[words] * 1000:8.2f} ms{before}{target}"
        )
    print(f"growth 16,000 / 2,000 words: {times[16_000] / times[2_000]:.1f}x (8x the words)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
