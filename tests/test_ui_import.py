"""The import dialog: choose → preview (nothing written) → Apply with progress → summary."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from conftest import peek
from glosscards.paths import backups_dir
from glosscards.ui.import_dialog import report_sections
from test_ui_helpers import DEMO, START, make_window


def _db_state(env_col: object) -> tuple[int, int]:
    db = peek(env_col)
    return (
        int(db.execute("SELECT count(*) FROM card").fetchone()[0]),
        int(db.execute("SELECT count(*) FROM import_run").fetchone()[0]),
    )


def test_preview_writes_nothing_and_apply_imports(qtbot: QtBot, tmp_path: Path) -> None:
    """The preview lists the changes with nothing written; Apply imports and shows a summary."""
    env = make_window(qtbot, tmp_path)
    qtbot.keyClick(env.window, Qt.Key.Key_I, Qt.KeyboardModifier.ControlModifier)
    dialog = env.window.dialog
    assert dialog is not None and dialog.state == "choose"
    qtbot.waitExposed(dialog)
    qtbot.mouseClick(dialog.preview_button, Qt.MouseButton.LeftButton)
    assert dialog.choose_status.text() == "Choose a glossary file first."
    dialog.path_edit.setText(str(DEMO))
    qtbot.keyClick(dialog.path_edit, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: dialog.state == "preview", timeout=20_000)

    assert _db_state(env.col) == (0, 0)
    assert not backups_dir(env.col.path).exists()
    groups = [
        dialog.changes.topLevelItem(i).text(0) for i in range(dialog.changes.topLevelItemCount())
    ]
    assert groups[0].startswith("Added (") and any(g.startswith("Skipped (") for g in groups)
    added = dialog.changes.topLevelItem(0)
    assert "Active Recall" in [added.child(i).text(0) for i in range(added.childCount())]
    assert "added" in dialog.preview_label.text()

    qtbot.mouseClick(dialog.apply_button, Qt.MouseButton.LeftButton)
    assert dialog.state == "applying" and dialog.busy
    assert not dialog.apply_button.isEnabled()
    qtbot.waitUntil(lambda: dialog.state == "done", timeout=20_000)
    assert dialog.progress.value() == dialog.progress.maximum() > 0
    cards, runs = _db_state(env.col)
    assert cards > 0 and runs == 1
    assert "Imported demo-glossary.txt" in dialog.summary_label.text()
    assert str(dialog.report.backup) in dialog.summary_label.text()
    qtbot.mouseClick(dialog.close_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: env.window.dialog is None)
    assert env.window.pages.currentWidget() is env.window.deck_page


def test_file_button_uses_the_injected_chooser(qtbot: QtBot, tmp_path: Path) -> None:
    """File… asks the dialogs object for a path and previews the chosen file."""
    env = make_window(qtbot, tmp_path)
    env.dialogs.open_paths.append(DEMO)
    dialog = env.window.open_import()
    file_button = next(b for b in dialog._choose_controls if b.text() == "&File…")
    qtbot.mouseClick(file_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: dialog.state == "preview", timeout=20_000)
    assert dialog.report is not None and dialog.report.file == DEMO


def test_reimporting_the_same_file_offers_nothing_to_apply(qtbot: QtBot, tmp_path: Path) -> None:
    """An up-to-date glossary previews as 'changes nothing' and Apply is disabled."""
    env = make_window(qtbot, tmp_path, demo=True)
    dialog = env.window.open_import(DEMO)
    qtbot.waitUntil(lambda: dialog.state == "preview", timeout=20_000)
    assert "already up to date" in dialog.preview_label.text()
    assert not dialog.apply_button.isEnabled()


def test_a_bad_file_is_named_in_an_error_and_changes_nothing(qtbot: QtBot, tmp_path: Path) -> None:
    """A missing or non-glossary file shows an error naming it; the collection is untouched."""
    env = make_window(qtbot, tmp_path, demo=True)
    before = _db_state(env.col)
    missing = tmp_path / "nope.txt"
    dialog = env.window.open_import(missing)
    qtbot.waitUntil(lambda: not dialog.busy, timeout=20_000)
    assert dialog.state == "choose"
    assert len(env.dialogs.errors) == 1
    title, text = env.dialogs.errors[0]
    assert title == "Cannot read the glossary"
    assert "nope.txt" in text and "Nothing was changed" in text
    empty = tmp_path / "empty.txt"
    empty.write_text("just a line\n", encoding="utf-8")
    dialog.path_edit.setText(str(empty))
    dialog.preview()
    qtbot.waitUntil(lambda: not dialog.busy, timeout=20_000)
    assert len(env.dialogs.errors) == 2 and "empty.txt" in env.dialogs.errors[1][1]
    assert _db_state(env.col) == before


def test_escape_is_ignored_while_importing(qtbot: QtBot, tmp_path: Path) -> None:
    """While the worker runs the dialog cannot be closed, so nothing else touches the collection."""
    env = make_window(qtbot, tmp_path)
    dialog = env.window.open_import(DEMO)
    qtbot.waitUntil(lambda: dialog.state == "preview", timeout=20_000)
    dialog.apply()
    dialog.reject()
    assert dialog.isVisible() or dialog.state == "done"
    qtbot.waitUntil(lambda: dialog.state == "done", timeout=20_000)
    assert env.col.counts(START).new > 0


def test_report_sections_list_renames_and_skip_reasons(tmp_path: Path) -> None:
    """The preview groups name renames old → new and give the reason for each skipped term."""
    from glosscards import Collection

    with Collection.open(tmp_path / "c.db") as col:
        report = col.import_glossary(DEMO, dry_run=True, now=START)
    sections = dict(report_sections(report))
    assert "Grad Descent — redirect to Gradient Descent Algorithm" in sections["Skipped"]
    assert len(sections["Added"]) == len(report.added)
    assert "Changed" not in sections


def test_selecting_a_changed_term_shows_its_definition_word_diff(
    qtbot: QtBot, tmp_path: Path
) -> None:
    """Re-import preview: clicking a changed or renamed term shows what its definition lost/gained."""
    env = make_window(qtbot, tmp_path, demo=True)
    text = DEMO.read_text(encoding="utf-8")
    update = tmp_path / "demo-glossary-v2.txt"
    update.write_text(
        text.replace("Larger batches give", "Larger batches usually give").replace(
            "Epoch#", "Training Epoch#"
        ),
        encoding="utf-8",
    )
    dialog = env.window.open_import(update)
    qtbot.waitUntil(lambda: dialog.state == "preview", timeout=20_000)
    groups = {
        dialog.changes.topLevelItem(i).text(0).split(" (")[0]: dialog.changes.topLevelItem(i)
        for i in range(dialog.changes.topLevelItemCount())
    }
    changed = groups["Changed"].child(0)
    rect = dialog.changes.visualItemRect(changed)
    qtbot.mouseClick(dialog.changes.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    assert changed.text(0) == "Batch Size"
    html = dialog.diff_view.toHtml()
    assert "usually" in dialog.diff_view.toPlainText()
    assert "underline" in html  # the inserted word is marked
    dialog.changes.setCurrentItem(groups["Renamed"].child(0))
    assert "same" in dialog.diff_view.toPlainText()  # a rename with an unchanged definition
    dialog.changes.setCurrentItem(groups["Added"].child(0) if "Added" in groups else None)
    assert dialog.diff_view.toPlainText() == ""


def test_a_reordered_glossary_can_be_applied_to_save_its_order(
    qtbot: QtBot, tmp_path: Path
) -> None:
    """No term changes but the order does: the preview says so and Apply is offered."""
    env = make_window(qtbot, tmp_path, demo=True)
    lines = DEMO.read_text(encoding="utf-8").split("B#\n")
    reordered = tmp_path / "demo-glossary.txt"
    reordered.write_text("B#\n" + lines[1] + lines[0], encoding="utf-8")
    dialog = env.window.open_import(reordered)
    qtbot.waitUntil(lambda: dialog.state == "preview", timeout=20_000)
    assert "new order" in dialog.preview_label.text()
    assert dialog.apply_button.isEnabled()
    qtbot.mouseClick(dialog.apply_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: dialog.state == "done", timeout=20_000)
    assert dialog.report.reordered and dialog.report.writes_nothing


def test_the_deck_chooser_names_the_matched_deck_and_can_pick_a_new_one(
    qtbot: QtBot, tmp_path: Path
) -> None:
    """A renamed copy previews into its studied deck, first in the chooser with the reason;
    choosing "New deck…" with the keyboard previews again (writing nothing), and Apply makes
    exactly the deck that was previewed."""
    env = make_window(qtbot, tmp_path, demo=True)
    copy = tmp_path / "demo (1).txt"
    copy.write_bytes(DEMO.read_bytes())
    cards = _db_state(env.col)
    qtbot.keyClick(env.window, Qt.Key.Key_I, Qt.KeyboardModifier.ControlModifier)
    dialog = env.window.dialog
    assert dialog is not None
    dialog.path_edit.setText(str(copy))
    qtbot.keyClick(dialog.path_edit, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: dialog.state == "preview", timeout=20_000)
    chooser = dialog.deck_chooser
    assert chooser.currentText() == "demo-glossary"
    assert "already in 'demo-glossary'" in dialog.deck_reason.text()
    assert chooser.itemText(chooser.count() - 1) == "New deck…"
    chooser.setFocus()
    qtbot.keyClick(chooser, Qt.Key.Key_End)
    qtbot.waitUntil(lambda: dialog.report is not None and dialog.report.deck_is_new, timeout=20_000)
    assert dialog.report is not None and dialog.report.deck == "demo (1)"
    assert _db_state(env.col) == cards  # previews write nothing
    qtbot.mouseClick(dialog.apply_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: dialog.state == "done", timeout=20_000)
    assert [d.name for d in env.col.decks()] == ["demo-glossary", "demo (1)"]
