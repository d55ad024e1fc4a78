"""What the index keeps of a note: its search document for the engine, and what the records
store keeps (its listing record, its actions and meeting-memory rows). Runs in worker
processes: takes and returns plain data."""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from tuinotes.indexer.memory import stored_row
from tuinotes.indexer.store import Stored
from tuinotes.model.meeting import Item, Meeting
from tuinotes.model.record import NoteRecord, Problem
from tuinotes.notes.actions import find_actions
from tuinotes.notes.agenda import LOGISTICS_HEADING
from tuinotes.notes.memory import meeting_memory
from tuinotes.notes.parse import parse_meetings
from tuinotes.notes.read import UnreadableNote
from tuinotes.search.backend import SearchDocument

TOPICS_KEPT = 3  # agenda topics kept in a record, to tell meetings apart in lists

_SCHEME = re.compile(r"^[a-z][a-z0-9+.-]*://(?:www\.)?", re.I)  # not worth a word


@dataclass(slots=True)
class Prepared:
    """A parsed note file ready for the index writer (for each meeting it holds, a search
    document and what the records store keeps), or the reason it was skipped."""

    path: str
    documents: list[SearchDocument]
    stored: list[Stored]
    skipped: Problem | None = None


def meeting_path(rel: str, meeting: Meeting) -> str:
    """How a meeting is addressed: its file, and `#anchor` for one of several in a file."""
    return f"{rel}#{meeting.anchor}" if meeting.anchor else rel


def record_of(meeting: Meeting, rel: str, mtime_ns: int, size: int) -> NoteRecord:
    states = [item.state for item in meeting.items()]
    topics = [
        " ".join(item.text.split())[:120]
        for section in meeting.sections
        if section.kind == "agenda" and not LOGISTICS_HEADING.match(section.title)
        for item in [*([section.topic] if section.topic else []), *section.items]
        if item.text.strip()
    ]
    return NoteRecord(
        path=meeting_path(rel, meeting),
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
        topics=topics[:TOPICS_KEPT],
        unresolved=sorted({i.speaker for i in meeting.items() if i.speaker and not i.speaker_name}),
        problems=meeting.problems,
    )


def _as_written(item: Item) -> str:
    """An item's text with its speaker, so a search for `AMQ` finds what AMQ said."""
    return f"{item.speaker}: {item.text}" if item.speaker else item.text


def document_of(meeting: Meeting, record: NoteRecord) -> SearchDocument:
    """The search document of a meeting: each word once, agenda items apart from the rest."""
    people = meeting.attendees
    items = [_as_written(item) for item in meeting.items() if item.text]
    _title, *rest = meeting.text.split("\n")  # the title has its own field
    rest.extend(  # lists that are not agenda: previous meetings, notes beside attendees
        _as_written(item)
        for section in meeting.sections
        if section.kind != "agenda"
        for item in section.walk_items()
        if item.text
    )
    return SearchDocument(
        path=record.path,
        title=meeting.title,
        items="\n".join(items),
        body="\n".join(rest),
        attendees="\n".join(" ".join(filter(None, (a.name, a.initials, a.handle))) for a in people),
        person_keys=sorted(record.person_keys),
        orgs="\n".join(a.affiliation for a in people if a.affiliation),
        tags=meeting.tags,
        date=meeting.date.isoformat() if meeting.date else "",
        series=meeting.series,
        text="\n".join([*items, *rest]),
        links="\n".join(_SCHEME.sub("", link.url) for link in meeting.links),
    )


def prepare(folder: Path, rel: str, mtime_ns: int, size: int) -> Prepared:
    """Parse one note file for the index."""
    try:
        meetings = parse_meetings(folder / rel, rel)
    except UnreadableNote as error:
        return Prepared(rel, [], [], Problem(rel, str(error)))
    except RecursionError:
        return Prepared(rel, [], [], Problem(rel, "nested too deeply to parse"))
    except Exception as error:  # a parser bug must cost one note, not the whole index
        return Prepared(rel, [], [], Problem(rel, f"could not parse: {error!r}"))
    prepared = Prepared(rel, [], [])
    for meeting in meetings:
        record = record_of(meeting, rel, mtime_ns, size)
        prepared.documents.append(document_of(meeting, record))
        memory = [stored_row(line) for line in meeting_memory(meeting)]
        prepared.stored.append(Stored(record, find_actions(meeting), memory))
    return prepared
