"""The main screen: search bar, meeting list, people filter and the reader (`reader.py`, which
owns the open meeting), the workers that search and list people, and the keys that reach
across panes. Workers compute and post a message; handlers update the panes. The views it
opens over the library (a person, actions, topics, decisions…) are `views.py`'s."""

from __future__ import annotations

from typing import Any

from textual import on, work
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.screen import Screen
from textual.widgets import Footer, Input, ProgressBar
from textual.worker import Worker

from tuinotes.library.library import Library, Sort
from tuinotes.library.results import Filters, SearchResult
from tuinotes.model.meeting import Meeting
from tuinotes.tui.agenda import AgendaPane
from tuinotes.tui.attendee_pane import AttendeePane
from tuinotes.tui.commands import (
    AttendeeCommands,
    LinkCommands,
    MeetingCommands,
    PersonCommands,
    TopicCommands,
    palette_of,
)
from tuinotes.tui.editor import edit_in_editor
from tuinotes.tui.failures import report_failure
from tuinotes.tui.host import NotesHost
from tuinotes.tui.keys import MAIN_KEYS
from tuinotes.tui.meeting_list import MeetingList, Request
from tuinotes.tui.messages import (
    IndexOpened,
    IndexProgress,
    IndexUpdated,
    Palette,
    RegistryReady,
    SearchDone,
    SuggestionFound,
)
from tuinotes.tui.reader import Reader
from tuinotes.tui.safety import StaleMouseGuard
from tuinotes.tui.search_bar import SearchBar
from tuinotes.tui.status import Listing, status_line
from tuinotes.tui.views import LibraryViews


