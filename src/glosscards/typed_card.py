"""What a card asks to be typed, when its deck types answers (Anki's ``{{type:cloze:Text}}``).

Each card asks for its cloze's answer as :func:`glosscards.render.cloze_answers` reveals it.
The term card (c1) asks for the term: its gap's kind hint (``{{c1::Claude::model}}`` shows
``[model]``) is never required, and neither is the acronym inside it, which is the acronym
card's answer — ``Adaptive Boosting`` is right for ``Adaptive Boosting (AdaBoost)``, and so is
the whole. The acronym card (c2) asks for the acronym: ``AdaBoost``. The comparison is
:func:`glosscards.typed_answer.check_typed` (case, accents, spacing forgiven).
"""

from __future__ import annotations

from dataclasses import dataclass

from glosscards.render import cloze_answers, cloze_hints
from glosscards.typed_answer import SegmentKind, TypedAnswer, check_typed

__all__ = ["TypedQuestion", "typed_question"]


@dataclass(frozen=True, slots=True)
class TypedQuestion:
    """The answer a card expects typed, and what is optional in it."""

    ordinal: int
    answer: str
    """The answer as the comparison shows it: ``Claude``, ``Adaptive Boosting``, ``AdaBoost``."""
    hint: str | None = None
    """The gap's kind hint, as the card shows it: optional when typed (``Claude (model)``)."""
    with_acronym: str | None = None
    """For a term card, the term with its acronym, right too: ``Adaptive Boosting (AdaBoost)``."""

    def check(self, typed: str) -> TypedAnswer:
        """``typed`` against the answer (or with its acronym, if that is closer)."""
        short = check_typed(typed, _with_hint(self.answer, self.hint), hint=self.hint)
        if short.correct or self.with_acronym is None:
            return short
        full = check_typed(typed, _with_hint(self.with_acronym, self.hint), hint=self.hint)
        return full if full.correct or _errors(full) < _errors(short) else short


def _errors(answer: TypedAnswer) -> int:
    return sum(len(s.text) for s in answer.diff if s.kind is not SegmentKind.SAME)


def _with_hint(text: str, hint: str | None) -> str:
    return f"{text} ({hint})" if hint else text


def typed_question(text: str, ordinal: int) -> TypedQuestion | None:
    """What card ``ordinal`` of a note with Text ``text`` asks typed (None: nothing to type)."""
    answers = cloze_answers(text)
    answer = " ".join(answers.get(ordinal, "").split())
    if not answer:
        return None
    hint = cloze_hints(text).get(ordinal)
    acronym = " ".join(answers.get(2, "").split()) if ordinal == 1 else ""
    nested = f"({acronym})"
    if acronym and answer.endswith(nested) and answer != nested:
        return TypedQuestion(ordinal, answer[: -len(nested)].rstrip(), hint, answer)
    return TypedQuestion(ordinal, answer, hint)
