"""Every keyboard shortcut of the app, in one table: Help → Keyboard shortcuts shows it and
``docs/shortcuts.md`` is rendered from it (``python -m glosscards.ui.shortcuts > docs/shortcuts.md``).

Tests keep it true: every shortcut a main-window action, the browser or the edit dialog binds
must be listed here under its place, and every menu shortcut listed must be bound. Keys are
written as :class:`QKeySequence` reads them ("Ctrl+Y", "Delete"), so a test can compare them;
this module itself needs no Qt.
"""

from __future__ import annotations

from dataclasses import dataclass

__all__ = [
    "BROWSER",
    "DECK_LIST",
    "EDIT_DIALOG",
    "EVERYWHERE",
    "PLACES",
    "SHORTCUTS",
    "STATISTICS",
    "STUDY",
    "Shortcut",
    "keys_at",
    "render_markdown",
]

EVERYWHERE = "Main window"
DECK_LIST = "Deck list"
STUDY = "Studying"
BROWSER = "Browser"
EDIT_DIALOG = "Edit dialog"
STATISTICS = "Statistics"
PLACES = (EVERYWHERE, DECK_LIST, STUDY, BROWSER, EDIT_DIALOG, STATISTICS)


@dataclass(frozen=True)
class Shortcut:
    """``keys``: each key that does it (any one works); ``where``: one of :data:`PLACES`."""

    keys: tuple[str, ...]
    where: str
    does: str
    shown: str | None = None
    """How to show the keys when listing each would be long ("1–4")."""

    @property
    def key_text(self) -> str:
        return self.shown or " or ".join(self.keys)


def _s(keys: str, where: str, does: str, shown: str | None = None) -> Shortcut:
    return Shortcut(tuple(keys.split(" | ")), where, does, shown)


SHORTCUTS: tuple[Shortcut, ...] = (
    # The menus of the main window (main_window.py, deck_actions.py).
    _s("Ctrl+I", EVERYWHERE, "Import a glossary (File → Import glossary…)"),
    _s("Ctrl+E", EVERYWHERE, "Export to Anki (File → Export to Anki…)"),
    _s("Ctrl+Y", EVERYWHERE, "Sync with AnkiWeb or your Anki sync server (File → Sync…)"),
    _s("Ctrl+Q", EVERYWHERE, "Quit"),
    _s("Ctrl+Z", EVERYWHERE, "Undo today's last step, also an earlier session's"),
    _s("E", EVERYWHERE, "Edit the card being studied"),
    _s("B", EVERYWHERE, "Open the browser"),
    _s("Shift+S", EVERYWHERE, "Open the statistics"),
    _s("Ctrl+,", EVERYWHERE, "Study settings"),
    _s("F1", EVERYWHERE, "List the keyboard shortcuts (Help → Keyboard shortcuts)"),
    _s("Ctrl+= | Ctrl++", EVERYWHERE, "Larger card text (View menu; remembered)", "Ctrl+="),
    _s("Ctrl+-", EVERYWHERE, "Smaller card text"),
    _s("Ctrl+0", EVERYWHERE, "Normal card text"),
    # The deck list (deck_list.py, deck_actions.py).
    _s("Enter", DECK_LIST, "Study the selected deck"),
    _s("F2", DECK_LIST, "Rename the selected deck"),
    _s("Delete", DECK_LIST, "Delete the selected deck (backed up first)"),
    _s("Ctrl+Shift+O", DECK_LIST, "Options of the selected deck"),
    _s("/", DECK_LIST, "Custom study of the selected deck, or all (Tools → Custom study…)"),
    # The reviewer (reviewer.py, keyPressEvent).
    _s("Space | Enter", STUDY, "Show the answer; on the answer, answer Good"),
    _s("1 | 2 | 3 | 4", STUDY, "Answer Again, Hard, Good or Easy", "1–4"),
    _s("0 | 1 | 2 | 3 | 4 | 5", STUDY, "Answer with quality 0–5 (six-grade mode)", "0–5"),
    _s(
        "1 | 2 | 3 | 4",
        STUDY,
        "After a typed answer: choose another grade than the one chosen for you (Good if"
        " right, else Again); Space, Enter or the same key again answers with it",
        "1–4",
    ),
    _s("-", STUDY, "Bury the card until tomorrow"),
    _s("@", STUDY, "Suspend the card"),
    _s("E", STUDY, "Edit the card's note"),
    _s("Ctrl+Z", STUDY, "Undo the last answer, bury, suspend or edit"),
    _s("Esc", STUDY, "Back to the decks"),
    _s("Enter | Space", STUDY, "On the summary: back to the decks"),
    _s("/", STUDY, "On the summary: custom study (more new cards, review ahead…)"),
    # The browser (browser.py).
    _s("Ctrl+F", BROWSER, "Go to the search box"),
    _s("Ctrl+A", BROWSER, "Select every card in the table (Shift+click or Shift+↓ selects more)"),
    _s("Ctrl+J", BROWSER, "Suspend the selected cards, or unsuspend them if all are suspended"),
    _s("Ctrl+Alt+N", BROWSER, "Reset the selected cards to new"),
    _s("Ctrl+D", BROWSER, "Move the selected cards, with their notes' other cards, to a deck"),
    _s("Ctrl+Delete", BROWSER, "Delete the notes of the selected cards (asks first)"),
    _s("Ctrl+Z", BROWSER, "Undo the last change: a bulk action, an answer, an edit"),
    _s("E", BROWSER, "Edit the selected card's note (one card selected)"),
    _s("Esc | Ctrl+W", BROWSER, "Close the browser"),
    # The edit dialog (edit_dialog.py).
    _s("Ctrl+Return | Ctrl+Enter", EDIT_DIALOG, "Save", "Ctrl+Enter"),
    _s("Esc", EDIT_DIALOG, "Close without saving"),
    # The statistics window (stats_window.py).
    _s("Esc | Ctrl+W", STATISTICS, "Close the statistics"),
)


def keys_at(where: str) -> set[str]:
    """Every key listed for ``where``."""
    return {key for shortcut in SHORTCUTS if shortcut.where == where for key in shortcut.keys}


def _markdown_key(key: str) -> str:
    return f"<kbd>{key}</kbd>"


def render_markdown() -> str:
    """``docs/shortcuts.md``: one table per place, in the order of :data:`PLACES`."""
    lines = [
        "# Keyboard shortcuts",
        "",
        "<!-- Generated from src/glosscards/ui/shortcuts.py: edit the table there, then run",
        "     python -m glosscards.ui.shortcuts > docs/shortcuts.md -->",
        "",
        "The same list is in the app under Help → Keyboard shortcuts (F1).",
        "On macOS, Ctrl is the ⌘ Command key.",
    ]
    for place in PLACES:
        rows = [s for s in SHORTCUTS if s.where == place]
        lines += ["", f"## {place}", "", "| Key | What it does |", "| --- | --- |"]
        for shortcut in rows:
            keys = (
                _markdown_key(shortcut.shown)
                if shortcut.shown
                else " or ".join(_markdown_key(key) for key in shortcut.keys)
            )
            lines.append(f"| {keys} | {shortcut.does} |")
    return "\n".join(lines) + "\n"


if __name__ == "__main__":
    print(render_markdown(), end="")
