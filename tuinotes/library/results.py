"""What the library answers with: attendee filters, a result list's hits, and the order of
meetings."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from tuinotes.model.record import NoteRecord, iso
from tuinotes.search.snippets import Snippet


@dataclass(frozen=True, slots=True)
class Filters:
    """Attendee filters: every group must match, a group matches when any of its keys attended."""

    groups: tuple[frozenset[str], ...] = ()

    @classmethod
    def all_of(cls, people: Iterable[Iterable[str]]) -> Filters:
        """Meetings that every one of these people (each given by their keys) attended."""
        return cls(tuple(g for g in (frozenset(keys) for keys in people) if g))

    @classmethod
    def any_of(cls, people: Iterable[Iterable[str]]) -> Filters:
        """Meetings that at least one of these people attended."""
        keys = frozenset(k for person in people for k in person)
        return cls((keys,) if keys else ())

    def __bool__(self) -> bool:
        return bool(self.groups)

    @property
    def keys(self) -> frozenset[str]:
        return frozenset(k for group in self.groups for k in group)

    def matches(self, record: NoteRecord) -> bool:
        keys = record.person_keys
        return all(group & keys for group in self.groups)


@dataclass(slots=True)
class Hit:
    """One meeting in a result list."""

    record: NoteRecord
    score: float = 0.0
    snippet: Snippet | None = None

    @property
    def path(self) -> str:
        return self.record.path

    def to_dict(self) -> dict[str, Any]:
        return {
            "path": self.record.path,
            "title": self.record.title,
            "date": iso(self.record.date),
            "score": round(self.score, 4),
            "attendee_count": self.record.attendee_count,
            "snippet": self.snippet.text if self.snippet else None,
            "snippet_matches": [list(s) for s in self.snippet.spans] if self.snippet else [],
        }


@dataclass(slots=True)
class SearchResult:
    """Hits of a query (or of the listing when the query is empty)."""

    query: str
    hits: list[Hit] = field(default_factory=list)
    total: int = 0  # every meeting that matched, exactly
    suggestion: str | None = None  # "did you mean" when nothing was found
    notices: list[str] = field(default_factory=list)  # what was odd about the query
    error: str | None = None  # the query could not be run at all (also in notices)

    def to_dict(self) -> dict[str, Any]:
        return {
            "query": self.query,
            "total": self.total,
            "suggestion": self.suggestion,
            "notices": self.notices,
            "hits": [h.to_dict() for h in self.hits],
        }


def chronological(records: Iterable[NoteRecord]) -> list[NoteRecord]:
    """Oldest first (undated first), then by path."""
    return sorted(records, key=lambda r: r.sort_key)


def newest_first(records: Iterable[NoteRecord]) -> list[NoteRecord]:
    return sorted(records, key=lambda r: r.sort_key, reverse=True)


def series_summary(meetings: list[NoteRecord]) -> dict[str, Any]:
    """A series as listed (dated meetings, oldest first): its name, what `new`, `open
    --series` and `series:` take; how many meetings; the first and the latest."""
    first, latest = meetings[0], meetings[-1]
    return {
        "series": latest.series,
        "meetings": len(meetings),
        "first": iso(first.date),
        "latest": iso(latest.date),
        "latest_path": latest.path,
    }
