"""The tuinotes app: opens the folder's library, keeps its index up to date, and starts
the main screen. It also owns what is app-wide: the link policy, help, quitting, and the
one write it makes in the notes folder, a drafted next meeting."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Any

from textual import events, on, work
from textual.app import App
from textual.binding import Binding, BindingType
from textual.command import CommandListItem, CommandPalette, SimpleProvider
from textual.dom import DOMNode
from textual.theme import ThemeProvider
from textual.widget import AwaitMount
from textual.worker import Worker

from tuinotes.indexer.discover import is_note_name
from tuinotes.indexer.report import Progress, UpdateReport
from tuinotes.library.config import Config, index_dir_for, load_config
from tuinotes.library.drafting import DraftError, NextMeeting, draft_next, write_new
from tuinotes.library.history import QueryHistory
from tuinotes.library.library import Library, LibraryError
from tuinotes.model.paths import expand_home
from tuinotes.notes.read import UnreadableNote
from tuinotes.tui.failures import report_failure
from tuinotes.tui.main_screen import MainScreen
from tuinotes.tui.messages import IndexOpened, IndexProgress, IndexUpdated, MeetingDrafted
from tuinotes.tui.safety import ClosingAppGuard, SafeCommandPalette
from tuinotes.tui.screens import ConfirmLink, HelpScreen, confirm_draft

GENERAL_KEYS = [
    ("Tab / Shift+Tab", "Next / previous pane"),
    ("↑ ↓ / j k", "Move in a list"),
    ("Enter", "Open the meeting, or the link under the cursor"),
    ("Ctrl+P", "Command palette: go to meeting, filter by attendee, show person, open link"),
]


class TuiNotesApp(ClosingAppGuard, App[int]):
    """Browse a folder of meeting notes."""

    TITLE = "tuinotes"
    BINDINGS = [
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
        self.folder = expand_home(folder).absolute()
        self.config = config or Config()
        self.rebuild = rebuild
        self.index_dir = index_dir
        self.watch_files = watch
        self.library: Library | None = None
        self.report: UpdateReport | None = None  # what the last update did
        self.history = QueryHistory((index_dir or index_dir_for(self.folder)) / "queries.txt")
        self.main = MainScreen()

    def on_mount(self) -> None:
        if self.config.keys:
            self.set_keymap(self.config.keys)
        if self.config.theme and self.config.theme in self.available_themes:
            self.theme = self.config.theme
        if self.config.problem:
            self.notify(self.config.problem, severity="warning", markup=False)
        self.sub_title = str(self.folder)
        self.push_screen(self.main)
        self.open_library()

    # -- the library's life: workers post to the main screen ---------------------------------

    @work(thread=True, exclusive=True, group="index", exit_on_error=False)
    def open_library(self) -> None:
        library = Library(self.folder, self.index_dir)
        library.records()  # the list shows every meeting at once: the catalog loaded here first
        self.library = library
        self.main.post_message(IndexOpened())
        self._update(library, rebuild=self.rebuild)

    @work(thread=True, exclusive=True, group="update", exit_on_error=False)
    def update_index(self) -> None:
        if self.library is not None:
            self._update(self.library, rebuild=False)

    def _update(self, library: Library, rebuild: bool) -> None:
        def progress(step: Progress) -> None:
            self.main.post_message(IndexProgress(step))

        report = library.update(progress=progress, rebuild=rebuild)
        self.main.post_message(IndexUpdated(report))

    def updated(self, report: UpdateReport) -> None:
        """The main screen has shown what an update changed: say what went wrong."""
        self.report = report
        for text in report.messages:
            self.notify(text, severity="warning", markup=False, timeout=8)
        if report.skipped:
            self.notify(
                f"{len(report.skipped)} file(s) could not be read — press p to see them",
                severity="warning",
                markup=False,
            )
        if self.watch_files and not self.workers_in_group("watch"):
            self.watch_folder()

    @work(exclusive=True, group="watch", exit_on_error=False)
    async def watch_folder(self) -> None:
        """Re-index (incrementally) when notes are saved, added or deleted."""
        from watchfiles import awatch

        def is_note(_change: object, path: str) -> bool:
            name = Path(path).name
            return is_note_name(name) and "/." not in path.replace(str(self.folder), "", 1)

        async for _changes in awatch(self.folder, watch_filter=is_note, debounce=200, step=50):
            self.update_index()

    def workers_in_group(self, group: str) -> list[Worker[object]]:
        return [w for w in self.workers if w.group == group and not w.is_finished]

    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        report_failure(self, event)

    # -- app-wide ----------------------------------------------------------------------------

    def action_command_palette(self) -> None:
        """The palette, guarded against fast clicks and keys (see `safety.py`); without a
        fixed id, as a new one may open before the last is removed."""
        open_ = any(isinstance(screen, CommandPalette) for screen in self.screen_stack)
        if self.use_command_palette and not open_:
            self.push_screen(SafeCommandPalette())

    def search_themes(self) -> None:
        """The palette's "Change theme" list, in the guarded palette: Textual's own opened
        a plain CommandPalette whose search worker outlived its widgets when a key closed
        it (NoMatches 'CommandList', command.py:909; the long fuzz, openjs-cpc seed 7002)."""
        self.push_screen(
            SafeCommandPalette(providers=[ThemeProvider], placeholder="Search for themes…")
        )

    def search_commands(
        self, commands: Sequence[CommandListItem], placeholder: str = "Search for commands…"
    ) -> AwaitMount:
        """A list of commands, in the guarded palette (as `search_themes`)."""
        provider: Any = SimpleProvider(self.screen, list(commands))  # an instance, as Textual
        return self.push_screen(SafeCommandPalette(providers=[provider], placeholder=placeholder))

    # -- the next meeting, drafted (the only write in the notes folder) --------------------

    def draft_next_meeting(self, series: str | None) -> None:
        """Draft the next meeting of `series` (None: of the latest meeting) in a worker, ask
        before writing it, and open it on the main screen once indexed."""
        if self.library is not None:
            self._draft(self.library, series)

    @work(thread=True, exclusive=True, group="draft", exit_on_error=False)
    def _draft(self, library: Library, series: str | None) -> None:
        try:
            draft = draft_next(library, series)
        except (DraftError, LibraryError, UnreadableNote) as error:
            self.call_from_thread(self.notify, str(error), severity="warning", markup=False)
            return
        self.post_message(MeetingDrafted(draft))

    @on(MeetingDrafted)
    def _drafted(self, message: MeetingDrafted) -> None:
        def answered(yes: bool | None) -> None:
            if yes:
                self._write_draft(message.draft)

        self.push_screen(confirm_draft(message.draft), answered)

    def _write_draft(self, draft: NextMeeting) -> None:
        try:
            write_new(self.folder, draft)
        except (DraftError, OSError) as error:
            self.notify(str(error), severity="error", markup=False)
            return
        self.notify(f"Wrote {draft.path}", markup=False)
        self.main.open_once_indexed(draft.path)
        self.update_index()

    def open_link(self, url: str) -> None:
        """Web and mail links open directly; anything else after a yes."""
        if Library.link_kind(url) == "web":
            self._open_external(url)
            return

        def answered(yes: bool | None) -> None:
            if yes:
                self._open_external(url)

        self.push_screen(ConfirmLink(url), answered)

    def _open_external(self, url: str) -> None:
        self.open_url(url)
        # the driver hands it to the system and never says whether a program took it
        self.notify(f"Asked the system to open {url}", markup=False)

    def action_help(self) -> None:
        self.push_screen(HelpScreen(self.key_help()))

    def key_help(self) -> list[tuple[str, str]]:
        """Every key of the main screen and its panes, as bound now (after any keymap)."""
        nodes: list[DOMNode] = [self, self.main, *self.main.walk_children()]
        places: dict[tuple[str, str], list[str]] = {}  # (key, what it does) -> where
        seen: set[str] = set()
        for node in nodes:
            for binding in _bindings_of(type(node)):
                if not binding.description or binding.id in seen:  # footer-hidden keys too
                    continue
                seen.add(binding.id or binding.key)
                key = self.config.keys.get(binding.id or "", binding.key)
                shown = _key_name(self.get_key_display(Binding(key.split(",")[0], binding.action)))
                where = places.setdefault((shown, binding.description), [])
                if (pane := _where(node)) and pane not in where:
                    where.append(pane)  # one row for `j` in the list, the people and the reader
        keys = [
            (f"{shown} ({', '.join(where)})" if where else shown, what)
            for (shown, what), where in places.items()
        ]
        return keys + GENERAL_KEYS

    async def action_quit(self) -> None:
        self.exit(0)

    def _on_key(self, event: events.Key) -> None:  # type: ignore[override]
        # A key typed while the app closes (after the palette's "Quit") finds no screen:
        # Textual's own handler would raise ScreenStackError (app.py:1641).
        if not self.screen_stack:
            event.prevent_default()

    def on_unmount(self) -> None:
        if self.library is not None:
            self.library.close()


def _bindings_of(kind: type) -> list[Binding]:
    """A class's own bindings and its bases' (tuinotes classes only)."""
    found: list[Binding] = []
    for cls in kind.__mro__:
        if not cls.__module__.startswith("tuinotes"):
            continue
        declared: list[BindingType] = cls.__dict__.get("BINDINGS", [])
        found.extend(b for b in declared if isinstance(b, Binding))
    return found


def _where(node: DOMNode) -> str:
    """'people pane' for a pane's own keys."""
    names = {
        "MeetingList": "meetings",
        "AttendeePane": "people pane",
        "PeopleList": "people pane",
        "AgendaPane": "reader",
    }
    return names.get(type(node).__name__, "")


def _key_name(shown: str) -> str:
    """A key as the help writes keys: Textual's '^f', 'esc', 'alt+↑' as 'Ctrl+F', 'Esc',
    'Alt+↑' (a letter alone keeps its case: `j` and `J` are two keys)."""
    if shown.startswith("^") and len(shown) > 1:
        return "Ctrl+" + shown[1:].upper()
    return "+".join(
        part if len(part) == 1 else part[:1].upper() + part[1:] for part in shown.split("+")
    )


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
