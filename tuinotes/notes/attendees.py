"""Who attended (and who sent regrets): candidates with their evidence, and one resolver.

Recognisers look at the note's blocks (`tuinotes.notes.structure.Draft`) and *propose*
candidates: "the table under `## Attendees`", "the bullets after `Roll call:`", "the names on
`Facilitator: Ana`", "the paragraph of `Name (AB)` under the title". None of them takes a
block silently: `resolve` weighs every candidate (how it is labelled, where it stands, how
person-like its rows are, whether a count line agrees) and keeps the ones that win, and
`Found.explain` says which block gave the attendees and why the others lost.

One row grammar (`read_row`) serves every shape: a person (`Ada Byron (@ada), Analytical
Co`, `AB: Ada Byron`, `Ada Byron / Org / @ada`), a labelled group (`Council: ana, Ben`), an
absentee (`Regrets: Zoe`, `Kate Lund (absent - travelling)`), a count line (`4 people in
total`), an attendance mark (`[x] Ana`, an HTML table's `x` column) or template text
(`Name | Affiliation`, `_attendee names..._`, `n/a`), which is never a person.
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from functools import lru_cache

from tuinotes.model.meeting import Attendee, Item
from tuinotes.model.record import person_key
from tuinotes.model.text import fold
from tuinotes.notes.agenda import ACTIONS_LABEL, CONTAINER_HEADING
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
        "gh id",
        "github id",
        "handle",
        "github handle",
        "gh handle",
        "username",
        "user",
        "login",
    ),
    "mark": ("", "x", "present", "here", "attended", "attending", "attendance", "check"),
}
_HEADER_TO_FIELD = {syn: name for name, syns in COLUMN_SYNONYMS.items() for syn in syns}
_TEMPLATE_WORDS = (frozenset(_HEADER_TO_FIELD) - {""}) | {
    "name (initials)",
    "name(initials)",
    "your name",
    "names",
    "n/a",
    "na",
    "none",
    "nobody",
    "tbd",
    "tba",
    "...",
    "…",
}
_MARKED = frozenset({"x", "✓", "✔", "✅", "yes", "y", "present", "here", "+"})

_ABSENT = r"not\s+present|absent(?:ees)?|regrets|apologies(?:\s+from)?|in\s+absentia|excused"
_PRESENT = (
    r"attend(?:ees?|ed|ance|ing)?|participants?|present|people|roll\s*call|"
    r"who'?s\s+here|members|observers|guests|visitors"
)
_ROLE = (
    r"(?:meeting\s+)?(?:leads?|leaders?|moderators?|facilitators?|chairs?|hosts?|scribes?|"
    r"note[\s-]?takers?|notes|minutes|minute[\s-]?takers?|taking\s+notes)"
)
ABSENT_HEADING = re.compile(rf"^\W*(?:[\w'-]+\s+)?(?:{_ABSENT})\b", re.I)
# Up to three words may qualify the keyword ("Meeting attendees", "List of participants"),
# but not tie it to something else ("Topics based on participants", "Notes for attendees").
_NOT_QUALIFIERS = r"(?:on|by|from|with|about|based|for|to|and|per)"
ATTENDEE_HEADING = re.compile(
    rf"^\W*(?:(?!{_NOT_QUALIFIERS}\b)[\w'-]+\s+){{0,3}}(?:{_PRESENT})\b", re.I
)
# A label line: "Attendees:", "**Remote attendees:**", "Roll call:" (names may follow).
LABEL = re.compile(
    rf"^\W*(?P<label>(?:[\w'-]+\s+){{0,2}}(?:{_PRESENT}|{_ABSENT})(?:\s+[\w'-]+){{0,2}})"
    r"\s*(?::|\*\*\s*:|:\s*\*\*)\**\s*(?P<rest>.*)$",
    re.I | re.S,
)
# The same label closing a paragraph: "… so we know who was here. Roll call:".
TRAILING_LABEL = re.compile(
    rf"(?:^|[.!?]\s+)\W*(?P<label>(?:[\w'-]+\s+){{0,2}}(?:{_PRESENT}|{_ABSENT}))\s*:\W*$",
    re.I,
)
# A bold label on its own: "**Attendees**", "**Present**".
BOLD_LABEL = re.compile(rf"^(?:[\w'-]+\s+){{0,2}}(?:{_PRESENT}|{_ABSENT})$", re.I)
ROLE = re.compile(rf"^\W*(?P<label>{_ROLE})\s*\**\s*:\s*\**\s*(?P<rest>.*)$", re.I | re.S)
PEOPLE_COUNT = re.compile(
    r"^\W*(\d{1,4})\s+(?:people|persons|attendees|participants)\b(?:\s+in\s+total)?\W*$", re.I
)
_HANDLE = re.compile(r"(?:github\.com/|(?<![\w.])@)([A-Za-z0-9](?:[A-Za-z0-9_-]{0,38}))")
_GLUED_HANDLE = re.compile(r"(?<=[^\W\d_])@([A-Za-z0-9][A-Za-z0-9_-]{0,38})\s*$")
# "Jilayne Lovejoy @Red Hat": an @ before a company of several capitalised words.
_AT_COMPANY = re.compile(r"\s@\s?(?P<org>[A-Z][\w&.-]*(?:\s+[A-Z][\w&.-]*)+)\s*$")
_GITHUB_URL = re.compile(r"https?://(?:www\.)?github\.com/([A-Za-z0-9_-]+)/?$")
_PAREN = re.compile(r"[(\[]([^()\[\]]*)[)\]]")  # "(Analytical Co)", "[Intel]"
_NOT_A_NAME = re.compile(r"https?://|^\W*$|\b(?:agenda|slides|notes|minutes|recording)\b", re.I)
_PAREN_INITIALS = re.compile(r"^[^\W\d_]{2,4}$")
_ABSENCE_REMARK = re.compile(r"\b(?:absent|regrets?|apologies|excused|not\s+present)\b", re.I)
_MARK_BOX = re.compile(r"^\[\s*(?P<mark>[xX✓✔]?)\s*\]\s*")
_SPLIT_FIELDS = re.compile(r"\s*(?:,|\s[-–—|/]\s|\s-(?=[A-Z])|\s{2,})\s*")
_PLACEHOLDER = re.compile(r"\.\.\.|…|^_|_$|\byour\b|\badd\s+(?:your|you|name)|<[^>]*>", re.I)
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
        "visitors",
        "attendees",
        "participants",
        "people",
        "organization",
        "organisation",
        "names",
        "regrets",
        "apologies",
        "attendance",
        "topics",
        "agenda",
        "none",
        "nobody",
    ]
)
# Words that make a phrase prose, never part of a name.
_PROSE_WORDS = frozenset(
    [
        *("with", "et", "al", "co", "please", "review", "meets", "quorum", "from", "to"),
        *("the", "of", "for", "in", "on", "at", "by", "see", "and", "or", "is", "are"),
    ]
)
# Lowercase single words that fill a role or a list without naming anyone.
_NOT_HANDLES = frozenset(
    [
        "none",
        "n/a",
        "na",
        "tbd",
        "tba",
        "nobody",
        "all",
        "everyone",
        "approved",
        "done",
        "yes",
        "no",
        "here",
        "below",
        "above",
        "link",
        "recorded",
        "recording",
        "later",
        "someone",
        "anyone",
        "volunteer",
        "needed",
    ]
)


# -- rows ---------------------------------------------------------------------------------


@dataclass(slots=True)
class Row:
    """What one row of an attendee block says."""

    people: list[Attendee] = field(default_factory=list)
    absent: list[Attendee] = field(default_factory=list)
    count: int | None = None  # "4 people in total"
    entries: int = 0  # how many people the row meant to name (0: a label or template)
    odd: str = ""  # a row with text that named nobody
    mark: bool | None = None  # an attendance mark: True ticked, False left empty

    def as_absent(self) -> Row:
        """The same row under an absentee label: everyone it names sent regrets."""
        return Row(absent=self.people + self.absent, entries=self.entries, count=self.count)


def clean_handle(value: str) -> str:
    """'@ada', 'https://github.com/ada', '[ada](…)' text 'ada' -> 'ada'."""
    value = value.strip()
    if match := _GITHUB_URL.match(value):
        return match.group(1)
    value = value.lstrip("@").strip()
    return value if re.fullmatch(r"[A-Za-z0-9][A-Za-z0-9_-]{0,38}", value) else ""


_TEMPLATE_HANDLES = frozenset({"name", "handle", "username", "user", "you", "yourname"})


@lru_cache(maxsize=16384)
def is_template_row(text: str) -> bool:
    """'name | institution | GitHub handle', '**Name (Initials)**', 'n/a': template text."""
    if fold(text).strip(" *_:.") in _TEMPLATE_WORDS:
        return True
    parts = [fold(p).strip(" *_:") for p in re.split(r"[|,/]", text) if p.strip(" *_")]
    if parts and all(p in _TEMPLATE_WORDS for p in parts):
        return True
    return bool(_PLACEHOLDER.search(text.strip()))


def initials_agree(initials: str, name: str) -> bool:
    """'MY' for Mia Young, 'JRG' for José Ruiz-García; not 'LF' for Kate Stewart."""
    words = [w for w in re.split(r"[\s\-]+", fold(name)) if w[:1].isalpha()]
    if not words or fold(initials[0]) != words[0][0]:
        return False
    letters = iter("".join(words))
    return all(c in letters for c in fold(initials))


def from_text(text: str) -> Attendee | None:
    """One person: 'AB: Ada Byron (@ada), Analytical Co', 'JRG, José Ruiz-García (@jruiz),
    Initech', 'Ada Byron / Analytical Co / @ada', 'Mia Young (MY)', 'Ada (Analytical Co)'."""
    person = _person_of(text)  # the same rows recur in every meeting of a series
    return dataclasses.replace(person) if person else None


