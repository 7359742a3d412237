"""The browser: search by typing (and what a refused search shows), sort by every column, the
header's column menu (remembered), the sidebar's searches, details with history, suspend,
and the window's splitter kept for the next window."""

from __future__ import annotations

from datetime import UTC
from pathlib import Path

from PySide6.QtCore import QPoint, Qt
from PySide6.QtGui import QColor, QPalette
from PySide6.QtWidgets import QWidget
from pytestqt.qtbot import QtBot

from browser_clicks import click_entry, click_sidebar, entry, four_terms_file, open_menu, shown
from glosscards import Grade
from glosscards.browse import BrowseRow, sort_rows
from glosscards.ui.browser import SPLITTER_KEY, BrowserWindow, error_colour
from glosscards.ui.browser_model import COLUMN_TITLES, COLUMNS, BrowserModel, display_cell
from glosscards.ui.window_memory import ui_settings
from test_ui_helpers import START, make_window


def _row(card_id: int, term: str, **kw: object) -> BrowseRow:
    values: dict[str, object] = {
        "card_id": card_id,
        "note_id": card_id,
        "term": term,
        "ordinal": 1,
        "deck": "ai-glossary",
        "phase": "review",
        "due_day": 20_149,  # 2025-03-02
        "interval_days": 6,
        "ease": 2.5,
        "reviews": 2,
        "lapses": 0,
        "suspended": False,
        "retired": False,
        "new_position": 0,
    }
    values.update(kw)
    return BrowseRow(**values)  # type: ignore[arg-type]


def test_model_formats_plain_rows_without_a_window(qtbot: QtBot) -> None:
    """The table model shows term, card, deck, due date, interval label, ease %, reviews,
    lapses."""
    model = BrowserModel(UTC)
    model.set_rows(
        [_row(1, "Epoch"), _row(2, "Embedding", phase="new", due_day=None, new_position=7)]
    )
    assert model.rowCount() == 2 and model.columnCount() == len(COLUMN_TITLES) == 8
    assert COLUMN_TITLES == (
        "Term",
        "Card",
        "Deck",
        "Due",
        "Interval",
        "Ease",
        "Reviews",
        "Lapses",
    )
    cells = [model.data(model.index(0, c)) for c in range(8)]
    assert cells == ["Epoch", "term", "ai-glossary", "2025-03-02", "6d", "250%", "2", "0"]
    assert model.data(model.index(1, 3)) == "new #7"
    assert model.data(model.index(1, 4)) == ""
    assert model.rowCount(model.index(0, 0)) == 0


def test_model_replaces_and_removes_rows_in_place(qtbot: QtBot) -> None:
    """After a bulk action the model shows the new rows where the old ones were and takes out
    the rows of deleted cards; the others keep their places."""
    model = BrowserModel(UTC)
    model.set_rows([_row(i, f"t{i}") for i in range(1, 7)])
    model.replace_rows([_row(3, "t3", suspended=True), _row(99, "not shown")])
    assert model.card_ids() == [1, 2, 3, 4, 5, 6]
    assert model.row_at(2) is not None and model.row_at(2).suspended
    model.remove_cards([2, 3, 6, 99])
    assert model.card_ids() == [1, 4, 5]
    assert model.row_of(4) == 1 and model.row_of(3) == -1


def test_model_sorts_tuples_and_keeps_new_cards_last_by_due(qtbot: QtBot) -> None:
    """Sorting by due puts scheduled cards first (earliest first), then new cards by position."""
    model = BrowserModel(UTC)
    model.set_rows(
        [
            _row(1, "b", phase="new", due_day=None, new_position=2),
            _row(2, "a", due_day=200),
            _row(3, "c", phase="new", due_day=None, new_position=1),
            _row(4, "d", due_day=100),
        ]
    )
    model.sort(COLUMNS.index("due"), Qt.SortOrder.AscendingOrder)
    assert model.card_ids() == [4, 2, 3, 1]
    model.sort(0, Qt.SortOrder.DescendingOrder)
    assert model.card_ids() == [4, 3, 1, 2]


def test_display_names_the_card_and_marks_suspended(qtbot: QtBot) -> None:
    """The Card column names which card of the note it is (the term card, the acronym card);
    a suspended card says so in the due column."""
    row = _row(1, "Large Language Model", ordinal=2, suspended=True)
    assert display_cell(row, COLUMNS.index("term"), UTC) == "Large Language Model"
    assert display_cell(row, COLUMNS.index("card"), UTC) == "acronym"
    assert display_cell(row._replace(ordinal=1), COLUMNS.index("card"), UTC) == "term"
    assert display_cell(row, COLUMNS.index("due"), UTC).startswith("(suspended) ")


