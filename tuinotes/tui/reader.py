"""The reader: the open meeting (the agenda pane) with its find box. It owns what is open,
what it marks (the query's matches, or the words being found), the meetings left by jumps
(`b`/`f`), which link is meant (`o`/`y`), and the workers that parse a meeting and find
related ones."""

from __future__ import annotations

from collections.abc import Callable
from contextlib import suppress
from functools import partial
from pathlib import Path

from textual import on, work
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.css.query import NoMatches
from textual.timer import Timer
from textual.widgets import Input
from textual.worker import Worker

from tuinotes.library.library import Library, LibraryError
from tuinotes.model.meeting import Meeting
from tuinotes.notes.read import UnreadableNote
from tuinotes.tui.agenda import AgendaPane, agenda_source, link_prompt, literal_spans
from tuinotes.tui.failures import report_failure
from tuinotes.tui.host import NotesHost
from tuinotes.tui.messages import MeetingParsed, RelatedFound
from tuinotes.tui.screens import LinkPicker
from tuinotes.tui.typing_input import TypingInput

READER_DELAY = 0.25  # seconds after the last result before the reader shows the top hit
FIND_MARK = "\0find:"  # `marks` of a find-in-meeting, apart from any query


class Reader(Vertical):
    """The open meeting, parsed and made Markdown in a worker, shown when it arrives."""

    DEFAULT_CSS = """
    Reader #find {
        display: none;
    }
    Reader #find.-shown {
        display: block;
    }
    """

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.meeting: Meeting | None = None  # the meeting shown
        self.path: str | None = None  # and its path
        self.wanted_path: str | None = None  # the meeting to show next
        self.wanted_line = 0  # and the note line to show it at (0: at the first match)
        self.search_query = ""  # the search whose matches are marked
        self.shown_query = ""  # what the shown meeting's marks are for
        self.find_text = ""  # words to find in the open meeting (Ctrl+F), marked instead
        self.back_stack: list[str] = []  # meetings left by a jump (link, palette, series…)
        self.forward_stack: list[str] = []
        self._pending_load: Timer | None = None
        self._step_when_marked = 0  # Enter in the find box before its marks were shown

    def compose(self) -> ComposeResult:
        yield TypingInput(placeholder="Find in this meeting (Enter: next, Esc: close)", id="find")
        yield AgendaPane(id="agenda")

    @property
    def library(self) -> Library | None:
        host: NotesHost = self.app  # type: ignore[assignment]
        return host.library

    def app_folder(self) -> Path:
        host: NotesHost = self.app  # type: ignore[assignment]
        return host.folder

    @property
    def marks(self) -> str:
        """What the reader marks: the words being found (Ctrl+F), else the query's matches."""
        return FIND_MARK + self.find_text if self.find_text else self.search_query

    # -- showing a meeting -------------------------------------------------------------

    def load(self, path: str, force: bool = False, line: int = 0) -> None:
        """Show the meeting at `path` (at note line `line`, if given). The meeting already
        shown with these marks is not redone (`force`: it changed on disk)."""
        if self._pending_load is not None:  # a later choice wins over a deferred top hit
            self._pending_load.stop()
            self._pending_load = None
        marks = self.marks
        if line or path != self.wanted_path:  # the list's echo of a jump keeps its line
            self.wanted_line = line
        self.wanted_path = path
        if not force and path == self.path and marks == self.shown_query:
            if line:
                self.query_one(AgendaPane).scroll_to_note_line(line)
            return
        if self.library is not None:
            self.parse_meeting(self.library, path, marks)

    def load_soon(self, path: str) -> None:
        """Show the top hit once typing pauses: rendering a meeting on every result would
        hold up the keys typed meanwhile."""
        if self._pending_load is not None:
            self._pending_load.stop()

        def load() -> None:
            self._pending_load = None
            self.load(path)

        self._pending_load = self.set_timer(READER_DELAY, load)

    def reload(self) -> None:
        """Show the open meeting again (its marks changed)."""
        if self.path is not None:
            self.load(self.path)

    @work(thread=True, exclusive=True, group="agenda", exit_on_error=False)
    def parse_meeting(self, library: Library, path: str, marks: str) -> None:
        try:
            meeting = library.meeting(path)
        except UnreadableNote as error:
            self.post_message(MeetingParsed(path, None, error=str(error)))
            return
        if marks.startswith(FIND_MARK):
            spans = partial(literal_spans, marks.removeprefix(FIND_MARK))
        else:
            spans = partial(library.highlights, marks)
        source, lines = agenda_source(meeting, spans)
        try:
            changes = library.diff(path).summary
        except LibraryError:  # not in the index (yet)
            changes = ""
        self.post_message(
            MeetingParsed(path, meeting, source, marks, note_lines=lines, changes=changes)
        )

    @work(thread=True, exclusive=True, group="related", exit_on_error=False)
    def find_related(self, library: Library, path: str, meeting: Meeting) -> None:
        self.post_message(RelatedFound(path, library.related(path, meeting)))

    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        report_failure(self, event)

    @on(MeetingParsed)
    async def _meeting_parsed(self, message: MeetingParsed) -> None:
        """Render in the message loop, one meeting at a time: a render is never cancelled
        half-way (cancelling a worker inside Markdown.update could leave it hanging)."""
        if message.path != self.wanted_path:
            return  # the cursor has moved on
        meeting = message.meeting
        if meeting is None:
            gone = not (self.app_folder() / message.path.split("#")[0]).exists()
            self.notify(
                f"{message.path}: deleted or moved since the last index; the list follows "
                "in a moment"
                if gone
                else f"{message.path}: {message.error}",
                severity="information" if gone else "error",
                markup=False,
            )
            return
        if message.query != self.marks:
            return  # marked for words typed over since: the newer marking is on its way
        try:
            await self.query_one(AgendaPane).show(
                message.path,
                meeting,
                message.source,
                message.query,
                message.note_lines,
                self.wanted_line,
                message.changes,
            )
        except NoMatches:  # the app is closing
            return
        related_needed = self.path != message.path
        self.meeting, self.path = meeting, message.path
        self.shown_query = message.query
        if self._step_when_marked and message.query == self.marks:
            step, self._step_when_marked = self._step_when_marked, 0
            self.step_match(step)
        if related_needed and self.library is not None:
            self.find_related(self.library, message.path, meeting)

    @on(RelatedFound)
    def _related_found(self, message: RelatedFound) -> None:
        if self.path != message.path:
            return  # another meeting is open by now
        with suppress(NoMatches):  # the app may be closing
            self.query_one(AgendaPane).show_related(message.records)

    # -- jumps (b / f) -----------------------------------------------------------------

    def leaving_for(self, path: str) -> None:
        """A jump to `path`: the open meeting is remembered for `b`."""
        if self.path is not None and self.path != path:
            self.back_stack.append(self.path)
            self.forward_stack.clear()

    def step_history(self, step: int) -> str | None:
        """The meeting to go back (-1) or forward (1) to, if any; the open one is kept for
        the way back."""
        source, target = (
            (self.back_stack, self.forward_stack)
            if step < 0
            else (self.forward_stack, self.back_stack)
        )
        if not source:
            self.notify("Nothing to go back to" if step < 0 else "Nothing ahead", markup=False)
            return None
        if self.path is not None:
            target.append(self.path)
        return source.pop()

    # -- find in the meeting (Ctrl+F) and stepping through matches -----------------------

    @property
    def finding(self) -> bool:
        return self.query_one("#find", Input).has_class("-shown")

    def open_find(self) -> None:
        find = self.query_one("#find", Input)
        find.add_class("-shown")
        find.focus()

    def close_find(self) -> None:
        """Hide the find box; the query's matches are marked again."""
        find = self.query_one("#find", Input)
        find.remove_class("-shown")
        find.value = ""
        self.find_text = ""
        self.query_one(AgendaPane).focus()
        self.reload()

    @on(Input.Changed, "#find")
    def _find_changed(self, event: Input.Changed) -> None:
        event.stop()
        self.find_text = event.value.strip()
        self.reload()

    @on(Input.Submitted, "#find")
    def _find_next(self, event: Input.Submitted) -> None:
        """Enter: to the first match, and into the meeting, where n / N step on (Ctrl+F
        goes back to the words; Esc closes the box)."""
        event.stop()
        if self.find_text and self.shown_query != self.marks:
            self._step_when_marked = 1  # the words typed are still being marked
        elif self.find_text:
            self.step_match(1)
        if self.find_text:
            self.query_one(AgendaPane).focus()

    def step_match(self, step: int) -> None:
        """The next (1) or previous (-1) match of what is marked, said in the status."""
        if where := self.query_one(AgendaPane).step_match(step):
            self.notify(where.capitalize(), timeout=2, markup=False)
        elif self.find_text:
            self.notify(f"“{self.find_text}” is not in this meeting", markup=False)
        else:
            self.notify("No matches of the query in this meeting", markup=False)

    # -- links -------------------------------------------------------------------------

    def with_link(self, verb: str, use: Callable[[str], None]) -> None:
        """`use` the link highlighted in the meeting, else its only link, else the one the
        user picks from its links ("Open", "Copy": `verb` titles the choice)."""
        url = self.query_one(AgendaPane).current_link
        links = self.meeting.links if self.meeting else []
        if url is not None:
            use(url)
        elif len(links) == 1:
            use(links[0].url)
        elif links:
            choices = [(link_prompt(link), link.url) for link in links]
            self.app.push_screen(LinkPicker(verb, choices), lambda url: use(url) if url else None)
        else:
            self.notify("This meeting has no links", markup=False)
