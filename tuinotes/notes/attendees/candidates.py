"""What the attendee recognisers propose and the resolver keeps: a `Candidate` (blocks
that may list who attended, with the evidence for it) and `Found`; and how a block of an
attendee section reads as rows of people."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from tuinotes.model.meeting import Attendee, Item
from tuinotes.notes.agenda import ACTIONS_LABEL, CONTAINER_HEADING
from tuinotes.notes.attendees.rows import (
    Row,
    merge_rows,
    names_row,
    read_row,
    row_text,
)
from tuinotes.notes.attendees.tables import from_table, table_in_code
from tuinotes.notes.attendees.vocabulary import (
    KEYWORD_LINE,
    PROSE_WORDS_AT_LEAST,
    ROLE,
    ROLE_WORD,
    SENTENCE_BREAK,
    SENTENCE_WORDS,
    WRAPPED_LINE_WORDS,
)
from tuinotes.notes.structure import Block

# How strongly a candidate's place says "these are the attendees".
HEADING, LABELLED, ROLE_LINE, UNLABELLED = 3, 2, 1, 0


@dataclass(slots=True)
class Candidate:
    """A block (or blocks) that may list who attended, and the evidence for it."""

    where: str  # "the list under '## Attendees' (line 5)"
    strength: int  # HEADING, LABELLED, ROLE_LINE or UNLABELLED
    section: int
    line: int
    row: Row
    sections: set[int] = field(default_factory=set)  # attendee sections it makes
    blocks: list[Block] = field(default_factory=list)  # blocks it takes from the agenda
    claims: list[object] = field(default_factory=list)  # what it reads: a block, or one line
    items: list[Item] = field(default_factory=list)  # list items it takes from the agenda
    leftover: list[tuple[int, list[Item]]] = field(default_factory=list)
    odd: list[str] = field(default_factory=list)


@dataclass(slots=True)
class Found:
    """What the resolver kept: attendees, absentees, a stated count, the sections that are
    attendee lists (not agenda), and why each candidate won or lost."""

    attendees: list[Attendee] = field(default_factory=list)
    absent: list[Attendee] = field(default_factory=list)
    stated_count: int | None = None
    sections: set[int] = field(default_factory=set)  # attendee or absentee sections
    not_people: list[str] = field(default_factory=list)  # rows that did not read as people
    claimed: list[Block] = field(default_factory=list)  # blocks outside attendee sections
    claimed_items: list[Item] = field(default_factory=list)  # list items outside them
    # Agenda items that follow the people in an attendee section's list: (section, items).
    leftover: list[tuple[int, list[Item]]] = field(default_factory=list)
    explain: list[str] = field(default_factory=list)  # provenance, one line a candidate
    doubts: list[str] = field(default_factory=list)  # evidence that disagrees


def block_row(block: Block, candidate_leftover: list[tuple[int, list[Item]]]) -> Row:
    """What one block of an attendee section says."""
    if block.kind == "table":
        return from_table(block.rows)
    if block.kind == "code":  # a table kept in a fence, or a person a line as plain-text
        rows = table_in_code(block.text)  # minutes indent them ("Directors present:")
        if rows:
            return from_table(rows)
        one_a_line = [read_row(line.strip()) for line in block.text.split("\n") if line.strip()]
        if not all(row.names_anyone for row in one_a_line):
            return Row()  # verbatim text (a pasted invite, a command) names nobody
        return merge_rows(one_a_line)
    if block.kind == "paragraph":
        if (
            block.source.strip().startswith(("**", "__"))
            and block.source.strip().endswith(("**", "__", ":"))
            and len(block.text.split()) <= 4
        ):
            return Row()  # a bold group label: "**Members**", "**Visitors**"
        lines = definitions_as_labels(block.source.split("\n"), roles=True)
        lines = [line for line in lines if line.strip()]
        if len(lines) > 1:  # one person, one labelled group or one list of names a line
            # role lines ("Scribe: bkoster") are read as such, completing the list
            return merge_rows(paragraph_row(line) for line in lines if not _role_line(line))
        return Row() if _role_line(block.text) else paragraph_row(block.text)
    if block.kind == "list":
        return list_rows(block.items, block.section, candidate_leftover)
    return Row()


def definitions_as_labels(lines: list[str], roles: bool = False) -> list[str]:
    """Lines written as a definition list ("Present" / ": Ana, Ben"), or as minutes turned
    into plain text write them ("Regrets" / "    Ravindra"; with `roles`, in a block of
    people, also "Scribe" / "    tomlin"), as label lines ("Present: Ana, Ben"), each on the
    label's line number."""
    alone = TERM_ALONE if roles else KEYWORD_LINE
    lines = list(lines)
    for number in range(len(lines) - 1):
        term, definition = lines[number].strip(), lines[number + 1]
        if definition.startswith(": ") and term and ":" not in term and len(term.split()) <= 3:
            lines[number], lines[number + 1] = f"{term}: {definition[2:].strip()}", ""
        elif alone.match(term) and definition.strip() and not alone.match(definition.strip()):
            lines[number], lines[number + 1] = f"{term}: {definition.strip()}", ""
    return lines


