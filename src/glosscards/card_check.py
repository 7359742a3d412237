"""The card check: which cards break the rules a good cloze card keeps, and why. Pure code.

A card is judged by what the learner sees: the question as Anki renders it (nested clozes too),
read as plain text, against what the glossary entry says the answers are. The rules:

* ``shows its answer`` — the term card shows the term (or its heading name), the acronym card
  shows the acronym or one of its capitalised words (``ACER`` of ``ACER Algorithm``);
* ``shows the acronym`` — the term card shows the acronym: a sibling's answer that gives the
  term away. (The acronym card *shows* the term on purpose: it is its question.);
* ``shows an alias`` — the term card shows another name of the term;
* ``acronym cut`` — the heading's parenthetical holds an acronym, and no card asks for it whole;
* ``too little to answer from`` — under :data:`MIN_QUESTION` characters besides the gaps;
* ``long question`` — over :data:`MAX_QUESTION` characters;
* ``tilde shown`` / ``backticks shown`` — glossary markup left in the question or answer;
* ``list lost`` — a ``- `` list line shown as plain text;
* ``kind word in answer`` — the term card's answer ends with a kind word (``Model``,
  ``Service``…) after a name, which the card should give as its hint.

``glosscards cards --check`` runs these over a collection; the tests run them over the whole
real glossary, which is how the targets of the card maker are measured.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass

from glosscards.glossary.entry import Entry
from glosscards.glossary.naming import acronym_items, is_kind_word
from glosscards.render import (
    cloze_answers,
    cloze_ordinals,
    plain_text,
    render_answer,
    render_question,
)

__all__ = [
    "ANSWER_RULES",
    "MAX_QUESTION",
    "MIN_QUESTION",
    "CardCheck",
    "CardProblem",
    "check_note",
    "check_notes",
    "summarize",
]

ANSWER_RULES = frozenset({"shows its answer", "shows the acronym", "shows an alias"})
"""The rules that keep a card's answer hidden (the others are about how good a prompt is)."""

MIN_QUESTION = 15
"""A question with fewer characters than this besides its gaps leaves nothing to answer from."""

MAX_QUESTION = 600
"""A question longer than this is more reading than recall."""

_TOO_LITTLE = "too little to answer from"
_LONG = "long question"
_PRE_RE = re.compile(r"<pre\b.*?</pre>", re.DOTALL | re.IGNORECASE)
_GAP_RE = re.compile(r"\[[^\[\]]*\]")
_WORD_CHARS = re.compile(r"\w")


@dataclass(frozen=True, slots=True)
class CardProblem:
    """One broken rule of one card: the term, the card's number (1 term, 2 acronym), why."""

    term: str
    ordinal: int
    reason: str
    deck: str = ""
    term_id: int = 0
    """The term's id in the collection the note came from (0 for a note checked alone)."""


def check_note(
    entry: Entry, text: str, back_extra: str, *, deck: str = "", term_id: int = 0
) -> list[CardProblem]:
    """Every rule the cards of the note (``text``/``back_extra``) made from ``entry`` break."""
    answers = cloze_answers(text)
    problems: list[CardProblem] = []

    def report(ordinal: int, reason: str) -> None:
        problems.append(CardProblem(entry.term, ordinal, reason, deck, term_id))

    acronym = entry.acronym or ""
    # the acronym's own capitalised words give it away too: "ACER" of "ACER Algorithm"
    term_words = {w.casefold() for w in entry.term.split()}
    words = acronym.split()
    parts = [
        w
        for w in (words if len(words) > 1 else [])
        if sum(ch.isupper() for ch in w) >= 2 and w.casefold() not in term_words
    ]
    names = [n for n in (entry.term, entry.name) if n]
    aliases = [a for a in entry.aliases if not _same(a, entry.term) and not _same(a, acronym)]
    for ordinal in sorted(answers):
        question = plain_text(render_question(text, ordinal))
        # code blocks show code as it is: a "- " or a backtick there is not glossary markup
        answer_side = plain_text(_PRE_RE.sub("", render_answer(text, back_extra, ordinal)))
        if ordinal == 1:
            if any(_shows(name, question) for name in names):
                report(1, "shows its answer")
            if acronym and any(_shows(a, question) for a in (acronym, *parts)):
                report(1, "shows the acronym")
            if any(_shows(alias, question) for alias in aliases):
                report(1, "shows an alias")
            if _kind_word_kept(answers[1], entry):
                report(1, "kind word in answer")
        elif acronym and any(_shows(a, question) for a in (acronym, *parts)):
            report(ordinal, "shows its answer")
        besides_gaps = _GAP_RE.sub("", question)
        if len(" ".join(besides_gaps.split())) < MIN_QUESTION:
            report(ordinal, _TOO_LITTLE)
        if len(question) > MAX_QUESTION:
            report(ordinal, _LONG)
        if any(line.lstrip().startswith("~") for line in question.splitlines()):
            report(ordinal, "tilde shown")
        if "`" in answer_side:
            report(ordinal, "backticks shown")
        if any(line.startswith("- ") for line in answer_side.splitlines()):
            report(ordinal, "list lost")
    wanted = acronym_items(entry.heading)
    kind = f" {entry.category}" if entry.category else ""
    asked = {_key(a) for o, answer in answers.items() if o > 1 for a in (answer, answer + kind)}
    if wanted and not asked & {_key(item) for item in wanted}:
        problems.append(CardProblem(entry.term, 2, "acronym cut", deck, term_id))
    return problems


