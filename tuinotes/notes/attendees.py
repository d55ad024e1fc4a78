"""Attendee recognisers: who attended (and who sent regrets), from the shapes notes use.

Each recogniser looks at the note's blocks (`tuinotes.notes.structure.Draft`) and returns
the people it found, or nothing; `find_attendees` asks them in order. A block counts only
when it reads as a list of people (names, handles, initials): a heading that merely
contains a keyword ("Presentation by …") stays agenda. Absentees are kept apart.

Shapes understood: a table, bullets or a paragraph of names under an attendee heading
(with sub-heading groups); a label line (`Attendees:`, `**Remote attendees:**`, `Roll
call:`) followed by a list or table, or followed by names on the same line; a table in a
code fence; labelled comma lists (`- Team members: ada, chen`); absentees under `Not
present` / `Absent:` / `Regrets:` / `Apologies from:` / `in absentia`.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from tuinotes.model.meeting import Attendee, Item
from tuinotes.model.text import fold
from tuinotes.notes.markdown import without_emphasis
from tuinotes.notes.speakers import looks_like_initials, split_lead
from tuinotes.notes.structure import Block, Draft

COLUMN_SYNONYMS: dict[str, tuple[str, ...]] = {
    "name": ("name", "full name", "attendee", "attendees", "person", "who", "participant"),
    "initials": ("initials", "init", "abbr", "abbreviation", "short", "id"),
    "affiliation": (
        "affiliation",
        "org",
        "organization",
        "organisation",
        "company",
        "institution",
        "employer",
        "team",
        "group",
        "from",
    ),
    "handle": (
        "gh username",
        "github username",
        "github",
        "gh",
        "handle",
        "github handle",
        "gh handle",
        "username",
        "user",
        "login",
    ),
}
_HEADER_TO_FIELD = {syn: name for name, syns in COLUMN_SYNONYMS.items() for syn in syns}
_TEMPLATE_WORDS = frozenset(_HEADER_TO_FIELD) | {"name (initials)", "name(initials)", "your name"}

_ABSENT = r"not\s+present|absent(?:ees)?|regrets|apologies(?:\s+from)?|in\s+absentia|excused"
_PRESENT = (
    r"attend(?:ees?|ed|ance|ing)?|participants?|present|people|roll\s*call|"
    r"who'?s\s+here|members"
)
ABSENT_HEADING = re.compile(rf"^\W*(?:[\w'-]+\s+)?(?:{_ABSENT})\b", re.I)
ATTENDEE_HEADING = re.compile(rf"^\W*(?:[\w'-]+\s+){{0,3}}(?:{_PRESENT})\b", re.I)
# A label line: "Attendees:", "**Remote attendees:**", "Roll call:" (names may follow).
LABEL = re.compile(
    rf"^\W*(?P<label>(?:[\w'-]+\s+){{0,2}}(?:{_PRESENT}|{_ABSENT})(?:\s+[\w'-]+){{0,2}})"
    r"\s*(?::|\*\*\s*:|:\s*\*\*)\**\s*(?P<rest>.*)$",
    re.I | re.S,
)
PEOPLE_COUNT = re.compile(
    r"^\W*(\d{1,4})\s+(?:people|persons|attendees|participants)\b(?:\s+in\s+total)?\W*$", re.I
)
_HANDLE = re.compile(r"(?:github\.com/|(?<![\w.])@)([A-Za-z0-9](?:[A-Za-z0-9_-]{0,38}))")
_GLUED_HANDLE = re.compile(r"(?<=[^\W\d_])@([A-Za-z0-9][A-Za-z0-9_-]{0,38})\s*$")
_GITHUB_URL = re.compile(r"https?://(?:www\.)?github\.com/([A-Za-z0-9_-]+)/?$")
_PAREN = re.compile(r"\(([^()]*)\)")
_NOT_A_NAME = re.compile(r"https?://|^\W*$|\b(?:agenda|slides|notes|minutes|recording)\b", re.I)
_PAREN_INITIALS = re.compile(r"^[^\W\d_]{2,4}$")
_SPLIT_FIELDS = re.compile(r"\s*(?:,|\s[-–—|/]\s|\s{2,})\s*")
# Words that name a group or a thing, not a person ("OpenJS Foundation Board of Directors").
_NOT_PERSON_WORDS = frozenset(
    [
        "foundation",
        "board",
        "directors",
        "maintainers",
        "committee",
        "council",
        "members",
        "team",
        "teams",
        "everyone",
        "project",
        "projects",
        "group",
        "groups",
        "community",
        "staff",
        "invited",
        "tbd",
        "tba",
        "others",
        "observers",
        "guests",
        "attendees",
        "participants",
        "people",
        "organization",
        "organisation",
    ]
)


@dataclass(slots=True)
class Found:
    """What the recognisers found: attendees, absentees, a stated count, and the sections
    that are attendee lists (not agenda)."""

    attendees: list[Attendee] = field(default_factory=list)
    absent: list[Attendee] = field(default_factory=list)
    stated_count: int | None = None
    sections: set[int] = field(default_factory=set)  # attendee or absentee sections
    not_people: list[str] = field(default_factory=list)  # rows that did not read as people
    claimed: list[Block] = field(default_factory=list)  # blocks outside attendee sections
    # Agenda items that follow the people in an attendee section's list: (section, items).
    leftover: list[tuple[int, list[Item]]] = field(default_factory=list)


# -- rows ---------------------------------------------------------------------------------


def clean_handle(value: str) -> str:
    """'@ada', 'https://github.com/ada', '[ada](…)' text 'ada' -> 'ada'."""
    value = value.strip()
    if match := _GITHUB_URL.match(value):
        return match.group(1)
    value = value.lstrip("@").strip()
    return value if re.fullmatch(r"[A-Za-z0-9][A-Za-z0-9_-]{0,38}", value) else ""


def is_template_row(text: str) -> bool:
    """'name | institution | GitHub handle', '**Name (Initials)**': a template's header."""
    parts = [fold(p).strip(" *_:") for p in re.split(r"[|,/]", text) if p.strip(" *_")]
    return bool(parts) and all(p in _TEMPLATE_WORDS for p in parts)


