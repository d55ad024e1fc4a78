"""Messages from the app's workers to the main screen: index life, search results, parsed
meetings, related meetings and the people registry."""

from __future__ import annotations

from dataclasses import dataclass, field

from textual.message import Message

from tuinotes.indexer.report import Progress, UpdateReport
from tuinotes.library.drafting import NextMeeting
from tuinotes.library.people import Person
from tuinotes.library.results import SearchResult
from tuinotes.model.meeting import Meeting
from tuinotes.model.record import NoteRecord


@dataclass
class IndexOpened(Message):
    """The library is open (possibly stale): the app can list and search at once."""


@dataclass
class IndexProgress(Message):
    """The index update advanced; a newer one replaces any not yet handled."""

    progress: Progress

    def can_replace(self, message: Message) -> bool:
        return isinstance(message, IndexProgress)


@dataclass
class IndexUpdated(Message):
    """An update finished."""

    report: UpdateReport


@dataclass
class MeetingDrafted(Message):
    """The next meeting of a series, drafted in a worker, for the user to confirm."""

    draft: NextMeeting


@dataclass
class SuggestionFound(Message):
    """A "did you mean" for the search of this serial (found apart: it is slow)."""

    suggestion: str | None
    serial: int


@dataclass
class SearchDone(Message):
    """A search finished in its worker; `serial` says which one."""

    result: SearchResult
    serial: int


@dataclass
class MeetingParsed(Message):
    """A meeting parsed for the reader, with its agenda as Markdown (or why it could not be
    read); `query` is the search its matches were highlighted for."""

    path: str
    meeting: Meeting | None
    source: str = ""
    query: str = ""
    error: str = ""
    note_lines: dict[int, int] = field(default_factory=dict)  # see `agenda_source`
    changes: str = ""  # since the previous meeting of its series ("3 new, 2 carried since …")


@dataclass
class RelatedFound(Message):
    """Meetings like the one at `path` (more-like-this), found in a worker."""

    path: str
    records: list[NoteRecord]


@dataclass
class Palette:
    """Command palette entries, made once per index change: (label, path) of every meeting,
    newest first, (label, person key) of everyone, most seen first, and (label, topic key)
    of the issues and pull requests that come back, most discussed first."""

    meetings: list[tuple[str, str]] = field(default_factory=list)
    people: list[tuple[str, str]] = field(default_factory=list)
    topics: list[tuple[str, str]] = field(default_factory=list)


@dataclass
class RegistryReady(Message):
    """The people and palette entries of the committed index, built off the UI thread; a
    newer one replaces any not yet handled."""

    people: list[Person]
    palette: Palette
    serial: int  # which build: an older one that finishes late is dropped

    def can_replace(self, message: Message) -> bool:
        return isinstance(message, RegistryReady)
