"""Parse one meeting note (Markdown with optional YAML frontmatter) into a `Meeting`.

Structure comes from markdown-it-py's token stream; regular expressions are used only
on the plain text of a single heading, cell or bullet (dates, initials, handles).
Parsing never raises on odd content: what is there is kept, what is odd is listed in
`Meeting.problems`. Only an unreadable file raises (`UnreadableNote`).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from functools import cache
from pathlib import Path
from typing import Any

import yaml
from frontmatter.default_handlers import YAMLHandler
from markdown_it import MarkdownIt
from markdown_it.token import Token

from tuinotes.core import attendees as attendee_parsing
from tuinotes.core.dates import date_in_text, date_of_value, find_date_prefix
from tuinotes.core.model import (
    Attendee,
    Item,
    Link,
    Meeting,
    PreviousMeeting,
    Section,
    SectionKind,
)
from tuinotes.core.text import MAX_NOTE_BYTES, UnreadableNote, decode_note, neutralise

ATTENDEE_HEADING = re.compile(
    r"attend|participant|present|people|roll ?call|who'?s here|members", re.IGNORECASE
)
ATTENDEE_LINE = re.compile(r"^\s*(?:attendees|participants|present)\s*:\s*(.+)", re.I | re.S)
PREVIOUS_HEADING = re.compile(r"previous|past meetings|earlier meetings", re.IGNORECASE)
PEOPLE_TOTAL = re.compile(
    r"\b(\d{1,5})\s+(?:people|persons|attendees|participants)\b(?:\s+in\s+total)?", re.I
)
FILE_DATE_PREFIX = re.compile(r"^\d{4}-?\d{2}-?\d{2}[\s_\-]*")
TASK_BOX = re.compile(r"^\[([ xX])\]\s*")
SPEAKER_COLON = re.compile(r"^\s*@?([A-Za-zÀ-ÿ][\w.\-]{0,38}?)\s*:\s+")
SPEAKER_PAREN = re.compile(r"^\s*\(([A-Za-zÀ-ÿ][\w.\-]{0,38})\)\s*")
NOT_SPEAKERS = frozenset({"todo", "fyi", "tbd", "wip", "note", "nb", "ps", "re", "ai", "q", "a"})
MAX_LIST_DEPTH = 50
MAX_NESTING = MAX_LIST_DEPTH * 3  # markdown-it stops reading blocks nested deeper than this
_YAML = YAMLHandler()


@cache
def markdown() -> MarkdownIt:
    """The shared parser: CommonMark plus tables, strikethrough and bare-URL linkify."""
    md = MarkdownIt("commonmark", {"linkify": True, "html": True})
    md.enable(["table", "linkify", "strikethrough"])
    md.options["maxNesting"] = MAX_NESTING
    return md


def parse_note(path: Path) -> Meeting:
    """Read and parse a note file. Raises `UnreadableNote` when it cannot be read."""
    try:
        with path.open("rb") as handle:
            data = handle.read(MAX_NOTE_BYTES + 1)  # decode_note says when there was more
    except FileNotFoundError as error:
        raise UnreadableNote("file not found (deleted or moved?)") from error
    except IsADirectoryError as error:
        raise UnreadableNote("is a directory") from error
    except OSError as error:
        raise UnreadableNote(error.strerror or str(error)) from error
    text, problems = decode_note(data)
    meeting = parse_text(text, path)
    meeting.problems[:0] = problems
    return meeting


def parse_text(text: str, path: Path) -> Meeting:
    """Parse note text (already decoded). Never raises on content."""
    text = neutralise(text)
    metadata, body, body_line, problems = split_frontmatter(text)
    builder = _Builder(body_line)
    tokens = markdown().parse(body)
    if any(token.level >= MAX_NESTING - 2 for token in tokens):
        problems.append(
            f"nested more than {MAX_NESTING // 2} levels deep: the deepest lines were not read"
        )
    builder.run(tokens)
    return builder.meeting(path, metadata, problems)


def split_frontmatter(text: str) -> tuple[dict[str, Any], str, int, list[str]]:
    """Split YAML frontmatter from the body: (metadata, body, body's first line, problems)."""
    if not text.startswith("---"):
        return {}, text, 0, []
    lines = text.split("\n")
    if lines[0].strip() != "---":
        return {}, text, 0, []
    try:
        end = next(i for i in range(1, len(lines)) if lines[i].strip() in ("---", "..."))
    except StopIteration:
        return {}, text, 0, ["frontmatter: opening '---' has no closing '---'; read as Markdown"]
    body = "\n".join(lines[end + 1 :])
    try:
        metadata = _YAML.load("\n".join(lines[1:end]))
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        where = f" at line {mark.line + 1}" if mark is not None else ""
        reason = getattr(error, "problem", None) or type(error).__name__
        return {}, body, end + 1, [f"frontmatter: invalid YAML{where} ({reason}); ignored"]
    except Exception as error:  # frontmatter may hold any YAML: don't let it stop us
        return {}, body, end + 1, [f"frontmatter: could not be read ({error}); ignored"]
    if metadata is None:
        return {}, body, end + 1, []
    if not isinstance(metadata, dict):
        kind = type(metadata).__name__
        return {}, body, end + 1, [f"frontmatter: expected key: value pairs, found a {kind}"]
    return metadata, body, end + 1, []


def inline_text(token: Token) -> tuple[str, list[Link]]:
    """Plain text and links of an inline token (link text kept, markup dropped)."""
    parts: list[str] = []
    links: list[Link] = []
    href: str | None = None
    link_start = 0
    for child in token.children or ():
        kind = child.type
        if kind in ("text", "code_inline"):
            parts.append(child.content)
        elif kind in ("softbreak", "hardbreak"):
            parts.append(" ")
        elif kind == "image":
            parts.append(child.content)
        elif kind == "link_open":
            href = str(child.attrs.get("href", ""))
            link_start = len(parts)
        elif kind == "link_close" and href is not None:
            label = "".join(parts[link_start:]).strip()
            links.append(Link(url=href, text=label or href))
            href = None
    return "".join(parts).strip(), links


class _Builder:
    """Walks the token stream once, filling sections, items, attendees and links."""

    def __init__(self, line_offset: int) -> None:
        self.line_offset = line_offset
        self.h1: str | None = None
        self.first_heading: str | None = None
        self.sections: list[Section] = []
        self.tables: dict[int, list[list[list[str]]]] = {}  # section index -> tables
        self.lines: list[str] = []
        self.links: list[Link] = []
        self.problems: list[str] = []
        self.stated_count: int | None = None

    # -- walking -------------------------------------------------------------------------

    def section(self) -> Section:
        if not self.sections:
            self.sections.append(Section(title="", level=0, line=1))
        return self.sections[-1]

    def line_of(self, token: Token) -> int:
        return (token.map[0] + 1 + self.line_offset) if token.map else 0

    def run(self, tokens: Sequence[Token]) -> None:
        i = 0
        while i < len(tokens):
            token = tokens[i]
            kind = token.type
            if kind == "heading_open":
                self.heading(token, tokens[i + 1])
                i += 3
            elif kind in ("bullet_list_open", "ordered_list_open"):
                items, i = self.list_items(tokens, i + 1, depth=1)
                self.section().items.extend(items)
            elif kind == "table_open":
                i = self.table(tokens, i + 1)
            elif kind == "inline":
                text, links = inline_text(token)
                self.add_text(text, links)
                if text:
                    self.section().paragraphs.append(text)
                i += 1
            elif kind in ("fence", "code_block"):
                if token.content.strip():
                    self.section().paragraphs.append(token.content.rstrip("\n"))
                    self.lines.append(token.content)
                i += 1
            else:
                i += 1

    def add_text(self, text: str, links: list[Link]) -> None:
        if text:
            self.lines.append(text)
        self.links.extend(links)
        if self.stated_count is None and (match := PEOPLE_TOTAL.search(text)):
            self.stated_count = int(match.group(1))

    def heading(self, open_token: Token, inline: Token) -> None:
        text, links = inline_text(inline)
        self.add_text(text, links)
        level = int(open_token.tag[1:]) if open_token.tag[1:].isdigit() else 1
        first = self.first_heading is None
        if first:
            self.first_heading = text
        if self.h1 is None and (level == 1 or (first and find_date_prefix(text)[0])):
            self.h1 = text  # the title heading: the first H1, or a dated first heading
            return
        kind: SectionKind = "agenda"
        if ATTENDEE_HEADING.search(text):
            kind = "attendees"
        elif PREVIOUS_HEADING.search(text):
            kind = "previous"
        self.sections.append(
            Section(title=text, level=level, line=self.line_of(open_token), kind=kind)
        )

    def list_items(self, tokens: Sequence[Token], i: int, depth: int) -> tuple[list[Item], int]:
        """Read list items from just after a list_open to just after its list_close."""
        items: list[Item] = []
        current: Item | None = None
        while i < len(tokens):
            token = tokens[i]
            kind = token.type
            if kind in ("bullet_list_close", "ordered_list_close"):
                return items, i + 1
            if kind == "list_item_open":
                current = Item(text="", line=self.line_of(token))
                items.append(current)
                i += 1
            elif kind in ("bullet_list_open", "ordered_list_open"):
                children, i = self.list_items(tokens, i + 1, depth + 1)
                if current is None:
                    current = Item(text="", line=self.line_of(token))
                    items.append(current)
                if depth < MAX_LIST_DEPTH:
                    current.children.extend(children)
                else:  # flatten absurd nesting rather than recurse further
                    items.extend(children)
            elif kind == "inline":
                text, links = inline_text(token)
                self.add_text(TASK_BOX.sub("", text, count=1), links)
                if current is None:
                    current = Item(text="", line=self.line_of(token))
                    items.append(current)
                source = token.content
                if current.text:
                    current.text = f"{current.text} {text}"
                    current.markdown = f"{current.markdown}\n\n{source}"
                elif box := TASK_BOX.match(text):
                    current.state = "done" if box.group(1) in "xX" else "open"
                    current.text = text[box.end() :]
                    current.markdown = TASK_BOX.sub("", source, count=1)
                else:
                    current.text, current.markdown = text, source
                current.links.extend(links)
                i += 1
            elif kind in ("fence", "code_block") and current is not None:
                current.text = f"{current.text}\n{token.content.rstrip()}".strip()
                self.lines.append(token.content)
                i += 1
            else:
                i += 1
        return items, i

    def table(self, tokens: Sequence[Token], i: int) -> int:
        """Read a table's rows of cell text, from just after table_open to after table_close."""
        rows: list[list[str]] = []
        row: list[str] | None = None
        while i < len(tokens):
            token = tokens[i]
            if token.type == "table_close":
                i += 1
                break
            if token.type == "tr_open":
                row = []
                rows.append(row)
            elif token.type == "inline" and row is not None:
                text, links = inline_text(token)
                self.add_text(text, links)
                row.append(_cell_value(text, links))
            i += 1
        self.tables.setdefault(len(self.sections) - 1, []).append(rows)
        if self.sections:
            self.sections[-1].paragraphs.extend(" | ".join(r) for r in rows if any(r))
        return i

    # -- assembling ----------------------------------------------------------------------

    def meeting(self, path: Path, metadata: dict[str, Any], problems: list[str]) -> Meeting:
        attendees = self.attendees()
        previous = self.previous_meetings()
        resolve_speakers(self.sections, attendees)
        heading_date, heading_title = find_date_prefix(self.h1 or self.first_heading or "")
        meeting_date = (
            heading_date
            or date_of_value(metadata.get("date"))
            or date_in_text(path.name, compact=True)
        )
        title = _title(metadata, self.h1, heading_title if heading_date else None, path)
        lines = [title, *self.lines]
        lines.extend(a.name for a in attendees if a.name)
        return Meeting(
            path=path,
            title=title,
            date=meeting_date,
            frontmatter=metadata,
            tags=_tags(metadata.get("tags", metadata.get("tag"))),
            attendees=attendees,
            stated_attendee_count=self.stated_count,
            sections=[s for s in self.sections if s.title or s.items or s.paragraphs],
            previous_meetings=previous,
            links=_unique_links(self.links),
            text="\n".join(lines),
            problems=[*problems, *self.problems],
        )

    def attendees(self) -> list[Attendee]:
        found: list[Attendee] = []
        for index, section in enumerate(self.sections):
            if section.kind != "attendees":
                continue
            for rows in self.tables.get(index, []):
                found.extend(attendee_parsing.from_table(rows))
            for item in section.items:
                if person := attendee_parsing.from_text(item.text):
                    found.append(person)
            if not section.items and not self.tables.get(index):
                for paragraph in section.paragraphs:
                    found.extend(attendee_parsing.from_paragraph(paragraph))
        if not found:  # some notes keep the attendee table before any heading
            for rows in self.tables.get(-1, []):
                found.extend(attendee_parsing.from_table(rows, require_header=True))
        if not found:  # old notes: "Attendees: Ada Byron, Alan Turing"
            for section in self.sections:
                for paragraph in section.paragraphs:
                    if match := ATTENDEE_LINE.match(paragraph):
                        found.extend(attendee_parsing.from_paragraph(match.group(1)))
        return attendee_parsing.deduplicate(found)

    def previous_meetings(self) -> list[PreviousMeeting]:
        previous: list[PreviousMeeting] = []
        for section in self.sections:
            if section.kind != "previous":
                continue
            for item in section.walk_items():
                for link in item.links:
                    when = date_in_text(link.text) or date_in_text(item.text)
                    previous.append(PreviousMeeting(url=link.url, text=item.text, date=when))
        return previous


def split_speaker(text: str) -> tuple[str, str]:
    """('AB', 'topic') from 'AB: topic' or '(AB) topic'; ('', text) when no one leads it."""
    match = SPEAKER_COLON.match(text) or SPEAKER_PAREN.match(text)
    return (match.group(1), text[match.end() :]) if match else ("", text)


def resolve_speakers(sections: list[Section], attendees: list[Attendee]) -> None:
    """Fill each item's speaker from a leading `AB:` or `(AB)`, resolved to an attendee."""
    lookup = attendee_parsing.speaker_lookup(attendees)
    for section in sections:
        if section.kind != "agenda":
            continue
        for item in section.walk_items():
            key, _ = split_speaker(item.text)
            if not key:
                continue
            person = lookup.get(key.casefold())
            if person is not None:
                item.speaker, item.speaker_name = key, person.name or person.label
            elif attendee_parsing.looks_like_initials(key) and key.casefold() not in NOT_SPEAKERS:
                item.speaker = key


def _cell_value(text: str, links: list[Link]) -> str:
    """A table cell's value: a link to a GitHub profile counts as its handle."""
    if not text and links:
        return links[0].url
    return text


def _title(metadata: dict[str, Any], h1: str | None, h1_rest: str | None, path: Path) -> str:
    explicit = metadata.get("title")
    if isinstance(explicit, str | int | float) and str(explicit).strip():
        return neutralise(str(explicit).strip())
    if h1_rest:
        return h1_rest
    if h1:
        return h1
    stem = FILE_DATE_PREFIX.sub("", path.stem)
    return " ".join(stem.replace("_", " ").replace("-", " ").split()) or path.name


def _tags(value: Any) -> list[str]:
    if value is None:
        return []
    if isinstance(value, str):
        tags = re.split(r"[,\s]+", value)
    elif isinstance(value, list | tuple | set):
        tags = [str(t) for t in value]
    else:
        tags = [str(value)]
    return [neutralise(t.strip().lstrip("#")) for t in tags if t.strip().lstrip("#")]


def _unique_links(links: list[Link]) -> list[Link]:
    seen: set[str] = set()
    unique: list[Link] = []
    for link in links:
        if link.url and link.url not in seen:
            seen.add(link.url)
            unique.append(link)
    return unique
