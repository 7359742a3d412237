"""The update import at scale: 10 % of the entries renamed, at 1×, 4× and 16× the real glossary.

Run: ``.venv/bin/python bench/bench_import_update.py [--runs N] [--sizes 1,4,16]``. Prints medians
of N runs each. Needs ../shared/data (the real glossary).

Issue 15's targets: near-linear (the update at 16× takes ≤ 20× its time at 1×), Apply reuses
the preview's plan, and preview + Apply ≤ 3× Anki's CSV update of the same notes in the same run.

For each size the glossary is written N times larger and an update of it with 10 % of its
headings renamed and their aliases gone, so only the definitions can match them
(``_scaled_glossary.write_scaled(..., rename=0.10)``). Untimed: the glossary is imported into a
template collection, the CSV of its notes written, the update imported, the CSV of the notes
after it written (``_anki_csv.write_notes_csv``). Each run then times, interleaved: the preview
(``Collection.preview_import``, the dry run the import dialog shows) and Apply of that preview
(``import_glossary(prepared=...)``, with its backup as a user gets it) on a copy of the
template (on a glosscards older than ``preview_import``: a dry run, then the import again); and Anki's CSV import of the notes after, over a collection holding the notes before
(duplicates updated by GUID).
"""

from __future__ import annotations

import argparse
import shutil
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from _anki_csv import import_csv, new_anki_collection, write_notes_csv
from _scaled_glossary import write_scaled
from glosscards import Collection

DATA = Path(__file__).resolve().parents[2] / "shared" / "data"
SOURCE = DATA / "ai-glossary-2025-03-01.txt"
NOW = datetime(2025, 3, 1, 12, tzinfo=UTC)


def timed(fn: Callable[[], Any]) -> tuple[float, Any]:
    start = time.perf_counter()
    result = fn()
    return time.perf_counter() - start, result


def _setup(folder: Path, times: int) -> tuple[Path, Path, Path, Path, int]:
    """The template collection, the update, the CSVs of the notes before and after; its notes."""
    glossary, update = folder / "glossary.txt", folder / "glossary-update.txt"
    write_scaled(SOURCE, times, glossary)
    write_scaled(SOURCE, times, update, rename=0.10)
    template, before, after = folder / "template.db", folder / "before.csv", folder / "after.csv"
    with Collection.open(template) as col:
        col.import_glossary(glossary, now=NOW, backup=False)
        notes = col.export_notes()
        write_notes_csv(notes, before)
    shutil.copy(template, folder / "scratch.db")
    with Collection.open(folder / "scratch.db") as col:
        col.import_glossary(update, now=NOW, backup=False)
        write_notes_csv(col.export_notes(), after)
    return template, update, before, after, len(notes)


def _one_run(
    folder: Path, run: int, template: Path, update: Path, before: Path, after: Path
) -> tuple[float, float, float, int]:
    """preview, Apply of it, Anki's CSV update; and how many renames the preview found."""
    db = folder / f"c{run}.db"
    shutil.copy(template, db)
    with Collection.open(db) as col:
        if not hasattr(col, "preview_import"):  # a glosscards before issue 15: match twice
            return _one_run_before(col, update, folder, run, before, after)
        preview_s, prepared = timed(lambda: col.preview_import(update))
        apply_s, report = timed(lambda: col.import_glossary(update, now=NOW, prepared=prepared))
    assert report.renamed == prepared.report.renamed and not report.dry_run
    anki_col = new_anki_collection(folder / f"a{run}.anki2")
    try:
        import_csv(anki_col, before)
        anki_s, _ = timed(lambda: import_csv(anki_col, after))
    finally:
        anki_col.close()
    return preview_s, apply_s, anki_s, len(prepared.report.renamed)


def _one_run_before(
    col: Collection, update: Path, folder: Path, run: int, before: Path, after: Path
) -> tuple[float, float, float, int]:
    """The same with the dialog's calls before issue 15: a dry run, then the import again."""
    preview_s, preview = timed(lambda: col.import_glossary(update, dry_run=True, now=NOW))
    apply_s, _ = timed(lambda: col.import_glossary(update, now=NOW, expect_sha256=preview.sha256))
    anki_col = new_anki_collection(folder / f"a{run}.anki2")
    try:
        import_csv(anki_col, before)
        anki_s, _ = timed(lambda: import_csv(anki_col, after))
    finally:
        anki_col.close()
    return preview_s, apply_s, anki_s, len(preview.renamed)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--sizes", default="1,4,16", help="glossary sizes, e.g. 1,4,16")
    args = parser.parse_args(argv)
    if not SOURCE.exists():
        print(f"needs {SOURCE}", file=sys.stderr)
        return 1
    sizes = [int(s) for s in args.sizes.split(",")]
    totals: dict[int, float] = {}
    print(f"update import, 10% renamed; medians of {args.runs} runs (seconds)")
    print(f"{'size':>5} {'notes':>7} {'renamed':>8} {'preview':>8} {'apply':>8} {'total':>8} "
          f"{'anki':>8} {'÷ anki':>7}")  # fmt: skip
    for times in sizes:
        with tempfile.TemporaryDirectory() as tmp:
            folder = Path(tmp)
            template, update, before, after, notes = _setup(folder, times)
            samples = [
                _one_run(folder, run, template, update, before, after) for run in range(args.runs)
            ]
        preview = statistics.median(s[0] for s in samples)
        apply = statistics.median(s[1] for s in samples)
        total = statistics.median(s[0] + s[1] for s in samples)
        anki = statistics.median(s[2] for s in samples)
        totals[times] = total
        print(f"{times:>4}× {notes:>7,} {samples[0][3]:>8,} {preview:>8.2f} "
              f"{apply:>8.2f} {total:>8.2f} {anki:>8.3f} {total / anki:>6.1f}×", flush=True)  # fmt: skip
    if len(totals) > 1:
        small, large = min(totals), max(totals)
        print(f"growth {large}×/{small}×: {totals[large] / totals[small]:.1f}× the time "
              f"for {large // small}× the glossary (issue 15: 16×/1× ≤ 20×)")  # fmt: skip
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
