"""The browser's search language, parsed into a parametrized SQL condition. Pure: no I/O.

A query is words separated by spaces, all of which must match (AND)::

    gradient descent          both words appear in the term or its text
    "learning rate"           a phrase (double quotes)
    term:"Batch Size"         the term itself (its name, heading, bare term or an alias)
    tag:G  tag:Model          a tag (the glossary letter, the category); ``*`` is a wildcard
    deck:ai-glossary          the deck a card is in, by name; ``*`` is a wildcard
    is:new is:learning is:review is:due is:suspended is:buried is:retired
    is:weak                   a card the card check finds a problem with (``cards --check``)
    cid:12,15  nid:7          cards by id, the cards of notes by id (as Anki's; the browser
                              uses them to show a note's cards and to re-read rows)
    -word  -tag:A  -is:new    a leading ``-`` negates any of the above

Matching ignores ASCII case. Retired cards (terms that left the glossary) are hidden unless the
query mentions ``is:retired`` or names cards or notes by id. A ``name:value`` whose name is not one of the fields above is
searched as plain text, so ``ratio:`` or ``C++:`` still find something.

This module only parses; :mod:`glosscards.storage.search_sql` turns a :class:`Query` into SQL.
"""

from __future__ import annotations

from dataclasses import dataclass

from glosscards.errors import GlosscardsError

__all__ = ["FIELDS", "STATES", "Query", "SearchError", "SearchTerm", "parse_query"]

FIELDS = frozenset({"term", "tag", "deck", "is", "cid", "nid"})
"""The ``name:`` prefixes the parser understands; anything else is plain text."""

STATES = ("new", "learning", "review", "due", "suspended", "buried", "retired", "weak")
"""The values ``is:`` accepts."""

_ID_FIELDS = frozenset({"cid", "nid"})


class SearchError(GlosscardsError, ValueError):
    """A query the browser cannot run, e.g. ``is:`` with an unknown state."""


@dataclass(frozen=True, slots=True)
class SearchTerm:
    """One condition: ``field`` is ``"text"`` for plain words, else one of :data:`FIELDS`."""

    field: str
    value: str
    negated: bool = False

    @property
    def ids(self) -> tuple[int, ...]:
        """The ids a ``cid:``/``nid:`` term names (checked by :func:`parse_query`)."""
        return tuple(int(part) for part in self.value.split(","))


@dataclass(frozen=True, slots=True)
class Query:
    """A parsed query: all terms must hold."""

    terms: tuple[SearchTerm, ...] = ()

    @property
    def mentions_weak(self) -> bool:
        return any(t.field == "is" and t.value == "weak" for t in self.terms)

    @property
    def mentions_retired(self) -> bool:
        return any(t.field == "is" and t.value == "retired" for t in self.terms)

    @property
    def shows_retired(self) -> bool:
        """Retired cards are searched too: ``is:retired``, or cards or notes named by id."""
        named = any(t.field in _ID_FIELDS and not t.negated for t in self.terms)
        return self.mentions_retired or named


def _tokens(text: str) -> list[str]:
    """Split on whitespace outside double quotes; quotes are kept for :func:`_term`."""
    tokens: list[str] = []
    current: list[str] = []
    quoted = False
    for char in text:
        if char == '"':
            quoted = not quoted
            current.append(char)
        elif char.isspace() and not quoted:
            if current:
                tokens.append("".join(current))
                current = []
        else:
            current.append(char)
    if current:
        tokens.append("".join(current))
    return tokens


def _check_parentheses(token: str) -> None:
    """Parentheses do not group here (every word must match): a word that opens or closes an
    unbalanced group, as ``(dog`` or ``cat)`` or ``((``, is said to be a mistake rather than
    searched as text that silently finds nothing. ``softmax(x)`` is text."""
    if '"' in token:
        return
    bare = token.removeprefix("-")
    groups = bare.startswith("(") or bare.endswith(")")
    if groups and bare.count("(") != bare.count(")"):
        raise SearchError(
            f"{token}: parentheses do not group words here (every word must match);"
            f' to search for the text, put it in quotes: "{bare}"'
        )


def _unquote(value: str) -> str:
    return value.replace('"', "")


def _term(token: str) -> SearchTerm | None:
    _check_parentheses(token)
    negated = token.startswith("-") and len(token) > 1
    body = token[1:] if negated else token
    name, sep, rest = body.partition(":")
    if sep and '"' not in name and name.lower() in FIELDS:
        field, value = name.lower(), _unquote(rest).strip()
    else:
        field, value = "text", _unquote(body).strip()
    if not value:
        if field == "text":
            return None
        raise SearchError(f"{name}: needs a value, e.g. {name}:something")
    if field == "is":
        value = value.lower()
        if value not in STATES:
            raise SearchError(f"is:{value} is not a card state; use one of: {', '.join(STATES)}")
    if field in _ID_FIELDS:
        value = value.replace(" ", "")
        if not all(part.isascii() and part.isdigit() for part in value.split(",")):
            raise SearchError(f"{field}:{value}: needs ids separated by commas, e.g. {field}:12,15")
    return SearchTerm(field=field, value=value, negated=negated)


def parse_query(text: str) -> Query:
    """Parse the search box's text. An empty query matches every (non-retired) card.

    Raises :class:`SearchError` for ``is:`` with an unknown state, a field with no value, ids
    that are not numbers, or a word that opens or closes an unbalanced group of parentheses.
    """
    terms = (_term(token) for token in _tokens(text))
    return Query(tuple(term for term in terms if term is not None))
