"""Helpers shared by the UI tests (no tests here): a movable clock, recording dialogs, windows."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path

from PySide6.QtCore import QUrl
from PySide6.QtWidgets import QWidget
from pytestqt.qtbot import QtBot

from glosscards import Collection
from glosscards.ui.dialogs import Dialogs
from glosscards.ui.main_window import MainWindow

ROOT = Path(__file__).resolve().parent.parent
DEMO = ROOT / "resources" / "demo-glossary.txt"
START = datetime(2025, 3, 1, 12, 0, tzinfo=UTC)


@dataclass
class MovableClock:
    """A clock tests set and advance; the UI never reads the wall clock in tests."""

    now: datetime = START

    def __call__(self) -> datetime:
        return self.now

    def advance(self, **kwargs: float) -> None:
        self.now += timedelta(**kwargs)


@dataclass
class Ticker:
    """A monotonic seconds counter for answer times."""

    seconds: float = 100.0

    def __call__(self) -> float:
        return self.seconds


@dataclass
class RecordingDialogs(Dialogs):
    """Answers file choosers and confirmations from preset values and records every message."""

    open_paths: list[Path | None] = field(default_factory=list)
    save_paths: list[Path | None] = field(default_factory=list)
    confirm_answer: bool = True
    errors: list[tuple[str, str]] = field(default_factory=list)
    infos: list[tuple[str, str]] = field(default_factory=list)
    asked: list[str] = field(default_factory=list)
    texts: list[str | None] = field(default_factory=list)

    def open_path(
        self, parent: QWidget | None, title: str, directory: Path, name_filter: str
    ) -> Path | None:
        self.asked.append(f"open:{directory}")
        return self.open_paths.pop(0) if self.open_paths else None

    def open_folder(self, parent: QWidget | None, title: str, directory: Path) -> Path | None:
        return self.open_paths.pop(0) if self.open_paths else None

    def save_path(
        self, parent: QWidget | None, title: str, suggested: Path, name_filter: str
    ) -> Path | None:
        return self.save_paths.pop(0) if self.save_paths else None

    def error(self, parent: QWidget | None, title: str, text: str) -> None:
        self.errors.append((title, text))

    def info(self, parent: QWidget | None, title: str, text: str) -> None:
        self.infos.append((title, text))

    def confirm(self, parent: QWidget | None, title: str, text: str) -> bool:
        self.asked.append(f"confirm:{text}")
        return self.confirm_answer

    def ask_text(
        self, parent: QWidget | None, title: str, label: str, text: str = ""
    ) -> str | None:
        self.asked.append(f"text:{label}")
        return self.texts.pop(0) if self.texts else None


@dataclass
class Env:
    window: MainWindow
    clock: MovableClock
    dialogs: RecordingDialogs
    opened: list[str]
    ticker: Ticker

    @property
    def col(self) -> Collection:
        return self.window.col


def make_window(
    qtbot: QtBot, tmp_path: Path, *, demo: bool = False, clock: MovableClock | None = None
) -> Env:
    """A shown main window on a new collection in ``tmp_path`` (with the demo imported)."""
    clock = clock or MovableClock()
    col = Collection.open(tmp_path / "collection.db", tz=UTC)
    if demo:
        col.import_glossary(DEMO, now=clock.now)
    dialogs = RecordingDialogs()
    opened: list[str] = []
    ticker = Ticker()

    def open_url(url: QUrl) -> bool:
        opened.append(url.toString())
        return True

    window = MainWindow(
        col, clock=clock, dialogs=dialogs, open_url=open_url, demo_path=DEMO, ticker=ticker
    )
    qtbot.addWidget(window)
    window.show()
    window.activateWindow()
    qtbot.waitExposed(window)
    qtbot.waitUntil(window.isActiveWindow)  # menu shortcuts only fire in the active window
    return Env(window, clock, dialogs, opened, ticker)
