"""glosscards → the Anki mirror: notes, schedules and answers, so the phone sees what glosscards
has (see :mod:`glosscards.anki_mirror`).

* A note the mirror lacks is added; one whose fields differ gets glosscards' fields (the glossary is
  the source of note text: an edit made on the phone is replaced by glosscards' version) and
  glosscards' tags, keeping tags the learner added in Anki. A term the glossary dropped, or a note
  deleted here (alone or with its deck), is tagged ``glosscards::retired`` and its cards
  suspended — never deleted, so the phone keeps its history.
* The schedule is glosscards': a card suspended, buried or given a due date on the phone gets
  glosscards' schedule back at the next sync. What the phone sends home is its answers.
* Each card is in the Anki deck named as glosscards' deck (a deck renamed here is renamed there,
  in effect: its cards move), and gets glosscards' schedule, in Anki's terms (:mod:`glosscards.anki_progress`): a review
  card is due in Anki on the same date as here.
* Each answer the mirror lacks is added to ``revlog``. Its pairing is recorded in glosscards first
  and the row written second, so a push stopped in between is finished by the next one (a paired
  row missing from the mirror is written again) and never doubles an answer.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import tzinfo

from glosscards.anki_export import ExportNote
from glosscards.anki_history import guid_of
from glosscards.anki_mirror import Mirror, MirrorCard, Schedule
from glosscards.anki_progress import StoredCard, anki_card, anki_review
from glosscards.storage.notes_store import RETIRED_TAG
from glosscards.storage.sync_store import SyncStore

__all__ = ["Pushed", "push"]

_SUSPENDED = -1


@dataclass(frozen=True, slots=True)
class Pushed:
    notes_added: int
    notes_updated: int
    notes_retired: int
    schedules_set: int
    answers_sent: int
    cards_answered: frozenset[int] = frozenset()
    """glosscards' cards whose answers were sent."""
    edits_replaced: int = 0
    """Notes edited in Anki (their text differs from what glosscards sent, and glosscards' note
    did not change since): they get the glossary's text back."""


def _tags(ours: Sequence[str], theirs: Sequence[str]) -> tuple[str, ...]:
    """glosscards' tags, then the ones the learner added in Anki (the retired tag is ours)."""
    extra = [t for t in theirs if t not in ours and t != RETIRED_TAG]
    return (*ours, *extra)


def _push_notes(
    mirror: Mirror, notes: Sequence[ExportNote], *, since: int | None
) -> tuple[int, int, int, int]:
    """Add, update and retire the mirror's notes: (added, updated, retired, phone edits
    replaced — notes whose text differs from a version glosscards had already sent)."""
    by_guid = {guid_of(n.key): n for n in notes}
    existing = mirror.notes()
    added = [n for guid, n in by_guid.items() if guid not in existing]
    mirror.add_notes(added)
    changes: list[tuple[int, tuple[str, ...], tuple[str, ...]]] = []
    retired = sum(RETIRED_TAG in n.tags for n in added)
    replaced = 0
    for guid, there in existing.items():
        note = by_guid.get(guid)
        if note is None:  # its note or deck was deleted here: the phone keeps it, suspended
            if RETIRED_TAG not in there.tags:
                changes.append((there.id, there.fields, (*there.tags, RETIRED_TAG)))
                retired += 1
            continue
        fields = (note.text, note.back_extra)
        tags = _tags(note.tags, there.tags)
        if there.fields[:2] != fields or set(there.tags) != set(tags):
            changes.append((there.id, fields, tags))
            retired += RETIRED_TAG in note.tags and RETIRED_TAG not in there.tags
            unchanged_here = since is not None and note.modified.timestamp() <= since
            replaced += there.fields[:2] != fields and unchanged_here
    mirror.update_notes(changes)
    return len(added), len(changes), retired, replaced


