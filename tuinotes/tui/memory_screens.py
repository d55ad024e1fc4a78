"""Meeting memory views: a topic across meetings, the topics of the open meeting, the
decisions, and the threads still open. Rows that stand for a line of a note open the
meeting at that line (Enter)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.content import Content
from textual.message import Message
from textual.widgets import Footer, Input, OptionList, Static
from textual.widgets.option_list import Option

from tuinotes.library.answers import Decision, Thread, Topic
from tuinotes.library.library import Library
from tuinotes.model.memory import MemoryLine
from tuinotes.model.record import day_text
from tuinotes.model.text import plural
from tuinotes.tui.lists import VimOptionList
from tuinotes.tui.screens import ListDialog, MeetingPicker
from tuinotes.tui.typing_input import TypingInput

SHOWN_AT_MOST = 500  # rows of a long list; typing narrows it
BOX = {"done": "☑ ", "open": "☐ "}


class _Loaded(Message):
    """What a view's worker read, for the view to show."""

    def __init__(self, rows: object) -> None:
        super().__init__()
        self.rows = rows


class TopicScreen(MeetingPicker):
    """One topic across meetings, oldest first: each meeting's item, its discussion and its
    decisions."""

    def __init__(self, library: Library, key: str) -> None:
        super().__init__()
        self.library = library
        self.key = key
        self.topic: Topic | None = None

    def compose(self) -> ComposeResult:
        with Vertical(classes="picker-box"):
            yield Static(Content("reading the topic…"), id="topic-title", markup=False)
            yield VimOptionList(id="topic-rows", classes="picker-rows")
            yield Static(
                Content("Enter: open the meeting at that line   Esc: close"),
                classes="hint",
                markup=False,
            )
        yield Footer()

    def opened(self) -> None:
        self.query_one("#topic-rows").focus()
        self.load()

    @work(thread=True, exclusive=True, exit_on_error=False)
    def load(self) -> None:
        self.post_message(_Loaded(self.library.topics(self.key)))

    @on(_Loaded)
    def _loaded(self, message: _Loaded) -> None:
        topics: list[Topic] = message.rows  # type: ignore[assignment]
        title = self.query_one("#topic-title", Static)
        if not topics:
            title.update(Content("No meeting discusses this topic any more."))
            return
        topic = self.topic = topics[0]
        count = len(topic.occurrences)
        title.update(
            Content.assemble(
                (topic.title, "bold $text-accent"), f"  ·  {count} meeting{'s' * (count != 1)}"
            )
        )
        rows: list[Option] = []
        for n, occurrence in enumerate(topic.occurrences):
            record, item = occurrence.record, occurrence.item
            who = item.who
            lead = "mentioned: " if occurrence.mention else BOX.get(item.state, "")
            rows.append(
                Option(
                    Content("\n").join(
                        [
                            Content.assemble(
                                (day_text(record.date), "$text-muted"),
                                "  ",
                                (record.title, "bold"),
                            ),
                            Content.assemble(
                                f"    {lead}{item.text}",
                                (f"  — {who}" if who else "", "$text-muted"),
                            ),
                        ]
                    ),
                    id=self.row_id(n * 1000, record.path, item.line),
                )
            )
            for m, line in enumerate(occurrence.lines, start=1):
                text = Content(f"        {line.said}")
                if line.decision:
                    text = Content.assemble(("        decided: ", "bold $success"), line.text)
                rows.append(Option(text, id=self.row_id(n * 1000 + m, record.path, line.line)))
        listing = self.query_one("#topic-rows", VimOptionList)
        listing.set_options(rows)
        listing.highlighted = 0


@dataclass(frozen=True)
class TopicChoice:
    key: str


class MeetingTopicsScreen(ListDialog[TopicChoice | None]):
    """The topics of one meeting, with how many meetings discussed each: Enter picks one."""

    def __init__(self, library: Library, path: str, title: str) -> None:
        super().__init__()
        self.library = library
        self.path = path
        self.title_text = title

    def compose(self) -> ComposeResult:
        with Vertical(classes="picker-box"):
            yield Static(
                Content.assemble(("Topics of ", "bold"), (self.title_text, "bold $text-accent")),
                markup=False,
            )
            yield VimOptionList(id="meeting-topics", classes="picker-rows")
            yield Static(
                Content("Enter: the topic across meetings   Esc: close"),
                classes="hint",
                markup=False,
            )
        yield Footer()

    def opened(self) -> None:
        self.query_one("#meeting-topics").focus()
        self.load()

    @work(thread=True, exclusive=True, exit_on_error=False)
    def load(self) -> None:
        self.post_message(_Loaded(self.library.meeting_topics(self.path)))

    @on(_Loaded)
    def _loaded(self, message: _Loaded) -> None:
        topics: list[tuple[MemoryLine, int]] = message.rows  # type: ignore[assignment]
        listing = self.query_one("#meeting-topics", VimOptionList)
        listing.set_options(
            Option(
                Content.assemble(
                    f"{BOX.get(item.state, '')}{item.text}",
                    (f"  ({count} meeting{'s' * (count != 1)})", "$text-muted"),
                ),
                id=f"{n}:{item.topic}",  # a meeting may list one topic twice
            )
            for n, (item, count) in enumerate(topics)
        )
        listing.highlighted = 0 if topics else None
        if not topics:
            listing.add_option(Option(Content("This meeting has no agenda items."), disabled=True))

    @on(OptionList.OptionSelected)
    def _selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        if event.option.id:
            self.dismiss(TopicChoice(event.option.id.split(":", 1)[1]))