# An attendance keyword or a role alone on its line ("Regrets", "Scribe").
TERM_ALONE = re.compile(rf"{KEYWORD_LINE.pattern}|{ROLE_WORD.pattern}", re.I)


def _role_line(line: str) -> bool:
    return bool(ROLE.match(row_text(line)))


def paragraph_row(text: str) -> Row:
    """A line of a paragraph: a row as a bullet is, but commas there part names ("Mark,
    Ryan, Eric Huss"), where a bullet's part a name from its role and organisation."""
    row = read_row(text)
    if row.entries <= 1 and not row.count and "," in text and not row.absent:
        row = names_row(text)
        return Row(people=row.people, absent=row.absent, entries=max(row.entries, 1))
    return row


def list_rows(items: list[Item], section: int, leftover: list[tuple[int, list[Item]]]) -> Row:
    """The rows of an attendee list; nested bullets are groups. When the list goes on with
    the agenda (a note without an agenda heading), the rest is left to the agenda."""
    rows: list[Row] = []
    people = 0
    for at, item in enumerate(items):
        item_rows = [item_row(item)] + [item_row(child) for child in item.children]
        found = sum(len(r.people) + len(r.absent) for r in item_rows)
        if not found and people >= 2 and (item.children or item.links):
            leftover.append((section, items[at:]))
            break
        people += found
        rows.extend(item_rows)
    return merge_rows(rows)


def item_row(item: Item) -> Row:
    """One bullet; a bullet of several lines ('Ana\\n*Ben' lazily continued) is a row a line."""
    lines = [line.strip().lstrip("*-+ ") for line in item.markdown.split("\n") if line.strip()]
    short = all(len(line.split()) <= WRAPPED_LINE_WORDS for line in lines)
    if len(lines) > 1 and short and not any(line.endswith(":") for line in lines):
        return merge_rows(read_row(line) for line in lines)  # not a sentence an editor wrapped
    state_mark = {"done": "[x] ", "open": "[ ] "}.get(item.state, "")
    return read_row(state_mark + item.text if state_mark and item.text else item.text)


def line_candidate(where: str, block: Block, number: int, row: Row) -> Candidate:
    """A labelled candidate read from line `number` of a paragraph, which it claims."""
    line = block.line + number
    return Candidate(
        where, LABELLED, block.section, line, row, blocks=[block], claims=[(id(block), number)]
    )


def place(kind: str, title: str, line: int) -> str:
    return f"{kind} {title!r} (line {line})" if title else f"{kind} (line {line})"


def ends_attendees(block: Block, following: Block | None, rows: list[Row]) -> bool:
    """After people were read, a paragraph of prose ('Phil is still trying to …'), an
    agenda label ('Topics:', 'Action items:') or a line heading a list of sentences (a
    person's updates: 'Fukuchi San' then '- appendix to include …') ends the attendee
    block, as does a list of sentences: what follows is the meeting itself, in a note with
    no heading between."""
    if not any(r.names_anyone for r in rows):
        return False
    if block.kind == "list":
        return _sentences(block.items)
    if block.kind != "paragraph":
        return False
    text = block.text.strip()
    if CONTAINER_HEADING.match(text) or ACTIONS_LABEL.match(text):
        return True
    if text.endswith(":"):
        return False  # a label over more people: "Guests:", "Remote:"
    if following is not None and following.kind == "list" and _sentences(following.items):
        return True
    row = read_row(text)
    return not row.names_anyone and len(text.split()) >= PROSE_WORDS_AT_LEAST


def _sentences(items: list[Item]) -> bool:
    """A list most of whose bullets are sentences: they say something and name nobody, or
    run on past a full stop ('scanner plugin - no feedback yet. Pavel to ping them.')."""
    said = [i for i in items if len(i.text.split()) >= SENTENCE_WORDS]
    prose = [i for i in said if SENTENCE_BREAK.search(i.text) or not item_row(i).names_anyone]
    return len(prose) * 2 > len(items)
