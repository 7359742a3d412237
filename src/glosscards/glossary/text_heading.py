"""The plain-text heading line: ``Term#``, guarded against code comments that look like one."""

from __future__ import annotations

import re

from glosscards.glossary.naming import is_letter_heading

__all__ = ["is_text_heading"]

_CALL_OR_ASSIGN = re.compile(r"\w\(|\s=\s|==")


def is_text_heading(line: str) -> bool:
    """True for a plain-text heading line such as ``Large Language Model (LLM)#``."""
    stripped = line.rstrip()
    if len(stripped) < 2 or not stripped.endswith("#") or stripped.startswith("#"):
        return False
    text = stripped[:-1]
    if text[-1].isspace():  # "np.nonzero(arr3)      #": a code line with a trailing comment
        return False
    if is_letter_heading(text):  # "L#", "XYZ#", and '"#"#' for the 0-9 section
        return True
    if not any(ch.isupper() for ch in text):  # "plot#", "main.py#", "%%#": code comments
        return False
    return not _CALL_OR_ASSIGN.search(text)
