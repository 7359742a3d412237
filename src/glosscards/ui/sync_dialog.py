"""File → Sync (Ctrl+Y): two-way sync with AnkiWeb or a self-hosted Anki sync server.

With a login kept from before, the sync starts at once (the server's host key; no password).
Without one — or when the server no longer knows the kept login — the dialog asks for the
server, the user name and the password. The sync itself (:meth:`Collection.sync`) runs off the UI
thread like an import (:class:`TaskDialog`); its phases are shown while it runs, then what moved
(``SyncResult.summary()``), or the one-line reason it failed in an error dialog.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import datetime
from typing import Any

from PySide6.QtCore import QObject, QSize, Qt, Signal, Slot
from PySide6.QtWidgets import (
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QProgressBar,
    QPushButton,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from glosscards.anki_sync import ANKIWEB, SyncResult
from glosscards.collection import Collection
from glosscards.errors import SyncFailedError
from glosscards.ui.dialogs import Dialogs
from glosscards.ui.formatting import describe_error
from glosscards.ui.task_dialog import TaskDialog
from glosscards.ui.window_memory import remember_place
from glosscards.ui.workers import ProgressFn

__all__ = ["LOGIN_NOTE", "SyncDialog", "server_argument"]

Clock = Callable[[], datetime]

LOGIN_NOTE = (
    "Notes come from your glossary: edits made in Anki on another device are replaced by "
    "glosscards' text. Your password is not stored; only the server's login key is kept."
)

_URL = re.compile(r"https?://[^\s/]+", re.IGNORECASE)


def server_argument(text: str) -> str | None:
    """What the server field means for :meth:`Collection.sync`: ``""`` for AnkiWeb (also when
    the kept login is another server's), a URL ending in ``/``, or None when it is neither."""
    text = text.strip()
    if not text or text.casefold() == ANKIWEB.casefold():
        return ""
    if not _URL.match(text):
        return None
    return text if text.endswith("/") else text + "/"


def _not_logged_in(error: BaseException) -> bool:
    return isinstance(error, SyncFailedError) and error.reason.startswith("not logged in")


class _Phases(QObject):
    """Carries the phase names the sync reports from its thread to the dialog (queued)."""

    said = Signal(str)


class SyncDialog(TaskDialog):
    """``synced(result)`` is emitted after a sync that ended well; ``ended`` after every sync,
    also one that failed (what it wrote before failing is whole: the screens must re-read it).

    ``state`` is ``"login"`` (asking for server, user name and password), ``"syncing"`` or
    ``"done"``. :meth:`sync_now` is File → Sync; :meth:`show_login` logs in to another server.
    """

    synced = Signal(object)
    ended = Signal()

    def __init__(
        self,
        col: Collection,
        clock: Clock,
        dialogs: Dialogs,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(dialogs, parent)
        self.setWindowTitle("Sync with Anki")
        remember_place(self, "sync", QSize(520, 260))
        self._col = col
        self._clock = clock
        self.state = "login"
        self.sync_result: SyncResult | None = None
        self.phases: list[str] = []
        self._relay = _Phases(self)
        self._relay.said.connect(self._phase)
        self.pages = QStackedWidget()
        self.pages.addWidget(self._login_page())
        self.pages.addWidget(self._progress_page())
        self.pages.addWidget(self._done_page())
        layout = QVBoxLayout(self)
        layout.addWidget(self.pages)

    # -- pages ---------------------------------------------------------------------------------

    def _login_page(self) -> QWidget:
        page = QWidget()
        kept = self._col.sync_login()
        self.server_edit = QLineEdit(kept.get("endpoint") or ANKIWEB)
        self.server_edit.setPlaceholderText(f"{ANKIWEB}, or http://192.168.1.5:8080/")
        self.server_edit.setToolTip(
            f"{ANKIWEB}, or the address of your own Anki sync server (python -m anki.syncserver)"
        )
        self.user_edit = QLineEdit(kept.get("username", ""))
        self.user_edit.setPlaceholderText("the user name (e-mail address for AnkiWeb)")
        self.password_edit = QLineEdit()
        self.password_edit.setEchoMode(QLineEdit.EchoMode.Password)
        form = QFormLayout()
        form.addRow("&Server:", self.server_edit)
        form.addRow("&User name:", self.user_edit)
        form.addRow("&Password:", self.password_edit)
        self.note = QLabel(LOGIN_NOTE)
        self.note.setWordWrap(True)
        self.login_status = QLabel()
        self.login_status.setTextFormat(Qt.TextFormat.PlainText)  # it shows server replies
        self.login_status.setWordWrap(True)
        self.sync_button = QPushButton("&Sync")
        self.sync_button.setDefault(True)
        self.sync_button.clicked.connect(self.log_in)
        cancel = QPushButton("Cancel")
        cancel.clicked.connect(self.reject)
        buttons = QDialogButtonBox()
        buttons.addButton(self.sync_button, QDialogButtonBox.ButtonRole.AcceptRole)
        buttons.addButton(cancel, QDialogButtonBox.ButtonRole.RejectRole)
        layout = QVBoxLayout(page)
        layout.addLayout(form)
        layout.addWidget(self.note)
        layout.addWidget(self.login_status)
        layout.addStretch()
        layout.addWidget(buttons)
        self._login_controls = [
            self.server_edit,
            self.user_edit,
            self.password_edit,
            self.sync_button,
            cancel,
        ]
        return page

    def _progress_page(self) -> QWidget:
        page = QWidget()
        self.progress_title = QLabel()
        self.progress_title.setTextFormat(Qt.TextFormat.PlainText)  # it names the server
        self.phase_label = QLabel()
        self.phase_label.setTextFormat(Qt.TextFormat.PlainText)
        self.progress = QProgressBar()
        self.progress.setRange(0, 0)  # Anki reports no amounts: a busy bar
        layout = QVBoxLayout(page)
        layout.addStretch()
        layout.addWidget(self.progress_title)
        layout.addWidget(self.progress)
        layout.addWidget(self.phase_label)
        layout.addStretch()
        return page

    def _done_page(self) -> QWidget:
        self.server_message = QLabel()
        self.server_message.setTextFormat(Qt.TextFormat.PlainText)  # the server's own words
        self.server_message.setWordWrap(True)
        # plain text: the summary names the server, as the learner typed it
        return self.summary_page(self.server_message, text_format=Qt.TextFormat.PlainText)

    def _go(self, state: str) -> None:
        self.state = state
        index = {"login": 0, "syncing": 1, "done": 2}[state]
        self.pages.setCurrentIndex(index)
        focus: QWidget = (self.password_edit, self.progress, self.close_button)[index]
        if state == "login" and not self.user_edit.text():
            focus = self.user_edit
        focus.setFocus()

    def set_busy(self, busy: bool) -> None:
        for widget in self._login_controls:
            widget.setEnabled(not busy)

    # -- actions -------------------------------------------------------------------------------

    def sync_now(self) -> None:
        """File → Sync: with the kept login at once, else ask for one."""
        if self._col.sync_login().get("username"):
            self._run(None, None, None)
        else:
            self.show_login()

    def show_login(self, status: str = "") -> None:
        """Ask for the server, the user name and the password (``status`` says why)."""
        self.login_status.setText(status)
        self.password_edit.clear()
        self._go("login")

    def log_in(self) -> None:
        """The Sync button: log in with the fields (an empty password uses the kept login)."""
        if self.busy or self.state != "login":
            return
        server = server_argument(self.server_edit.text())
        user = self.user_edit.text().strip()
        password = self.password_edit.text()
        if server is None:
            self._ask(
                self.server_edit,
                f"The server is {ANKIWEB} or an address starting with http:// or https://.",
            )
            return
        if not user:
            self._ask(self.user_edit, "Give the user name to log in with.")
            return
        if not password:
            kept = self._col.sync_login()
            if kept.get("username") == user and kept.get("endpoint", "") == server:
                self._run(None, None, None)
            else:
                self._ask(self.password_edit, "Give the password to log in.")
            return
        self.password_edit.clear()  # used for this login only
        self._run(server, user, password)

    def _ask(self, field: QLineEdit, text: str) -> None:
        self.login_status.setText(text)
        field.setFocus()

    def _run(self, server: str | None, username: str | None, password: str | None) -> None:
        kept = self._col.sync_login()
        name = (server if server is not None else kept.get("endpoint")) or ANKIWEB
        self.progress_title.setText(f"Syncing with {name}…")
        self.phase_label.setText("Connecting…")
        self.phases = []
        self._go("syncing")
        now = self._clock()
        say = self._relay.said.emit

        def work(_progress: ProgressFn) -> Any:
            return self._col.sync(server, username, password, now=now, progress=say)

        self.run_task(work, on_success=self._done, on_failure=self._failed)

    @Slot(str)
    def _phase(self, phase: str) -> None:
        self.phases.append(phase)
        self.phase_label.setText(f"{phase[:1].upper()}{phase[1:]}…")

    def _done(self, result: SyncResult) -> None:
        self.sync_result = result
        self.summary_label.setText(result.summary() + ".")
        self.server_message.setText(
            f"The server says: {result.server_message}" if result.server_message else ""
        )
        self._go("done")
        self.synced.emit(result)
        self.ended.emit()

    def _failed(self, error: BaseException) -> None:
        self.ended.emit()
        text = describe_error(error)
        if _not_logged_in(error):
            self.show_login(f"Log in to sync ({text}).")
            return
        self.show_login(text)
        self.dialogs.error(self, "Sync failed", text)
