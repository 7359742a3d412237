"""File → Sync (Ctrl+Y) against a real Anki sync server on 127.0.0.1, with a second Anki
collection as the learner's phone (see tests/anki_sync_server.py). Nothing is mocked."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import genanki
import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLineEdit
from pytestqt.qtbot import QtBot

from anki_sync_server import PASSWORD, USER, Phone, SyncServer, free_port, sync_server
from conftest import peek
from four_terms import FOUR_TERMS
from glosscards.paths import backups_dir
from glosscards.ui.sync_dialog import LOGIN_NOTE, SyncDialog, server_argument
from test_ui_helpers import Env, MovableClock, make_window

SYNC_TIMEOUT_MS = 180_000  # a real server on a loaded machine: generous, never asserted on

GLOSSARY = FOUR_TERMS
TERMS = 4
CTRL = Qt.KeyboardModifier.ControlModifier


@pytest.fixture
def server(tmp_path: Path) -> Iterator[SyncServer]:
    with sync_server(tmp_path / "server") as running:
        yield running


def _window(qtbot: QtBot, tmp_path: Path) -> Env:
    """The main window on a collection of the four-term glossary. Anki stamps the phone's
    answers with the wall clock, so the window's clock starts just before it."""
    env = make_window(qtbot, tmp_path, clock=MovableClock(datetime.now(UTC) - timedelta(hours=1)))
    glossary = tmp_path / "glossary.txt"
    glossary.write_text(GLOSSARY, encoding="utf-8")
    env.col.import_glossary(glossary, deck="AI", now=env.clock.now, backup=False)
    env.window.refresh()
    return env


def _ctrl_y(qtbot: QtBot, env: Env) -> SyncDialog:
    qtbot.waitUntil(env.window.isActiveWindow)  # menu shortcuts only fire in the active window
    qtbot.keyClick(env.window, Qt.Key.Key_Y, CTRL)
    dialog = env.window.dialog
    assert isinstance(dialog, SyncDialog)
    qtbot.waitExposed(dialog)
    return dialog


def _type_login(qtbot: QtBot, dialog: SyncDialog, url: str, password: str) -> None:
    """Type the server (over the pre-filled "AnkiWeb"), the user name and the password."""
    qtbot.keyClick(dialog.server_edit, Qt.Key.Key_A, CTRL)
    qtbot.keyClicks(dialog.server_edit, url)
    qtbot.keyClick(dialog.user_edit, Qt.Key.Key_A, CTRL)
    qtbot.keyClicks(dialog.user_edit, USER)
    qtbot.keyClicks(dialog.password_edit, password)


def _wait(qtbot: QtBot, dialog: SyncDialog) -> None:
    qtbot.waitUntil(lambda: dialog.state != "syncing" and not dialog.busy, timeout=SYNC_TIMEOUT_MS)


def _close(qtbot: QtBot, env: Env, dialog: SyncDialog) -> None:
    qtbot.keyClick(dialog, Qt.Key.Key_Escape)
    qtbot.waitUntil(lambda: env.window.dialog is None)
    env.window.activateWindow()


def _log_in_and_sync(qtbot: QtBot, env: Env, server: SyncServer) -> SyncDialog:
    dialog = _ctrl_y(qtbot, env)
    assert dialog.state == "login"
    _type_login(qtbot, dialog, server.url, PASSWORD)
    qtbot.keyClick(dialog.password_edit, Qt.Key.Key_Return)
    assert dialog.state == "syncing" and dialog.busy
    assert not dialog.sync_button.isEnabled()
    _wait(qtbot, dialog)
    assert env.dialogs.errors == []
    assert dialog.state == "done"
    return dialog


def _dump(env: Env) -> str:
    return "\n".join(peek(env.col).iterdump())


def test_ctrl_y_without_a_login_asks_for_one_and_the_phone_gets_the_notes(
    qtbot: QtBot, tmp_path: Path, server: SyncServer
) -> None:
    """No login kept: Ctrl+Y shows the login dialog; server, user, password and Enter sync, and
    a phone syncing with the same server then has the glossary's notes."""
    env = _window(qtbot, tmp_path)
    dialog = _ctrl_y(qtbot, env)
    assert dialog.state == "login"
    assert dialog.server_edit.text() == "AnkiWeb"
    assert dialog.password_edit.echoMode() == QLineEdit.EchoMode.Password
    assert dialog.note.text() == LOGIN_NOTE
    assert dialog.note.isVisible()

    dialog = _log_in_and_sync(qtbot, env, server)
    assert "syncing with the server" in dialog.phases
    assert dialog.phase_label.text()  # the last phase was shown
    assert dialog.summary_label.text().startswith(f"Synced with {server.url}: {TERMS} new notes")
    assert dialog.focusWidget() is dialog.close_button
    assert env.col.sync_login() == {"endpoint": server.url, "username": USER}
    assert PASSWORD.encode() not in env.col.path.read_bytes()
    _close(qtbot, env, dialog)

    phone = Phone(tmp_path / "phone", server)
    try:
        phone.sync()
        assert phone.col.note_count() == TERMS
    finally:
        phone.close()


