"""Card HTML for the viewer: see-also terms made into links, a style sheet from the palette. No Qt.

The core hands out escaped HTML (glossary text never becomes markup), with the see-also names as
plain list items. Here those names become ``term:`` links the viewer routes to the browser;
the ``More at`` anchors the core made (http and https only) stay as they are.
"""

from __future__ import annotations

import html
import re
from collections.abc import Iterable
from urllib.parse import quote, unquote, urlsplit

__all__ = [
    "TERM_SCHEME",
    "WEB_SCHEMES",
    "link_see_also",
    "style_sheet",
    "term_from_url",
    "term_url",
]

TERM_SCHEME = "term"
WEB_SCHEMES = frozenset({"http", "https"})

_SEE_ALSO_RE = re.compile(r'(<div class="see-also">)(.*?)(</div>)', re.DOTALL)
_ITEM_RE = re.compile(r"<li>([^<]*)</li>")


def term_url(name: str) -> str:
    """The link target that opens term ``name`` in the browser."""
    return f"{TERM_SCHEME}:{quote(name, safe='')}"


def term_from_url(url: str) -> str | None:
    """The term a ``term:`` link names, or None for any other link."""
    parts = urlsplit(url)
    if parts.scheme != TERM_SCHEME:
        return None
    return unquote(parts.path) or None


def _anchor(name: str) -> str:
    return f'<a href="{html.escape(term_url(name), quote=True)}">{html.escape(name)}</a>'


def link_see_also(answer_html: str, see_also: Iterable[str]) -> str:
    """``answer_html`` with each see-also name that has an entry turned into a ``term:`` link.

    Names the core lists without an entry (``[Mini-Batch]``) stay plain text. When the HTML has
    no see-also block, one is appended.
    """
    names = list(dict.fromkeys(see_also))
    if not names:
        return answer_html
    wanted = set(names)
    linked: set[str] = set()

    def item(match: re.Match[str]) -> str:
        name = html.unescape(match.group(1))
        if name in wanted:
            linked.add(name)
            return f"<li>{_anchor(name)}</li>"
        return match.group(0)

    def block(match: re.Match[str]) -> str:
        return match.group(1) + _ITEM_RE.sub(item, match.group(2)) + match.group(3)

    result = _SEE_ALSO_RE.sub(block, answer_html, count=1)
    missing = [name for name in names if name not in linked]
    if missing:
        items = "".join(f"<li>{_anchor(name)}</li>" for name in missing)
        result += f'\n<div class="see-also">See also:<ul>{items}</ul></div>'
    return result


def style_sheet(*, accent: str, muted: str) -> str:
    """The viewer's CSS; colours come from the system palette so dark mode works."""
    return (
        f".cloze {{ font-weight: bold; color: {accent}; }}\n"
        ".cloze-inactive { }\n"
        f".see-also, .more-at {{ color: {muted}; }}\n"
        ".term { font-size: large; font-weight: bold; }\n"
        f".gloss {{ font-style: italic; color: {muted}; }}\n"
        ".math { font-family: serif; font-style: italic; }\n"
        "pre, code { font-family: monospace; }\n"
    )
