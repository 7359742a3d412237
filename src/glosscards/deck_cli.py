"""``glosscards deck``: list the decks, rename or delete one, set its daily limits and how its
new cards come (order, typed answers)."""

from __future__ import annotations

import argparse
import dataclasses
import json

from glosscards.collection import Collection
from glosscards.deck_fsrs_cli import (
    apply_scheduler_options,
    scheduler_chosen,
    scheduler_json,
    scheduler_text,
)
from glosscards.deck_study import DeckStudy
from glosscards.errors import CollectionError
from glosscards.values import DeckOptions

__all__ = ["run_deck_command"]


def run_deck_command(args: argparse.Namespace) -> int:
    """Run ``glosscards deck list|rename|delete|options`` as parsed into ``args``."""

    changes_options = args.deck_command == "options" and (
        args.default
        or args.new is not None
        or args.reviews is not None
        or _new_cards_chosen(args)
        or scheduler_chosen(args)
    )
    readonly = args.deck_command == "list" or (
        args.deck_command == "options" and not changes_options
    )
    with Collection.open(args.collection, readonly=readonly) as col:
        if args.deck_command == "list":
            rows = []
            for deck in col.decks():
                counts = col.card_counts(deck=deck.id)
                limits = col.deck_options(deck.name)
                rows.append(
                    {
                        "deck": deck.name,
                        "cards": counts["cards"],
                        "notes": counts["notes"],
                        "new_per_day": limits.new_per_day,
                        "reviews_per_day": limits.reviews_per_day,
                        "own_limits": col.has_own_options(deck.name),
                        **_new_cards_json(col.deck_study(deck.name)),
                        **scheduler_json(col.deck_study(deck.name)),
                    }
                )
            if args.json:
                print(json.dumps(rows, ensure_ascii=False, indent=2))
            for row in [] if args.json else rows:
                own = "" if row["own_limits"] else " (collection default)"
                print(
                    f"{row['deck']}: {row['cards']} cards, {row['notes']} notes;"
                    f" {row['new_per_day']} new and {row['reviews_per_day']} reviews a day{own};"
                    f" {_new_cards_text(row)}"
                )
        elif args.deck_command == "rename":
            col.rename_deck(args.name, args.new_name)
            print(f"renamed '{args.name}' to '{args.new_name}'")
        elif args.deck_command == "delete":
            _notes, cards, answers = col.deck_size(args.name)
            if not args.yes:
                raise CollectionError(
                    col.path,
                    f"deleting '{args.name}' removes {cards} cards and {answers} answers;"
                    " add --yes to do it (a backup is made first)",
                )
            done = col.delete_deck(args.name)
            print(
                f"deleted '{done.deck}': {done.notes} notes, {done.cards} cards, {done.answers}"
                f" answers; `glosscards restore {done.backup}` brings them back"
            )
        else:
            if args.default:
                col.set_deck_options(args.name, None)
            elif args.new is not None or args.reviews is not None:
                now = col.deck_options(args.name)
                try:
                    chosen = DeckOptions(
                        new_per_day=now.new_per_day if args.new is None else args.new,
                        reviews_per_day=now.reviews_per_day
                        if args.reviews is None
                        else args.reviews,
                    )
                except ValueError as error:
                    raise CollectionError(col.path, str(error)) from None
                col.set_deck_options(args.name, chosen)
            if _new_cards_chosen(args):
                chosen_study = _new_cards_choice(col.deck_study(args.name), args)
                col.set_deck_study(args.name, chosen_study)
            if scheduler_chosen(args):
                apply_scheduler_options(col, args.name, args)
            limits = col.deck_options(args.name)
            own = "" if col.has_own_options(args.name) else " (the collection's default)"
            print(
                f"{args.name}: {limits.new_per_day} new cards and {limits.reviews_per_day}"
                f" reviews a day{own}"
            )
            print(f"{args.name}: {_new_cards_text(_new_cards_json(col.deck_study(args.name)))}")
            print(f"{args.name}: {scheduler_text(col.deck_study(args.name))}")
    return 0


_ORDER_TEXT = {
    "glossary": "in glossary order",
    "random": "in random order",
    "prerequisites": "prerequisites first",
}


def _new_cards_chosen(args: argparse.Namespace) -> bool:
    return args.order is not None or args.type_answer is not None


def _new_cards_choice(study: DeckStudy, args: argparse.Namespace) -> DeckStudy:
    """``study`` with ``--order`` and ``--type-answer`` / ``--no-type-answer`` applied."""
    from glosscards.new_order import NewCardOrder

    return dataclasses.replace(
        study,
        new_order=study.new_order if args.order is None else NewCardOrder(args.order),
        type_answer=study.type_answer if args.type_answer is None else args.type_answer,
    )


def _new_cards_json(study: DeckStudy) -> dict[str, object]:
    return {"new_order": str(study.new_order), "type_answer": study.type_answer}


def _new_cards_text(row: dict[str, object]) -> str:
    typed = "answers typed" if row["type_answer"] else "answers not typed"
    return f"new cards {_ORDER_TEXT[str(row['new_order'])]}, {typed}"
