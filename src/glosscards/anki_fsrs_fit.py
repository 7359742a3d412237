"""Anki's own FSRS optimizer (fsrs-rs, in the ``anki`` package's Rust backend; no torch, no
download) run on :mod:`glosscards.fsrs_fit`'s items. The one call into the backend; the
conversion of histories and the checks of the result are pure and live there."""

from __future__ import annotations

from collections.abc import Sequence

from glosscards.fsrs_fit import FitItem, checked_parameters

__all__ = ["fit_parameters"]


def fit_parameters(items: Sequence[FitItem]) -> tuple[float, ...]:
    """FSRS-6's 21 parameters fitted to ``items`` (raises :class:`~glosscards.fsrs_fit.FitError`
    when they are too few)."""
    from anki import scheduler_pb2
    from anki._backend import RustBackend

    request = [
        scheduler_pb2.FsrsItem(
            reviews=[
                scheduler_pb2.FsrsReview(rating=r.rating, delta_t=r.delta_t) for r in item.reviews
            ]
        )
        for item in items
    ]
    response = RustBackend().compute_fsrs_params_from_items(items=request)
    return checked_parameters(list(response.params), items=len(items))