def test_typing_a_search_and_enter_filters_the_table(qtbot: QtBot, tmp_path: Path) -> None:
    """Typing in the search box and pressing Enter shows only the matching cards."""
    env = make_window(qtbot, tmp_path, demo=True)
    qtbot.keyClick(env.window, Qt.Key.Key_B)  # Tools → Browse
    browser = env.window.browser
    assert browser is not None
    total = browser.model.rowCount()
    assert total > 20
    browser.search_box.clear()
    qtbot.keyClicks(browser.search_box, "gradient")
    qtbot.keyClick(browser.search_box, Qt.Key.Key_Return)
    terms = {browser.model.row_at(r).term for r in range(browser.model.rowCount())}
    assert "Gradient Descent Algorithm" in terms
    assert "Epoch" not in terms
    assert browser.status.text() == f"{browser.model.rowCount()} cards"
    browser.search_box.clear()
    qtbot.keyClicks(browser.search_box, "-gradient -tag:L")
    qtbot.keyClick(browser.search_box, Qt.Key.Key_Return)
    terms = {browser.model.row_at(r).term for r in range(browser.model.rowCount())}
    assert "Gradient Descent Algorithm" not in terms and "Learning Rate" not in terms
    assert "Epoch" in terms


def test_a_bad_query_is_reported_and_keeps_the_rows(qtbot: QtBot, tmp_path: Path) -> None:
    """``is:nonsense`` shows what is wrong and leaves the table as it was."""
    env = make_window(qtbot, tmp_path, demo=True)
    browser = env.window.open_browser()
    before = browser.model.rowCount()
    browser.search_box.setText("is:nonsense")
    qtbot.keyClick(browser.search_box, Qt.Key.Key_Return)
    assert "is:nonsense" in browser.status.text()
    assert browser.model.rowCount() == before


def _colour(widget: QWidget, role: QPalette.ColorRole) -> QColor:
    return widget.palette().color(role)


def test_an_invalid_search_says_what_is_wrong(qtbot: QtBot, tmp_path: Path) -> None:
    """``deck:nosuchdeck ((`` does not silently show "0 cards": the parentheses are named in the
    error colour, the search box is marked and the rows stay; a valid search clears it all, and
    a deck that is not there is said to be missing, with the decks there are."""
    env = make_window(qtbot, tmp_path, demo=True)
    browser = env.window.open_browser()
    qtbot.keyClicks(browser.search_box, "gradient")
    qtbot.keyClick(browser.search_box, Qt.Key.Key_Return)
    before = browser.model.card_ids()
    normal = _colour(browser.status, QPalette.ColorRole.WindowText)
    red = error_colour(browser.palette())
    assert red != normal
    browser.search_box.clear()
    qtbot.keyClicks(browser.search_box, "deck:nosuchdeck ((")
    qtbot.keyClick(browser.search_box, Qt.Key.Key_Return)
    assert browser.status.text().startswith("((: parentheses do not group words here")
    assert browser.search_error == browser.status.text()
    assert _colour(browser.status, QPalette.ColorRole.WindowText) == red
    assert _colour(browser.search_box, QPalette.ColorRole.Text) == red
    assert browser.error_mark in browser.search_box.actions()
    assert browser.error_mark.toolTip() == browser.search_error
    assert browser.model.card_ids() == before
    browser.search_box.setText("deck:nosuchdeck")
    qtbot.keyClick(browser.search_box, Qt.Key.Key_Return)
    deck = env.col.decks()[0].name
    assert browser.status.text() == f"0 cards — there is no deck 'nosuchdeck' (decks: '{deck}')"
    assert browser.search_error is None
    assert browser.error_mark not in browser.search_box.actions()
    assert _colour(browser.status, QPalette.ColorRole.WindowText) == normal
    assert _colour(browser.search_box, QPalette.ColorRole.Text) != red


def _click_header(qtbot: QtBot, browser: BrowserWindow, column: int) -> None:
    header = browser.table.horizontalHeader()
    browser.table.scrollTo(browser.model.index(0, column))
    x = header.sectionViewportPosition(column) + header.sectionSize(column) // 2
    qtbot.mouseClick(header.viewport(), Qt.MouseButton.LeftButton, pos=QPoint(x, 5))


