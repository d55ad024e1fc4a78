"""The search bar: a query input (debounced) and a status line."""

from __future__ import annotations

from dataclasses import dataclass

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.content import Content
from textual.message import Message
from textual.timer import Timer
from textual.widgets import Input, Static
from textual.worker import Worker

from tuinotes.library.library import Library
from tuinotes.library.results import Filters, SearchResult
from tuinotes.tui.failures import report_failure
from tuinotes.tui.messages import SuggestionFound
from tuinotes.tui.typing_input import TypingInput

DEBOUNCE_SECONDS = 0.18
SUGGEST_AFTER = 0.4  # seconds without new results before "did you mean" is looked up


class SearchBar(Vertical):
    """Type to search; posts `SearchBar.QueryChanged` once typing pauses. Up, Down, PageUp
    and PageDown move the result list's cursor while typing (`SearchBar.MoveCursor`), as
    in fzf or an editor's quick-open."""

    BINDINGS = [
        Binding("down", "move_cursor('cursor_down')", show=False, id="search.down"),
        Binding("up", "move_cursor('cursor_up')", show=False, id="search.up"),
        Binding("pagedown", "move_cursor('page_down')", show=False, id="search.page_down"),
        Binding("pageup", "move_cursor('page_up')", show=False, id="search.page_up"),
        Binding("alt+up", "recall(-1)", "Earlier search", show=False, id="search.history_back"),
        Binding("alt+down", "recall(1)", "Later search", show=False, id="search.history_forward"),
    ]

    DEFAULT_CSS = """
    SearchBar {
        height: auto;
        padding: 0 1;
    }
    SearchBar > #query {
        border: tall $accent;
    }
    SearchBar > #status {
        width: 1fr;
        height: 1;
        color: $text-muted;
        padding: 0 1;
        text-wrap: nowrap;
        text-overflow: ellipsis;
    }
    """

    @dataclass
    class QueryChanged(Message):
        text: str

    @dataclass
    class Submitted(Message):
        """Enter in the search box."""

        text: str

    @dataclass
    class MoveCursor(Message):
        """Move the result list's cursor: 'cursor_down', 'cursor_up', 'page_down' or
        'page_up' (the list's action of that name)."""

        how: str

    def action_move_cursor(self, how: str) -> None:
        self.post_message(self.MoveCursor(how))

    def __init__(self, **kwargs: object) -> None:
        super().__init__(**kwargs)  # type: ignore[arg-type]
        self._timer: Timer | None = None
        self.history: list[str] = []  # earlier searches, newest last (set by the screen)
        self._recalled: int | None = None  # which of them is shown, None: the typed query
        self._typed = ""  # the query typed before recalling
        self._pending_suggestion: Timer | None = None

    def action_recall(self, step: int) -> None:
        """Alt+Up / Alt+Down: show an earlier or later search (as in a shell)."""
        if not self.history:
            return
        if self._recalled is None:
            if step > 0:
                return
            self._typed, at = self.text, len(self.history)
        else:
            at = self._recalled
        at += step
        if at < 0:
            return
        if at >= len(self.history):
            self._recalled = None
            self.accept(self._typed)
            return
        self.accept(self.history[at])
        self._recalled = at

    def compose(self) -> ComposeResult:
        yield TypingInput(
            placeholder='/ to search  (words, "phrases", attendee:, tag:, date:2024-10)  ? help',
            id="query",
        )
        yield Static(id="status", markup=False)

    @property
    def input(self) -> Input:
        return self.query_one("#query", Input)

    @property
    def text(self) -> str:
        """The query as typed."""
        return self.input.value

    def clear(self) -> None:
        self.input.value = ""

    def set_status(self, status: Content | str) -> None:
        self.query_one("#status", Static).update(
            status if isinstance(status, Content) else Content(status),
            layout=False,  # one line, the bar's width: no layout of the whole screen
        )

    @on(Input.Changed, "#query")
    def _changed(self, event: Input.Changed) -> None:
        event.stop()
        if self._recalled is not None and event.value != self.history[self._recalled]:
            self._recalled = None  # edited: a query of its own now
        if self._timer is not None:
            self._timer.stop()
        self._timer = self.set_timer(DEBOUNCE_SECONDS, self._post)

    @on(Input.Submitted, "#query")
    def _submitted(self, event: Input.Submitted) -> None:
        event.stop()
        if self._timer is not None:
            self._timer.stop()
        self._post()
        self.post_message(self.Submitted(self.text))

    def accept(self, text: str) -> None:
        """Replace the query (a suggestion taken) and search it at once."""
        self.input.value = text
        self.input.cursor_position = len(text)
        if self._timer is not None:
            self._timer.stop()
        self._post()

    def _post(self) -> None:
        self._timer = None
        self.post_message(self.QueryChanged(self.text))

    # -- "did you mean" ------------------------------------------------------------------

    def suggest_soon(
        self, library: Library | None, result: SearchResult, filters: Filters, serial: int
    ) -> None:
        """After a search that found nothing, look for a spelling fix once typing has paused
        a little (it is slow pure Python: in a thread it slows the keys typed meanwhile); a
        newer result cancels the one pending. Posts `SuggestionFound` with `serial`."""
        if self._pending_suggestion is not None:
            self._pending_suggestion.stop()
            self._pending_suggestion = None
        if library is None or not result.query or result.hits or result.error:
            return
        query = result.query
        self._pending_suggestion = self.set_timer(
            SUGGEST_AFTER, lambda: self._find_suggestion(library, query, filters, serial)
        )

    @work(thread=True, exclusive=True, group="suggest", exit_on_error=False)
    def _find_suggestion(self, library: Library, query: str, filters: Filters, serial: int) -> None:
        self.post_message(SuggestionFound(library.suggest(query, filters), serial))

    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        report_failure(self, event)
