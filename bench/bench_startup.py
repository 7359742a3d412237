"""Time the desktop app: start-up to the main window shown, and a grade key to the next question.

Run: ``QT_QPA_PLATFORM=offscreen .venv/bin/python bench/bench_startup.py [--notes N] [--runs R]``.

1. Start-up: a collection of ``N`` notes (2,000 by default, synthetic, imported once) is opened
   by a fresh ``python`` process that builds the main window as ``glosscards-app`` does; the time
   is from just before the process is spawned until the window's deck table has painted (the
   child prints a line from the first paint; the parent stops its clock when the line arrives).
   Median of ``R`` runs; target ≤ 1.0 s.
2. Answering: in this process, the reviewer answers cards with the ``3`` key (Good); the time is
   from the key press to the next question painted (the answer is committed to disk — WAL with
   ``synchronous=FULL`` — the next card is picked and rendered, and the view repaints). Median
   over 200 answers; target ≤ 30 ms.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtTest import QTest

from _synthetic import WORDS  # bench/ is on sys.path when this runs as a script
from glosscards import Collection, Settings

NOW = datetime(2025, 3, 1, 12, tzinfo=UTC)

CHILD = """
import sys, time
from PySide6.QtCore import QEvent, QObject, QTimer
from glosscards.ui.app import create_app
from glosscards.collection import Collection
from glosscards.ui.main_window import MainWindow

class FirstPaint(QObject):
    def eventFilter(self, watched, event):
        if event.type() == QEvent.Type.Paint and not getattr(self, "done", False):
            self.done = True
            QTimer.singleShot(0, self.report)
        return False
    def report(self):
        print("painted", flush=True)
        app.quit()

app = create_app()
window = MainWindow(Collection.open(sys.argv[1]))
probe = FirstPaint()
window.deck_page.table.viewport().installEventFilter(probe)
window.show()
app.exec()
window.close()
"""


def synthetic_glossary(n: int) -> str:
    """``n`` entries in the plain-text glossary form, with see-also lines, grouped by letter."""
    lines: list[str] = []
    letter = ""
    for i in range(n):
        name = f"{WORDS[i % len(WORDS)].capitalize()} {WORDS[(i * 7) % len(WORDS)]} {i:05d}"
        if name[0] != letter:
            letter = name[0]
            lines.append(f"{letter}#")
        words = " ".join(WORDS[(i + k) % len(WORDS)] for k in range(40))
        lines += [
            f"{name}#",
            f"~ a short gloss about {WORDS[i % len(WORDS)]}",
            f"A definition of entry {i} that talks about {words}. It has a second sentence.",
        ]
    return "\n".join(lines) + "\n"


def build_collection(folder: Path, notes: int) -> Path:
    source = folder / "bench-glossary.txt"
    source.write_text(synthetic_glossary(notes), encoding="utf-8")
    path = folder / "collection.db"
    with Collection.open(path, tz=UTC) as col:
        col.import_glossary(source, now=NOW, backup=False)
        col.update_settings(Settings(new_per_day=notes * 2, reviews_per_day=notes * 2))
        cards = col.card_counts()["cards"]
    print(f"collection: {notes} notes, {cards} cards at {path}")
    return path


def time_startup(path: Path, runs: int) -> list[float]:
    times: list[float] = []
    for _ in range(runs):
        started = time.perf_counter()
        child = subprocess.Popen(
            [sys.executable, "-c", CHILD, str(path)],
            stdout=subprocess.PIPE,
            text=True,
            env={**os.environ, "QT_QPA_PLATFORM": os.environ["QT_QPA_PLATFORM"]},
        )
        assert child.stdout is not None
        line = child.stdout.readline()
        elapsed = time.perf_counter() - started
        child.wait(timeout=60)
        if line.strip() != "painted":
            raise RuntimeError(f"the app did not paint (exit {child.returncode})")
        times.append(elapsed)
    return times


class _PaintCounter(QObject):
    def __init__(self) -> None:
        super().__init__()
        self.count = 0

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.Paint:
            self.count += 1
        return False


def time_answers(path: Path, answers: int) -> list[float]:
    from glosscards.ui.app import create_app
    from glosscards.ui.main_window import MainWindow

    app = create_app()
    window = MainWindow(Collection.open(path, tz=UTC), clock=lambda: NOW)
    window.resize(900, 620)
    window.show()
    window.study(None)
    reviewer = window.reviewer
    counter = _PaintCounter()
    reviewer.view.viewport().installEventFilter(counter)
    times: list[float] = []
    for _ in range(answers):
        app.processEvents()
        QTest.keyClick(reviewer, Qt.Key.Key_Space)
        app.processEvents()
        if reviewer.state != "answer":
            break
        painted = counter.count
        started = time.perf_counter()
        QTest.keyClick(reviewer, Qt.Key.Key_3)
        while counter.count == painted:
            app.processEvents()
        times.append(time.perf_counter() - started)
    window.close()
    return times


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--notes", type=int, default=2000)
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--answers", type=int, default=200)
    parser.add_argument("--dir", type=Path, help="where to build the collection (default: temp)")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="glosscards-bench-", dir=args.dir) as tmp:
        path = build_collection(Path(tmp), args.notes)
        startup = time_startup(path, args.runs)
        print(
            f"start-up to main window painted: median {statistics.median(startup):.3f} s "
            f"(min {min(startup):.3f}, max {max(startup):.3f}, {len(startup)} runs; target ≤ 1.0 s)"
        )
        answering = time_answers(path, args.answers)
        ms = [t * 1000 for t in answering]
        print(
            f"grade key to next question painted: median {statistics.median(ms):.1f} ms "
            f"(p90 {statistics.quantiles(ms, n=10)[-1]:.1f}, max {max(ms):.1f}, "
            f"{len(ms)} answers; target ≤ 30 ms)"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
