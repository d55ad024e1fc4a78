"""The search bar: a query input (debounced) and a status line."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.containers import Vertical
from textual.content import Content
from textual.message import Message
from textual.timer import Timer
from textual.widgets import Input, Static

DEBOUNCE_SECONDS = 0.12


class SearchBar(Vertical):
    """Type to search; posts `SearchBar.QueryChanged` once typing pauses."""

    class QueryChanged(Message):
        def __init__(self, query: str) -> None:
            super().__init__()
            self.query = query

    def __init__(self, **kwargs) -> None:
        super().__init__(**kwargs)
        self._timer: Timer | None = None

    def compose(self) -> ComposeResult:
        yield Input(
            placeholder='Search meetings…  (words, "phrases", attendee:, tag:, date:2024-10)',
            id="query",
        )
        yield Static(id="status", markup=False)

    @property
    def query(self) -> str:
        return self.query_one("#query", Input).value

    def clear(self) -> None:
        self.query_one("#query", Input).value = ""

    def set_query(self, text: str) -> None:
        self.query_one("#query", Input).value = text

    def set_status(self, status: Content | str) -> None:
        self.query_one("#status", Static).update(
            status if isinstance(status, Content) else Content(status)
        )

    def on_input_changed(self, event: Input.Changed) -> None:
        event.stop()
        if self._timer is not None:
            self._timer.stop()
        self._timer = self.set_timer(DEBOUNCE_SECONDS, self._post)

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        if self._timer is not None:
            self._timer.stop()
        self._post()
        self.screen.focus_next()

    def _post(self) -> None:
        self._timer = None
        self.post_message(self.QueryChanged(self.query))