def from_text(text: str) -> Attendee | None:
    """One row: 'AB: Ada Byron (@ada), Analytical Co', 'JRG, José Ruiz-García (@jruiz),
    Initech', 'Ada Byron / Analytical Co / @ada', 'Mia Young (MY)', 'Ada (Analytical Co)'."""
    text = without_emphasis(text)
    if not text or _NOT_A_NAME.search(text) or is_template_row(text):
        return None
    if PEOPLE_COUNT.match(text):
        return None
    initials = ""
    lead = split_lead(text, weak=True)
    if lead is not None and looks_like_initials(lead.written) and lead.rest.strip():
        initials, text = lead.written, lead.rest
    handle = ""
    if glued := _GLUED_HANDLE.search(text):  # "Ada Byron@ada": the handle glued to the name
        text = f"{text[: glued.start()]} @{glued.group(1)}"
    if match := _HANDLE.search(text):
        handle = match.group(1)
        text = (text[: match.start()] + text[match.end() :]).replace("github.com/", "")
        text = re.sub(r"[<{(\[]\s*[>})\]]|[<>{}]", " ", text.replace("( )", "()")).replace("()", "")
    affiliation = ""
    for inside in (p.strip() for p in _PAREN.findall(text)):
        if _PAREN_INITIALS.match(inside) and inside.isupper() and not initials:
            initials = inside
        elif inside and not affiliation:
            affiliation = inside
    text = _PAREN.sub("", text)
    text = re.sub(r"\s*\([^)]*$", "", text)  # an unclosed parenthesis and what follows
    text = text.replace(")", " ")  # a parenthesis left open the other way: "Jo Li @jl)"
    parts = [p.strip(" .,;:-*") for p in _SPLIT_FIELDS.split(text) if p.strip(" .,;:-*")]
    name = parts[0] if parts else ""
    if len(parts) > 1 and not affiliation:
        affiliation = parts[1]
    if name.startswith("@"):
        name = ""
    if not name and not handle:
        return None
    if name and not _reads_as_name(name):
        return None
    return Attendee(name, initials, affiliation, handle)


def _reads_as_name(name: str) -> bool:
    """A name is a few words starting with letters, not a sentence nor a group."""
    words = name.split()
    if any(w.casefold().strip(".,:;") in _NOT_PERSON_WORDS for w in words) or "#" in name:
        return False
    if not 0 < len(words) <= 5 or not (name[0].isalpha() or name[0] in "[('\""):
        return False
    if len(words) >= 3 and sum(w[0].islower() for w in words) >= 2:
        return False  # "I'm present at the summit", "talked about the release"
    return not any(c in name for c in "!?=<>{}")


def from_table(rows: list[list[str]], require_header: bool = False) -> list[Attendee]:
    """Attendees from table rows; columns matched by header name, else guessed by shape."""
    if not rows:
        return []
    header = [fold(cell).strip(" :*") for cell in rows[0]]
    fields = [_HEADER_TO_FIELD.get(cell) for cell in header]
    if "name" not in fields and "handle" not in fields:
        if require_header:
            return []
        return [a for row in rows if (a := _guess_row(row))]
    found = []
    for row in rows[1:]:
        values: dict[str, str] = {}
        for column, cell in zip(fields, row, strict=False):
            if column and cell.strip() and column not in values:
                values[column] = cell.strip()
        name = values.get("name", "")
        if name and (PEOPLE_COUNT.match(name) or _NOT_A_NAME.search(name)):
            continue
        attendee = Attendee(
            name=name.replace("**", ""),
            initials=values.get("initials", ""),
            affiliation=values.get("affiliation", ""),
            handle=clean_handle(values.get("handle", "")),
        )
        if attendee.name or attendee.handle:
            found.append(attendee)
    return found


