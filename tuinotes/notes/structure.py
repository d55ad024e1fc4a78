"""A note's structure, read once from markdown-it-py's token stream: headings become sections,
and every block (paragraph, list, table, code) is kept in note order for the recognisers.

Nothing here decides what a block means; `tuinotes.notes.parse` asks the recognisers.
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from html.parser import HTMLParser
from typing import Literal

from tuinotes.model.meeting import Item, ItemState, Link, Section
from tuinotes.notes.dates import MONTH_FIRST, date_alone
from tuinotes.notes.markdown import MAX_LIST_DEPTH, MarkdownToken, Piece, inline_text

TASK_BOX = re.compile(r"^\[([ xX])\]\s+")
# A task keyword in capitals leading a bullet, as Logseq and org-mode write a task's state.
TASK_WORD = re.compile(r"^(TODO|DONE|LATER|DOING|WAITING)\s+(?=[^\s(:])")  # not "TODO (ana):"
# An outline number before a section heading's words: "3. ", "2) ", "4.1. " (not "2024
# Roadmap", "1.5 hours" or "12.03.2025").
_OUTLINE_NUMBER = re.compile(r"^\s*(\d{1,2}(?:\.\d{1,2})*[.)])\s+(?=\S)")


def outline_number(heading: str, level: int = 2) -> tuple[str, str]:
    """A section heading's outline number and its words: '3. Action items' -> ('3.',
    'Action items'); ('', heading) when it has none, for a note's title (`# 5. Sitzung des
    Beirats`) and for a day before its month (`## 7. März 2025`, as German writes it)."""
    match = _OUTLINE_NUMBER.match(heading)
    if match is None or level < 2 or MONTH_FIRST.match(heading, match.end()):
        return "", heading
    return match.group(1), heading[match.end() :]


BlockKind = Literal["heading", "paragraph", "list", "table", "code"]


@dataclass(slots=True)
class Block:
    """One block of the note, in note order, with the section it stands in."""

    kind: BlockKind
    section: int  # index into Draft.sections; -1 before the first heading
    line: int
    text: str = ""  # heading, paragraph or code text (plain)
    source: str = ""  # a paragraph's Markdown source
    items: list[Item] = field(default_factory=list)  # a list's items
    rows: list[list[str]] = field(default_factory=list)  # a table's cells
    level: int = 0  # a heading's level


@dataclass(slots=True)
class Draft:
    """What the walk found: sections, blocks, the note's lines of text and its links."""

    sections: list[Section] = field(default_factory=list)
    blocks: list[Block] = field(default_factory=list)
    lines: list[tuple[int, str]] = field(default_factory=list)  # (section, text) outside lists
    links: list[tuple[int, Link]] = field(default_factory=list)  # (section, link)
    first_heading: str | None = None

    def split_section(self, index: int, section: Section) -> None:
        """Move `section`'s items out of section `index` into `section`, placed right after
        it (an agenda after an attendee list, actions under a 'Next steps:' line)."""
        parent = self.sections[index]
        parent.items = [i for i in parent.items if all(i is not x for x in section.items)]
        self.sections.insert(index + 1, section)
        self.blocks = [
            dataclasses.replace(b, section=b.section + 1) if b.section > index else b
            for b in self.blocks
        ]

    def part(self, sections: list[int]) -> Draft:
        """The draft of some of the sections (a meeting of a file that holds several)."""
        index = {old: new for new, old in enumerate(sections)}
        return Draft(
            sections=[self.sections[i] for i in sections],
            blocks=[
                dataclasses.replace(b, section=index[b.section])
                for b in self.blocks
                if b.section in index
            ],
            lines=[(index[s], text) for s, text in self.lines if s in index],
            links=[(index[s], link) for s, link in self.links if s in index],
            first_heading=self.sections[sections[0]].title if sections else None,
        )


