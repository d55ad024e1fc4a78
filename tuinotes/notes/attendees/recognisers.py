"""The recognisers: each looks at the note's blocks and proposes candidates, never takes
a block silently (`resolve` decides)."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from functools import lru_cache
from typing import Any

from tuinotes.model.meeting import Attendee, Item
from tuinotes.model.text import unlink_wiki
from tuinotes.notes.agenda import ACTIONS_HEADING, CONTAINER_HEADING
from tuinotes.notes.attendees.candidates import (
    HEADING,
    LABELLED,
    ROLE_LINE,
    UNLABELLED,
    Candidate,
    block_row,
    definitions_as_labels,
    ends_attendees,
    line_candidate,
    list_rows,
    paragraph_row,
    place,
)
from tuinotes.notes.attendees.rows import (
    Row,
    from_names,
    merge_rows,
    name_entries,
    names_row,
    read_row,
)
from tuinotes.notes.attendees.tables import from_table
from tuinotes.notes.attendees.vocabulary import (
    ABSENT_HEADING,
    AHEAD_HEADING,
    ATTENDEE_HEADING,
    BOLD_LABEL,
    FREE_SLOT,
    KEYWORD_LINE,
    LABEL,
    LABEL_START,
    PRESENTER_COLUMN,
    ROLE,
    TRAILING_LABEL,
    as_written_in_latin,
)
from tuinotes.notes.markdown import without_emphasis
from tuinotes.notes.structure import Block, Draft


def under_headings(draft: Draft) -> list[Candidate]:
    """Tables, lists, paragraphs or code under an attendee (or absentee) heading, with the
    sub-headings that group people (`### Core team`); a sub-heading whose blocks are not
    people (`### Announcements`) is agenda, and so is everything after it."""
    candidates = []
    sections = draft.sections
    i = 0
    while i < len(sections):
        title = sections[i].title
        if not _attendee_title(title):
            i += 1
            continue
        j = i + 1
        while j < len(sections) and sections[j].level > sections[i].level:
            j += 1
        members = [i]
        for sub in range(i + 1, j):
            sub_title = sections[sub].title
            if CONTAINER_HEADING.match(sub_title) or ACTIONS_HEADING.match(sub_title):
                break  # '### Agenda:' under the attendance heading: the meeting goes on
            if _attendee_title(sub_title) or _section_row(draft, sub).people:
                members.append(sub)
            else:
                break
        for member in members:
            own_title = sections[member].title
            # a group sub-heading ("### Guests") is of its parent's kind; "### Regrets" its own
            absent = _absent_title(own_title) or (
                member != i and not _attendee_title(own_title) and _absent_title(title)
            )
            leftover: list[tuple[int, list[Item]]] = []
            row = _section_row(draft, member, leftover)
            candidates.append(
                Candidate(
                    place("the blocks under", own_title, sections[member].line),
                    HEADING,
                    member,
                    sections[member].line,
                    row.as_absent() if absent else row,
                    sections={member},
                    leftover=leftover,
                )
            )
        i = max(members) + 1
    return candidates


def _attendee_title(title: str) -> bool:
    clean = re.sub(r"\([^)]*\)?", "", title).strip()
    if not clean:
        return False
    absent = _absent_title(clean)
    return (absent or bool(ATTENDEE_HEADING.match(clean))) and len(clean.split()) <= 6


def _absent_title(title: str) -> bool:
    return bool(ABSENT_HEADING.search(title)) and len(title.split()) <= 4


def _section_row(
    draft: Draft, section: int, leftover: list[tuple[int, list[Item]]] | None = None
) -> Row:
    blocks = [b for b in draft.blocks if b.section == section and b.kind != "heading"]
    rows: list[Row] = []
    absent = False  # after an 'Apologies:' / 'Regrets:' paragraph, the rows are absentees
    for at, block in enumerate(blocks):
        following = blocks[at + 1] if at + 1 < len(blocks) else None
        if rows and leftover is not None and ends_attendees(block, following, rows):
            leftover.extend((section, b.items) for b in blocks[at:] if b.kind == "list")
            break
        row = block_row(block, leftover if leftover is not None else [])
        if block.kind == "paragraph" and (opening := _open_label(block.source.split("\n")[-1])):
            absent = bool(ABSENT_HEADING.search(opening))
        elif absent:
            row = row.as_absent()
        rows.append(row)
    return merge_rows(rows)


def after_labels(draft: Draft) -> list[Candidate]:
    """A label line (`Attendees:`, `**Remote attendees:**`, `Regrets: X, Y`, a paragraph
    ending `… Roll call:`, a bold `**Attendees**`) and the list, table or code block right
    after it, or the names on the line itself; role lines (`Facilitator: Ana`)."""
    candidates = []
    blocks = draft.blocks
    for at, block in enumerate(blocks):
        if block.kind != "paragraph" or len(block.text) > _LONGEST_LABELLED:
            continue
        marked = any(mark in block.source for mark in (":", "：", "**", "__", " were ", " are "))
        if not marked and not KEYWORD_LINE.match(block.source.rsplit("\n", 1)[-1].strip()):
            continue  # no label stands in a paragraph without a colon, bold or a keyword line
        lines = definitions_as_labels((block.source or block.text).split("\n"))
        for number, line in enumerate(lines):
            plain = _label_text(line)
            label = LABEL.match(plain)
            if label is None or not label.group("rest").strip():
                continue
            plain = _label_text(_unwrapped(lines[number:]))
            where = place("the names after", label.group("label"), block.line + number)
            candidates.append(line_candidate(where, block, number, read_row(plain)))
        for number, line in enumerate(lines):
            role = ROLE.match(_label_text(line))
            if role and (people := _role_people(role.group("rest"))):
                candidates.append(
                    Candidate(
                        place("the role line", role.group("label"), block.line + number),
                        ROLE_LINE,
                        block.section,
                        block.line + number,
                        Row(people=people, entries=len(people)),
                    )
                )
        following = blocks[at + 1] if at + 1 < len(blocks) else None
        candidates.extend(_labelled_lines(block, lines))
        opening = _open_label(lines[-1])
        if opening is None or following is None:
            continue
        if following.kind not in ("list", "table", "code") and not _names_a_line(following):
            continue
        leftover: list[tuple[int, list[Item]]] = []
        row = block_row(following, leftover)
        if ABSENT_HEADING.search(opening):
            row = row.as_absent()
        candidates.append(
            Candidate(
                place(f"the {following.kind} after", opening, following.line),
                LABELLED,
                block.section,
                following.line,
                row,
                blocks=[block, following],
                claims=[id(following)],
                leftover=leftover,
            )
        )
    return candidates


def _names_a_line(block: Block) -> bool:
    """A paragraph of a person a line, as a label's list pasted without bullets is."""
    lines = [line for line in block.source.split("\n") if line.strip()]
    return block.kind == "paragraph" and all(read_row(line).people for line in lines)


