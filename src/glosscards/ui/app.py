"""``glosscards-app``: open the collection and show the main window.

``--collection PATH`` (or ``$GLOSSCARDS_COLLECTION``, else the user data folder) chooses the
collection. A collection that cannot be opened — not a collection, damaged, or open in another
glosscards — is reported in a dialog naming the file and the problem; nothing is changed.
"""

from __future__ import annotations

import argparse
import sqlite3
import sys
from collections.abc import Sequence
from pathlib import Path

from PySide6.QtWidgets import QApplication, QMessageBox

from glosscards.collection import Collection
from glosscards.errors import GlosscardsError
from glosscards.storage.file_check import CollectionDamagedError
from glosscards.ui.dialogs import Dialogs
from glosscards.ui.main_window import MainWindow

__all__ = ["create_app", "main"]

EXIT_CANNOT_OPEN = 2


def _arguments(argv: Sequence[str]) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="glosscards-app", description="Study a glossary.")
    parser.add_argument("--collection", type=Path, help="the collection file to open")
    args, _qt_args = parser.parse_known_args(argv)
    return args


def create_app(argv: Sequence[str] | None = None) -> QApplication:
    """The application object (reused if one exists), named for settings and the desktop."""
    existing = QApplication.instance()
    if isinstance(existing, QApplication):
        return existing
    app = QApplication([sys.argv[0], *(argv or [])])
    app.setApplicationName("glosscards")
    app.setApplicationDisplayName("glosscards")
    app.setDesktopFileName("glosscards")
    return app


def open_or_offer_restore(path: Path | None, dialogs: Dialogs) -> Collection:
    """Open the collection; when it is damaged, offer to restore its newest good backup (the
    damaged file is kept aside), and open that. Declining, or any other error, raises."""
    try:
        return Collection.open(path)
    except CollectionDamagedError as error:
        from glosscards.restore import restore_backup
        from glosscards.storage.backup import newest_good_backup

        good = newest_good_backup(error.path)
        if good is None or not dialogs.confirm(
            None,
            "The collection is damaged",
            f"{error}\n\nRestore the newest good backup, {good.name}? The damaged file is"
            " kept beside the backups.",
        ):
            raise
        restore_backup(good, error.path)
        return Collection.open(error.path)


def main(argv: Sequence[str] | None = None) -> int:
    arguments = list(sys.argv[1:] if argv is None else argv)
    args = _arguments(arguments)
    app = create_app(arguments)
    try:
        col = open_or_offer_restore(args.collection, Dialogs())
    except (GlosscardsError, OSError, sqlite3.Error) as error:
        QMessageBox.critical(None, "Cannot open the collection", str(error))
        return EXIT_CANNOT_OPEN
    window = MainWindow(col)
    window.show()
    return app.exec()


if __name__ == "__main__":
    sys.exit(main())
