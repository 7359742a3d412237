"""Python's cycle collector paused while an import builds its many objects.

Parsing a glossary and making its notes allocate hundreds of thousands of small objects (tuples,
strings, entries), none of them in a reference cycle, so reference counting frees them all. The
cycle collector still runs every few hundred allocations, and its full passes walk every live
object: the larger the glossary, the more there is to walk and the more often, which made a
16-times glossary's import a third slower than 16 real ones. :func:`paused_gc` holds it off for
such a block, then moves what the block built to the oldest generation without counting it as
new there (``gc.freeze()`` + ``gc.unfreeze()``: two list splices), so that building a large
parse does not set off full passes later in the import; whatever cycles the block leaves are
collected by the next full pass.
"""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager

__all__ = ["paused_gc"]


@contextmanager
def paused_gc() -> Iterator[None]:
    """Run the block without the cycle collector (a no-op inside another such block)."""
    if not gc.isenabled():
        yield
        return
    gc.disable()
    try:
        yield
    finally:
        # What the block built is long-lived (a parse, a collection's terms): straight into the
        # oldest generation, not counted as new there. Otherwise the young passes walk it once
        # more and its count sets off full passes soon after — each a walk of every live
        # object, three or four in a large import (half a second at 25,000 entries). A cycle
        # among these objects is still collected, by the next full pass.
        gc.freeze()
        gc.unfreeze()
        gc.enable()