@lru_cache(maxsize=16384)
def _person_of(text: str) -> Attendee | None:
    text = without_emphasis(text).strip()
    if not text or _NOT_A_NAME.search(text) or is_template_row(text):
        return None
    if PEOPLE_COUNT.match(text):
        return None
    initials = ""
    lead = split_lead(text, weak=True)
    if lead is not None and looks_like_initials(lead.written) and lead.rest.strip():
        initials, text = lead.written, lead.rest
    affiliation = ""
    if company := _AT_COMPANY.search(text):
        affiliation, text = company.group("org"), text[: company.start()]
    handle = ""
    if glued := _GLUED_HANDLE.search(text):  # "Ada Byron@ada": the handle glued to the name
        text = f"{text[: glued.start()]} @{glued.group(1)}"
    if match := _HANDLE.search(text):
        handle = "" if match.group(1).casefold() in _TEMPLATE_HANDLES else match.group(1)
        text = (text[: match.start()] + text[match.end() :]).replace("github.com/", "")
        text = re.sub(r"[<{(\[]\s*[>})\]]|[<>{}]", " ", text.replace("( )", "()")).replace("()", "")
    insides = [p.strip() for p in _PAREN.findall(text)]
    text = _PAREN.sub("", text)
    text = re.sub(r"\s*\([^)]*$", "", text)  # an unclosed parenthesis and what follows
    text = text.replace(")", " ")  # a parenthesis left open the other way: "Jo Li @jl)"
    parts = [p.strip(" .,;:-*") for p in _SPLIT_FIELDS.split(text) if p.strip(" .,;:-*")]
    name = parts[0] if parts else ""
    for inside in insides:
        agrees = _PAREN_INITIALS.match(inside) and inside.isupper() and not initials
        if agrees and initials_agree(inside, name):
            initials = inside
            continue
        if inside and not affiliation and _reads_as_affiliation(inside):
            affiliation = inside
    if len(parts) > 1 and not affiliation:
        affiliation = parts[1]
    if name.startswith("@") or is_template_row(name):
        name = ""  # "n/a (covered by @lidel)": the handle is the person
    if not name and not handle:
        return None
    if name and not _reads_as_name(name):
        return None
    return Attendee(name, initials, affiliation, handle)


