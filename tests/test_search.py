"""The browser's search language: parsing, SQL generation, and that user text stays a parameter."""

from __future__ import annotations

import sqlite3

import pytest
from hypothesis import given
from hypothesis import strategies as st

from glosscards.search import Query, SearchError, SearchTerm, parse_query
from glosscards.storage.search_sql import compile_search, to_sql

T = {"today": 10, "day_start": 900}


@pytest.mark.parametrize(
    ("text", "terms"),
    [
        ("", ()),
        ("   ", ()),
        ("word", (SearchTerm("text", "word"),)),
        ("two words", (SearchTerm("text", "two"), SearchTerm("text", "words"))),
        ('"a phrase"', (SearchTerm("text", "a phrase"),)),
        ("-word", (SearchTerm("text", "word", negated=True),)),
        ('-"a phrase"', (SearchTerm("text", "a phrase", negated=True),)),
        ("-", (SearchTerm("text", "-"),)),
        ("tag:A", (SearchTerm("tag", "A"),)),
        ("TAG:Model", (SearchTerm("tag", "Model"),)),
        ("-tag:A", (SearchTerm("tag", "A", negated=True),)),
        ('deck:"AI Glossary"', (SearchTerm("deck", "AI Glossary"),)),
        ('term:"Batch Size"', (SearchTerm("term", "Batch Size"),)),
        ("is:NEW", (SearchTerm("is", "new"),)),
        ("-is:due", (SearchTerm("is", "due", negated=True),)),
        ("ratio:", (SearchTerm("text", "ratio:"),)),
        ("C++:x", (SearchTerm("text", "C++:x"),)),
        ('"unterminated phrase', (SearchTerm("text", "unterminated phrase"),)),
        ("softmax(x)", (SearchTerm("text", "softmax(x)"),)),
        ('"(("', (SearchTerm("text", "(("),)),
        ("cid:12,15", (SearchTerm("cid", "12,15"),)),
        ("-nid:7", (SearchTerm("nid", "7", negated=True),)),
        ("is:Learning is:buried", (SearchTerm("is", "learning"), SearchTerm("is", "buried"))),
    ],
)
def test_parse(text: str, terms: tuple[SearchTerm, ...]) -> None:
    """Words, phrases, fields and negation parse into terms."""
    assert parse_query(text) == Query(terms)


@pytest.mark.parametrize(
    "text",
    [
        "is:nonsense",
        "is:",
        "tag:",
        "deck:",
        "-is:whatever",
        "deck:x ((",
        "(dog",
        "cat)",
        "-(a",
        "cid:",
        "cid:1,,2",
        "cid:x",
        "nid:-1",
        "cid:١٢",
    ],
)
def test_parse_errors(text: str) -> None:
    """An unknown state, a field without a value or a group of parentheses (which do not
    group here) is a SearchError."""
    with pytest.raises(SearchError):
        parse_query(text)


def test_user_text_travels_only_as_parameters() -> None:
    """Quotes and SQL in the query never reach the SQL string."""
    evil = "x'); DROP TABLE card; --"
    sql = compile_search(f'"{evil}" tag:{evil}', **T)
    assert "DROP" not in sql.where
    assert any(evil in str(p) for p in sql.params)


def test_like_wildcards_are_literal_and_star_is_a_wildcard() -> None:
    """``%`` and ``_`` match themselves; ``*`` matches anything."""
    sql = to_sql(Query((SearchTerm("deck", "a_b%c*"),)), **T)
    assert sql.params == ("a\\_b\\%c%",)


def test_retired_are_hidden_unless_asked_for() -> None:
    """The default query excludes retired cards; is:retired includes them."""
    assert "c.retired = 0" in compile_search("", **T).where
    assert "c.retired = 0 AND t.retired = 0" not in compile_search("is:retired", **T).where


