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


def main(argv: Sequence[str] | None = None) -> int:
    arguments = list(sys.argv[1:] if argv is None else argv)
    args = _arguments(arguments)
    app = create_app(arguments)
    try:
        col = Collection.open(args.collection)
    except (GlosscardsError, OSError, sqlite3.Error) as error:
        QMessageBox.critical(None, "Cannot open the collection", str(error))
        return EXIT_CANNOT_OPEN
    window = MainWindow(col)
    window.show()
    return app.exec()


if __name__ == "__main__":
    sys.exit(main())
