"""The stored terms of a deck as the import planner wants them (:func:`known_terms`).

Read on every import, so with the driver's rows, and without decoding each term's stored entry
when its definition is known already (:func:`remember_definition`).
"""

from __future__ import annotations

from sqlalchemy import Connection, select

from glosscards.gc_pause import paused_gc
from glosscards.glossary.serialize import decode_json
from glosscards.import_plan import KnownTerm, definition_text
from glosscards.storage.models import GlossarySourceRow

__all__ = ["known_terms", "remember_definition"]

_SOURCE = GlossarySourceRow.__table__  # type: ignore[attr-defined]


def known_terms(conn: Connection, deck_name: str) -> list[KnownTerm]:
    """The stored terms of one deck (glossary source), as the pure planner wants them."""
    found = conn.execute(select(_SOURCE.c.id).where(_SOURCE.c.name == deck_name)).scalar()
    if found is None:
        return []
    source_id = int(found)
    with paused_gc():
        return _known_terms(conn, source_id)


def _known_terms(conn: Connection, source_id: int) -> list[KnownTerm]:
    # The driver's rows, not SQLAlchemy's: this reads every term of the deck on every import.
    # The stored entry (most of a row's bytes) only for the definitions not known already.
    rows = conn.exec_driver_sql(
        "SELECT key, name, aliases_json, content_hash, retired, position, line"
        " FROM term WHERE coalesce(origin_id, source_id) = ?",
        (source_id,),
    ).fetchall()
    definitions = _DEFINITIONS
    if any(row[3] not in definitions for row in rows):
        definitions = {
            chash: _DEFINITIONS.get(chash) or _definition_of(entry_json)
            for chash, entry_json in conn.exec_driver_sql(
                "SELECT content_hash, entry_json FROM term WHERE coalesce(origin_id, source_id) = ?",
                (source_id,),
            )
        }
    out: list[KnownTerm] = []
    for key, name, aliases, chash, retired, position, line in rows:
        out.append(
            KnownTerm(
                key=key,
                name=name,
                aliases=tuple(decode_json(aliases)),
                content_hash=chash,
                retired=bool(retired),
                definition=definitions[chash],
                position=position,
                line=line,
            )
        )
    return out


def _definition_of(entry_json: str) -> str:
    entry = decode_json(entry_json)
    return definition_text(entry.get("glosses", ()), entry.get("paragraphs", ()))


_DEFINITIONS: dict[str, str] = {}


def remember_definition(content_hash: str, definition: str) -> None:
    """Note the definition of the entries with ``content_hash`` (which covers their glosses
    and paragraphs, so it is the same for all of them), read from a term's entry JSON just
    now (:mod:`glosscards.storage.parse_store`): :func:`known_terms` need not decode that JSON
    again. Holds at most one large glossary's definitions."""
    if len(_DEFINITIONS) >= 1 << 15:
        _DEFINITIONS.clear()
    _DEFINITIONS[content_hash] = definition