class DecisionsScreen(MeetingPicker):
    """Every decision, newest first; type to narrow by words of the topic, meeting or
    decision."""

    DEFAULT_CSS = """
    DecisionsScreen #decisions-filter {
        margin: 0 0 1 0;
    }
    """

    def __init__(self, library: Library) -> None:
        super().__init__()
        self.library = library
        self.decisions: list[Decision] | None = None
        self.serial = 0  # the latest filter asked for; older answers are dropped

    def compose(self) -> ComposeResult:
        with Vertical(classes="picker-box"):
            yield Static(Content("reading decisions…"), id="decisions-title", markup=False)
            yield TypingInput(placeholder="Filter decisions…", id="decisions-filter")
            yield VimOptionList(id="decisions-rows", classes="picker-rows")
            yield Static(
                Content("Down: to the list   Enter: open the meeting at it   Esc: close"),
                classes="hint",
                markup=False,
            )
        yield Footer()

    def opened(self) -> None:
        self.query_one("#decisions-filter").focus()
        self.load("", self.serial)

    @work(thread=True, exclusive=True, exit_on_error=False)
    def load(self, words: str, serial: int) -> None:
        found = self.library.decisions(words, limit=SHOWN_AT_MOST)
        self.post_message(_Loaded((serial, words, found)))

    @on(_Loaded)
    def _loaded(self, message: _Loaded) -> None:
        answer: tuple[int, str, list[Decision]] = message.rows  # type: ignore[assignment]
        serial, words, found = answer
        if serial != self.serial:
            return  # typed on since
        self.decisions = found
        self.show(words)

    @on(Input.Changed, "#decisions-filter")
    def _filter_changed(self, event: Input.Changed) -> None:
        event.stop()
        self.serial += 1
        self.load(event.value, self.serial)

    @on(Input.Submitted, "#decisions-filter")
    def _to_list(self, event: Input.Submitted) -> None:
        event.stop()
        self.query_one("#decisions-rows").focus()

    def key_down(self) -> None:
        if self.focused is self.query_one("#decisions-filter"):
            self.query_one("#decisions-rows").focus()

    def show(self, words: str) -> None:
        shown = self.decisions or []
        what = f" mentioning {words.strip()}" if words.strip() else ""
        extra = (
            f" (the newest {SHOWN_AT_MOST}: type to narrow)" if len(shown) == SHOWN_AT_MOST else ""
        )
        self.query_one("#decisions-title", Static).update(
            Content(f"{plural(len(shown), 'decision')}{what}{extra}").stylize("bold")
        )
        rows = []
        for n, decision in enumerate(shown):
            lines = [
                Content.assemble(
                    (day_text(decision.record.date), "$text-muted"),
                    "  ",
                    (decision.label, "bold"),
                    (f"  ({decision.record.title})", "$text-muted"),
                )
            ]
            lines += [Content(f"    {line.text}") for line in decision.lines]
            rows.append(
                Option(
                    Content("\n").join(lines),
                    id=self.row_id(n, decision.record.path, decision.line),
                )
            )
        listing = self.query_one("#decisions-rows", VimOptionList)
        listing.set_options(rows)
        listing.highlighted = 0 if rows else None


ThreadsShown = Literal["open", "all"]


class ThreadsScreen(MeetingPicker):
    """Threads still open across each series (s: with closed and quiet ones)."""

    BINDINGS = [Binding("s", "toggle_shown", "Open/all", id="threads.toggle")]

    def __init__(self, library: Library) -> None:
        super().__init__()
        self.library = library
        self.threads: list[Thread] | None = None
        self.shown: ThreadsShown = "open"

    def compose(self) -> ComposeResult:
        with Vertical(classes="picker-box"):
            yield Static(Content("reading threads…"), id="threads-title", markup=False)
            yield VimOptionList(id="threads-rows", classes="picker-rows")
            yield Static(
                Content("s: open / all   Enter: the meeting it was last seen in   Esc: close"),
                classes="hint",
                markup=False,
            )
        yield Footer()

    def opened(self) -> None:
        self.query_one("#threads-rows").focus()
        self.load()

    @work(thread=True, exclusive=True, exit_on_error=False)
    def load(self) -> None:
        self.post_message(_Loaded(self.library.threads(every=True, limit=2000)))

    @on(_Loaded)
    def _loaded(self, message: _Loaded) -> None:
        self.threads = message.rows  # type: ignore[assignment]
        self.refill()

    def action_toggle_shown(self) -> None:
        self.shown = "all" if self.shown == "open" else "open"
        self.refill()

    def refill(self) -> None:
        if self.threads is None:
            return
        shown = [t for t in self.threads if self.shown == "all" or t.state == "open"]
        self.query_one("#threads-title", Static).update(
            Content(
                plural(len(shown), "open thread" if self.shown == "open" else "thread")
            ).stylize("bold")
        )
        rows = []
        for n, thread in enumerate(shown[:SHOWN_AT_MOST]):
            closed = f", closed {day_text(thread.closed_in.date)}" if thread.closed_in else ""
            rows.append(
                Option(
                    Content("\n").join(
                        [
                            Content.assemble((f"{thread.state:<6} ", "bold"), thread.title),
                            Content(
                                f"       {thread.series}: first {day_text(thread.first.date)}, "
                                f"{thread.times}×, last {day_text(thread.last.date)}{closed}"
                            ).stylize("$text-muted"),
                        ]
                    ),
                    id=self.row_id(n, thread.last.path, thread.line),
                )
            )
        listing = self.query_one("#threads-rows", VimOptionList)
        listing.set_options(rows)
        listing.highlighted = 0 if rows else None
