"""What the index keeps of a note: a compact record for listing, and the fields to search."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from tuinotes.core.actions import find_actions
from tuinotes.core.discover import Problem
from tuinotes.core.model import Attendee, Meeting
from tuinotes.core.parse import parse_note
from tuinotes.core.people import Attendance, person_key
from tuinotes.core.text import UnreadableNote


@dataclass(slots=True)
class NoteRecord:
    """The listing data of one indexed note (kept beside the index, no re-parsing needed)."""

    path: str  # relative to the notes folder, POSIX separators
    mtime_ns: int
    size: int
    title: str
    date: date | None
    tags: list[str] = field(default_factory=list)
    attendees: list[Attendee] = field(default_factory=list)
    attendee_count: int = 0
    series: str = ""
    open_items: int = 0
    done_items: int = 0
    problems: list[str] = field(default_factory=list)

    @property
    def person_keys(self) -> set[str]:
        return {person_key(a) for a in self.attendees}

    def attendance(self) -> Attendance:
        return Attendance(self.path, self.date, self.attendees)

    def to_dict(self) -> dict:
        return {
            "path": self.path,
            "title": self.title,
            "date": self.date.isoformat() if self.date else None,
            "tags": self.tags,
            "series": self.series,
            "attendee_count": self.attendee_count,
            "attendees": [a.label for a in self.attendees],
            "open_items": self.open_items,
            "done_items": self.done_items,
            "problems": self.problems,
        }


@dataclass(slots=True)
class Prepared:
    """A parsed note ready for the index writer, or the reason it was skipped."""

    path: str
    record: NoteRecord | None
    fields: dict | None
    skipped: Problem | None = None


def record_of(meeting: Meeting, rel: str, mtime_ns: int, size: int) -> NoteRecord:
    states = [item.state for item in meeting.items()]
    return NoteRecord(
        path=rel,
        mtime_ns=mtime_ns,
        size=size,
        title=meeting.title,
        date=meeting.date,
        tags=meeting.tags,
        attendees=meeting.attendees,
        attendee_count=meeting.attendee_count,
        series=meeting.series,
        open_items=states.count("open"),
        done_items=states.count("done"),
        problems=meeting.problems,
    )


def fields_of(meeting: Meeting, record: NoteRecord) -> dict:
    """The Whoosh document of a meeting (see `tuinotes.core.index.SCHEMA`)."""
    people = meeting.attendees
    items = [item.text for item in meeting.items() if item.text]
    item_lines = {line for text in items for line in text.split("\n")}
    _title, *lines = meeting.text.split("\n")  # the title has its own field
    rest = [line for line in lines if line not in item_lines]
    return {
        "path": record.path,
        "title": meeting.title,
        "body": "\n".join(rest),
        "item": "\n".join(items),
        "text": "\n".join([*items, *rest]),
        "attendee": "\n".join(
            " ".join(filter(None, (a.name, a.initials, a.handle))) for a in people
        ),
        "pkey": ",".join(sorted(record.person_keys)),
        "org": "\n".join(a.affiliation for a in people if a.affiliation),
        "tag": ",".join(t.lower() for t in meeting.tags),
        "date": meeting.date.isoformat() if meeting.date else "",
        "series": meeting.series.casefold(),
        "record": record,
        "actions": find_actions(meeting),  # kept apart from the record: loaded when asked for
    }


def prepare(folder: Path, rel: str, mtime_ns: int, size: int) -> Prepared:
    """Parse one note for the index. Runs in worker processes: takes and returns plain data."""
    try:
        meeting = parse_note(folder / rel)
    except UnreadableNote as error:
        return Prepared(rel, None, None, Problem(rel, str(error)))
    except RecursionError:
        return Prepared(rel, None, None, Problem(rel, "nested too deeply to parse"))
    except Exception as error:  # a parser bug must cost one note, not the whole index
        return Prepared(rel, None, None, Problem(rel, f"could not parse: {error!r}"))
    record = record_of(meeting, rel, mtime_ns, size)
    return Prepared(rel, record, fields_of(meeting, record))


def prepare_batch(folder: Path, batch: list[tuple[str, int, int]]) -> list[Prepared]:
    """`prepare` for several notes: one round trip to a worker process for all of them."""
    return [prepare(folder, rel, mtime_ns, size) for rel, mtime_ns, size in batch]