def test_a_wrong_password_is_named_in_an_error_and_nothing_is_written(
    qtbot: QtBot, tmp_path: Path, server: SyncServer
) -> None:
    """The server refuses the login: an error dialog says so in one line, the dialog asks again,
    and neither the collection nor the server has changed."""
    env = _window(qtbot, tmp_path)
    before = _dump(env)
    backups = set(backups_dir(env.col.path).glob("*"))
    dialog = _ctrl_y(qtbot, env)
    _type_login(qtbot, dialog, server.url, "wrong password")
    qtbot.mouseClick(dialog.sync_button, Qt.MouseButton.LeftButton)
    _wait(qtbot, dialog)

    assert len(env.dialogs.errors) == 1
    title, text = env.dialogs.errors[0]
    assert title == "Sync failed"
    assert text == f"{server.url}: the server refused the user name or password"
    assert dialog.state == "login"
    assert dialog.login_status.text() == text
    assert dialog.password_edit.text() == "" and dialog.focusWidget() is dialog.password_edit
    assert dialog.sync_button.isEnabled()
    assert env.col.sync_login() == {}
    assert _dump(env) == before
    assert set(backups_dir(env.col.path).glob("*")) == backups
    _close(qtbot, env, dialog)

    phone = Phone(tmp_path / "phone", server)
    try:
        phone.sync()
        assert phone.col.note_count() == 0
    finally:
        phone.close()


def test_a_second_ctrl_y_uses_the_kept_login_and_brings_the_phones_answers_home(
    qtbot: QtBot, tmp_path: Path, server: SyncServer
) -> None:
    """With a login kept, Ctrl+Y syncs at once without asking; an answer made on the phone
    comes home and the deck list's counts show it. Log in to another server… asks again,
    pre-filled with the kept server and user."""
    env = _window(qtbot, tmp_path)
    _close(qtbot, env, _log_in_and_sync(qtbot, env, server))
    table = env.window.deck_page.table
    assert table.item(0, 1).text() == str(TERMS)  # All decks, New

    phone = Phone(tmp_path / "phone", server)
    try:
        phone.sync()
        note = env.col.export_notes()[0]
        phone.answer(str(genanki.guid_for(note.key)), 1, 3)
        phone.sync()
    finally:
        phone.close()

    env.clock.now = datetime.now(UTC) + timedelta(minutes=1)  # after the phone's answer
    dialog = _ctrl_y(qtbot, env)
    assert dialog.state == "syncing"  # no login asked
    _wait(qtbot, dialog)
    assert env.dialogs.errors == []
    assert dialog.state == "done"
    summary = dialog.summary_label.text()
    assert summary.startswith(f"Synced with {server.url}:") and "1 received" in summary
    assert table.item(0, 1).text() == str(TERMS - 1)  # refreshed while the dialog is open
    _close(qtbot, env, dialog)
    assert env.col.counts(env.clock.now).new == TERMS - 1

    env.window.sync_login_action.trigger()
    dialog = env.window.dialog
    assert isinstance(dialog, SyncDialog) and dialog.state == "login"
    assert (dialog.server_edit.text(), dialog.user_edit.text()) == (server.url, USER)
    assert dialog.focusWidget() is dialog.password_edit
    _close(qtbot, env, dialog)


def test_an_unreachable_server_is_reported(qtbot: QtBot, tmp_path: Path) -> None:
    """Nothing listens on the port: the error names the server and says it could not be
    reached."""
    env = _window(qtbot, tmp_path)
    url = f"http://127.0.0.1:{free_port()}/"
    dialog = _ctrl_y(qtbot, env)
    _type_login(qtbot, dialog, url, PASSWORD)
    qtbot.keyClick(dialog.password_edit, Qt.Key.Key_Return)
    _wait(qtbot, dialog)
    assert [title for title, _ in env.dialogs.errors] == ["Sync failed"]
    text = env.dialogs.errors[0][1]
    assert text.startswith(f"{url}: could not reach the sync server") and "\n" not in text
    assert dialog.state == "login"


def test_the_login_dialog_checks_its_fields_and_escape_closes_it(
    qtbot: QtBot, tmp_path: Path
) -> None:
    """A server that is not a URL, or no password, is asked for again without syncing; Esc
    closes the dialog and nothing was written."""
    env = _window(qtbot, tmp_path)
    before = _dump(env)
    dialog = _ctrl_y(qtbot, env)
    assert dialog.focusWidget() is dialog.user_edit  # no user name kept yet
    qtbot.keyClick(dialog.server_edit, Qt.Key.Key_A, CTRL)
    qtbot.keyClicks(dialog.server_edit, "my server")
    qtbot.keyClicks(dialog.user_edit, USER)
    qtbot.keyClick(dialog.user_edit, Qt.Key.Key_Return)
    assert dialog.state == "login" and "http://" in dialog.login_status.text()
    assert dialog.focusWidget() is dialog.server_edit
    qtbot.keyClick(dialog.server_edit, Qt.Key.Key_A, CTRL)
    qtbot.keyClicks(dialog.server_edit, "http://127.0.0.1:9")
    qtbot.keyClick(dialog.server_edit, Qt.Key.Key_Return)
    assert dialog.state == "login" and "password" in dialog.login_status.text()
    assert dialog.focusWidget() is dialog.password_edit
    _close(qtbot, env, dialog)
    assert env.dialogs.errors == []
    assert _dump(env) == before


def test_server_argument() -> None:
    """AnkiWeb (or nothing) is "", a URL gets its trailing slash, anything else is refused."""
    assert server_argument(" ankiweb ") == server_argument("") == ""
    assert server_argument("http://10.0.0.5:8080") == "http://10.0.0.5:8080/"
    assert server_argument("https://sync.example.org/anki/") == "https://sync.example.org/anki/"
    assert server_argument("10.0.0.5:8080") is None
