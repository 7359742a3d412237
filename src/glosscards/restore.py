"""``restore_backup``: see :mod:`glosscards.storage.restore` (the SQL lives in storage)."""

from glosscards.storage.restore import restore_backup

__all__ = ["restore_backup"]
