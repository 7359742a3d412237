"""``glosscards deck``: list the decks, rename or delete one, set its daily limits."""

from __future__ import annotations

import argparse
import json

from glosscards.collection import Collection
from glosscards.errors import CollectionError
from glosscards.values import DeckOptions

__all__ = ["run_deck_command"]


def run_deck_command(args: argparse.Namespace) -> int:
    """Run ``glosscards deck list|rename|delete|options`` as parsed into ``args``."""

    changes_options = args.deck_command == "options" and (
        args.default or args.new is not None or args.reviews is not None
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
                    }
                )
            if args.json:
                print(json.dumps(rows, ensure_ascii=False, indent=2))
            for row in [] if args.json else rows:
                own = "" if row["own_limits"] else " (collection default)"
                print(
                    f"{row['deck']}: {row['cards']} cards, {row['notes']} notes;"
                    f" {row['new_per_day']} new and {row['reviews_per_day']} reviews a day{own}"
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
            limits = col.deck_options(args.name)
            own = "" if col.has_own_options(args.name) else " (the collection's default)"
            print(
                f"{args.name}: {limits.new_per_day} new cards and {limits.reviews_per_day}"
                f" reviews a day{own}"
            )
    return 0
