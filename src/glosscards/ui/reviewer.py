"""The study screen: question, Show Answer, the graded answer buttons, and the session summary.

Keys (handled here, so they work whichever child has focus): Space or Enter shows the answer and,
on the answer side, answers Good; 1-4 (or 0-5 in six-grade mode) answer; ``-`` buries; ``@``
suspends; E edits the card's note (:mod:`glosscards.ui.edit_dialog`), which is shown again as
saved; Ctrl+Z undoes the collection's last step of today — an answer, bury, suspend or edit, or a
change made in the browser, also one from before the app was last closed; Escape goes back to
the decks. In a deck that types answers the question has a text box with the focus, which
takes every key that types (:mod:`glosscards.ui.typed_answer_box`); Enter shows the answer with
the comparison and chooses Good if it was right, else Again: Space or Enter answers with it, and
another grade's key or button chooses that one instead (pressed again, it answers).
All work is one call on the Collection; the answer time is measured from the moment the
question was shown.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from datetime import datetime
from functools import partial

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QFocusEvent, QKeyEvent, QKeySequence, QResizeEvent
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QPushButton,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from glosscards.collection import Collection
from glosscards.custom_study import CustomSession
from glosscards.errors import CollectionWriteError, GlosscardsError
from glosscards.scheduler.grade import Grade, GradeMode, answers_for
from glosscards.ui.card_html import link_see_also
from glosscards.ui.card_view import CardView, UrlOpener, open_in_system_browser
from glosscards.ui.dialogs import Dialogs
from glosscards.ui.edit_dialog import NoteEditor
from glosscards.ui.formatting import (
    SIX_GRADE_LABELS,
    format_duration,
    format_interval,
    next_due_text,
)
from glosscards.ui.text_size import TextSize
from glosscards.ui.typed_answer_box import TypedAnswerBox
from glosscards.values import ReviewCard, UndoStep

__all__ = ["Reviewer"]

Clock = Callable[[], datetime]

_GOOD_SIX = 4  # the quality Space/Enter gives in six-grade mode (SM-2's "correct, hesitated")


def _answer_label(choice: int, mode: GradeMode) -> str:
    """The button's caption with its key, as the other buttons show theirs: "Good (3)"."""
    name = SIX_GRADE_LABELS[choice] if mode is GradeMode.SM2_SIX else Grade(choice).label
    return f"{name} ({choice})"


