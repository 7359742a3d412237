"""Import a glossary: choose a file → see what will change → Apply with progress → summary.

The preview is a dry run (nothing written); only Apply writes, in one transaction preceded by a
backup. Both run off the UI thread. A file that cannot be read is reported in a dialog naming
the file and the problem, and the dialog returns to the first step. Cards the learner edited
whose entry changed are shown in both versions, to keep the edit or take the glossary's
(:mod:`glosscards.ui.edit_conflicts`).
"""

from __future__ import annotations

import html
from collections.abc import Callable
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QSize, Qt, Signal
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QProgressBar,
    QPushButton,
    QSplitter,
    QStackedWidget,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from glosscards.collection import Collection
from glosscards.ui.deck_chooser import ChosenDeck, DeckChooser
from glosscards.ui.definition_diff import DefinitionDiff
from glosscards.ui.dialogs import Dialogs
from glosscards.ui.edit_conflicts import EditConflicts, edits_summary
from glosscards.ui.formatting import describe_error
from glosscards.ui.task_dialog import TaskDialog
from glosscards.ui.window_memory import remember_place
from glosscards.ui.workers import ProgressFn
from glosscards.values import ImportReport

if TYPE_CHECKING:
    from glosscards.import_run import PreparedImport

__all__ = ["ImportDialog", "report_sections"]

Clock = Callable[[], datetime]
GLOSSARY_FILTER = "Glossary files (*.txt *.md);;All files (*)"


def report_sections(report: ImportReport) -> list[tuple[str, list[str]]]:
    """The preview's groups, in the order shown: (title, lines). Empty groups are left out.

    Lines of the Changed and Renamed groups are in the order of ``report.changed`` and
    ``report.renames`` (the dialog uses that to find each line's definitions)."""
    renames = [f"{r.old} → {r.new} (matched by {r.matched_by})" for r in report.renames]
    skipped = [
        f"{name} — {report.skipped_reasons[name]}" if name in report.skipped_reasons else name
        for name in report.skipped
    ]
    groups = [
        ("Added", list(report.added)),
        ("Changed", list(report.changed)),
        ("Renamed", renames or list(report.renamed)),
        ("Restored", list(report.restored)),
        ("Removed (their cards are retired, history kept)", list(report.removed)),
        (
            "Re-made by the improved card maker (same entry; answers and edits kept)",
            list(report.remade),
        ),
        ("Skipped", skipped),
    ]
    return [(title, lines) for title, lines in groups if lines]


def _counts_text(report: ImportReport) -> str:
    parts = [f"{count} {name}" for name, count in report.counts.items() if count]
    return ", ".join(parts) or "nothing"


