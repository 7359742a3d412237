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
    "Prose",
    "acronym_items",
    "find_acronym",
    "is_acronym_word",
    "is_kind_word",
    "is_letter_heading",
    "name_key",
    "normalize_letter",
    "prose_of",
    "split_category",
    "split_heading",
]

# Trailing words the glossary appends to a name to say what *kind* of thing it is (counted in the
# text form: Model 165, Company 60, Algorithm 60, Function 35, Person 20, Python Module 20, Movie
# 18, Benchmark 16, Framework 12, Dataset 12…). Two-word kinds are tried before one-word ones, so
# "Model Family" wins over "Model". Whether the word labels a name ("Claude Model") or belongs to
# the concept's ordinary name ("Language Model") is decided per heading by :func:`split_category`.
# Words that are nearly always part of the term itself are absent: "Layer", "Learning",
# "Network", "Agent", "Language", "System", "Challenge", "Database".
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
    "Product",
    "Robot",
    "Service",
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
    items: tuple[str, ...] = ()
    """The parenthetical's items as written (``LaMDA`` of ``… (LaMDA) Model``): the acronym is
    one of them, whole, while ``aliases`` add the words after the parenthetical."""

    @property
    def acronym(self) -> str | None:
        """The acronym the heading alone gives (its entry's may differ once the kind word is
        known: see :func:`find_acronym`); derived, so a parse never computes it twice."""
        return find_acronym(self.name, self.items or self.aliases)


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
        return HeadingParts(text, name, aliases, tuple(items))
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


def is_acronym_word(word: str) -> bool:
    """``LLM``, ``GenAI``, ``R-CNN``, ``C4``: two capitals, or a short capital-and-digit word."""
    capitals = sum(1 for ch in word if ch.isupper())
    if capitals >= 2:
        return True
    return len(word) <= 3 and capitals == 1 and any(ch.isdigit() for ch in word)


def _is_acronym_item(item: str, name: str) -> bool:
    """A parenthetical item or alias abbreviates ``name``: one of its words is an acronym that
    is not a name word or a numbered variant of one (``AlphaGeometry 2`` for ``AlphaGeometry
    Model``, ``DALL-E2 Model`` for ``DALL-E Models`` are other names; ``AIFF`` for ``AI Film
    Festival`` and ``LoRAX`` for ``LoRA Exchange Serving`` are acronyms)."""
    name_words = [w for w in name.split() if sum(ch.isupper() for ch in w) >= 2]
    for word in item.split():
        if is_acronym_word(word) and not any(
            word.startswith(n) and _VARIANT_TAIL.fullmatch(word[len(n) :]) for n in name_words
        ):
            return True
    return False


_VARIANT_TAIL = re.compile(r"(?:[-.]?\d+[a-z]?|-[A-Z][a-z]+)?")


def _capital_share(text: str) -> float:
    letters = [ch for ch in text if not ch.isspace()]
    return sum(ch.isupper() for ch in letters) / max(1, len(letters))


def _acronym_score(token: str) -> float:
    letters = [ch for ch in token if not ch.isspace()]
    caps = sum(1 for ch in letters if ch.isupper() or ch.isdigit())
    return caps / max(1, len(letters))


def acronym_items(heading: str) -> tuple[str, ...]:
    """The items of a heading's alias parenthetical that are acronyms, whole, as written:
    ``Deep Reinforcement Learning (Deep RL)`` → ``("Deep RL",)``, ``Convolutional Neural
    Network (ConvNet, CNN)`` → ``("ConvNet", "CNN")``. Empty when the heading has none."""
    text = _collapse(heading)
    for match in reversed(list(_PAREN.finditer(text))):
        items = [_collapse(item) for item in match.group(1).split(",")]
        if match.start() == 0 or not all(_is_alias_item(item) for item in items):
            continue
        name = _collapse(f"{text[: match.start()]} {text[match.end() :]}")
        return tuple(item for item in items if _is_acronym_item(item, name))
    return ()


