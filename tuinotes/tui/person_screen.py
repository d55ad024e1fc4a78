"""The person view: attendance over time, their meetings, what they raised and said, and
the actions they own. Enter on a row opens that meeting."""

from __future__ import annotations

from dataclasses import dataclass

from textual import on, work
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.content import Content
from textual.message import Message
from textual.widgets import Footer, Sparkline, Static
from textual.widgets.option_list import Option

from tuinotes.library.activity import PersonActivity
from tuinotes.library.library import Library
from tuinotes.library.people import Person
from tuinotes.model.record import day_text
from tuinotes.model.text import plural
from tuinotes.tui.lists import VimOptionList
from tuinotes.tui.screens import MeetingPicker


class PersonScreen(MeetingPicker):
    """Dismisses with the meeting (and line, for an action or contribution) to open, or None."""

    DEFAULT_CSS = """
    PersonScreen #person-spark {
        height: 3;
        margin: 1 0 0 0;
    }
    PersonScreen #person-range {
        height: 1;
    }
    """

    @dataclass
    class Loaded(Message):
        activity: PersonActivity

    def __init__(self, library: Library, person: Person) -> None:
        super().__init__()
        self.library = library
        self.person = person
        self.activity: PersonActivity | None = None

    def compose(self) -> ComposeResult:
        with Vertical(id="person-box", classes="picker-box"):
            yield Static(title(self.person), id="person-title", markup=False)
            yield Sparkline([], id="person-spark")
            yield Static(Content("reading their meetings…"), id="person-range", markup=False)
            yield VimOptionList(id="person-rows", classes="picker-rows")
        yield Footer()

    def opened(self) -> None:
        self.query_one("#person-rows").focus()
        self.load()

    @work(thread=True, exclusive=True, exit_on_error=False)
    def load(self) -> None:
        self.post_message(self.Loaded(self.library.activity(self.person)))

    @on(Loaded)
    def _loaded(self, message: Loaded) -> None:
        activity = self.activity = message.activity
        self.query_one(Sparkline).data = activity.monthly or [0]
        first, last = activity.months
        self.query_one("#person-range", Static).update(
            Content(f"meetings a month, {first} … {last}").stylize("dim")
        )
        rows = self.query_one("#person-rows", VimOptionList)
        rows.set_options(activity_rows(activity))
        rows.highlighted = next(
            (i for i in range(rows.option_count) if not rows.get_option_at_index(i).disabled),
            None,
        )


def title(person: Person) -> Content:
    handle = f"  {person.handle_aside}" if person.handle_aside else ""
    seen = ""
    if person.first_seen and person.last_seen:
        seen = f"  ·  {person.first_seen} … {person.last_seen}"
    orgs = f"  ·  {', '.join(person.affiliations)}" if person.affiliations else ""
    return Content.assemble(
        (person.label, "bold $text-accent"),
        (handle, "$text-muted"),
        f"  ·  {plural(person.meeting_count, 'meeting')}{seen}{orgs}",
    )


def activity_rows(activity: PersonActivity) -> list[Option]:
    """Headings (disabled) and one row per meeting, contribution and action, newest first."""
    rows: list[Option] = []
    number = 0

    def row(content: Content, path: str, line: int = 0) -> Option:
        nonlocal number
        number += 1
        return Option(content, id=MeetingPicker.row_id(number, path, line))

    rows.append(
        Option(Content(f"Actions ({len(activity.actions)})").stylize("bold"), disabled=True)
    )
    for record, action in reversed(activity.actions):
        box = "☑" if action.state == "done" else "☐"
        rows.append(
            row(
                Content.assemble((day_text(record.date), "$text-muted"), f"  {box} ", action.text),
                record.path,
                action.line,
            )
        )
    said = activity.contributions
    rows.append(Option(Content(f"Raised and said ({len(said)})").stylize("bold"), disabled=True))
    for c in reversed(said):
        kind = "raised" if c.kind == "raised" else "said"
        note = "" if c.resolved else f"  ({c.speaker}: not in that meeting's table)"
        rows.append(
            row(
                Content.assemble(
                    (day_text(c.date), "$text-muted"),
                    (f"  {kind}: ", "dim"),
                    c.text,
                    (note, "$text-warning"),
                ),
                c.path,
                c.line,
            )
        )
    rows.append(
        Option(Content(f"Meetings ({len(activity.meetings)})").stylize("bold"), disabled=True)
    )
    for record in reversed(activity.meetings):
        rows.append(
            row(
                Content.assemble(
                    (day_text(record.date), "$text-muted"),
                    "  ",
                    record.title,
                    (f"  {record.path}", "dim"),
                ),
                record.path,
            )
        )
    for problem in activity.problems:
        rows.append(Option(Content(f"⚠ {problem}").stylize("$text-warning"), disabled=True))
    return rows
