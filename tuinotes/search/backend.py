"""The search-backend seam: what the indexer writes and the library asks, whatever engine
answers (Whoosh today, `tuinotes.search.whoosh_backend`). Nothing outside a backend
module imports the engine.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Literal, Protocol

from tuinotes.search.query import Query
from tuinotes.search.snippets import Snippet

Sort = Literal["relevance", "date"]


class IndexBusy(Exception):
    """Another process holds the index's write lock."""


class BadQuery(Exception):
    """The engine could not run a query (its reason is for the user)."""


@dataclass(slots=True)
class SearchDocument:
    """One meeting as the backend indexes it (what lists and views show of it is kept by the
    indexer's records store, not by the engine)."""

    path: str
    title: str
    items: str  # agenda items and discussion lines
    body: str  # everything else a note says
    attendees: str  # names, initials and handles, one attendee a line
    person_keys: list[str]
    orgs: str
    tags: list[str]
    date: str  # ISO, or ""
    series: str
    text: str  # the whole note as shown in snippets (items first)
    links: str = ""  # the targets of the note's links, one a line: found, ranked low


@dataclass(slots=True)
class Match:
    """One meeting a query matched."""

    path: str
    score: float
    snippet: Snippet | None = None


@dataclass(slots=True)
class Matches:
    """The best matches of a query, and how many meetings matched in all (exact)."""

    matches: list[Match]
    total: int
    suggestion: str | None = None


class Writer(Protocol):
    """The one writer of an index (it holds the write lock until commit or cancel)."""

    def put(self, document: SearchDocument, replace: bool) -> None: ...
    def delete(self, path: str) -> None: ...
    def clear(self) -> None:
        """Remove every document: the commit holds only what is put after (a rebuild)."""
        ...

    def attach(self, segment: object) -> None:
        """Add a segment a `SegmentSink` finished; visible from the next checkpoint."""
        ...

    def checkpoint(self) -> None:
        """Make deletions and attached segments visible to readers, keeping the lock (only
        when nothing was `put` since the writer opened)."""
        ...

    def commit(self, merge: bool = True) -> None: ...
    def cancel(self) -> None: ...


class SegmentSink(Protocol):
    """Writes documents into a new segment of an index, in a worker process, without the
    write lock; the lock holder attaches the finished segment."""

    count: int  # documents put so far

    def put(self, document: SearchDocument) -> None: ...
    def finish(self) -> object:
        """Close the segment and hand back what `Writer.attach` takes (picklable)."""
        ...


class SegmentTarget(Protocol):
    """Where worker processes write segments (picklable: sent to each worker)."""

    def open(self) -> SegmentSink: ...


class Reader(Protocol):
    """A view of the index as of one commit: safe to use while a writer works."""

    def search(
        self,
        query: Query,
        people: Iterable[frozenset[str]] = (),
        sort: Sort = "relevance",
        limit: int | None = 20,
        snippets: bool = True,
        suggest: bool = True,
    ) -> Matches:
        """Best matches; `people` are groups of person keys, each group must match. With
        `suggest`, a spelling suggestion when nothing matched."""
        ...

    def suggest(self, query: Query, people: Iterable[frozenset[str]] = ()) -> str | None:
        """A corrected query that finds something, if a spelling fix gives one (slow: the
        app asks for it apart, once typing pauses)."""
        ...

    def highlights(self, query: Query, text: str) -> list[tuple[int, int]]:
        """Character ranges of `text` that the query matches (words, phrases, prefixes)."""
        ...

    def more_like(self, path: str, text: str, limit: int) -> list[str]:
        """Paths of the meetings whose agenda items are most like `text`."""
        ...

    def generation(self) -> int:
        """The commit this reader sees (the records store keeps rows by it); -1 for an
        index with nothing in it."""
        ...

    def close(self) -> None: ...


class Backend(Protocol):
    """One folder's search index."""

    version: str  # changes when the stored form changes: the indexer re-indexes
    messages: list[str]  # what happened on open (rebuilt, kept in memory…)
    in_memory: bool

    def open(self, directory: Path | None) -> None: ...
    def writer(self, timeout: float) -> Writer: ...
    def segment_target(self) -> SegmentTarget | None:
        """Where worker processes can write segments; None when they cannot (in memory)."""
        ...

    def reader(self) -> Reader: ...
    def generation(self) -> int: ...
    def close(self) -> None: ...
