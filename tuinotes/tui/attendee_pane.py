"""The attendee filter: every person, type-to-filter, multi-select, all/any mode."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from textual import events, on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.content import Content
from textual.message import Message
from textual.reactive import reactive
from textual.widgets import Input, SelectionList, Static
from textual.widgets.selection_list import Selection

from tuinotes.library.people import Person
from tuinotes.library.results import Filters
from tuinotes.model.text import fold
from tuinotes.tui.safety import StaleRowClicks
from tuinotes.tui.typing_input import TypingInput

SHOWN = 200  # people listed at once; typing narrows the rest


class PeopleFilter(TypingInput):
    """The filter box. Space picks the one person the text finds and empties the box for
    the next name; while it finds several, Space is typed, so a full name narrows them
    ("tim" finds Tim, Tim Beiko, Tim Bieko; "tim beiko" one). Esc empties it first, as in
    the search box, then goes back."""

    @dataclass
    class PickTop(Message):
        """Space in the filter box when its text finds one person."""

        text: str

    def __init__(self, finds_one: Callable[[str], bool], **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.finds_one = finds_one  # asked as the key comes, so a fast next key can't race

    def _on_key(self, event: events.Key) -> None:  # type: ignore[override]
        # Textual calls each class's handler; prevent_default keeps Input's from typing it.
        if event.key == "space" and self.value.strip() and self.finds_one(self.value):
            event.stop()
            event.prevent_default()
            self.post_message(self.PickTop(self.value))
        elif event.key == "escape" and self.value:
            event.stop()
            event.prevent_default()
            self.value = ""


class PeopleList(StaleRowClicks, SelectionList[str]):
    BINDINGS = [
        Binding("j", "cursor_down", "Down", show=False, id="people.down"),
        Binding("k", "cursor_up", "Up", show=False, id="people.up"),
    ]
    DEFAULT_CSS = """
    PeopleList {
        height: 1fr;
        border: none;
        padding: 0;
    }
    /* An unticked box is empty (Textual draws a dim X that reads as ticked). */
    PeopleList > .selection-list--button,
    PeopleList > .selection-list--button-highlighted {
        color: $panel;
    }
    """

    def on_focus(self) -> None:
        if self.highlighted is None and self.option_count:
            self.highlighted = 0


def searchable(person: Person) -> str:
    """What the filter matches in: folded name, handle and initials."""
    return " ".join(
        [fold(person.label), person.handle.casefold(), *map(str.casefold, person.initials)]
    )


PICK_HINT = "Type a name, Space picks"
READING_HINT = "Reading the notes' attendees…"
NOBODY_HINT = "No attendee lists in these notes (tuinotes check)"


class AttendeePane(Vertical):
    """Pick people; meetings are narrowed to those all (or any) of them attended."""

    BINDINGS = [
        Binding("m", "toggle_mode", "All/any", id="people.mode"),
        Binding("x", "clear", "Clear people", id="people.clear"),
        Binding("i", "person", "Person view", id="people.person"),
        Binding("down", "to_list", show=False, id="people.to_list"),
    ]
    DEFAULT_CSS = """
    AttendeePane {
        height: 40%;
        border: round $primary 50%;
    }
    AttendeePane:focus-within {
        border: round $accent;
    }
    AttendeePane > #people-mode {
        height: 1;
        color: $text-muted;
    }
    AttendeePane > #people-filter {
        height: 1;
        border: none;
        padding: 0 1;
        background: $boost;
    }
    """

    match_any: reactive[bool] = reactive(False)

    @dataclass
    class Changed(Message):
        """The selection or mode changed."""

        filters: Filters
        names: list[str]
        match_any: bool

    @dataclass
    class PersonRequested(Message):
        """`i` on a person: show what they did."""

        key: str

    def __init__(self, **kwargs: object) -> None:
        super().__init__(**kwargs)  # type: ignore[arg-type]
        self.people: dict[str, Person] = {}
        self.ranked: list[tuple[str, Person]] = []  # (searchable text, person), most seen first
        self.selected: list[str] = []  # person keys, in the order picked
        self._last: tuple[str, list[tuple[str, Person]]] = ("", [])  # the previous filtering
        self.settled = False  # the index was brought up to date at least once

    def compose(self) -> ComposeResult:
        yield Static(id="people-mode", markup=False)
        yield PeopleFilter(self._finds_one, placeholder=READING_HINT, id="people-filter")
        yield PeopleList(id="people")

    def on_mount(self) -> None:
        self._show_mode()

    def set_people(self, ranked: list[Person]) -> None:
        """A new registry (ranked, built off the UI thread)."""
        self.people = {p.key: p for p in ranked}
        self.ranked = [(searchable(p), p) for p in ranked]
        self._last = ("", self.ranked)
        self.selected = [key for key in self.selected if key in self.people]
        self._show_hint()
        self._refill(keep_cursor=True)

    def settle(self) -> None:
        """The index is up to date: an empty registry now means no attendee lists (not
        notes still being read)."""
        self.settled = True
        self._show_hint()

    def _show_hint(self) -> None:
        hint = PICK_HINT if self.people else NOBODY_HINT if self.settled else READING_HINT
        self.query_one("#people-filter", Input).placeholder = hint

    def _matching(self, wanted: str) -> list[tuple[str, Person]]:
        """People whose name, handle or initials contain `wanted`; narrowing the previous
        filter's matches when the text only grew."""
        previous, matches = self._last
        pool = matches if wanted.startswith(previous) else self.ranked
        found = [entry for entry in pool if wanted in entry[0]] if wanted else self.ranked
        self._last = (wanted, found)
        return found

    def _refill(self, keep_cursor: bool = False) -> None:
        people = self.query_one("#people", PeopleList)
        cursor = people.highlighted
        wanted = fold(self.query_one("#people-filter", Input).value)
        chosen = [self.people[k] for k in self.selected]
        rest = [p for _, p in self._matching(wanted) if p.key not in self.selected]
        shown = chosen + rest[:SHOWN]
        people.clear_options()
        people.add_options(
            Selection(person_prompt(p), p.key, p.key in self.selected) for p in shown
        )
        if keep_cursor and cursor is not None and cursor < people.option_count:
            people.highlighted = cursor
        else:
            people.highlighted = 0 if people.option_count else None

    def select_person(self, key: str) -> None:
        """Add a person to the filter (from the palette or a test)."""
        if key in self.people and key not in self.selected:
            self.selected.append(key)
            self._refill()
            self._post()

    @on(Input.Changed, "#people-filter")
    def _filter_changed(self, event: Input.Changed) -> None:
        event.stop()
        self._refill()

    def _finds_one(self, text: str) -> bool:
        """Whether `text` finds exactly one person not picked yet."""
        found = [p for _, p in self._matching(fold(text)) if p.key not in self.selected]
        return len(found) == 1

    @on(PeopleFilter.PickTop)
    def _pick_top(self, event: PeopleFilter.PickTop) -> None:
        event.stop()
        found = [p for _, p in self._matching(fold(event.text)) if p.key not in self.selected]
        if found:
            self.select_person(found[0].key)
            self.query_one("#people-filter", Input).value = ""

    @on(Input.Submitted, "#people-filter")
    def _filter_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self.query_one("#people", PeopleList).focus()

    @on(SelectionList.SelectionToggled, "#people")
    def _toggled(self, event: SelectionList.SelectionToggled[str]) -> None:
        """Only the user's own ticks change the filter (refilling the list does not)."""
        event.stop()
        key = event.selection.value
        if key in self.selected:
            self.selected.remove(key)
        else:
            self.selected.append(key)
        self._post()

    def action_to_list(self) -> None:
        """Down in the filter box goes to the first person it found (below those picked,
        who stay on top); in the list, Down moves."""
        people = self.query_one("#people", PeopleList)
        if not people.has_focus and people.option_count:
            people.focus()
            people.highlighted = min(len(self.selected), people.option_count - 1)

    def action_toggle_mode(self) -> None:
        self.match_any = not self.match_any

    def action_person(self) -> None:
        people = self.query_one(PeopleList)
        if people.highlighted is not None and people.option_count:
            self.post_message(
                self.PersonRequested(people.get_option_at_index(people.highlighted).value)
            )

    def action_clear(self) -> None:
        self.selected = []
        self._refill()
        self._post()

    def watch_match_any(self) -> None:
        self._show_mode()
        if self.selected:
            self._post()

    def _show_mode(self) -> None:
        """One short line (the pane is narrow): what the filter does, and `m` to switch."""
        mode = "any" if self.match_any else "all"
        other = "all" if self.match_any else "any"
        picked = f"with {mode} of {len(self.selected)} picked" if self.selected else "none picked"
        self.query_one("#people-mode", Static).update(Content(f"People: {picked} · m: {other}"))

    def _post(self) -> None:
        self._show_mode()
        groups = [self.people[k].keys or {k} for k in self.selected if k in self.people]
        filters = Filters.any_of(groups) if self.match_any else Filters.all_of(groups)
        names = [self.people[k].label for k in self.selected if k in self.people]
        self.post_message(self.Changed(filters, names, self.match_any))


def person_prompt(person: Person) -> Content:
    """Name, handle and meeting count; a person known only by handle shows it once."""
    handle = f" {person.handle_aside}" if person.handle_aside else ""
    return Content.assemble(
        (person.label, "bold"), (handle, "$text-muted"), (f"  {person.meeting_count}", "dim")
    )
