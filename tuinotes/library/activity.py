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
from typing import Any, Literal

from tuinotes.library.people import Person
from tuinotes.model.memory import MemoryLine
from tuinotes.model.record import Action, NoteRecord, iso


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
    records: Iterable[NoteRecord],
    actions: dict[str, list[Action]],
    spoken: list[tuple[str, MemoryLine]],
    person: Person,
) -> PersonActivity:
    """What `person` did, from stored data: the meetings they attended, their actions,
    and the agenda lines they spoke (`spoken`: lines by their keys or usual initials)."""
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
    attended = {r.path for r in activity.meetings}
    found = [
        (by_path[path], line)
        for path, line in spoken
        if path in attended and (line.speaker_key in person.keys or not line.speaker_key)
    ]
    found.sort(key=lambda pair: (pair[0].sort_key, pair[1].order))
    activity.contributions = [_contribution(record, line) for record, line in found]
    return activity


def _contribution(record: NoteRecord, line: MemoryLine) -> Contribution:
    return Contribution(
        path=record.path,
        date=record.date,
        title=record.title,
        text=line.text,
        line=line.line,
        kind="raised" if line.depth == 0 else "said",
        state=line.state,
        speaker=line.speaker,
        resolved=bool(line.speaker_key),
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