def _db() -> sqlite3.Connection:
    db = sqlite3.connect(":memory:")
    db.executescript(
        """
        CREATE TABLE glossary_source (id INTEGER PRIMARY KEY, name TEXT);
        CREATE TABLE term (id INTEGER PRIMARY KEY, source_id INT, name TEXT, heading TEXT,
            term TEXT, aliases_json TEXT, retired INT);
        CREATE TABLE note (id INTEGER PRIMARY KEY, term_id INT, text TEXT, back_extra TEXT,
            tags TEXT);
        CREATE TABLE card (id INTEGER PRIMARY KEY, note_id INT, phase TEXT, due_day INT,
            suspended INT, retired INT, buried_until_day INT, redrill INT, last_review INT);
        INSERT INTO glossary_source VALUES (1, 'ai-glossary'), (2, 'other_deck');
        INSERT INTO term VALUES
            (1, 1, 'Batch Size', 'Batch Size', 'Batch Size', '[]', 0),
            (2, 1, 'Large Language Model', 'Large Language Model (LLM)', 'Large Language',
             '["LLM Model"]', 0),
            (3, 2, 'Old Term', 'Old Term', 'Old Term', '[]', 1);
        INSERT INTO note VALUES
            (1, 1, 'examples per step &amp; memory', '', 'B'),
            (2, 2, 'predicts the next token', 'More text', 'L Model'),
            (3, 3, 'gone', '', 'O');
        INSERT INTO card VALUES
            (1, 1, 'new', NULL, 0, 0, 0, 0, NULL),
            (2, 2, 'review', 10, 0, 0, 0, 0, 800),
            (3, 2, 'review', 50, 1, 0, 0, 0, 800),
            (4, 3, 'review', 1, 0, 1, 0, 0, 50);
        """
    )
    return db


_FROM = (
    "SELECT c.id FROM card c JOIN note n ON n.id = c.note_id JOIN term t ON t.id = n.term_id"
    " JOIN glossary_source s ON s.id = t.source_id WHERE {} ORDER BY c.id"
)


def _ids(query: str, db: sqlite3.Connection | None = None) -> list[int]:
    sql = compile_search(query, **T)
    return [r[0] for r in (db or _db()).execute(_FROM.format(sql.where), sql.params)]


@pytest.mark.parametrize(
    ("query", "ids"),
    [
        ("", [1, 2, 3]),
        ("batch", [1]),
        ("BATCH", [1]),
        ("-batch", [2, 3]),
        ("memory &", [1]),
        ('"next token"', [2, 3]),
        ("tag:model", [2, 3]),
        ("tag:mod", []),
        ("tag:mod*", [2, 3]),
        ("-tag:B", [2, 3]),
        ("deck:ai-glossary", [1, 2, 3]),
        ("deck:other_deck", []),
        ("deck:other*", []),
        ("is:new", [1]),
        ("-is:new", [2, 3]),
        ("is:due", [2]),
        ("-is:due", [1, 3]),
        ("is:suspended", [3]),
        ("is:retired", [4]),
        ("is:retired deck:other_deck", [4]),
        ('term:"large language model"', [2, 3]),
        ('term:"LLM Model"', [2, 3]),
        ("term:Large", []),
        ("is:review -is:suspended", [2]),
        ("cid:3,1", [1, 3]),
        ("cid:4", [4]),  # a card named by id is found even when retired
        ("-cid:1", [2, 3]),
        ("nid:2", [2, 3]),
        ("nid:2 -is:suspended", [2]),
        ("nid:99", []),
    ],
)
def test_queries_select_the_right_cards(query: str, ids: list[int]) -> None:
    """Each query form selects the expected cards from a small real database."""
    assert _ids(query) == ids


def test_learning_and_buried_states() -> None:
    """``is:learning`` is a card being learnt or relearnt; ``is:buried`` one hidden until a
    later day (buried until tomorrow: today is day 10)."""
    db = _db()
    db.execute("UPDATE card SET phase = 'learning' WHERE id = 1")
    db.execute("UPDATE card SET buried_until_day = 11 WHERE id = 2")
    db.execute("UPDATE card SET buried_until_day = 10 WHERE id = 3")  # buried until today: not
    assert _ids("is:learning", db) == [1]
    assert _ids("-is:learning", db) == [2, 3]
    assert _ids("is:buried", db) == [2]
    assert _ids("-is:buried", db) == [1, 3]


@given(st.text(alphabet=st.characters(blacklist_categories=("Cs",)), max_size=40))
def test_any_text_is_valid_sql_or_a_search_error(text: str) -> None:
    """Whatever is typed, the query either runs or is refused with a SearchError."""
    try:
        sql = compile_search(text, **T)
    except SearchError:
        return
    assert sql.where.count("?") == len(sql.params)
    _db().execute(_FROM.format(sql.where), sql.params).fetchall()
