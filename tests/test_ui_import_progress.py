"""The import dialog at scale (issue 15): Apply writes the preview's plan without matching again,
the preview's bar moves while the file is matched, and a long definition's word diff is made
off the UI thread.

The matching is observed through ``glosscards.import_run.plan_import``, wrapped by a function
that calls the real one.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

import glosscards.import_run as import_run
from glosscards.ui.definition_diff import INLINE_DIFF_CHARS, PENDING
from test_ui_helpers import DEMO, make_window


def _update(tmp_path: Path, long_text: str = "") -> Path:
    text = DEMO.read_text(encoding="utf-8")
    update = tmp_path / "demo-glossary-v2.txt"
    update.write_text(
        text.replace("Larger batches give", f"Larger batches usually give{long_text}").replace(
            "Epoch#", "Training Epoch#"
        ),
        encoding="utf-8",
    )
    return update


class Matching:
    """Counts the matchings and says whether one is running; each reports its progress and,
    once, waits (up to a second) for the UI to show a value before going on."""

    def __init__(self, real: Callable[..., Any]) -> None:
        self.real = real
        self.calls = 0
        self.running = False
        self.shown = threading.Event()

    def __call__(self, known: Any, incoming: Any, *, progress: Any = None) -> Any:
        self.calls += 1
        waited: list[bool] = []

        def slowed(done: int, total: int) -> None:
            progress(done, total)
            if 0 < done < total and not waited:
                waited.append(True)
                self.shown.wait(1.0)

        self.running = True
        try:
            return self.real(known, incoming, progress=slowed if progress else None)
        finally:
            self.running = False


@pytest.fixture
def matching(monkeypatch: pytest.MonkeyPatch) -> Matching:
    spy = Matching(import_run.plan_import)
    monkeypatch.setattr(import_run, "plan_import", spy)
    return spy


def test_apply_after_the_preview_does_not_match_again(
    qtbot: QtBot, tmp_path: Path, matching: Matching
) -> None:
    env = make_window(qtbot, tmp_path, demo=True)
    matching.calls = 0  # the demo's own import
    dialog = env.window.open_import(_update(tmp_path))
    qtbot.waitUntil(lambda: dialog.state == "preview", timeout=20_000)
    assert matching.calls == 1
    qtbot.mouseClick(dialog.apply_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: dialog.state == "done", timeout=20_000)
    assert matching.calls == 1  # Apply wrote the plan the preview showed
    assert dialog.report.renamed == ["Training Epoch"] and not dialog.report.dry_run
    assert dialog.progress.value() == dialog.progress.maximum() > 0


def test_the_preview_bar_moves_while_the_file_is_matched(
    qtbot: QtBot, tmp_path: Path, matching: Matching
) -> None:
    env = make_window(qtbot, tmp_path, demo=True)
    during: list[int] = []
    dialog = env.window.open_import()
    bar = dialog.preview_progress

    def changed(value: int) -> None:
        if matching.running:
            during.append(value)
            matching.shown.set()

    bar.valueChanged.connect(changed)
    dialog.path_edit.setText(str(_update(tmp_path)))
    qtbot.keyClick(dialog.path_edit, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: bar.isVisible() or dialog.state == "preview", timeout=20_000)
    qtbot.waitUntil(lambda: dialog.state == "preview", timeout=20_000)
    # Values the parse queued may still arrive once matching runs; some must lie inside the bar.
    assert any(0 < value < bar.maximum() for value in during)
    assert not bar.isVisible()


def test_a_long_definition_is_diffed_off_the_ui_thread(qtbot: QtBot, tmp_path: Path) -> None:
    words = " and a longer sentence about batches" * (INLINE_DIFF_CHARS // 20)
    env = make_window(qtbot, tmp_path, demo=True)
    dialog = env.window.open_import(_update(tmp_path, words))
    qtbot.waitUntil(lambda: dialog.state == "preview", timeout=20_000)
    groups = {
        dialog.changes.topLevelItem(i).text(0).split(" (")[0]: dialog.changes.topLevelItem(i)
        for i in range(dialog.changes.topLevelItemCount())
    }
    changed = groups["Changed"].child(0)
    rect = dialog.changes.visualItemRect(changed)
    qtbot.mouseClick(dialog.changes.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    assert dialog.diff_view.toPlainText() == PENDING  # shown at once, the diff still running
    qtbot.waitUntil(lambda: not dialog.diff_view.pending, timeout=20_000)
    assert "usually" in dialog.diff_view.toPlainText()
    assert "underline" in dialog.diff_view.toHtml()
