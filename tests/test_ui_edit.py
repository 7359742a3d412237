"""Fixing a card in the app: E in the reviewer and in the browser, Save, a refused edit, Escape,
undo, revert, and the import preview that asks whether to keep an edit."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QPlainTextEdit
from pytestqt.qtbot import QtBot

from conftest import peek
from glosscards import Collection
from glosscards.ui.edit_dialog import EditDialog, field_text
from test_ui_helpers import DEMO, Env, make_window


def _study(qtbot: QtBot, tmp_path: Path) -> Env:
    env = make_window(qtbot, tmp_path, demo=True)
    env.window.study(None)
    return env


def _type(qtbot: QtBot, edit: QPlainTextEdit, text: str) -> None:
    """Type ``text`` as keys (Return for each line break: QTest types no "\\n")."""
    for i, line in enumerate(text.split("\n")):
        if i:
            qtbot.keyClick(edit, Qt.Key.Key_Return)
        qtbot.keyClicks(edit, line)


def _type_at_end(qtbot: QtBot, edit: QPlainTextEdit, text: str) -> None:
    edit.setFocus()
    qtbot.keyClick(edit, Qt.Key.Key_End, Qt.KeyboardModifier.ControlModifier)
    _type(qtbot, edit, text)


def _replace_all(qtbot: QtBot, edit: QPlainTextEdit, text: str) -> None:
    edit.setFocus()
    qtbot.keyClick(edit, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
    _type(qtbot, edit, text)


def _edited_notes(col: Collection) -> list[tuple[str, str]]:
    return peek(col).execute("SELECT text, back_extra FROM note WHERE edited = 1").fetchall()


def _open_editor(qtbot: QtBot, env: Env) -> EditDialog:
    """Press E in the reviewer: the Edit dialog opens on the shown card."""
    qtbot.keyClick(env.window.reviewer, Qt.Key.Key_E)
    dialog = env.window.reviewer.editor.dialog
    assert dialog is not None
    qtbot.waitExposed(dialog)
    qtbot.waitUntil(dialog.isActiveWindow)  # its shortcuts work in the active window only
    return dialog


def test_e_on_the_question_edits_the_prompt_and_the_card_shows_it(
    qtbot: QtBot, tmp_path: Path
) -> None:
    """E opens the card's Text; a line typed at the end and Save: the question shows it, the
    collection has it, the session goes on."""
    env = _study(qtbot, tmp_path)
    reviewer = env.window.reviewer
    card = reviewer.current
    assert card is not None and reviewer.state == "question"
    dialog = _open_editor(qtbot, env)
    assert card.term in field_text(dialog.text_edit) and "{{c1::" in field_text(dialog.text_edit)
    _type_at_end(qtbot, dialog.text_edit, "\nRemember: my own mnemonic.")
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)

    assert reviewer.editor.dialog is None and not dialog.isVisible()
    assert reviewer.state == "question" and reviewer.current is not None
    assert reviewer.current.id == card.id
    assert "Remember: my own mnemonic." in reviewer.view.toPlainText()
    [(text, _)] = _edited_notes(env.col)
    assert text.endswith("<br>Remember: my own mnemonic.")
    qtbot.keyClick(reviewer, Qt.Key.Key_Space)  # the keys still reach the reviewer
    assert reviewer.state == "answer"


def test_e_on_the_answer_edits_the_back_and_the_answer_stays_shown(
    qtbot: QtBot, tmp_path: Path
) -> None:
    """On the answer side, E and a new Back Extra: the answer is shown again with it."""
    env = _study(qtbot, tmp_path)
    reviewer = env.window.reviewer
    qtbot.keyClick(reviewer, Qt.Key.Key_Space)
    dialog = _open_editor(qtbot, env)
    _replace_all(qtbot, dialog.back_edit, "<p>Learnt with the tomato trick.</p>")
    qtbot.keyClick(dialog.back_edit, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    assert not dialog.isVisible()
    assert reviewer.state == "answer"
    assert "Learnt with the tomato trick." in reviewer.view.toPlainText()
    assert _edited_notes(env.col)[0][1] == "<p>Learnt with the tomato trick.</p>"


def test_an_edit_that_loses_the_cloze_is_refused_and_the_dialog_stays(
    qtbot: QtBot, tmp_path: Path
) -> None:
    """Save without the cloze: an error naming the term and the clozes, the dialog still open
    with the typed text; Escape then closes it and nothing was written."""
    env = _study(qtbot, tmp_path)
    card = env.window.reviewer.current
    assert card is not None
    dialog = _open_editor(qtbot, env)
    _replace_all(qtbot, dialog.text_edit, "No cloze here at all.")
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    [(title, text)] = env.dialogs.errors
    assert title == "Edit not saved"
    assert text.startswith(f"{card.term}: ") and "c1" in text and "Nothing was saved" in text
    assert dialog.isVisible() and field_text(dialog.text_edit) == "No cloze here at all."
    qtbot.keyClick(dialog.text_edit, Qt.Key.Key_Escape)
    assert not dialog.isVisible() and env.window.reviewer.editor.dialog is None
    assert _edited_notes(env.col) == []


def test_escape_cancels_an_edit(qtbot: QtBot, tmp_path: Path) -> None:
    """Typed but not saved: Escape leaves the card as it was and the reviewer takes keys again."""
    env = _study(qtbot, tmp_path)
    reviewer = env.window.reviewer
    before = reviewer.view.toPlainText()
    dialog = _open_editor(qtbot, env)
    _type_at_end(qtbot, dialog.text_edit, " and more")
    qtbot.keyClick(dialog.text_edit, Qt.Key.Key_Escape)
    assert not dialog.isVisible()
    assert _edited_notes(env.col) == [] and reviewer.view.toPlainText() == before
    qtbot.keyClick(reviewer, Qt.Key.Key_Space)
    assert reviewer.state == "answer"


def test_ctrl_z_takes_back_an_edit(qtbot: QtBot, tmp_path: Path) -> None:
    """Undo after Save: the glossary's version again, not marked edited."""
    env = _study(qtbot, tmp_path)
    reviewer = env.window.reviewer
    before = reviewer.view.toPlainText()
    dialog = _open_editor(qtbot, env)
    _type_at_end(qtbot, dialog.text_edit, " (mine)")
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    assert "(mine)" in reviewer.view.toPlainText()
    qtbot.keyClick(reviewer, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert reviewer.view.toPlainText() == before
    assert _edited_notes(env.col) == []


def test_the_time_spent_editing_is_not_answer_time(qtbot: QtBot, tmp_path: Path) -> None:
    """2 s thinking, 60 s in the Edit dialog, 1 s more: the answer took 3 s."""
    env = _study(qtbot, tmp_path)
    reviewer = env.window.reviewer
    card = reviewer.current
    assert card is not None
    env.ticker.seconds += 2
    dialog = _open_editor(qtbot, env)
    env.ticker.seconds += 60
    qtbot.keyClick(dialog.text_edit, Qt.Key.Key_Escape)
    env.ticker.seconds += 1
    qtbot.keyClick(reviewer, Qt.Key.Key_Space)
    qtbot.keyClick(reviewer, Qt.Key.Key_3)
    assert env.col.history(card.id)[-1].duration_ms == 3000


def test_the_edit_menu_opens_the_dialog_while_studying_only(qtbot: QtBot, tmp_path: Path) -> None:
    """Edit → Edit card edits the shown card; on the deck list it says what to do instead."""
    env = make_window(qtbot, tmp_path, demo=True)
    env.window.edit_action.trigger()
    assert "choose a card" in env.window.statusBar().currentMessage()
    env.window.study(None)
    env.window.edit_action.trigger()
    dialog = env.window.reviewer.editor.dialog
    assert dialog is not None and env.window.reviewer.current is not None
    assert dialog.note.term == env.window.reviewer.current.term
    dialog.reject()


def test_e_in_the_browser_edits_the_selected_card(qtbot: QtBot, tmp_path: Path) -> None:
    """In the browser E opens the selected card's note (typing e in the search box does not);
    Save shows the edit in the details and on the reviewer's card of that note."""
    env = _study(qtbot, tmp_path)
    shown = env.window.reviewer.current
    assert shown is not None
    browser = env.window.open_browser(term=shown.term)
    qtbot.waitExposed(browser)
    qtbot.waitUntil(browser.isActiveWindow)
    browser.search_box.setFocus()
    qtbot.keyClicks(browser.search_box, " e")
    assert browser.editor.dialog is None and browser.search_box.text().endswith(" e")
    browser.run_search(f'term:"{shown.term}"')
    assert browser.select_card(shown.id)
    browser.table.setFocus()
    qtbot.keyClick(browser.table, Qt.Key.Key_E)
    dialog = browser.editor.dialog
    assert dialog is not None and dialog.note.term == shown.term
    _type_at_end(qtbot, dialog.text_edit, "\nFixed in the browser.")
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    assert "Fixed in the browser." in browser.card_view.toPlainText()
    assert browser.status.text() == f"Saved “{shown.term}”"
    assert "Fixed in the browser." in env.window.reviewer.view.toPlainText()


def test_revert_brings_back_the_glossary_version(qtbot: QtBot, tmp_path: Path) -> None:
    """An edited card's dialog offers Revert; confirmed, the glossary's text is back."""
    env = _study(qtbot, tmp_path)
    reviewer = env.window.reviewer
    before = reviewer.view.toPlainText()
    dialog = _open_editor(qtbot, env)
    assert not dialog.revert_button.isEnabled()
    _type_at_end(qtbot, dialog.text_edit, " (mine)")
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    dialog = _open_editor(qtbot, env)
    assert dialog.revert_button.isEnabled() and "You edited" in dialog.state_label.text()
    qtbot.mouseClick(dialog.revert_button, Qt.MouseButton.LeftButton)
    assert any(a.startswith("confirm:Replace your edit") for a in env.dialogs.asked)
    assert not dialog.isVisible() and reviewer.view.toPlainText() == before
    assert _edited_notes(env.col) == []


def _edited_batch_size(env: Env, tmp_path: Path) -> tuple[int, str, Path]:
    """Batch Size edited by the learner, and a new glossary version that changes its entry."""
    card = next(r.card_id for r in env.col.find_cards('term:"Batch Size"') if r.ordinal == 1)
    note = env.col.editable_note(card)
    mine = note.text + "<br>My own example: 32 images."
    env.col.edit_note(card, text=mine, back_extra=note.back_extra, now=env.clock.now)
    update = tmp_path / "demo-glossary-v2.txt"
    text = DEMO.read_text(encoding="utf-8")
    update.write_text(text.replace("Larger batches give", "Larger batches usually give"), "utf-8")
    return card, mine, update


def test_the_import_preview_shows_both_versions_and_keeps_the_edit(
    qtbot: QtBot, tmp_path: Path
) -> None:
    """The preview lists the edited card whose entry changed with both versions, ticked; Apply
    as it is keeps the edit."""
    env = make_window(qtbot, tmp_path, demo=True)
    card, mine, update = _edited_batch_size(env, tmp_path)
    dialog = env.window.open_import(update)
    qtbot.waitUntil(lambda: dialog.state == "preview", timeout=20_000)
    conflicts = dialog.edit_conflicts
    assert conflicts.isVisible() and "You edited 1 card" in conflicts.question.text()
    item = conflicts.terms.item(0)
    assert item.text() == "Batch Size" and item.checkState() == Qt.CheckState.Checked
    assert "My own example: 32 images." in conflicts.mine.toPlainText()
    assert "usually give" in conflicts.glossary.toPlainText()
    assert "My own example" not in conflicts.glossary.toPlainText()
    qtbot.mouseClick(dialog.apply_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: dialog.state == "done", timeout=20_000)
    assert "kept your edit of 1 card" in dialog.summary_label.text()
    assert env.col.editable_note(card).text == mine


def test_the_import_preview_can_take_the_glossary_version(qtbot: QtBot, tmp_path: Path) -> None:
    """Untick the card with Space (or Take all the glossary's) and Apply: the new glossary text."""
    env = make_window(qtbot, tmp_path, demo=True)
    card, _, update = _edited_batch_size(env, tmp_path)
    dialog = env.window.open_import(update)
    qtbot.waitUntil(lambda: dialog.state == "preview", timeout=20_000)
    conflicts = dialog.edit_conflicts
    qtbot.mouseClick(conflicts.take_all_button, Qt.MouseButton.LeftButton)
    qtbot.mouseClick(conflicts.keep_all_button, Qt.MouseButton.LeftButton)
    assert conflicts.replaced() == frozenset()
    conflicts.terms.setFocus()
    conflicts.terms.setCurrentRow(0)
    qtbot.keyClick(conflicts.terms, Qt.Key.Key_Space)
    assert conflicts.replaced() == frozenset({"Batch Size"})
    qtbot.mouseClick(dialog.apply_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: dialog.state == "done", timeout=20_000)
    assert "1 edited card took the glossary's" in dialog.summary_label.text()
    note = env.col.editable_note(card)
    assert not note.edited and "usually give" in note.text + note.back_extra


def test_no_question_without_edited_cards(qtbot: QtBot, tmp_path: Path) -> None:
    """A re-import meeting no edited card shows no edit question."""
    env = make_window(qtbot, tmp_path, demo=True)
    update = tmp_path / "demo-glossary-v2.txt"
    text = DEMO.read_text(encoding="utf-8")
    update.write_text(text.replace("Larger batches give", "Larger batches usually give"), "utf-8")
    dialog = env.window.open_import(update)
    qtbot.waitUntil(lambda: dialog.state == "preview", timeout=20_000)
    assert not dialog.edit_conflicts.isVisible() and dialog.edit_conflicts.replaced() == frozenset()


def test_an_edit_that_gives_the_answer_away_is_asked_about(qtbot: QtBot, tmp_path: Path) -> None:
    """Typing the term into its own prompt: Save asks first; answering No saves nothing, Yes
    saves the edit."""
    env = _study(qtbot, tmp_path)
    card = env.window.reviewer.current
    assert card is not None
    dialog = _open_editor(qtbot, env)
    _type_at_end(qtbot, dialog.text_edit, f"\nHint: it is {card.term}.")
    env.dialogs.confirm_answer = False
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    assert any("gives its answer away" in asked for asked in env.dialogs.asked)
    assert _edited_notes(env.col) == [] and dialog.isVisible()
    env.dialogs.confirm_answer = True
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    [(text, _)] = _edited_notes(env.col)
    assert text.endswith(f"Hint: it is {card.term}.")
