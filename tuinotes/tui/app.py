"""The tuinotes app: search bar, meeting list, attendee filter and agenda panes.

Workers only compute and post a message (`messages.py`); handlers update the panes.
"""

from __future__ import annotations

from contextlib import suppress
from pathlib import Path
from urllib.parse import unquote, urlparse

from textual import work
from textual.app import App, ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.content import Content
from textual.css.query import NoMatches
from textual.widgets import Footer, Input, ProgressBar
from textual.worker import Worker, WorkerState

from tuinotes.core.config import Config, load_config
from tuinotes.core.discover import Problem, is_note_name
from tuinotes.core.documents import NoteRecord
from tuinotes.core.index import NoteIndex, UpdateReport
from tuinotes.core.model import Meeting
from tuinotes.core.parse import parse_note
from tuinotes.core.people import Person, build_registry
from tuinotes.core.query import Filters, SearchResult, agenda_text, list_meetings, related, search
from tuinotes.core.text import UnreadableNote
from tuinotes.tui.actions_screen import ActionsScreen
from tuinotes.tui.agenda import AgendaPane, LinkList
from tuinotes.tui.attendee_pane import AttendeePane
from tuinotes.tui.commands import (
    AttendeeCommands,
    LinkCommands,
    MeetingCommands,
    PersonCommands,
)
from tuinotes.tui.meeting_list import MeetingList
from tuinotes.tui.messages import (
    IndexOpened,
    IndexProgress,
    IndexUpdated,
    MeetingParsed,
    RelatedFound,
    SearchDone,
)
from tuinotes.tui.person_screen import PersonScreen
from tuinotes.tui.screens import ConfirmLink, HelpScreen, ProblemsScreen
from tuinotes.tui.search_bar import SearchBar

SAFE_SCHEMES = frozenset({"http", "https", "mailto"})
_KEY_NAMES = {
    "left_square_bracket": "[",
    "right_square_bracket": "]",
    "slash": "/",
    "question_mark": "?",
}
RESULT_LIMIT = 50  # ranked hits shown, each with a snippet
LIST_LIMIT = 500  # meetings listed when there is no query (newest first)


