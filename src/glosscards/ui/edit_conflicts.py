"""The import preview's question about cards the learner edited whose glossary entry changed.

Each such term is listed with a tick box: ticked keeps the learner's edit — the default, so an
import never loses an edit unasked — and unticked takes the glossary's new version. "Keep all my
edits" and "Take all the glossary's" set every box. The selected term's two versions are shown
side by side, as the Edit dialog shows the fields. :meth:`EditConflicts.replaced` is what the
import dialog passes to ``Collection.import_glossary(replace_edits=...)``.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from glosscards.note_edit import for_editing
from glosscards.values import EditConflict, ImportReport

__all__ = ["EditConflicts", "edits_summary", "version_text"]

_CHECKED, _UNCHECKED = Qt.CheckState.Checked, Qt.CheckState.Unchecked


def version_text(text: str, back_extra: str) -> str:
    """One version of a note, as the preview shows it: the Text, then the Back Extra."""
    return f"{for_editing(text)}\n\n— Back Extra —\n{for_editing(back_extra)}"


def edits_summary(report: ImportReport) -> str:
    """After an import: what became of the edited cards whose entry changed ("" if none)."""
    if not report.edited_changed:
        return ""
    replaced = len(report.edits_replaced)
    kept = len(report.edited_changed) - replaced
    parts = []
    if kept:
        parts.append(f"kept your edit of {kept} card{'s' if kept != 1 else ''}")
    if replaced:
        parts.append(f"{replaced} edited card{'s' if replaced != 1 else ''} took the glossary's")
    return "; ".join(parts)


def _viewer() -> QPlainTextEdit:
    view = QPlainTextEdit()
    view.setReadOnly(True)
    view.setLineWrapMode(QPlainTextEdit.LineWrapMode.WidgetWidth)
    return view


class EditConflicts(QWidget):
    """Hidden unless the previewed import meets edited cards (:meth:`fill`)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._versions: dict[str, EditConflict] = {}
        self.question = QLabel()
        self.question.setWordWrap(True)
        self.terms = QListWidget()
        self.terms.currentItemChanged.connect(self._show_versions)
        self.mine = _viewer()
        self.glossary = _viewer()
        self.keep_all_button = QPushButton("&Keep all my edits")
        self.keep_all_button.clicked.connect(lambda: self.set_all(keep=True))
        self.take_all_button = QPushButton("Take all the &glossary's")
        self.take_all_button.clicked.connect(lambda: self.set_all(keep=False))
        versions = QGridLayout()
        versions.addWidget(QLabel("Your edit"), 0, 0)
        versions.addWidget(QLabel("The glossary's new version"), 0, 1)
        versions.addWidget(self.mine, 1, 0)
        versions.addWidget(self.glossary, 1, 1)
        row = QHBoxLayout()
        row.addWidget(self.terms, 1)
        row.addLayout(versions, 3)
        buttons = QHBoxLayout()
        buttons.addWidget(self.keep_all_button)
        buttons.addWidget(self.take_all_button)
        buttons.addStretch()
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.question)
        layout.addLayout(row, 1)
        layout.addLayout(buttons)
        self.hide()

    def fill(self, report: ImportReport) -> None:
        """List the report's edited terms whose entry changed, each ticked: keep the edit."""
        self._versions = dict(report.edit_versions)
        self.terms.clear()
        for name in report.edited_changed:
            item = QListWidgetItem(name)
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            item.setCheckState(_CHECKED)
            self.terms.addItem(item)
        count = len(report.edited_changed)
        self.question.setText(
            f"You edited {count} card{'s' if count != 1 else ''} whose glossary entry changed."
            " Ticked: keep your edit. Unticked: take the glossary's new version."
        )
        self.setVisible(count > 0)
        if count:
            self.terms.setCurrentRow(0)

    def set_all(self, *, keep: bool) -> None:
        for i in range(self.terms.count()):
            self.terms.item(i).setCheckState(_CHECKED if keep else _UNCHECKED)

    def replaced(self) -> frozenset[str]:
        """The terms whose edit is to give way to the glossary's new version (unticked)."""
        items = (self.terms.item(i) for i in range(self.terms.count()))
        return frozenset(item.text() for item in items if item.checkState() == _UNCHECKED)

    def _show_versions(self, item: QListWidgetItem | None, _old: object = None) -> None:
        found = None if item is None else self._versions.get(item.text())
        if found is None:
            self.mine.clear()
            self.glossary.clear()
            return
        self.mine.setPlainText(version_text(found.text, found.back_extra))
        self.glossary.setPlainText(version_text(found.glossary_text, found.glossary_back_extra))