def _labelled_lines(block: Block, lines: list[str]) -> list[Candidate]:
    """Inside one paragraph: a label on a line of its own (`**Attendees**`) and the people on
    the lines after it, up to the next label."""
    candidates = []
    for number, line in enumerate(lines[:-1]):
        opening = _open_label(line)
        if opening is None:
            continue
        rows = []
        after = lines[number + 1 :]
        for at, following in enumerate(after):
            if _ends_names(following):
                break
            if at == 0 and (joined := _unwrapped(after)) != following:
                rows.append(paragraph_row(joined))  # one list of names, hard-wrapped
                break
            rows.append(read_row(following))
        row = merge_rows(rows)
        if ABSENT_HEADING.search(opening):
            row = row.as_absent()
        where = place("the lines after", opening, block.line + number)
        candidates.append(line_candidate(where, block, number, row))
    return candidates


def _ends_names(line: str) -> bool:
    """A label or role line: the names before it are over."""
    plain = _label_text(line)
    return bool(_open_label(line) or LABEL.match(plain) or ROLE.match(plain))


# "Missing: Khio", "Minutes, driver: TC"
_ANY_LABEL = re.compile(r"^\W*[^\W\d_][\w' ,/&-]{0,30}:(?:\s|$)")


_WRAP_WIDTH = 60  # a line of names this long, cut at a space, was wrapped by an editor


def _unwrapped(lines: list[str]) -> str:
    """The first line with the lines that continue it, when it is a list of names an editor
    wrapped ("…, Ollie Brandt" / "(Cloudflare), Priya Raman, …"): a line that ends with a
    comma or an open bracket, a next line that starts with a bracket, or a long line of
    three commas or more. Names a line each are left apart."""
    text = last = lines[0].rstrip()
    for line in lines[1:]:
        following = line.strip()
        if "," not in text or not following or _ends_names(following):
            break
        if _ANY_LABEL.match(_label_text(following)):
            break
        continues = (
            text.endswith((",", "(", "&"))
            or text.count("(") > text.count(")")
            or following[0] in "(["
            or (len(last) >= _WRAP_WIDTH and last.count(",") >= 3)
        )
        if not continues:
            break
        text, last = f"{text} {following}", following
    return text


