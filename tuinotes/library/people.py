"""One registry of people across all meetings."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from tuinotes.model.meeting import Attendee
from tuinotes.model.record import NoteRecord, iso, name_key, person_key
from tuinotes.model.text import fold


@dataclass(slots=True)
class Person:
    """Someone who attended at least one meeting."""

    key: str
    name: str
    handle: str = ""
    keys: set[str] = field(default_factory=set)  # every person_key written for them
    initials: list[str] = field(default_factory=list)
    affiliations: list[str] = field(default_factory=list)  # in order first seen
    meetings: list[str] = field(default_factory=list)  # note paths, oldest first
    joins: list[str] = field(default_factory=list)  # why other rows were joined to them
    first_seen: date | None = None
    last_seen: date | None = None

    @property
    def meeting_count(self) -> int:
        return len(self.meetings)

    @property
    def label(self) -> str:
        """The name, or '@handle' for someone known by handle only (a name that merely
        spells the handle, 'lidel' for @lidel, is the handle)."""
        if self.handle and (not self.name or self.name.casefold() == self.handle.casefold()):
            return f"@{self.handle}"
        return self.name

    @property
    def handle_aside(self) -> str:
        """'@handle' to show beside the label; '' when the label is the handle already."""
        return f"@{self.handle}" if self.handle and not self.label.startswith("@") else ""

    def to_dict(self) -> dict[str, Any]:
        return {
            "key": self.key,
            "keys": sorted(self.keys),
            "name": self.name,
            "handle": self.handle or None,
            "initials": self.initials,
            "affiliations": self.affiliations,
            "meeting_count": self.meeting_count,
            "joins": self.joins,
            "meetings": self.meetings,
            "first_seen": iso(self.first_seen),
            "last_seen": iso(self.last_seen),
        }


def _full(name: str) -> bool:
    """Whether a name is written as a full name: two words or more ('Anne-Marie' is one
    first name, however `name_key` parts it)."""
    return len(name.split()) >= 2


def build_registry(records: Iterable[NoteRecord]) -> dict[str, Person]:
    """People by key, each with the meetings they attended; names from their latest meeting.

    A row without a handle joins the person with a handle of the same name, when exactly
    one such person exists; under one full name, every row is the person of the handle
    written most often with it ("Michael Dawson (@mhawson)" once, a typo, beside 170
    "Michael Dawson (@mhdawson)"); under one first name alone, two handles stay two
    people. A first name alone
    joins the one full name with that first name in the same series. A one-word name no join
    took that spells (in any case) a handle of a person of its own is that person ("Kubuxu"
    is @kubuxu). Each join says why.
    """
    ordered = sorted(records, key=lambda r: r.sort_key)
    handles_by_name: dict[str, Counter[str]] = {}
    last_written: dict[str, int] = {}  # each handle's latest row: a tie goes to the newer
    for number, attendance in enumerate(ordered):
        for attendee in attendance.attendees:
            if attendee.handle and attendee.name:
                written = handles_by_name.setdefault(name_key(attendee.name), Counter())
                written[person_key(attendee)] += 1
                last_written[person_key(attendee)] = number

    def owner(attendee: Attendee) -> tuple[str, str]:
        """The person key a row belongs to, and why when it is not its own."""
        written = person_key(attendee)
        name = name_key(attendee.name)
        owners = handles_by_name.get(name, Counter())
        if not owners:
            return written, ""
        key = max(owners, key=lambda k: (owners[k], last_written[k]))
        if not attendee.handle and len(owners) == 1:
            return key, f"'{attendee.name}' (no handle) is the one {key[3:]} with that name"
        if _full(attendee.name) and key != written:
            aside = f"@{attendee.handle}" if attendee.handle else "no handle"
            why = f"'{attendee.name}' ({aside}) is {key[3:]}, the handle most written with it"
            return key, why
        return written, ""

    # "Kofi" in a series where exactly one "Kofi …" attended is that person.
    full_names: dict[tuple[str, str], set[str]] = {}
    for attendance in ordered:
        for attendee in attendance.attendees:
            parts = name_key(attendee.name).split()
            if len(parts) < 2:
                continue
            # 'Hsiao-Wei Wang' is the one 'Hsiao …' and the one 'Hsiao-Wei …';
            # 'Crypdough.eth' the one 'Crypdough …'
            firsts = {parts[0]}
            if _full(attendee.name):
                firsts.add(name_key(attendee.name.split()[0]))
            for first in firsts:
                full_names.setdefault((fold(attendance.series), first), set()).add(
                    owner(attendee)[0]
                )
    rows: list[tuple[NoteRecord, Attendee, str, str]] = []  # whose row is whose, and why
    for attendance in ordered:
        for attendee in attendance.attendees:
            key, why = owner(attendee)
            first = name_key(attendee.name)
            if not attendee.handle and first and not _full(attendee.name) and attendance.series:
                same = full_names.get((fold(attendance.series), first), set())
                if len(same) == 1:
                    (key,) = same
                    why = f"'{attendee.name}' is the one '{first} …' in {attendance.series}"
            rows.append((attendance, attendee, key, why))
    # "Lightclient" and "lightclient", "Kubuxu" and @kubuxu: a one-word name that no join
    # took, spelling (in any case) a handle that is a person of its own, is that person;
    # not a first name of the series' full names ("Kofi" among two Kofis is nobody's guess).
    handles = {key for _, _, key, _ in rows if key.startswith("gh:")}
    people: dict[str, Person] = {}
    for attendance, attendee, key, why in rows:
        word = attendee.name.strip()
        spelled = f"gh:{word.casefold()}"
        first_name = (fold(attendance.series), name_key(word)) in full_names
        if (
            key == person_key(attendee) != spelled
            and " " not in word
            and spelled in handles
            and not first_name
        ):
            key, why = spelled, f"'{word}' spells the handle {spelled[3:]}"
        person = people.get(key)
        if person is None:
            person = people[key] = Person(key=key, name=attendee.name)
        person.keys.add(person_key(attendee))
        if why and why not in person.joins:
            person.joins.append(why)
        _add_sighting(person, attendee, attendance)
    return people


def _add_sighting(person: Person, attendee: Attendee, attendance: NoteRecord) -> None:
    if attendee.name and len(attendee.name.split()) >= len(person.name.split()):
        person.name = attendee.name  # the latest full name ("Kofi" does not replace it)
    if attendee.handle and (not person.handle or person.key == person_key(attendee)):
        person.handle = attendee.handle  # as written, of the handle the person goes by
    if attendee.initials and attendee.initials not in person.initials:
        person.initials.append(attendee.initials)
    if attendee.affiliation and attendee.affiliation not in person.affiliations:
        person.affiliations.append(attendee.affiliation)
    if attendance.path not in person.meetings:
        person.meetings.append(attendance.path)
    if attendance.date:
        person.first_seen = person.first_seen or attendance.date
        person.last_seen = attendance.date


def find_people(people: dict[str, Person], query: str) -> list[Person]:
    """People matching a name, handle (with or without @), initials or part of a name."""
    wanted = fold(query.strip().lstrip("@"))
    if not wanted:
        return []
    if query.strip().startswith("@"):  # a handle names one person
        by_handle = [p for p in people.values() if p.handle.casefold() == wanted]
        if by_handle:
            return by_handle
    exact = [
        p
        for p in people.values()
        if wanted in (fold(p.name), p.handle.casefold())
        or name_key(wanted) in {k.removeprefix("name:") for k in p.keys}
        or wanted in (i.casefold() for i in p.initials)
    ]
    if len(exact) > 1 and len(named := [p for p in exact if fold(p.name) == wanted]) == 1:
        return named  # "Mara" is the one written so, not also Mara Bos whom "Mara" joined
    if exact:
        return exact
    spelled = name_key(wanted)  # 'Hsiao Wei' finds 'Hsiao-Wei Wang'
    return [
        p
        for p in people.values()
        if wanted in fold(p.name)
        or (spelled and spelled in name_key(p.name))
        or wanted in p.handle.casefold()
    ]


def namesakes(people: dict[str, Person], person: Person, at_most: int = 3) -> list[Person]:
    """Others whose full name starts with the one name `person` goes by ('Kate Stewart'
    beside a 'Kate' the notes never joined to her), most meetings first."""
    if len(person.name.split()) != 1:
        return []
    start = fold(person.name) + " "
    found = [p for p in people.values() if p is not person and fold(p.name).startswith(start)]
    return sorted(found, key=lambda p: -p.meeting_count)[:at_most]


def sorted_people(people: dict[str, Person]) -> list[Person]:
    """Most frequent attendees first, then by name."""
    return sorted(people.values(), key=lambda p: (-p.meeting_count, fold(p.label)))
