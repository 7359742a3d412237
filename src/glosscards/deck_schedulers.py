"""Which scheduler answers each deck's cards: SM-2 (as the settings say: four buttons or six
qualities) or FSRS with the deck's own options (:class:`glosscards.deck_study.DeckStudy`).

:class:`DeckSchedulers` builds each deck's scheduler once and keeps it until the settings or a
deck's study choices change (:meth:`DeckSchedulers.changed`), so the review hot path asks a dict,
not the database. A deck that never chose has SM-2, the collection's default.

In six-grade mode the reviewer offers SM-2's qualities 0-5 for every deck; an FSRS deck is
answered with the button each quality stands for (q 0-2 Again, 3 Hard, 4 Good, 5 Easy, as a
replay maps them) through :class:`QualityAnswers`.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from datetime import datetime, tzinfo

from glosscards.deck_study import DEFAULT_DECK_STUDY, DeckStudy, SchedulerName
from glosscards.scheduler.day import SchedulingDay
from glosscards.scheduler.fsrs_scheduler import FsrsOptions, FsrsScheduler
from glosscards.scheduler.grade import GradeMode, answers_for, validate_quality
from glosscards.scheduler.replay import button_for_quality
from glosscards.scheduler.seam import Answered, Preview, Scheduler
from glosscards.scheduler.sm2_scheduler import Sm2Scheduler
from glosscards.scheduler.state import CardState
from glosscards.values import Settings

__all__ = ["DeckSchedulers", "QualityAnswers", "scheduler_for"]


class QualityAnswers:
    """A scheduler of the four buttons answered with SM-2's qualities 0-5 (six-grade mode)."""

    def __init__(self, buttons: Scheduler) -> None:
        self.buttons = buttons
        self.name = buttons.name
        self.one_review_a_day = buttons.one_review_a_day
        self.answers: tuple[int, ...] = answers_for(GradeMode.SM2_SIX)

    def answer(
        self, state: CardState, answer: int, *, at: datetime, day: SchedulingDay
    ) -> Answered:
        button = button_for_quality(validate_quality(answer))
        return self.buttons.answer(state, button, at=at, day=day)

    def preview(
        self, state: CardState, *, day: SchedulingDay, at: datetime | None = None
    ) -> Preview:
        shown = self.buttons.preview(state, day=day, at=at)
        button = {q: button_for_quality(q) for q in self.answers}
        return Preview(
            {q: shown.intervals[b] for q, b in button.items()},
            frozenset(q for q, b in button.items() if b in shown.again_today),
        )


def scheduler_for(study: DeckStudy, *, settings: Settings, tz: tzinfo) -> Scheduler:
    """The scheduler of a deck with ``study``'s choices, under the collection's ``settings``
    (grade mode; the rollover hour says on which day an FSRS learning step falls)."""
    if study.scheduler is not SchedulerName.FSRS:
        return Sm2Scheduler(mode=settings.grade_mode)
    fsrs = FsrsScheduler(study.fsrs, tz=tz, rollover_hour=settings.rollover_hour)
    return fsrs if settings.grade_mode is GradeMode.FOUR_BUTTONS else QualityAnswers(fsrs)


class DeckSchedulers:
    """Each deck's scheduler, built on first use and kept until :meth:`changed`."""

    def __init__(
        self,
        *,
        tz: tzinfo,
        settings: Callable[[], Settings],
        studies: Callable[[], Mapping[int, DeckStudy]],
    ) -> None:
        self._tz = tz
        self._settings = settings
        self._load = studies
        self._studies: Mapping[int, DeckStudy] | None = None
        self._default: Scheduler | None = None
        self._by_deck: dict[int, Scheduler] = {}

    def changed(self) -> None:
        """The settings or a deck's study choices changed: build the schedulers again."""
        self._studies = None
        self._default = None
        self._by_deck.clear()

    def _chosen(self) -> Mapping[int, DeckStudy]:
        if self._studies is None:
            self._studies = self._load()
        return self._studies

    @property
    def default(self) -> Scheduler:
        """SM-2, as the settings say: the scheduler of every deck that did not choose FSRS."""
        if self._default is None:
            self._default = Sm2Scheduler(mode=self._settings().grade_mode)
        return self._default

    def of(self, deck: int) -> Scheduler:
        """The scheduler of the deck with id ``deck``."""
        found = self._by_deck.get(deck)
        if found is None:
            study = self._chosen().get(deck)
            if study is None or study.scheduler is not SchedulerName.FSRS:
                found = self.default
            else:
                found = scheduler_for(study, settings=self._settings(), tz=self._tz)
            self._by_deck[deck] = found
        return found

    def study_of(self, deck: int) -> DeckStudy:
        """The study choices of the deck with id ``deck`` (the defaults if it made none)."""
        return self._chosen().get(deck, DEFAULT_DECK_STUDY)

    def fsrs_decks(self) -> dict[int, FsrsOptions]:
        """The FSRS options of every deck that uses FSRS, by deck id."""
        return {
            deck: study.fsrs
            for deck, study in self._chosen().items()
            if study.scheduler is SchedulerName.FSRS
        }