def _reads_as_affiliation(text: str) -> bool:
    """'Analytical Co', 'EF/Ewasm', 'IBM, GTI' are affiliations; 'have to leave early' is a
    remark."""
    words = text.split()
    if len(text) < 2 or text.casefold() in _REMARKS:
        return False  # "[x]", "[NEW]", "(guest)"
    return 0 < len(words) <= 6 and not (words[0][0].islower() and len(words) > 1)


_REMARKS = frozenset({"new", "guest", "late", "remote", "tbc", "tbd", "?", "left early"})


def _reads_as_name(name: str) -> bool:
    """A name is a few words starting with letters, not a sentence, a date nor a group."""
    words = name.split()
    if any(w.casefold().strip(".,:;") in _NOT_PERSON_WORDS for w in words) or "#" in name:
        return False
    if not 0 < len(words) <= 5 or not (name[0].isalpha() or name[0] in "[('\""):
        return False
    if len(words) >= 3 and sum(w[0].islower() for w in words) >= 2:
        return False  # "I'm present at the summit", "talked about the release"
    if any(w.casefold() in _PROSE_WORDS for w in words):
        return False  # "with assist", "et al", "please review"
    if any(c.isdigit() for c in name):
        return False  # "Thursday 2025/1/9 at 14:00 UTC"
    return not any(c in name for c in "!?=<>{}+:")


def _bare_word(part: str) -> Attendee | None:
    """A lowercase handle or first name standing alone ('eholk', 'oli'), never a filler word."""
    if re.fullmatch(r"[a-z][a-z0-9_.-]*", part) and part not in _NOT_HANDLES:
        return Attendee(name=part)
    return None


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
        if person := _bare_word(part) or from_text(part):
            people.append(person)
    return people