class Reviewer(QWidget):
    """Studies one deck (or all) until nothing is left today.

    ``state`` is ``"question"``, ``"answer"`` or ``"done"``. Signals: ``closed`` (back to the
    decks), ``termRequested(name)`` (a see-also link), ``changed`` (counts to refresh).
    """

    closed = Signal()
    termRequested = Signal(str)
    customStudyRequested = Signal()
    """The summary's "Custom study" (or /): the window offers more to study."""
    browseRequested = Signal()
    changed = Signal()
    message = Signal(str)
    failed = Signal(str)
    """A write that did not happen (the text says what and why): the window shows a dialog."""

    def __init__(
        self,
        col: Collection,
        clock: Clock,
        parent: QWidget | None = None,
        *,
        ticker: Callable[[], float] = time.monotonic,
        open_url: UrlOpener = open_in_system_browser,
        dialogs: Dialogs | None = None,
    ) -> None:
        super().__init__(parent)
        self._col = col
        self._clock = clock
        self._ticker = ticker
        self.editor = NoteEditor(col, dialogs or Dialogs(), self, clock=clock)
        self.editor.saved.connect(self._edited)
        self.editor.closed.connect(self._edit_closed)
        self._edit_opened = 0.0
        self._deck: int | None = None
        self._custom: CustomSession | None = None
        self.current: ReviewCard | None = None
        self.state = "done"
        self.preselected: int | None = None
        """After a typed answer, the grade Space and Enter give (None: Good, as always)."""
        self._shown_at = 0.0
        self._session: list[tuple[int, int]] = []  # (card id, duration ms) of each answer
        self._mode = GradeMode.FOUR_BUTTONS
        self._tool_labels: dict[QPushButton, tuple[str, str]] = {}
        self._compact = False
        self._build(open_url)
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)

    # -- layout --------------------------------------------------------------------------------

    def _build(self, open_url: UrlOpener) -> None:
        self.counts_label = QLabel()
        self.counts_label.setAlignment(Qt.AlignmentFlag.AlignHCenter)
        self.view = CardView(self, open_url=open_url)
        self.view.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.typing = TypedAnswerBox()  # a deck that types answers: the box under the question
        # Relative sizes: they follow the system font and DPI; Ctrl+= / Ctrl+- scale them.
        self._base_point_size = self.view.font().pointSizeF() * 1.35
        self.text_size = TextSize()
        self._apply_text_size()
        self.view.document().setDocumentMargin(18)
        self.view.termRequested.connect(self.termRequested)
        self.view.linkRefused.connect(
            lambda url: self.message.emit(f"Refused to open {url}: only http and https links open")
        )
        self.show_answer_button = self._button("Show Answer", self.show_answer)
        self.show_answer_button.setToolTip("Space or Enter")
        self.answer_row = QWidget()
        self._answer_layout = QHBoxLayout(self.answer_row)
        self._answer_layout.setContentsMargins(0, 0, 0, 0)
        self.answer_buttons: dict[int, QPushButton] = {}
        self.bottom = QStackedWidget()
        self.bottom.addWidget(self.show_answer_button)
        self.bottom.addWidget(self.answer_row)
        self.bottom.setMaximumHeight(self.show_answer_button.sizeHint().height() * 3)
        # On a wide screen the buttons stay within reach of each other, as in Anki.
        self.bottom.setMaximumWidth(self.fontMetrics().averageCharWidth() * 110)

        self.undo_button = self._tool("Undo (Ctrl+Z)", "Undo", self.undo)
        self.bury_button = self._tool("Bury (-)", "Bury", self.bury)
        self.suspend_button = self._tool("Suspend (@)", "Suspend", self.suspend)
        self.edit_button = self._tool("Edit (E)", "Edit", self.edit)
        self.decks_button = self._tool("Decks (Esc)", "Decks", self.closed.emit)
        tools = QHBoxLayout()
        for widget in (self.undo_button, self.bury_button, self.suspend_button, self.edit_button):
            tools.addWidget(widget)
        tools.addStretch()
        tools.addWidget(self.decks_button)

        study = QWidget()
        study_layout = QVBoxLayout(study)
        study_layout.setContentsMargins(0, 0, 0, 0)
        study_layout.addWidget(self.counts_label)
        study_layout.addWidget(self.view, 1)
        study_layout.addWidget(self.typing)
        centred = QHBoxLayout()  # as wide as the window, up to the maximum, centred
        centred.addStretch(1)
        centred.addWidget(self.bottom, 1000)
        centred.addStretch(1)
        study_layout.addLayout(centred)
        study_layout.addLayout(tools)

        self.summary_label = QLabel()
        self.summary_label.setWordWrap(True)
        self.summary_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        done_button = self._button("Back to decks (Enter)", self.closed.emit)
        self.summary_undo_button = self._button("Undo (Ctrl+Z)", self.undo)
        done = QWidget()
        done_layout = QVBoxLayout(done)
        done_layout.addStretch()
        done_layout.addWidget(self.summary_label)
        row = QHBoxLayout()
        row.addStretch()
        row.addWidget(self.summary_undo_button)
        row.addWidget(done_button)
        row.addStretch()
        done_layout.addLayout(row)
        # What to do next, as Anki's congratulations screen offers.
        self.custom_study_button = self._button("Custom study… (/)", self.customStudyRequested.emit)
        self.browse_button = self._button("Browse (B)", self.browseRequested.emit)
        more = QHBoxLayout()
        more.addStretch()
        more.addWidget(self.custom_study_button)
        more.addWidget(self.browse_button)
        more.addStretch()
        done_layout.addLayout(more)
        done_layout.addStretch()

        self.pages = QStackedWidget()
        self.pages.addWidget(study)
        self.pages.addWidget(done)
        layout = QVBoxLayout(self)
        layout.addWidget(self.pages)

    def zoom(self, by: int) -> int:
        """Card text one step larger (1), smaller (-1) or back to normal (0); remembered for the
        next session. Returns the size in percent."""
        percent = self.text_size.step(by)
        self._apply_text_size()
        self.message.emit(f"Card text at {percent}%")
        return percent

    def _apply_text_size(self) -> None:
        font = self.view.font()
        font.setPointSizeF(self._base_point_size * self.text_size.percent / 100)
        self.view.setFont(font)
        self.typing.setFont(font)

    def _tool(self, full: str, short: str, slot: Callable[[], object]) -> QPushButton:
        """A button of the row under the card; in a narrow window it drops its key (the
        tooltip and Help → Keyboard shortcuts still show it)."""
        button = self._button(full, slot)
        button.setToolTip(full)
        self._tool_labels[button] = (full, short)
        button.setMinimumWidth(button.fontMetrics().horizontalAdvance(short) + 16)
        return button

    @property
    def compact(self) -> bool:
        """Whether the window is too narrow for the buttons' full labels."""
        return self._compact

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        metrics = self.fontMetrics()
        full = sum(metrics.horizontalAdvance(f) + 32 for f, _ in self._tool_labels.values())
        compact = self.width() < full + 40
        if compact != self._compact:
            self._compact = compact
            for button, (long_text, short_text) in self._tool_labels.items():
                button.setText(short_text if compact else long_text)
            if self.state == "answer":
                self._label_answer_buttons()

    def _button(self, text: str, slot: Callable[[], object]) -> QPushButton:
        button = QPushButton(text)
        # Keys are handled by the reviewer itself; a focused button would eat Space.
        button.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        button.clicked.connect(lambda _checked=False: slot())
        return button

    def _make_answer_buttons(self) -> None:
        mode = self._col.settings.grade_mode
        if mode is self._mode and self.answer_buttons:
            return
        self._mode = mode
        for button in self.answer_buttons.values():
            self._answer_layout.removeWidget(button)
            button.deleteLater()
        self.answer_buttons = {}
        for choice in answers_for(mode):
            button = self._button(_answer_label(choice, mode), partial(self.choose, int(choice)))
            button.setToolTip(f"Key {int(choice)}")
            # Narrow enough for a 420-pixel window: the compact labels' width, not the full one.
            button.setMinimumWidth(button.fontMetrics().horizontalAdvance(button.text()) + 16)
            self._answer_layout.addWidget(button)
            self.answer_buttons[int(choice)] = button

    # -- session -------------------------------------------------------------------------------

    def start(self, deck: int | None = None, session: CustomSession | None = None) -> None:
        """Begin a session on ``deck`` (a deck id) or on all decks; with a custom study
        ``session`` (started by the window, see ``Collection.start_custom_study``), study that
        session of its deck instead."""
        self._deck = deck if session is None else session.deck
        self._custom = session
        self._session = []
        self._make_answer_buttons()
        self._next()

    @property
    def session(self) -> CustomSession | None:
        """The custom study session being studied, or None for the regular queue."""
        return self._custom

    @property
    def deck(self) -> int | None:
        """The deck id being studied, or None for all decks."""
        return self._deck

    @property
    def studied(self) -> int:
        return len(self._session)

    def _next(self) -> None:
        now = self._clock()
        card = self._col.next_card(now, deck=self._deck, session=self._custom)
        if card is None:
            self._finish(now)
        else:
            self._show_question(card)
        self.changed.emit()

    def _show_question(self, card: ReviewCard) -> None:
        self.current = card
        self.state = "question"
        self._update_counts()
        self.view.show_html(card.question_html)
        self.bottom.setCurrentWidget(self.show_answer_button)
        self.pages.setCurrentIndex(0)
        self._set_study_buttons(True)
        self._preselect(None)
        self.typing.ask(card.typed)
        self._shown_at = self._ticker()

    def _update_counts(self) -> None:
        counts = self._col.counts(self._clock(), deck=self._deck, session=self._custom)
        if self._custom is not None:
            from glosscards.ui.custom_study_dialog import describe_session

            about = describe_session(self._custom)
            self.counts_label.setText(f"Custom study: {about}  ·  {counts.total} left")
            return
        self.counts_label.setText(
            f"New {counts.new}  ·  Learning {counts.learning}  ·  Due {counts.review}"
        )

    def _set_study_buttons(self, enabled: bool) -> None:
        for button in (self.bury_button, self.suspend_button, self.edit_button):
            button.setEnabled(enabled)
        self._update_undo_buttons()

    def _update_undo_buttons(self) -> None:
        """The undo buttons are on while the collection has a step of today to take back."""
        step = self._col.undo_step(self._clock())
        for button in (self.undo_button, self.summary_undo_button):
            button.setEnabled(step is not None)
        self.summary_undo_button.setToolTip("" if step is None else f"Undo the {step.description}")

    def show_answer(self) -> None:
        if self.state != "question" or self.current is None:
            return
        self.state = "answer"
        self._show_side()
        self._label_answer_buttons()
        self.bottom.setCurrentWidget(self.answer_row)
        typed = self.typing.reveal()
        if typed is not None:  # right: Good, wrong: Again, until another is chosen
            six = self._mode is GradeMode.SM2_SIX
            good, again = (_GOOD_SIX, 1) if six else (int(Grade.GOOD), int(Grade.AGAIN))
            self._preselect(good if typed.correct else again)
            self.setFocus()

    def _preselect(self, choice: int | None) -> None:
        """Make ``choice`` the grade Space and Enter give (the default button); None: Good."""
        self.preselected = choice
        for key, button in self.answer_buttons.items():
            button.setDefault(key == choice)

    def choose(self, choice: int) -> None:
        """A grade's key or button: it answers, except after a typed answer, where a grade
        other than the one chosen becomes the chosen one (Space, Enter or the same key again
        answers with it)."""
        if self.preselected is not None and choice != self.preselected:
            if self.state == "answer" and choice in self.answer_buttons:
                self._preselect(choice)
            return
        self.answer(choice)

    def _label_answer_buttons(self) -> None:
        """Each button: its grade, its key, and the interval it gives the shown card."""
        card = self.current
        if card is None:
            return
        intervals = {int(k): v for k, v in card.next_intervals.items()}  # keyed 1-4, or 0-5
        for choice, button in self.answer_buttons.items():
            label = _answer_label(choice, self._mode)
            span = intervals.get(choice)
            if span is None:
                button.setText(label)
                continue
            # SM-2's step 7: an answer below 4 also brings the card back later today.
            again = ("↻ " if self._compact else "↻ today · ") if choice in card.again_today else ""
            button.setText(f"{label}\n{again}{format_interval(span)}")

    def _show_side(self) -> None:
        """The shown card's question or answer, as the card now is."""
        card = self.current
        if card is not None and self.state == "answer":
            self.view.show_html(link_see_also(card.answer_html, card.see_also))
        elif card is not None:
            self.view.show_html(card.question_html)

    def edit(self) -> None:
        """E: edit the shown card's note; the time the dialog is open is not answer time."""
        if self.state in ("question", "answer") and self.current is not None:
            self._edit_opened = self._ticker()
            self.editor.open(self.current.id)

    def _edit_closed(self) -> None:
        self._shown_at += self._ticker() - self._edit_opened
        self.setFocus()

    def _edited(self, card_id: int, _before: tuple[str, str]) -> None:
        self.message.emit("Saved the card (Ctrl+Z to undo)")
        self.note_changed(card_id)  # shows it anew and offers its undo

    def note_changed(self, card_id: int) -> None:
        """A card's note was edited (here or in the browser): show it anew if it is on screen;
        the undo buttons now offer that edit."""
        self._update_undo_buttons()
        shown = self.current
        if shown is None or self.state == "done":
            return
        if self._col.editable_note(card_id).note_id == shown.note_id:
            self.current = self._col.review_card(shown.id, self._clock())
            self._show_side()

    def answer(self, choice: int) -> None:
        """Answer the shown card with a button (1-4) or, in six-grade mode, a quality (0-5)."""
        if self.state != "answer" or self.current is None or choice not in self.answer_buttons:
            return
        duration = int((self._ticker() - self._shown_at) * 1000)
        card_id = self.current.id
        try:
            self._col.answer(card_id, choice, self._clock(), duration_ms=duration)
        except CollectionWriteError as error:  # a full disk: the card stays, to answer again
            self.failed.emit(f"Your answer was not saved.\n\n{error}")
            self.message.emit("Not saved: answer again once the problem is solved")
            return
        except GlosscardsError as error:  # e.g. suspended in the browser meanwhile
            self.message.emit(f"Not recorded: {error}")
            self._next()
            return
        self._session.append((card_id, max(0, duration)))
        self._next()
        problem = self._col.backup_problem
        if problem is not None:
            self.message.emit(f"The automatic backup failed (it is tried again): {problem}")

    def undo(self, *, follow: bool = False) -> bool:
        """Take back the collection's last step of today (``Collection.undo``: this session's,
        an earlier one's, the browser's). A step about one card that brings it back — an answer,
        a bury, a suspension — shows that card again (True: a card is shown); an undone edit
        shows the card on screen anew; after any other step the session goes on. A card this
        session does not study is not shown in it, unless ``follow`` (Ctrl+Z away from the
        reviewer): the reviewer then studies all decks, from that card."""
        now = self._clock()
        try:
            result = self._col.undo(now)
        except GlosscardsError as error:  # e.g. a full disk: nothing was changed
            self.message.emit(f"Cannot undo: {error}")
            return False
        if result is None:
            self.message.emit("Nothing to undo")
            self._update_undo_buttons()
            return False
        step = result.step
        if step.kind == "answer" and self._session and self._session[-1][0] == result.card_id:
            self._session.pop()
        card = self._card_to_show(step, now, follow=follow)
        if card is not None:
            self._show_question(card)
        elif step.kind == "edit":
            self._update_undo_buttons()
        else:
            self._next()
        self.message.emit(f"Undid the {step.description}")
        self.changed.emit()
        return card is not None

    def _card_to_show(
        self, step: UndoStep, now: datetime, *, follow: bool = False
    ) -> ReviewCard | None:
        """The card an undone step brings back to study, if it is about one such card."""
        if len(step.card_ids) != 1:
            return None
        card_id = step.card_ids[0]
        if step.kind == "edit":
            shown = self.current
            if shown is None or self.state == "done":
                return None
            if self._col.editable_note(card_id).note_id != shown.note_id:
                return None
            return self._col.review_card(shown.id, now)
        if step.kind not in ("answer", "bury", "suspend"):
            return None
        try:
            details = self._col.card_details(card_id)
        except KeyError:
            return None
        if details.suspended or details.retired:
            return None
        # The journal is the collection's: a step made in the browser or in another session
        # brings back a card this session does not study; the session goes on instead.
        other_deck = self._deck is not None and self._col.deck_id(details.deck) != self._deck
        custom = self._custom
        outside = custom is not None and not self._col.in_custom_session(custom, card_id)
        if other_deck or outside:
            if not follow:
                return None
            self._deck, self._custom, self._session = None, None, []
        return self._col.review_card(card_id, now)

    def bury(self) -> None:
        if self.state in ("question", "answer") and self.current is not None:
            self._col.bury(self.current.id, self._clock())
            self.message.emit(f"Buried “{self.current.term}” until tomorrow (Ctrl+Z to undo)")
            self._next()

    def suspend(self) -> None:
        if self.state in ("question", "answer") and self.current is not None:
            self._col.suspend(self.current.id, True, self._clock())
            self.message.emit(f"Suspended “{self.current.term}” (Ctrl+Z to undo)")
            self._next()

    def _finish(self, now: datetime) -> None:
        self.current = None
        self.state = "done"
        self.typing.ask(None)
        total_ms = sum(ms for _, ms in self._session)
        later = self._col.upcoming(now, deck=self._deck)
        lines = [
            "<h2>Congratulations! You have finished for now.</h2>",
            f"<p>Cards studied: {self.studied}<br>Time: {format_duration(total_ms)}</p>",
        ]
        lines.append(f"<p>{next_due_text(later, now, self._col.tz)}</p>")
        self.summary_label.setText("".join(lines))
        self._update_undo_buttons()
        self.pages.setCurrentIndex(1)

    # -- keys ----------------------------------------------------------------------------------

    def focusInEvent(self, event: QFocusEvent) -> None:
        """While a typed answer is asked for, the focus goes on to its box."""
        super().focusInEvent(event)
        if self.state == "question" and self.typing.asking:
            self.typing.edit.setFocus()

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.matches(QKeySequence.StandardKey.Undo):
            self.undo()
            return
        key = event.key()
        text = event.text()
        if key == Qt.Key.Key_Escape:
            self.closed.emit()
        elif self.state == "done":
            if key in (Qt.Key.Key_Return, Qt.Key.Key_Enter, Qt.Key.Key_Space):
                self.closed.emit()
            elif text == "/":
                self.customStudyRequested.emit()
            else:
                super().keyPressEvent(event)
        elif key in (Qt.Key.Key_Space, Qt.Key.Key_Return, Qt.Key.Key_Enter):
            if self.state == "question":
                self.show_answer()
            else:
                good = _GOOD_SIX if self._mode is GradeMode.SM2_SIX else int(Grade.GOOD)
                self.answer(good if self.preselected is None else self.preselected)
        elif text.isdigit() and len(text) == 1:
            self.choose(int(text))
        elif text == "-" or key == Qt.Key.Key_Minus:
            self.bury()
        elif text == "@" or key == Qt.Key.Key_At:
            self.suspend()
        elif text in ("e", "E"):
            self.edit()
        else:
            super().keyPressEvent(event)
