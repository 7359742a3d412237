"""The Help menu's dialogs: the keyboard shortcuts, a guide to the first session, and About.

Each is a plain dialog with a Close button; Esc closes it too (as every QDialog).
"""

from __future__ import annotations

import html
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path

from PySide6.QtCore import QSize, Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QHeaderView,
    QLabel,
    QTableWidget,
    QTableWidgetItem,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from glosscards.paths import backups_dir
from glosscards.ui.shortcuts import PLACES, SHORTCUTS
from glosscards.ui.window_memory import remember_place

__all__ = ["AboutDialog", "FirstSessionDialog", "ShortcutsDialog", "app_version"]

LICENCE = "AGPL-3.0-or-later"


def app_version() -> str:
    """The installed glosscards version, or a note when it runs uninstalled from a checkout."""
    try:
        return version("glosscards")
    except PackageNotFoundError:
        return "unknown (not installed)"


def _layout(dialog: QDialog, body: QWidget) -> QDialogButtonBox:
    buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
    buttons.rejected.connect(dialog.reject)
    layout = QVBoxLayout(dialog)
    layout.addWidget(body, 1)
    layout.addWidget(buttons)
    return buttons


class ShortcutsDialog(QDialog):
    """Every shortcut of :mod:`glosscards.ui.shortcuts`, grouped by where it works."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Keyboard shortcuts — glosscards")
        self.table = QTableWidget(0, 3)
        self.table.setHorizontalHeaderLabels(["Key", "Where", "What it does"])
        self.table.verticalHeader().setVisible(False)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setWordWrap(False)
        key_font = self.table.font()
        key_font.setBold(True)
        for place in PLACES:
            for shortcut in (s for s in SHORTCUTS if s.where == place):
                row = self.table.rowCount()
                self.table.insertRow(row)
                for column, text in enumerate((shortcut.key_text, place, shortcut.does)):
                    item = QTableWidgetItem(text)
                    if column == 0:
                        item.setFont(key_font)
                    self.table.setItem(row, column, item)
        self.table.resizeColumnsToContents()
        needed = sum(self.table.columnWidth(c) for c in range(3))
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)
        self.table.setCurrentCell(-1, -1)  # no cell looks picked until the learner moves
        note = QLabel("On macOS, Ctrl is the ⌘ Command key.")
        body = QWidget()
        body_layout = QVBoxLayout(body)
        body_layout.setContentsMargins(0, 0, 0, 0)
        body_layout.addWidget(self.table, 1)
        body_layout.addWidget(note)
        self.close_button = _layout(self, body).button(QDialogButtonBox.StandardButton.Close)
        extra = self.table.verticalScrollBar().sizeHint().width() + 8 * self.table.frameWidth()
        layout = self.layout()
        assert layout is not None  # set by _layout
        margins = layout.contentsMargins()
        width = needed + extra + margins.left() + margins.right()
        height = self.table.verticalHeader().defaultSectionSize() * 22
        remember_place(self, "shortcuts", QSize(width, height))

    def keys(self) -> list[str]:
        """The Key column, as shown."""
        items = (self.table.item(row, 0) for row in range(self.table.rowCount()))
        return [item.text() if item is not None else "" for item in items]


FIRST_SESSION_HTML = """
<h2>Your first session</h2>
<p><b>1. Get cards.</b> On an empty collection, <i>Try the demo glossary</i> imports a small
glossary in one click. For your own, use <i>File → Import glossary…</i> (Ctrl+I) and choose the
glossary's text file or its folder of Markdown files. A preview shows what will be made before
anything is written. Each term becomes a cloze card: its definition, with the term blanked out.</p>
<p><b>2. Study.</b> Select a deck and press Enter (or <i>Study</i>). Read the question, recall the
missing term, then press <b>Space</b> to show the answer. Say how well you knew it with
<b>1–4</b>, the keys shown on the buttons:</p>
<ul>
<li><b>Again (1)</b>: you had forgotten it. The card starts over and comes back later today.</li>
<li><b>Hard (2)</b>: you recalled it with serious difficulty. It is drilled again today and its
intervals grow more slowly.</li>
<li><b>Good (3)</b>: you recalled it after a hesitation. The usual next interval; Space on the
answer side means Good.</li>
<li><b>Easy (4)</b>: you knew it at once. A longer interval, and they grow faster.</li>
</ul>
<p>Each button also shows when the card will be due again. A wrong press? <b>Ctrl+Z</b> takes the
last answer back. <b>E</b> edits the card, <b>-</b> buries it until tomorrow, <b>@</b> suspends
it, <b>Esc</b> goes back to the decks. A few minutes a day is enough; stop whenever you like.</p>
<p><b>3. A newer glossary.</b> Import the new version the same way: glosscards matches it entry by
entry, shows what changes, and keeps your progress and your own edits.</p>
<p><b>4. Study on your phone.</b> <i>File → Sync…</i> (Ctrl+Y) syncs both ways with AnkiWeb or your
own Anki sync server: study in AnkiDroid or AnkiMobile and the answers come back here. The first
time, it asks for your login.</p>
<p>Every key is listed under <i>Help → Keyboard shortcuts</i> (F1).</p>
"""


class FirstSessionDialog(QDialog):
    """A short guide: import, study with Space and 1-4, the buttons, re-import, sync."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("First session — glosscards")
        self.text = QTextBrowser()
        self.text.setOpenLinks(False)
        self.text.setHtml(FIRST_SESSION_HTML)
        self.close_button = _layout(self, self.text).button(QDialogButtonBox.StandardButton.Close)
        metrics = self.text.fontMetrics()
        size = QSize(metrics.averageCharWidth() * 90, metrics.height() * 42)
        remember_place(self, "first-session", size)


def about_html(collection: Path) -> str:
    where = html.escape(str(collection))
    backups = html.escape(str(backups_dir(collection)))
    return (
        f"<h2>glosscards {html.escape(app_version())}</h2>"
        "<p>Spaced-repetition flashcards made from a glossary, with SM-2, Anki export and Anki"
        " sync.</p>"
        f"<p>Licence: {LICENCE} (GNU Affero General Public License, version 3 or later).</p>"
        f"<p><b>Collection:</b><br>{where}</p>"
        f"<p><b>Backups:</b><br>{backups}</p>"
    )


class AboutDialog(QDialog):
    """The version, the licence, and where the collection and its backups are."""

    def __init__(self, collection: Path, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("About glosscards")
        self.label = QLabel(about_html(collection))
        self.label.setTextFormat(Qt.TextFormat.RichText)
        self.label.setWordWrap(True)
        self.label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.close_button = _layout(self, self.label).button(QDialogButtonBox.StandardButton.Close)
        self.setMinimumWidth(self.label.fontMetrics().averageCharWidth() * 70)
        remember_place(self, "about", self.sizeHint())
