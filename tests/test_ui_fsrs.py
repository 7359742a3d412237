"""FSRS in the app and on the command line (issue 16): the reviewer's four different intervals
on an FSRS deck, driven by keys; the deck options' Scheduler group (disabled FSRS fields under
SM-2, the question before a switch, Optimize); `deck options --scheduler …`."""

from __future__ import annotations

from datetime import UTC, timedelta
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from conftest import peek
from glosscards import Collection, Grade
from glosscards.cli import main
from glosscards.deck_study import DeckStudy, SchedulerName
from glosscards.ui.deck_options_dialog import DeckOptionsDialog
from test_ui_helpers import DEMO, START, Env, make_window

FSRS = DeckStudy(scheduler=SchedulerName.FSRS)


def _options(qtbot: QtBot, env: Env) -> DeckOptionsDialog:
    env.window.deck_page.table.selectRow(1)
    dialog = env.window.deck_actions.options()
    assert isinstance(dialog, DeckOptionsDialog)
    qtbot.waitExposed(dialog)
    return dialog


def test_an_fsrs_deck_shows_four_different_intervals_and_a_step_comes_back(
    qtbot: QtBot, tmp_path: Path
) -> None:
    """Space shows the answer of a new card: Again 1m, Hard 6m and Good 10m come back today,
    Easy in days; 1 answers Again, and the card is back once its minute has passed."""
    env = make_window(qtbot, tmp_path, demo=True)
    env.col.set_deck_study("demo-glossary", FSRS, now=env.clock.now)
    env.window.study(None)
    reviewer = env.window.reviewer
    first = reviewer.current
    assert first is not None
    qtbot.keyClick(reviewer, Qt.Key.Key_Space)
    labels = {k: b.text() for k, b in reviewer.answer_buttons.items()}
    assert labels[1] == "Again (1)\n↻ today · 1m"
    assert labels[2] == "Hard (2)\n↻ today · 6m"
    assert labels[3] == "Good (3)\n↻ today · 10m"
    assert labels[4].startswith("Easy (4)\n") and labels[4].endswith("d")
    assert len({label.split("\n")[1] for label in labels.values()}) == 4
    qtbot.keyClick(reviewer, Qt.Key.Key_1)
    assert env.col.history(first.id)[-1].grade == Grade.AGAIN
    shown = reviewer.current
    assert shown is not None and shown.id != first.id
    env.clock.advance(seconds=70)
    qtbot.keyClick(reviewer, Qt.Key.Key_Space)
    qtbot.keyClick(reviewer, Qt.Key.Key_3)
    assert reviewer.current is not None and reviewer.current.id == first.id


def test_the_scheduler_group_switches_after_asking_and_keeps_answers(
    qtbot: QtBot, tmp_path: Path
) -> None:
    """FSRS's fields are off under SM-2 and on under FSRS; OK asks first, naming how many
    cards are rescheduled and that no answer changes; No leaves the deck as it was, Yes
    switches with the chosen retention and steps."""
    env = make_window(qtbot, tmp_path, demo=True)
    for i in range(3):
        card = env.col.next_card(START + timedelta(seconds=i))
        assert card is not None
        env.col.answer(card.id, Grade.GOOD, START + timedelta(seconds=i))
    log = peek(env.col).execute("SELECT * FROM review_log ORDER BY id").fetchall()
    dialog = _options(qtbot, env)
    group = dialog.scheduler_group
    assert group.scheduler_box.currentText().startswith("SM-2")
    assert not group.retention_box.isEnabled() and not group.optimize_button.isEnabled()
    group.scheduler_box.setCurrentIndex(group.scheduler_box.findData("fsrs"))
    assert group.retention_box.isEnabled() and group.learning_edit.isEnabled()
    group.retention_box.setValue(0.85)
    group.learning_edit.setText("2m 15m")
    env.dialogs.confirm_answer = False
    dialog.accept()
    assert env.col.deck_study("demo-glossary").scheduler is SchedulerName.SM2
    question = env.dialogs.asked[-1]
    assert "3 studied cards are rescheduled" in question and "No answer is changed" in question
    env.dialogs.confirm_answer = True
    dialog.accept()
    study = env.col.deck_study("demo-glossary")
    assert study.scheduler is SchedulerName.FSRS and study.fsrs.desired_retention == 0.85
    assert study.fsrs.learning_steps == (timedelta(minutes=2), timedelta(minutes=15))
    db = peek(env.col)
    assert db.execute("SELECT * FROM review_log ORDER BY id").fetchall() == log
    assert db.execute("SELECT count(*) FROM card WHERE stability IS NOT NULL").fetchone() == (3,)


