"""Glossary text → card HTML that keeps its structure: lists, code, glosses, inline code, math.

Every piece of glossary text is HTML-escaped, and braces are written as entities, so glossary
text can never become markup or a cloze. What the glossary's plain text means is kept:

* ``- item`` lines (also ``*`` and ``•``) become list items, consecutive ones one ``<ul>``;
* code and formulas become ``<pre><code>`` blocks, where the glossary has them;
* ``~ gloss`` lines become ``<div class="gloss">`` without the tilde;
* ```inline code``` becomes ``<code>``;
* ``\\( … \\)`` becomes ``<span class="math">…</span>``, its delimiters dropped: Anki would
  typeset ``\\(`` with MathJax and the Qt reviewer cannot, so both show the formula's text the
  same way (the glossary's formulas are plain expressions such as ``x'(t) = Ax(t) + Bu(t)``).

The functions take an ``inline`` callback that turns a line of plain text into HTML, so that
the card maker can hide the term in the prompt while this module only knows about structure.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence

__all__ = [
    "LIST_ITEM_RE",
    "escape",
    "escape_in_cloze",
    "gloss_html",
    "inline_markup",
    "paragraphs_html",
    "pre_html",
]

LIST_ITEM_RE = re.compile(r"[-*•]\s+")
"""A bulleted list line of the glossary (``- Discrete action space - …``)."""

_INLINE_CODE_RE = re.compile(r"`([^`\n]+)`")
_MATH_RE = re.compile(r"\\\((.+?)\\\)")

Inline = Callable[[str], str]


def escape(text: str) -> str:
    """HTML-escape, and write braces as entities so no ``{{c1::`` can appear outside a cloze."""
    # html.escape(text, quote=True), then the braces: its replaces written out, in its order
    return (
        text.replace("&", "&amp;")
        .replace("<", "&lt;")
        .replace(">", "&gt;")
        .replace('"', "&quot;")
        .replace("'", "&#x27;")
        .replace("{", "&#123;")
        .replace("}", "&#125;")
    )


def escape_in_cloze(text: str) -> str:
    """As :func:`escape`, and colons too, so ``::`` in the text cannot end a cloze early."""
    return escape(text).replace(":", "&#58;")


def inline_markup(text: str, render: Inline = escape) -> str:
    """``text`` as HTML: its ```code``` spans as ``<code>``, ``\\(math\\)`` as a math span, the
    rest through ``render``. A lone backtick is dropped: it would only show as noise."""
    out: list[str] = []
    position = 0
    for match in _markup_matches(text):
        out.append(render(text[position : match.start()].replace("`", "")))
        inner = render(match.group(1))
        if match.re is _MATH_RE:
            out.append(f'<span class="math">{inner}</span>')
        else:
            out.append(f"<code>{inner}</code>")
        position = match.end()
    out.append(render(text[position:].replace("`", "")))
    return "".join(out)


def _markup_matches(text: str) -> list[re.Match[str]]:
    if "`" not in text and "\\(" not in text:
        return []
    found = sorted(
        [*_INLINE_CODE_RE.finditer(text), *_MATH_RE.finditer(text)], key=lambda m: m.start()
    )
    kept: list[re.Match[str]] = []
    end = 0
    for match in found:
        if match.start() >= end:
            kept.append(match)
            end = match.end()
    return kept


def paragraphs_html(paragraphs: Sequence[str], render: Inline = escape) -> str:
    """Paragraphs as ``<div>`` blocks, runs of ``- `` lines as one ``<ul>``."""
    out: list[str] = []
    items: list[str] = []

    def close_list() -> None:
        if items:
            out.append("<ul>" + "".join(f"<li>{item}</li>" for item in items) + "</ul>")
            items.clear()

    for paragraph in paragraphs:
        bullet = LIST_ITEM_RE.match(paragraph)
        if bullet:
            items.append(inline_markup(paragraph[bullet.end() :], render))
            continue
        close_list()
        out.append(f"<div>{inline_markup(paragraph, render)}</div>")
    close_list()
    return "".join(out)


def gloss_html(gloss: str, render: Inline = escape) -> str:
    return f'<div class="gloss">{inline_markup(gloss, render)}</div>'


def pre_html(code: str) -> str:
    return f"<pre><code>{escape(code)}</code></pre>"
