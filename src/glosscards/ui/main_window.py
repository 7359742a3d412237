"""The main window: the deck list (or, for an empty collection, what to do first), the reviewer,
and the menus that open the other screens.

Everything a test must control is injected: the clock, the dialogs (:class:`Dialogs`), the
function that opens web links, and where the demo glossary is.
"""

from __future__ import annotations

import sqlite3
import time
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from PySide6.QtCore import QSize, Qt
from PySide6.QtGui import QAction, QCloseEvent, QKeySequence
from PySide6.QtWidgets import QMainWindow, QStackedWidget

from glosscards.collection import Collection
from glosscards.custom_study import CustomSession, CustomStudy
from glosscards.errors import GlosscardsError
from glosscards.paths import backups_dir
from glosscards.ui.card_view import UrlOpener, open_in_system_browser
from glosscards.ui.deck_actions import DeckActions
from glosscards.ui.deck_list import DeckCounts, DeckListPage, EmptyPage
from glosscards.ui.dialogs import Dialogs
from glosscards.ui.formatting import describe_error
from glosscards.ui.reviewer import Reviewer
from glosscards.ui.window_memory import remember_place

__all__ = ["Clock", "MainWindow", "find_demo_glossary", "utc_now"]

Clock = Callable[[], datetime]


def utc_now() -> datetime:
    """The wall clock, read only here in the UI shell; the core takes time as an argument."""
    return datetime.now(UTC)


def find_demo_glossary() -> Path | None:
    """``resources/demo-glossary.txt`` of a source checkout, or None when it is not there."""
    here = Path(__file__).resolve()
    for root in (here.parents[3], Path.cwd()):
        candidate = root / "resources" / "demo-glossary.txt"
        if candidate.is_file():
            return candidate
    return None