def find_acronym(
    name: str, aliases: tuple[str, ...] | list[str], *, kind: str | None = None
) -> str | None:
    """The alias that abbreviates the name, whole, if any (``Deep RL``, ``3D GAN``, ``LLM``).

    Among several, one-word ones win, and of those the one with the largest share of capitals
    and digits (``CNN`` of ``ConvNet, CNN``; ``GenAI`` of ``Generative AI, GenAI``), ties going
    to the first; of several longer ones the one with the largest share of capitals (``GPU
    HBM`` of ``GPU High Bandwidth Memory, GPU HBM``). The others stay aliases. ``kind`` is the kind word
    split off the term (see :func:`split_category`): an alias that ends with it loses it too,
    so ``ACER Algorithm`` gives ``ACER`` when the term is ``Actor-Critic With Experience
    Replay`` with the hint ``algorithm``, and ``LaMDA Model`` gives ``LaMDA``. An alias that
    contains the name's own acronym-like word is a variant, not an acronym (``Cyborg``,
    ``Caffe2`` and ``AlphaGeometry 2`` are aliases only).
    """
    pool: list[str] = []
    for alias in aliases:
        candidate = _collapse(alias)
        if kind and candidate.endswith(f" {kind}"):
            candidate = candidate[: -len(kind) - 1]
        if (
            candidate
            and _is_acronym_item(candidate, name)
            and name_key(candidate) != name_key(name)
        ):
            pool.append(candidate)
    single = [candidate for candidate in pool if " " not in candidate]
    if single:
        return max(single, key=_acronym_score)  # max keeps the first of equal scores
    # several words each: the most abbreviated (GPU HBM, not GPU High Bandwidth Memory)
    return max(pool, key=_capital_share) if pool else None


# Words after which a trailing kind word cannot be a label: "Model Denial Of Service".
_FUNCTION_WORDS = frozenset({"a", "an", "and", "as", "for", "in", "of", "on", "or", "the", "to"})
_LOWER_KIND_SET = frozenset(kind.lower() for kind in CATEGORIES)
_LOWER_KIND_LAST = frozenset(kind.split()[-1] for kind in _LOWER_KIND_SET)
_LAST_KIND_WORDS = frozenset(kind.split()[-1] for kind in CATEGORIES)


def is_kind_word(text: str) -> bool:
    """``Model``, ``Python Module``: a word the glossary appends to say what kind a name is."""
    return text in _CATEGORY_SET


@dataclass(frozen=True, slots=True)
class Prose:
    """What a glossary's running text says about the words of its headings: which it writes in
    lower case (``words``: "model", "loss", but not "claude"), its lower-case ``word kind``
    phrases (``language model``, ``loss function``), and how many words it has (``size``: too
    little text proves nothing). Capitalised mentions (``Claude Model``) count for neither."""

    words: frozenset[str] = frozenset()
    kind_phrases: frozenset[str] = frozenset()
    size: int = 0


_PUNCTUATION = ".,;:!?()[]{}\"'`*"
_AROUND = ("", ",", ".", ")", ":", ";")
_KIND_TOKEN_RE = re.compile(
    r" (?:" + "|".join(sorted(_LOWER_KIND_LAST, key=len, reverse=True)) + r")s?[.,;:)]?(?=\s|$)"
)


def prose_of(texts: Iterable[str], names: Iterable[str] = ()) -> Prose:
    """The :class:`Prose` of a glossary's glosses and paragraphs, for the words of ``names``
    (the headings to judge). One pass over all the text at once, in C where it can be: this
    runs on every parse."""
    big = "\n".join(texts)
    tokens = big.split()
    present = set(tokens)
    # the parts of hyphenated lower-case words count too: "meta-learning" writes "meta"
    # (words, not names like "mistral-7b" or "falcon-40b": every part all letters)
    hyphenated = [
        t for t in present if "-" in t and t[0].islower() and t.replace("-", "").isalpha()
    ]
    present.update(part for token in hyphenated for part in token.split("-"))
    wanted = {
        part.lower()
        for name in names
        if name.rsplit(" ", 1)[-1] in _LAST_KIND_WORDS
        for word in name.split()
        for part in (word, *word.split("-"))
    }
    words = {
        word
        for word in wanted
        if any(f"{word}{mark}" in present or f"({word}{mark}" in present for mark in _AROUND)
    }
    phrases: set[str] = set()
    for match in _KIND_TOKEN_RE.finditer(big):
        start = big.rfind(" ", 0, match.start()) + 1
        newline = big.rfind("\n", 0, match.start()) + 1
        before = big[max(start, newline) : match.start()]
        kind = match.group(0).strip().rstrip(".,;:)")
        kind = kind if kind in _LOWER_KIND_LAST else kind[:-1]
        if before and before[0].islower() and before[-1] not in _PUNCTUATION:
            phrases.add(f"{before} {kind}")
            head = big.rfind(" ", 0, max(start, newline) - 1) + 1
            first = big[head : max(start, newline) - 1]
            if f"{before} {kind}" in _LOWER_KIND_SET and first and first[0].islower():
                phrases.add(f"{first} {before} {kind}")  # "… python module"
    return Prose(frozenset(words), frozenset(phrases), len(tokens))


