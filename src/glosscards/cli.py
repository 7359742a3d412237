"""The ``glosscards`` command line: import, stats, export, sync, import-progress, backup, restore;
with no command it opens the app (``glosscards-app``), as ``anki`` does.

Every command opens the collection through the same :class:`Collection` façade the app uses.
A user error prints one line naming the file and the problem and exits 2, having written nothing.

Start-up: the parser is built from light modules only, so ``--help`` and a mistyped argument
never load the database layer (SQLAlchemy, SQLModel), py-fsrs, Anki or Qt; each command imports
what it needs when it runs (``tests/test_cli_imports.py`` guards this).
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING

from glosscards.errors import CollectionError, GlosscardsError

if TYPE_CHECKING:
    from glosscards.collection import Collection
    from glosscards.values import ImportReport

__all__ = ["main"]

EXIT_USER_ERROR = 2


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="glosscards",
        description="Flashcards from a glossary, scheduled with SM-2."
        " Run without a command to open the app.",
    )
    parser.add_argument(
        "--collection",
        type=Path,
        help="collection file (default: $GLOSSCARDS_COLLECTION, else the user data folder)",
    )
    commands = parser.add_subparsers(dest="command")

    imp = commands.add_parser("import", help="import a glossary (text file or Markdown folder)")
    imp.add_argument(
        "file", type=Path, help="the glossary: plain text (headings end with #) or Markdown"
    )
    imp.add_argument(
        "--dry-run", action="store_true", help="report what would change; write nothing"
    )
    imp.add_argument("--json", action="store_true", help="print the report as JSON")
    imp.add_argument("--format", choices=("text", "markdown"), help="force the input form")
    imp.add_argument(
        "--replace-edits",
        action="store_true",
        help="cards you edited whose entry changed take the glossary's new version"
        " (default: your edits are kept)",
    )
    which = imp.add_mutually_exclusive_group()
    which.add_argument(
        "--deck", help="deck to import into, made if new (default: the deck sharing most terms)"
    )
    which.add_argument(
        "--new-deck", action="store_true", help="make a new deck even if one shares its terms"
    )

    stats = commands.add_parser("stats", help="print card counts and study figures")
    stats.add_argument("--json", action="store_true", help="print JSON for scripts")
    stats.add_argument("--deck", help="only this deck (default: the whole collection)")
    stats.add_argument(
        "--period", choices=("1m", "3m", "1y", "all"), default="3m", help="how far back to look"
    )

    export = commands.add_parser("export", help="export the collection as an Anki .apkg")
    export.add_argument("file", type=Path, help="the Anki package (.apkg) to write")
    export.add_argument(
        "--deck",
        action="append",
        help="a glosscards deck to export (repeat for several; default: all)",
    )
    export.add_argument("--anki-parent", help="put each deck under this Anki deck (Parent::deck)")
    export.add_argument("--anki-deck", help="put every card into this one Anki deck instead")
    export.add_argument(
        "--include-retired", action="store_true", help="also export terms the glossary dropped"
    )
    export.add_argument(
        "--with-progress",
        action="store_true",
        help="carry each card's schedule and answers (import in Anki with learning progress);"
        " dropped terms come along, suspended and tagged glosscards::retired",
    )

    deck = commands.add_parser("deck", help="list, rename, delete decks; set their daily limits")
    deck_commands = deck.add_subparsers(dest="deck_command", required=True)
    deck_list = deck_commands.add_parser("list", help="the decks, their cards and limits")
    deck_list.add_argument("--json", action="store_true", help="print JSON for scripts")
    rename = deck_commands.add_parser("rename", help="rename a deck")
    rename.add_argument("name", help="the deck's name now")
    rename.add_argument("new_name", help="its new name")
    delete = deck_commands.add_parser(
        "delete", help="delete a deck with its cards and answers (after a backup)"
    )
    delete.add_argument("name", help="the deck to delete")
    delete.add_argument("--yes", action="store_true", help="confirm: really delete it")
    options = deck_commands.add_parser(
        "options", help="show or set a deck's daily limits and how its new cards come"
    )
    options.add_argument("name", help="the deck")
    options.add_argument("--new", type=int, help="new cards a day")
    options.add_argument("--reviews", type=int, help="reviews a day")
    options.add_argument(
        "--default", action="store_true", help="follow the collection's settings again"
    )
    options.add_argument(
        "--order",
        choices=("glossary", "random", "prerequisites"),
        help="the order new cards come in: the glossary's, random (the same each time for a"
        " deck), or prerequisites first (a term after the terms its definition uses)",
    )
    options.add_argument(
        "--type-answer",
        action=argparse.BooleanOptionalAction,
        help="type the term (or the acronym) before the answer shows; --no-type-answer: don't",
    )
    from glosscards.deck_fsrs_cli import add_scheduler_options

    add_scheduler_options(options)

    from glosscards.cards_cli import add_cards_parser

    add_cards_parser(commands)
    from glosscards.sync_cli import add_sync_parsers

    add_sync_parsers(commands)
    commands.add_parser("backup", help="back up the collection now")
    commands.add_parser(
        "check", help="check the collection's integrity; name the newest good backup if damaged"
    )
    restore = commands.add_parser(
        "restore", help="restore a backup (backs up the current state first)"
    )
    restore.add_argument("backup", type=Path, help="the backup file to restore (.db)")
    return parser


def _print_report(report: ImportReport, *, replace_edits: bool = False) -> None:
    verb = "would change" if report.dry_run else "changed"
    new = "new deck " if report.deck_is_new else "deck "
    print(f"{new}'{report.deck}': {report.deck_reason}")
    print(f"{report.file} ({report.format}): {verb}")
    for name, count in report.counts.items():
        print(f"  {name:<10} {count:>6}")
    for label, names in (
        ("added", report.added),
        ("changed", report.changed),
        ("removed", report.removed),
        ("restored", report.restored),
        ("re-made by the improved card maker (answers kept)", report.remade),
    ):
        if names:
            shown = ", ".join(names[:20]) + (f", … (+{len(names) - 20})" if len(names) > 20 else "")
            print(f"{label}: {shown}")
    _print_edits(report, replace_edits=replace_edits)
    if report.reordered:
        print("order: unchanged terms stand in a new order (new cards follow it)")
    for rename in report.renames:
        print(f"renamed: {rename.old} → {rename.new} (by {rename.matched_by})")
    if report.skipped:
        print(f"skipped ({len(report.skipped)}):")
        for name in report.skipped[:50]:
            print(f"  {name}: {report.skipped_reasons.get(name, '')}")
        if len(report.skipped) > 50:
            print(f"  … (+{len(report.skipped) - 50})")
    if report.backup is not None:
        print(f"backup: {report.backup}")


def _print_edits(report: ImportReport, *, replace_edits: bool) -> None:
    """The edited cards whose glossary entry changed, and what the import does with each."""
    if not report.edited_changed:
        return
    names = report.edited_changed
    if report.dry_run:
        print(f"edited by you, entry changed ({len(names)}): {', '.join(names)}")
        if replace_edits:
            print("  with --replace-edits they take the glossary's new version")
        else:
            print("  your edits are kept; --replace-edits takes the glossary's new version")
        return
    replaced = set(report.edits_replaced)
    kept = [name for name in names if name not in replaced]
    if kept:
        print(f"kept your edit ({len(kept)}): {', '.join(kept)}")
    if report.edits_replaced:
        shown = ", ".join(report.edits_replaced)
        print(f"replaced your edit by the glossary's ({len(replaced)}): {shown}")


def _cmd_import(args: argparse.Namespace) -> int:
    from glosscards.glossary.reader import read_glossary
    from glosscards.importing import require_something_to_learn

    parsed = read_glossary(args.file, format=args.format)  # a bad file creates no collection
    require_something_to_learn(parsed, args.file)
    with _collection_for_import(args.collection, dry_run=args.dry_run) as col:
        report = col.import_glossary(
            args.file,
            dry_run=args.dry_run,
            format=args.format,
            deck=args.deck,
            new_deck=args.new_deck,
            parsed=parsed,
            replace_edits=args.replace_edits,
        )
    if args.json:
        import json

        print(json.dumps(report.to_json_dict(), ensure_ascii=False, indent=2))
    else:
        _print_report(report, replace_edits=args.replace_edits)
    return 0


@contextmanager
def _collection_for_import(path: Path | None, *, dry_run: bool) -> Iterator[Collection]:
    """The collection to import into. A dry run writes nothing anywhere: it reads an existing
    collection read-only (so it also works while the app has it open), and plans against an
    empty, temporary one when there is no collection yet."""
    import tempfile

    from glosscards.collection import Collection
    from glosscards.paths import default_collection_path

    target = path if path is not None else default_collection_path()
    if not dry_run:
        with Collection.open(target) as col:
            yield col
    elif target.exists():
        with Collection.open(target, readonly=True) as col:
            yield col
    else:
        with tempfile.TemporaryDirectory() as tmp, Collection.open(Path(tmp) / "empty.db") as col:
            col.review_backup_interval = None
            yield col


def _cmd_stats(args: argparse.Namespace) -> int:
    from glosscards.collection import Collection
    from glosscards.stats import Period
    from glosscards.stats_cli import print_stats

    with Collection.open(args.collection, readonly=True) as col:
        deck = None
        if args.deck is not None:
            ids = [d.id for d in col.decks() if d.name == args.deck]
            if not ids:
                names = ", ".join(d.name for d in col.decks()) or "none"
                raise CollectionError(col.path, f"has no deck {args.deck!r} (decks: {names})")
            deck = ids[0]
        print_stats(col, as_json=args.json, period=Period(args.period), deck=deck)
    return 0


def _cmd_export(args: argparse.Namespace) -> int:
    from glosscards.collection import Collection

    with Collection.open(args.collection, readonly=True) as col:
        result = col.export_apkg(
            args.file,
            deck_name=args.anki_deck,
            decks=args.deck,
            anki_parent=args.anki_parent,
            include_retired=args.include_retired,
            with_progress=args.with_progress,
        )
    print(f"exported {result.notes} notes ({result.cards} cards) to {result.path}")
    return 0


def _cmd_backup(args: argparse.Namespace) -> int:
    from glosscards.collection import Collection

    with Collection.open(args.collection) as col:
        print(f"backup: {col.backup()}")
    return 0


def _cmd_deck(args: argparse.Namespace) -> int:
    from glosscards.deck_cli import run_deck_command

    return run_deck_command(args)


def _cmd_check(args: argparse.Namespace) -> int:
    from glosscards.paths import default_collection_path
    from glosscards.storage.backup import newest_good_backup
    from glosscards.storage.file_check import (
        CollectionDamagedError,
        check_collection_file,
        probe_collection,
    )

    path = args.collection or default_collection_path()
    if not path.exists():
        raise CollectionError(path, "no collection at this path")
    check_collection_file(path)
    good = newest_good_backup(path)
    try:
        state = probe_collection(path, check_integrity=True)
    except CollectionDamagedError as error:
        hint = f"; the newest good backup is {good}" if good else "; there is no good backup"
        raise CollectionDamagedError(path, error.reason + hint) from None
    from glosscards.storage.models import SCHEMA_VERSION

    if state.version is not None and state.version > SCHEMA_VERSION:
        raise CollectionError(
            path, f"is intact but was written by a newer glosscards (schema {state.version})"
        )
    print(f"{path}: ok (schema {state.version}); newest good backup: {good or 'none'}")
    return 0


def _cmd_cards(args: argparse.Namespace) -> int:
    from glosscards.cards_cli import run_cards_command

    return run_cards_command(args)


def _cmd_sync(args: argparse.Namespace) -> int:
    from glosscards.sync_cli import run_sync_command

    return run_sync_command(args)


def _cmd_import_progress(args: argparse.Namespace) -> int:
    from glosscards.sync_cli import run_import_progress_command

    return run_import_progress_command(args)


def _cmd_restore(args: argparse.Namespace) -> int:
    from glosscards.restore import restore_backup

    safety = restore_backup(args.backup, args.collection)
    before = f"; the state before was backed up to {safety}" if safety else ""
    print(f"restored {args.backup}{before}")
    return 0


_COMMANDS = {
    "import": _cmd_import,
    "stats": _cmd_stats,
    "export": _cmd_export,
    "backup": _cmd_backup,
    "check": _cmd_check,
    "deck": _cmd_deck,
    "restore": _cmd_restore,
    "cards": _cmd_cards,
    "sync": _cmd_sync,
    "import-progress": _cmd_import_progress,
}


def _open_app(args: argparse.Namespace) -> int:
    """No command: the app's own entry point (PySide6 is imported only now)."""
    from glosscards.ui import app

    return app.main([] if args.collection is None else ["--collection", str(args.collection)])


def main(argv: Sequence[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    if args.command is None:
        return _open_app(args)
    import sqlite3  # only now: --help and a usage error need none of what a command loads

    try:
        return _COMMANDS[args.command](args)
    except GlosscardsError as error:
        print(f"glosscards: {error}", file=sys.stderr)
        return EXIT_USER_ERROR
    except BrokenPipeError:  # `glosscards import … | head`: the reader left, not an error
        sys.stderr.close()
        return 0
    except (OSError, sqlite3.Error) as error:  # a folder not writable, a full disk: no traceback
        from glosscards.paths import default_collection_path

        where = getattr(error, "filename", None) or args.collection or default_collection_path()
        print(f"glosscards: {where}: {error}", file=sys.stderr)
        return EXIT_USER_ERROR


if __name__ == "__main__":
    sys.exit(main())
