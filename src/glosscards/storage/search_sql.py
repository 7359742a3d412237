"""The browser's search language (:mod:`glosscards.search`) as a parametrized SQL condition.

:func:`compile_search` returns a WHERE clause over the aliases ``c`` (card), ``n`` (note),
``t`` (term) and ``s`` (glossary_source) and its positional parameters. User text only ever
travels as a parameter, never inside the SQL string. ``LIKE`` ignores ASCII case.
"""

from __future__ import annotations

import html
import json
from collections.abc import Sequence
from dataclasses import dataclass

from glosscards.search import Query, parse_query

__all__ = ["SqlFilter", "compile_search", "to_sql"]

_LIKE_ESCAPE = "\\"


@dataclass(frozen=True, slots=True)
class SqlFilter:
    """A WHERE clause (without the keyword) and its ``?`` parameters, in order."""

    where: str
    params: tuple[object, ...]


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
    value: str, *, today: int, day_start: int, weak: Sequence[int] = ()
) -> tuple[str, tuple[object, ...]]:
    if value == "weak":  # found by the card check, in Python: passed in as card ids
        return (f"c.id IN ({', '.join('?' for _ in weak)})", tuple(weak)) if weak else ("0", ())
    active = "c.suspended = 0 AND c.retired = 0"
    if value in ("new", "learning", "review"):
        return "c.phase = ?", (value,)
    if value == "due":
        return (
            f"(c.phase != 'new' AND {active} AND c.buried_until_day <= ?"
            " AND (c.due_day <= ? OR (c.redrill = 1 AND c.last_review >= ?)))",
            (today, today, day_start),
        )
    if value == "suspended":
        return "c.suspended = 1", ()
    if value == "buried":
        return "c.buried_until_day > ?", (today,)
    return "(c.retired = 1 OR t.retired = 1)", ()


def to_sql(query: Query, *, today: int, day_start: int, weak: Sequence[int] = ()) -> SqlFilter:
    """The WHERE clause for ``query`` on scheduling day number ``today``, which started at
    ``day_start`` (epoch seconds); ``weak`` are the cards ``is:weak`` matches."""
    parts: list[str] = []
    params: list[object] = []
    if not query.shows_retired:
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
        elif term.field in ("cid", "nid"):
            # One parameter however many ids (a whole selection): a JSON list, read by SQLite.
            column = "c.id" if term.field == "cid" else "c.note_id"
            sql = f"{column} IN (SELECT value FROM json_each(?))"
            values = (json.dumps(term.ids),)
        else:
            sql, values = _state_sql(term.value, today=today, day_start=day_start, weak=weak)
        # coalesce: a NULL (e.g. a new card's due) must make the negation true, not unknown.
        parts.append(f"NOT coalesce({sql}, 0)" if term.negated else sql)
        params.extend(values)
    return SqlFilter(" AND ".join(parts) or "1", tuple(params))


def compile_search(text: str, *, today: int, day_start: int, weak: Sequence[int] = ()) -> SqlFilter:
    """:func:`glosscards.search.parse_query` then :func:`to_sql`."""
    return to_sql(parse_query(text), today=today, day_start=day_start, weak=weak)
