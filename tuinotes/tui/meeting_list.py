"""The meeting list: date, title, attendee count, and the best snippet (or the first agenda
topics) under each. It fetches its own results in a worker, page by page as the cursor
reaches the end, and drops a result that a newer search has overtaken."""

from __future__ import annotations

from dataclasses import dataclass

from textual import on, work
from textual.content import Content
from textual.message import Message
from textual.widgets import OptionList
from textual.widgets.option_list import Option
from textual.worker import Worker

from tuinotes.library.library import Library, Sort
from tuinotes.library.results import Filters, Hit, SearchResult
from tuinotes.model.record import day_text
from tuinotes.model.text import plural
from tuinotes.search.snippets import Snippet
from tuinotes.tui.failures import report_failure
from tuinotes.tui.lists import VimOptionList
from tuinotes.tui.messages import SearchDone

TOPICS_WIDTH = 100  # characters of agenda topics under a meeting with no snippet
RESULT_LIMIT = 50  # ranked hits a page, each with a snippet
LIST_LIMIT = 500  # meetings a page when there is no query (newest first)


@dataclass(frozen=True)
class Request:
    """What the list shows: a query's hits (the newest meetings for no query) among the
    meetings the filters let through, in this order."""

    library: Library
    query: str
    filters: Filters
    sort: Sort


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

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.result: SearchResult | None = None
        self.serial = 0  # the latest fetch asked for; older results are dropped
        self.pages = 1  # pages shown (one more each time the cursor reaches the end)
        self._request: Request | None = None

    def fetch(self, request: Request, pages: int = 1) -> None:
        """List the request's first `pages` pages, when they come."""
        self.pages = pages
        self.serial += 1
        self._request = request
        self._fetch(request, pages, self.serial)

    @work(thread=True, exclusive=True, group="search", exit_on_error=False)
    def _fetch(self, request: Request, pages: int, serial: int) -> None:
        library, query, filters = request.library, request.query, request.filters
        if query.strip():  # the "did you mean" comes apart: it is slow
            limit = RESULT_LIMIT * pages
            result = library.search(query, filters, request.sort, limit=limit, suggest=False)
        else:
            result = library.meetings(filters, limit=LIST_LIMIT * pages)
        # to the screen, which shows it here (`show_result`) and words the status with it in
        # one turn of its message loop; through the list, each container was a turn more
        self.screen.post_message(SearchDone(result, serial))

    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        report_failure(self, event)

    def show_result(self, result: SearchResult, serial: int) -> bool:
        """Show a fetched result, unless a newer fetch has overtaken it (then False: don't
        flash stale results); the cursor stays put on a refresh of the same query."""
        if serial != self.serial:
            return False
        previous, self.result = self.result, result
        same_query = previous is not None and previous.query == result.query
        self.show_hits(result.hits, keep_cursor=same_query)
        return True

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

    def move(self, how: str) -> None:
        """Move the cursor as the search box asks ('cursor_down', 'page_up', …)."""
        moves = {
            "cursor_down": self.action_cursor_down,
            "cursor_up": self.action_cursor_up,
            "page_down": self.action_page_down,
            "page_up": self.action_page_up,
        }
        if self.option_count and how in moves:
            moves[how]()

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
        result, request = self.result, self._request
        at_end = self.highlighted == self.option_count - 1
        if at_end and result and request and result.total > len(result.hits):
            self.fetch(request, self.pages + 1)  # the cursor reached the last row: a page more

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
