"""Light and dark palettes, to force one where the system's cannot be chosen: screenshots and
tests. The app itself follows the system's palette (Qt reads the desktop's light or dark scheme);
every colour the UI draws is taken from the palette in use, never fixed, so both must read well.
"""

from __future__ import annotations

from PySide6.QtGui import QColor, QPalette
from PySide6.QtWidgets import QApplication, QStyleFactory

__all__ = ["PALETTES", "dark_palette", "light_palette", "use_palette"]


def light_palette() -> QPalette:
    """Fusion's standard palette: dark text on light ground."""
    style = QStyleFactory.create("Fusion")
    if style is None:  # pragma: no cover - Fusion is built into Qt
        return QPalette()
    return style.standardPalette()


def dark_palette() -> QPalette:
    """A dark palette like a desktop's dark theme."""
    palette = light_palette()
    roles = QPalette.ColorRole
    for role, colour in (
        (roles.Window, "#2b2b2b"),
        (roles.WindowText, "#e6e6e6"),
        (roles.Base, "#1e1e1e"),
        (roles.AlternateBase, "#2b2b2b"),
        (roles.Text, "#e6e6e6"),
        (roles.Button, "#3a3a3a"),
        (roles.ButtonText, "#e6e6e6"),
        (roles.Highlight, "#2f65ca"),
        (roles.HighlightedText, "#ffffff"),
        (roles.Link, "#7fb2ff"),
        (roles.LinkVisited, "#b79cff"),
        (roles.PlaceholderText, "#9a9a9a"),
        (roles.ToolTipBase, "#3a3a3a"),
        (roles.ToolTipText, "#e6e6e6"),
        (roles.BrightText, "#ff6b6b"),
        (roles.Light, "#505050"),
        (roles.Midlight, "#444444"),
        (roles.Mid, "#3a3a3a"),
        (roles.Dark, "#1a1a1a"),
        (roles.Shadow, "#000000"),
    ):
        palette.setColor(role, QColor(colour))
    for role in (roles.WindowText, roles.Text, roles.ButtonText):
        palette.setColor(QPalette.ColorGroup.Disabled, role, QColor("#808080"))
    return palette


PALETTES = {"light": light_palette, "dark": dark_palette}


def use_palette(app: QApplication, name: str) -> None:
    """Draw the whole app in the Fusion style with the ``light`` or ``dark`` palette."""
    app.setStyle("Fusion")
    app.setPalette(PALETTES[name]())
