"""``glosscards sync``: two-way sync with AnkiWeb or a self-hosted Anki sync server.

The password comes from ``$GLOSSCARDS_SYNC_PASSWORD`` or, at a terminal, a prompt; it is needed
only to log in (the first time, or for another server or user): afterwards the host key the
server gave is used. A failure prints one line and exits 2.
"""

from __future__ import annotations

import argparse
import getpass
import json
import os
import sys
from dataclasses import asdict

from glosscards.collection import Collection
from glosscards.errors import SyncFailedError

__all__ = ["PASSWORD_VARIABLE", "add_sync_parsers", "run_sync_command"]

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


def _password(col: Collection, args: argparse.Namespace) -> str | None:
    """The password to log in with, or None to use the kept login."""
    given = os.environ.get(PASSWORD_VARIABLE)
    if given:
        return given
    saved = col.sync_login()
    same_server = args.server is None or args.server == saved.get("endpoint", None)
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
    return getpass.getpass(f"Password for {args.username or saved.get('username')}: ")


def run_sync_command(args: argparse.Namespace) -> int:
    with Collection.open(args.collection) as col:
        password = _password(col, args)
        say = None if args.json else (lambda phase: print(f"… {phase}", file=sys.stderr))
        result = col.sync(args.server, args.username, password, progress=say)
    if args.json:
        print(json.dumps(asdict(result), indent=2))
    else:
        print(result.summary())
        if result.server_message:
            print(f"server: {result.server_message}")
    return 0
