"""Render the main screens into PNG files: ``python -m glosscards.ui.screenshots OUT_DIR``.

Runs offscreen (``QT_QPA_PLATFORM=offscreen``) on a temporary collection built from the demo
glossary, with a fixed clock, so the pictures are the same on every run. Used by
``make screenshots`` for ``docs/screenshots/``.
"""

from __future__ import annotations

import dataclasses
import os
import sys
import tempfile
import time
from collections.abc import Callable, Sequence
from datetime import UTC, datetime, timedelta
from pathlib import Path

from PySide6.QtCore import QSettings, Qt
from PySide6.QtWidgets import QApplication, QWidget

from glosscards.collection import Collection
from glosscards.scheduler.grade import Grade
from glosscards.ui.app import create_app
from glosscards.ui.dialogs import Dialogs
from glosscards.ui.help_dialogs import ShortcutsDialog
from glosscards.ui.main_window import MainWindow, find_demo_glossary
from glosscards.ui.palettes import use_palette

__all__ = ["FIXED_NOW", "main", "render_screenshots"]

FIXED_NOW = datetime(2025, 3, 1, 9, 30, tzinfo=UTC)
SIZE = (900, 620)


class _Unattended(Dialogs):
    """Dialogs for a run nobody watches: no file choosers, errors go to stderr."""

    def error(self, parent: QWidget | None, title: str, text: str) -> None:
        print(f"{title}: {text}", file=sys.stderr)

    def info(self, parent: QWidget | None, title: str, text: str) -> None:
        print(f"{title}: {text}", file=sys.stderr)


def _wait(until: Callable[[], bool], what: str, timeout: float = 30.0) -> None:
    app = QApplication.instance()
    assert app is not None
    deadline = time.monotonic() + timeout
    while not until():
        if time.monotonic() > deadline:
            raise TimeoutError(f"timed out waiting for {what}")
        app.processEvents()
        time.sleep(0.01)
    app.processEvents()


def _save(widget: QWidget, path: Path) -> Path:
    app = QApplication.instance()
    assert app is not None
    for _ in range(5):
        app.processEvents()
    if not widget.grab().save(str(path)):
        raise OSError(f"could not write {path}")
    return path


def render_screenshots(
    out_dir: Path, *, demo: Path | None = None, palettes: Sequence[str] = ("light", "dark")
) -> list[Path]:
    """Write first_run, import_preview, main_window, question, answer, browser,
    reimport_preview, deck_options, sync_login, study_done, shortcuts, typed_answer, statistics
    and workload_forecast PNGs, once per palette: ``answer.png`` in the light one,
    ``answer-dark.png`` in the dark one."""
    demo = demo or find_demo_glossary()
    if demo is None:
        raise FileNotFoundError("resources/demo-glossary.txt not found")
    out_dir.mkdir(parents=True, exist_ok=True)
    app = create_app()
    written: list[Path] = []
    with tempfile.TemporaryDirectory(prefix="glosscards-shots-") as tmp:
        # The pictures show default window places and text size, never the user's own.
        QSettings.setPath(QSettings.Format.IniFormat, QSettings.Scope.UserScope, tmp)
        for name in palettes:
            use_palette(app, name)
            suffix = "" if name == "light" else f"-{name}"
            folder = Path(tmp) / name
            folder.mkdir()
            written += _render_all(out_dir, folder, demo, suffix)
    return written


def _render_all(out_dir: Path, tmp: Path, demo: Path, suffix: str) -> list[Path]:
    def out(name: str) -> Path:
        return out_dir / f"{name}{suffix}.png"

    written: list[Path] = []
    col = Collection.open(tmp / "collection.db", tz=UTC)
    window = MainWindow(col, clock=lambda: FIXED_NOW, dialogs=_Unattended(), demo_path=demo)
    window.resize(*SIZE)
    window.show()
    written.append(_save(window, out("first_run")))

    dialog = window.open_import(demo)
    _wait(lambda: dialog.state == "preview", "the import preview")
    written.append(_save(dialog, out("import_preview")))
    dialog.apply()
    _wait(lambda: dialog.state == "done", "the import")
    dialog.accept()
    _wait(lambda: window.dialog is None, "the import dialog to close")
    written.append(_save(window, out("main_window")))

    window.study(None)
    reviewer = window.reviewer
    written.append(_save(window, out("question")))
    reviewer.show_answer()
    written.append(_save(window, out("answer")))
    first = reviewer.current
    for grade in (Grade.GOOD, Grade.AGAIN, Grade.EASY):
        if reviewer.state == "question":
            reviewer.show_answer()
        reviewer.answer(int(grade))
    browser = window.open_browser()
    browser.resize(1100, 680)  # its default, beyond the offscreen screen's 800×600
    if first is not None:
        browser.select_card(first.id)
    written.append(_save(browser, out("browser")))
    browser.close()

    update = _updated_demo(demo, tmp / "demo-glossary-v2.txt")
    dialog = window.open_import(update)
    _wait(lambda: dialog.state == "preview", "the re-import preview")
    changed = dialog.changes.findItems("Batch Size", Qt.MatchFlag.MatchRecursive)
    if changed:
        dialog.changes.setCurrentItem(changed[0])  # shows its definition's word diff
    written.append(_save(dialog, out("reimport_preview")))
    dialog.reject()
    _wait(lambda: window.dialog is None, "the re-import dialog to close")
    window.show_decks()
    window.deck_page.table.selectRow(1)
    options = window.deck_actions.options()
    written.append(_save(options, out("deck_options")))
    options.reject()
    written.append(_sync_login(window, out("sync_login")))
    written.append(_study_done(window, out("study_done")))
    shortcuts = window.show_dialog(ShortcutsDialog(window))
    written.append(_save(shortcuts, out("shortcuts")))
    shortcuts.reject()
    window.close()
    written.append(_typed_answer(tmp / "typed.db", demo, out("typed_answer")))
    written.append(_statistics(tmp / "studied.db", demo, out("statistics")))
    written.append(_workload(tmp / "learning.db", demo, out("workload_forecast")))
    return written


