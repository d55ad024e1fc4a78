"""What the screens and panes ask of the app that hosts them, as a protocol: so they need
not import the app (which imports them)."""

from __future__ import annotations

from pathlib import Path
from typing import Protocol

from tuinotes.indexer.report import UpdateReport
from tuinotes.library.history import QueryHistory
from tuinotes.library.library import Library


class NotesHost(Protocol):
    """The app: the open library (None until opened), the folder, the last update's report,
    the search history, the link policy, index updates and drafting the next meeting."""

    library: Library | None
    folder: Path
    report: UpdateReport | None
    history: QueryHistory

    def open_link(self, url: str) -> None: ...
    def update_index(self) -> None: ...
    def updated(self, report: UpdateReport) -> None: ...
    def draft_next_meeting(self, series: str | None) -> None: ...
