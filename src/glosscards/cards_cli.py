"""``glosscards cards --check``: the cards that break the card maker's rules, and why."""

from __future__ import annotations

import argparse
import json
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # loaded by the command, not by the parser (--help)
    from glosscards.card_check import CardCheck

__all__ = ["add_cards_parser", "run_cards_command"]


def add_cards_parser(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    cards = commands.add_parser("cards", help="check the cards: answers shown, thin prompts…")
    cards.add_argument(
        "--check",
        action="store_true",
        required=True,
        help="list the cards that break a rule, with the reason",
    )
    cards.add_argument("--deck", help="only this deck (default: every deck)")
    cards.add_argument("--json", action="store_true", help="print JSON for scripts")
    cards.add_argument(
        "--limit", type=int, default=50, help="cards listed per reason (default 50; 0: all)"
    )


def run_cards_command(args: argparse.Namespace) -> int:
    from glosscards.collection import Collection

    with Collection.open(args.collection, readonly=True) as col:
        result = col.check_cards(deck=args.deck)
    if args.json:
        print(json.dumps(_as_json(result), ensure_ascii=False, indent=2))
    else:
        _print(result, limit=args.limit)
    return 0


def _print(result: CardCheck, *, limit: int) -> None:
    from glosscards.card_check import MAX_QUESTION, MIN_QUESTION

    short_share = result.short / result.questions if result.questions else 0.0
    print(
        f"{result.notes} notes, {result.questions} cards; {result.short} questions "
        f"({short_share:.1%}) under {MIN_QUESTION} characters besides the gap, "
        f"{result.long} over {MAX_QUESTION}"
    )
    if not result.problems:
        print("no card breaks a rule")
        return
    for reason, count in result.counts.most_common():
        print(f"{reason}: {count}")
        listed = [p for p in result.problems if p.reason == reason]
        for problem in listed[: limit or None]:
            print(f"  {problem.deck}: {problem.term} (card {problem.ordinal})")
        if limit and len(listed) > limit:
            print(f"  … (+{len(listed) - limit})")


def _as_json(result: CardCheck) -> dict[str, object]:
    return {
        "notes": result.notes,
        "cards": result.questions,
        "short_questions": result.short,
        "long_questions": result.long,
        "counts": dict(result.counts),
        "problems": [
            {"deck": p.deck, "term": p.term, "card": p.ordinal, "reason": p.reason}
            for p in result.problems
        ],
    }