class MainScreen(StaleMouseGuard, Screen[Any]):
    """Search, narrow by people, read."""

    # The footer shows the keys a newcomer needs first (Help and Quit fit at 80 columns);
    # help (?) lists every key.
    COMMANDS = {MeetingCommands, AttendeeCommands, PersonCommands, TopicCommands, LinkCommands}
    BINDINGS = MAIN_KEYS
    DEFAULT_CSS = """
    MainScreen #progress {
        display: none;
        height: 1;
        padding: 0 2;
    }
    MainScreen #progress.-active {
        display: block;
    }
    MainScreen #panes {
        height: 1fr;
    }
    MainScreen #left {
        width: 45%;
        min-width: 36;
    }
    MainScreen #right {
        width: 1fr;
    }
    MainScreen.-narrow #left {
        width: 40%;
        min-width: 28;
    }
    MainScreen.-narrow AttendeePane {
        display: none;
    }
    MainScreen.-narrow AttendeePane.-shown, MainScreen.-narrow AttendeePane:focus-within {
        display: block;
        height: 60%;
    }
    """
    HORIZONTAL_BREAKPOINTS = [(0, "-narrow"), (110, "-wide")]

    def __init__(self) -> None:
        super().__init__()
        self.filters = Filters()
        self.filter_names: list[str] = []
        self.match_any = False
        self.result: SearchResult | None = None  # what the list shows, and the status says
        self.committed = 0  # notes committed by the update in progress
        self.indexing: tuple[int, int] | None = None  # notes searchable so far, of all
        self.registry_serial = 0  # the latest people registry asked for
        self.reindex_asked = False  # Ctrl+R: say when the update is done
        self.drafted: str | None = None  # Ctrl+N: opened when listed after an update indexed it
        self.sort: Sort = "relevance"  # of search results; the listing is newest first
        self.palette = Palette()
        self.views = LibraryViews(self)

    @property
    def notes_app(self) -> NotesHost:
        host: Any = self.app
        return host

    @property
    def library(self) -> Library | None:
        return self.notes_app.library

    @property
    def reader(self) -> Reader:
        return self.query_one(Reader)

    @property
    def current_meeting(self) -> Meeting | None:
        """The meeting shown in the reader."""
        return self.reader.meeting

    @property
    def current_path(self) -> str | None:
        return self.reader.path

    def compose(self) -> ComposeResult:
        yield SearchBar(id="search")
        yield ProgressBar(id="progress", show_eta=False)
        with Horizontal(id="panes"):
            with Vertical(id="left"):
                yield MeetingList(id="meetings")
                yield AttendeePane(id="attendees")
            yield Reader(id="right")
        yield Footer()

    def on_mount(self) -> None:
        self.query_one(SearchBar).set_status("opening the index…")
        self.query_one(SearchBar).history = self.notes_app.history.queries
        self.query_one(MeetingList).focus()  # keys work at once; / searches

    # -- the index's life (messages from the app's workers) -------------------------------

    @on(IndexOpened)
    def _index_opened(self) -> None:
        self.refresh_registry()
        self.refresh_results()

    @on(IndexProgress)
    def _index_progress(self, message: IndexProgress) -> None:
        progress = message.progress
        bar = self.query_one("#progress", ProgressBar)
        bar.add_class("-active")
        bar.update(total=progress.total, progress=progress.done)
        self.indexing = (progress.committed, progress.total)
        if progress.committed > self.committed:  # a segment landed: show what is searchable
            self.committed = progress.committed
            self.refresh_registry()
            self.refresh_results()

    @on(IndexUpdated)
    def _index_updated(self, message: IndexUpdated) -> None:
        report = message.report
        self.committed, self.indexing = 0, None
        self.query_one("#progress", ProgressBar).remove_class("-active")
        self.query_one(AttendeePane).settle()
        if report.changed or self.result is None:
            self.refresh_registry()
            self.refresh_results()
            changed = {*report.indexed, *report.removed}
            if self.current_path is not None and self.current_path.split("#")[0] in changed:
                self.reader.load(self.current_path, force=True)
        if self.reindex_asked:
            self.reindex_asked = False
            self.notify(
                f"Re-indexed in {report.seconds:.1f} s: {len(report.indexed)} changed, "
                f"{len(report.removed)} removed, {report.unchanged} unchanged",
                markup=False,
            )
        self.notes_app.updated(report)
        self._show_status()  # an empty folder says so once its scan is done

    @on(SearchBar.MoveCursor)
    def _move_cursor(self, message: SearchBar.MoveCursor) -> None:
        self.query_one(MeetingList).move(message.how)

    # -- workers: compute, then post --------------------------------------------------------

    def refresh_results(self, keep_pages: bool = True) -> None:
        """List the query's results again (a new query or filter starts at one page)."""
        if self.library is not None:
            meetings = self.query_one(MeetingList)
            request = Request(self.library, self.query_one(SearchBar).text, self.filters, self.sort)
            meetings.fetch(request, meetings.pages if keep_pages else 1)

    @on(SuggestionFound)
    def _suggestion_found(self, message: SuggestionFound) -> None:
        if message.serial == self.query_one(MeetingList).serial and self.result is not None:
            self.result.suggestion = message.suggestion
            self._show_status()

    def refresh_registry(self) -> None:
        if self.library is not None:
            self.registry_serial += 1
            self.build_registry(self.library, self.registry_serial)

    @work(thread=True, exclusive=True, group="registry", exit_on_error=False)
    def build_registry(self, library: Library, serial: int) -> None:
        """People, palette entries and series, off the UI thread, once per index change."""
        palette = palette_of(library)
        library.series("")  # group the series now, so [ and ] answer at once
        self.post_message(RegistryReady(library.people_ranked(), palette, serial))

    # -- results of workers ----------------------------------------------------------------

    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        report_failure(self, event)

    @on(RegistryReady)
    def _registry_ready(self, message: RegistryReady) -> None:
        if message.serial != self.registry_serial:
            return  # a newer registry is on its way
        self.palette = message.palette
        self.query_one(AttendeePane).set_people(message.people)

    @on(SearchDone)
    def _search_done(self, message: SearchDone) -> None:
        if not self.query_one(MeetingList).show_result(message.result, message.serial):
            return  # a newer search is on its way
        result = self.result = message.result
        self._show_status()
        self.query_one(SearchBar).suggest_soon(self.library, result, self.filters, message.serial)
        self.reader.search_query = result.query
        indexed = self.notes_app.report.indexed if self.notes_app.report else []
        if self.drafted is not None and self.drafted in indexed:
            # opened once listed (before, the list's refill would move its cursor back)
            drafted, self.drafted = self.drafted, None
            self.open_meeting(drafted)
        elif highlighted := self.query_one(MeetingList).highlighted_path:
            self.reader.load_soon(highlighted)

    def _show_status(self) -> None:
        if (result := self.result) is None:
            return
        report = self.notes_app.report
        listing = Listing(
            self.notes_app.folder,
            self.sort,
            self.filter_names,
            self.match_any,
            folder_is_empty=report is not None and report.found_no_notes,
            indexing=self.indexing,
        )
        self.query_one(SearchBar).set_status(status_line(result, listing))

    # -- pane messages ---------------------------------------------------------------------

    @on(SearchBar.Submitted)
    def _query_submitted(self, message: SearchBar.Submitted) -> None:
        """Enter: take the "did you mean" when nothing matched, else go to the results."""
        result = self.result
        if result and result.query == message.text.strip() and not result.hits:
            if result.suggestion:
                self.query_one(SearchBar).accept(result.suggestion)
            return
        self._remember_query()
        self.query_one(MeetingList).focus()

    def _remember_query(self) -> None:
        """A query the user acted on goes into the history (Alt+Up recalls it)."""
        search = self.query_one(SearchBar)
        if search.text.strip():
            self.notes_app.history.add(search.text)
            search.history = self.notes_app.history.queries

    @on(SearchBar.QueryChanged)
    def _query_changed(self) -> None:
        self.refresh_results(keep_pages=False)

    @on(AttendeePane.Changed)
    def _people_changed(self, message: AttendeePane.Changed) -> None:
        self.filters = message.filters
        self.filter_names = message.names
        self.match_any = message.match_any
        self.refresh_results(keep_pages=False)

    @on(AttendeePane.PersonRequested)
    def _person_requested(self, message: AttendeePane.PersonRequested) -> None:
        self.views.person(message.key)

    @on(MeetingList.Highlighted)
    def _meeting_highlighted(self, message: MeetingList.Highlighted) -> None:
        self.reader.load(message.path)

    @on(MeetingList.Opened)
    def _meeting_opened(self, message: MeetingList.Opened) -> None:
        self._remember_query()
        self.reader.load(message.path)
        self.query_one(AgendaPane).focus()

    @on(AgendaPane.MeetingRequested)
    def _meeting_requested(self, message: AgendaPane.MeetingRequested) -> None:
        self.open_meeting(message.path)

    @on(AgendaPane.LinkActivated)
    def _link_activated(self, message: AgendaPane.LinkActivated) -> None:
        self.views.follow_link(message.url)

    # -- what the panes and the palette ask for --------------------------------------------

    def open_meeting(self, path: str, remember: bool = True, line: int = 0) -> None:
        """Show a meeting (from the palette, a link, a related meeting, a series step or a
        view), selecting it in the list if listed, at note line `line` if given. The
        meeting left is remembered for `b`."""
        if remember:
            self.reader.leaving_for(path)
        self.query_one(MeetingList).select_path(path)
        self.reader.load(path, line=line)

    def action_history(self, step: int) -> None:
        """Back (-1) to the meeting shown before the last jump, or forward (1) again."""
        if (path := self.reader.step_history(step)) is not None:
            self.open_meeting(path, remember=False)

    def filter_by_person(self, key: str) -> None:
        self.query_one(AttendeePane).select_person(key)

    def action_actions(self) -> None:
        self.views.actions(self.filters.keys, list(self.filter_names))

    def action_topics(self) -> None:
        self.views.meeting_topics()

    def action_decisions(self) -> None:
        self.views.decisions()

    def action_threads(self) -> None:
        self.views.threads()

    def action_problems(self) -> None:
        self.views.problems()

    def action_series(self, step: int) -> None:
        self.views.series_step(step)

    def action_focus_search(self) -> None:
        focused = self.focused
        if isinstance(focused, Input):  # a / typed in a box is just a /
            focused.insert_text_at_cursor("/")
            return
        # At once, not on the next message loop turn: the keys typed right after / are
        # the query's first letters.
        self.set_focus(self.query_one(SearchBar).input)

    def action_back(self) -> None:
        """Esc: close the find box; clear the query (in the search box), else back to the
        meeting list; in the list, clear the query. Never into the search box, so `q` and
        `?` keep working."""
        search = self.query_one(SearchBar)
        meetings = self.query_one(MeetingList)
        if self.reader.finding and self.focused is not search.input:
            self.reader.close_find()
        elif self.focused is search.input and search.text:
            search.clear()
        elif self.focused is not meetings:
            meetings.focus()
        elif search.text:
            search.clear()

    def action_attendees(self) -> None:
        self.query_one(AttendeePane).add_class("-shown")
        self.query_one("#people-filter").focus()

    def action_open_link(self) -> None:
        self.reader.with_link("Open", self.views.follow_link)

    def action_copy_link(self) -> None:
        self.reader.with_link("Copy", self.views.copy_link)

    def action_find(self) -> None:
        """Ctrl+F: find words in the open meeting (marked like matches; n / N step)."""
        self.reader.open_find()

    def action_match(self, step: int) -> None:
        """Step through the open meeting's matches of the query (or of Ctrl+F's words)."""
        self.reader.step_match(step)

    def action_sort(self) -> None:
        """Search results by relevance or newest first."""
        self.sort = "date" if self.sort == "relevance" else "relevance"
        self.refresh_results()

    def action_edit(self) -> None:
        """Open the shown note in $VISUAL or $EDITOR (at its meeting, for an archive); the
        app steps aside meanwhile and re-indexes what changed when the editor closes."""
        if self.current_path is None or self.current_meeting is None:
            self.notify("No meeting open to edit", markup=False)
            return
        path = self.notes_app.folder / self.current_path.split("#")[0]
        line = self.current_meeting.sections[0].line if self.current_meeting.sections else 0
        if (failed := edit_in_editor(self.app, path, line)) is not None:
            self.notify(failed, markup=False)
            return
        self.notes_app.update_index()

    def action_new_meeting(self) -> None:
        """Ctrl+N: draft the next meeting of the open meeting's series (else of the latest
        meeting), show where it goes and what it carries over, and write it on a yes; the
        new meeting opens once indexed."""
        meeting = self.current_meeting
        self.notes_app.draft_next_meeting(meeting.series if meeting else None)

    def open_once_indexed(self, path: str) -> None:
        """Open the meeting at `path` when an update has indexed it (a drafted meeting)."""
        self.drafted = path

    def action_reindex(self) -> None:
        self.notify("Re-indexing changed notes…", markup=False)
        self.reindex_asked = True
        self.notes_app.update_index()