def _name_entries(text: str) -> int:
    return len([p for p in _outside_parens(text) if p.strip()])


_AND = re.compile(r"\s+and\s+|\s*&\s*")


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


# "Team members: ada, chen", "Council: Carol, JP", "Ithaca: Hsiao-Wei Wang".
_GROUP = re.compile(r"^\W*(?P<label>[\w' /&-]{1,30}?)\s*\**\s*:\s*\**\s*(?P<rest>.*)$", re.S)


def read_row(text: str) -> Row:
    """What one row of an attendee block says (see the module's docstring)."""
    text = without_emphasis(text).strip().strip("*_ ").strip()
    mark = None
    if box := _MARK_BOX.match(text):
        mark, text = bool(box.group("mark")), text[box.end() :]
    if not text or is_template_row(text) or not _LETTER.search(text):
        return Row(mark=mark)  # template text, or a rule of dashes and pipes
    if match := PEOPLE_COUNT.match(text):
        return Row(count=int(match.group(1)))
    if label := LABEL.match(text) or ROLE.match(text):
        rest = label.group("rest").strip()
        if rest.isdigit():  # "Attendance: 8"
            return Row(count=int(rest))
        people = from_names(rest)
        if ABSENT_HEADING.search(label.group("label")):
            return Row(absent=people, entries=len(people))
        return Row(people=people, entries=_name_entries(rest) if rest else 0, mark=mark)
    if (group := _GROUP.match(text)) and not looks_like_initials(group.group("label").strip()):
        rest = group.group("rest").strip()
        people = from_names(rest)
        if people and len(people) * 2 >= _name_entries(rest):
            return Row(people=people, entries=len(people), mark=mark)
        return Row(odd=text, entries=1)
    person = from_text(text)
    if person is None:
        return Row(odd=text, entries=1, mark=mark)
    remark = " ".join(_PAREN.findall(text))
    if _ABSENCE_REMARK.search(remark):  # "Kate Lund (absent - travelling)"
        return Row(absent=[person], entries=1)
    return Row(people=[person], entries=1, mark=mark)


def from_table(rows: list[list[str]], require_header: bool = False) -> Row:
    """Attendees from table rows; columns matched by header name, else guessed by shape. A
    mark column (`x` for who came) keeps only the marked rows; a word there is a regret."""
    if not rows:
        return Row()
    fields = [_column(cell) for cell in rows[0]]
    if "name" not in fields and "handle" not in fields:
        if require_header:
            return Row()
        return _merge(_guess_row(row) for row in rows)
    marks = [c for c, f in enumerate(fields) if f == "mark"]
    mark_column = next(
        (c for c in marks if all(_mark_cell(r[c] if c < len(r) else "") for r in rows[1:])), None
    )
    result = Row()
    for row in rows[1:]:
        values: dict[str, str] = {}
        for column, cell in zip(fields, row, strict=False):
            if column and cell.strip() and column not in values:
                values[column] = cell.strip()
        if not any(v for k, v in values.items() if k != "mark"):
            continue  # an empty template row
        name = values.get("name", "")
        person = from_text(name) if name else None
        handle = clean_handle(values.get("handle", ""))
        if person is None and not handle:
            if name and not is_template_row(name) and not PEOPLE_COUNT.match(name):
                result.odd = result.odd or name
                result.entries += 1
            continue
        person = person or Attendee(name="")
        person.initials = values.get("initials", person.initials)
        person.affiliation = values.get("affiliation", person.affiliation)
        person.handle = handle or person.handle
        mark = fold(row[mark_column]).strip() if mark_column is not None else "x"
        result.entries += 1
        if mark in _MARKED:
            result.people.append(person)
        elif mark:
            result.absent.append(person)  # "regrets" written in the mark cell
        else:
            result.entries -= 1  # listed, not marked: did not come
    return result


def _column(header: str) -> str | None:
    """The field a header names: 'Name/Affiliation' is the name, 'GH ID' the handle."""
    cell = fold(header).strip(" :*")
    if cell in _HEADER_TO_FIELD:
        return _HEADER_TO_FIELD[cell]
    first = re.split(r"\s*[/&(]\s*", cell)[0]
    return _HEADER_TO_FIELD.get(first) if first else None


def _mark_cell(cell: str) -> bool:
    """A cell of a mark column: empty, a tick, or a short word or an absence remark."""
    value = fold(cell).strip()
    if _ABSENCE_REMARK.search(value):
        return True
    return len(value) <= 12 and (
        not value or value in _MARKED or not any(c.isdigit() for c in value)
    )


