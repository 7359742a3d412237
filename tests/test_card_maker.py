"""The card maker's rules, pure: prompts worth answering, structure kept, kind words, acronyms."""

from __future__ import annotations

import pytest

from glosscards.cloze import has_something_to_learn, make_note
from glosscards.glossary.entry import Entry
from glosscards.glossary.text_format import parse_text as parse_glossary_text
from glosscards.note_html import inline_markup, paragraphs_html
from glosscards.prompt import is_fragment
from glosscards.render import plain_text, render_answer, render_question


def _entry(*paragraphs: str, glosses: tuple[str, ...] = (), term: str = "Subject") -> Entry:
    return Entry(heading=term, name=term, term=term, glosses=glosses, paragraphs=paragraphs)


def _question(entry: Entry, ordinal: int = 1) -> str:
    note = make_note(entry)
    assert note is not None
    return plain_text(render_question(note.text, ordinal))


# --- prompts worth answering ------------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    ["Models", "Publications", "This is ...", "CNTK is ...", "Price: $200", "Beware:", "- ..."],
)
def test_fragments(text: str) -> None:
    """A heading-like word, "This is ...", a price line, a lone label: nothing to answer from."""
    assert is_fragment(text)


@pytest.mark.parametrize(
    "text",
    ["CEO of Anthropic", "A metric used for model evaluation.", "Released in 2001 by Spielberg"],
)
def test_substantial_text(text: str) -> None:
    assert not is_fragment(text)


def test_a_fragment_opening_is_passed_over_for_the_next_substantial_text() -> None:
    """ "Publications" opens the entry; the prompt is the sentence after it, and the back keeps
    the fragment, in the glossary's order."""
    entry = _entry("Publications", "A research lab that studies how machines learn.", "Later.")
    note = make_note(entry)
    assert note is not None
    question = plain_text(render_question(note.text, 1))
    assert "A research lab that studies how machines learn." in question
    assert "Publications" not in question
    assert plain_text(note.back_extra).split() == ["Publications", "Later."]


def test_a_label_that_only_repeats_the_term_leaves_the_list_as_the_prompt() -> None:
    """ "People" then a list of people: the question is the list, not "[...] [...]"."""
    entry = _entry("People", "- Alan Turing - A founder of AI", "- Ada Lovelace", term="People")
    assert _question(entry).splitlines()[:3] == [
        "[...]",
        "Alan Turing - A founder of AI",
        "Ada Lovelace",
    ]


def test_a_list_label_and_its_items_make_a_prompt_together() -> None:
    """ "Models:" alone is a fragment, with its items it is something to answer from."""
    entry = _entry("Models:", "- Claude Model", term="Anthropic")
    assert [line for line in _question(entry).splitlines() if line] == [
        "[...]",
        "Models:",
        "Claude Model",
    ]


def test_an_entry_of_nothing_but_fragments_is_too_little_to_learn() -> None:
    """ "This is ..." alone, or a price, makes no card (reported "too little to learn")."""
    for entry in (_entry("This is ..."), _entry(glosses=("$700 with $25/month",))):
        assert make_note(entry) is None
        assert not has_something_to_learn(entry)


def test_a_label_with_a_long_first_item_takes_the_item_cut_to_fit() -> None:
    """ "A state space is either" then a long item: the item, cut, joins the prompt; the back
    keeps it whole."""
    item = "- Discrete = " + " ".join(f"Sentence {i} about discrete spaces." for i in range(30))
    entry = _entry("A state space is either", item, term="State Space")
    note = make_note(entry)
    assert note is not None
    question = plain_text(render_question(note.text, 1))
    assert "Discrete = Sentence 0 about discrete spaces." in question
    assert len(question) <= 600
    assert "Sentence 29 about discrete spaces." in plain_text(note.back_extra)


def test_glosses_and_paragraph_share_one_budget() -> None:
    """Two long glosses and a long paragraph: the question stays under 600 characters."""
    long = " ".join(f"Sentence {i} of a long explanation." for i in range(40))
    question = _question(_entry(long, glosses=("a short gloss", long)))
    assert len(question) <= 600


# --- structure kept ---------------------------------------------------------------------------


def test_inline_code_and_math() -> None:
    """```code``` is code, ``\\( … \\)`` a math span without its delimiters, a lone backtick
    is dropped; text is escaped."""
    html = inline_markup("Call `f(x) < 1` with \\( A x \\) or a ` stray")
    assert html == (
        'Call <code>f(x) &lt; 1</code> with <span class="math"> A x </span> or a  stray'
    )


def test_lists_become_one_ul() -> None:
    html = paragraphs_html(["Parts:", "- one", "* two", "After."])
    assert html == "<div>Parts:</div><ul><li>one</li><li>two</li></ul><div>After.</div>"


def test_glosses_show_without_their_tilde() -> None:
    entry = _entry("A longer definition of the subject at hand.", glosses=("a short gloss",))
    note = make_note(entry)
    assert note is not None
    assert '<div class="gloss">a short gloss</div>' in note.text
    assert "~" not in plain_text(render_question(note.text, 1))


def test_code_stays_where_the_glossary_has_it() -> None:
    """Text, formula, text: the back keeps that order, and a formula keeps its legend."""
    text = (
        "Accuracy#\n"
        "A metric used for model evaluation, the share of correct predictions.\n"
        "Then more words about the metric.\n"
        "TP + TN\n"
        "Accuracy = -------------------\n"
        "TP + TN + FP + FN\n"
        "T = Correctly identified\n"
        "F = Incorrectly identified\n"
        "A closing paragraph after the formula.\n"
    )
    entry = parse_glossary_text(text).entries[0]
    assert entry.code == (
        "TP + TN\nAccuracy = -------------------\nTP + TN + FP + FN\n"
        "T = Correctly identified\nF = Incorrectly identified",
    )
    note = make_note(entry)
    assert note is not None
    back = note.back_extra
    assert back.index("more words") < back.index("<pre>") < back.index("closing paragraph")


