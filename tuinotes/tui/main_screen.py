"""The main screen: search bar, meeting list, people filter and the reader (`reader.py`, which
owns the open meeting), the workers that search and list people, and the keys that reach
across panes. Workers compute and post a message; handlers update the panes."""

from __future__ import annotations

import os
import shlex
import subprocess
from collections.abc import Callable
from contextlib import suppress
from pathlib import Path
from textwrap import shorten
from typing import Any

from textual import on, work
from textual.app import ComposeResult, SuspendNotSupported
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.content import Content
from textual.screen import Screen
from textual.timer import Timer
from textual.widgets import Footer, Input, ProgressBar
from textual.worker import Worker

from tuinotes.indexer.indexer import UpdateReport
from tuinotes.library.config import bundled_samples
from tuinotes.library.drafting import DraftError, NextMeeting, draft_next, write_new
from tuinotes.library.findings import FINDINGS
from tuinotes.library.library import Library, LibraryError, Sort
from tuinotes.library.results import Filters, SearchResult
from tuinotes.model.meeting import Meeting
from tuinotes.model.record import Problem, day_text
from tuinotes.notes.read import UnreadableNote
from tuinotes.tui.actions_screen import ActionsScreen
from tuinotes.tui.agenda import AgendaPane, link_prompt
from tuinotes.tui.attendee_pane import AttendeePane
from tuinotes.tui.commands import (
    AttendeeCommands,
    LinkCommands,
    MeetingCommands,
    PersonCommands,
    TopicCommands,
)
from tuinotes.tui.failures import report_failure
from tuinotes.tui.host import NotesHost
from tuinotes.tui.meeting_list import MeetingList
from tuinotes.tui.memory_screens import (
    DecisionsScreen,
    MeetingTopicsScreen,
    ThreadsScreen,
    TopicChoice,
    TopicScreen,
)
from tuinotes.tui.messages import (
    IndexOpened,
    IndexProgress,
    IndexUpdated,
    MeetingDrafted,
    Palette,
    RegistryReady,
    SearchDone,
    SuggestionFound,
)
from tuinotes.tui.person_screen import PersonScreen
from tuinotes.tui.reader import Reader
from tuinotes.tui.safety import StaleMouseGuard
from tuinotes.tui.screens import Confirm, LinkPicker, MeetingTarget, ProblemsScreen
from tuinotes.tui.search_bar import SearchBar

RESULT_LIMIT = 50  # ranked hits shown, each with a snippet
LIST_LIMIT = 500  # meetings listed when there is no query (newest first)
SUGGEST_AFTER = 0.4  # seconds without new results before "did you mean" is looked up
# Editors that take `+LINE` before the file to open it at that line.
LINE_EDITORS = {"vi", "vim", "nvim", "view", "nano", "emacs", "emacsclient", "micro", "kak", "mg"}