class StructureWalker:
    """Walks the token stream once, filling a `Draft`."""

    def __init__(self, line_offset: int) -> None:
        self.line_offset = line_offset
        self.draft = Draft()

    def section(self) -> Section:
        if not self.draft.sections:
            self.draft.sections.append(Section(title="", level=0, line=1))
        return self.draft.sections[-1]

    @property
    def index(self) -> int:
        return len(self.draft.sections) - 1

    def line_of(self, token: MarkdownToken) -> int:
        return (token.map[0] + 1 + self.line_offset) if token.map else 0

    def run(self, tokens: Sequence[MarkdownToken]) -> Draft:
        separators = date_separators(tokens)
        i = 0
        while i < len(tokens):
            token = tokens[i]
            kind = token.type
            if kind == "heading_open":
                self.heading(token, tokens[i + 1])
                i += 3
            elif kind in ("bullet_list_open", "ordered_list_open"):
                line = self.line_of(token)
                items, i = self.list_items(tokens, i + 1, depth=1)
                self.section().items.extend(items)
                self.draft.blocks.append(Block("list", self.index, line, items=items))
            elif kind == "table_open":
                i = self.table(tokens, i + 1, self.line_of(token))
            elif kind == "inline" and (tasks := self.task_lines(token)):
                self.section().items.extend(tasks)
                self.draft.blocks.append(Block("list", self.index, tasks[0].line, items=tasks))
                i += 1
            elif kind == "inline" and i in separators:
                opening = Piece("heading_open", tag=f"h{BOLD_DATE_LEVEL}")
                opening.map = token.map
                self.heading(opening, token)
                i += 1
            elif kind == "inline":
                text, links = inline_text(token)
                self.add_text(text, links)
                if text:
                    self.section().paragraphs.append(text)
                    self.draft.blocks.append(
                        Block(
                            "paragraph",
                            self.index,
                            self.line_of(token),
                            text=text,
                            source=token.content,
                        )
                    )
                i += 1
            elif kind == "html_block" and (rows := html_table_rows(token.content)):
                self.draft.blocks.append(Block("table", self.index, self.line_of(token), rows=rows))
                self.section().paragraphs.extend(" | ".join(r) for r in rows if any(r))
                self.draft.lines.extend((self.index, " | ".join(r)) for r in rows if any(r))
                i += 1
            elif kind == "hr":
                self.section().rule = self.section().rule or self.line_of(token)
                i += 1
            elif kind in ("fence", "code_block"):
                if token.content.strip():
                    self.section().paragraphs.append(token.content.rstrip("\n"))
                    self.draft.lines.append((self.index, token.content))
                    self.draft.blocks.append(
                        Block("code", self.index, self.line_of(token), text=token.content)
                    )
                i += 1
            else:
                i += 1
        return self.draft

    def add_text(self, text: str, links: list[Link]) -> None:
        if text:
            self.draft.lines.append((self.index, text))
        self.add_links(links)

    def add_links(self, links: list[Link]) -> None:
        self.draft.links.extend((self.index, link) for link in links)

    def task_lines(self, token: MarkdownToken) -> list[Item]:
        """A paragraph of task lines written without list markers (`[x] Budget review`)."""
        lines = token.content.split("\n")
        if not lines or not all(TASK_BOX.match(line.strip()) for line in lines):
            return []
        items = []
        first = self.line_of(token)
        children = token.children or []
        groups: list[list[MarkdownToken]] = [[]]
        for child in children:
            if child.type in ("softbreak", "hardbreak"):
                groups.append([])
            else:
                groups[-1].append(child)
        for number, (line, group) in enumerate(zip(lines, groups, strict=False)):
            piece = Piece("inline", line, group)
            text, links = inline_text(piece)
            self.add_links(links)
            box = TASK_BOX.match(text)
            state: ItemState = "done" if box and box.group(1) in "xX" else "open"
            items.append(
                Item(
                    text=text[box.end() :] if box else text,
                    state=state,
                    links=links,
                    line=first + number,
                    markdown=TASK_BOX.sub("", line.strip(), count=1),
                )
            )
        return items

    def heading(self, open_token: MarkdownToken, inline: MarkdownToken) -> None:
        text, links = inline_text(inline)
        level = int(open_token.tag[1:]) if open_token.tag[1:].isdigit() else 1
        if self.draft.first_heading is None:
            self.draft.first_heading = text
        line = self.line_of(open_token)
        number, title = outline_number(text, level)
        section = Section(title=title, level=level, line=line, number=number)
        self.draft.sections.append(section)
        self.draft.blocks.append(Block("heading", self.index, line, text=title, level=level))
        self.add_text(text, links)

    def list_items(
        self, tokens: Sequence[MarkdownToken], i: int, depth: int
    ) -> tuple[list[Item], int]:
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
                self.add_links(links)  # the text itself is the item's
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
                    current.markdown = TASK_BOX.sub("", source.lstrip(), count=1)
                elif word := TASK_WORD.match(text):  # the keyword stays: it is searched for
                    current.state = "done" if word.group(1) == "DONE" else "open"
                    current.text, current.markdown = text, source
                else:
                    current.text, current.markdown = text, source
                current.links.extend(links)
                i += 1
            elif kind in ("fence", "code_block") and current is not None:
                current.text = f"{current.text}\n{token.content.rstrip()}".strip()
                i += 1
            else:
                i += 1
        return items, i

    def table(self, tokens: Sequence[MarkdownToken], i: int, line: int) -> int:
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
        self.draft.blocks.append(Block("table", self.index, line, rows=rows))
        if self.draft.sections:
            self.draft.sections[-1].paragraphs.extend(" | ".join(r) for r in rows if any(r))
        return i


