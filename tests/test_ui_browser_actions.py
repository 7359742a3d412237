"""The browser's actions on several cards: selecting with Shift+Down and Ctrl+A, suspend,
reset to new, change deck, delete (confirmed or not) and undo, from their keys and from the
table's right-click menu; each changes what the collection says and the rows in place."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMenu
from pytestqt.qtbot import QtBot

from browser_clicks import click_entry, entry, four_terms_file, open_menu, shown
from glosscards import Grade
from glosscards.ui.browser import BrowserWindow
from glosscards.ui.change_deck_dialog import ChangeDeckDialog
from test_ui_helpers import START, Env, make_window


def _browser(
    qtbot: QtBot, tmp_path: Path, *, four_terms: bool = False
) -> tuple[Env, BrowserWindow]:
    env = make_window(qtbot, tmp_path, demo=True)
    if four_terms:
        env.col.import_glossary(four_terms_file(tmp_path), deck="four-terms", now=START)
    browser = env.window.open_browser()
    qtbot.waitExposed(browser)
    qtbot.waitUntil(browser.isActiveWindow)  # its keys work only in the active window
    browser.table.setFocus()
    return env, browser


def _select_first(qtbot: QtBot, browser: BrowserWindow, count: int) -> list[int]:
    """Click the first row, then Shift+Down to select ``count`` rows: their card ids."""
    table = browser.table
    first = table.visualRect(browser.model.index(0, 0)).center()
    qtbot.mouseClick(table.viewport(), Qt.MouseButton.LeftButton, pos=first)
    for _ in range(count - 1):
        qtbot.keyClick(table, Qt.Key.Key_Down, Qt.KeyboardModifier.ShiftModifier)
    return [r.card_id for r in browser.selected_rows()]


def _row_menu(qtbot: QtBot, browser: BrowserWindow, row: int = 0) -> QMenu:
    """Right-click the table on ``row`` (inside the selection, which stays)."""
    pos = browser.table.visualRect(browser.model.index(row, 0)).center()
    return open_menu(qtbot, browser.table.viewport(), pos, lambda: browser.bulk.menu)


def _suspended(env: Env) -> set[int]:
    return {r.card_id for r in env.col.find_cards("is:suspended", now=START)}


def test_shift_down_and_ctrl_a_select_several(qtbot: QtBot, tmp_path: Path) -> None:
    """Shift+Down extends the selection; the detail pane then says how many are selected and
    Edit is off (one card at a time, as in Anki); Ctrl+A selects every row."""
    env, browser = _browser(qtbot, tmp_path)
    ids = _select_first(qtbot, browser, 3)
    assert ids == browser.model.card_ids()[:3]
    assert browser.info.text() == "<b>3 cards selected</b>"
    assert not browser.edit_button.isEnabled() and browser.suspend_button.isEnabled()
    qtbot.keyClick(browser.table, Qt.Key.Key_E)
    assert browser.editor.dialog is None
    qtbot.keyClick(browser.table, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
    assert len(browser.selected_rows()) == browser.model.rowCount() > 20
    browser.search_box.setFocus()  # in the search box, Ctrl+A selects its text
    browser.search_box.setText("gradient")
    qtbot.keyClick(browser.search_box, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
    assert browser.search_box.selectedText() == "gradient"
    assert env.col.find_cards("is:suspended", now=START) == []


def test_ctrl_j_suspends_the_selection_and_again_unsuspends(qtbot: QtBot, tmp_path: Path) -> None:
    """Ctrl+J suspends the three selected cards (the collection says so, the rows show it in
    place, the selection stays, the main window hears of it); again, it unsuspends them."""
    env, browser = _browser(qtbot, tmp_path)
    ids = _select_first(qtbot, browser, 3)
    order = browser.model.card_ids()
    with qtbot.waitSignal(browser.changed):
        qtbot.keyClick(browser.table, Qt.Key.Key_J, Qt.KeyboardModifier.ControlModifier)
    assert _suspended(env) == set(ids)
    assert browser.status.text() == "Suspended 3 cards"
    assert [r.suspended for r in shown(browser)[:4]] == [True, True, True, False]
    assert browser.model.card_ids() == order
    assert [r.card_id for r in browser.selected_rows()] == ids
    assert browser.suspend_button.text().replace("&", "") == "Unsuspend"
    qtbot.keyClick(browser.table, Qt.Key.Key_J, Qt.KeyboardModifier.ControlModifier)
    assert _suspended(env) == set()
    assert browser.status.text() == "Unsuspended 3 cards"
    assert not any(r.suspended for r in shown(browser))


def test_the_row_menu_resets_cards_to_new(qtbot: QtBot, tmp_path: Path) -> None:
    """Reset to new, from the right-click menu, makes studied cards new again."""
    env, browser = _browser(qtbot, tmp_path)
    for grade in (Grade.GOOD, Grade.EASY):
        card = env.col.next_card(START)
        assert card is not None
        env.col.answer(card.id, grade, START)
    browser.run_search("-is:new")
    assert browser.model.rowCount() == 2
    qtbot.keyClick(browser.table, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
    menu = _row_menu(qtbot, browser)
    assert not entry(menu, "Edit").isEnabled()  # two cards selected
    with qtbot.waitSignal(browser.changed):
        click_entry(qtbot, menu, "Reset to new")
    assert env.col.find_cards("-is:new", now=START) == []
    assert browser.status.text() == "Reset 2 cards to new"
    assert [r.phase for r in shown(browser)] == ["new", "new"]  # shown in place, not searched
    assert browser.model.data(browser.model.index(0, 3)).startswith("new #")


def test_change_deck_moves_the_selection_to_the_chosen_deck(qtbot: QtBot, tmp_path: Path) -> None:
    """Ctrl+D asks for one of the decks; Move puts the cards there, for the collection (a
    ``deck:`` search, the queue) and in the Deck column; Cancel changes nothing."""
    env, browser = _browser(qtbot, tmp_path, four_terms=True)
    browser.run_search("deck:demo-glossary")
    qtbot.keyClick(browser.table, Qt.Key.Key_Down)
    ids = _select_first(qtbot, browser, 2)
    qtbot.keyClick(browser.table, Qt.Key.Key_D, Qt.KeyboardModifier.ControlModifier)
    dialog = browser.bulk.deck_dialog
    assert isinstance(dialog, ChangeDeckDialog) and dialog.isVisible()
    assert dialog.label.text() == "Move 2 cards to:"
    assert dialog.chosen() == "demo-glossary"
    qtbot.keyClick(dialog, Qt.Key.Key_Escape)
    qtbot.waitUntil(lambda: browser.bulk.deck_dialog is None)
    assert {r.deck for r in shown(browser)} == {"demo-glossary"}

    menu = _row_menu(qtbot, browser)
    click_entry(qtbot, menu, "Change deck…")
    dialog = browser.bulk.deck_dialog
    assert dialog is not None
    target = dialog.decks.findItems("four-terms", Qt.MatchFlag.MatchExactly)[0]
    qtbot.mouseClick(
        dialog.decks.viewport(),
        Qt.MouseButton.LeftButton,
        pos=dialog.decks.visualItemRect(target).center(),
    )
    with qtbot.waitSignal(browser.changed):
        qtbot.mouseClick(dialog.move_button, Qt.MouseButton.LeftButton)
    moved = {r.card_id for r in env.col.find_cards("deck:four-terms", now=START)}
    assert set(ids) <= moved and len(moved) == 4 + 2
    assert browser.status.text() == "Moved 2 cards to four-terms"
    assert [r.deck for r in browser.selected_rows()] == ["four-terms", "four-terms"]
    assert [r.card_id for r in browser.selected_rows()] == ids


def test_delete_asks_first_and_a_no_changes_nothing(qtbot: QtBot, tmp_path: Path) -> None:
    """Ctrl+Delete asks with the count; No keeps every card, Yes deletes the notes with all
    their cards (an acronym card goes with its term card) and takes their rows out."""
    env, browser = _browser(qtbot, tmp_path)
    pair = next(r for r in shown(browser) if r.ordinal == 2)
    siblings = {r.card_id for r in shown(browser) if r.note_id == pair.note_id}
    assert len(siblings) == 2
    before = browser.model.card_ids()
    total = len(env.col.find_cards("", now=START))
    browser.select_card(pair.card_id)
    env.dialogs.confirm_answer = False
    qtbot.keyClick(browser.table, Qt.Key.Key_Delete, Qt.KeyboardModifier.ControlModifier)
    assert env.dialogs.asked[-1].startswith("confirm:Delete 1 note (1 card selected)")
    assert len(env.col.find_cards("", now=START)) == total
    assert browser.model.card_ids() == before

    ids = _select_first(qtbot, browser, 2)
    notes = {r.note_id for r in browser.selected_rows()}
    env.dialogs.confirm_answer = True
    menu = _row_menu(qtbot, browser)
    with qtbot.waitSignal(browser.changed):
        click_entry(qtbot, menu, "Delete…")
    gone = {r.card_id for r in env.col.find_cards("", now=START) if r.note_id in notes}
    assert gone == set() and not set(ids) & set(browser.model.card_ids())
    left = len(env.col.find_cards("", now=START))
    assert browser.model.rowCount() == left < total
    assert browser.status.text().startswith("Deleted ")


def test_ctrl_z_undoes_a_bulk_action(qtbot: QtBot, tmp_path: Path) -> None:
    """Ctrl+Z in the browser takes back the last bulk action and says which; the rows show it."""
    env, browser = _browser(qtbot, tmp_path)
    ids = _select_first(qtbot, browser, 3)
    qtbot.keyClick(browser.table, Qt.Key.Key_J, Qt.KeyboardModifier.ControlModifier)
    assert _suspended(env) == set(ids)
    menu = _row_menu(qtbot, browser)
    assert entry(menu, "Undo suspending of 3 cards").isEnabled()
    menu.close()
    with qtbot.waitSignal(browser.changed):
        qtbot.keyClick(browser.table, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert browser.status.text() == "Undid the suspending of 3 cards"
    assert _suspended(env) == set()
    assert not any(r.suspended for r in shown(browser))
    assert {r.card_id for r in browser.selected_rows()} == set(ids)


def test_undo_brings_deleted_notes_back(qtbot: QtBot, tmp_path: Path) -> None:
    """A delete is undone too: the cards are back in the collection and in the table."""
    env, browser = _browser(qtbot, tmp_path)
    total = browser.model.rowCount()
    ids = _select_first(qtbot, browser, 2)
    qtbot.keyClick(browser.table, Qt.Key.Key_Delete, Qt.KeyboardModifier.ControlModifier)
    assert browser.model.rowCount() < total
    qtbot.keyClick(browser.table, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert browser.status.text().startswith("Undid the deletion of")
    assert browser.model.rowCount() == total == len(env.col.find_cards("", now=START))
    assert set(ids) <= {r.card_id for r in browser.selected_rows()}


def test_show_notes_cards_lists_every_card_of_the_note(qtbot: QtBot, tmp_path: Path) -> None:
    """From an acronym card, the menu's Show note's cards lists its term card too."""
    _env, browser = _browser(qtbot, tmp_path)
    pair = next(r for r in shown(browser) if r.ordinal == 2)
    browser.select_card(pair.card_id)
    row = browser.model.row_of(pair.card_id)
    menu = _row_menu(qtbot, browser, row)
    assert entry(menu, "Edit").isEnabled()
    click_entry(qtbot, menu, "Show note's cards")
    assert browser.search_box.text() == f"nid:{pair.note_id}"
    assert sorted(r.ordinal for r in shown(browser)) == [1, 2]
    assert {r.note_id for r in shown(browser)} == {pair.note_id}


def test_a_right_click_outside_the_selection_selects_that_row(qtbot: QtBot, tmp_path: Path) -> None:
    """As in Anki, the menu acts on the row right-clicked when it was not selected."""
    _env, browser = _browser(qtbot, tmp_path)
    _select_first(qtbot, browser, 2)
    menu = _row_menu(qtbot, browser, 5)
    assert [r.card_id for r in browser.selected_rows()] == [browser.model.card_ids()[5]]
    assert entry(menu, "Edit").isEnabled()
    menu.close()


def test_a_deck_change_the_collection_refuses_is_shown(qtbot: QtBot, tmp_path: Path) -> None:
    """The chosen deck was deleted while the dialog was open: the collection's message is
    shown, and the cards stay where they were."""
    env, browser = _browser(qtbot, tmp_path, four_terms=True)
    ids = _select_first(qtbot, browser, 2)
    qtbot.keyClick(browser.table, Qt.Key.Key_D, Qt.KeyboardModifier.ControlModifier)
    dialog = browser.bulk.deck_dialog
    assert dialog is not None
    dialog.decks.setCurrentRow(
        dialog.decks.row(dialog.decks.findItems("four-terms", Qt.MatchFlag.MatchExactly)[0])
    )
    env.col.delete_deck("four-terms", now=START)
    qtbot.mouseClick(dialog.move_button, Qt.MouseButton.LeftButton)
    assert env.dialogs.errors and env.dialogs.errors[-1][0] == "Cannot change the deck"
    assert "four-terms" in env.dialogs.errors[-1][1]
    assert browser.status.text().startswith("Cannot change the deck: ")
    assert {r.deck for r in env.col.find_cards(f"cid:{ids[0]},{ids[1]}", now=START)} == {
        "demo-glossary"
    }


def test_deleting_scattered_rows_updates_the_details_once(qtbot: QtBot, tmp_path: Path) -> None:
    """Every other row selected (Ctrl+clicks) and deleted: the rows go, the other rows stay in
    order, and the detail pane is worked out once — not once per run of rows removed, which made
    a delete of thousands of scattered rows quadratic."""
    env, browser = _browser(qtbot, tmp_path)
    table = browser.table
    term_rows = [i for i, r in enumerate(shown(browser)) if r.ordinal == 1][::2][:6]
    for n, i in enumerate(term_rows):
        pos = table.visualRect(browser.model.index(i, 0)).center()
        held = Qt.KeyboardModifier.ControlModifier if n else Qt.KeyboardModifier.NoModifier
        qtbot.mouseClick(table.viewport(), Qt.MouseButton.LeftButton, held, pos)
    picked = {r.card_id for r in browser.selected_rows()}
    assert len(picked) == len(term_rows)
    notes = {r.note_id for r in browser.selected_rows()}
    kept = [r.card_id for r in shown(browser) if r.note_id not in notes]
    updates: list[int] = []
    original = browser._update_details
    browser._update_details = lambda: (updates.append(1), original())[1]  # type: ignore[method-assign]
    env.dialogs.confirm_answer = True
    with qtbot.waitSignal(browser.changed):
        qtbot.keyClick(table, Qt.Key.Key_Delete, Qt.KeyboardModifier.ControlModifier)
    assert browser.model.card_ids() == kept
    assert len(updates) <= 2
