"""The actions view: commitments from every meeting, open or done, for everyone or for the
people selected in the attendee pane. Enter opens the meeting an action came from."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.content import Content
from textual.message import Message
from textual.reactive import reactive
from textual.widgets import Footer, Static
from textual.widgets.option_list import Option

from tuinotes.library.library import Library
from tuinotes.model.record import Action, NoteRecord, day_text
from tuinotes.model.text import plural
from tuinotes.tui.lists import VimOptionList
from tuinotes.tui.screens import MeetingPicker

Shown = Literal["open", "done", "all"]
NEXT: dict[Shown, Shown] = {"open": "done", "done": "all", "all": "open"}


class ActionsScreen(MeetingPicker):
    """Dismisses with the meeting and line of the action to open, or None."""

    BINDINGS = [
        Binding("s", "cycle_state", "Open/done/all", id="actions.state"),
    ]
    DEFAULT_CSS = """
    ActionsScreen #actions-title {
        height: 1;
    }
    """
    shown: reactive[Shown] = reactive("open", init=False)  # first shown by `opened`

    @dataclass
    class Loaded(Message):
        actions: list[tuple[NoteRecord, Action]]  # every action, newest meeting first

    def __init__(self, library: Library, owners: frozenset[str], names: list[str]) -> None:
        super().__init__()
        self.library = library
        self.actions: list[tuple[NoteRecord, Action]] | None = None
        self.owners = owners  # person keys to show actions of; empty: everyone
        self.names = names

    def compose(self) -> ComposeResult:
        with Vertical(id="actions-box", classes="picker-box"):
            yield Static(id="actions-title", markup=False)
            yield VimOptionList(id="actions-rows", classes="picker-rows")
            yield Static(
                Content("s: open / done / all   Enter: open the meeting   Esc: close"),
                classes="hint",
                markup=False,
            )
        yield Footer()

    def opened(self) -> None:
        self.query_one("#actions-rows").focus()
        self.watch_shown()
        self.load()

    @work(thread=True, exclusive=True, exit_on_error=False)
    def load(self) -> None:
        rows = self.library.actions(self.owners, "all")
        self.post_message(self.Loaded(rows[::-1]))

    @on(Loaded)
    def _loaded(self, message: Loaded) -> None:
        self.actions = message.actions
        self.watch_shown()

    @property
    def _noun(self) -> str:
        """'open action', 'done action', or 'action' when all are shown."""
        return "action" if self.shown == "all" else f"{self.shown} action"

    def watch_shown(self) -> None:
        if self.actions is None:
            self.query_one("#actions-title", Static).update(Content("reading actions…"))
            return
        rows = [(r, a) for r, a in self.actions if self.shown in ("all", a.state)]
        who = f" of {', '.join(self.names)}" if self.names else ""
        self.query_one("#actions-title", Static).update(
            Content(f"{plural(len(rows), self._noun)}{who}").stylize("bold")
        )
        listing = self.query_one("#actions-rows", VimOptionList)
        listing.set_options(
            Option(action_prompt(record, action), id=self.row_id(n, record.path, action.line))
            for n, (record, action) in enumerate(rows)
        )
        listing.highlighted = 0 if rows else None

    def action_cycle_state(self) -> None:
        self.shown = NEXT[self.shown]


def action_prompt(record: NoteRecord, action: Action) -> Content:
    when = day_text(record.date)
    box = "☑" if action.state == "done" else "☐"
    owner = action.owner_name or action.owner or "nobody named"
    return Content("\n").join(
        [
            Content.assemble(
                (when, "$text-muted"), f"  {box} ", (owner, "bold"), "  ", action.text
            ),
            Content(f"            {record.title}").stylize("dim"),
        ]
    )
