"""Reading attendees from tables, bullets and plain lists of names."""

from __future__ import annotations

import re
from collections.abc import Iterable

from tuinotes.core.model import Attendee
from tuinotes.core.text import fold

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

_INITIALS = re.compile(r"^[A-ZÀ-Þ][A-Za-zÀ-ÿ]{0,3}$")
_LEADING_INITIALS = re.compile(r"^\s*\(?([A-ZÀ-Þ][A-Za-zÀ-ÿ]{0,3})\)?\s*[:\-–—]\s+(?=\S)")
_HANDLE = re.compile(r"(?:github\.com/|(?<![\w.])@)([A-Za-z0-9](?:[A-Za-z0-9_-]{0,38}))")
_GITHUB_URL = re.compile(r"https?://(?:www\.)?github\.com/([A-Za-z0-9_-]+)/?$")
_PAREN = re.compile(r"\(([^()]*)\)")
PEOPLE_LINE = re.compile(r"\b\d+\s+(people|persons|attendees|participants)\b", re.I)
_NOT_A_NAME = re.compile(r"https?://|\d+\s+(people|persons|attendees)|^\W*$", re.I)


def looks_like_initials(text: str) -> bool:
    """'AB', 'JdL', 'ÉM' are initials; 'Note' or 'TODO' spelled long are not."""
    if not _INITIALS.match(text):
        return False
    capitals = sum(1 for c in text if c.isupper())
    return capitals >= max(1, len(text) - 1) or (len(text) <= 3 and capitals >= 2)


def derive_initials(name: str) -> str:
    """'Ada Lovelace' -> 'AL'; 'Zoë' -> 'Z'."""
    words = [w for w in re.split(r"[\s\-]+", name) if w and w[0].isalpha()]
    if not words:
        return ""
    if len(words) == 1:
        return words[0][0].upper()
    return (words[0][0] + words[-1][0]).upper()


def clean_handle(value: str) -> str:
    """'@ada', 'https://github.com/ada', '[ada](…)' text 'ada' -> 'ada'."""
    value = value.strip()
    if match := _GITHUB_URL.match(value):
        return match.group(1)
    value = value.lstrip("@").strip()
    return value if re.fullmatch(r"[A-Za-z0-9][A-Za-z0-9_-]{0,38}", value) else ""


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
        for field, cell in zip(fields, row, strict=False):
            if field and cell.strip() and field not in values:
                values[field] = cell.strip()
        attendee = Attendee(
            name=values.get("name", ""),
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


def from_text(text: str) -> Attendee | None:
    """One bullet: 'AB: Ada Byron (@ada), Analytical Co' or 'Ada Byron - Analytical Co'."""
    text = text.strip()
    if not text or _NOT_A_NAME.search(text):
        return None
    initials = ""
    if match := _LEADING_INITIALS.match(text):
        initials, text = match.group(1), text[match.end() :]
    handle = ""
    if match := _HANDLE.search(text):
        handle = match.group(1)
        text = (text[: match.start()] + text[match.end() :]).replace("github.com/", "")
        text = text.replace("()", "").replace("( )", "")
    affiliation = ""
    parens = [p.strip() for p in _PAREN.findall(text) if p.strip()]
    text = _PAREN.sub("", text)
    parts = re.split(r"\s*(?:,|\s[-–—|]\s)\s*", text, maxsplit=1)
    name = parts[0].strip(" .,;:-")
    if len(parts) > 1:
        affiliation = parts[1].strip(" .,;")
    elif parens:
        affiliation = parens[0]
    if not name and not handle:
        return None
    if len(name.split()) > 6:  # a sentence, not a name
        return None
    return Attendee(name, initials, affiliation, handle)


def from_paragraph(text: str) -> list[Attendee]:
    """Old notes: 'Ada Byron, Alan Turing, Grace Hopper' or one name per line."""
    if PEOPLE_LINE.search(text):
        return []
    parts = re.split(r"\s*[,;]\s*|\s+and\s+", text)
    people = [from_text(part) for part in parts if 0 < len(part.split()) <= 4]
    return [p for p in people if p]


def deduplicate(attendees: Iterable[Attendee]) -> list[Attendee]:
    """Drop repeated rows of the same person (same handle, else same folded name)."""
    seen: set[str] = set()
    unique = []
    for attendee in attendees:
        key = attendee.handle.casefold() or fold(attendee.name)
        if key and key not in seen:
            seen.add(key)
            unique.append(attendee)
    return unique


def speaker_lookup(attendees: list[Attendee]) -> dict[str, Attendee]:
    """Map the ways a speaker is written (initials, handle, first name) to the attendee."""
    lookup: dict[str, Attendee] = {}
    # Weakest first, so stronger keys overwrite: first names, derived initials, handles, initials.
    for attendee in attendees:
        words = [w for w in re.split(r"[\s\-]+", attendee.name) if w[:1].isalpha()]
        if words:
            lookup.setdefault(words[0].casefold(), attendee)
            lookup.setdefault("".join(w[0] for w in words).casefold(), attendee)
            lookup.setdefault(derive_initials(attendee.name).casefold(), attendee)
    for attendee in attendees:
        if attendee.handle:
            lookup[attendee.handle.casefold()] = attendee
    for attendee in attendees:
        if attendee.initials:
            lookup[attendee.initials.casefold()] = attendee
    return lookup
