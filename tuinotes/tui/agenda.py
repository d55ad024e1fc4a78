"""The agenda pane: the open meeting's header, its agenda as Markdown, and its links."""

from __future__ import annotations

import re
from pathlib import Path

from textual.app import ComposeResult
from textual.containers import VerticalScroll
from textual.content import Content
from textual.message import Message
from textual.widgets import Markdown, OptionList, Static
from textual.widgets.option_list import Option

from tuinotes.core.documents import NoteRecord
from tuinotes.core.model import Item, Link, Meeting
from tuinotes.core.query import term_spans
from tuinotes.tui.lists import VimOptionList
from tuinotes.tui.meeting_list import day_text

# Link syntax, code spans and URLs are never touched when highlighting matches.
_PROTECTED = re.compile(r"\[[^\]]*\]\([^)]*\)|<[^>\s]+>|`[^`]*`|\bhttps?://\S+|\bwww\.\S+")
_SPEAKER = re.compile(r"^\s*(?:\(([^)]{1,40})\)|@?([\w.\-]{1,40}?)\s*:)\s*")


class LinkList(VimOptionList):
    """The meeting's links, walkable with the keyboard."""


class RelatedList(VimOptionList):
    """Meetings like the open one; Enter opens one."""


class AgendaPane(VerticalScroll):
    """Shows one meeting. Posts `LinkActivated` for a clicked, entered or `o`-pressed link."""

    class LinkActivated(Message):
        def __init__(self, url: str, base: Path | None) -> None:
            super().__init__()
            self.url = url
            self.base = base  # the note the link is in, for relative links

    class MeetingRequested(Message):
        def __init__(self, path: str) -> None:
            super().__init__()
            self.path = path  # relative to the notes folder

    def __init__(self, **kwargs) -> None:
        super().__init__(**kwargs)
        self.meeting: Meeting | None = None

    def compose(self) -> ComposeResult:
        yield Static(Content("Pick a meeting on the left."), id="agenda-header", markup=False)
        yield Markdown(id="agenda-body", open_links=False)
        yield Static(Content("Links"), id="links-title", markup=False)
        yield LinkList(id="links")
        yield Static(Content("Related meetings"), id="related-title", markup=False)
        yield RelatedList(id="related")

    async def show(self, meeting: Meeting, terms: frozenset[str] = frozenset()) -> None:
        self.meeting = meeting
        self.query_one("#agenda-header", Static).update(header(meeting))
        await self.query_one("#agenda-body", Markdown).update(agenda_markdown(meeting, terms))
        links = self.query_one("#links", LinkList)
        links.set_options(Option(link_prompt(link), id=link.url) for link in meeting.links)
        links.highlighted = 0 if meeting.links else None
        self.query_one("#links-title", Static).update(
            Content(f"Links ({len(meeting.links)}) — Enter or o opens, y copies")
        )
        self.scroll_home(animate=False)

    @property
    def current_link(self) -> str | None:
        links = self.query_one("#links", LinkList)
        if links.highlighted is None or not links.option_count:
            return None
        return links.get_option_at_index(links.highlighted).id

    def on_markdown_link_clicked(self, event: Markdown.LinkClicked) -> None:
        event.stop()
        self.post_message(self.LinkActivated(event.href, self._base()))

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

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        if not event.option.id:
            return
        if event.option_list.id == "related":
            self.post_message(self.MeetingRequested(event.option.id))
        else:
            self.post_message(self.LinkActivated(event.option.id, self._base()))

    def _base(self) -> Path | None:
        return self.meeting.path if self.meeting else None


def header(meeting: Meeting) -> Content:
    """Title, date, tags and attendees, as styled plain text."""
    when = meeting.date.isoformat() if meeting.date else "undated"
    lines = [
        Content.assemble((meeting.title, "bold $text-accent")),
        Content.assemble((when, "bold"), "   ", (str(meeting.path.name), "$text-muted")),
    ]
    if meeting.tags:
        lines.append(Content("tags: " + ", ".join(meeting.tags)).stylize("dim"))
    people = []
    for person in meeting.attendees:
        extra = ", ".join(filter(None, (person.initials, person.affiliation)))
        people.append(person.label + (f" ({extra})" if extra else ""))
    count = meeting.attendee_count
    if people:
        lines.append(Content.assemble((f"{count} attendees: ", "bold"), "; ".join(people)))
    for problem in meeting.problems:
        lines.append(Content(f"⚠ {problem}").stylize("$text-warning"))
    return Content("\n").join(lines)


def agenda_markdown(meeting: Meeting, terms: frozenset[str] = frozenset()) -> str:
    """The agenda sections as Markdown: task state as ☑/☐, speakers with their names."""
    out: list[str] = []
    for section in meeting.sections:
        if section.kind == "attendees":
            continue
        if section.title:
            out.append(f"## {highlight(section.title, terms)}\n")
        for paragraph in section.paragraphs if section.kind == "agenda" else ():
            out.append(highlight(paragraph, terms) + "\n")
        for item in section.items:
            out.extend(_item_lines(item, 0, terms))
        out.append("")
    if not out:
        return "*This note has no agenda sections.*"
    return "\n".join(out)


def _item_lines(item: Item, depth: int, terms: frozenset[str]) -> list[str]:
    box = {"done": "☑ ", "open": "☐ ", "plain": ""}[item.state]
    source = item.markdown or item.text
    who = ""
    if item.speaker:
        match = _SPEAKER.match(source)
        if match:
            source = source[match.end() :]
        name = f" ({item.speaker_name})" if item.speaker_name else " (?)"
        who = f"**{item.speaker}**{name}: "
    text = highlight(" ".join(source.split()), terms)
    lines = [f"{'    ' * depth}- {box}{who}{text}"]
    for child in item.children:
        lines.extend(_item_lines(child, depth + 1, terms))
    return lines


def highlight(markdown: str, terms: frozenset[str]) -> str:
    """Embolden words matching the query, outside links, URLs and code."""
    if not terms:
        return markdown
    protected = [m.span() for m in _PROTECTED.finditer(markdown)]
    spans = [
        (a, b)
        for a, b in term_spans(markdown, terms)
        if not any(p0 <= a < p1 for p0, p1 in protected)
    ]
    for start, end in reversed(spans):
        markdown = f"{markdown[:start]}**{markdown[start:end]}**{markdown[end:]}"
    return markdown


def link_prompt(link: Link) -> Content:
    if link.text and link.text != link.url:
        return Content.assemble((link.text, "bold"), "  ", (link.url, "$text-muted"))
    return Content(link.url)