def role_headings(draft: Draft) -> list[Candidate]:
    """Role headings at the top of a note: `### Moderator: Ana Lima`, `### Notes: Ben`."""
    candidates = []
    for block in draft.blocks[:20]:
        if block.kind != "heading":
            continue
        role = ROLE.match(_label_text(block.text))
        if role and (people := _role_people(role.group("rest"))):
            candidates.append(
                Candidate(
                    place("the role heading", role.group("label"), block.line),
                    ROLE_LINE,
                    block.section,
                    block.line,
                    Row(people=people, entries=len(people)),
                )
            )
    return candidates


def presenter_columns(draft: Draft) -> list[Candidate]:
    """A table with a presenter or speaker column (`| Topic | Presenter | Link |`): the
    people who presented were there, as a role line's people are; not those of talks to
    come (under 'Upcoming talks') nor a free slot."""
    candidates = []
    for block in draft.blocks:
        if block.kind != "table" or len(block.rows) < 2:
            continue
        heading = draft.sections[block.section].title if block.section >= 0 else ""
        if AHEAD_HEADING.search(heading):
            continue
        header = [_label_text(cell).strip(" :") for cell in block.rows[0]]
        columns = [i for i, cell in enumerate(header) if PRESENTER_COLUMN.match(cell)]
        people = [
            person
            for row in block.rows[1:]
            for i in columns
            if i < len(row) and not FREE_SLOT.match(row[i])
            for person in _role_people(row[i])
        ]
        if people:
            candidates.append(
                Candidate(
                    place("the presenter column of the table", "", block.line),
                    ROLE_LINE,
                    block.section,
                    block.line,
                    Row(people=people, entries=len(people)),
                )
            )
    return candidates


@lru_cache(maxsize=4096)  # each recogniser asks of the same lines
def _label_text(line: str) -> str:
    """A line as a label is matched: no emphasis, and no remark in parentheses right after
    the label ("Attendance (please add yourself):")."""
    plain = without_emphasis(as_written_in_latin(line))
    plain = plain.strip()
    return _REMARK_AFTER_LABEL.sub(r"\1:", plain) if "(" in plain else plain


_REMARK_AFTER_LABEL = re.compile(r"^(\W*[\w' -]{1,40}?)\s*\([^)]*\)\s*:")


@lru_cache(maxsize=4096)
def _open_label(line: str) -> str | None:
    """The label a paragraph's last line opens for the block after it, if any."""
    plain = _label_text(line)
    if (label := LABEL.match(plain)) and not label.group("rest").strip():
        return label.group("label")
    if trailing := TRAILING_LABEL.search(plain):
        return trailing.group("label")
    if line.strip().startswith(("**", "__")) and BOLD_LABEL.match(plain.strip(" :")):
        return plain.strip(" :")
    if plain[:1].isupper() and KEYWORD_LINE.match(plain):
        return plain  # "Attendees" on a line of its own, as a heading would say it
    return None


def _role_people(rest: str) -> list[Attendee]:
    """The people a role line names: capitalised names or handles, never 'see below'."""
    rest = rest.strip()
    if not rest or len(rest.split()) > 8:
        return []
    people = from_names(rest)
    entries = name_entries(rest)
    if not people or len(people) < entries:
        return []
    return people


_LONGEST_LABELLED = 600  # characters: a bullet of people is shorter (as a label's paragraph)


