"""What the meeting memory answers with: a topic across meetings and each meeting's
discussion of it, decisions, open threads, and what changed since the previous meeting."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Literal

from tuinotes.model.memory import MemoryLine
from tuinotes.model.record import NoteRecord, iso

ThreadState = Literal["open", "closed", "quiet"]


@dataclass(slots=True)
class Occurrence:
    """One meeting's discussion of a topic: its item and the lines under it."""

    record: NoteRecord
    item: MemoryLine
    lines: list[MemoryLine] = field(default_factory=list)
    mention: bool = False  # only linked from the discussion of another item (`item`)

    def to_dict(self) -> dict[str, Any]:
        return {
            "path": self.record.path,
            "mention": self.mention,
            "date": iso(self.record.date),
            "meeting": self.record.title,
            "item": self.item.text,
            "line": self.item.line,
            "state": self.item.state,
            "section": self.item.section,
            "raised_by": self.item.who or None,
            "discussion": [line.said for line in self.lines if not line.decision],
            "decisions": [line.text for line in self.lines if line.decision],
        }


@dataclass(slots=True)
class Topic:
    """A topic across meetings, oldest first."""

    key: str
    label: str
    occurrences: list[Occurrence]

    @property
    def title(self) -> str:
        """The topic's name for people: its key with its latest item text."""
        items = [o.item.text for o in self.occurrences if not o.mention]
        item = items[-1] if items else ""
        return f"{self.label} — {item}" if self.label != item and item else self.label

    def to_dict(self) -> dict[str, Any]:
        return {
            "topic": self.label,
            "key": self.key,
            "title": self.title,
            "meetings": [o.to_dict() for o in self.occurrences],
        }


@dataclass(slots=True)
class Decision:
    """What a meeting decided on one topic (one or more lines)."""

    record: NoteRecord
    topic: str
    label: str
    lines: list[MemoryLine]

    @property
    def line(self) -> int:
        return self.lines[0].line

    def to_dict(self) -> dict[str, Any]:
        return {
            "path": self.record.path,
            "date": iso(self.record.date),
            "meeting": self.record.title,
            "topic": self.label,
            "key": self.topic,
            "line": self.line,
            "decision": [line.text for line in self.lines],
        }


@dataclass(slots=True)
class Thread:
    """A topic of one series as it comes back: open, closed (and where) or gone quiet."""

    series: str
    key: str
    label: str
    item: str  # the item as last written
    state: ThreadState
    first: NoteRecord
    last: NoteRecord
    line: int  # of its item in the last meeting
    times: int  # meetings that discussed it
    closed_in: NoteRecord | None = None

    @property
    def title(self) -> str:
        return f"{self.label} — {self.item}" if self.label != self.item else self.label

    def to_dict(self) -> dict[str, Any]:
        def where(record: NoteRecord | None) -> dict[str, Any] | None:
            return {"path": record.path, "date": iso(record.date)} if record else None

        return {
            "series": self.series,
            "topic": self.label,
            "key": self.key,
            "title": self.title,
            "state": self.state,
            "first_raised": where(self.first),
            "times_discussed": self.times,
            "last_seen": {**(where(self.last) or {}), "line": self.line},
            "closed_in": where(self.closed_in),
        }


@dataclass(slots=True)
class MeetingDiff:
    """A meeting against an earlier one (by default the previous of its series)."""

    meeting: NoteRecord
    since: NoteRecord | None
    new: list[MemoryLine] = field(default_factory=list)
    carried: list[MemoryLine] = field(default_factory=list)
    dropped: list[MemoryLine] = field(default_factory=list)
    joined: list[str] = field(default_factory=list)
    left: list[str] = field(default_factory=list)

    @property
    def summary(self) -> str:
        """'3 new, 2 carried, 1 dropped since 2024-06-05' ("" without an earlier meeting)."""
        if self.since is None:
            return ""
        parts = [f"{len(self.new)} new", f"{len(self.carried)} carried"]
        if self.dropped:
            parts.append(f"{len(self.dropped)} dropped")
        when = iso(self.since.date) or self.since.path
        return f"{', '.join(parts)} since {when}"

    def to_dict(self) -> dict[str, Any]:
        def items(lines: list[MemoryLine]) -> list[dict[str, Any]]:
            return [
                {"topic": x.label, "item": x.text, "state": x.state, "line": x.line} for x in lines
            ]

        return {
            "meeting": {"path": self.meeting.path, "date": iso(self.meeting.date)},
            "since": (
                {"path": self.since.path, "date": iso(self.since.date)} if self.since else None
            ),
            "new": items(self.new),
            "carried": items(self.carried),
            "dropped": items(self.dropped),
            "joined": self.joined,
            "left": self.left,
        }
