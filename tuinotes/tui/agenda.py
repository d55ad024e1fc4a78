"""The agenda pane: the open meeting's header, its agenda as Markdown, its links and the
meetings like it."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

from markdown_it import MarkdownIt
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.content import Content
from textual.message import Message
from textual.widgets import Markdown, OptionList, Static
from textual.widgets.markdown import MarkdownBlock
from textual.widgets.option_list import Option

from tuinotes.model.meeting import Item, Link, Meeting
from tuinotes.model.record import NoteRecord, day_text
from tuinotes.model.text import fold
from tuinotes.notes.markdown import AllLinksMarkdownIt
from tuinotes.tui.lists import VimOptionList

# Link syntax, code spans and URLs are never touched when highlighting matches.
_PROTECTED = re.compile(r"\[[^\]]*\]\([^)]*\)|<[^>\s]+>|`[^`]*`|\bhttps?://\S+|\bwww\.\S+")
Spans = Callable[[str], list[tuple[int, int]]]


def reader_parser() -> MarkdownIt:
    """Textual's own Markdown flavour, with every link clickable (`AllLinksMarkdownIt`)."""
    return AllLinksMarkdownIt("gfm-like")


def no_spans(_text: str) -> list[tuple[int, int]]:
    return []


def literal_spans(words: str, text: str) -> list[tuple[int, int]]:
    """Where `words` occur in `text`, ignoring case (find in meeting)."""
    if not words:
        return []
    return [m.span() for m in re.finditer(re.escape(words), text, re.IGNORECASE)]


class LinkList(VimOptionList):
    """The meeting's links, walkable with the keyboard."""

    DEFAULT_CSS = """
    LinkList {
        height: auto;
        max-height: 12;
        border: none;
    }
    """


class RelatedList(VimOptionList):
    """Meetings like the open one; Enter opens one."""

    DEFAULT_CSS = """
    RelatedList {
        height: auto;
        max-height: 8;
        border: none;
    }
    """


