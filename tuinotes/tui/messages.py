"""Messages that cross panes: index progress and results from the app's workers."""

from __future__ import annotations

from textual.message import Message

from tuinotes.core.documents import NoteRecord
from tuinotes.core.index import Progress, UpdateReport
from tuinotes.core.model import Meeting
from tuinotes.core.query import SearchResult


class IndexProgress(Message):
    """The index update advanced; a newer one replaces any not yet handled."""

    def __init__(self, progress: Progress) -> None:
        super().__init__()
        self.progress = progress

    def can_replace(self, message: Message) -> bool:
        return isinstance(message, IndexProgress)


class IndexOpened(Message):
    """The index is open (possibly stale): the app can list and search at once."""


class IndexUpdated(Message):
    """An update finished."""

    def __init__(self, report: UpdateReport) -> None:
        super().__init__()
        self.report = report


class SearchDone(Message):
    """A search finished in its worker."""

    def __init__(self, result: SearchResult, serial: int) -> None:
        super().__init__()
        self.result = result
        self.serial = serial


class RelatedFound(Message):
    """Meetings like the one at `path` (more-like-this), found in a worker."""

    def __init__(self, path: str, records: list[NoteRecord]) -> None:
        super().__init__()
        self.path = path
        self.records = records


class MeetingParsed(Message):
    """A note parsed for the agenda pane (or why it could not be)."""

    def __init__(self, path: str, meeting: Meeting | None, error: str = "") -> None:
        super().__init__()
        self.path = path
        self.meeting = meeting
        self.error = error
