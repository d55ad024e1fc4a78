"""The views the main screen opens over the library (a person, the actions, a meeting's topics
and a topic across meetings, decisions, open threads, problems), its steps through a series,
and where a link leads. A row chosen in a view opens its meeting in the main screen."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, Protocol

from textual.app import App
from textual.screen import Screen

from tuinotes.indexer.report import UpdateReport
from tuinotes.library.library import Library
from tuinotes.model.meeting import Meeting
from tuinotes.tui.actions_screen import ActionsScreen
from tuinotes.tui.host import NotesHost
from tuinotes.tui.memory_screens import (
    DecisionsScreen,
    MeetingTopicsScreen,
    ThreadsScreen,
    TopicChoice,
    TopicScreen,
)
from tuinotes.tui.person_screen import PersonScreen
from tuinotes.tui.screens import MeetingTarget, ProblemsScreen


class ViewHost(Protocol):
    """What the views ask of the screen that opens them (the main screen)."""

    @property
    def app(self) -> App[Any]: ...
    @property
    def notes_app(self) -> NotesHost: ...
    @property
    def library(self) -> Library | None: ...
    @property
    def current_meeting(self) -> Meeting | None: ...
    @property
    def current_path(self) -> str | None: ...

    def open_meeting(self, path: str, remember: bool = True, line: int = 0) -> None: ...


class LibraryViews:
    """Opens views over the library for `host`, and opens in it the meeting a view chose."""

    def __init__(self, host: ViewHost) -> None:
        self.host = host

    def _say(self, message: str, timeout: float | None = None) -> None:
        self.host.app.notify(message, markup=False, timeout=timeout)

    def _open(self, make: Callable[[Library], Screen[MeetingTarget | None]]) -> None:
        """A view over the library (made by `make`) whose rows open a meeting at a line."""
        if (library := self.host.library) is not None:
            self.host.app.push_screen(make(library), self._open_chosen)

    def _open_chosen(self, target: MeetingTarget | None) -> None:
        if target is not None:
            self.host.open_meeting(target.path, line=target.line)

    def person(self, key: str) -> None:
        """The person view of someone in the registry (by any of their keys)."""
        library = self.host.library
        person = library.person_by_key(key) if library else None
        if person is not None:
            self._open(lambda library: PersonScreen(library, person))

    def actions(self, keys: frozenset[str], names: list[str]) -> None:
        """The actions of every meeting (of the people filtered by, when any)."""
        self._open(lambda library: ActionsScreen(library, keys, names))

    def meeting_topics(self) -> None:
        """The open meeting's agenda items; Enter shows one's topic across meetings."""
        host = self.host
        library, path, meeting = host.library, host.current_path, host.current_meeting
        if library is None or path is None or meeting is None:
            self._say("No meeting open")
            return

        def chosen(choice: TopicChoice | None) -> None:
            if choice is not None:
                self.topic(choice.key)

        host.app.push_screen(MeetingTopicsScreen(library, path, meeting.title), chosen)

    def topic(self, key: str) -> None:
        """A topic across meetings (Enter opens one at its line)."""
        self._open(lambda library: TopicScreen(library, key))

    def decisions(self) -> None:
        self._open(DecisionsScreen)

    def threads(self) -> None:
        self._open(ThreadsScreen)

    def problems(self) -> None:
        """What could not be read, and the doubts about what was."""
        report = self.host.notes_app.report or UpdateReport()
        self.host.app.push_screen(ProblemsScreen.of(report, self.host.library))

    def series_step(self, step: int) -> None:
        """Open the previous (-1) or next (1) meeting of the open meeting's series."""
        host = self.host
        library, path, meeting = host.library, host.current_path, host.current_meeting
        if library is None or path is None or meeting is None:
            return
        if (found := library.series_step(path, step)) is not None:
            host.open_meeting(found.path)
        else:
            self._say(f"no {'earlier' if step < 0 else 'later'} meeting in “{meeting.series}”", 3)

    def follow_link(self, url: str) -> None:
        """A note of the folder opens in the host; anything else by the app's link policy."""
        host = self.host
        library, path, meeting = host.library, host.current_path, host.current_meeting
        if library is not None:
            note = library.note_for_link(url, path)
            if note is None and meeting is not None and path is not None:
                note = library.previous_meeting_note(meeting, path, url)
            if note is not None:
                host.open_meeting(note)
                self._say(f"Opened note {note}")
                return
        host.notes_app.open_link(url)

    def copy_link(self, url: str) -> None:
        # OSC 52: the terminal may ignore it and never says whether it did.
        self.host.app.copy_to_clipboard(url)
        self._say(f"Sent to the terminal's clipboard: {url} (if the terminal allows it)")