def _typed_answer(path: Path, demo: Path, out: Path) -> Path:
    """The answer side of a typed card: "Activ Recal" typed for Active Recall, Again chosen."""
    col = Collection.open(path, tz=UTC)
    col.import_glossary(demo, now=FIXED_NOW, backup=False)
    deck = col.decks()[0].name
    col.set_deck_study(deck, dataclasses.replace(col.deck_study(deck), type_answer=True))
    window = MainWindow(col, clock=lambda: FIXED_NOW, dialogs=_Unattended(), demo_path=demo)
    window.resize(*SIZE)
    window.show()
    window.study(None)
    window.reviewer.typing.edit.setText("Activ Recal")
    window.reviewer.show_answer()
    try:
        return _save(window, out)
    finally:
        window.close()


def _study_done(window: MainWindow, path: Path) -> Path:
    """The screen after the day's last card: when the next are due, and what to do instead."""
    window.study(None)
    reviewer = window.reviewer
    while reviewer.state != "done":
        if reviewer.state == "question":
            reviewer.show_answer()
        reviewer.answer(int(Grade.EASY))
    return _save(window, path)


def _sync_login(window: MainWindow, path: Path) -> Path:
    """File → Log in to another server…, filled in for a self-hosted Anki sync server."""
    dialog = window.sync(login=True)
    dialog.server_edit.setText("http://192.168.1.5:8080/")
    dialog.user_edit.setText("learner")
    dialog.password_edit.setFocus()
    saved = _save(dialog, path)
    dialog.reject()
    _wait(lambda: window.dialog is None, "the sync dialog to close")
    return saved


def _updated_demo(demo: Path, target: Path) -> Path:
    """A newer version of the demo glossary: one term renamed, one edited, one added, one gone."""
    text = demo.read_text(encoding="utf-8")
    text = text.replace("Epoch#", "Training Epoch#")
    text = text.replace("Larger batches give smoother", "Larger batches usually give smoother")
    start = text.index("Tokenizer#")
    text = text[:start] + text[text.index("Transformer Architecture#") :]
    text += (
        "Z#\nZero-Shot Learning#\nSolving a task the model was never trained on, from its "
        "description alone.\n"
    )
    target.write_text(text, encoding="utf-8")
    return target


def _statistics(path: Path, demo: Path, out: Path) -> Path:
    """The statistics window after five weeks of simulated daily study of the demo glossary."""
    from glosscards.ui.stats_window import render_stats_screenshot

    grades = [Grade.GOOD, Grade.GOOD, Grade.HARD, Grade.GOOD, Grade.AGAIN, Grade.EASY, Grade.GOOD]
    start = FIXED_NOW - timedelta(days=35)
    with Collection.open(path, tz=UTC) as col:
        col.review_backup_interval = None
        col.import_glossary(demo, now=start, backup=False)
        col.update_settings(dataclasses.replace(col.settings, new_per_day=3))
        answered = 0
        for day in range(35):
            now = start + timedelta(days=day)
            while (card := col.next_card(now)) is not None:
                col.answer(card.id, grades[answered % len(grades)], now, duration_ms=6000)
                answered += 1
                now += timedelta(seconds=40)
        return render_stats_screenshot(col, out, lambda: FIXED_NOW)


def _workload(path: Path, demo: Path, out: Path) -> Path:
    """The workload forecast of the statistics window, four days into the demo glossary at
    four new cards a day (Good, Good, Hard, Again): what the next 30 days bring at four."""
    from glosscards.ui.stats_window import StatsWindow
    from glosscards.values import DeckOptions

    grades = [Grade.GOOD, Grade.GOOD, Grade.HARD, Grade.AGAIN]
    start = FIXED_NOW - timedelta(days=4)
    with Collection.open(path, tz=UTC) as col:
        col.review_backup_interval = None
        col.import_glossary(demo, now=start, backup=False)
        col.set_deck_options(col.decks()[0].name, DeckOptions(new_per_day=4, reviews_per_day=200))
        answered = 0
        for day in range(4):
            now = start + timedelta(days=day)
            while (card := col.next_card(now)) is not None:
                col.answer(card.id, grades[answered % len(grades)], now, duration_ms=6000)
                answered += 1
                now += timedelta(seconds=40)
        window = StatsWindow(col, clock=lambda: FIXED_NOW)
        try:
            window.workload.resize(900, 420)
            window.workload.wait()
            return _save(window.workload, out)
        finally:
            window.close()
            window.deleteLater()


def main(argv: Sequence[str] | None = None) -> int:
    args = list(sys.argv[1:] if argv is None else argv)
    out_dir = Path(args[0]) if args else Path("docs/screenshots")
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    for path in render_screenshots(out_dir):
        print(path)
    return 0


if __name__ == "__main__":
    sys.exit(main())
