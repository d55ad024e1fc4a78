"""`tuinotes mcp [DIR]`: the meeting memory for assistants, as a Model Context Protocol server
over stdio (the official `mcp` SDK, an optional extra: `pip install 'tuinotes[mcp]'`; the
CLI imports this module only for `tuinotes mcp`).

Every tool is read-only and answers with the objects the CLI prints for the same question
(lists under a key, as MCP structured results are objects; long lists limited). The library
is opened once and brought up to date before each answer, as each CLI command does, so a
note saved meanwhile counts.
A question that cannot be answered (an unknown person or meeting, a bad date) is a tool error
the assistant sees, never the end of the server. Note text is data: it is returned as it is.
"""

from __future__ import annotations

import logging
import sys
import threading
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Annotated, Any, TypeVar

from mcp.server.mcpserver import MCPServer
from mcp.server.mcpserver.exceptions import ToolError
from pydantic import Field

from tuinotes.library.library import Library, LibraryError
from tuinotes.library.results import Filters, series_summary
from tuinotes.model.record import day_of
from tuinotes.search.backend import BadQuery

T = TypeVar("T")
INSTRUCTIONS = (
    "Meeting notes of one folder (community calls, steering committees, team syncs), read by "
    "tuinotes: who attended, what each meeting's agenda held, what was decided, which actions "
    "and threads are still open. Paths are relative to the notes folder, as the tools list "
    "them; pass them back to `meeting` and `changes`. Dates are ISO (YYYY-MM-DD)."
)


