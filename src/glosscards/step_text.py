"""Learning steps as the learner types them: ``"1m 10m"``, ``"30s 1h 1d"`` (Anki's form).

Each step is a number (decimals allowed) and a unit: ``s`` seconds, ``m`` minutes, ``h`` hours,
``d`` days; a bare number is minutes, as in Anki. Pure: the deck options dialog and
``glosscards deck options --learning-steps`` read and write steps through these two functions.
"""

from __future__ import annotations

import math
import re
from datetime import timedelta

from glosscards.errors import GlosscardsError

__all__ = ["StepsError", "format_steps", "parse_steps"]

_UNITS = {"s": 1, "m": 60, "h": 3600, "d": 86_400}
_STEP = re.compile(r"(\d+(?:\.\d+)?)([smhd]?)")


class StepsError(GlosscardsError, ValueError):
    """Steps that cannot be read; the message names each bad one."""


def parse_steps(text: str) -> tuple[timedelta, ...]:
    """The steps in ``text`` (separated by spaces or commas), in order; empty text: none.
    Raises :class:`StepsError` naming every step that is not a positive time."""
    steps: list[timedelta] = []
    bad: list[str] = []
    for word in text.replace(",", " ").split():
        found = _STEP.fullmatch(word.strip().lower())
        seconds = float(found[1]) * _UNITS[found[2] or "m"] if found else 0.0
        if not found or not math.isfinite(seconds) or seconds < 1:
            bad.append(word)
        else:
            steps.append(timedelta(seconds=round(seconds)))
    if bad:
        raise StepsError(
            f"not a step: {', '.join(repr(b) for b in bad)} (write steps as 1m 10m, 1h or 1d)"
        )
    return tuple(steps)


def format_steps(steps: tuple[timedelta, ...]) -> str:
    """``steps`` as :func:`parse_steps` reads them, each in the largest unit it fills."""
    words = []
    for step in steps:
        seconds = round(step.total_seconds())
        unit = next(u for u in ("d", "h", "m", "s") if seconds % _UNITS[u] == 0)
        words.append(f"{seconds // _UNITS[unit]}{unit}")
    return " ".join(words)
