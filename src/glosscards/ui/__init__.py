"""The PySide6 desktop app: every Qt import of glosscards lives in this package."""
