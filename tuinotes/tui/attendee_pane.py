"""The attendee filter: every person, type-to-filter, multi-select, all/any mode."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.content import Content
from textual.message import Message
from textual.reactive import reactive
from textual.widgets import Input, SelectionList, Static
from textual.widgets.selection_list import Selection

from tuinotes.core.people import Person, sorted_people
from tuinotes.core.query import Filters
from tuinotes.core.text import fold


class PeopleList(SelectionList[str]):
    BINDINGS = [
        Binding("j", "cursor_down", "Down", show=False, id="people.down"),
        Binding("k", "cursor_up", "Up", show=False, id="people.up"),
    ]

    def on_focus(self) -> None:
        if self.highlighted is None and self.option_count:
            self.highlighted = 0


class AttendeePane(Vertical):
    """Pick people; meetings are narrowed to those all (or any) of them attended."""

    BINDINGS = [
        Binding("m", "toggle_mode", "All/any", id="people.mode"),
        Binding("x", "clear", "Clear people", id="people.clear"),
        Binding("i", "person", "Person view", id="people.person"),
    ]

    match_any: reactive[bool] = reactive(False)

    class Changed(Message):
        """The selection or mode changed."""

        def __init__(self, filters: Filters, names: list[str], match_any: bool) -> None:
            super().__init__()
            self.filters = filters
            self.names = names
            self.match_any = match_any

    def __init__(self, **kwargs) -> None:
        super().__init__(**kwargs)
        self.people: dict[str, Person] = {}
        self.selected: list[str] = []  # person keys, in the order picked

    def compose(self) -> ComposeResult:
        yield Static(id="people-mode", markup=False)
        yield Input(placeholder="Filter people…", id="people-filter")
        yield PeopleList(id="people")

    def on_mount(self) -> None:
        self._show_mode()

    def set_people(self, people: dict[str, Person]) -> None:
        self.people = people
        self.selected = [key for key in self.selected if key in people]
        self._refill()

    def _refill(self) -> None:
        wanted = fold(self.query_one("#people-filter", Input).value)
        people = self.query_one("#people", PeopleList)
        chosen = [self.people[k] for k in self.selected]
        rest = [
            p
            for p in sorted_people(self.people)
            if p.key not in self.selected
            and (
                not wanted
                or wanted in fold(p.label)
                or wanted in p.handle.casefold()
                or wanted in (i.casefold() for i in p.initials)
            )
        ]
        people.clear_options()
        people.add_options(
            Selection(person_prompt(p), p.key, p.key in self.selected) for p in chosen + rest
        )
        for key in self.selected:
            people.select(key)
        people.highlighted = 0 if people.option_count else None

    def select_person(self, key: str) -> None:
        """Add a person to the filter (from the palette or a test)."""
        if key in self.people and key not in self.selected:
            self.selected.append(key)
            self._refill()
            self._post()

    def on_input_changed(self, event: Input.Changed) -> None:
        event.stop()
        self._refill()

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self.query_one("#people", PeopleList).focus()

    def on_selection_list_selection_toggled(self, event: SelectionList.SelectionToggled) -> None:
        """Only the user's own ticks change the filter (refilling the list does not)."""
        event.stop()
        key = event.selection.value
        if key in self.selected:
            self.selected.remove(key)
        else:
            self.selected.append(key)
        self._post()

    def action_toggle_mode(self) -> None:
        self.match_any = not self.match_any

    class PersonRequested(Message):
        """`i` on a person: show what they did."""

        def __init__(self, key: str) -> None:
            super().__init__()
            self.key = key

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
        mode = "any of" if self.match_any else "all of"
        count = f"{len(self.selected)} picked, " if self.selected else ""
        self.query_one("#people-mode", Static).update(
            Content(f"People — meetings with {mode} those picked ({count}m: all/any)")
        )

    def _post(self) -> None:
        self._show_mode()
        groups = [self.people[k].keys or {k} for k in self.selected if k in self.people]
        filters = Filters.any_of(groups) if self.match_any else Filters.all_of(groups)
        names = [self.people[k].label for k in self.selected if k in self.people]
        self.post_message(self.Changed(filters, names, self.match_any))


def person_prompt(person: Person) -> Content:
    handle = f" @{person.handle}" if person.handle else ""
    return Content.assemble(
        (person.label, "bold"), (handle, "$text-muted"), (f"  {person.meeting_count}", "dim")
    )