def _reads_as_name(word: str, prose: Prose | None = None) -> bool:
    """``ChatGPT``, ``GPT-4``, ``AWS``, ``3D`` (a digit, an inner capital), or — given the
    glossary's prose — a word its sentences never write in lower case (``Claude``, ``Adobe``)."""
    if any(ch.isdigit() for ch in word):
        return True
    if any(ch.isupper() for part in word.split("-") for ch in part[1:]):
        return True
    if prose is None or not word[:1].isupper():
        return False
    if word.lower() in prose.words:
        return False
    # "Two-Tower", "Self-Destructive": ordinary words joined; "Point-E", "Q-Star": a name
    parts = [part.lower() for part in word.split("-")]
    return len(parts) == 1 or not all(len(p) > 1 and p in prose.words for p in parts)


_MIN_PROSE_WORDS = 5_000  # words of running text (glossary-l.txt, one letter, has 8,700)


def _names_with_kind(alias: str, kind: str) -> bool:
    """``LaMDA Model``, ``AdaGrad Algorithm``: an alias that puts the kind after a mixed-case
    name, as the glossary writes named models and methods (``AR Model`` is only an acronym)."""
    if not alias.endswith(f" {kind}"):
        return False
    word = alias[: -len(kind) - 1].split()[-1] if alias[: -len(kind) - 1].split() else ""
    return any(ch.islower() for ch in word) and sum(ch.isupper() for ch in word) >= 2


# Kinds that only ever label a name: split off unless the prose uses the phrase ("social robot").
_LABEL_KINDS = frozenset(
    {"Book", "Chatbot", "Company", "Conference", "Model Family", "Movie", "Person", "Python Module",
     "Robot"}
)  # fmt: skip


def split_category(
    name: str, aliases: Iterable[str] = (), *, prose: Prose | None = None
) -> tuple[str, str | None]:
    """``Claude Model`` → (``Claude``, ``Model``); ``Language Model`` → (``Language Model``,
    ``Model``): the term to recall and the kind word, if the name ends with one.

    One rule for every kind word (see :data:`CATEGORIES`): it labels a name, and so becomes the
    hint instead of part of the answer, when a word of the term reads as a name (``GPT-4``,
    ``AWS``, or — given enough of the glossary's ``prose`` — a capitalised word its sentences
    never write in lower case: ``Claude``, ``Adobe``), unless it belongs to the concept's
    ordinary name: the prose uses the word before it and the kind in lower case ("a language
    model", "an activation function", so ``LeakyReLU Activation Function`` stays whole), or a
    function word precedes it (``Model Denial Of Service``). Kinds that only ever label names
    (``Person``, ``Company``, ``Movie``…) are split off even after ordinary words (``Her
    Movie``), unless the prose uses the phrase ("a social robot") and no word reads as a name
    (``Hanson Robotics Company`` is split although "robotics company" is common). ``Model``
    alone is term ``Model`` with no kind. An alias that puts the kind after a mixed-case name
    (``LaMDA Model``, ``AdaGrad Algorithm``) says the entry is a named model or method.
    """
    words = name.rsplit(" ", 2)
    for size in (2, 1):
        if len(words) > size:
            category = " ".join(words[-size:])
            if category not in _CATEGORY_SET:
                continue
            term = " ".join(words[:-size])
            term_words = term.split()
            before = term_words[-1].lower()
            if prose is not None and prose.size < _MIN_PROSE_WORDS:
                prose = None  # too little text to tell a name from a word it never happened to use
            if prose is None:  # alone: only the word before the kind can say it is a name
                names = _reads_as_name(term_words[-1])
            else:
                names = any(_reads_as_name(word, prose) for word in term_words)
            names = names or any(_names_with_kind(alias, category) for alias in aliases)
            ordinary = prose is not None and f"{before} {category.lower()}" in prose.kind_phrases
            if category in _LABEL_KINDS:
                return (name if ordinary and not names else term), category
            if ordinary or before in _FUNCTION_WORDS or not names:
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
