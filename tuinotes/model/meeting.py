"""The parsed shape of one meeting note."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import asdict, dataclass, field
from datetime import date
from pathlib import Path
from typing import Any, Literal

ItemState = Literal["done", "open", "plain"]
SectionKind = Literal["agenda", "attendees", "previous"]


@dataclass(slots=True)
class Link:
    """A link found in note text: its target and the text shown for it."""

    url: str
    text: str


@dataclass(slots=True)
class Attendee:
    """One row of a meeting's attendee table (or list)."""

    name: str
    initials: str = ""
    affiliation: str = ""
    handle: str = ""

    @property
    def label(self) -> str:
        """The best short way to show this person."""
        return self.name or (f"@{self.handle}" if self.handle else self.initials)


@dataclass(slots=True)
class Item:
    """A bullet of an agenda section, with its nested discussion as children."""

    text: str
    state: ItemState = "plain"
    speaker: str = ""  # initials as written, e.g. "AB"
    speaker_name: str = ""  # resolved through the meeting's attendee table, "" if unknown
    links: list[Link] = field(default_factory=list)
    children: list[Item] = field(default_factory=list)
    line: int = 0  # 1-based line in the file
    markdown: str = ""  # the item's own Markdown source (task box removed), for rendering
    turn: bool = False  # a line of a transcript paragraph ("AB: …"), not a bullet

    def walk(self) -> Iterator[Item]:
        """Yield this item and every nested item, depth first."""
        stack: list[Item] = [self]
        while stack:
            item = stack.pop()
            yield item
            stack.extend(reversed(item.children))


@dataclass(slots=True)
class Section:
    """A heading and what stands under it up to the next heading."""

    title: str  # without an outline number: "Action items" of "## 3. Action items"
    level: int
    items: list[Item] = field(default_factory=list)
    paragraphs: list[str] = field(default_factory=list)
    line: int = 0
    kind: SectionKind = "agenda"
    topic: Item | None = None  # the section's heading as an agenda topic (notes without tasks)
    number: str = ""  # the outline number the heading was written with: "3."
    rule: int = 0  # the line of the first thematic break ('-----') under the heading, or 0

    def walk_items(self) -> Iterator[Item]:
        if self.topic is not None:
            yield self.topic
        for item in self.items:
            yield from item.walk()


@dataclass(slots=True)
class PreviousMeeting:
    """An entry of the "Previous meetings" list."""

    url: str
    text: str
    date: date | None = None


@dataclass(slots=True)
class Meeting:
    """Everything tuinotes knows about one note file."""

    path: Path
    title: str
    date: date | None
    series_name: str = ""  # the recurring meeting it belongs to, as the parser read it
    frontmatter: dict[str, Any] = field(default_factory=dict)
    tags: list[str] = field(default_factory=list)
    attendees: list[Attendee] = field(default_factory=list)
    absent: list[Attendee] = field(default_factory=list)  # listed as absent or sending regrets
    stated_attendee_count: int | None = None  # from "N people in total"
    sections: list[Section] = field(default_factory=list)
    previous_meetings: list[PreviousMeeting] = field(default_factory=list)
    links: list[Link] = field(default_factory=list)
    text: str = ""  # plain text outside list items: title, paragraphs, tables, attendees
    problems: list[str] = field(default_factory=list)  # what was odd, one line each
    anchor: str = ""  # which meeting of a file that holds several ("2022-03-01"), else ""
    provenance: list[str] = field(default_factory=list)  # which block gave each field, and why

    @property
    def attendee_count(self) -> int:
        return max(len(self.attendees), self.stated_attendee_count or 0)

    @property
    def series(self) -> str:
        """The meeting's series: frontmatter `series`, else what the parser read (the title
        without its number and boilerplate, or the path's name for it), else the title."""
        explicit = self.frontmatter.get("series")
        return str(explicit) if explicit else (self.series_name or self.title)

    def items(self) -> Iterator[Item]:
        """Every agenda item, nested ones included (not the attendee or previous-meeting lists)."""
        for section in self.sections:
            if section.kind == "agenda":
                yield from section.walk_items()

    def to_dict(self) -> dict[str, Any]:
        """A JSON-ready view: snake_case keys, ISO dates, paths as strings."""
        data = asdict(self)
        data["path"] = str(self.path)
        data["date"] = self.date.isoformat() if self.date else None
        data["attendee_count"] = self.attendee_count
        data["series"] = self.series
        data["frontmatter"] = _jsonable(self.frontmatter)
        for prev in data["previous_meetings"]:
            prev["date"] = prev["date"].isoformat() if prev["date"] else None
        return data


def _jsonable(value: Any) -> Any:
    """Frontmatter may hold dates and other YAML types: make it JSON-safe."""
    if isinstance(value, dict):
        return {str(k): _jsonable(v) for k, v in value.items()}
    if isinstance(value, list | tuple | set):
        return [_jsonable(v) for v in value]
    if isinstance(value, str | int | float | bool) or value is None:
        return value
    if isinstance(value, date):
        return value.isoformat()
    return str(value)