@dataclass(frozen=True, slots=True)
class CardCheck:
    """The card check of a collection or a glossary: every problem, and the question figures
    the card maker's targets are stated in."""

    notes: int
    questions: int
    short: int
    long: int
    problems: tuple[CardProblem, ...]

    @property
    def counts(self) -> Counter[str]:
        return summarize(self.problems)


def check_notes(rows: Iterable[tuple[str, Entry, str, str, int]]) -> CardCheck:
    """The :class:`CardCheck` of ``(deck, entry, text, back_extra, term_id)`` rows. The short
    and long questions are the cards :func:`check_note` reports for those two rules, so each
    card is rendered once."""
    problems: list[CardProblem] = []
    notes = questions = 0
    for deck, entry, text, back_extra, term_id in rows:
        notes += 1
        questions += len(cloze_ordinals(text))
        problems.extend(check_note(entry, text, back_extra, deck=deck, term_id=term_id))
    counts = summarize(problems)
    return CardCheck(notes, questions, counts[_TOO_LITTLE], counts[_LONG], tuple(problems))


def summarize(problems: Iterable[CardProblem]) -> Counter[str]:
    """How many cards break each rule."""
    return Counter(problem.reason for problem in problems)


def _kind_word_kept(answer: str, entry: Entry) -> bool:
    """The answer ends with a kind word (``ChatGPT Model``, ``AWS Bedrock Service``) after a
    word that is a name by its form — a digit, an inner capital, all capitals — and the
    entry's own text never uses the two words as an ordinary phrase ("the ReLU activation
    function"). An independent, per-entry judgement: the card maker decides from the whole
    glossary's prose, and the check does not trust what it is checking."""
    words = answer.split()
    for size in (2, 1):
        if len(words) > size and is_kind_word(" ".join(words[-size:])):
            if not any(_name_by_form(word) for word in words[:-size]):
                return False
            phrase = " ".join(words[-size - 1 :]).lower()
            prose = " ".join((*entry.glosses, *entry.paragraphs)).lower()
            return not re.search(rf"(?<!\w){re.escape(phrase)}(?!\w)", prose)
    return False


def _name_by_form(word: str) -> bool:
    parts = [part for part in word.split("-") if part]
    return any(
        any(ch.isdigit() for ch in part) or any(ch.isupper() for ch in part[1:]) for part in parts
    )


def _shows(needle: str, haystack: str) -> bool:
    if not needle or not _WORD_CHARS.search(needle):
        return False
    pattern = r"\s+".join(re.escape(word) for word in needle.split())
    return re.search(rf"(?<!\w){pattern}(?!\w)", haystack, re.IGNORECASE) is not None


def _same(a: str, b: str) -> bool:
    return " ".join(a.split()).casefold() == " ".join(b.split()).casefold()


def _key(text: str) -> str:
    return " ".join(text.split()).casefold()