def test_bad_steps_and_too_few_answers_to_optimize_are_said(qtbot: QtBot, tmp_path: Path) -> None:
    """A step that is not a time is refused naming it (nothing saved); Optimize on a deck
    with no history says there are too few answers."""
    env = make_window(qtbot, tmp_path, demo=True)
    dialog = _options(qtbot, env)
    group = dialog.scheduler_group
    group.scheduler_box.setCurrentIndex(group.scheduler_box.findData("fsrs"))
    qtbot.mouseClick(group.optimize_button, Qt.MouseButton.LeftButton)
    assert env.dialogs.errors and "too few" in env.dialogs.errors[-1][1]
    group.learning_edit.setText("1m soon")
    dialog.accept()
    assert "'soon'" in env.dialogs.errors[-1][1]
    assert dialog.isVisible(), "the dialog stays open to fix the steps"
    assert env.col.deck_study("demo-glossary").scheduler is SchedulerName.SM2
    qtbot.keyClick(dialog, Qt.Key.Key_Escape)
    assert not dialog.isVisible()


def _demo(tmp_path: Path) -> Path:
    path = tmp_path / "collection.db"
    with Collection.open(path, tz=UTC) as col:
        col.import_glossary(DEMO, now=START, backup=False)
        card = col.next_card(START)
        assert card is not None
        col.answer(card.id, Grade.GOOD, START)
    return path


def test_deck_options_sets_the_scheduler_and_its_options(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """`--scheduler fsrs --retention … --max-interval … --learning-steps …` switches, says how
    many cards were rescheduled, and `deck list --json` shows the choice; a bad step, a
    retention out of range and a fit without history are one line each, exit 2."""
    path = _demo(tmp_path)
    args = ["--collection", str(path), "deck", "options", "demo-glossary"]
    chosen = ["--scheduler", "fsrs", "--retention", "0.85", "--max-interval", "365"]
    assert main([*args, *chosen, "--learning-steps", "2m 15m"]) == 0
    out = capsys.readouterr().out
    assert "switched to fsrs; 1 studied cards rescheduled" in out
    assert "retention 0.85, at most 365 days, learning steps 2m 15m" in out
    with Collection.open(path, tz=UTC, readonly=True) as col:
        study = col.deck_study("demo-glossary")
    assert study.scheduler is SchedulerName.FSRS and study.fsrs.maximum_interval_days == 365
    assert main(["--collection", str(path), "deck", "list", "--json"]) == 0
    assert '"scheduler": "fsrs"' in capsys.readouterr().out
    for bad, said in (
        (["--learning-steps", "1m later"], "'later'"),
        (["--retention", "0.5"], "desired_retention"),
        (["--fit-fsrs"], "too few"),
    ):
        assert main([*args, *bad]) == 2
        err = capsys.readouterr().err.strip()
        assert len(err.splitlines()) == 1 and said in err
    assert main([*args, "--scheduler", "sm2"]) == 0
    assert "switched to sm2" in capsys.readouterr().out


def test_the_statistics_show_the_predicted_recall_of_an_fsrs_deck(
    qtbot: QtBot, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """The statistics window's Predicted recall box shows the mean for an FSRS deck and
    "FSRS only" for an SM-2 one; `stats --json` has the same figure (null under SM-2)."""
    import json

    from glosscards.ui.stats_window import StatsWindow

    path = _demo(tmp_path)
    later = START + timedelta(days=3)
    with Collection.open(path, tz=UTC) as col:
        window = StatsWindow(col, clock=lambda: later)
        qtbot.addWidget(window)
        window.wait()  # the figures are computed on a worker thread
        assert window.recall_box.detail.text().startswith("FSRS only")
        col.set_deck_study("demo-glossary", FSRS, now=START)
        expected = col.statistics(later, charts=False).recall
        assert expected is not None and expected.mean is not None and expected.cards == 1
        window.reload()
        window.wait()
        assert window.recall_box.value.text() == f"{expected.mean:.1%}"
        assert "1 card" in window.recall_box.detail.text()
        window.workload.wait()
    assert main(["--collection", str(path), "stats", "--json"]) == 0
    shown = json.loads(capsys.readouterr().out)["predicted_recall"]
    assert shown["cards"] == 1 and shown["desired_retention"] == 0.9
    assert 0 < shown["mean"] <= expected.mean  # `stats` looks at the wall clock: later
