"""Choosing among the candidates, and one person per row within a meeting."""

from __future__ import annotations

import re
from collections.abc import Iterable

from tuinotes.model.meeting import Attendee
from tuinotes.model.record import person_key
from tuinotes.model.text import fold
from tuinotes.notes.attendees.candidates import (
    HEADING,
    LABELLED,
    ROLE_LINE,
    UNLABELLED,
    Candidate,
    Found,
)
from tuinotes.notes.attendees.rows import reads_as_people


def resolve(candidates: list[Candidate]) -> Found:
    """Choose among the candidates:

    - a candidate counts only when at least half of its rows read as people;
    - attendee sections win over everything else; a labelled list inside the agenda
      ("Participants: Art, Peter" under a topic) then names a topic's people, not the
      meeting's;
    - an unlabelled paragraph counts only when nothing labelled was found;
    - role lines (lead, notetaker, facilitator) name people who were there; when the note
      also lists its attendees they complete that list rather than extend it (`fills_role`);
    - a block is read once: a later candidate on a block already taken loses.
    """
    found = Found()
    heading_sections = {c.section for c in candidates if c.strength == HEADING}
    has_heading = any(c.strength == HEADING and c.row.people for c in candidates)
    has_labelled = any(c.strength >= LABELLED and c.row.people for c in candidates)
    first_heading_line = min(
        (c.line for c in candidates if c.strength == HEADING and c.row.people), default=0
    )
    taken: set[object] = set()
    people: list[Attendee] = []
    in_role: list[Attendee] = []
    absent: list[Attendee] = []
    for c in candidates:
        row = c.row
        if row.count is not None and c.strength >= LABELLED:
            found.stated_count = row.count
        reason = ""
        named = len(row.people) + len(row.absent)
        if not named:
            reason = "no rows read as people" if row.entries or row.odd else "empty"
        elif c.strength != ROLE_LINE and not reads_as_people(row.people + row.absent, row.entries):
            reason = f"{named} of {row.entries} rows read as people"
        elif c.strength == LABELLED and c.section in heading_sections:
            reason = "inside an attendee section already read"
        elif c.strength == LABELLED and has_heading and c.line > first_heading_line:
            reason = "a label inside the agenda, after the attendee section"
        elif c.strength == UNLABELLED and has_labelled:
            reason = "unlabelled, and the note labels its attendees"
        elif any(claim in taken for claim in c.claims):
            reason = "its block was read by an earlier candidate"
        if reason:
            found.explain.append(f"lost: {c.where}: {reason}")
            if c.strength == HEADING and (row.entries or row.odd) and not named:
                found.doubts.append(f"no people were read in {c.where}, which has rows")
            continue
        found.explain.append(
            f"kept: {c.where}: {len(row.people)} attending"
            + (f", {len(row.absent)} absent" if row.absent else "")
        )
        taken.update(c.claims)
        people.extend(row.people)
        if c.strength == ROLE_LINE:
            in_role.extend(row.people)
        absent.extend(row.absent)
        found.sections.update(c.sections)
        found.claimed.extend(b for b in c.blocks if b.section not in c.sections)
        found.claimed_items.extend(c.items)
        found.leftover.extend(c.leftover)
        if c.strength == HEADING and row.odd:
            found.not_people.append(row.odd)
    roster = [a for a in people if all(a is not r for r in in_role)]
    for person in in_role:
        listed = fills_role(person, roster)
        if listed is not None and listed is not person:
            people = [p for p in people if p is not person]
            found.explain.append(
                f"merged: role name '{person.label}' is the listed '{listed.label}'"
            )
            if len(person.name.split()) > len(listed.name.split()):
                listed.name = person.name
        elif listed is None:
            people = [p for p in people if p is not person]
            found.explain.append(
                f"lost: role name '{person.label}': a handle not on the attendee list"
            )
    gone = {person_key(a) for a in absent}
    found.attendees = [a for a in deduplicate(people) if person_key(a) not in gone]
    found.absent = deduplicate(absent)
    if found.stated_count is not None and found.stated_count != len(found.attendees):
        found.doubts.append(
            f"the note says {found.stated_count} attended, {len(found.attendees)} were read"
        )
    return found


def fills_role(person: Attendee, roster: list[Attendee]) -> Attendee | None:
    """Who a role line's person is, given the attendee list ('Facilitator: Ana' beside
    'Attendees: Ana Ruiz, Bo Li'): the one listed person of that first name, or of that
    handle shape ('eholk' for Eric Holk, 'anar' for Ana Ruiz); 'Moderator: Ana Ruiz' beside
    a list naming only 'Ana' is her (the caller keeps the fuller name); the person themself when the
    list is empty, names them the same way or does not name them and they are written as a
    name. None for a bare handle not on the list: someone listed under another name, we
    cannot tell who, and we do not guess."""
    if not roster or person.handle:
        return person
    if len(person.name.split()) > 1:
        first = fold(person.name.split()[0]).casefold()
        alone = [r for r in roster if fold(r.name).casefold() == first and not r.handle]
        if len(alone) == 1 and not any(first in _short_forms(r.name) for r in roster):
            return alone[0]
        return person
    key = _meeting_key(person)
    if any(_meeting_key(r) == key for r in roster):
        return person
    word = fold(person.name).casefold()
    matches = [r for r in roster if word in _short_forms(r.name)]
    if len(matches) == 1:
        return matches[0]
    return None if person.name.islower() else person


def _short_forms(name: str) -> set[str]:
    """The one-word forms a full name goes by: first name, initial and surname, first name
    and initial ('Eric Holk' -> eric, eholk, erich)."""
    words = [w for w in re.split(r"[^\w]+", fold(name).casefold()) if w]
    if len(words) < 2:
        return set()
    first, last = words[0], words[-1]
    return {first, first[0] + last, first + last[0], first + last}


def _meeting_key(attendee: Attendee) -> str:
    """Who a row is within one meeting: `person_key`, and a one-word name whatever its case
    ('Ana' on the facilitator line is the 'ana' of the attendance line)."""
    if not attendee.handle and len(attendee.name.split()) == 1:
        return person_key(Attendee(attendee.name.casefold()))
    return person_key(attendee)


def deduplicate(attendees: Iterable[Attendee]) -> list[Attendee]:
    """Drop repeated rows of the same person (`person_key`: the one identity rule); a later
    row may add the handle, initials or affiliation the first one lacked."""
    seen: dict[str, Attendee] = {}
    by_handle: dict[str, Attendee] = {}
    for attendee in attendees:
        key = _meeting_key(attendee)
        first = seen.get(key) or (
            by_handle.get(attendee.handle.casefold()) if attendee.handle else None
        )
        if first is None and attendee.handle:  # 'lidel' listed, '@lidel' on a role line
            first = seen.get(_meeting_key(Attendee(attendee.name or attendee.handle)))
            if first is not None and first.handle:
                first = None
        if first is not None:
            first.handle = first.handle or attendee.handle
            first.initials = first.initials or attendee.initials
            first.affiliation = first.affiliation or attendee.affiliation
            first.name = first.name or attendee.name
            continue
        seen[key] = attendee
        if attendee.handle:
            by_handle[attendee.handle.casefold()] = attendee
            seen.setdefault(_meeting_key(Attendee(attendee.name or attendee.handle)), attendee)
    unique: list[Attendee] = []
    for attendee in seen.values():
        if all(attendee is not u for u in unique):
            unique.append(attendee)
    return unique
