"""What the index keeps of each note: a listing record, its actions, and who a person is.

These dataclasses are pickled into the index; `tuinotes.indexer.stamp` fingerprints
their fields, so changing one re-indexes every folder on its next open.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date
from functools import lru_cache
from typing import Any, Literal

from tuinotes.model.meeting import Attendee
from tuinotes.model.text import fold, without_titles

Day = date  # the type, for annotations inside classes that have a `date` field
ActionState = Literal["open", "done"]
ActionKind = Literal["task", "marked", "said", "section"]


def person_key(attendee: Attendee) -> str:
    """The one identity rule: a person per GitHub handle when known, else per name (folded,
    apostrophes, dashes, punctuation and middle initials aside: "Lena M. Ortiz" is "Lena
    Ortiz", "O’Neall" and "ONeall" are "O'Neall", "Hsiao Wei" is "Hsiao-Wei"); a name
    written as one lowercase word is the handle it spells (`lidel` is `@lidel`)."""
    if attendee.handle:
        return f"gh:{attendee.handle.casefold()}"
    if _NAME_AS_HANDLE.fullmatch(attendee.name):
        return f"gh:{attendee.name.casefold()}"
    return f"name:{name_key(attendee.name)}"


# A name written as one lowercase word is the handle it spells ('lidel'); not one with a
# dot, which is an initial and a surname as often ('j.smith' is J. Smith).
_NAME_AS_HANDLE = re.compile(r"[a-z0-9][a-z0-9_-]{0,38}")


@lru_cache(maxsize=8192)  # the same names recur in every meeting of a folder
def name_key(name: str) -> str:
    """'Lena M. Ortiz' -> 'lena ortiz'; 'José Núñez' -> 'jose nunez'; "Gary O'Neall" ->
    'gary oneall'; 'Hsiao-Wei Wang' -> 'hsiao wei wang' (a dash parts a name as a space);
    'Dr. Chioma Obi, PhD' -> 'chioma obi'."""
    words = without_titles([w for w in re.split(r"[\W_]+", fold(name).replace("'", "")) if w])
    if len(words) > 2:
        words = [words[0], *(w for w in words[1:-1] if len(w) > 1), words[-1]]
    return " ".join(words)


def handle_key(handle: str) -> str:
    """The person key of an @handle named in text (attendee table or not)."""
    return f"gh:{handle.lstrip('@').casefold()}"


def iso(day: date | None) -> str | None:
    """A date as JSON wants it."""
    return day.isoformat() if day else None


def day_of(text: str) -> date:
    """A date given as an argument (CLI, assistants): YYYY-MM-DD, else ValueError saying so."""
    try:
        return date.fromisoformat(text.strip())
    except ValueError:
        raise ValueError(f"{text!r} is not a date: write it as YYYY-MM-DD") from None


@dataclass(frozen=True, slots=True)
class Problem:
    """A file tuinotes skipped or only partly understood, and why (one line)."""

    path: str
    reason: str

    def __str__(self) -> str:
        return f"{self.path}: {self.reason}"


@dataclass(slots=True)
class Action:
    """One commitment: what, who (as written and resolved), open or done, and where."""

    text: str
    state: ActionState
    owner: str = ""  # as written: initials, first name or @handle; "" when nobody is named
    owner_name: str = ""  # resolved through the meeting's attendee table; "" if unresolved
    owner_key: str = ""  # the person key (see `person_key`), "" if unresolved
    line: int = 0
    kind: ActionKind = "said"

    def to_dict(self) -> dict[str, Any]:
        return {
            "text": self.text,
            "state": self.state,
            "owner": self.owner or None,
            "owner_name": self.owner_name or None,
            "owner_key": self.owner_key or None,
            "line": self.line,
            "kind": self.kind,
        }


@dataclass(slots=True)
class NoteRecord:
    """The listing data of one indexed meeting (kept beside the index, no re-parsing needed).

    `path` is the note file relative to the notes folder (POSIX separators); a file that
    holds several meetings gives one record each, `path#anchor` (the anchor its date).
    """

    path: str
    mtime_ns: int
    size: int
    title: str
    date: date | None
    tags: list[str] = field(default_factory=list)
    attendees: list[Attendee] = field(default_factory=list)
    attendee_count: int = 0
    series: str = ""
    open_items: int = 0
    done_items: int = 0
    topics: list[str] = field(default_factory=list)  # the first agenda topics, for list rows
    unresolved: list[str] = field(default_factory=list)  # speakers this meeting doesn't name
    problems: list[str] = field(default_factory=list)

    @property
    def file(self) -> str:
        """The note file this meeting is in."""
        return self.path.split("#", 1)[0]

    @property
    def person_keys(self) -> set[str]:
        return {person_key(a) for a in self.attendees}

    @property
    def sort_key(self) -> tuple[Day, str]:
        """Chronological order: oldest first, undated before all, then by path."""
        return (self.date or date.min, self.path)

    def to_dict(self) -> dict[str, Any]:
        return {
            "path": self.path,
            "title": self.title,
            "date": iso(self.date),
            "tags": self.tags,
            "series": self.series,
            "attendee_count": self.attendee_count,
            "attendees": [a.label for a in self.attendees],
            "open_items": self.open_items,
            "done_items": self.done_items,
            "problems": self.problems,
        }


UNDATED = "undated"


def day_text(day: date | None) -> str:
    """A meeting's date as every list shows it; undated meetings keep the column aligned."""
    return day.isoformat() if day else UNDATED.ljust(10)
