"""What `tuinotes check` reports: the findings of a folder (what was read with doubt, and
where) and how much of it was understood."""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import asdict, dataclass

from tuinotes.library.people import Person
from tuinotes.model.record import Action, NoteRecord
from tuinotes.model.text import plural


@dataclass(frozen=True, slots=True)
class Finding:
    """Something tuinotes read differently from a plain meeting note, and where."""

    kind: str  # one of FINDINGS
    path: str
    detail: str = ""

    def to_dict(self) -> dict[str, str]:
        return {"kind": self.kind, "path": self.path, "detail": self.detail}


FINDINGS = {
    "undated": "meetings with no date",
    "no-attendees": "meetings with no attendees found",
    "count-disagrees": "meetings whose stated head count differs from the people read",
    "rows-not-people": "attendee sections whose rows read as nobody",
    "date-disagrees": "meetings whose heading and file name give different dates",
    "unresolved-speaker": "speakers the meeting's attendees don't name (kept as written)",
    "not-a-person": "attendee rows that did not read as people (left out)",
    "other": "other things read with doubt",
    "merged": "people joined across meetings",
    "split": "files read as several meetings",
}
NOT_A_PERSON = "attendee row not read as a person: "
# A parser's problem line -> the finding kind it belongs to (the rest are "other").
_PROBLEM_KINDS = (
    ("not-a-person", re.compile(re.escape(NOT_A_PERSON))),
    ("count-disagrees", re.compile(r"^the note says \d+ attended")),
    ("rows-not-people", re.compile(r"^no people were read in ")),
    ("date-disagrees", re.compile(r"^the heading says ")),
)


def problem_kind(problem: str) -> str:
    """Which finding a parser problem line is (`FINDINGS`)."""
    return next((kind for kind, pattern in _PROBLEM_KINDS if pattern.search(problem)), "other")


@dataclass(frozen=True, slots=True)
class Understood:
    """How much of a folder was read: meetings, and how many are dated, have attendees, have
    every speaker resolved and have actions."""

    meetings: int
    dated: int
    with_attendees: int
    speakers_resolved: int
    with_actions: int

    def to_dict(self) -> dict[str, int]:
        return asdict(self)

    def verdict(self) -> list[str]:
        """What the counts mean for a reader of this folder, in a line or two."""
        if not self.meetings:
            return ["No meetings: the folder holds no Markdown notes."]
        lines = []
        undated = self.meetings - self.dated
        if undated:
            them = "it" if undated == 1 else "them"
            lines.append(
                f"{plural(undated, 'meeting')} undated: listed last, and a date: filter never "
                f"finds {them}."
            )
        if not self.with_attendees:
            lines.append(
                "No attendee list found in any meeting: the People pane and attendee: filters "
                "stay empty (if your notes list who came, --explain FILE shows how one was read)."
            )
        elif self.with_attendees * 2 < self.meetings:
            share = 100 * self.with_attendees // self.meetings
            lines.append(
                f"Attendees found in {share}% of meetings: the rest are missing from the "
                "People pane and attendee: filters."
            )
        if not lines:
            lines.append("Read well: every meeting dated, attendees found in most.")
        return lines


def findings(records: Iterable[NoteRecord], people: Iterable[Person]) -> list[Finding]:
    """Each meeting's findings in the order given, then files of several meetings, then
    people joined across meetings."""
    found: list[Finding] = []
    files: dict[str, int] = {}
    for record in records:
        path = record.path
        files[record.file] = files.get(record.file, 0) + 1
        if record.date is None:
            found.append(Finding("undated", path, "no date in headings, text or path"))
        if not record.attendee_count:
            found.append(Finding("no-attendees", path))
        if record.unresolved:
            found.append(Finding("unresolved-speaker", path, ", ".join(record.unresolved)))
        for problem in record.problems:
            kind = problem_kind(problem)
            detail = problem[len(NOT_A_PERSON) :] if kind == "not-a-person" else problem
            found.append(Finding(kind, path, detail))
    for file, count in files.items():
        if count > 1:
            found.append(Finding("split", file, f"{count} meetings"))
    for person in people:
        for why in person.joins:
            found.append(Finding("merged", person.label, why))
    return found


def understood(records: list[NoteRecord], actions: dict[str, list[Action]]) -> Understood:
    """How many meetings are dated, have attendees, every speaker resolved, actions."""
    return Understood(
        meetings=len(records),
        dated=sum(1 for r in records if r.date is not None),
        with_attendees=sum(1 for r in records if r.attendee_count),
        speakers_resolved=sum(1 for r in records if not r.unresolved),
        with_actions=sum(1 for r in records if actions.get(r.path)),
    )