def serve(folder: Path) -> None:
    """Run the server on stdin/stdout until the client closes it."""
    logging.basicConfig(stream=sys.stderr, level=logging.WARNING)  # stdout is the protocol's
    library = Library(folder)
    lock = threading.Lock()  # tools run in worker threads: one question at a time

    def ask(question: Callable[[Library], T]) -> T:
        with lock:
            library.update()
            try:
                return question(library)
            except (LibraryError, BadQuery, ValueError) as error:
                said = (
                    str(error)
                    .replace("`tuinotes people`", "the `people` tool")
                    .replace("`tuinotes series`", "the `series` tool")
                )
                raise ToolError(said) from error

    server = MCPServer("tuinotes", instructions=INSTRUCTIONS)

    def tool(function: Callable[..., T]) -> Callable[..., T]:
        """A tool whose description is its docstring as one paragraph."""
        described: Callable[..., T] = server.tool(
            description=" ".join((function.__doc__ or "").split())
        )(function)
        return described

    @tool
    def search(
        query: Annotated[
            str,
            Field(
                description='Words, "phrases", prefix*, OR, NOT, and fields: attendee:NAME, '
                "title:, tag:, series:, date:2024-10 or date:2024-01..2024-06"
            ),
        ],
        attendees: Annotated[
            list[str], Field(description="only meetings every one of these people attended")
        ] = [],  # noqa: B006 - read only, the schema's default
        limit: Annotated[int, Field(ge=1, le=200)] = 20,
    ) -> dict[str, Any]:
        """Full-text search over every meeting, best first, each hit with a snippet."""

        def run(lib: Library) -> dict[str, Any]:
            filters = lib.filters_for(attendees) if attendees else Filters()
            result = lib.search(query, filters, limit=limit)
            if result.error:
                raise LibraryError(result.error)
            return result.to_dict()

        return ask(run)

    @tool
    def meeting(
        path: Annotated[str, Field(description="a meeting's path, as the other tools list it")],
    ) -> dict[str, Any]:
        """One meeting as tuinotes read it: title, date, attendees (and absentees), sections
        with their agenda items, speakers, links and what was odd about the note."""
        return ask(lambda lib: lib.meeting(_known(lib, path)).to_dict())

    @tool
    def meetings(
        series: Annotated[str, Field(description="only this series (as listed)")] = "",
        person: Annotated[str, Field(description="only meetings this person attended")] = "",
        limit: Annotated[int, Field(ge=1, le=1000)] = 50,
    ) -> dict[str, Any]:
        """Meetings, newest first: of a series, of a person, or all."""

        def run(lib: Library) -> dict[str, Any]:
            if series:
                records = lib.series(series)[::-1]
                if not records:
                    raise LibraryError(
                        f"no dated meetings in a series named {series!r} (the `series` tool "
                        "lists them)"
                    )
            else:
                records = [hit.record for hit in lib.meetings().hits]
            if person:
                keys = set(lib.person(person).keys)
                records = [r for r in records if r.person_keys & keys]
            return {"total": len(records), "meetings": [r.to_dict() for r in records[:limit]]}

        return ask(run)

    @tool
    def person(
        name: Annotated[str, Field(description="a name, @handle or initials")],
    ) -> dict[str, Any]:
        """One person's activity: the meetings they attended, what they raised and said, and
        the actions they own."""
        return ask(lambda lib: lib.activity(lib.person(name)).to_dict())

    @tool
    def actions(
        person: Annotated[str, Field(description="only the actions this person owns")] = "",
        state: Annotated[str, Field(pattern="^(open|done|all)$")] = "open",
        limit: Annotated[int, Field(ge=1, le=1000)] = 50,
    ) -> dict[str, Any]:
        """Action items (owner, text, open or done, the meeting they were given in), newest
        meeting first."""

        def run(lib: Library) -> dict[str, Any]:
            owners = frozenset(lib.person(person).keys) if person else frozenset()
            rows = lib.actions(owners, state)[::-1]  # type: ignore[arg-type]
            return {
                "total": len(rows),
                "actions": [lib.action_dict(record, action) for record, action in rows[:limit]],
            }

        return ask(run)

    @tool
    def people(limit: Annotated[int, Field(ge=1, le=5000)] = 50) -> dict[str, Any]:
        """Everyone who attended, most meetings first, with their names, handles, initials,
        affiliations and how many meetings they attended."""

        def run(lib: Library) -> dict[str, Any]:
            ranked = lib.people_ranked()
            return {"total": len(ranked), "people": [p.to_dict() for p in ranked[:limit]]}

        return ask(run)

    @tool
    def series() -> dict[str, Any]:
        """The folder's meeting series (the names the `series` arguments take), most
        meetings first, each with its first and latest meeting."""
        return ask(lambda lib: {"series": [series_summary(m) for m in lib.all_series()]})

    @tool
    def topic(
        reference: Annotated[
            str,
            Field(
                description="an issue or pull request (URL or owner/repo#N), or words of an "
                "agenda item"
            ),
        ],
    ) -> dict[str, Any]:
        """A topic across meetings, oldest first: every meeting that discussed it, with its
        agenda item and the discussion and decisions under it."""
        return ask(lambda lib: {"topics": [t.to_dict() for t in lib.topics(reference)]})

    @tool
    def decisions(
        words: Annotated[str, Field(description="only decisions mentioning every word")] = "",
        since: Annotated[str, Field(description="only from this date on (YYYY-MM-DD)")] = "",
        limit: Annotated[int, Field(ge=1, le=1000)] = 50,
    ) -> dict[str, Any]:
        """What meetings decided (Decided:, Agreed:, RESOLVED:, conclusions…), newest first."""

        def run(lib: Library) -> dict[str, Any]:
            day = _day(since) if since else None
            return {"decisions": [d.to_dict() for d in lib.decisions(words, day, limit)]}

        return ask(run)

    @tool
    def open_threads(
        series: Annotated[str, Field(description="only this series (as listed)")] = "",
        limit: Annotated[int, Field(ge=1, le=1000)] = 50,
    ) -> dict[str, Any]:
        """Threads still open: items that come back across a series' meetings (open tasks,
        carried or deferred items, issues on the latest agenda), last seen newest first."""

        def run(lib: Library) -> dict[str, Any]:
            if series and not lib.series(series):
                raise LibraryError(f"no series named {series!r} (the `series` tool lists them)")
            return {"threads": [t.to_dict() for t in lib.threads(series or None, limit=limit)]}

        return ask(run)

    @tool
    def changes(
        path: Annotated[str, Field(description="a meeting's path, as listed")],
        since: Annotated[str, Field(description="an earlier meeting's path")] = "",
    ) -> dict[str, Any]:
        """What changed in a meeting since the previous one of its series (or since an
        earlier one): new, carried and dropped items, who joined and who left."""
        return ask(lambda lib: lib.diff(path, since or None).to_dict())

    try:
        server.run()
    finally:
        library.close()


def _known(library: Library, path: str) -> str:
    """`path` if a meeting is there, else an error that says how paths are written."""
    if library.record(path) is None:
        raise LibraryError(f"no meeting at {path!r} (paths are as `meetings` lists them)")
    return path


def _day(text: str) -> date:
    try:
        return day_of(text)
    except ValueError as error:
        raise LibraryError(str(error)) from None
