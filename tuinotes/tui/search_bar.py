"""The search bar: a query input (debounced) and a status line."""

from __future__ import annotations

from dataclasses import dataclass

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.content import Content
from textual.message import Message
from textual.timer import Timer
from textual.widgets import Input, Static

from tuinotes.tui.typing_input import TypingInput

DEBOUNCE_SECONDS = 0.18


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