class AgendaPane(VerticalScroll):
    """Shows one meeting. Posts `LinkActivated` for a clicked or entered link and
    `MeetingRequested` for a related meeting. j/k/g/G scroll, as in a pager."""

    BINDINGS = [
        Binding("j", "scroll_down", "Down", show=False, id="reader.down"),
        Binding("k", "scroll_up", "Up", show=False, id="reader.up"),
        Binding("g", "scroll_home", "Top", show=False, id="reader.top"),
        Binding("G", "scroll_end", "End", show=False, id="reader.end"),
    ]
    DEFAULT_CSS = """
    AgendaPane {
        width: 1fr;
        border: round $primary 50%;
        padding: 0 1;
    }
    AgendaPane:focus-within {
        border: round $accent;
    }
    AgendaPane > #agenda-header {
        padding: 0 0 1 0;
    }
    AgendaPane > #agenda-body {
        height: auto;
        margin: 0;
        padding: 0;
    }
    AgendaPane MarkdownBlock.-target {
        background: $accent 25%;
    }
    AgendaPane > .pane-title {
        margin: 1 0 0 0;
        text-style: bold;
        color: $text-accent;
    }
    """

    @dataclass
    class LinkActivated(Message):
        url: str
        path: str | None  # the meeting the link is in, for relative links

    @dataclass
    class MeetingRequested(Message):
        path: str  # relative to the notes folder

    def __init__(self, **kwargs: object) -> None:
        super().__init__(**kwargs)  # type: ignore[arg-type]
        self.match = -1  # the match last stepped to (n / N)
        self.meeting: Meeting | None = None
        self.path: str | None = None
        self.marked_query = ""  # the query whose matches are marked (not `query`: a DOM method)
        self.note_lines: dict[int, int] = {}  # note line → Markdown line (`agenda_source`)

    def compose(self) -> ComposeResult:
        yield Static(Content("Pick a meeting on the left."), id="agenda-header", markup=False)
        yield Markdown(id="agenda-body", open_links=False, parser_factory=reader_parser)
        yield Static(Content("Links"), id="links-title", classes="pane-title", markup=False)
        yield LinkList(id="links")
        yield Static(
            Content("Related meetings"), id="related-title", classes="pane-title", markup=False
        )
        yield RelatedList(id="related")

    async def show(
        self,
        path: str,
        meeting: Meeting,
        source: str,
        query: str = "",
        note_lines: dict[int, int] | None = None,
        at_line: int = 0,
        changes: str = "",
    ) -> None:
        """Show a meeting whose agenda Markdown (`agenda_source`) is already made: at the
        item on note line `at_line` if given, else at its first match of `query` when it is
        new here or the query changed."""
        same = self.path == path and self.marked_query == query
        self.meeting, self.path, self.marked_query = meeting, path, query
        self.note_lines = note_lines or {}
        shown = path.split("#")[0] or meeting.path.name
        self.query_one("#agenda-header", Static).update(header(meeting, shown, changes))
        await self.query_one("#agenda-body", Markdown).update(source)
        links = self.query_one("#links", LinkList)
        links.set_options(Option(link_prompt(link), id=link.url) for link in meeting.links)
        links.highlighted = None
        self.query_one("#links-title", Static).update(
            Content(f"Links ({len(meeting.links)}) — Enter opens, o opens, y copies")
        )
        self.match = -1
        if at_line:
            self.call_after_refresh(self.scroll_to_note_line, at_line)
        elif not same:
            self.scroll_home(animate=False)
            if self.matches():
                self.call_after_refresh(self.step_match, 1)  # open at the first match

    def scroll_to_note_line(self, note_line: int) -> bool:
        """Bring the heading or item written at `note_line` of the note (or the last one
        before it) into view, marked; False if the agenda shows nothing from there."""
        before = [line for line in self.note_lines if line <= note_line]
        if not before:
            return False
        wanted = self.note_lines[max(before)]
        body = self.query_one("#agenda-body", Markdown)
        holding = [
            block
            for block in body.query(MarkdownBlock)
            if block.source_range[0] <= wanted < block.source_range[1]
        ]
        if not holding:
            return False
        target = min(holding, key=lambda b: b.source_range[1] - b.source_range[0])
        for block in body.query(".-target"):
            block.remove_class("-target")
        target.add_class("-target")
        self.scroll_to_widget(target, top=True, animate=False)
        return True

    def matches(self) -> list[MarkdownBlock]:
        """The blocks of the shown meeting that hold a match, in note order."""
        body = self.query_one("#agenda-body", Markdown)
        found = {
            block.source_range[0]: block
            for block in body.query(MarkdownBlock)
            if block._inline_token is not None and MATCH in (block.source or "")
        }
        return [found[line] for line in sorted(found)]

    def step_match(self, step: int) -> str:
        """Scroll the next (`step` 1) or previous (-1) match into view and say where it
        is ('match 2 of 5', 'wrapped to the first match'); '' when there is none."""
        matches = self.matches()
        if not matches:
            return ""
        total, before = len(matches), self.match
        self.match = (before + step) % total
        self.scroll_to_widget(matches[self.match], top=True, animate=False)
        where = f"match {self.match + 1} of {total}"
        if (times := (matches[self.match].source or "").count(MATCH) // 2) > 1:  # ***w***
            where += f" ({times} times in this item)"  # an item and its discussion: one block
        elif total == 1:
            return f"{where}: the only one"
        if before >= 0 and step > 0 and self.match < before:
            return f"{where}: wrapped to the first match"
        if before >= 0 and step < 0 and self.match > before:
            return f"{where}: wrapped to the last match"
        return where

    @property
    def current_link(self) -> str | None:
        links = self.query_one("#links", LinkList)
        if links.highlighted is None or not links.option_count:
            return None
        return links.get_option_at_index(links.highlighted).id

    @on(Markdown.LinkClicked)
    def _link_clicked(self, event: Markdown.LinkClicked) -> None:
        event.stop()
        self.post_message(self.LinkActivated(event.href, self.path))

    def show_related(self, records: list[NoteRecord]) -> None:
        related = self.query_one("#related", RelatedList)
        related.set_options(
            Option(
                Content.assemble((day_text(r.date), "$text-muted"), "  ", r.title),
                id=r.path,
            )
            for r in records
        )
        related.highlighted = None
        self.query_one("#related-title", Static).update(
            Content(f"Related meetings ({len(records)}) — Enter opens")
        )

    @on(OptionList.OptionSelected)
    def _selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        if not event.option.id:
            return
        if event.option_list.id == "related":
            self.post_message(self.MeetingRequested(event.option.id))
        else:
            self.post_message(self.LinkActivated(event.option.id, self.path))


def header(meeting: Meeting, path: str, changes: str = "") -> Content:
    """Title, date and the note's path in the folder (folders of `Meeting 64.md` tell them
    apart), what changed since the series' last meeting, tags and attendees, as styled
    plain text."""
    lines = [
        Content.assemble((meeting.title, "bold $text-accent")),
        Content.assemble((day_text(meeting.date).strip(), "bold"), "   ", (path, "$text-muted")),
    ]
    if changes:
        lines.append(Content(changes + "  (T: topics across meetings)").stylize("italic"))
    if meeting.tags:
        lines.append(Content("tags: " + ", ".join(meeting.tags)).stylize("dim"))
    people = []
    for person in meeting.attendees:
        extra = ", ".join(filter(None, (person.initials, person.affiliation)))
        people.append(person.label + (f" ({extra})" if extra else ""))
    count = meeting.attendee_count
    if people:
        noun = "attendee" if count == 1 else "attendees"
        lines.append(Content.assemble((f"{count} {noun}: ", "bold"), "; ".join(people)))
    if meeting.absent:
        lines.append(
            Content.assemble(("absent: ", "bold"), "; ".join(a.label for a in meeting.absent))
        )
    for problem in meeting.problems:
        lines.append(Content(f"⚠ {problem}").stylize("$text-warning"))
    return Content("\n").join(lines)


def agenda_markdown(meeting: Meeting, spans: Spans = no_spans) -> str:
    """The agenda sections as Markdown (see `agenda_source`)."""
    return agenda_source(meeting, spans)[0]


def agenda_source(meeting: Meeting, spans: Spans = no_spans) -> tuple[str, dict[int, int]]:
    """The agenda sections as Markdown: task state as ☑/☐, speakers with their names, and
    the words `spans` finds marked; with, for each heading and item, its line in the note
    (1-based) → its line in this Markdown (0-based), to open the meeting at a note line."""
    out: list[str] = []
    lines: dict[int, int] = {}
    left_out = 0

    def add(note_line: int, markdown: str) -> None:
        if note_line:
            lines.setdefault(note_line, len(out))
        out.append(markdown)

    def add_item(item: Item, depth: int) -> bool:
        """An agenda item and its discussion as one paragraph, a line each (a Markdown
        list would make five widgets a line, and every layout walks them all); False,
        and its lines counted as left out, when the agenda is full."""
        nonlocal left_out
        if len(out) >= AGENDA_LINES:
            left_out += _lines_of(item)
            return False
        add(item.line, _item_line(item, depth, spans) + HARD_BREAK)
        for child in item.children:
            add_item(child, depth + 1)
        return True

    for section in meeting.sections:
        if section.kind == "attendees":
            continue
        paragraphs = section.paragraphs if section.kind == "agenda" else []
        if len(out) >= AGENDA_LINES:  # a heading, a paragraph, an item: a line each
            left_out += bool(section.title) + len(paragraphs)
            left_out += sum(map(_lines_of, section.items))
            continue
        if section.title:
            number = f"{section.number} " if section.number else ""
            add(section.line, f"## {number}{highlight(section.title, spans)}")
            out.append("")
        for paragraph in paragraphs:
            out.extend([highlight(paragraph, spans), ""])
        for item in section.items:
            if add_item(item, 0):
                out[-1] = out[-1].removesuffix(HARD_BREAK)
                out.append("")
        out.append("")
    if not out:
        return "*This note has no agenda sections.*", {}
    if left_out:
        out.append(f"*{left_out:,} more lines not shown: e opens the whole note in your editor.*")
    return "\n".join(out), lines


def _lines_of(item: Item) -> int:
    """The lines an item takes in the agenda: its own and its discussion's."""
    return sum(1 for _ in item.walk())


def _item_line(item: Item, depth: int, spans: Spans) -> str:
    box = {"done": "☑ ", "open": "☐ ", "plain": ""}[item.state]
    who = ""
    if item.speaker:
        name = f" ({item.speaker_name})" if item.speaker_name else " (?)"
        if fold(item.speaker_name).casefold() == fold(item.speaker).casefold():
            name = ""  # "Hudson Jameson: …" says who already
        who = f"**{item.speaker}**{name}: "
    text = highlight(" ".join((item.markdown or item.text).split()), spans)
    mark = "•" if depth == 0 else f"{INDENT * depth}▪"
    return f"{mark} {box}{who}{text}"


AGENDA_LINES = 1_500  # shown of one meeting: a note of 30,000 bullets would stall the app
HARD_BREAK = "  "  # a line break inside a Markdown paragraph (a "\\" would join a bare URL)
INDENT = "\u2800" * 3  # blank, and not whitespace: kept at a line's start, where spaces go


MATCH = "***"  # matches are bold italic: apart from bold speakers and emphasis


def highlight(markdown: str, spans: Spans) -> str:
    """Mark the matched words (`MATCH`), outside links, URLs and code."""
    found = spans(markdown)
    if not found:
        return markdown
    protected = [m.span() for m in _PROTECTED.finditer(markdown)]
    for start, end in reversed(found):
        if any(p0 <= start < p1 for p0, p1 in protected):
            continue
        markdown = f"{markdown[:start]}{MATCH}{markdown[start:end]}{MATCH}{markdown[end:]}"
    return markdown


def link_prompt(link: Link) -> Content:
    if link.text and link.text != link.url:
        return Content.assemble((link.text, "bold"), "  ", (link.url, "$text-muted"))
    return Content(link.url)