class TuiNotesApp(App[int]):
    """Browse a folder of meeting notes."""

    CSS_PATH = "app.tcss"
    TITLE = "tuinotes"
    COMMANDS = App.COMMANDS | {MeetingCommands, AttendeeCommands, PersonCommands, LinkCommands}
    HORIZONTAL_BREAKPOINTS = [(0, "-narrow"), (110, "-wide")]
    BINDINGS = [
        Binding("slash", "focus_search", "Search", id="focus_search"),
        Binding("escape", "back", "Back", id="back"),
        Binding("a", "attendees", "People", id="attendees"),
        Binding("o", "open_link", "Open link", id="open_link"),
        Binding("y", "copy_link", "Copy link", id="copy_link"),
        Binding("p", "problems", "Problems", id="problems"),
        Binding("t", "actions", "Actions", id="actions"),
        Binding("left_square_bracket", "series(-1)", "Previous in series", id="series_previous"),
        Binding("right_square_bracket", "series(1)", "Next in series", id="series_next"),
        Binding("ctrl+r", "reindex", "Re-index", id="reindex"),
        Binding("question_mark", "help", "Help", id="help"),
        Binding("q", "quit", "Quit", id="quit"),
    ]

    def __init__(
        self,
        folder: Path,
        config: Config | None = None,
        rebuild: bool = False,
        index_dir: Path | None = None,
        watch: bool = True,
    ) -> None:
        super().__init__()
        self.folder = folder.expanduser().absolute()
        self.config = config or Config()
        self.rebuild = rebuild
        self.index_dir = index_dir
        self.watch_files = watch
        self.index: NoteIndex | None = None
        self.people: dict[str, Person] = {}
        self.filters = Filters()
        self.filter_names: list[str] = []
        self.match_any = False
        self.result: SearchResult | None = None
        self.report: UpdateReport | None = None
        self.current_meeting: Meeting | None = None
        self.committed = 0  # notes committed by the update in progress
        self.search_serial = 0  # the latest search asked for; older results are dropped
        self.wanted_meeting: str | None = None  # the meeting the agenda pane should show

    # -- layout ----------------------------------------------------------------------------

    def compose(self) -> ComposeResult:
        yield SearchBar(id="search")
        yield ProgressBar(id="progress", show_eta=False)
        with Horizontal(id="panes"):
            with Vertical(id="left"):
                yield MeetingList(id="meetings")
                yield AttendeePane(id="attendees")
            yield AgendaPane(id="agenda")
        yield Footer()

    def on_mount(self) -> None:
        if self.config.keys:
            self.set_keymap(self.config.keys)
        if self.config.theme and self.config.theme in self.available_themes:
            self.theme = self.config.theme
        if self.config.problem:
            self.notify(self.config.problem, severity="warning", markup=False)
        self.sub_title = str(self.folder)
        self.query_one(SearchBar).set_status("opening the index…")
        self.query_one("#query", Input).focus()
        self.open_index()

    # -- workers: compute, then post ---------------------------------------------------------

    @work(thread=True, exclusive=True, group="index")
    def open_index(self) -> None:
        index = NoteIndex(self.folder, self.index_dir)
        self.index = index
        self.post_message(IndexOpened())
        self._update(index, rebuild=self.rebuild)

    @work(thread=True, exclusive=True, group="update")
    def update_index(self) -> None:
        if self.index is not None:
            self._update(self.index, rebuild=False)

    def _update(self, index: NoteIndex, rebuild: bool) -> None:
        report = index.update(
            progress=lambda progress: self.post_message(IndexProgress(progress)), rebuild=rebuild
        )
        self.post_message(IndexUpdated(report))

    @work(thread=True, exclusive=True, group="search")
    def run_search(self, query: str, filters: Filters, serial: int) -> None:
        if self.index is None:
            return
        if query.strip():
            result = search(self.index, query, filters, limit=RESULT_LIMIT)
        else:
            result = list_meetings(self.index, filters, limit=LIST_LIMIT)
        self.post_message(SearchDone(result, serial))

    @work(exclusive=True, group="watch")
    async def watch_folder(self) -> None:
        """Re-index (incrementally) when notes are saved, added or deleted."""
        from watchfiles import awatch

        def is_note(_change, path: str) -> bool:
            name = Path(path).name
            return is_note_name(name) and "/." not in path.replace(str(self.folder), "", 1)

        async for _changes in awatch(self.folder, watch_filter=is_note, debounce=200, step=50):
            self.update_index()

    def load_meeting(self, path: str) -> None:
        """Show the meeting at `path`: parsed in a worker, rendered when it arrives."""
        self.wanted_meeting = path
        self.parse_meeting(path)

    @work(thread=True, exclusive=True, group="agenda")
    def parse_meeting(self, path: str) -> None:
        try:
            self.post_message(MeetingParsed(path, parse_note(self.folder / path)))
        except UnreadableNote as error:
            self.post_message(MeetingParsed(path, None, str(error)))

    async def on_meeting_parsed(self, message: MeetingParsed) -> None:
        """Render in the message loop, one meeting at a time: a render is never cancelled
        half-way (cancelling a worker inside Markdown.update could leave it hanging)."""
        if message.path != self.wanted_meeting:
            return  # the cursor has moved on
        meeting = message.meeting
        if meeting is None:
            self.notify(f"{message.path}: {message.error}", severity="error", markup=False)
            return
        terms = self.result.terms if self.result else frozenset()
        try:
            await self.query_one(AgendaPane).show(meeting, terms)
        except NoMatches:  # the app is closing
            return
        self.current_meeting = meeting
        self.find_related(self._rel(meeting), agenda_text(meeting))

    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        """One place for worker failures: say what failed, keep the app running."""
        if event.state == WorkerState.ERROR and event.worker.error is not None:
            error = event.worker.error
            self.notify(
                f"{event.worker.name or 'background task'} failed: {error!r}",
                severity="error",
                markup=False,
            )
            if event.worker.group == "watch":
                return  # watching is a nicety; the folder may be gone
            self.query_one(SearchBar).set_status(f"error: {error}")

    # -- results of workers ----------------------------------------------------------------

    def on_index_opened(self, _: IndexOpened) -> None:
        self._refresh_people()
        self.refresh_results()

    def on_index_progress(self, message: IndexProgress) -> None:
        progress = message.progress
        bar = self.query_one("#progress", ProgressBar)
        bar.add_class("-active")
        bar.update(total=progress.total, progress=progress.done)
        if progress.committed > self.committed:  # a segment landed: show what is searchable
            self.committed = progress.committed
            self._refresh_people()
            self.refresh_results()

    def on_index_updated(self, message: IndexUpdated) -> None:
        report = self.report = message.report
        self.committed = 0
        self.query_one("#progress", ProgressBar).remove_class("-active")
        for text in report.messages:
            self.notify(text, severity="warning", markup=False, timeout=8)
        if report.changed or self.result is None:
            self._refresh_people()
            self.refresh_results()
            changed = {*report.indexed, *report.removed}
            if self.current_meeting is not None and self._rel(self.current_meeting) in changed:
                self.load_meeting(self._rel(self.current_meeting))
        if report.skipped:
            self.notify(
                f"{len(report.skipped)} file(s) could not be read — press p to see them",
                severity="warning",
                markup=False,
            )
        if self.watch_files and not self.workers_in_group("watch"):
            self.watch_folder()

    def workers_in_group(self, group: str) -> list[Worker]:
        return [w for w in self.workers if w.group == group and not w.is_finished]

    def on_search_done(self, message: SearchDone) -> None:
        if message.serial != self.search_serial:
            return  # a newer search is on its way: don't flash stale results
        previous, self.result = self.result, message.result
        result = message.result
        meetings = self.query_one(MeetingList)
        same_query = previous is not None and previous.query == result.query
        meetings.show_hits(result.hits, keep_cursor=same_query)
        self._show_status()
        if meetings.highlighted_path and (
            self.current_meeting is None
            or self._rel(self.current_meeting) != meetings.highlighted_path
        ):
            self.load_meeting(meetings.highlighted_path)
        elif self.current_meeting is not None and result.terms:
            self.load_meeting(self._rel(self.current_meeting))

    def _show_status(self) -> None:
        result = self.result
        if result is None:
            return
        parts: list[Content] = []
        noun = "meeting" if result.total == 1 else "meetings"
        if result.query and not result.hits:
            parts.append(Content("No meetings match").stylize("bold $text-warning"))
            if result.suggestion:
                parts.append(Content(f"did you mean: {result.suggestion}").stylize("italic"))
        else:
            which = "top" if result.query else "newest"
            shown = f" ({which} {len(result.hits)})" if result.total > len(result.hits) else ""
            parts.append(Content(f"{result.total} {noun}{shown}").stylize("bold"))
        if self.filter_names:
            mode = "any of" if self.match_any else "all of"
            parts.append(Content(f"attended by {mode}: {', '.join(self.filter_names)}"))
        parts.extend(Content(notice).stylize("$text-warning") for notice in result.notices)
        self.query_one(SearchBar).set_status(Content(" · ").join(parts))

    # -- pane messages ---------------------------------------------------------------------

    def on_search_bar_query_changed(self, _: SearchBar.QueryChanged) -> None:
        self.refresh_results()

    def on_attendee_pane_changed(self, message: AttendeePane.Changed) -> None:
        self.filters = message.filters
        self.filter_names = message.names
        self.match_any = message.match_any
        self.refresh_results()

    def on_meeting_list_highlighted(self, message: MeetingList.Highlighted) -> None:
        self.load_meeting(message.path)

    def on_meeting_list_opened(self, message: MeetingList.Opened) -> None:
        self.load_meeting(message.path)
        self.query_one(AgendaPane).focus()

    def on_agenda_pane_meeting_requested(self, message: AgendaPane.MeetingRequested) -> None:
        self.open_meeting(message.path)

    def on_agenda_pane_link_activated(self, message: AgendaPane.LinkActivated) -> None:
        self.open_link(message.url, message.base)

    # -- actions -----------------------------------------------------------------------------

    def refresh_results(self) -> None:
        if self.index is not None:
            self.search_serial += 1
            self.run_search(self.query_one(SearchBar).query, self.filters, self.search_serial)

    def _refresh_people(self) -> None:
        self.people = build_registry(record.attendance() for record in self.records())
        self.query_one(AttendeePane).set_people(self.people)

    def records(self) -> list[NoteRecord]:
        return self.index.records() if self.index else []

    def open_meeting(self, path: str) -> None:
        """Show a meeting (from the palette or a link), selecting it in the list if listed."""
        self.query_one(MeetingList).select_path(path)
        self.load_meeting(path)

    def filter_by_person(self, key: str) -> None:
        self.query_one(AttendeePane).select_person(key)

    def show_person(self, key: str) -> None:
        """The person view of someone in the registry (by any of their keys)."""
        person = self.people.get(key) or next(
            (p for p in self.people.values() if key in p.keys), None
        )
        if person is None or self.index is None:
            return
        screen = PersonScreen(self.folder, self.records(), self.index.actions, person)
        self.push_screen(screen, self._open_chosen)

    def _open_chosen(self, path: str | None) -> None:
        if path:
            self.open_meeting(path)

    def on_attendee_pane_person_requested(self, message: AttendeePane.PersonRequested) -> None:
        self.show_person(message.key)

    def action_actions(self) -> None:
        owners = frozenset(k for group in self.filters.groups for k in group)
        if self.index is None:
            return
        screen = ActionsScreen(self.records(), self.index.actions, owners, list(self.filter_names))
        self.push_screen(screen, self._open_chosen)

    def action_series(self, step: int) -> None:
        """Open the previous (-1) or next (1) meeting of the open meeting's series."""
        meeting = self.current_meeting
        if meeting is None:
            return
        current = self._rel(meeting)
        paths = [r.path for r in self._series_of(meeting)]
        if current not in paths:
            return
        at = paths.index(current) + step
        if 0 <= at < len(paths):
            self.open_meeting(paths[at])
        else:
            self.notify(
                f"no {'earlier' if step < 0 else 'later'} meeting in “{meeting.series}”",
                markup=False,
                timeout=3,
            )

    @work(thread=True, exclusive=True, group="related")
    def find_related(self, path: str, agenda: str) -> None:
        if self.index is not None:
            self.post_message(RelatedFound(path, related(self.index, path, agenda)))

    def on_related_found(self, message: RelatedFound) -> None:
        if self.current_meeting is None or self._rel(self.current_meeting) != message.path:
            return  # another meeting is open by now
        with suppress(NoMatches):  # the app may be closing
            self.query_one(AgendaPane).show_related(message.records)

    def open_link(self, url: str, base: Path | None = None) -> None:
        """Notes open in the app; web and mail links directly; anything else after a yes."""
        if note := self._note_for_link(url, base) or self._previous_meeting_note(url):
            self.open_meeting(note)
            self.notify(f"Opened note {note}", markup=False)
            return
        scheme = urlparse(url).scheme.lower()
        if scheme in SAFE_SCHEMES:
            self._open_external(url)
            return

        def answered(yes: bool | None) -> None:
            if yes:
                self._open_external(url)

        self.push_screen(ConfirmLink(url), answered)

    def _open_external(self, url: str) -> None:
        self.open_url(url)
        self.notify(f"Opened {url}", markup=False)

    def _note_for_link(self, url: str, base: Path | None) -> str | None:
        parsed = urlparse(url)
        if parsed.scheme not in ("", "file") or parsed.netloc not in ("", "localhost"):
            return None
        target = Path(unquote(parsed.path))
        if not target.is_absolute():
            target = (base.parent if base else self.folder) / target
        try:
            rel = target.resolve().relative_to(self.folder.resolve()).as_posix()
        except (ValueError, OSError):
            return None
        return rel if self.index and rel in self.index.catalog else None

    def _previous_meeting_note(self, url: str) -> str | None:
        """A "Previous meetings" entry whose date is a note of the same series here."""
        meeting = self.current_meeting
        if meeting is None:
            return None
        wanted = next((p.date for p in meeting.previous_meetings if p.url == url and p.date), None)
        if wanted is None:
            return None
        return next((r.path for r in self._series_of(meeting) if r.date == wanted), None)

    def _series_of(self, meeting: Meeting) -> list[NoteRecord]:
        """The dated meetings of `meeting`'s series, oldest first."""
        series = meeting.series.casefold()
        return sorted(
            (r for r in self.records() if r.series.casefold() == series and r.date),
            key=lambda r: (r.date, r.path),
        )

    def _rel(self, meeting: Meeting) -> str:
        try:
            return meeting.path.relative_to(self.folder).as_posix()
        except ValueError:
            return str(meeting.path)

    def action_focus_search(self) -> None:
        self.query_one("#query", Input).focus()

    def action_back(self) -> None:
        search_input = self.query_one("#query", Input)
        if self.focused is search_input and search_input.value:
            self.query_one(SearchBar).clear()
        elif self.focused is not self.query_one(MeetingList):
            self.query_one(MeetingList).focus()
        else:
            search_input.focus()

    def action_attendees(self) -> None:
        self.query_one("#attendees").add_class("-shown")
        self.query_one("#people-filter", Input).focus()

    def _link_for_action(self) -> str | None:
        agenda = self.query_one(AgendaPane)
        url = agenda.current_link
        if url is None and self.current_meeting and self.current_meeting.links:
            self.query_one(LinkList).focus()
            self.query_one(LinkList).highlighted = 0
            self.notify("Pick a link with ↑/↓, then press the key again", markup=False)
        elif url is None:
            self.notify("This meeting has no links", markup=False)
        return url

    def action_open_link(self) -> None:
        if url := self._link_for_action():
            self.open_link(url, self.current_meeting.path if self.current_meeting else None)

    def action_copy_link(self) -> None:
        if url := self._link_for_action():
            self.copy_to_clipboard(url)
            self.notify(f"Copied {url}", markup=False)

    def action_problems(self) -> None:
        report = self.report
        skipped: list[Problem] = report.skipped if report else []
        warnings: list[Problem] = report.warnings if report else []
        self.push_screen(ProblemsScreen(skipped, warnings))

    def action_reindex(self) -> None:
        self.notify("Re-indexing changed notes…", markup=False)
        self.update_index()

    def action_help(self) -> None:
        self.push_screen(HelpScreen(self.key_help()))

    def key_help(self) -> list[tuple[str, str]]:
        """The app's keys as currently bound (after any keymap), plus the pane keys."""
        keymap = self.config.keys
        keys = [
            (keymap.get(b.id or "", b.key_display or _KEY_NAMES.get(b.key, b.key)), b.description)
            for b in self.BINDINGS
            if isinstance(b, Binding)
        ]
        keys += [
            ("Tab / Shift+Tab", "Next / previous pane"),
            ("↑ ↓ / j k", "Move in a list"),
            ("Enter", "Open the meeting, or the link under the cursor"),
            ("m (people pane)", "Meetings with all / any of the picked people"),
            ("x (people pane)", "Clear the picked people"),
            ("i (people pane)", "Person view: attendance, what they raised and said, actions"),
            ("s (actions view)", "Show open / done / all actions"),
            (
                "Ctrl+P",
                "Command palette: go to meeting, filter by attendee, show person, open link",
            ),
        ]
        return keys

    async def action_quit(self) -> None:
        self.exit(0)

    def on_unmount(self) -> None:
        if self.index is not None:
            self.index.close()


def make_app(
    folder: Path,
    config: Config | None = None,
    rebuild: bool = False,
    index_dir: Path | None = None,
    watch: bool = True,
) -> TuiNotesApp:
    """The one way to build the app, shared by the CLI and the tests."""
    return TuiNotesApp(
        folder, config=config or load_config(), rebuild=rebuild, index_dir=index_dir, watch=watch
    )
