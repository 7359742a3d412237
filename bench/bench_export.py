"""Time the .apkg export against a bare genanki build, and Anki's import of the result.

Run: ``.venv/bin/python bench/bench_export.py [--notes N] [--runs R]``. Prints the median of
``R`` runs for ``write_apkg``, for ``genanki.Package.write_to_file`` on the same notes (its
defaults: uncompressed zip, SQLite file on disk), their ratio (target ≤ 1.3), the file sizes, and
the median time Anki 26 takes to import our package into a fresh collection.

Notes come from ``../shared/data/ai-glossary-2025-03-01.txt`` when the glossary reader and the
cloze maker are available (``glosscards.glossary.reader.read_glossary``,
``glosscards.cloze.make_note``); otherwise about 2,000 synthetic notes of similar size are used.
"""

from __future__ import annotations

import argparse
import os
import random
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path

import genanki

from _synthetic import WORDS  # bench/ is on sys.path when this runs as a script
from glosscards.anki_export import ExportNote, cloze_model, write_apkg

ROOT = Path(__file__).resolve().parent.parent
GLOSSARY = ROOT.parent / "shared" / "data" / "ai-glossary-2025-03-01.txt"
START = datetime(2025, 3, 1, 12, tzinfo=UTC)


def glossary_notes() -> list[ExportNote] | None:
    """Notes built from the shared glossary, or None when the data or the builders are missing."""
    try:
        from glosscards.cloze import make_note
        from glosscards.glossary.reader import read_glossary
        from glosscards.identity import unique_key
    except ImportError:
        return None
    if not GLOSSARY.exists():
        return None
    notes: list[ExportNote] = []
    taken: set[str] = set()
    for i, entry in enumerate(read_glossary(GLOSSARY).entries):
        fields = make_note(entry)
        if fields is None:
            continue
        key = unique_key(entry.name, taken)
        taken.add(key)
        notes.append(
            ExportNote(key, fields.text, fields.back_extra, fields.tags, START + timedelta(i))
        )
    return notes


def synthetic_notes(count: int, rng: random.Random) -> list[ExportNote]:
    """``count`` notes shaped like glossary notes: a term, half with an acronym, ~80 words."""

    def words(n: int) -> str:
        return " ".join(rng.choice(WORDS) for _ in range(n))

    notes = []
    for i in range(count):
        term = f"{words(2).title()} {i}"
        acronym = f" ({{{{c2::T{i}}}}})" if i % 2 else ""
        text = (
            f"{{{{c1::{term}::model}}}}{acronym}<br>~ {words(8)}<br>{words(rng.randint(30, 70))}."
        )
        back_extra = f"{words(rng.randint(0, 120))}<br>See also: <i>{words(3)}</i>"
        tags = (f"letter::{chr(65 + i % 26)}", "model")
        notes.append(ExportNote(f"term-{i}", text, back_extra, tags, START + timedelta(seconds=i)))
    return notes


def bare_genanki(notes: list[ExportNote], path: Path) -> None:
    """What a plain genanki user writes: same model, notes and GUIDs, default package options."""
    model = cloze_model()
    deck = genanki.Deck(2_000_000_001, "AI Glossary")
    for note in notes:
        deck.add_note(
            genanki.Note(
                model=model,
                fields=[note.text, note.back_extra],
                tags=list(note.tags),
                guid=genanki.guid_for(note.key),
            )
        )
    genanki.Package(deck).write_to_file(str(path))


def interleaved_times(
    actions: dict[str, Callable[[int], object]], runs: int
) -> dict[str, list[float]]:
    """Seconds per run of each action, runs interleaved so machine load hits all of them alike."""
    times: dict[str, list[float]] = {name: [] for name in actions}
    for run in range(runs):
        for name, action in actions.items():
            start = time.perf_counter()
            action(run)
            times[name].append(time.perf_counter() - start)
    return times


def anki_import_seconds(apkg: Path, work: Path, runs: int) -> tuple[float, int]:
    """Median time of importing ``apkg`` into a fresh Anki collection, and the cards it made."""
    from anki.collection import (
        Collection,
        ImportAnkiPackageOptions,
        ImportAnkiPackageRequest,
    )

    times, cards = [], 0
    for run in range(runs):
        folder = work / f"anki-{run}"
        folder.mkdir()
        col = Collection(str(folder / "collection.anki2"))
        try:
            request = ImportAnkiPackageRequest(
                package_path=str(apkg), options=ImportAnkiPackageOptions(with_scheduling=False)
            )
            start = time.perf_counter()
            col.import_anki_package(request)
            times.append(time.perf_counter() - start)
            cards = col.card_count()
        finally:
            col.close()
    return statistics.median(times), cards


def report(notes: list[ExportNote], work: Path, runs: int) -> None:
    times = interleaved_times(
        {
            "ours": lambda run: write_apkg(notes, work / f"ours-{run}.apkg"),
            "bare": lambda run: bare_genanki(notes, work / f"bare-{run}.apkg"),
        },
        runs,
    )
    ours, bare = statistics.median(times["ours"]), statistics.median(times["bare"])
    # The median of per-run ratios: each pair ran back to back, under the same machine load.
    ratio = statistics.median(o / b for o, b in zip(times["ours"], times["bare"], strict=True))
    ours_size = os.path.getsize(work / "ours-0.apkg")
    bare_size = os.path.getsize(work / "bare-0.apkg")
    verdict = "ok" if ratio <= 1.3 else "OVER TARGET"
    print(f"write_apkg             median {ours * 1000:7.1f} ms   {ours_size / 1024:6.0f} KiB")
    print(f"genanki write_to_file  median {bare * 1000:7.1f} ms   {bare_size / 1024:6.0f} KiB")
    print(
        f"time ratio ours/genanki       {ratio:7.2f}      (paired runs; target <= 1.3: {verdict})"
    )
    print(f"size ratio genanki/ours       {bare_size / ours_size:7.1f}x")
    anki, cards = anki_import_seconds(work / "ours-0.apkg", work, max(5, runs // 2))
    print(f"Anki import, fresh collection {anki * 1000:7.1f} ms   ({cards} cards)")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--notes", type=int, default=2000, help="synthetic notes (default 2000)")
    parser.add_argument("--runs", type=int, default=7, help="runs per measurement (default 7)")
    parser.add_argument("--synthetic", action="store_true", help="ignore the shared glossary")
    args = parser.parse_args(argv)

    notes = None if args.synthetic else glossary_notes()
    source = f"glossary {GLOSSARY.name}"
    if notes is None:
        notes = synthetic_notes(args.notes, random.Random(20250301))
        source = "synthetic"
    print(f"notes: {len(notes)} ({source}), runs: {args.runs}, python {sys.version.split()[0]}")

    with tempfile.TemporaryDirectory(prefix="bench-export-") as tmp:
        work = Path(tmp)
        # genanki leaves a SQLite file per write in the temp folder: keep those inside ``work``.
        tempfile.tempdir = str(work)
        try:
            report(notes, work, args.runs)
        finally:
            tempfile.tempdir = None
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