class MainScreen(StaleMouseGuard, Screen[Any]):
    """Search, narrow by people, read."""

    # The footer shows the keys a newcomer needs first (Help and Quit fit at 80 columns);
    # help (?) lists every key.
    COMMANDS = {MeetingCommands, AttendeeCommands, PersonCommands, TopicCommands, LinkCommands}
    BINDINGS = [
        # priority: handled before the next key is routed, so "/abc" typed fast searches abc
        Binding("slash", "focus_search", "Search", id="focus_search", priority=True),
        Binding("escape", "back", "Back", show=False, id="back"),
        Binding("a", "attendees", "People", id="attendees"),
        Binding("o", "open_link", "Open link", id="open_link"),
        Binding("y", "copy_link", "Copy link", show=False, id="copy_link"),
        Binding("p", "problems", "Problems", show=False, id="problems"),
        Binding("t", "actions", "Actions", id="actions"),
        Binding("T", "topics", "Topics of this meeting, across meetings", show=False, id="topics"),
        Binding("D", "decisions", "Decisions", show=False, id="decisions"),
        Binding("O", "threads", "Open threads", show=False, id="threads"),
        Binding(
            "left_square_bracket",
            "series(-1)",
            "Previous in series",
            show=False,
            id="series_previous",
        ),
        Binding(
            "right_square_bracket", "series(1)", "Next in series", show=False, id="series_next"
        ),
        Binding("ctrl+f", "find", "Find in meeting", show=False, id="find"),
        Binding("n", "match(1)", "Next match", show=False, id="next_match"),
        Binding("N", "match(-1)", "Previous match", show=False, id="previous_match"),
        Binding("s", "sort", "Sort", show=False, id="sort"),
        Binding("b", "history(-1)", "Back to the last meeting", show=False, id="history_back"),
        Binding("f", "history(1)", "Forward again", show=False, id="history_forward"),
        Binding("e", "edit", "Edit note", show=False, id="edit"),
        Binding("ctrl+r", "reindex", "Re-index", show=False, id="reindex"),
        Binding("ctrl+n", "new_meeting", "Draft the next meeting", show=False, id="new_meeting"),
    ]
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
        self.result: SearchResult | None = None
        self.committed = 0  # notes committed by the update in progress
        self.search_serial = 0  # the latest search asked for; older results are dropped
        self.registry_serial = 0  # the latest people registry asked for
        self.reindex_asked = False  # Ctrl+R: say when the update is done
        self.open_when_indexed: str | None = None  # a meeting just drafted (Ctrl+N)
        self.open_when_listed: str | None = None  # ... once the list shows the new index
        self.sort: Sort = "relevance"  # of search results; the listing is newest first
        self.pages = 1  # pages of results shown (one more each time the cursor hits the end)
        self.palette = Palette()
        self._pending_suggestion: Timer | None = None

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
        if progress.committed > self.committed:  # a segment landed: show what is searchable
            self.committed = progress.committed
            self.refresh_registry()
            self.refresh_results()

    @on(IndexUpdated)
    def _index_updated(self, message: IndexUpdated) -> None:
        report = message.report
        self.committed = 0
        self.query_one("#progress", ProgressBar).remove_class("-active")
        if report.changed or self.result is None:
            self.refresh_registry()
            self.refresh_results()
            changed = {*report.indexed, *report.removed}
            if self.current_path is not None and self.current_path.split("#")[0] in changed:
                self.reader.load(self.current_path, force=True)
        if self.open_when_indexed and self.open_when_indexed in report.indexed:
            # opened by the results this update asks for: opened now, the list's refill
            # would put its cursor back on the meeting shown before
            self.open_when_listed, self.open_when_indexed = self.open_when_indexed, None
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
        meetings = self.query_one(MeetingList)
        moves = {
            "cursor_down": meetings.action_cursor_down,
            "cursor_up": meetings.action_cursor_up,
            "page_down": meetings.action_page_down,
            "page_up": meetings.action_page_up,
        }
        if meetings.option_count and message.how in moves:
            moves[message.how]()

    # -- workers: compute, then post --------------------------------------------------------

    def refresh_results(self) -> None:
        if self.library is not None:
            self.search_serial += 1
            query = self.query_one(SearchBar).text
            self.run_search(
                self.library, query, self.filters, self.sort, self.pages, self.search_serial
            )

    @work(thread=True, exclusive=True, group="search", exit_on_error=False)
    def run_search(
        self, library: Library, query: str, filters: Filters, sort: Sort, pages: int, serial: int
    ) -> None:
        if query.strip():  # the "did you mean" comes apart (`find_suggestion`)
            limit = RESULT_LIMIT * pages
            result = library.search(query, filters, sort=sort, limit=limit, suggest=False)
        else:
            result = library.meetings(filters, limit=LIST_LIMIT * pages)
        self.post_message(SearchDone(result, serial))

    @work(thread=True, exclusive=True, group="suggest", exit_on_error=False)
    def find_suggestion(self, library: Library, query: str, filters: Filters, serial: int) -> None:
        self.post_message(SuggestionFound(library.suggest(query, filters), serial))

    @on(SuggestionFound)
    def _suggestion_found(self, message: SuggestionFound) -> None:
        if message.serial == self.search_serial and self.result is not None:
            self.result.suggestion = message.suggestion
            self._show_status()

    def refresh_registry(self) -> None:
        if self.library is not None:
            self.registry_serial += 1
            self.build_registry(self.library, self.registry_serial)

    @work(thread=True, exclusive=True, group="registry", exit_on_error=False)
    def build_registry(self, library: Library, serial: int) -> None:
        """People, palette entries and series, off the UI thread, once per index change."""
        people = library.people_ranked()
        palette = Palette(
            meetings=[
                (f"{day_text(r.date).strip()} {r.title}", r.path)
                for r in sorted(library.records(), key=lambda r: r.sort_key, reverse=True)
            ],
            people=[(p.label + (f" @{p.handle}" if p.handle else ""), p.key) for p in people],
            topics=[
                (f"{title} ({count} meetings)", key)
                for key, title, count in library.recurring_topics()
            ],
        )
        library.series("")  # group the series now, so [ and ] answer at once
        self.post_message(RegistryReady(people, palette, serial))

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
        if message.serial != self.search_serial:
            return  # a newer search is on its way: don't flash stale results
        previous, self.result = self.result, message.result
        result = message.result
        meetings = self.query_one(MeetingList)
        same_query = previous is not None and previous.query == result.query
        meetings.show_hits(result.hits, keep_cursor=same_query)
        self._show_status()
        if self._pending_suggestion is not None:
            self._pending_suggestion.stop()
            self._pending_suggestion = None
        if result.query and not result.hits and not result.error and self.library is not None:
            # A spelling fix is slow pure Python (in a thread it slows the keys typed
            # meanwhile): ask once typing has paused a little.
            library, filters, serial = self.library, self.filters, message.serial
            self._pending_suggestion = self.set_timer(
                SUGGEST_AFTER,
                lambda: self.find_suggestion(library, result.query, filters, serial),
            )
        self.reader.search_query = result.query
        if self.open_when_listed is not None:
            path, self.open_when_listed = self.open_when_listed, None
            self.open_meeting(path)
        elif meetings.highlighted_path:
            self.reader.load_soon(meetings.highlighted_path)

    def _show_status(self) -> None:
        result = self.result
        if result is None:
            return
        parts: list[Content] = []
        noun = "meeting" if result.total == 1 else "meetings"
        report = self.notes_app.report
        if not result.query and not result.total and report and self._folder_is_empty(report):
            folder = self.notes_app.folder
            parts.append(
                Content(f"No notes in {folder}: it has no .md files (subfolders included)").stylize(
                    "bold $text-warning"
                )
            )
        elif result.query and not result.hits:
            parts.append(Content("No meetings match").stylize("bold $text-warning"))
            if result.suggestion:
                suggestion = f"did you mean: {result.suggestion} (Enter)"
                parts.append(Content(suggestion).stylize("italic"))
        else:
            which = "newest" if not result.query or self.sort == "date" else "top"
            more = result.total > len(result.hits)
            shown = f" ({which} {len(result.hits)}, more at the end)" if more else ""
            parts.append(Content(f"{result.total} {noun}{shown}").stylize("bold"))
            if not result.query and not self.filter_names:
                parts.append(Content(f"in {self.folder_label}").stylize("$text-muted"))
            if result.query and self.sort == "date":
                parts.append(Content("newest first (s: by relevance)"))
        if self.filter_names:
            mode = "any of" if self.match_any else "all of"
            parts.append(Content(f"attended by {mode}: {', '.join(self.filter_names)}"))
        parts.extend(Content(notice).stylize("$text-warning") for notice in result.notices)
        self.query_one(SearchBar).set_status(Content(" · ").join(parts))

    @property
    def folder_label(self) -> str:
        """The notes folder, with the home folder as ~ (the bundled samples say so)."""
        folder = self.notes_app.folder
        if folder == bundled_samples().absolute():
            return "the bundled sample notes (tuinotes DIR opens yours)"
        with suppress(ValueError):
            return f"~/{folder.relative_to(Path.home())}"
        return str(folder)

    def _folder_is_empty(self, report: UpdateReport) -> bool:
        return not (report.indexed or report.unchanged or report.skipped or report.stopped)

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
        self.pages = 1
        self.refresh_results()

    @on(AttendeePane.Changed)
    def _people_changed(self, message: AttendeePane.Changed) -> None:
        self.pages = 1
        self.filters = message.filters
        self.filter_names = message.names
        self.match_any = message.match_any
        self.refresh_results()

    @on(AttendeePane.PersonRequested)
    def _person_requested(self, message: AttendeePane.PersonRequested) -> None:
        self.show_person(message.key)

    @on(MeetingList.Highlighted)
    def _meeting_highlighted(self, message: MeetingList.Highlighted) -> None:
        self.reader.load(message.path)
        meetings = self.query_one(MeetingList)
        result = self.result
        at_end = meetings.highlighted == meetings.option_count - 1
        if at_end and result is not None and result.total > len(result.hits):
            self.pages += 1  # the cursor reached the last row: fetch the next page
            self.refresh_results()

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
        self.activate_link(message.url)

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

    def show_person(self, key: str) -> None:
        """The person view of someone in the registry (by any of their keys)."""
        library = self.library
        person = library.person_by_key(key) if library else None
        if library is None or person is None:
            return
        self.app.push_screen(PersonScreen(library, person), self._open_chosen)

    def _open_chosen(self, target: MeetingTarget | None) -> None:
        if target is not None:
            self.open_meeting(target.path, line=target.line)

    def activate_link(self, url: str) -> None:
        """A note of the folder opens here; anything else by the app's link policy."""
        library, path, meeting = self.library, self.current_path, self.current_meeting
        if library is not None:
            note = library.note_for_link(url, path)
            if note is None and meeting is not None and path is not None:
                note = library.previous_meeting_note(meeting, path, url)
            if note is not None:
                self.open_meeting(note)
                self.notify(f"Opened note {note}", markup=False)
                return
        self.notes_app.open_link(url)

    # -- actions -----------------------------------------------------------------------------

    def action_actions(self) -> None:
        if self.library is not None:
            screen = ActionsScreen(self.library, self.filters.keys, list(self.filter_names))
            self.app.push_screen(screen, self._open_chosen)

    def action_topics(self) -> None:
        """The open meeting's agenda items; Enter shows one's topic across meetings."""
        library, path, meeting = self.library, self.current_path, self.current_meeting
        if library is None or path is None or meeting is None:
            self.notify("No meeting open", markup=False)
            return

        def chosen(choice: TopicChoice | None) -> None:
            if choice is not None:
                self.show_topic(choice.key)

        self.app.push_screen(MeetingTopicsScreen(library, path, meeting.title), chosen)

    def show_topic(self, key: str) -> None:
        """A topic across meetings (Enter opens one at its line)."""
        if self.library is not None:
            self.app.push_screen(TopicScreen(self.library, key), self._open_chosen)

    def action_decisions(self) -> None:
        if self.library is not None:
            self.app.push_screen(DecisionsScreen(self.library), self._open_chosen)

    def action_threads(self) -> None:
        if self.library is not None:
            self.app.push_screen(ThreadsScreen(self.library), self._open_chosen)

    def action_series(self, step: int) -> None:
        """Open the previous (-1) or next (1) meeting of the open meeting's series."""
        library, path, meeting = self.library, self.current_path, self.current_meeting
        if library is None or path is None or meeting is None:
            return
        found = library.series_step(path, step)
        if found is not None:
            self.open_meeting(found.path)
        else:
            self.notify(
                f"no {'earlier' if step < 0 else 'later'} meeting in “{meeting.series}”",
                markup=False,
                timeout=3,
            )

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

    def _with_link(self, verb: str, use: Callable[[str], None]) -> None:
        """`use` the link highlighted in the reader, else the meeting's only link, else
        the one the user picks from its links."""
        url = self.query_one(AgendaPane).current_link
        links = self.current_meeting.links if self.current_meeting else []
        if url is not None:
            use(url)
        elif len(links) == 1:
            use(links[0].url)
        elif links:
            choices = [(link_prompt(link), link.url) for link in links]
            self.app.push_screen(LinkPicker(verb, choices), lambda url: use(url) if url else None)
        else:
            self.notify("This meeting has no links", markup=False)

    def action_open_link(self) -> None:
        self._with_link("Open", self.activate_link)

    def action_copy_link(self) -> None:
        self._with_link("Copy", self._copy)

    def _copy(self, url: str) -> None:
        # OSC 52: the terminal may ignore it and never says whether it did.
        self.app.copy_to_clipboard(url)
        self.notify(
            f"Sent to the terminal's clipboard: {url} (if the terminal allows it)", markup=False
        )

    def action_problems(self) -> None:
        report = self.notes_app.report or UpdateReport()
        found = self.library.check() if self.library else []
        findings = [
            (title, [Problem(f.path, f.detail) for f in found if f.kind == kind])
            for kind, title in FINDINGS.items()
        ]
        self.app.push_screen(ProblemsScreen(report.skipped, report.warnings, findings))

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
        editor = shlex.split(os.environ.get("VISUAL") or os.environ.get("EDITOR") or "vi")
        line = self.current_meeting.sections[0].line if self.current_meeting.sections else 0
        at_line = [f"+{line}"] if line and Path(editor[0]).name in LINE_EDITORS else []
        try:
            with self.app.suspend():
                subprocess.run([*editor, *at_line, str(path)], check=False)
        except SuspendNotSupported:
            self.notify("This terminal can't hand over to an editor", markup=False)
            return
        except OSError as error:
            self.notify(f"Could not start {editor[0]}: {error.strerror}", markup=False)
            return
        finally:
            # The editor had the terminal: draw every line again, whatever it left there
            # (a tryout saw the screen stay blank after two editors in a row).
            self.app.refresh(layout=True, repaint=True)
        self.notes_app.update_index()

    def action_new_meeting(self) -> None:
        """Ctrl+N: draft the next meeting of the open meeting's series (else of the latest
        meeting), show where it goes and what it carries over, and write it on a yes."""
        if self.library is not None:
            meeting = self.current_meeting
            self.draft_meeting(self.library, meeting.series if meeting else None)

    @work(thread=True, exclusive=True, group="draft", exit_on_error=False)
    def draft_meeting(self, library: Library, series: str | None) -> None:
        try:
            draft = draft_next(library, series)
        except (DraftError, LibraryError, UnreadableNote) as error:
            self.app.call_from_thread(self.notify, str(error), severity="warning", markup=False)
            return
        self.post_message(MeetingDrafted(draft))

    @on(MeetingDrafted)
    def _meeting_drafted(self, message: MeetingDrafted) -> None:
        draft = message.draft
        carried = tuple(
            f"☐ {shorten(' '.join(c.text.split()), 120, placeholder=' …')}"
            + (f" ({c.who})" if c.who else "")
            for c in draft.carried
        )
        question = (
            f"Write the next “{draft.series}” meeting, on {draft.day}, as a new file? "
            f"{len(carried) or 'Nothing'} open item(s) carried over."
        )

        def answered(yes: bool | None) -> None:
            if yes:
                self._write_draft(draft)

        self.app.push_screen(Confirm(question, draft.path, "Write", carried), answered)

    def _write_draft(self, draft: NextMeeting) -> None:
        try:
            write_new(self.notes_app.folder, draft)
        except (DraftError, OSError) as error:
            self.notify(str(error), severity="error", markup=False)
            return
        self.notify(f"Wrote {draft.path}", markup=False)
        self.open_when_indexed = draft.path
        self.notes_app.update_index()

    def action_reindex(self) -> None:
        self.notify("Re-indexing changed notes…", markup=False)
        self.reindex_asked = True
        self.notes_app.update_index()
