"""The meeting list: date, title, attendee count, and the best snippet under each hit."""

from __future__ import annotations

from datetime import date

from textual.content import Content
from textual.message import Message
from textual.widgets import OptionList
from textual.widgets.option_list import Option

from tuinotes.core.query import Hit
from tuinotes.core.snippets import Snippet
from tuinotes.tui.lists import VimOptionList


class MeetingList(VimOptionList):
    """Meetings (newest first, or by relevance while a query is active)."""

    class Highlighted(Message):
        """The cursor moved to a meeting: show it."""

        def __init__(self, path: str) -> None:
            super().__init__()
            self.path = path

    class Opened(Message):
        """Enter on a meeting: read it."""

        def __init__(self, path: str) -> None:
            super().__init__()
            self.path = path

    def show_hits(self, hits: list[Hit], keep_cursor: bool = False) -> None:
        """Show hits with the cursor on the first, or (`keep_cursor`) where it was."""
        current = self.highlighted_path
        self.set_options(Option(hit_prompt(hit), id=hit.path) for hit in hits)
        if not hits:
            return
        paths = [hit.path for hit in hits]
        self.highlighted = paths.index(current) if keep_cursor and current in paths else 0

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

    def on_option_list_option_highlighted(self, event: OptionList.OptionHighlighted) -> None:
        event.stop()
        if event.option.id:
            self.post_message(self.Highlighted(event.option.id))

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        if event.option.id:
            self.post_message(self.Opened(event.option.id))


def day_text(day: date | None) -> str:
    """A meeting's date as shown in every list (undated notes keep the column aligned)."""
    return day.isoformat() if day else "????-??-??"


def hit_prompt(hit: Hit) -> Content:
    """Two lines of plain note text, styled by position (never parsed as markup)."""
    when = day_text(hit.date)
    people = f"  · {hit.attendee_count} people" if hit.attendee_count else ""
    head = Content.assemble((when, "$text-muted"), "  ", (hit.title, "bold"), (people, "dim"))
    if hit.snippet and hit.snippet.text:
        return Content("\n").join([head, snippet_content(hit.snippet)])
    return head


def snippet_content(snippet: Snippet, style: str = "$text-accent bold reverse") -> Content:
    content = Content(snippet.text).stylize("dim")
    for start, end in snippet.spans:
        content = content.stylize(style, start, end)
    return content
