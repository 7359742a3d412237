"""References and links in a body: ``See also A, [B]`` lists and ``label - URL`` items."""

from __future__ import annotations

from glosscards.glossary.entry import Link, SeeAlso
from glosscards.glossary.naming import is_letter_heading

__all__ = ["parse_link", "parse_refs"]


def parse_refs(rest: str) -> list[SeeAlso]:
    """``L, Label, [Unlabelled Data Algorithm], ...`` → references (letters and ``...`` dropped)."""
    refs: list[SeeAlso] = []
    for raw in rest.split(","):
        name = raw.strip()
        if not name:
            continue
        bracketed = name[0] == "["
        if bracketed or name[0] in "{#" or name[-1] in "]}":  # "[B]", "[A}", "[#Backtesting]"
            name = name.strip("[]{} ").lstrip("#").strip()
        if "  " in name:
            name = " ".join(name.split())
        if not name.strip(".… ") or _is_letter_token(name):
            continue
        refs.append(SeeAlso(name, has_entry=not bracketed))
    return refs


def parse_link(item: str) -> Link | None:
    """``label - https://…`` or ``https://…`` → a Link; None when the item has no URL."""
    start = item.find("https://")
    if start < 0:
        start = item.find("http://")
    if start < 0:
        return None
    url = item[start:].split()[0]
    url = url.split("](", 1)[0]  # "x](https://x)": a Markdown link half-rendered
    unbalanced = url.count(")") - url.count("(")  # "…/X_(film))": one ")" too many
    if unbalanced > 0:
        trailing = len(url) - len(url.rstrip(")"))
        url = url[: len(url) - min(unbalanced, trailing)]
    url = url.rstrip(".,;")
    label = item[:start].strip().rstrip("-–:").strip()
    return Link(url, label)


def _is_letter_token(token: str) -> bool:
    """``L``, ``o``, ``0``, ``0-9``, ``XYZ``: a letter section named in a reference list."""
    if len(token) == 1:
        return token.isalnum()
    if len(token) > 26 or " " in token:
        return False
    return token == "0-9" or (token.isupper() and is_letter_heading(token))