def _schedule(card: StoredCard, there: MirrorCard, *, offset: int, retired: bool) -> Schedule:
    """The mirror card's schedule for glosscards' card."""
    anki = anki_card(card)
    queue = _SUSPENDED if retired else anki.queue
    if anki.due_day is None:  # new: keeps its place among Anki's new cards
        due = there.schedule[2] if there.schedule[0] == 0 else 0
    else:
        due = anki.due_day + offset
    return (anki.type, queue, due, anki.ivl, anki.factor, anki.reps, anki.lapses)


def push(
    mirror: Mirror,
    store: SyncStore,
    *,
    notes: Sequence[ExportNote],
    cards: Mapping[str, Sequence[StoredCard]],
    tz: tzinfo,
    now_s: int,
    since: int | None = None,
) -> Pushed:
    """Bring the mirror up to glosscards' ``notes`` (every deck's, retired ones too), their
    ``cards`` (by term key) and all answers; ``tz`` is the collection's time zone, ``since``
    the time of the last completed sync (epoch seconds; None: never)."""
    added, updated, retired, replaced = _push_notes(mirror, notes, since=since)
    key_of = {guid_of(n.key): n.key for n in notes}
    retired_keys = {n.key for n in notes if RETIRED_TAG in n.tags}
    offset = -mirror.day_zero(tz)
    decks = {name: mirror.deck_id(name) for name in {n.deck for n in notes}}
    deck_of = {guid_of(n.key): decks[n.deck] for n in notes}
    mirror_cards = mirror.cards()
    mirror.move_cards(  # a move changes neither a card's id nor its schedule
        (c.id, deck_of[c.guid])
        for c in mirror_cards
        if c.guid in deck_of and c.deck_id != deck_of[c.guid]
    )
    card_ids = {(c.guid, c.ordinal): c.id for c in mirror_cards}
    schedules: list[tuple[int, Schedule]] = []
    for there in mirror_cards:
        key = key_of.get(there.guid)
        if key is None:
            if there.schedule[1] != _SUSPENDED:  # a deleted deck's card
                kind, _queue, due, ivl, factor, reps, lapses = there.schedule
                schedules.append((there.id, (kind, _SUSPENDED, due, ivl, factor, reps, lapses)))
            continue
        card = next((c for c in cards.get(key, ()) if c.ordinal == there.ordinal), None)
        if card is None:
            continue
        wanted = _schedule(card, there, offset=offset, retired=key in retired_keys)
        if wanted != there.schedule:
            schedules.append((there.id, wanted))
    mirror.set_schedules(schedules, now_s=now_s)
    sent = _push_answers(mirror, store, card_ids, now_s=now_s)
    return Pushed(
        added, updated, retired, len(schedules), len(sent), frozenset(sent), edits_replaced=replaced
    )


def _push_answers(
    mirror: Mirror,
    store: SyncStore,
    card_ids: Mapping[tuple[str, int], int],
    *,
    now_s: int,
) -> list[int]:
    """Send the answers the mirror lacks; returns the glosscards card id of each."""
    there = mirror.revlog_ids()
    taken = there | store.paired_revlog_ids()
    new_pairs: list[tuple[int, int]] = []
    rows = []
    sent: list[int] = []
    for review in store.reviews_for_anki():
        card_id = card_ids.get((guid_of(review.key), review.ordinal))
        if card_id is None:  # a cloze the note no longer has: nothing to attach it to
            continue
        revlog_id = review.revlog_id
        if revlog_id is None:
            revlog_id = review.review.reviewed_at_ms
            while revlog_id in taken:  # revlog ids are unique milliseconds
                revlog_id += 1
            taken.add(revlog_id)
            new_pairs.append((review.review_id, revlog_id))
        if revlog_id not in there:
            rows.append((revlog_id, card_id, anki_review(review.review)))
            sent.append(review.card_id)
    store.pair(new_pairs)
    mirror.add_answers(rows, now_s=now_s)
    return sent