def _guess_row(row: list[str]) -> Row:
    """A header-less row: the first cell is the name, other cells are recognised by shape."""
    cells = [c.strip() for c in row]
    if not cells or not cells[0] or set(cells[0]) <= set("-: "):
        return Row()
    if not _reads_as_name(cells[0]) or is_template_row(cells[0]):
        return Row(odd=cells[0], entries=1)
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
    return Row(people=[attendee], entries=1)


def _merge(rows: Iterable[Row]) -> Row:
    """Rows of one block as one: ticked boxes, when the block uses them, decide who came."""
    rows = list(rows)
    marked = any(r.mark for r in rows)
    merged = Row()
    for row in rows:
        if marked and row.mark is False:
            continue  # an empty box in a list of ticked ones: did not come
        merged.people.extend(row.people)
        merged.absent.extend(row.absent)
        merged.entries += row.entries
        merged.count = row.count if row.count is not None else merged.count
        merged.odd = merged.odd or row.odd
    return merged


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


# -- candidates ---------------------------------------------------------------------------

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


def _block_row(block: Block, candidate_leftover: list[tuple[int, list[Item]]]) -> Row:
    """What one block of an attendee section says."""
    if block.kind == "table":
        return from_table(block.rows)
    if block.kind == "code":
        rows = table_in_code(block.text)
        return from_table(rows) if rows else Row()
    if block.kind == "paragraph":
        if (
            block.source.strip().startswith(("**", "__"))
            and block.source.strip().endswith(("**", "__", ":"))
            and len(block.text.split()) <= 4
        ):
            return Row()  # a bold group label: "**Members**", "**Visitors**"
        lines = [line for line in block.source.split("\n") if line.strip()]
        if len(lines) > 1:  # one person (or one labelled group) a line
            return _merge(read_row(line) for line in lines)
        row = read_row(block.text)
        if row.entries <= 1 and not row.count and "," in block.text and not row.absent:
            named = from_names(block.text)
            return Row(people=named, entries=max(_name_entries(block.text), 1))
        return row
    if block.kind == "list":
        return _list_rows(block.items, block.section, candidate_leftover)
    return Row()


def _list_rows(items: list[Item], section: int, leftover: list[tuple[int, list[Item]]]) -> Row:
    """The rows of an attendee list; nested bullets are groups. When the list goes on with
    the agenda (a note without an agenda heading), the rest is left to the agenda."""
    rows: list[Row] = []
    people = 0
    for at, item in enumerate(items):
        item_rows = [_item_row(item)] + [_item_row(child) for child in item.children]
        found = sum(len(r.people) + len(r.absent) for r in item_rows)
        if not found and people >= 2 and (item.children or item.links):
            leftover.append((section, items[at:]))
            break
        people += found
        rows.extend(item_rows)
    return _merge(rows)


def _item_row(item: Item) -> Row:
    """One bullet; a bullet of several lines ('Ana\\n*Ben' lazily continued) is a row a line."""
    lines = [line.strip().lstrip("*-+ ") for line in item.markdown.split("\n") if line.strip()]
    if len(lines) > 1 and all(not line.endswith(":") for line in lines):
        return _merge(read_row(line) for line in lines)
    state_mark = {"done": "[x] ", "open": "[ ] "}.get(item.state, "")
    return read_row(state_mark + item.text if state_mark and item.text else item.text)


def _where(kind: str, title: str, line: int) -> str:
    return f"{kind} {title!r} (line {line})" if title else f"{kind} (line {line})"


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
                    _where("the blocks under", own_title, sections[member].line),
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
        if rows and leftover is not None and _ends_attendees(block, rows):
            leftover.extend((section, b.items) for b in blocks[at + 1 :] if b.kind == "list")
            break
        row = _block_row(block, leftover if leftover is not None else [])
        if block.kind == "paragraph" and (opening := _open_label(block.source.split("\n")[-1])):
            absent = bool(ABSENT_HEADING.search(opening))
        elif absent:
            row = row.as_absent()
        rows.append(row)
    return _merge(rows)


def _ends_attendees(block: Block, rows: list[Row]) -> bool:
    """After people were read, a paragraph of prose ('Phil is still trying to …') or an
    agenda label ('Topics:', 'Action items:') ends the attendee block: what follows is the
    meeting itself, in a note with no heading between."""
    if block.kind != "paragraph" or not any(r.people or r.absent for r in rows):
        return False
    text = block.text.strip()
    if CONTAINER_HEADING.match(text) or ACTIONS_LABEL.match(text):
        return True
    row = read_row(text)
    return not (row.people or row.absent) and len(text.split()) >= 6 and not text.endswith(":")