class ImportDialog(TaskDialog):
    """``imported(report)`` is emitted after a successful Apply.

    ``state`` is ``"choose"``, ``"preview"``, ``"applying"`` or ``"done"``. With
    ``apply_at_once`` (the demo glossary) the preview is applied as soon as it is ready.
    """

    imported = Signal(object)

    def __init__(
        self,
        col: Collection,
        clock: Clock,
        dialogs: Dialogs,
        parent: QWidget | None = None,
        *,
        path: Path | None = None,
        apply_at_once: bool = False,
    ) -> None:
        super().__init__(dialogs, parent)
        self.setWindowTitle("Import a glossary")
        remember_place(self, "import", QSize(620, 520))
        self._col = col
        self._clock = clock
        self._apply_at_once = apply_at_once
        self.report: ImportReport | None = None
        self.prepared: PreparedImport | None = None
        """The preview Apply writes (its plan is not made again unless something changed)."""
        self._deck: ChosenDeck = (None, False)  # as found by content, until one is chosen
        self.state = "choose"
        self.pages = QStackedWidget()
        self.pages.addWidget(self._choose_page(path))
        self.pages.addWidget(self._preview_page())
        self.pages.addWidget(self._progress_page())
        self.pages.addWidget(self._done_page())
        layout = QVBoxLayout(self)
        layout.addWidget(self.pages)

    # -- pages ---------------------------------------------------------------------------------

    def _choose_page(self, path: Path | None) -> QWidget:
        page = QWidget()
        self.path_edit = QLineEdit(str(path) if path else "")
        self.path_edit.setPlaceholderText("A glossary .txt file, or a folder of Markdown files")
        self.path_edit.returnPressed.connect(self.preview)
        file_button = QPushButton("&File…")
        file_button.clicked.connect(self._browse_file)
        folder_button = QPushButton("F&older…")
        folder_button.clicked.connect(self._browse_folder)
        row = QHBoxLayout()
        row.addWidget(self.path_edit, 1)
        row.addWidget(file_button)
        row.addWidget(folder_button)
        self.preview_button = QPushButton("&Preview changes")
        self.preview_button.setDefault(True)
        self.preview_button.clicked.connect(self.preview)
        cancel = QPushButton("Cancel")
        cancel.clicked.connect(self.reject)
        buttons = QHBoxLayout()
        buttons.addStretch()
        buttons.addWidget(self.preview_button)
        buttons.addWidget(cancel)
        self.choose_status = QLabel("Nothing is written until you apply the import.")
        self.choose_status.setTextFormat(Qt.TextFormat.PlainText)  # it shows paths and errors
        self.choose_status.setWordWrap(True)
        self.preview_progress = QProgressBar()  # moves while the preview reads and matches
        self.preview_progress.setRange(0, 0)
        self.preview_progress.hide()
        layout = QVBoxLayout(page)
        layout.addWidget(QLabel("Glossary to import:"))
        layout.addLayout(row)
        layout.addWidget(self.choose_status)
        layout.addWidget(self.preview_progress)
        layout.addStretch()
        layout.addLayout(buttons)
        self._choose_controls = [self.path_edit, file_button, folder_button, self.preview_button]
        return page

    def _preview_page(self) -> QWidget:
        page = QWidget()
        self.preview_label = QLabel()
        self.preview_label.setWordWrap(True)
        self.deck_chooser = DeckChooser()
        self.deck_chooser.activated.connect(self._deck_chosen)
        self.deck_reason = QLabel()
        self.deck_reason.setTextFormat(Qt.TextFormat.PlainText)  # it names decks
        self.deck_reason.setWordWrap(True)
        deck_row = QHBoxLayout()
        deck_label = QLabel("&Deck:")
        deck_label.setBuddy(self.deck_chooser)
        deck_row.addWidget(deck_label)
        deck_row.addWidget(self.deck_chooser, 1)
        self.changes = QTreeWidget()
        self.changes.setHeaderHidden(True)
        self.changes.currentItemChanged.connect(self._show_definition_change)
        self.diff_view = DefinitionDiff()
        self.apply_button = QPushButton("&Apply")
        self.apply_button.setDefault(True)
        self.apply_button.clicked.connect(self.apply)
        back = QPushButton("&Back")
        back.clicked.connect(lambda: self._go("choose"))
        cancel = QPushButton("Cancel")
        cancel.clicked.connect(self.reject)
        buttons = QHBoxLayout()
        buttons.addStretch()
        for button in (self.apply_button, back, cancel):
            buttons.addWidget(button)
        self.edit_conflicts = EditConflicts()
        split = QSplitter(Qt.Orientation.Vertical)
        split.addWidget(self.changes)
        split.addWidget(self.diff_view)
        split.addWidget(self.edit_conflicts)
        split.setSizes([320, 120, 240])
        layout = QVBoxLayout(page)
        layout.addLayout(deck_row)
        layout.addWidget(self.deck_reason)
        layout.addWidget(self.preview_label)
        layout.addWidget(split, 1)
        layout.addLayout(buttons)
        return page

    def _show_definition_change(self, item: QTreeWidgetItem | None, _old: object = None) -> None:
        """The word diff of the selected changed or renamed term's definition."""
        name = None if item is None else item.data(0, Qt.ItemDataRole.UserRole)
        texts = None if self.report is None or name is None else self.report.definitions.get(name)
        self.diff_view.show_texts(texts)

    def _progress_page(self) -> QWidget:
        page = QWidget()
        self.progress_label = QLabel("Importing…")
        self.progress = QProgressBar()
        self.progress.setRange(0, 0)
        layout = QVBoxLayout(page)
        layout.addStretch()
        layout.addWidget(self.progress_label)
        layout.addWidget(self.progress)
        layout.addStretch()
        return page

    def _done_page(self) -> QWidget:
        return self.summary_page()  # rich text: the file's name is escaped where it is set

    def _go(self, state: str) -> None:
        self.state = state
        index = {"choose": 0, "preview": 1, "applying": 2, "done": 3}[state]
        self.pages.setCurrentIndex(index)
        focus = {
            0: self.path_edit,
            1: self.apply_button,
            2: self.progress,
            3: self.close_button,
        }[index]
        focus.setFocus()

    def set_busy(self, busy: bool) -> None:
        for widget in (*self._choose_controls, self.apply_button):
            widget.setEnabled(not busy)

    # -- actions -------------------------------------------------------------------------------

    def _browse_file(self) -> None:
        start = (
            Path(self.path_edit.text()).expanduser().parent
            if self.path_edit.text()
            else Path.home()
        )
        chosen = self.dialogs.open_path(self, "Choose a glossary", start, GLOSSARY_FILTER)
        if chosen is not None:
            self.path_edit.setText(str(chosen))
            self.preview()

    def _browse_folder(self) -> None:
        chosen = self.dialogs.open_folder(self, "Choose a Markdown glossary folder", Path.home())
        if chosen is not None:
            self.path_edit.setText(str(chosen))
            self.preview()

    def selected_path(self) -> Path | None:
        text = self.path_edit.text().strip()
        return Path(text).expanduser() if text else None

    def preview(self) -> None:
        """Dry-run the import of the chosen file into the deck its content matches."""
        self._deck = (None, False)
        self._preview()

    def _deck_chosen(self, _index: int) -> None:
        """Preview again into the deck chosen in the chooser."""
        self._deck = self.deck_chooser.choice()
        self._preview()

    def _preview(self) -> None:
        path = self.selected_path()
        if path is None or self.busy:
            self.choose_status.setText("Choose a glossary file first.")
            return
        self.choose_status.setText(f"Reading {path}…")
        deck, new_deck = self._deck

        def work(progress: ProgressFn) -> Any:
            return self._col.preview_import(path, deck=deck, new_deck=new_deck, progress=progress)

        self.preview_progress.setRange(0, 0)
        self.preview_progress.show()
        self.run_task(
            work,
            on_success=self._show_preview,
            on_failure=self._failed,
            on_progress=self._preview_progressed,
        )

    def _preview_progressed(self, done: int, total: int) -> None:
        self.preview_progress.setRange(0, max(total, 1))
        self.preview_progress.setValue(done)

    def _show_preview(self, prepared: PreparedImport) -> None:
        self.preview_progress.hide()
        self.prepared = prepared
        report = self.report = prepared.report
        self.choose_status.setText("Nothing is written until you apply the import.")
        self.deck_chooser.fill(report, self._col.decks())
        self.deck_reason.setText(f"{report.deck_reason[:1].upper()}{report.deck_reason[1:]}.")
        self.changes.clear()
        self.edit_conflicts.fill(report)
        names = {"Changed": report.changed, "Renamed": [r.new for r in report.renames]}
        for title, lines in report_sections(report):
            group = QTreeWidgetItem([f"{title} ({len(lines)})"])
            children = [QTreeWidgetItem([line]) for line in lines]
            for child, name in zip(children, names.get(title, ()), strict=False):
                child.setData(0, Qt.ItemDataRole.UserRole, name)
            group.addChildren(children)
            self.changes.addTopLevelItem(group)
            group.setExpanded(len(lines) <= 50)
        if report.writes_nothing and not report.reordered:
            self.preview_label.setText(
                f"<b>{html.escape(report.file.name)}</b> is already up to date: importing it changes nothing "
                f"({_counts_text(report)})."
            )
            self.apply_button.setEnabled(False)
        elif report.writes_nothing:
            self.preview_label.setText(
                f"No term of <b>{html.escape(report.file.name)}</b> changes, but they stand in a new order. "
                "Apply saves it: new cards are introduced in glossary order."
            )
            self.apply_button.setEnabled(True)
        else:
            self.preview_label.setText(
                f"Importing <b>{html.escape(report.file.name)}</b> ({report.format}) will make these changes: "
                f"{_counts_text(report)}. A backup is made first."
            )
            self.apply_button.setEnabled(True)
        self._go("preview")
        if self._apply_at_once and self.apply_button.isEnabled():
            self.apply()

    def apply(self) -> None:
        """Apply the previewed import, off the UI thread, with a progress bar."""
        if self.report is None or self.busy or not self.apply_button.isEnabled():
            return
        path, previewed = self.report.file, self.report.sha256
        deck, new_deck = (self.report.deck, False)  # exactly the deck that was previewed
        replace_edits = self.edit_conflicts.replaced()
        prepared = self.prepared
        now = self._clock()
        self.progress.setRange(0, 0)
        self.progress_label.setText(f"Importing {path.name}…")
        self._go("applying")

        def work(progress: ProgressFn) -> Any:
            return self._col.import_glossary(
                path,
                now=now,
                progress=progress,
                expect_sha256=previewed,
                deck=deck,
                new_deck=new_deck,
                replace_edits=replace_edits,
                prepared=prepared,
            )

        self.run_task(
            work, on_success=self._applied, on_failure=self._failed, on_progress=self._progressed
        )

    def _progressed(self, done: int, total: int) -> None:
        self.progress.setRange(0, max(total, 1))
        self.progress.setValue(done)

    def _applied(self, report: ImportReport) -> None:
        self.report = report
        self.prepared = None  # written: a preview of the collection as it was
        backup = (
            f"<br>The collection was backed up first to {html.escape(str(report.backup))}."
            if report.backup
            else ""
        )
        self.summary_label.setText(
            f"<h3>Imported {html.escape(report.file.name)}</h3><p>{_counts_text(report)}; "
            f"{report.cards_added} new card{'s' if report.cards_added != 1 else ''}"
            f"{f', {report.cards_retired} retired' if report.cards_retired else ''}"
            f"{f'; {edits_summary(report)}' if report.edited_changed else ''}.{backup}</p>"
        )
        self._go("done")
        self.imported.emit(report)

    def _failed(self, error: BaseException) -> None:
        self.preview_progress.hide()
        applying = self.state == "applying"
        self._go("preview" if applying and self.report is not None else "choose")
        title = "Import failed" if applying else "Cannot read the glossary"
        self.choose_status.setText(describe_error(error))
        self.dialogs.error(self, title, describe_error(error) + "\n\nNothing was changed.")