def in_lists(draft: Draft) -> list[Candidate]:
    """Attendees inside a list outside attendee sections: a bullet labelled `Attendees:`
    with the people nested under it (or on it), a bullet about attendance ('Record
    attendance') whose nested bullets are labelled groups, and role bullets (`Lead: @ada`)."""
    candidates = []
    for block in draft.blocks:
        if block.kind != "list":
            continue
        for item in _walk(block.items):
            if len(item.text) > _LONGEST_LABELLED or not (
                (":" in item.text and LABEL_START.match(item.text))
                or _ABOUT_ATTENDANCE.search(item.text)
            ):
                continue  # neither a label nor about attendance: most agenda bullets
            text = _label_text(item.text)
            label = LABEL.match(text)
            about = bool(_ABOUT_ATTENDANCE.search(text))
            if label and label.group("rest").strip() and not item.children:
                rest = label.group("rest").strip()
                row = names_row(rest)
                if ABSENT_HEADING.search(label.group("label")):
                    row = row.as_absent()
                where = place("the bullet", label.group("label"), item.line)
                candidates.append(
                    Candidate(where, LABELLED, block.section, item.line, row, items=[item])
                )
            elif (label or (about and len(text.split()) <= 6)) and item.children:
                leftover: list[tuple[int, list[Item]]] = []
                row = list_rows(item.children, block.section, leftover)
                if label and ABSENT_HEADING.search(label.group("label")):
                    row = row.as_absent()
                where = place("the bullets under", text[:40], item.line)
                candidates.append(
                    Candidate(
                        where,
                        LABELLED,
                        block.section,
                        item.line,
                        row,
                        items=[item] if label else [],
                    )
                )
            elif (role := ROLE.match(text)) and (people := _role_people(role.group("rest"))):
                where = place("the role bullet", role.group("label"), item.line)
                candidates.append(
                    Candidate(
                        where,
                        ROLE_LINE,
                        block.section,
                        item.line,
                        Row(people=people, entries=len(people)),
                        items=[item],
                    )
                )
    return candidates


_ABOUT_ATTENDANCE = re.compile(r"\battend(?:ance|ees?)\b|\broll\s*call\b", re.I)


def _walk(items: list[Item]) -> Iterable[Item]:
    for item in items:
        yield item
        yield from _walk(item.children)


def before_headings(draft: Draft) -> list[Candidate]:
    """An attendee table before any heading, with a header row that names its columns."""
    return [
        Candidate(
            place("the table before the first heading", "", b.line),
            LABELLED,
            b.section,
            b.line,
            from_table(b.rows, require_header=True),
            blocks=[b],
            claims=[id(b)],
        )
        for b in draft.blocks
        if b.kind == "table" and b.section <= 0
    ]


_SPEAKER_LINE = re.compile(r"^\W*([^\W\d_]{1,4})\s*:", re.M)


def unlabelled_paragraph(draft: Draft) -> list[Candidate]:
    """A paragraph of `Name (ABC), Name (DEF), …` at the top of the note, with no label: its
    people when their initials are the speakers of the note's transcript."""
    top = [b for b in draft.blocks[:6] if b.kind == "paragraph"]
    speakers = {m.group(1) for _, text in draft.lines for m in _SPEAKER_LINE.finditer(text)}
    candidates = []
    for block in top[:2]:
        people = from_names(block.text)
        entries = name_entries(block.text)
        with_initials = [p for p in people if p.initials]
        if len(people) < 2 or len(people) < entries or len(with_initials) * 2 < len(people):
            continue
        if not {p.initials for p in with_initials} & speakers:
            continue
        candidates.append(
            Candidate(
                place("the paragraph of names", "", block.line),
                UNLABELLED,
                block.section,
                block.line,
                Row(people=people, entries=entries),
                blocks=[block],
            )
        )
    return candidates


_FRONTMATTER_PRESENT = ("attendees", "attendee", "participants", "present", "people", "deciders")
_FRONTMATTER_ABSENT = ("absent", "absentees", "regrets", "apologies", "not present")


def in_frontmatter(metadata: dict[str, Any]) -> list[Candidate]:
    """`attendees:` (or `participants:`, `present:`) and `absent:` (or `regrets:`) in the
    note's frontmatter: a YAML list, or names parted by commas."""
    candidates = []
    for key, value in metadata.items():
        label = str(key).strip().casefold().replace("_", " ")
        absent = label in _FRONTMATTER_ABSENT
        if not absent and label not in _FRONTMATTER_PRESENT:
            continue
        entries = value if isinstance(value, list) else [value]
        names = [str(entry) for entry in entries if isinstance(entry, str | int) and entry]
        row = merge_rows(names_row(unlink_wiki(name)) for name in names)
        where = f"the frontmatter's {str(key)!r}"
        candidates.append(Candidate(where, LABELLED, -1, 0, row.as_absent() if absent else row))
    return candidates


Recogniser = Callable[[Draft], list[Candidate]]
RECOGNISERS: tuple[Recogniser, ...] = (
    under_headings,
    after_labels,
    in_lists,
    role_headings,
    presenter_columns,
    before_headings,
    unlabelled_paragraph,
)
"""Each proposes candidates; `resolve` decides. A new convention is a new entry."""
