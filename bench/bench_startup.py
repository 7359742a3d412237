"""Time start-up: ``glosscards --help``, ``glosscards stats``, the desktop app to its painted main
window (at 2,000 and 25,000 notes), and a grade key to the next question.

Run: ``QT_QPA_PLATFORM=offscreen .venv/bin/python bench/bench_startup.py [--runs R]``
(``--notes N`` and ``--large-notes N`` change the two app sizes; ``--answers 0`` skips 5).

Every start-up figure is the median of ``R`` fresh processes (7 by default), each timed from
just before it is spawned until it has done its job, so the interpreter's start and every import
are counted, as a user waits for them. One untimed run comes first. The children cache compiled
modules (in the bench's temp folder, even where ``PYTHONDONTWRITEBYTECODE`` is set), as an
installed glosscards has them; ``--no-bytecode`` times them compiling glosscards from source each
run instead (about 0.1 s more). Their window places go to the temp folder too.

1. ``glosscards --help`` (the console script); target ≤ 0.15 s.
2. ``glosscards stats`` on a collection holding the real glossary
   (``../shared/data/ai-glossary-2025-03-01.txt``, imported once; skipped with a message when
   that folder is absent); target ≤ 0.4 s.
3. Start-up to the painted main window with ``N`` notes (2,000: a synthetic glossary, imported
   once): a fresh ``python`` builds the main window as ``glosscards-app`` does; the clock stops
   when the window's deck table has painted (the child prints a line from the first paint).
   Target ≤ 0.8 s.
4. The same with 25,000 notes (one card each, 20 % due today, 60 % due later, 20 % new, written
   directly by ``_synthetic.build_glosscards_collection``: importing that many takes minutes).
   Target ≤ 1.2 s.
5. Answering: in this process, the reviewer answers cards of the 2,000-note collection with the
   ``3`` key (Good); the time is from the key press to the next question painted (the answer is
   committed to disk — WAL with ``synchronous=FULL`` — the next card is picked and rendered,
   and the view repaints). Median over 200 answers; target ≤ 30 ms.

No peer: Anki has no comparable command line (``python -m anki`` is not one), and its desktop
app's start-up is not scriptable to a first paint here.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Sequence
from datetime import UTC, datetime
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtTest import QTest

from _synthetic import WORDS, CardPlan, build_glosscards_collection  # bench/ is on sys.path
from glosscards import Collection, Settings

NOW = datetime(2025, 3, 1, 12, tzinfo=UTC)
REAL_GLOSSARY = Path(__file__).resolve().parents[2] / "shared" / "data"
REAL_FILE = "ai-glossary-2025-03-01.txt"

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


CHILD_ENV: dict[str, str] = {}
"""The children's environment, set by :func:`child_environment` before any is spawned."""


def child_environment(folder: Path, *, bytecode: bool) -> dict[str, str]:
    """The environment the timed processes run in: offscreen Qt, window places in ``folder``
    (never the learner's settings) and, with ``bytecode``, compiled modules cached in ``folder``
    as an installed glosscards has them (pip compiles on install), even where
    ``PYTHONDONTWRITEBYTECODE`` is set; without, every run compiles glosscards from source."""
    env = {**os.environ, "XDG_CONFIG_HOME": str(folder / "config")}
    env["QT_QPA_PLATFORM"] = os.environ["QT_QPA_PLATFORM"]
    if bytecode:
        env.pop("PYTHONDONTWRITEBYTECODE", None)
        env["PYTHONPYCACHEPREFIX"] = str(folder / "pycache")
    return env


def _spawn_to_line(command: Sequence[str]) -> float:
    """Seconds from spawning ``command`` to its first line of output ("painted")."""
    started = time.perf_counter()
    child = subprocess.Popen(command, stdout=subprocess.PIPE, text=True, env=CHILD_ENV)
    assert child.stdout is not None
    line = child.stdout.readline()
    elapsed = time.perf_counter() - started
    child.wait(timeout=60)
    if line.strip() != "painted":
        raise RuntimeError(f"the app did not paint (exit {child.returncode})")
    return elapsed