def _guess_row(row: list[str]) -> Attendee | None:
    """A header-less row: the first cell is the name, other cells are recognised by shape."""
    cells = [c.strip() for c in row]
    if not cells or not cells[0] or set(cells[0]) <= set("-: "):
        return None
    if not _reads_as_name(cells[0]):
        return None
    attendee = Attendee(name=cells[0])
    for cell in cells[1:]:
        if not cell:
            continue
        if not attendee.handle and (cell.startswith("@") or "github.com/" in cell):
            attendee.handle = clean_handle(cell)
        elif not attendee.initials and looks_like_initials(cell):
            attendee.initials = cell
        elif not attendee.affiliation:
            attendee.affiliation = cell
    return attendee


def from_names(text: str) -> list[Attendee]:
    """'Ada Byron (AB), Chen Wei (CW) and Ivan', or 'ada, chen, ivan' (first names or handles)."""
    if PEOPLE_COUNT.match(text):
        return []
    parts = [p for chunk in _outside_parens(text.strip().rstrip(".")) for p in _AND.split(chunk)]
    people = []
    for part in parts:
        part = part.strip()
        if not part or len(part.split()) > 5:
            continue
        if re.fullmatch(r"[a-z0-9][a-z0-9_-]*", part):  # a lowercase handle or first name
            people.append(Attendee(name=part))
        elif person := from_text(part):
            people.append(person)
    return people


_AND = re.compile(r"\s+and\s+")


def _outside_parens(text: str) -> list[str]:
    """Split at commas and semicolons that are not inside parentheses, in one pass."""
    parts, depth, start = [], 0, 0
    for at, char in enumerate(text):
        if char == "(":
            depth += 1
        elif char == ")":
            depth = max(depth - 1, 0)
        elif char in ",;" and depth == 0:
            parts.append(text[start:at])
            start = at + 1
    parts.append(text[start:])
    return [p.strip() for p in parts]


def table_in_code(code: str) -> list[list[str]]:
    """A Markdown table kept inside a code fence, as rows of cells."""
    rows = []
    for line in code.splitlines():
        if "|" not in line or set(line.strip()) <= set("|-: "):
            continue
        rows.append([cell.strip() for cell in line.strip().strip("|").split("|")])
    return rows


def reads_as_people(people: list[Attendee], entries: int) -> bool:
    """At least half of a block's entries are people."""
    return entries > 0 and len(people) * 2 >= entries


# -- blocks -------------------------------------------------------------------------------


def _people_in_block(block: Block, found: Found) -> tuple[list[Attendee], int]:
    """People in one block of an attendee section, and how many entries it had."""
    if block.kind == "table":
        return from_table(block.rows), max(len(block.rows) - 1, 0)
    if block.kind == "code":
        rows = table_in_code(block.text)
        return (from_table(rows), max(len(rows) - 1, 0)) if rows else ([], 0)
    if block.kind == "paragraph":
        if match := PEOPLE_COUNT.match(block.text):
            found.stated_count = int(match.group(1))
            return [], 0
        lines = [without_emphasis(line) for line in block.source.split("\n") if line.strip()]
        if len(lines) > 1:  # one person a line
            return [p for line in lines if (p := from_text(line))], len(lines)
        named = from_names(block.text)
        return named, max(len(named), 1)
    if block.kind == "list":
        people: list[Attendee] = []
        entries = 0
        for at, item in enumerate(block.items):
            odd: list[str] = []
            row_people, row_entries = _people_in_row(item, found, odd)
            if not row_people and len(people) >= 2 and (item.children or item.links):
                # the list goes on with the agenda (a note without an agenda heading)
                found.leftover.append((block.section, block.items[at:]))
                break
            people.extend(row_people)
            entries += row_entries
            found.not_people.extend(odd)
        return people, entries
    return [], 0


def _people_in_row(item: Item, found: Found, odd: list[str]) -> tuple[list[Attendee], int]:
    """People in one attendee bullet (and the bullets nested under it, as groups)."""
    people: list[Attendee] = []
    entries = 0
    for row in [item, *item.children]:
        entries += 1
        if match := PEOPLE_COUNT.match(row.text):
            found.stated_count = int(match.group(1))
            entries -= 1
            continue
        if label := LABEL.match(row.text) or _group(row.text):
            group = from_names(label.group("rest"))
            people.extend(group)
            entries += max(len(group), 1) - 1
        elif person := from_text(row.text):
            people.append(person)
        elif row.text.strip():
            odd.append(row.text)
    return people, entries


