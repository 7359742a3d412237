"""The small glossary the export, sync and progress tests share: four terms, and the update
that changes one, gives one an acronym, drops one and adds one."""

from __future__ import annotations

FOUR_TERMS = """A#
Alpha Model#
Alpha is the first model of the series, used as a baseline.
Beta Function#
Beta maps a pair of numbers to a single number.
Gamma Search#
Gamma Search looks for the best path through a graph.
Delta Layer#
Delta Layer adds the residual to its input.
"""

UPDATED = (
    FOUR_TERMS.replace("used as a baseline", "used as the reference baseline")  # changed
    .replace("Beta Function#", "Beta Function (BF)#")  # gains an acronym: a c2 card
    .replace("Delta Layer#\nDelta Layer adds the residual to its input.\n", "")  # removed
    + "Epsilon Rate#\nEpsilon Rate is the chance of exploring instead of exploiting.\n"  # added
)
