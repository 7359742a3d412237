"""Looks (issue 17): light and dark palettes, the reviewer's text size, small and large windows,
a high-DPI screen. Each is checked on what is drawn (a grab of the window), not on settings."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtGui import QColor, QImage
from PySide6.QtWidgets import QApplication, QPushButton, QWidget
from pytestqt.qtbot import QtBot

from glosscards.ui.card_view import READABLE_CHARACTERS
from glosscards.ui.palettes import use_palette
from glosscards.ui.text_size import STEPS
from test_ui_helpers import Env, make_window

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture
def palette_restored(qapp: QApplication) -> Iterator[QApplication]:
    """Whatever palette a test forces, the next test gets the one before."""
    style, palette = qapp.style().name(), qapp.palette()
    yield qapp
    qapp.setStyle(style)
    qapp.setPalette(palette)


def _lightness(image: QImage, point: QPoint) -> int:
    return QColor(image.pixel(point)).lightness()


def _grab(widget: QWidget) -> QImage:
    QApplication.processEvents()
    return widget.grab().toImage()


def _ink_and_ground(widget: QWidget) -> tuple[int, int]:
    """The most common lightness (the ground) and the one farthest from it (the ink)."""
    image = _grab(widget)
    counts: dict[int, int] = {}
    for y in range(0, image.height(), 2):
        for x in range(0, image.width(), 2):
            value = _lightness(image, QPoint(x, y))
            counts[value] = counts.get(value, 0) + 1
    ground = max(counts, key=lambda v: counts[v])
    ink = max(counts, key=lambda v: abs(v - ground))
    return ink, ground


def _study(env: Env, qtbot: QtBot) -> None:
    qtbot.keyClick(env.window.deck_page.table, Qt.Key.Key_Return)
    assert env.window.reviewer.state == "question"
    qtbot.keyClick(env.window.reviewer, Qt.Key.Key_Space)
    assert env.window.reviewer.state == "answer"


@pytest.mark.parametrize("palette", ["light", "dark"])
def test_every_screen_follows_the_palette(
    qtbot: QtBot, tmp_path: Path, palette_restored: QApplication, palette: str
) -> None:
    """Forced light, then dark: the deck list, the card and the browser are drawn on a ground
    of that palette with ink that stands out from it — no fixed white or black anywhere."""
    use_palette(palette_restored, palette)
    env = make_window(qtbot, tmp_path, demo=True)
    screens: list[QWidget] = [env.window]
    _study(env, qtbot)
    screens += [env.window.reviewer.view, env.window.open_browser()]
    for widget in screens:
        ink, ground = _ink_and_ground(widget)
        if palette == "dark":
            assert ground < 90, widget
        else:
            assert ground > 160, widget
        assert abs(ink - ground) > 120, widget  # readable contrast


def test_switching_the_palette_restyles_the_card_shown(
    qtbot: QtBot, tmp_path: Path, palette_restored: QApplication
) -> None:
    """The desktop switches to dark mode while a card is on screen: the card follows at once."""
    use_palette(palette_restored, "light")
    env = make_window(qtbot, tmp_path, demo=True)
    _study(env, qtbot)
    view = env.window.reviewer.view
    assert _ink_and_ground(view)[1] > 160
    use_palette(palette_restored, "dark")
    assert _ink_and_ground(view)[1] < 90


def _card_points(env: Env) -> float:
    return env.window.reviewer.view.font().pointSizeF()


def test_ctrl_plus_and_minus_change_the_card_text_and_it_is_remembered(
    qtbot: QtBot, tmp_path: Path
) -> None:
    """Ctrl+= twice makes the card text larger, Ctrl+- once a step back; the next session
    opens at that size; Ctrl+0 returns to normal."""
    env = make_window(qtbot, tmp_path, demo=True)
    _study(env, qtbot)
    normal = _card_points(env)
    qtbot.keyClick(env.window, Qt.Key.Key_Equal, Qt.KeyboardModifier.ControlModifier)
    qtbot.keyClick(env.window, Qt.Key.Key_Equal, Qt.KeyboardModifier.ControlModifier)
    qtbot.keyClick(env.window, Qt.Key.Key_Minus, Qt.KeyboardModifier.ControlModifier)
    larger = _card_points(env)
    assert larger == pytest.approx(normal * STEPS[STEPS.index(100) + 1] / 100)
    env.window.close()

    again = make_window(qtbot, tmp_path)
    assert _card_points(again) == pytest.approx(larger)
    qtbot.keyClick(again.window, Qt.Key.Key_0, Qt.KeyboardModifier.ControlModifier)
    assert _card_points(again) == pytest.approx(normal)


def test_text_size_stops_at_its_smallest_and_largest_steps(qtbot: QtBot, tmp_path: Path) -> None:
    """Holding Ctrl+- never makes the text vanish; holding Ctrl+= never runs past 300%."""
    env = make_window(qtbot, tmp_path, demo=True)
    sizes = [env.window.reviewer.zoom(-1) for _ in range(len(STEPS) + 2)]
    assert sizes[-1] == STEPS[0] == min(sizes)
    sizes = [env.window.reviewer.zoom(1) for _ in range(len(STEPS) + 2)]
    assert sizes[-1] == STEPS[-1] == max(sizes)


def _inside(widget: QWidget, window: QWidget) -> bool:
    top_left = widget.mapTo(window, QPoint(0, 0))
    return window.rect().contains(top_left) and window.rect().contains(
        top_left + QPoint(widget.width() - 1, widget.height() - 1)
    )


def _text_fits(button: QPushButton) -> bool:
    metrics = button.fontMetrics()
    widest = max(metrics.horizontalAdvance(line) for line in button.text().split("\n"))
    return widest <= button.width()


def test_a_420_by_320_window_shows_every_button_whole(qtbot: QtBot, tmp_path: Path) -> None:
    """On a netbook-sized window every answer and tool button is inside the window with its
    whole label (short forms: the keys stay in the tooltips and in Help)."""
    env = make_window(qtbot, tmp_path, demo=True)
    env.window.resize(420, 320)
    _study(env, qtbot)
    qtbot.waitUntil(lambda: env.window.size().width() == 420)
    assert env.window.height() == 320
    reviewer = env.window.reviewer
    assert reviewer.compact
    buttons = [*reviewer.answer_buttons.values(), reviewer.undo_button, reviewer.decks_button]
    buttons += [reviewer.bury_button, reviewer.suspend_button, reviewer.edit_button]
    for button in buttons:
        assert button.isVisible() and _inside(button, env.window), button.text()
        assert _text_fits(button), button.text()
    assert reviewer.view.height() > 80  # the card itself still has room


def test_a_wide_window_keeps_lines_readable(qtbot: QtBot, tmp_path: Path) -> None:
    """At 2560×1440 the card's lines stay about 75 characters long, centred, and the answer
    buttons stay together instead of spreading over the whole screen."""
    env = make_window(qtbot, tmp_path, demo=True)
    env.window.resize(2560, 1440)
    _study(env, qtbot)
    qtbot.waitUntil(lambda: env.window.width() == 2560)
    reviewer = env.window.reviewer
    assert not reviewer.compact
    assert reviewer.undo_button.text() == "Undo (Ctrl+Z)"
    view = reviewer.view
    frame = view.document().rootFrame().frameFormat()
    column = view.viewport().width() - frame.leftMargin() - frame.rightMargin()
    chars = view.fontMetrics().averageCharWidth()
    assert READABLE_CHARACTERS * chars * 0.9 <= column <= READABLE_CHARACTERS * chars
    assert frame.leftMargin() == pytest.approx(frame.rightMargin())
    assert reviewer.bottom.width() < env.window.width() / 2


_HIGH_DPI_SCRIPT = """
import json, sys
from datetime import UTC, datetime
from pathlib import Path
from glosscards.collection import Collection
from glosscards.ui.app import create_app
from glosscards.ui.main_window import MainWindow
app = create_app()
now = datetime(2025, 3, 1, 12, tzinfo=UTC)
col = Collection.open(Path(sys.argv[1]), tz=UTC)
col.import_glossary(Path(sys.argv[2]), now=now)
window = MainWindow(col, clock=lambda: now)
window.resize(380, 280)  # the offscreen screen: 800×600 pixels, 400×300 at 2×
window.show()
window.study(None)
window.reviewer.show_answer()
app.processEvents()
image = window.grab()
print(json.dumps({
    "ratio": image.devicePixelRatio(),
    "pixels": [image.width(), image.height()],
    "logical": [window.width(), window.height()],
    "card_pixels": window.reviewer.view.grab().width(),
}))
window.close()
"""


def test_a_high_dpi_screen_draws_at_twice_the_pixels(tmp_path: Path) -> None:
    """With a scale factor of 2 (a 4K screen at 200%), the window draws with twice as many
    pixels each way at the same logical size: nothing is sized in device pixels."""
    env = {
        **os.environ,
        "QT_QPA_PLATFORM": "offscreen",
        "QT_SCALE_FACTOR": "2",
        "XDG_CONFIG_HOME": str(tmp_path / "config"),
    }
    script = tmp_path / "high_dpi.py"
    script.write_text(_HIGH_DPI_SCRIPT, encoding="utf-8")
    demo = ROOT / "resources" / "demo-glossary.txt"
    result = subprocess.run(
        [sys.executable, str(script), str(tmp_path / "c.db"), str(demo)],
        capture_output=True,
        text=True,
        env=env,
        check=True,
        cwd=ROOT,
    )
    drawn = json.loads(result.stdout.strip().splitlines()[-1])
    assert drawn["ratio"] == 2
    assert drawn["pixels"] == [2 * n for n in drawn["logical"]]
    assert drawn["logical"] == [380, 280]