# "Team members: ada, chen", "Others: zoe, sam", "Core: …" inside an attendee list.
_GROUP = re.compile(r"^\W*(?P<label>[\w' -]{1,30}?)\s*:\s*(?P<rest>\S.*,.*)$", re.S)


def _group(text: str) -> re.Match[str] | None:
    """A labelled group of names ('Team members: ada, chen'), not 'AB: Ada Byron, Org'."""
    match = _GROUP.match(text)
    if match is None or looks_like_initials(match.group("label").strip()):
        return None
    return match


def _collect(blocks: Iterable[Block], found: Found, into: list[Attendee]) -> bool:
    """Add the people of attendee blocks; True when they read as people."""
    people: list[Attendee] = []
    entries = 0
    for block in blocks:
        got, count = _people_in_block(block, found)
        people.extend(got)
        entries += count
    if people and reads_as_people(people, entries):
        into.extend(people)
        return True
    return False


def _section_groups(draft: Draft) -> list[tuple[list[int], bool]]:
    """Attendee and absentee sections, each with the sub-sections it heads (groups)."""
    groups: list[tuple[list[int], bool]] = []
    sections = draft.sections
    i = 0
    while i < len(sections):
        title = sections[i].title
        absent = bool(ABSENT_HEADING.search(title)) and len(title.split()) <= 4
        if title and (absent or ATTENDEE_HEADING.match(title)) and len(title.split()) <= 6:
            members = [i]
            j = i + 1
            while j < len(sections) and sections[j].level > sections[i].level:
                members.append(j)
                j += 1
            groups.append((members, absent))
            i = j
        else:
            i += 1
    return groups


def under_headings(draft: Draft, found: Found) -> None:
    """Tables, lists, paragraphs or code under an attendee (or absentee) heading."""
    for members, absent in _section_groups(draft):
        blocks = [b for b in draft.blocks if b.section in members and b.kind != "heading"]
        into = found.absent if absent else found.attendees
        if _collect(blocks, found, into):
            found.sections.update(members)


def after_labels(draft: Draft, found: Found) -> None:
    """A label line (`Attendees:`, `**Remote attendees:**`, `Regrets: X, Y`) and the list,
    table or code block right after it, or the names on the line itself."""
    blocks = draft.blocks
    for at, block in enumerate(blocks):
        if block.kind != "paragraph" or block.section in found.sections:
            continue
        lines = (block.source or block.text).split("\n")
        if len(block.text) > 600 or not any(LABEL.match(without_emphasis(line)) for line in lines):
            continue
        last_label_open = False
        for line in lines:
            label = LABEL.match(without_emphasis(line))
            last_label_open = False
            if label is None:
                continue
            absent = bool(ABSENT_HEADING.search(label.group("label")))
            into = found.absent if absent else found.attendees
            rest = label.group("rest").strip()
            if not rest:
                last_label_open = True
                continue
            people = from_names(rest)
            if people and reads_as_people(people, len(re.split(r"[,;]", rest))):
                into.extend(people)
                found.claimed.append(block)
        following = blocks[at + 1] if at + 1 < len(blocks) else None
        if last_label_open and following and following.kind in ("list", "table", "code"):
            label = LABEL.match(without_emphasis(lines[-1]))
            absent = bool(label and ABSENT_HEADING.search(label.group("label")))
            if _collect([following], found, found.absent if absent else found.attendees):
                found.claimed.extend([block, following])


def before_headings(draft: Draft, found: Found) -> None:
    """Some notes keep the attendee table before any heading, with a header row."""
    if found.attendees:
        return
    for block in draft.blocks:
        if block.kind == "table" and block.section <= 0:
            found.attendees.extend(from_table(block.rows, require_header=True))


Recogniser = Callable[[Draft, Found], None]
RECOGNISERS: tuple[Recogniser, ...] = (under_headings, after_labels, before_headings)
"""In order; each adds to what the ones before found. A new convention is a new entry."""


def find_attendees(draft: Draft) -> Found:
    """Everyone the note lists as attending (deduplicated), absentees apart."""
    found = Found()
    for recognise in RECOGNISERS:
        recognise(draft, found)
    absent = {_identity(a) for a in found.absent}
    found.attendees = [a for a in deduplicate(found.attendees) if _identity(a) not in absent]
    found.absent = deduplicate(found.absent)
    return found


def _identity(attendee: Attendee) -> str:
    return attendee.handle.casefold() or fold(attendee.name)


def deduplicate(attendees: Iterable[Attendee]) -> list[Attendee]:
    """Drop repeated rows of the same person (same handle, else same folded name)."""
    seen: set[str] = set()
    unique = []
    for attendee in attendees:
        key = _identity(attendee)
        if key and key not in seen:
            seen.add(key)
            unique.append(attendee)
    return unique
