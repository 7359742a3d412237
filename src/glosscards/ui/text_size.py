"""The reviewer's text size: steps like a web browser's zoom, remembered in the app settings.

Sizes are percentages of the reviewer's own default (the system font, enlarged for reading), so
they follow the system font and the screen's DPI; the steps stop where a card no longer fits a
small window or becomes unreadably small.
"""

from __future__ import annotations

from glosscards.ui.window_memory import ui_settings

__all__ = ["DEFAULT_PERCENT", "STEPS", "TextSize"]

STEPS = (60, 70, 80, 90, 100, 110, 125, 140, 160, 180, 200, 240, 300)
DEFAULT_PERCENT = 100
_KEY = "reviewer/text-size"


def _nearest_step(percent: int) -> int:
    return min(STEPS, key=lambda step: abs(step - percent))


class TextSize:
    """The remembered size (a percentage of :data:`STEPS`); each change is saved at once."""

    def __init__(self) -> None:
        saved = ui_settings().value(_KEY, DEFAULT_PERCENT)
        try:
            percent = int(str(saved))
        except ValueError:
            percent = DEFAULT_PERCENT
        self.percent = _nearest_step(percent)

    def step(self, by: int) -> int:
        """One step larger (``by`` 1) or smaller (-1), or back to the default (0)."""
        if by == 0:
            percent = DEFAULT_PERCENT
        else:
            index = STEPS.index(self.percent) + (1 if by > 0 else -1)
            percent = STEPS[min(max(index, 0), len(STEPS) - 1)]
        self.percent = percent
        settings = ui_settings()
        settings.setValue(_KEY, percent)
        settings.sync()
        return percent
