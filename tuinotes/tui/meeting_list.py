"""The meeting list: date, title, attendee count, and the best snippet (or the first agenda
topics) under each."""

from __future__ import annotations

from dataclasses import dataclass

from textual import on
from textual.content import Content
from textual.message import Message
from textual.widgets import OptionList
from textual.widgets.option_list import Option

from tuinotes.library.results import Hit
from tuinotes.model.record import day_text
from tuinotes.model.text import plural
from tuinotes.search.snippets import Snippet
from tuinotes.tui.lists import VimOptionList

TOPICS_WIDTH = 100  # characters of agenda topics under a meeting with no snippet


class MeetingList(VimOptionList):
    """Meetings (newest first, or by relevance while a query is active)."""

    DEFAULT_CSS = """
    MeetingList {
        height: 1fr;
        border: round $primary 50%;
        scrollbar-gutter: stable;  /* rows wrap the same with or without a scrollbar */
    }
    MeetingList:focus {
        border: round $accent;
    }
    """

    @dataclass
    class Highlighted(Message):
        """The cursor moved to a meeting: show it."""

        path: str

    @dataclass
    class Opened(Message):
        """Enter on a meeting: read it."""

        path: str

    def show_hits(self, hits: list[Hit], keep_cursor: bool = False) -> None:
        """Show hits with the cursor on the first, or (`keep_cursor`) where it was."""
        current = self.highlighted_path
        self.set_options(Option(hit_prompt(hit), id=hit.path) for hit in hits)
        if not hits:
            return
        paths = [hit.path for hit in hits]
        self.highlighted = paths.index(current) if keep_cursor and current in paths else 0

    @property
    def paths(self) -> list[str]:
        return [str(self.get_option_at_index(i).id) for i in range(self.option_count)]

    @property
    def highlighted_path(self) -> str | None:
        if self.highlighted is None or not self.option_count:
            return None
        return self.get_option_at_index(self.highlighted).id

    def select_path(self, path: str) -> bool:
        for index in range(self.option_count):
            if self.get_option_at_index(index).id == path:
                self.highlighted = index
                return True
        return False

    @on(OptionList.OptionHighlighted)
    def _highlighted(self, event: OptionList.OptionHighlighted) -> None:
        event.stop()
        if event.option.id:
            self.post_message(self.Highlighted(event.option.id))

    @on(OptionList.OptionSelected)
    def _selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        if event.option.id:
            self.post_message(self.Opened(event.option.id))


def hit_prompt(hit: Hit) -> Content:
    """Two lines of plain note text, styled by position (never parsed as markup)."""
    record = hit.record
    count = record.attendee_count
    people = f"  · {plural(count, 'person', 'people')}" if count else ""
    head = Content.assemble(
        (day_text(record.date), "$text-muted"), "  ", (record.title, "bold"), (people, "dim")
    )
    if hit.snippet and hit.snippet.text:
        return Content("\n").join([head, snippet_content(hit.snippet)])
    if record.topics:
        topics = " · ".join(record.topics)
        topics = topics if len(topics) <= TOPICS_WIDTH else topics[: TOPICS_WIDTH - 1] + "…"
        return Content("\n").join([head, Content(f"  {topics}").stylize("dim")])
    return head


def snippet_content(snippet: Snippet, style: str = "$text-accent bold reverse") -> Content:
    content = Content(snippet.text).stylize("dim")
    for start, end in snippet.spans:
        content = content.stylize(style, start, end)
    return content