def time_startup(path: Path, runs: int) -> list[float]:
    """Spawn to the main window's first paint (the parent stops its clock when the line comes);
    one untimed run first (it fills the bytecode cache and the file cache)."""
    command = [sys.executable, "-c", CHILD, str(path)]
    _spawn_to_line(command)
    return [_spawn_to_line(command) for _ in range(runs)]


def glosscards_command() -> list[str]:
    """The ``glosscards`` console script beside this interpreter (else ``-m glosscards.cli``)."""
    script = Path(sys.executable).parent / "glosscards"
    return [str(script)] if script.exists() else [sys.executable, "-m", "glosscards.cli"]


def time_command(args: Sequence[str], runs: int) -> list[float]:
    """Spawn to exit of ``glosscards ARGS`` (output discarded; a failure raises); one untimed
    run first."""
    command = [*glosscards_command(), *args]

    def once() -> float:
        started = time.perf_counter()
        subprocess.run(command, stdout=subprocess.DEVNULL, check=True, timeout=120, env=CHILD_ENV)
        return time.perf_counter() - started

    once()
    return [once() for _ in range(runs)]


def build_real_collection(folder: Path) -> Path | None:
    """A collection holding the real glossary, or None when ``../shared/data`` is absent."""
    source = REAL_GLOSSARY / REAL_FILE
    if not source.is_file():
        return None
    path = folder / "real.db"
    with Collection.open(path, tz=UTC) as col:
        col.import_glossary(source, now=NOW, backup=False)
        cards = col.card_counts()["cards"]
    print(f"collection: the real glossary, {cards} cards at {path}")
    return path


def build_large_collection(folder: Path, notes: int) -> Path:
    path = folder / f"large-{notes}.db"
    build_glosscards_collection(path, plan=CardPlan.scaled(notes), now=NOW)
    print(f"collection: {notes} notes, {notes} cards (written directly) at {path}")
    return path


def report(what: str, times: list[float], target: float) -> None:
    median = statistics.median(times)
    verdict = "ok" if median <= target else "OVER"
    print(
        f"{what}: median {median:.3f} s (min {min(times):.3f}, max {max(times):.3f},"
        f" {len(times)} runs; target ≤ {target} s: {verdict})"
    )


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
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--notes", type=int, default=2000)
    parser.add_argument("--large-notes", type=int, default=25_000)
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--answers", type=int, default=200)
    parser.add_argument("--dir", type=Path, help="where to build the collections (default: temp)")
    parser.add_argument(
        "--no-bytecode",
        action="store_true",
        help="children compile glosscards from source each run (as with PYTHONDONTWRITEBYTECODE)",
    )
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="glosscards-bench-", dir=args.dir) as tmp:
        folder = Path(tmp)
        CHILD_ENV.update(child_environment(folder, bytecode=not args.no_bytecode))
        print(
            f"children: {'no ' if args.no_bytecode else ''}cached bytecode; {args.runs} runs each"
        )
        small = build_collection(folder, args.notes)
        real = build_real_collection(folder)
        large = build_large_collection(folder, args.large_notes) if args.large_notes else None

        report("glosscards --help", time_command(["--help"], args.runs), 0.15)
        if real is None:
            print(f"glosscards stats: skipped ({REAL_GLOSSARY / REAL_FILE} is absent)")
        else:
            stats = time_command(["--collection", str(real), "stats"], args.runs)
            report("glosscards stats, the real glossary", stats, 0.4)
        startup = time_startup(small, args.runs)
        report(f"start-up to main window painted, {args.notes} notes", startup, 0.8)
        if large is not None:
            startup = time_startup(large, args.runs)
            report(f"start-up to main window painted, {args.large_notes} notes", startup, 1.2)

        if args.answers:
            answering = time_answers(small, args.answers)
            ms = [t * 1000 for t in answering]
            print(
                f"grade key to next question painted: median {statistics.median(ms):.1f} ms "
                f"(p90 {statistics.quantiles(ms, n=10)[-1]:.1f}, max {max(ms):.1f}, "
                f"{len(ms)} answers; target ≤ 30 ms)"
            )
    return 0


if __name__ == "__main__":
    sys.exit(main())
