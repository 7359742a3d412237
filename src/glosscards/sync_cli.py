"""``glosscards sync``: two-way sync with AnkiWeb or a self-hosted Anki sync server; and
``glosscards import-progress FILE``: the same answers brought home offline, from an Anki export.

The password comes from ``$GLOSSCARDS_SYNC_PASSWORD`` or, at a terminal, a prompt; it is needed
only to log in (the first time, or for another server or user): afterwards the host key the
server gave is used. A failure prints one line and exits 2.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from glosscards.errors import CollectionError, SyncFailedError

if TYPE_CHECKING:  # loaded by the commands, not by the parser (--help)
    from glosscards.collection import Collection

__all__ = [
    "PASSWORD_VARIABLE",
    "add_sync_parsers",
    "run_import_progress_command",
    "run_sync_command",
]

PASSWORD_VARIABLE = "GLOSSCARDS_SYNC_PASSWORD"


def add_sync_parsers(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    sync = commands.add_parser(
        "sync",
        help="sync with AnkiWeb or your own Anki sync server (answers from your phone come home)",
    )
    sync.add_argument(
        "--server",
        metavar="URL",
        help="a self-hosted Anki sync server, e.g. http://192.168.1.5:8080/"
        " (default: the last one used, else AnkiWeb)",
    )
    sync.add_argument(
        "--username",
        metavar="NAME",
        help=f"log in as NAME (the password: ${PASSWORD_VARIABLE} or a prompt)",
    )
    sync.add_argument("--json", action="store_true", help="print what moved as JSON")

    progress = commands.add_parser(
        "import-progress",
        help="bring home the answers you gave in Anki, from an Anki export (no server needed)",
        description="Read an Anki .apkg exported with 'Include scheduling information', or a"
        " .colpkg, and add the answers given in Anki to the cards' histories; the cards are"
        " rescheduled from their history. glosscards' own answers in it are recognised"
        " and never added twice. A backup of the collection comes first.",
    )
    progress.add_argument(
        "file",
        type=Path,
        help="the Anki export: an .apkg with scheduling information, or a .colpkg",
    )
    progress.add_argument("--json", action="store_true", help="print what was imported as JSON")


def _password(col: Collection, args: argparse.Namespace) -> str | None:
    """The password to log in with, or None to use the kept login."""
    from glosscards.anki_sync import server_url  # loads genanki: not for `glosscards --help`

    given = os.environ.get(PASSWORD_VARIABLE)
    if given:
        return given
    saved = col.sync_login()
    same_server = args.server is None or server_url(args.server) == saved.get("endpoint", "")
    same_user = args.username is None or args.username == saved.get("username")
    if saved.get("username") and same_server and same_user:
        return None
    if not sys.stdin.isatty():
        who = args.username or saved.get("username")
        raise SyncFailedError(
            args.server or saved.get("endpoint") or "AnkiWeb",
            f"not logged in{f' as {who}' if who else ''}: set ${PASSWORD_VARIABLE}"
            " (or run at a terminal to be asked)",
        )
    import getpass

    return getpass.getpass(f"Password for {args.username or saved.get('username')}: ")


def run_sync_command(args: argparse.Namespace) -> int:
    from glosscards.collection import Collection
    from glosscards.paths import default_collection_path

    path = (args.collection or default_collection_path()).expanduser()
    if not path.exists():  # glosscards' notes come from a glossary, never from the server
        raise CollectionError(path, "no collection here: import a glossary first, then sync it")
    with Collection.open(path) as col:
        password = _password(col, args)
        say = None if args.json else (lambda phase: print(f"… {phase}", file=sys.stderr))
        result = col.sync(args.server, args.username, password, progress=say)
    if args.json:
        from dataclasses import asdict

        print(json.dumps(asdict(result), indent=2))
    else:
        print(result.summary())
        if result.server_message:
            print(f"server: {result.server_message}")
    return 0


def run_import_progress_command(args: argparse.Namespace) -> int:
    from glosscards.collection import Collection
    from glosscards.paths import default_collection_path
    from glosscards.progress_import import check_package_file

    check_package_file(args.file.expanduser())  # before the collection opens
    target = args.collection if args.collection is not None else default_collection_path()
    if not target.expanduser().exists():
        raise CollectionError(target, "no collection at this path: import a glossary first")
    with Collection.open(target) as col:
        result = col.import_progress(args.file)
    if args.json:
        print(json.dumps(result.to_json_dict(), indent=2, ensure_ascii=False))
    else:
        print(result.summary())
    return 0
