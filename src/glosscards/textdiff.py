"""What changed in a definition, word by word, as HTML for the import preview."""

from __future__ import annotations

import difflib
import html
import re

__all__ = ["word_diff_html"]

_TOKEN = re.compile(r"\s+|[^\s]+")


def word_diff_html(old: str, new: str) -> str:
    """``new`` with removed words in ``<del>`` and added words in ``<ins>``; all text escaped.

    Words, not characters: a definition edited by its author reads naturally this way, and the
    result stays short when a sentence was rewritten.
    """
    a, b = _TOKEN.findall(old), _TOKEN.findall(new)
    out: list[str] = []
    matcher = difflib.SequenceMatcher(a=a, b=b, autojunk=False)
    for op, i1, i2, j1, j2 in matcher.get_opcodes():
        removed, added = "".join(a[i1:i2]), "".join(b[j1:j2])
        if op == "equal":
            out.append(html.escape(added))
            continue
        if removed.strip():
            out.append(f"<del>{html.escape(removed)}</del>")
        if added.strip():
            out.append(f"<ins>{html.escape(added)}</ins>")
        elif added:
            out.append(html.escape(added))
    return "".join(out)
