"""``glosscards deck options NAME --scheduler sm2|fsrs --retention 0.9 --max-interval 36500
--learning-steps "1m 10m" --relearning-steps "10m" --fit-fsrs``: a deck's scheduler and FSRS's
options on the command line, as the deck options dialog's Scheduler group sets them.

A switch reschedules every studied card of the deck from its history (no answer is changed),
and says how many; FSRS options alone change no card (see :mod:`glosscards.collection_fsrs`).
"""

from __future__ import annotations

import argparse
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from glosscards.collection import Collection
    from glosscards.deck_study import DeckStudy

__all__ = [
    "add_scheduler_options",
    "apply_scheduler_options",
    "scheduler_chosen",
    "scheduler_json",
    "scheduler_text",
]

# What the options' help names, written out so that building the parser (``--help``) does not
# load py-fsrs; tests/test_cli_imports.py checks them against deck_study and fsrs_scheduler.
SCHEDULER_NAMES = ("sm2", "fsrs")
RETENTION_RANGE = (0.70, 0.97)
MAX_INTERVAL_DAYS = 36500


def add_scheduler_options(parser: argparse.ArgumentParser) -> None:
    """The scheduler's options of ``deck options``, each with its help."""
    parser.add_argument(
        "--scheduler",
        choices=SCHEDULER_NAMES,
        help="the deck's algorithm: sm2 (SM-2 as published) or fsrs; switching reschedules"
        " every studied card from its review history, changing no answer",
    )
    parser.add_argument(
        "--retention",
        type=float,
        metavar="R",
        help=f"FSRS: the share of cards to recall when due ({RETENTION_RANGE[0]}-{RETENTION_RANGE[1]})",
    )
    parser.add_argument(
        "--max-interval",
        type=int,
        metavar="DAYS",
        help=f"FSRS: the longest interval, in days (1-{MAX_INTERVAL_DAYS})",
    )
    parser.add_argument(
        "--learning-steps",
        metavar="STEPS",
        help='FSRS: the steps of a new card, e.g. "1m 10m" (s, m, h, d; "" for none)',
    )
    parser.add_argument(
        "--relearning-steps",
        metavar="STEPS",
        help='FSRS: the steps of a forgotten card, e.g. "10m"',
    )
    parser.add_argument(
        "--fit-fsrs",
        action="store_true",
        help="FSRS: fit its parameters to the deck's answers (Anki's optimizer) and keep them",
    )


def scheduler_chosen(args: argparse.Namespace) -> bool:
    """Whether ``args`` change anything of the deck's scheduler."""
    return args.fit_fsrs or any(
        getattr(args, name) is not None
        for name in (
            "scheduler", "retention", "max_interval", "learning_steps", "relearning_steps"
        )
    )  # fmt: skip


def _chosen_study(col: Collection, deck: str, args: argparse.Namespace) -> DeckStudy:
    import dataclasses

    from glosscards.deck_study import SchedulerName
    from glosscards.step_text import parse_steps

    study = col.deck_study(deck)
    options = col.fit_fsrs(deck) if args.fit_fsrs else study.fsrs
    changes = {
        "desired_retention": args.retention,
        "maximum_interval_days": args.max_interval,
        "learning_steps": None if args.learning_steps is None else parse_steps(args.learning_steps),
        "relearning_steps": (
            None if args.relearning_steps is None else parse_steps(args.relearning_steps)
        ),
    }
    options = dataclasses.replace(options, **{k: v for k, v in changes.items() if v is not None})
    scheduler = study.scheduler if args.scheduler is None else SchedulerName(args.scheduler)
    return dataclasses.replace(study, scheduler=scheduler, fsrs=options)


def apply_scheduler_options(col: Collection, deck: str, args: argparse.Namespace) -> None:
    """Store what ``args`` choose for ``deck``'s scheduler (one transaction with a switch's
    rescheduling) and say what happened."""
    before = col.deck_study(deck)
    study = _chosen_study(col, deck, args)
    switched = study.scheduler != before.scheduler
    studied = col.studied_cards(deck) if switched else 0
    col.set_deck_study(deck, study)
    if switched:
        print(
            f"{deck}: switched to {study.scheduler}; {studied} studied cards rescheduled from"
            " their review history (no answer changed)"
        )
    if args.fit_fsrs:
        print(f"{deck}: FSRS parameters fitted to its answers")


def scheduler_json(study: DeckStudy) -> dict[str, object]:
    """A deck's scheduler and FSRS options, for ``deck list --json`` and the summary line."""
    from glosscards.step_text import format_steps

    options = study.fsrs
    return {
        "scheduler": str(study.scheduler),
        "desired_retention": options.desired_retention,
        "maximum_interval_days": options.maximum_interval_days,
        "learning_steps": format_steps(options.learning_steps),
        "relearning_steps": format_steps(options.relearning_steps),
    }


def scheduler_text(study: DeckStudy) -> str:
    """One line on a deck's scheduler, as ``deck options`` prints it."""
    from glosscards.deck_study import SchedulerName
    from glosscards.step_text import format_steps

    if study.scheduler is not SchedulerName.FSRS:
        return "scheduled by SM-2"
    o = study.fsrs
    return (
        f"scheduled by FSRS: retention {o.desired_retention:.2f}, at most"
        f" {o.maximum_interval_days} days, learning steps {format_steps(o.learning_steps) or 'none'},"
        f" relearning steps {format_steps(o.relearning_steps) or 'none'}"
    )
