"""The search bar's status line: what the meeting list shows and why, in words."""

from __future__ import annotations

from contextlib import suppress
from dataclasses import dataclass, field
from pathlib import Path

from textual.content import Content

from tuinotes.library.config import NO_NOTES, bundled_samples
from tuinotes.library.library import Sort
from tuinotes.library.results import SearchResult


@dataclass(frozen=True)
class Listing:
    """What narrows and orders the list beside the query."""

    folder: Path
    sort: Sort = "relevance"
    people: list[str] = field(default_factory=list)  # names of the people filtered by
    match_any: bool = False
    folder_is_empty: bool = False  # the first scan found no notes at all
    indexing: tuple[int, int] | None = None  # a build: notes searchable so far, of all


def status_line(result: SearchResult, listing: Listing) -> Content:
    """'12 meetings (top 50, more at the end) · attended by all of: Ana', 'No meetings match
    · did you mean: release (Enter)', or why an empty folder lists nothing."""
    parts: list[Content] = []
    noun = "meeting" if result.total == 1 else "meetings"
    if not result.query and not result.total and listing.folder_is_empty:
        empty = f"No notes in {listing.folder}: {NO_NOTES}"
        parts.append(Content(empty).stylize("bold $text-warning"))
    elif result.query and not result.hits:
        parts.append(Content("No meetings match").stylize("bold $text-warning"))
        if result.suggestion:
            parts.append(Content(f"did you mean: {result.suggestion} (Enter)").stylize("italic"))
    else:
        which = "newest" if not result.query or listing.sort == "date" else "top"
        more = result.total > len(result.hits)
        shown = f" ({which} {len(result.hits)}, more at the end)" if more else ""
        parts.append(Content(f"{result.total} {noun}{shown}").stylize("bold"))
        if not result.query and not listing.people:
            parts.append(Content(f"in {folder_label(listing.folder)}").stylize("$text-muted"))
        if result.query and listing.sort == "date":
            parts.append(Content("newest first (s: by relevance)"))
    if listing.people:
        mode = "any of" if listing.match_any else "all of"
        parts.append(Content(f"attended by {mode}: {', '.join(listing.people)}"))
    if listing.indexing is not None and listing.indexing[0] < listing.indexing[1]:
        searchable, total = listing.indexing
        parts.append(Content(f"indexing: {searchable} of {total} notes searchable so far"))
    parts.extend(Content(notice).stylize("$text-warning") for notice in result.notices)
    return Content(" · ").join(parts)


def folder_label(folder: Path) -> str:
    """The notes folder, with the home folder as ~ (the bundled samples say so)."""
    if folder == bundled_samples().absolute():
        return "the bundled sample notes (tuinotes DIR opens yours)"
    with suppress(ValueError):
        return f"~/{folder.relative_to(Path.home())}"
    return str(folder)
