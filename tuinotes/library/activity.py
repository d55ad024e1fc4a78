"""What one person did across the meetings they attended: a timeline, what they raised,
what they said and the actions they own.

Speakers are resolved per meeting: `AB` is whoever that meeting's attendee table says.
Lines by initials the person uses elsewhere that their meeting's table does not resolve
are listed as unresolved rather than guessed.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any, Literal

from tuinotes.library.people import Person
from tuinotes.model.meeting import Item, Meeting
from tuinotes.model.record import Action, NoteRecord, iso, person_key


@dataclass(slots=True)
class Contribution:
    """An agenda item a person raised, or a discussion line they spoke."""

    path: str
    date: date | None
    title: str
    text: str
    line: int
    kind: Literal["raised", "said"]
    state: str
    speaker: str  # the initials as written
    resolved: bool = True  # False: initials they use, but this meeting's table doesn't say so

    def to_dict(self) -> dict[str, Any]:
        return {
            "path": self.path,
            "date": iso(self.date),
            "title": self.title,
            "text": self.text,
            "line": self.line,
            "kind": self.kind,
            "state": self.state,
            "speaker": self.speaker,
            "resolved": self.resolved,
        }


@dataclass(slots=True)
class PersonActivity:
    person: Person
    meetings: list[NoteRecord] = field(default_factory=list)  # oldest first
    contributions: list[Contribution] = field(default_factory=list)
    actions: list[tuple[NoteRecord, Action]] = field(default_factory=list)
    monthly: list[int] = field(default_factory=list)  # meetings attended per month
    months: tuple[str, str] = ("", "")  # the first and last month `monthly` covers
    problems: list[str] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        return {
            "person": self.person.to_dict(),
            "meetings": [
                {"path": r.path, "date": iso(r.date), "title": r.title} for r in self.meetings
            ],
            "monthly_attendance": {
                "from": self.months[0],
                "to": self.months[1],
                "counts": self.monthly,
            },
            "contributions": [c.to_dict() for c in self.contributions],
            "actions": [action_dict(r, a) for r, a in self.actions],
            "problems": self.problems,
        }


def action_dict(record: NoteRecord, action: Action) -> dict[str, Any]:
    return {
        "path": record.path,
        "date": iso(record.date),
        "meeting": record.title,
        **action.to_dict(),
    }


def person_activity(
    folder: Path,
    records: Iterable[NoteRecord],
    actions: dict[str, list[Action]],
    person: Person,
) -> PersonActivity:
    """Parse the notes `person` attended (only those) and collect what they did."""
    every = list(records)
    by_path = {r.path: r for r in every}
    activity = PersonActivity(person)
    activity.meetings = sorted(
        (by_path[p] for p in person.meetings if p in by_path), key=lambda r: r.sort_key
    )
    activity.monthly, activity.months = monthly_attendance(every, activity.meetings)
    activity.actions = [
        (record, action)
        for record in sorted(every, key=lambda r: r.sort_key)
        for action in actions.get(record.path, ())
        if action.owner_key in person.keys
    ]
    from tuinotes.notes.parse import parse_meetings  # on first use: searching needs no parser
    from tuinotes.notes.read import UnreadableNote

    for record in activity.meetings:
        try:
            meetings = parse_meetings(folder / record.file, record.file)
            anchor = record.path.partition("#")[2]
            meeting = next((m for m in meetings if m.anchor == anchor), meetings[0])
        except UnreadableNote as error:
            activity.problems.append(f"{record.path}: {error}")
            continue
        activity.contributions.extend(contributions(meeting, record, person))
    return activity


def contributions(meeting: Meeting, record: NoteRecord, person: Person) -> list[Contribution]:
    from tuinotes.notes.speakers import Speakers  # on first use: searching needs no parser

    speakers = Speakers(meeting.attendees)
    usual = {i.casefold() for i in person.initials}
    found: list[Contribution] = []

    def visit(item: Item, kind: Literal["raised", "said"]) -> None:
        if item.speaker:
            attendee = speakers.find(item.speaker)
            if attendee is not None and person_key(attendee) in person.keys:
                found.append(_contribution(record, item, kind, True))
            elif attendee is None and item.speaker.casefold() in usual:
                found.append(_contribution(record, item, kind, False))
        for child in item.children:
            visit(child, "said")

    for section in meeting.sections:
        if section.kind == "agenda":
            for item in section.items:
                visit(item, "raised")
    return found


def _contribution(
    record: NoteRecord, item: Item, kind: Literal["raised", "said"], resolved: bool
) -> Contribution:
    return Contribution(
        path=record.path,
        date=record.date,
        title=record.title,
        text=item.text,
        line=item.line,
        kind=kind,
        state=item.state,
        speaker=item.speaker,
        resolved=resolved,
    )


def monthly_attendance(
    every: list[NoteRecord], attended: list[NoteRecord]
) -> tuple[list[int], tuple[str, str]]:
    """Meetings attended in each month from the folder's first meeting to its last."""
    dates = [r.date for r in every if r.date]
    if not dates:
        return [], ("", "")
    first, last = min(dates), max(dates)
    span = (last.year - first.year) * 12 + last.month - first.month + 1
    counts = [0] * span
    for record in attended:
        if record.date:
            counts[(record.date.year - first.year) * 12 + record.date.month - first.month] += 1
    return counts, (f"{first:%Y-%m}", f"{last:%Y-%m}")