def after_labels(draft: Draft) -> list[Candidate]:
    """A label line (`Attendees:`, `**Remote attendees:**`, `Regrets: X, Y`, a paragraph
    ending `… Roll call:`, a bold `**Attendees**`) and the list, table or code block right
    after it, or the names on the line itself; role lines (`Facilitator: Ana`)."""
    candidates = []
    blocks = draft.blocks
    for at, block in enumerate(blocks):
        if block.kind != "paragraph" or len(block.text) > 600:
            continue
        if ":" not in block.source and "**" not in block.source and "__" not in block.source:
            continue  # no label can stand in a paragraph without a colon or bold
        lines = (block.source or block.text).split("\n")
        for number, line in enumerate(lines):
            plain = _label_text(line)
            label = LABEL.match(plain)
            if label is None or not label.group("rest").strip():
                continue
            row = read_row(plain)
            candidates.append(
                Candidate(
                    _where("the names after", label.group("label"), block.line + number),
                    LABELLED,
                    block.section,
                    block.line + number,
                    row,
                    blocks=[block],
                    claims=[(id(block), number)],
                )
            )
        for number, line in enumerate(lines):
            role = ROLE.match(_label_text(line))
            if role and (people := _role_people(role.group("rest"))):
                candidates.append(
                    Candidate(
                        _where("the role line", role.group("label"), block.line + number),
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
        if following.kind not in ("list", "table", "code"):
            continue
        leftover: list[tuple[int, list[Item]]] = []
        row = _block_row(following, leftover)
        if ABSENT_HEADING.search(opening):
            row = row.as_absent()
        candidates.append(
            Candidate(
                _where(f"the {following.kind} after", opening, following.line),
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


def _labelled_lines(block: Block, lines: list[str]) -> list[Candidate]:
    """Inside one paragraph: a label on a line of its own (`**Attendees**`) and the people on
    the lines after it, up to the next label."""
    candidates = []
    for number, line in enumerate(lines[:-1]):
        opening = _open_label(line)
        if opening is None:
            continue
        rows = []
        for following in lines[number + 1 :]:
            if _open_label(following) or LABEL.match(_label_text(following)):
                break
            if ROLE.match(_label_text(following)):
                break
            rows.append(read_row(following))
        row = _merge(rows)
        if ABSENT_HEADING.search(opening):
            row = row.as_absent()
        candidates.append(
            Candidate(
                _where("the lines after", opening, block.line + number),
                LABELLED,
                block.section,
                block.line + number,
                row,
                blocks=[block],
                claims=[(id(block), number)],
            )
        )
    return candidates


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
                    _where("the role heading", role.group("label"), block.line),
                    ROLE_LINE,
                    block.section,
                    block.line,
                    Row(people=people, entries=len(people)),
                )
            )
    return candidates


def _label_text(line: str) -> str:
    """A line as a label is matched: no emphasis, and no remark in parentheses right after
    the label ("Attendance (please add yourself):")."""
    plain = without_emphasis(line).strip()
    return re.sub(r"^(\W*[\w' -]{1,40}?)\s*\([^)]*\)\s*:", r"\1:", plain)


def _open_label(line: str) -> str | None:
    """The label a paragraph's last line opens for the block after it, if any."""
    plain = _label_text(line)
    if (label := LABEL.match(plain)) and not label.group("rest").strip():
        return label.group("label")
    if trailing := TRAILING_LABEL.search(plain):
        return trailing.group("label")
    if line.strip().startswith(("**", "__")) and BOLD_LABEL.match(plain.strip(" :")):
        return plain.strip(" :")
    return None


def _role_people(rest: str) -> list[Attendee]:
    """The people a role line names: capitalised names or handles, never 'see below'."""
    rest = rest.strip()
    if not rest or len(rest.split()) > 8:
        return []
    people = from_names(rest)
    entries = _name_entries(rest)
    if not people or len(people) < entries:
        return []
    return people


def in_lists(draft: Draft) -> list[Candidate]:
    """Attendees inside a list outside attendee sections: a bullet labelled `Attendees:`
    with the people nested under it (or on it), a bullet about attendance ('Record
    attendance') whose nested bullets are labelled groups, and role bullets (`Lead: @ada`)."""
    candidates = []
    for block in draft.blocks:
        if block.kind != "list":
            continue
        for item in _walk(block.items):
            if ":" not in item.text and not _ABOUT_ATTENDANCE.search(item.text):
                continue  # neither a label nor about attendance: most agenda bullets
            text = _label_text(item.text)
            label = LABEL.match(text)
            about = bool(_ABOUT_ATTENDANCE.search(text))
            if label and label.group("rest").strip() and not item.children:
                rest = label.group("rest").strip()
                people = from_names(rest)
                row = Row(people=people, entries=_name_entries(rest))
                if ABSENT_HEADING.search(label.group("label")):
                    row = Row(absent=people, entries=row.entries)
                where = _where("the bullet", label.group("label"), item.line)
                candidates.append(
                    Candidate(where, LABELLED, block.section, item.line, row, items=[item])
                )
            elif (label or (about and len(text.split()) <= 6)) and item.children:
                leftover: list[tuple[int, list[Item]]] = []
                row = _list_rows(item.children, block.section, leftover)
                if label and ABSENT_HEADING.search(label.group("label")):
                    row = row.as_absent()
                where = _where("the bullets under", text[:40], item.line)
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
                where = _where("the role bullet", role.group("label"), item.line)
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


_LETTER = re.compile(r"[^\W\d_]")
_ABOUT_ATTENDANCE = re.compile(r"\battend(?:ance|ees?)\b|\broll\s*call\b", re.I)


def _walk(items: list[Item]) -> Iterable[Item]:
    for item in items:
        yield item
        yield from _walk(item.children)


def before_headings(draft: Draft) -> list[Candidate]:
    """An attendee table before any heading, with a header row that names its columns."""
    return [
        Candidate(
            _where("the table before the first heading", "", b.line),
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
        entries = _name_entries(block.text)
        with_initials = [p for p in people if p.initials]
        if len(people) < 2 or len(people) < entries or len(with_initials) * 2 < len(people):
            continue
        if not {p.initials for p in with_initials} & speakers:
            continue
        candidates.append(
            Candidate(
                _where("the paragraph of names", "", block.line),
                UNLABELLED,
                block.section,
                block.line,
                Row(people=people, entries=entries),
                blocks=[block],
            )
        )
    return candidates


Recogniser = Callable[[Draft], list[Candidate]]
RECOGNISERS: tuple[Recogniser, ...] = (
    under_headings,
    after_labels,
    in_lists,
    role_headings,
    before_headings,
    unlabelled_paragraph,
)
"""Each proposes candidates; `resolve` decides. A new convention is a new entry."""


def find_attendees(draft: Draft) -> Found:
    """Everyone the note lists as attending (deduplicated), absentees apart."""
    candidates = [c for recognise in RECOGNISERS for c in recognise(draft)]
    return resolve(candidates)


def resolve(candidates: list[Candidate]) -> Found:
    """Choose among the candidates:

    - a candidate counts only when at least half of its rows read as people;
    - attendee sections win over everything else; a labelled list inside the agenda
      ("Participants: Art, Peter" under a topic) then names a topic's people, not the
      meeting's;
    - an unlabelled paragraph counts only when nothing labelled was found;
    - role lines (lead, notetaker, facilitator) name people who were there; when the note
      also lists its attendees they complete that list rather than extend it (`fills_role`);
    - a block is read once: a later candidate on a block already taken loses.
    """
    found = Found()
    heading_sections = {c.section for c in candidates if c.strength == HEADING}
    has_heading = any(c.strength == HEADING and c.row.people for c in candidates)
    has_labelled = any(c.strength >= LABELLED and c.row.people for c in candidates)
    first_heading_line = min(
        (c.line for c in candidates if c.strength == HEADING and c.row.people), default=0
    )
    taken: set[object] = set()
    people: list[Attendee] = []
    in_role: list[Attendee] = []
    absent: list[Attendee] = []
    for c in candidates:
        row = c.row
        if row.count is not None and c.strength >= LABELLED:
            found.stated_count = row.count
        reason = ""
        named = len(row.people) + len(row.absent)
        if not named:
            reason = "no rows read as people" if row.entries or row.odd else "empty"
        elif c.strength != ROLE_LINE and not reads_as_people(row.people + row.absent, row.entries):
            reason = f"{named} of {row.entries} rows read as people"
        elif c.strength == LABELLED and c.section in heading_sections:
            reason = "inside an attendee section already read"
        elif c.strength == LABELLED and has_heading and c.line > first_heading_line:
            reason = "a label inside the agenda, after the attendee section"
        elif c.strength == UNLABELLED and has_labelled:
            reason = "unlabelled, and the note labels its attendees"
        elif any(claim in taken for claim in c.claims):
            reason = "its block was read by an earlier candidate"
        if reason:
            found.explain.append(f"lost: {c.where}: {reason}")
            if c.strength == HEADING and (row.entries or row.odd) and not named:
                found.doubts.append(f"{c.where} holds rows but no people were read")
            continue
        found.explain.append(
            f"kept: {c.where}: {len(row.people)} attending"
            + (f", {len(row.absent)} absent" if row.absent else "")
        )
        taken.update(c.claims)
        people.extend(row.people)
        if c.strength == ROLE_LINE:
            in_role.extend(row.people)
        absent.extend(row.absent)
        found.sections.update(c.sections)
        found.claimed.extend(b for b in c.blocks if b.section not in c.sections)
        found.claimed_items.extend(c.items)
        found.leftover.extend(c.leftover)
        if c.strength == HEADING and row.odd:
            found.not_people.append(row.odd)
    roster = [a for a in people if all(a is not r for r in in_role)]
    for person in in_role:
        listed = fills_role(person, roster)
        if listed is not None and listed is not person:
            people = [p for p in people if p is not person]
            found.explain.append(
                f"merged: role name '{person.label}' is the listed '{listed.label}'"
            )
            if len(person.name.split()) > len(listed.name.split()):
                listed.name = person.name
        elif listed is None:
            people = [p for p in people if p is not person]
            found.explain.append(
                f"lost: role name '{person.label}': a handle not on the attendee list"
            )
    gone = {person_key(a) for a in absent}
    found.attendees = [a for a in deduplicate(people) if person_key(a) not in gone]
    found.absent = deduplicate(absent)
    if found.stated_count is not None and found.stated_count != len(found.attendees):
        found.doubts.append(
            f"the note says {found.stated_count} attended, {len(found.attendees)} were read"
        )
    return found


def fills_role(person: Attendee, roster: list[Attendee]) -> Attendee | None:
    """Who a role line's person is, given the attendee list ('Facilitator: Ana' beside
    'Attendees: Ana Ruiz, Bo Li'): the one listed person of that first name, or of that
    handle shape ('eholk' for Eric Holk, 'anar' for Ana Ruiz); 'Moderator: Ana Ruiz' beside
    a list naming only 'Ana' is her (the caller keeps the fuller name); the person themself when the
    list is empty, names them the same way or does not name them and they are written as a
    name. None for a bare handle not on the list: someone listed under another name, we
    cannot tell who, and we do not guess."""
    if not roster or person.handle:
        return person
    if len(person.name.split()) > 1:
        first = fold(person.name.split()[0]).casefold()
        alone = [r for r in roster if fold(r.name).casefold() == first and not r.handle]
        if len(alone) == 1 and not any(first in _short_forms(r.name) for r in roster):
            return alone[0]
        return person
    key = _meeting_key(person)
    if any(_meeting_key(r) == key for r in roster):
        return person
    word = fold(person.name).casefold()
    matches = [r for r in roster if word in _short_forms(r.name)]
    if len(matches) == 1:
        return matches[0]
    return None if person.name.islower() else person


def _short_forms(name: str) -> set[str]:
    """The one-word forms a full name goes by: first name, initial and surname, first name
    and initial ('Eric Holk' -> eric, eholk, erich)."""
    words = [w for w in re.split(r"[^\w]+", fold(name).casefold()) if w]
    if len(words) < 2:
        return set()
    first, last = words[0], words[-1]
    return {first, first[0] + last, first + last[0], first + last}


def _meeting_key(attendee: Attendee) -> str:
    """Who a row is within one meeting: `person_key`, and a one-word name whatever its case
    ('Ana' on the facilitator line is the 'ana' of the attendance line)."""
    if not attendee.handle and len(attendee.name.split()) == 1:
        return person_key(Attendee(attendee.name.casefold()))
    return person_key(attendee)


def deduplicate(attendees: Iterable[Attendee]) -> list[Attendee]:
    """Drop repeated rows of the same person (`person_key`: the one identity rule); a later
    row may add the handle, initials or affiliation the first one lacked."""
    seen: dict[str, Attendee] = {}
    by_handle: dict[str, Attendee] = {}
    for attendee in attendees:
        key = _meeting_key(attendee)
        first = seen.get(key) or (
            by_handle.get(attendee.handle.casefold()) if attendee.handle else None
        )
        if first is None and attendee.handle:
            first = seen.get(_meeting_key(Attendee(attendee.name)))
            if first is not None and first.handle:
                first = None
        if first is not None:
            first.handle = first.handle or attendee.handle
            first.initials = first.initials or attendee.initials
            first.affiliation = first.affiliation or attendee.affiliation
            first.name = first.name or attendee.name
            continue
        seen[key] = attendee
        if attendee.handle:
            by_handle[attendee.handle.casefold()] = attendee
            if attendee.name:
                seen[_meeting_key(Attendee(attendee.name))] = attendee
    unique: list[Attendee] = []
    for attendee in seen.values():
        if all(attendee is not u for u in unique):
            unique.append(attendee)
    return unique