def test_a_heading_that_lost_its_hash_after_see_also_is_a_heading() -> None:
    """``Cuda Core`` after ``Cubic Regression``'s See also line is the next entry's heading, not
    Cubic Regression's definition (both are then stubs)."""
    text = (
        "Cubic Regression#\nSee also C, Regression\nCuda Core\nSee also C, GPU\n"
        "Cumulative Reward#\nThe agent learns to maximize its cumulative reward.\n"
    )
    parsed = parse_glossary_text(text)
    assert [e.name for e in parsed.entries] == ["Cumulative Reward"]
    assert {s.name for s in parsed.skipped} == {"Cubic Regression", "Cuda Core"}


# --- the acronym, whole, nested -----------------------------------------------------------------


@pytest.mark.parametrize(
    ("heading", "acronym"),
    [
        ("Deep Reinforcement Learning (Deep RL)", "Deep RL"),
        ("3D Generative Adversarial Network (3D GAN)", "3D GAN"),
        ("TensorRT Software Development Kit (TensorRT SDK)", "TensorRT SDK"),
        ("Strong Artificial Intelligence (Strong AI)", "Strong AI"),
        ("Folded Recurrent Neural Network (Folded RNN)", "Folded RNN"),
        ("Large Language Model (LLM)", "LLM"),
        ("Convolutional Neural Network (ConvNet, CNN)", "CNN"),
        ("Actor-Critic With Experience Replay Algorithm (ACER Algorithm)", "ACER Algorithm"),
    ],
)
def test_the_acronym_card_asks_for_the_whole_parenthetical(heading: str, acronym: str) -> None:
    """The heading's acronym whole — not its last word — is the acronym card's answer, and the
    term card hides it."""
    text = f"{heading}#\nA definition long enough to answer from, about {heading}.\n"
    entry = parse_glossary_text(text).entries[0]
    assert entry.acronym == acronym
    note = make_note(entry)
    assert note is not None and note.ordinals == (1, 2)
    assert plain_text(render_answer(note.text, "", 2)).startswith(f"{entry.term} ({acronym})")
    assert acronym not in plain_text(render_question(note.text, 1))
    assert acronym not in plain_text(render_question(note.text, 2))
    assert entry.term in plain_text(render_question(note.text, 2))


# --- one rule for kind words, on the real glossary ---------------------------------------------

_NAMES = {  # a kind word after a name: the hint, not the answer
    "Claude Model": "Claude",
    "AWS Bedrock Service": "AWS Bedrock",
    "Adobe Firefly Product": "Adobe Firefly",
    "Sam Altman Person": "Sam Altman",
    "Anthropic Company": "Anthropic",
    "ChatGPT Model": "ChatGPT",
    "LangChain Python Module": "LangChain",
    "Pandas Python Module": "Pandas",
    "Her Movie": "Her",
    "Atlas Robot": "Atlas",
    "CatBoost Library": "CatBoost",
    "LM Studio Application": "LM Studio",
    "SQuAD Benchmark": "SQuAD",
    "ImageNet Dataset": "ImageNet",
    "Ludwig Framework": "Ludwig",
    "Caikit Toolkit": "Caikit",
    "ELIZA Chatbot": "ELIZA",
    "Whisper Model": "Whisper",
    "Gemini Model": "Gemini",
    "Hanson Robotics Company": "Hanson Robotics",
    "Orca Model Family": "Orca",
    "Language Model for Discussion Applications Model": "Language Model for Discussion Applications",
}
_CONCEPTS = [  # a kind word that belongs to the concept's ordinary name: part of the answer
    "Large Language Model",
    "Loss Function",
    "Activation Function",
    "Diffusion Model",
    "Reward Model",
    "Foundational Model",
    "Search Algorithm",
    "Labeling Service",
    "Model Denial Of Service",
    "Dot Product",
    "Social Robot",
    "Deep Learning Framework",
    "Vector Search Library",
    "Imbalanced Dataset",
    "Model Benchmark",
    "Sigmoid Function",
    "Cross-Entropy Loss Function",
    "Surrogate Model",
    "World Model",
    "Statistical Model",
    "Machine Learning Framework",
    "Hinge Loss Function",
    "Q-Learning Algorithm",
]


@pytest.fixture(scope="module")
def real_by_name() -> dict[str, Entry]:
    from conftest import shared_file
    from glosscards.glossary.reader import read_glossary

    entries = read_glossary(shared_file("ai-glossary-2025-03-01.txt")).entries
    return {e.name: e for e in entries}


@pytest.mark.shared
@pytest.mark.parametrize(("name", "term"), [*_NAMES.items(), *((c, c) for c in _CONCEPTS)])
def test_one_rule_for_kind_words(real_by_name: dict[str, Entry], name: str, term: str) -> None:
    """45 real headings: the kind word is the hint after a name, part of the term otherwise;
    the card asks for that term with the kind as its hint."""
    entry = real_by_name[name]
    assert entry.term == term
    assert entry.category is not None
    note = make_note(entry)
    assert note is not None
    question = plain_text(render_question(note.text, 1)).splitlines()[0]
    answer = plain_text(render_answer(note.text, "", 1)).splitlines()[0]
    assert answer.startswith(term)
    if term != name:
        assert question == f"[{entry.category.lower()}]"
