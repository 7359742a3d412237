"""The Back Extra field: what the prompt left, code where the glossary has it, See also, More at.

HTML-escaped like the rest of the note; only ``http``/``https`` links become anchors, any other
URL (``javascript:``, ``file:``) stays inert text.
"""

from __future__ import annotations

import html
from collections.abc import Iterable, Sequence
from urllib.parse import urlsplit

from glosscards.glossary.entry import Entry, Link, SeeAlso
from glosscards.note_html import escape as _escape
from glosscards.note_html import gloss_html, paragraphs_html, pre_html
from glosscards.prompt import BackBlock

__all__ = ["back_extra_html", "back_extra_of_pairs"]

_WEB_SCHEMES = frozenset({"http", "https"})


def back_extra_html(blocks: Sequence[BackBlock], entry: Entry) -> str:
    """The back: what the prompt left, code in place, then See also and More at."""
    return back_extra_of_pairs([(block.kind, block.text) for block in blocks], entry)


def back_extra_of_pairs(blocks: Sequence[tuple[str, str]], entry: Entry) -> str:
    """:func:`back_extra_html` of the blocks as ``(kind, text)`` pairs (the card maker's cache
    keeps them so)."""
    parts: list[str] = []
    run: list[str] = []
    for kind, text in blocks:
        if kind == "text":
            run.append(text)
            continue
        if run:
            parts.append(paragraphs_html(run))
            run = []
        parts.append(pre_html(text) if kind == "code" else gloss_html(text))
    if run:
        parts.append(paragraphs_html(run))
    if entry.see_also:
        parts.append(_see_also(entry.see_also))
    links = [link for link in entry.more_at if link.url.strip() or link.label.strip()]
    if links:
        parts.append(_more_at(links))
    return "\n".join(parts)


def _see_also(items: Iterable[SeeAlso]) -> str:
    lis = "".join(
        f"<li>{_escape(item.name)}</li>"
        if item.has_entry
        else f'<li class="no-entry">{_escape(item.name)}</li>'
        for item in items
    )
    return f'<div class="see-also">See also:<ul>{lis}</ul></div>'


def _more_at(links: Iterable[Link]) -> str:
    lis = "".join(f"<li>{_link(link)}</li>" for link in links)
    return f'<div class="more-at">More at:<ul>{lis}</ul></div>'


def _link(link: Link) -> str:
    """An anchor for a web URL; any other URL (``javascript:``, ``file:``) stays inert text."""
    url, label = link.url.strip(), _clean(link.label)
    if url and _is_web_url(url):
        return f'<a href="{html.escape(url, quote=True)}">{_escape(label or url)}</a>'
    if label and url:
        return f"{_escape(label)} — {_escape(url)}"
    return _escape(label or url)


def _is_web_url(url: str) -> bool:
    try:
        parts = urlsplit(url)
    except ValueError:
        return False
    return parts.scheme.lower() in _WEB_SCHEMES and bool(parts.netloc)


def _clean(text: str) -> str:
    return " ".join(text.split())