def test_every_column_sorts_by_a_header_click(qtbot: QtBot, tmp_path: Path) -> None:
    """A click on each header sorts by that column (the order :func:`sort_rows` defines, the
    one a new search uses); a second click reverses it."""
    env = make_window(qtbot, tmp_path, demo=True)
    env.col.import_glossary(four_terms_file(tmp_path), deck="four-terms", now=START)
    for grade in (Grade.GOOD, Grade.AGAIN, Grade.EASY, Grade.HARD):
        card = env.col.next_card(START)
        assert card is not None
        env.col.answer(card.id, grade, START)
    browser = env.window.open_browser()
    qtbot.waitExposed(browser)
    header = browser.table.horizontalHeader()
    for column in range(len(COLUMNS)):
        browser.columns.set_shown(column, True)  # Ease and Lapses are hidden at first
    for column, key in enumerate(COLUMNS):
        _click_header(qtbot, browser, column)
        rows = shown(browser)
        # The table opens sorted by term, so its first click reverses; the others ascend.
        descending = header.sortIndicatorOrder() == Qt.SortOrder.DescendingOrder
        assert header.sortIndicatorSection() == column and descending == (key == "term")
        assert rows == sort_rows(rows, key, descending=descending), key
        _click_header(qtbot, browser, column)
        assert shown(browser) == sort_rows(rows, key, descending=not descending), key
        browser.run_search("")  # a new search keeps the order the header shows
        assert shown(browser) == sort_rows(rows, key, descending=not descending), key
    assert len({r.deck for r in shown(browser)}) == 2
    assert {r.ordinal for r in shown(browser)} == {1, 2}


def test_the_header_menu_hides_and_shows_columns_remembered(qtbot: QtBot, tmp_path: Path) -> None:
    """A right-click on the header lists the columns, checked when shown (Ease and Lapses are
    off at first); checking Ease shows it, unchecking Reviews hides it, Term cannot be hidden,
    and a new browser window opens with the same columns."""
    env = make_window(qtbot, tmp_path, demo=True)
    browser = env.window.open_browser()
    header = browser.table.horizontalHeader()
    ease = COLUMNS.index("ease")
    assert header.isSectionHidden(ease) and header.isSectionHidden(COLUMNS.index("lapses"))
    menu = open_menu(qtbot, header.viewport(), QPoint(10, 5), lambda: browser.columns.menu)
    assert [a.text() for a in menu.actions()] == list(COLUMN_TITLES)
    checked = {a.text() for a in menu.actions() if a.isChecked()}
    assert checked == set(COLUMN_TITLES) - {"Ease", "Lapses"}
    assert not entry(menu, "Term").isEnabled()
    click_entry(qtbot, menu, "Ease")
    assert not header.isSectionHidden(ease) and not menu.isVisible()
    menu = open_menu(qtbot, header.viewport(), QPoint(10, 5), lambda: browser.columns.menu)
    assert entry(menu, "Ease").isChecked()
    click_entry(qtbot, menu, "Term")  # disabled: nothing happens
    assert not header.isSectionHidden(0)
    menu.close()
    menu = open_menu(qtbot, header.viewport(), QPoint(10, 5), lambda: browser.columns.menu)
    click_entry(qtbot, menu, "Reviews")

    again = BrowserWindow(env.col, env.clock)
    qtbot.addWidget(again)
    hidden = {key for c, key in enumerate(COLUMNS) if again.table.isColumnHidden(c)}
    assert hidden == {"reviews", "lapses"}
    header = again.table.horizontalHeader()
    menu = open_menu(qtbot, header.viewport(), QPoint(10, 5), lambda: again.columns.menu)
    click_entry(qtbot, menu, "Lapses")
    assert not again.table.isColumnHidden(COLUMNS.index("lapses"))
    third = BrowserWindow(env.col, env.clock)
    qtbot.addWidget(third)
    assert {key for c, key in enumerate(COLUMNS) if third.table.isColumnHidden(c)} == {"reviews"}


def test_a_sidebar_click_runs_its_search(qtbot: QtBot, tmp_path: Path) -> None:
    """The sidebar lists the decks, the card states and the tags; a click (or Enter) puts the
    entry's search in the box and runs it, a Ctrl+click adds it to the search there."""
    env = make_window(qtbot, tmp_path, demo=True)
    env.col.import_glossary(four_terms_file(tmp_path), deck="four-terms", now=START)
    browser = env.window.open_browser()
    qtbot.waitExposed(browser)
    sidebar = browser.sidebar
    decks = [sidebar.decks.child(i).text(0) for i in range(sidebar.decks.childCount())]
    assert decks == ["demo-glossary", "four-terms"]
    states = [sidebar.states.child(i).text(0) for i in range(sidebar.states.childCount())]
    assert {"New", "Learning", "Due", "Suspended", "Buried", "Retired", "Weak"} <= set(states)
    tags = [sidebar.tags.child(i).text(0) for i in range(sidebar.tags.childCount())]
    assert tags == env.col.tags() and "Model" in tags

    click_sidebar(qtbot, browser, "four-terms")
    assert browser.search_box.text() == "deck:four-terms"
    assert {r.deck for r in shown(browser)} == {"four-terms"} and len(shown(browser)) == 4
    card = shown(browser)[0].card_id
    env.col.suspend(card)
    click_sidebar(qtbot, browser, "Suspended")
    assert browser.search_box.text() == "is:suspended"
    assert browser.model.card_ids() == [card]
    click_sidebar(qtbot, browser, "demo-glossary")
    click_sidebar(qtbot, browser, "Model", ctrl=True)
    assert browser.search_box.text() == "deck:demo-glossary tag:Model"
    wanted = env.col.find_cards("deck:demo-glossary tag:Model", now=START)
    assert set(browser.model.card_ids()) == {r.card_id for r in wanted} and wanted
    click_sidebar(qtbot, browser, "All cards")
    assert browser.search_box.text() == ""
    assert browser.model.rowCount() == len(env.col.find_cards("", now=START))
    sidebar.setCurrentItem(sidebar.entry("New"))
    qtbot.keyClick(sidebar, Qt.Key.Key_Return)  # from the keyboard too
    assert browser.search_box.text() == "is:new"
    assert browser.model.rowCount() == len(env.col.find_cards("is:new", now=START))