class _TableCells(HTMLParser):
    """The text of each cell of each row of an HTML `<table>` (tags dropped)."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.rows: list[list[str]] = []
        self._cell: list[str] | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "tr":
            self.rows.append([])
        elif tag in ("td", "th") and self.rows:
            self._cell = []
        elif tag == "br" and self._cell is not None:
            self._cell.append(" ")

    def handle_endtag(self, tag: str) -> None:
        if tag in ("td", "th") and self._cell is not None and self.rows:
            self.rows[-1].append(" ".join("".join(self._cell).split()))
            self._cell = None

    def handle_data(self, data: str) -> None:
        if self._cell is not None:
            self._cell.append(data)


# In a running document, as Google Docs exports one, a paragraph that is only a date in
# bold ("**March 12, 2026**") heads that day's meeting: read as a heading below all others.
BOLD_DATE_LEVEL = 6
_BOLD = re.compile(r"^(\*\*|__)(?P<text>[^*_\n]{4,60})\1$")


def date_separators(tokens: Sequence[MarkdownToken]) -> set[int]:
    """The bold dates that part a running document into meetings (their tokens' indexes):
    two or more, with no heading but the title before the last, and nothing before the
    first but the title, a line of links and perhaps a sentence on the document; not a date
    in bold under `## Decisions`, nor a note's milestones."""
    found: list[int] = []
    lists = paragraphs = 0
    heading = False
    for i, token in enumerate(tokens):
        kind = token.type
        if kind in ("bullet_list_open", "ordered_list_open"):
            lists += 1
        elif kind in ("bullet_list_close", "ordered_list_close"):
            lists -= 1
        elif kind == "heading_open":
            if token.tag != "h1":
                break  # the note is parted by headings
            heading = True
        elif kind == "heading_close":
            heading = False
        elif kind == "inline" and lists == 0 and not heading:
            bold = _BOLD.match(token.content.strip())
            if bold is not None and date_alone(bold["text"]) is not None:
                found.append(i)
            elif not found:
                paragraphs += 1
        if not found and (lists or paragraphs > _BEFORE_THE_FIRST_DATE):
            return set()
    # two dates after a paragraph, or three after two ("Running notes, newest on top." and
    # a line of links); not a note's two milestones after its attendees and a remark
    return set(found) if len(found) >= 2 + max(paragraphs - 1, 0) else set()


_BEFORE_THE_FIRST_DATE = 2  # paragraphs: the document's purpose and its links


def html_table_rows(html: str) -> list[list[str]]:
    """Rows of cell text when an HTML block is a table (as pasted from a document), else []."""
    if "<table" not in html.lower():
        return []
    cells = _TableCells()
    try:
        cells.feed(html)
        cells.close()
    except (AssertionError, ValueError):  # malformed markup: read what came before it
        pass
    return [row for row in cells.rows if row]


def _cell_value(text: str, links: list[Link]) -> str:
    """A table cell's value: a link to a GitHub profile counts as its handle."""
    if not text and links:
        return links[0].url
    return text
