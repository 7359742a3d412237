"""Heading text → name, aliases, acronym, category and term; shared by both glossary parsers.

The plain-text glossary is rendered from a Markdown source in which an entry with alternative
names is written as consecutive headings (``# Large Language Model`` then ``# LLM``). The text
form folds those into one heading with a parenthetical, in two styles seen in the data:

* ``Large Language Model (LLM)`` and ``Convolutional Neural Network (ConvNet, CNN)`` — the
  parenthetical at the end lists the alias headings, comma-separated (the whole-glossary files);
* ``Language Model for Discussion Applications (LaMDA) Model`` — the acronym in the middle,
  followed by the words it shares with the name (``glossary-l.txt``); the alias is then the
  acronym plus what follows (``LaMDA Model``).

Both styles are handled by :func:`split_heading`: the name is the heading without the
parenthetical, each alias is a parenthetical item plus whatever followed the parenthetical.
A parenthetical counts as an alias list only when every comma-separated item looks like a name
(see :func:`_is_alias_item`); otherwise, e.g. ``(2023)`` or ``(see below)``, it stays in the name.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from itertools import pairwise

__all__ = [
    "CATEGORIES",
    "HeadingParts",
    "find_acronym",
    "is_letter_heading",
    "name_key",
    "normalize_letter",
    "split_category",
    "split_heading",
]

# Trailing words the glossary appends to a name to say what *kind* of thing it is (counted in the
# Markdown source: Model 191, Company 74, Algorithm 64, Function 42, Person 27, Python Module 25,
# Benchmark 19, Movie 19, Dataset 14, Framework 13…). Two-word kinds are tried before one-word
# ones, so "Model Family" wins over "Model". "Function" stays although it ends terms such as
# "Loss Function" (term "Loss", category "Function"). Words that are usually part of the term
# itself are deliberately absent: "Layer", "Learning", "Network", "Agent" ("Reinforcement Learning
# Agent"), "Language" ("LangChain Expression Language"), "Service" ("Model Denial Of Service"),
# "Challenge" ("Artificial Intelligence Challenge"), "Database" ("Vector Database").
CATEGORIES: tuple[str, ...] = (
    "Model Family",
    "Python Module",
    "Algorithm",
    "Application",
    "Benchmark",
    "Book",
    "Chatbot",
    "Company",
    "Conference",
    "Dataset",
    "Framework",
    "Function",
    "Library",
    "Model",
    "Movie",
    "Person",
    "Robot",
    "Tool",
    "Toolkit",
)

_CATEGORY_SET = frozenset(CATEGORIES)
_PAREN = re.compile(r"\(([^()]*)\)")
_MAX_ALIAS_WORDS = 6


def _collapse(text: str) -> str:
    return " ".join(text.split())


def name_key(name: str) -> str:
    """The form two names are compared in: case-folded, spaces collapsed, curly quotes made plain."""
    if "’" in name or "‘" in name:
        name = name.replace("’", "'").replace("‘", "'")
    return " ".join(name.split()).casefold()


@dataclass(frozen=True, slots=True)
class HeadingParts:
    """What one heading line says: its name, the aliases folded into it and their acronym."""

    heading: str
    name: str
    aliases: tuple[str, ...] = ()
    acronym: str | None = None


def _is_alias_item(item: str) -> bool:
    """A parenthetical item names the entry: has an uppercase letter, is short, is not a phrase.

    ``(LLM)``, ``(LFAI&Data)``, ``(Curiosity-Driven RL)``, ``(AlphaGeometry 2, AlphaGeometry 1)``
    qualify; ``(2023)`` (no letter), ``(see Foo)``/``(aka GPT)`` (a lowercase first word in a
    phrase) and long phrases do not.
    """
    words = item.split()
    if not words or len(words) > _MAX_ALIAS_WORDS:
        return False
    if not any(ch.isupper() for ch in item):
        return False
    return not (len(words) > 1 and words[0].islower())


def split_heading(heading: str) -> HeadingParts:
    """Split a text-form heading into name and aliases (see the module docstring).

    When several parentheticals qualify, the last one is the alias list; a parenthetical at the
    very start of the heading never is (there would be no name left).
    """
    text = _collapse(heading)
    if "(" not in text:
        return HeadingParts(text, text)
    for match in reversed(list(_PAREN.finditer(text))):
        items = [_collapse(item) for item in match.group(1).split(",")]
        if match.start() == 0 or not all(_is_alias_item(item) for item in items):
            continue  # checked before slicing the prefix, so many "(x)" groups stay linear
        prefix = text[: match.start()].strip()
        suffix = text[match.end() :].strip()
        name = _collapse(f"{prefix} {suffix}")
        aliases = tuple(_dedupe(_collapse(f"{item} {suffix}") for item in items))
        return HeadingParts(text, name, aliases, find_acronym(name, aliases))
    return HeadingParts(text, text)


def _dedupe(names: Iterable[str]) -> list[str]:
    seen: set[str] = set()
    out: list[str] = []
    for name in names:
        key = name_key(name)
        if key and key not in seen:
            seen.add(key)
            out.append(name)
    return out


def _strip_shared_words(alias: str, name: str) -> str:
    """``LaMDA Model`` with name ``... Applications Model`` → ``LaMDA``; ``3D GAN`` → ``GAN``."""
    words, name_words = alias.split(), name.split()
    while len(words) > 1 and name_words and words[-1] == name_words[-1]:
        words.pop()
        name_words.pop()
    while len(words) > 1 and name_words and words[0] == name_words[0]:
        words.pop(0)
        name_words.pop(0)
    return " ".join(words)


def _acronym_score(token: str) -> float:
    caps = sum(1 for ch in token if ch.isupper() or ch.isdigit())
    return caps / len(token)


def _looks_like_acronym(token: str) -> bool:
    return " " not in token and sum(1 for ch in token if ch.isupper()) >= 2


def find_acronym(name: str, aliases: tuple[str, ...] | list[str]) -> str | None:
    """The alias that abbreviates the name, if any: one word with two or more capitals.

    Aliases that are already one word are preferred (``BRNN`` over ``Bidirectional RNN``); among
    them the most capitalised (``CNN`` over ``ConvNet``), ties going to the first. Words shared
    with the name are dropped first, so ``LaMDA Model`` gives ``LaMDA``. ``Cyborg`` or ``Caffe2``
    (one capital) are aliases but not acronyms.
    """
    whole = [alias for alias in aliases if _looks_like_acronym(alias)]
    stripped = [_strip_shared_words(alias, name) for alias in aliases]
    for pool in (whole, [s for s in stripped if _looks_like_acronym(s)]):
        if pool:
            return max(pool, key=_acronym_score)  # max keeps the first of equal scores
    return None


# Kinds that are also the last word of many technical terms ("Large Language Model", "Loss
# Function", "Genetic Algorithm"): the word stays in the term to recall unless what precedes it
# reads as a proper name ("ChatGPT Model", "GPT-4 Model", "LLaMA-Adapter Model"). The category
# is still recorded either way, for the hint and the tag.
_TERM_WORD_KINDS = frozenset({"Model", "Function", "Algorithm", "Framework", "Library", "Tool"})


def _reads_as_name(word: str) -> bool:
    """A word with a digit or an inner capital: ``ChatGPT``, ``GPT-4``, ``LLaMA``, ``3D``."""
    return any(ch.isdigit() for ch in word) or any(ch.isupper() for ch in word[1:])


def split_category(name: str, aliases: Iterable[str] = ()) -> tuple[str, str | None]:
    """``Leopold Aschenbrenner Person`` → (``Leopold Aschenbrenner``, ``Person``).

    Only a trailing phrase from :data:`CATEGORIES`, and only when a term remains: ``Model`` alone
    is term ``Model`` with no category. A kind word that usually belongs to the term stays in it
    unless the word before it reads as a name: ``Loss Function`` → (``Loss Function``,
    ``Function``), ``ChatGPT Model`` → (``ChatGPT``, ``Model``) — or unless an alias puts the
    kind word after a name (``LaMDA Model`` for ``Language Model for Discussion Applications
    Model``), which shows the glossary appended it as a tag.
    """
    words = name.rsplit(" ", 2)
    for size in (2, 1):
        if len(words) > size:
            category = " ".join(words[-size:])
            if category in _CATEGORY_SET:
                term = " ".join(words[:-size])
                tagged = any(
                    a.endswith(f" {category}")
                    and _reads_as_name(a[: -len(category) - 1].split()[-1])
                    for a in aliases
                )
                if category in _TERM_WORD_KINDS and not (
                    _reads_as_name(term.split()[-1]) or tagged
                ):
                    return name, category
                return term, category
    return name, None


_LETTER_RUN = re.compile(r"[A-Z]{2,26}")


def is_letter_heading(text: str) -> bool:
    """A letter-section title: ``L``, ``0-9``, ``#`` (also quoted, ``"#"``) or a run like ``XYZ``.

    Callers also require the section heading to have an empty body, so a term that happens to be
    written ``R#`` with a definition stays a term.
    """
    value = text.strip().strip("\"'").strip()
    if len(value) == 1:
        return value.isalpha() or value == "#"
    if value == "0-9":
        return True
    if _LETTER_RUN.fullmatch(value):
        return all(ord(b) - ord(a) == 1 for a, b in pairwise(value))
    return False


def normalize_letter(text: str) -> str:
    """The letter a section is filed under: ``"#"`` and ``#`` become ``0-9`` (as in ``See also``)."""
    value = text.strip().strip("\"'").strip()
    if value == "#":
        return "0-9"
    return value.upper()
