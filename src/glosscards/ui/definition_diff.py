"""The import preview's word diff of a definition, computed off the UI thread when it is long.

:func:`glosscards.textdiff.word_diff_html` is fast, but a definition of thousands of words
still takes a noticeable moment: above :data:`INLINE_DIFF_CHARS` the view shows "…" and the
diff runs on a worker (:class:`glosscards.ui.workers.Background`); selecting another term
before it is ready drops it. Short definitions (nearly all) are diffed at once.
"""

from __future__ import annotations

from PySide6.QtWidgets import QTextBrowser, QWidget

from glosscards.textdiff import word_diff_html
from glosscards.ui.workers import Background

__all__ = ["INLINE_DIFF_CHARS", "PENDING", "DefinitionDiff"]

INLINE_DIFF_CHARS = 4_000
"""Definitions up to this many characters (old and new together) are diffed at once."""

PENDING = "…"
"""What the view shows while a long diff is computed."""


class DefinitionDiff(QTextBrowser):
    """Glossary text, escaped by ``word_diff_html``; no links are followed."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setOpenLinks(False)
        self.setPlaceholderText(
            "Select a changed or renamed term to see how its definition changes."
        )
        self.document().setDefaultStyleSheet(
            "del { color: #e74c3c; text-decoration: line-through; }"
            " ins { color: #27ae60; text-decoration: underline; }"
        )
        self._worker = Background(self)

    @property
    def pending(self) -> bool:
        """Whether a long diff is still being computed."""
        return self._worker.pending

    def show_texts(self, texts: tuple[str, str] | None) -> None:
        """The diff of (old, new), or nothing."""
        self._worker.cancel()
        if texts is None:
            self.clear()
            return
        old, new = texts
        if old == new:
            self.setHtml(
                "<i>The definition is the same; aliases, links, code or see-also changed.</i>"
            )
        elif len(old) + len(new) <= INLINE_DIFF_CHARS:
            self.setHtml(word_diff_html(old, new))
        else:
            self.setPlainText(PENDING)
            self._worker.run(lambda: word_diff_html(old, new), self.setHtml)