class MainWindow(QMainWindow):
    def __init__(
        self,
        col: Collection,
        *,
        clock: Clock = utc_now,
        dialogs: Dialogs | None = None,
        open_url: UrlOpener = open_in_system_browser,
        demo_path: Path | None = None,
        ticker: Callable[[], float] = time.monotonic,
    ) -> None:
        super().__init__()
        self.col = col
        self.clock = clock
        self.dialogs = dialogs or Dialogs()
        self._open_url = open_url
        self._ticker = ticker
        self.demo_path = demo_path if demo_path is not None else find_demo_glossary()
        self.browser: Any = None
        self.stats: Any = None
        self.dialog: Any = None  # the import/export/settings dialog open now, if any

        self.empty_page = EmptyPage()
        self.empty_page.demoRequested.connect(self.import_demo)
        self.empty_page.importRequested.connect(lambda: self.open_import())
        self.empty_page.demo_button.setVisible(self.demo_path is not None)
        self.deck_page = DeckListPage()
        self.deck_page.studyRequested.connect(self.study)
        self.pages = QStackedWidget()
        self.pages.addWidget(self.empty_page)
        self.pages.addWidget(self.deck_page)
        self.reviewer = self._make_reviewer()
        self.setCentralWidget(self.pages)
        self._build_menus()
        self.deck_actions = DeckActions(self)
        self._build_help_menu()  # after the Deck menu: Help comes last
        self.pages.currentChanged.connect(lambda _index: self.deck_actions.update_enabled())
        remember_place(self, "main", QSize(820, 600))
        self._update_title()
        self.refresh()

    def _make_reviewer(self) -> Reviewer:
        reviewer = Reviewer(
            self.col, self.clock, ticker=self._ticker, open_url=self._open_url, dialogs=self.dialogs
        )
        reviewer.closed.connect(self.show_decks)
        reviewer.termRequested.connect(lambda name: self.open_browser(term=name))
        reviewer.browseRequested.connect(lambda: self.open_browser())
        reviewer.customStudyRequested.connect(lambda: self.open_custom_study(self.reviewer.deck))
        reviewer.message.connect(lambda text: self.statusBar().showMessage(text, 6000))
        reviewer.failed.connect(lambda text: self.dialogs.error(self, "Not saved", text))
        reviewer.changed.connect(self._review_changed)
        reviewer.editor.saved.connect(lambda card_id, _before: self._note_edited(card_id))
        self.pages.addWidget(reviewer)
        return reviewer

    def _action(
        self, menu_title: str, text: str, slot: Callable[[], object], shortcut: str | None = None
    ) -> QAction:
        menu = self._menus.get(menu_title)
        if menu is None:
            menu = self.menuBar().addMenu(menu_title)
            self._menus[menu_title] = menu
        action = QAction(text, self)
        if shortcut:
            action.setShortcut(QKeySequence(shortcut))
        action.triggered.connect(lambda _checked=False: slot())
        menu.addAction(action)
        return action

    def _build_menus(self) -> None:
        self._menus: dict[str, Any] = {}
        self.import_action = self._action("&File", "&Import glossary…", self.open_import, "Ctrl+I")
        self.export_action = self._action("&File", "&Export to Anki…", self.open_export, "Ctrl+E")
        self.sync_action = self._action("&File", "S&ync…", self.sync, "Ctrl+Y")
        self.sync_login_action = self._action(
            "&File", "&Log in to another server…", lambda: self.sync(login=True)
        )
        self._menus["&File"].addSeparator()
        self.backup_action = self._action("&File", "&Back up now", self.back_up)
        self.restore_action = self._action("&File", "&Open backup…", self.open_backup)
        self._menus["&File"].addSeparator()
        self._action("&File", "&Quit", self.close, "Ctrl+Q")
        self.undo_action = self._action("&Edit", "&Undo", self.undo, "Ctrl+Z")
        self._menus["&Edit"].aboutToShow.connect(self.update_undo_action)
        self.edit_action = self._action("&Edit", "&Edit card…", self.edit_card, "E")
        self.zoom_in_action = self._action(
            "&View", "&Larger card text", lambda: self.reviewer.zoom(1), "Ctrl+="
        )
        self.zoom_in_action.setShortcuts([QKeySequence("Ctrl+="), QKeySequence("Ctrl++")])
        self.zoom_out_action = self._action(
            "&View", "&Smaller card text", lambda: self.reviewer.zoom(-1), "Ctrl+-"
        )
        self.zoom_reset_action = self._action(
            "&View", "&Normal card text", lambda: self.reviewer.zoom(0), "Ctrl+0"
        )
        self.browse_action = self._action("&Tools", "&Browse", lambda: self.open_browser(), "B")
        self.stats_action = self._action("&Tools", "&Statistics", self.open_stats, "Shift+S")
        # "/" as on Anki's deck screen; only there, so the reviewer keeps "/" for its summary.
        self.custom_study_action = self._action(
            "&Tools", "&Custom study…", lambda: self.open_custom_study(self._listed_deck()), "/"
        )
        self.pages.currentChanged.connect(lambda _index: self._enable_custom_study())
        self._enable_custom_study()
        self.settings_action = self._action(
            "&Settings", "&Study settings…", self.open_settings, "Ctrl+,"
        )

    def _build_help_menu(self) -> None:
        self.shortcuts_action = self._action(
            "&Help", "&Keyboard shortcuts", lambda: self._show_help("shortcuts"), "F1"
        )
        self.guide_action = self._action(
            "&Help", "&First session", lambda: self._show_help("first session")
        )
        self.about_action = self._action(
            "&Help", "&About glosscards", lambda: self._show_help("about")
        )
        self.about_action.setMenuRole(QAction.MenuRole.AboutRole)

    def _show_help(self, which: str) -> Any:
        """A Help menu's dialog (its module loads when first asked for, not at start-up)."""
        from glosscards.ui import help_dialogs

        if which == "shortcuts":
            return self.show_dialog(help_dialogs.ShortcutsDialog(self))
        if which == "first session":
            return self.show_dialog(help_dialogs.FirstSessionDialog(self))
        return self.show_dialog(help_dialogs.AboutDialog(self.col.path, self))

    def _update_title(self) -> None:
        # The collection's name alone: Qt adds the application's display name where the
        # platform shows it (X11, Windows: "collection.db — glosscards"), so naming the app here
        # too read "glosscards — collection.db — glosscards".
        self.setWindowTitle(self.col.path.name)

    # -- pages ---------------------------------------------------------------------------------

    def refresh(self) -> None:
        """Re-read the decks and their counts (after an import, a review, a suspend)."""
        self.update_undo_action()
        decks = self.col.decks()
        if not decks:
            self.pages.setCurrentWidget(self.empty_page)
            self.empty_page.setFocus()
            return
        now = self.clock()
        rows = [DeckCounts(None, self.col.counts(now))]
        rows += [DeckCounts(deck, self.col.counts(now, deck=deck.id)) for deck in decks]
        self.deck_page.set_rows(rows)
        if self.pages.currentWidget() is not self.reviewer:
            self.pages.setCurrentWidget(self.deck_page)
            self.deck_page.setFocus()

    def _review_changed(self) -> None:
        """An answer or an undo: the deck counts change (the reviewer shows its own)."""
        if self.pages.currentWidget() is not self.reviewer:
            self.refresh()
        else:
            self.update_undo_action()

    def undo(self) -> None:
        """Ctrl+Z, from any page: take back the collection's last step of today (this session's
        or an earlier one's, the reviewer's or the browser's); a card it brings back is shown."""
        away = self.pages.currentWidget() is not self.reviewer
        if self.reviewer.undo(follow=away):
            self.pages.setCurrentWidget(self.reviewer)
            self.reviewer.setFocus()
        self.update_undo_action()

    def update_undo_action(self) -> None:
        """Edit → Undo names what it would take back ("Undo answer to 'Activation Layer'"), or
        is a plain, disabled "Undo" when nothing of today can be undone."""
        step = self.col.undo_step(self.clock())
        if step is None:
            self.undo_action.setText("&Undo")
        else:  # a term's "&" is a letter, not the menu's shortcut mark
            self.undo_action.setText(f"&Undo {step.description.replace('&', '&&')}")
        self.undo_action.setEnabled(step is not None)

    def _browser_note_edited(self, card_id: int) -> None:
        """An edit saved in the browser: the reviewer shows it, and Edit → Undo offers it."""
        self.reviewer.note_changed(card_id)
        self.update_undo_action()

    def edit_card(self) -> None:
        """E, or Edit → Edit card: edit the card being studied (the browser has its own E)."""
        if self.pages.currentWidget() is self.reviewer and self.reviewer.current is not None:
            self.reviewer.edit()
        else:
            self.statusBar().showMessage("Study or browse (B) to choose a card to edit", 6000)

    def _note_edited(self, card_id: int) -> None:
        if self.browser is not None:
            self.browser.note_changed(card_id)
        self.update_undo_action()

    def show_decks(self) -> None:
        self.pages.setCurrentWidget(self.deck_page)
        self.refresh()
        self.deck_page.setFocus()

    def study(self, deck: int | None = None) -> None:
        """Start a review session on ``deck`` (an id) or on all decks."""
        self.pages.setCurrentWidget(self.reviewer)
        self.reviewer.start(deck)
        self.reviewer.setFocus()

    # -- dialogs -------------------------------------------------------------------------------

    def show_dialog(self, dialog: Any) -> Any:
        self.dialog = dialog
        dialog.finished.connect(lambda _result: self._dialog_closed(dialog))
        dialog.open()  # window-modal without a nested event loop: tests never block
        return dialog

    def _dialog_closed(self, dialog: Any) -> None:
        if self.dialog is dialog:
            self.dialog = None
        dialog.deleteLater()
        self.refresh()

    def open_import(self, path: Path | None = None, *, apply_at_once: bool = False) -> Any:
        from glosscards.ui.import_dialog import ImportDialog

        dialog = ImportDialog(
            self.col, self.clock, self.dialogs, self, path=path, apply_at_once=apply_at_once
        )
        dialog.imported.connect(lambda _report: self._collection_changed())
        self.show_dialog(dialog)
        if path is not None:
            dialog.preview()
        return dialog

    def _collection_changed(self) -> None:
        """An import, a sync, or a suspend in the browser, may have changed, suspended or
        retired the card on screen: start the session anew."""
        if self.pages.currentWidget() is self.reviewer and self.reviewer.state != "done":
            self.reviewer.start(self.reviewer.deck, self.reviewer.session)
        self.refresh()

    def import_demo(self) -> Any:
        """One click: import the demo glossary (a preview, applied at once)."""
        if self.demo_path is None:
            self.dialogs.error(self, "No demo glossary", "The demo glossary is not installed.")
            return None
        return self.open_import(self.demo_path, apply_at_once=True)

    def open_export(self) -> Any:
        from glosscards.ui.export_dialog import ExportDialog

        return self.show_dialog(ExportDialog(self.col, self.dialogs, self, directory=Path.home()))

    def sync(self, *, login: bool = False) -> Any:
        """Ctrl+Y: sync with the kept login, or ask for one first (always with ``login``)."""
        from glosscards.ui.sync_dialog import SyncDialog

        dialog = SyncDialog(self.col, self.clock, self.dialogs, self)
        dialog.ended.connect(self._collection_changed)  # answers from the phone: as an import
        self.show_dialog(dialog)
        if login:
            dialog.show_login()
        else:
            dialog.sync_now()
        return dialog

    def open_settings(self) -> Any:
        from glosscards.ui.settings_dialog import SettingsDialog

        dialog = SettingsDialog(self.col, self.dialogs, self)
        dialog.accepted.connect(self._settings_changed)
        return self.show_dialog(dialog)

    def _settings_changed(self) -> None:
        if self.pages.currentWidget() is self.reviewer and self.reviewer.state != "done":
            self.reviewer.start(self.reviewer.deck, self.reviewer.session)

    # -- tools ---------------------------------------------------------------------------------

    def open_custom_study(self, deck: int | None = None) -> Any:
        """The custom study dialog for ``deck`` (an id; None: all decks); the session chosen
        is studied at once (:meth:`study_custom`)."""
        from glosscards.ui.custom_study_dialog import CustomStudyDialog

        dialog = CustomStudyDialog(self.col, deck, self.clock, self)
        dialog.sessionChosen.connect(self.study_custom)
        return self.show_dialog(dialog)

    def study_custom(self, session: CustomSession) -> None:
        """Start a custom study session: ``MORE_NEW`` raises today's new-card limit and studies
        the deck as usual; the others are studied as a session of their own."""
        try:
            count = self.col.start_custom_study(session, self.clock())
        except GlosscardsError as error:
            self.dialogs.error(self, "Custom study", describe_error(error))
            return
        if session.kind is CustomStudy.MORE_NEW:
            self.statusBar().showMessage(f"{count} more new cards today", 6000)
            self.study(session.deck)
            return
        self.pages.setCurrentWidget(self.reviewer)
        self.reviewer.start(session.deck, session)
        self.reviewer.setFocus()

    def _listed_deck(self) -> int | None:
        """The deck selected in the deck list (None: All decks, or no selection)."""
        row = self.deck_page.selected()
        return None if row is None or row.deck is None else row.deck.id

    def _enable_custom_study(self) -> None:
        self.custom_study_action.setEnabled(self.pages.currentWidget() is self.deck_page)

    def open_browser(self, term: str | None = None) -> Any:
        from glosscards.ui.browser import BrowserWindow

        if self.browser is None:
            self.browser = BrowserWindow(
                self.col, self.clock, self, open_url=self._open_url, dialogs=self.dialogs
            )
            self.browser.changed.connect(self._collection_changed)
            self.browser.noteEdited.connect(self._browser_note_edited)
            self.browser.run_search("")
        if term is not None:
            self.browser.show_term(term)
        self.browser.show()
        self.browser.raise_()
        self.browser.activateWindow()
        return self.browser

    def open_stats(self) -> Any:
        from glosscards.ui.stats_window import StatsWindow  # QtCharts loads only when asked

        if self.stats is not None:
            self.stats.close()
        self.stats = StatsWindow(self.col, clock=self.clock, parent=self)
        self.stats.setWindowFlag(Qt.WindowType.Window)
        self.stats.term_activated.connect(self.open_browser)
        self.stats.show()
        self.stats.activateWindow()  # its keys (Esc, Ctrl+W) work at once
        return self.stats

    # -- backups -------------------------------------------------------------------------------

    def back_up(self) -> Path | None:
        try:
            path = self.col.backup(self.clock())
        except (GlosscardsError, OSError, sqlite3.Error) as error:
            self.dialogs.error(self, "Backup failed", describe_error(error))
            return None
        self.statusBar().showMessage(f"Backed up to {path}", 8000)
        return path

    def open_backup(self) -> bool:
        """Choose a backup and restore it over the collection (the current state is backed up)."""
        try:
            from glosscards.restore import restore_backup
        except ImportError:
            self.dialogs.info(self, "Open backup", "Restoring backups is not available yet.")
            return False
        folder = backups_dir(self.col.path)
        chosen = self.dialogs.open_path(
            self, "Open a backup", folder, "Backups (*.db);;All files (*)"
        )
        if chosen is None:
            return False
        question = (
            f"Replace the collection with the backup {chosen.name}?\n\n"
            "The current state is backed up first, so this can be undone by opening that backup."
        )
        if not self.dialogs.confirm(self, "Open backup", question):
            return False
        path, tz = self.col.path, self.col.tz
        self._close_tools()
        self.col.close()
        try:
            safety = restore_backup(chosen, path, now=self.clock())
        except (GlosscardsError, OSError, sqlite3.Error) as error:
            self.dialogs.error(self, "Cannot open the backup", describe_error(error))
            safety = None
        try:
            self.col = Collection.open(path, tz=tz)
        except (GlosscardsError, OSError, sqlite3.Error) as error:
            self.dialogs.error(self, "Cannot reopen the collection", describe_error(error))
            self.close()
            return False
        self.pages.removeWidget(self.reviewer)
        self.reviewer.deleteLater()
        self.reviewer = self._make_reviewer()
        self.show_decks()
        if safety is not None:
            self.statusBar().showMessage(f"Restored {chosen.name}; the state before is in {safety}")
        return safety is not None

    def _close_tools(self) -> None:
        for window in (self.browser, self.stats):
            if window is not None:
                window.close()
                window.deleteLater()
        self.browser = self.stats = None

    def closeEvent(self, event: QCloseEvent) -> None:
        if self.dialog is not None and getattr(self.dialog, "busy", False):
            event.ignore()
            return
        self._close_tools()
        self.col.close()
        super().closeEvent(event)
