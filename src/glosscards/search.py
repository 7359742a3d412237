"""The browser's search language, parsed into a parametrized SQL condition. Pure: no I/O.

A query is words separated by spaces, all of which must match (AND)::

    gradient descent          both words appear in the term or its text
    "learning rate"           a phrase (double quotes)
    term:"Batch Size"         the term itself (its name, heading, bare term or an alias)
    tag:G  tag:Model          a tag (the glossary letter, the category); ``*`` is a wildcard
    deck:ai-glossary          a deck (glossary source) by name; ``*`` is a wildcard
    is:new is:learning is:review is:due is:suspended is:buried is:retired
    -word  -tag:A  -is:new    a leading ``-`` negates any of the above

Matching ignores ASCII case (SQLite ``LIKE``). Retired cards (terms that left the glossary) are
hidden unless the query mentions ``is:retired``. A ``name:value`` whose name is not one of the
fields above is searched as plain text, so ``ratio:`` or ``C++:`` still find something.

:func:`compile_search` returns a WHERE clause over the aliases ``c`` (card), ``n`` (note),
``t`` (term) and ``s`` (glossary_source) and its positional parameters. User text only ever
travels as a parameter, never inside the SQL string.
"""

from __future__ import annotations

import html
from dataclasses import dataclass

from glosscards.errors import GlosscardsError

__all__ = [
    "FIELDS",
    "STATES",
    "Query",
    "SearchError",
    "SearchTerm",
    "SqlFilter",
    "compile_search",
    "parse_query",
    "to_sql",
]

FIELDS = frozenset({"term", "tag", "deck", "is"})
"""The ``name:`` prefixes the parser understands; anything else is plain text."""

STATES = ("new", "learning", "review", "due", "suspended", "buried", "retired")
"""The values ``is:`` accepts."""

_LIKE_ESCAPE = "\\"


class SearchError(GlosscardsError, ValueError):
    """A query the browser cannot run, e.g. ``is:`` with an unknown state."""


@dataclass(frozen=True, slots=True)
class SearchTerm:
    """One condition: ``field`` is ``"text"`` for plain words, else one of :data:`FIELDS`."""

    field: str
    value: str
    negated: bool = False


@dataclass(frozen=True, slots=True)
class Query:
    """A parsed query: all terms must hold."""

    terms: tuple[SearchTerm, ...] = ()

    @property
    def mentions_retired(self) -> bool:
        return any(t.field == "is" and t.value == "retired" for t in self.terms)


@dataclass(frozen=True, slots=True)
class SqlFilter:
    """A WHERE clause (without the keyword) and its ``?`` parameters, in order."""

    where: str
    params: tuple[object, ...]


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


def _unquote(value: str) -> str:
    return value.replace('"', "")


def _term(token: str) -> SearchTerm | None:
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
    return SearchTerm(field=field, value=value, negated=negated)


def parse_query(text: str) -> Query:
    """Parse the search box's text. An empty query matches every (non-retired) card.

    Raises :class:`SearchError` for ``is:`` with an unknown state or a field with no value.
    """
    terms = (_term(token) for token in _tokens(text))
    return Query(tuple(term for term in terms if term is not None))


def _like(value: str, *, anywhere: bool) -> str:
    """A LIKE pattern for ``value``: ``%``, ``_`` and ``\\`` literal, ``*`` a wildcard."""
    escaped = "".join(
        _LIKE_ESCAPE + char if char in "%_\\" else ("%" if char == "*" else char) for char in value
    )
    return f"%{escaped}%" if anywhere else escaped


def _text_sql(value: str) -> tuple[str, tuple[object, ...]]:
    # Note fields are HTML, so "a & b" is stored as "a &amp; b": search both spellings.
    plain = _like(value, anywhere=True)
    escaped = _like(html.escape(value, quote=False), anywhere=True)
    sql = (
        "(t.name LIKE ? ESCAPE '\\' OR n.text LIKE ? ESCAPE '\\'"
        " OR n.back_extra LIKE ? ESCAPE '\\')"
    )
    return sql, (plain, escaped, escaped)


def _term_sql(value: str) -> tuple[str, tuple[object, ...]]:
    exact = _like(value, anywhere=False)
    # aliases_json is a JSON list of strings: match one whole element.
    alias = _like(f'"{value}"', anywhere=True)
    sql = (
        "(t.name LIKE ? ESCAPE '\\' OR t.heading LIKE ? ESCAPE '\\' OR t.term LIKE ? ESCAPE '\\'"
        " OR t.aliases_json LIKE ? ESCAPE '\\')"
    )
    return sql, (exact, exact, exact, alias)


def _state_sql(
    value: str, *, now: int, day_start: int, day_end: int
) -> tuple[str, tuple[object, ...]]:
    active = "c.suspended = 0 AND c.retired = 0"
    if value in ("new", "learning", "review"):
        return "c.phase = ?", (value,)
    if value == "due":
        return (
            f"(c.phase != 'new' AND {active} AND c.buried_until <= ?"
            " AND (c.due < ? OR (c.redrill = 1 AND c.last_review >= ?)))",
            (now, day_end, day_start),
        )
    if value == "suspended":
        return "c.suspended = 1", ()
    if value == "buried":
        return "c.buried_until > ?", (now,)
    return "(c.retired = 1 OR t.retired = 1)", ()


def to_sql(query: Query, *, now: int, day_start: int, day_end: int) -> SqlFilter:
    """The WHERE clause for ``query``. Times are epoch seconds: now and the scheduling day."""
    parts: list[str] = []
    params: list[object] = []
    if not query.mentions_retired:
        parts.append("c.retired = 0 AND t.retired = 0")
    for term in query.terms:
        if term.field == "text":
            sql, values = _text_sql(term.value)
        elif term.field == "term":
            sql, values = _term_sql(term.value)
        elif term.field == "tag":
            sql = "(' ' || n.tags || ' ') LIKE ? ESCAPE '\\'"
            values = (f"% {_like(term.value, anywhere=False)} %",)
        elif term.field == "deck":
            sql, values = "s.name LIKE ? ESCAPE '\\'", (_like(term.value, anywhere=False),)
        else:
            sql, values = _state_sql(term.value, now=now, day_start=day_start, day_end=day_end)
        # coalesce: a NULL (e.g. a new card's due) must make the negation true, not unknown.
        parts.append(f"NOT coalesce({sql}, 0)" if term.negated else sql)
        params.extend(values)
    return SqlFilter(" AND ".join(parts) or "1", tuple(params))


def compile_search(text: str, *, now: int, day_start: int, day_end: int) -> SqlFilter:
    """:func:`parse_query` then :func:`to_sql`."""
    return to_sql(parse_query(text), now=now, day_start=day_start, day_end=day_end)
