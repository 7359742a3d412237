"""A read-only viewer for card HTML that never runs or fetches anything.

It is a ``QTextBrowser`` with navigation switched off: a click on a link emits a signal and
nothing else. ``term:`` links ask for that term in the browser; http and https links are opened
in the system browser through the injected opener; every other scheme is refused. Images and
other resources are never loaded, local or remote.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QEvent, QUrl, Signal
from PySide6.QtGui import QColor, QDesktopServices, QPalette, QResizeEvent
from PySide6.QtWidgets import QTextBrowser, QWidget

from glosscards.ui.card_html import WEB_SCHEMES, style_sheet, term_from_url

__all__ = ["READABLE_CHARACTERS", "CardView", "UrlOpener", "open_in_system_browser"]

UrlOpener = Callable[[QUrl], Any]

READABLE_CHARACTERS = 75
"""The longest line a card shows, in average characters (typographers' 45–90)."""


def open_in_system_browser(url: QUrl) -> bool:
    return bool(QDesktopServices.openUrl(url))


class CardView(QTextBrowser):
    """Shows one card. Signals ``termRequested(name)`` and ``linkRefused(url)``."""

    termRequested = Signal(str)
    linkRefused = Signal(str)

    def __init__(
        self, parent: QWidget | None = None, *, open_url: UrlOpener = open_in_system_browser
    ) -> None:
        super().__init__(parent)
        self._open_url = open_url
        self._html = ""
        self.setOpenLinks(False)
        self.setOpenExternalLinks(False)
        self.setReadOnly(True)
        self.anchorClicked.connect(self._on_anchor)
        self._apply_style()

    def _apply_style(self) -> None:
        palette = self.palette()
        text = palette.color(QPalette.ColorRole.Text)
        base = palette.color(QPalette.ColorRole.Base)
        muted = QColor(
            (text.red() * 2 + base.red()) // 3,
            (text.green() * 2 + base.green()) // 3,
            (text.blue() * 2 + base.blue()) // 3,
        )
        self.document().setDefaultStyleSheet(
            style_sheet(accent=palette.color(QPalette.ColorRole.Link).name(), muted=muted.name())
        )

    def show_html(self, html_text: str) -> None:
        self._html = html_text
        self._apply_style()
        self.setHtml(html_text)
        self._fit_measure()

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self._fit_measure()

    def _fit_measure(self) -> None:
        """Keep lines to a readable length (about 75 characters) on a wide window: the text
        column is centred between equal side margins instead of spanning a 2560-pixel screen."""
        widest = self.fontMetrics().averageCharWidth() * READABLE_CHARACTERS
        side = max(0, (self.viewport().width() - widest) // 2)
        frame = self.document().rootFrame()
        layout = frame.frameFormat()
        if layout.leftMargin() != side:
            layout.setLeftMargin(side)
            layout.setRightMargin(side)
            frame.setFrameFormat(layout)

    def changeEvent(self, event: QEvent) -> None:
        """Follow a switch between light and dark palettes while a card is shown."""
        super().changeEvent(event)
        if event.type() == QEvent.Type.PaletteChange and self._html:
            self.show_html(self._html)

    def loadResource(self, kind: int, name: QUrl | str) -> Any:
        """Refuse every resource (images, style sheets): card text never loads anything."""
        return None

    def _on_anchor(self, url: QUrl) -> None:
        text = bytes(url.toEncoded().data()).decode("ascii", "replace")
        term = term_from_url(text)
        if term is not None:
            self.termRequested.emit(term)
        elif url.scheme().lower() in WEB_SCHEMES and url.isValid() and url.host():
            self._open_url(url)
        else:
            self.linkRefused.emit(text)
