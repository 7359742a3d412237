"""Glossary parsing: plain-text and Markdown forms into :class:`Entry` values."""