def test_the_splitter_is_kept_for_the_next_window(qtbot: QtBot, tmp_path: Path) -> None:
    """The sidebar, table and detail pane keep the widths they were given (the sidebar's
    exactly; the window's own place is :mod:`glosscards.ui.window_memory`'s)."""
    env = make_window(qtbot, tmp_path, demo=True)
    browser = env.window.open_browser()
    qtbot.waitExposed(browser)
    default = browser.splitter.sizes()
    browser.splitter.setSizes([120, 600, 280])
    sidebar = browser.splitter.sizes()[0]
    assert sidebar == 120 != default[0]
    browser.close()
    assert ui_settings().value(SPLITTER_KEY) is not None
    again = BrowserWindow(env.col, env.clock, env.window)
    qtbot.addWidget(again)
    again.show()
    qtbot.waitExposed(again)
    assert again.splitter.sizes()[0] == 120
    assert again.splitter.sizes()[1] > again.splitter.sizes()[2]


def test_details_show_text_and_history_and_suspend_toggles(qtbot: QtBot, tmp_path: Path) -> None:
    """Selecting a card shows its text and review history; Suspend and Unsuspend work."""
    env = make_window(qtbot, tmp_path, demo=True)
    card = env.col.next_card(START)
    assert card is not None
    env.col.answer(card.id, Grade.HARD, START, duration_ms=2500)
    browser = env.window.open_browser()
    assert browser.select_card(card.id)
    assert browser.details is not None and browser.details.card_id == card.id
    assert card.term in browser.card_view.toPlainText()
    assert browser.history.rowCount() == 1
    assert browser.history.item(0, 1).text() == "Hard"
    assert browser.history.item(0, 4).text() == "2s"
    qtbot.mouseClick(browser.suspend_button, Qt.MouseButton.LeftButton)
    row = browser.model.row_of(card.id)
    assert browser.model.row_at(row).suspended
    assert browser.suspend_button.text().replace("&", "") == "Unsuspend"
    assert env.col.next_card(START) is None or env.col.next_card(START).id != card.id
    browser.run_search("is:suspended")
    assert browser.model.card_ids() == [card.id]
    qtbot.mouseClick(browser.suspend_button, Qt.MouseButton.LeftButton)
    browser.run_search("is:suspended")
    assert browser.model.card_ids() == []


def test_keyboard_reaches_search_and_table(qtbot: QtBot, tmp_path: Path) -> None:
    """Ctrl+F focuses the search box; arrow keys move the selection and the details follow."""
    env = make_window(qtbot, tmp_path, demo=True)
    browser = env.window.open_browser()
    qtbot.waitExposed(browser)
    browser.table.setFocus()
    first = browser.details
    qtbot.keyClick(browser.table, Qt.Key.Key_Down)
    assert browser.details is not None and first is not None
    assert browser.details.card_id != first.card_id


def test_is_weak_lists_the_cards_the_card_check_flags(qtbot: QtBot, tmp_path: Path) -> None:
    """Typing ``is:weak`` shows the cards that break a card rule: none of the demo's, then the
    one whose edited prompt gives its own answer away."""
    env = make_window(qtbot, tmp_path, demo=True)
    qtbot.keyClick(env.window, Qt.Key.Key_B)  # Tools → Browse
    browser = env.window.browser
    assert browser is not None
    browser.search_box.clear()
    qtbot.keyClicks(browser.search_box, "is:weak")
    qtbot.keyClick(browser.search_box, Qt.Key.Key_Return)
    assert browser.model.rowCount() == 0 and browser.status.text() == "0 cards"
    card = next(r for r in env.col.find_cards('term:"Epoch"') if r.ordinal == 1)
    env.col.edit_note(
        card.card_id,
        text="{{c1::Epoch}}<br>An Epoch is one pass over the whole training set.",
        back_extra="",
    )
    qtbot.keyClick(browser.search_box, Qt.Key.Key_Return)
    assert [browser.model.row_at(r).term for r in range(browser.model.rowCount())] == ["Epoch"]
