"""One function a command: ask the library, print the answer (text, JSON or Markdown)."""

from __future__ import annotations

import argparse
import shlex
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from tuinotes.cli.output import (
    ERROR,
    FOUND,
    NOTHING,
    CliError,
    ProgressPrinter,
    answer_format,
    attendee_filters,
    checked_folder,
    emit_json,
    err,
    folder_among_words,
    library_call,
    notes_folder,
    nothing_found,
    open_library,
    out,
    print_report,
)
from tuinotes.cli.render import (
    ACTIONS,
    DECISIONS,
    DIFF,
    HITS,
    MEETING,
    MEETINGS,
    PEOPLE,
    PERSON,
    SERIES,
    THREADS,
    TOPICS,
    no_hits,
    show,
)
from tuinotes.model.paths import expand_home
from tuinotes.model.text import plural

if TYPE_CHECKING:
    from tuinotes.library.library import Library


def run_app(options: argparse.Namespace, commands: list[str]) -> int:
    """The app on the folder asked for; a folder not found names the `commands`, in case
    one was meant."""
    from tuinotes.library.config import load_config, resolve_notes_dir

    config = load_config()
    hint = f" (commands: {', '.join(commands)})" if options.folder else ""
    folder = checked_folder(resolve_notes_dir(options.folder, options.notes, config), hint)
    from tuinotes.tui.app import make_app  # Textual is only imported for the app

    app = make_app(folder, config=config, rebuild=options.rebuild)
    app.run()
    return app.return_code or FOUND


def cmd_search(options: argparse.Namespace) -> int:
    with open_library(options.notes) as library:
        filters = attendee_filters(library, options.attendee, options.any)
        result = library.search(
            " ".join(options.query), filters, sort=options.sort, limit=options.limit
        )
    for notice in result.notices:
        err(f"tuinotes: {notice}")
    if result.error:
        return ERROR
    if not result.hits:
        if answer_format(options) == "json":
            emit_json(result.to_dict())  # the answer is JSON also when empty
        no_hits(result)
        folder_among_words(options.query)
        return NOTHING
    return show(options, result, HITS)


def cmd_meetings(options: argparse.Namespace) -> int:
    with open_library(options.folder or options.notes) as library:
        result = library.meetings(attendee_filters(library, options.attendee, options.any))
    if not result.hits:
        return nothing_found(options, "no meetings")
    return show(options, result, MEETINGS)


def cmd_people(options: argparse.Namespace) -> int:
    with open_library(options.folder or options.notes) as library:
        people = library.people_ranked()
    if not people:
        return nothing_found(options, "no people found")
    return show(options, people, PEOPLE)


def cmd_series(options: argparse.Namespace) -> int:
    from tuinotes.library.results import series_summary

    with open_library(options.folder or options.notes) as library:
        listed = [series_summary(meetings) for meetings in library.all_series()]
    if not listed:
        return nothing_found(options, "no dated meetings, so no series")
    return show(options, listed, SERIES)


def cmd_person(options: argparse.Namespace) -> int:
    from tuinotes.library.people import namesakes

    with open_library(options.notes) as library:
        person = library_call(library.person, " ".join(options.name))
        activity = library.activity(person)
        others = namesakes(library.people(), person)
    for problem in activity.problems:
        err(f"tuinotes: {problem}")
    for other in others:  # 'person Kate' shows Kate, and says Kate Stewart is there too
        err(f"tuinotes: also {other.label} ({plural(other.meeting_count, 'meeting')})")
    return show(options, activity, PERSON)


def cmd_actions(options: argparse.Namespace) -> int:
    with open_library(options.folder or options.notes) as library:
        owners = (
            frozenset(library_call(library.person, options.person).keys)
            if options.person
            else frozenset()
        )
        rows = library.actions(owners, options.state)
    if not rows:
        return nothing_found(options, f"no {options.state} actions found")
    return show(options, rows, ACTIONS)


def cmd_topic(options: argparse.Namespace) -> int:
    reference = " ".join(options.topic)
    with open_library(options.notes) as library:
        topics = library.topics(reference)
    if not topics:
        return nothing_found(options, f"no agenda item links or mentions {reference!r}")
    return show(options, topics, TOPICS)


def cmd_decisions(options: argparse.Namespace) -> int:
    with open_library(options.notes) as library:
        decisions = library.decisions(" ".join(options.query), options.since, options.limit)
    if not decisions:
        folder_among_words(options.query)
        return nothing_found(options, "no decisions found")
    if options.limit and len(decisions) == options.limit:
        err(f"tuinotes: the newest {options.limit} shown (--limit 0 shows all)")
    return show(options, decisions, DECISIONS)


def cmd_open(options: argparse.Namespace) -> int:
    with open_library(options.notes) as library:
        threads = library.threads(options.series, every=options.all, limit=options.limit)
    if not threads:
        return nothing_found(options, "no open threads found")
    if options.limit and len(threads) == options.limit:
        err(f"tuinotes: the {options.limit} last seen most recently shown (--limit 0: all)")
    return show(options, threads, THREADS)


def cmd_diff(options: argparse.Namespace) -> int:
    with open_library(options.notes) as library:
        diff = library_call(library.diff, options.meeting, options.since)
    return show(options, diff, DIFF)


def cmd_new(options: argparse.Namespace) -> int:
    from tuinotes.library.drafting import DraftError, draft_next, write_new

    with open_library(options.notes) as library:
        try:
            draft = draft_next(library, options.series, options.date)
            if options.stdout:
                if options.json:
                    emit_json({**draft.to_dict(), "text": draft.text})
                else:
                    out(draft.text.rstrip("\n"))
                return FOUND
            written = write_new(library.folder, draft)
        except DraftError as error:
            raise CliError(str(error)) from error
    if options.json:
        emit_json({**draft.to_dict(), "written": str(written)})
    else:
        out(str(written))
        carried = f", {len(draft.carried)} open item(s) carried over" if draft.carried else ""
        err(f"tuinotes: drafted {draft.series} on {draft.day} after {draft.previous.path}{carried}")
    if options.edit:
        import subprocess

        from tuinotes.library.editor import EditorError, editor_command

        try:
            command = editor_command(written)
            subprocess.run(command, check=False)
        except (EditorError, OSError) as error:
            reason = error.strerror if isinstance(error, OSError) else error
            raise CliError(f"drafted, but no editor opened it: {reason}") from None
    return FOUND


def cmd_mcp(options: argparse.Namespace) -> int:
    try:
        from tuinotes.cli.mcp_server import serve
    except ImportError as error:  # the extra is not installed
        raise CliError(
            f"the MCP server needs the MCP SDK ({error.name} is missing): "
            "pip install 'tuinotes[mcp]'"
        ) from error
    serve(notes_folder(options.folder or options.notes))
    return FOUND


CHECK_EXAMPLES = 3  # files shown per cause; `--show CAUSE` lists them all


def cmd_check(options: argparse.Namespace) -> int:
    from tuinotes.library.findings import FINDINGS

    with open_library(options.folder or options.notes) as library:
        if options.explain:
            return _explain(library, options.explain)
        findings = library.check()
        understood = library.understood()
        folder = library.folder
    if options.show and options.show not in FINDINGS:
        raise CliError(f"no cause {options.show!r}; causes: {', '.join(FINDINGS)}")
    if options.json:
        emit_json(
            {
                "meetings": understood.meetings,
                "understood": understood.to_dict(),
                "verdict": understood.verdict(),
                "findings": [f.to_dict() for f in findings],
            }
        )
        return FOUND
    total = understood.meetings
    if not total and not findings:
        from tuinotes.library.config import NO_NOTES

        err(f"tuinotes: no notes in {folder}: {NO_NOTES}")
        return NOTHING
    out(f"{plural(total, 'meeting')} read in {folder}")
    for label, count in (
        ("dated", understood.dated),
        ("with attendees", understood.with_attendees),
        ("every speaker resolved", understood.speakers_resolved),
        ("with actions", understood.with_actions),
    ):
        out(f"  {label:24} {count:6}  {_share(count, total)}")
    for line in understood.verdict():
        out(f"\n{line}")
    by_kind = {kind: [f for f in findings if f.kind == kind] for kind in FINDINGS}
    ranked = sorted((k for k in FINDINGS if by_kind[k]), key=lambda k: -len(by_kind[k]))
    if options.show:
        ranked = [options.show]
    out("\nRead with doubt, largest cause first:" if ranked else "\nNothing read with doubt.")
    for kind in ranked:
        rows = by_kind[kind]
        out(f"\n{FINDINGS[kind]}: {len(rows)}  [{kind}]")
        shown = rows if options.show else rows[:CHECK_EXAMPLES]
        for finding in shown:
            out(f"  {finding.path}" + (f"  — {finding.detail}" if finding.detail else ""))
        if len(rows) > len(shown):
            out(f"  … {len(rows) - len(shown)} more: tuinotes check --show {kind}")
    if ranked and not options.show:
        out("\nWhy a note was read as it was: tuinotes check --explain FILE")
    return FOUND


def _share(count: int, total: int) -> str:
    return f"{100 * count / total:.0f}%" if total else "–"


def _explain(library: Library, file: str) -> int:
    """Print where each field of a note's meetings came from."""
    from tuinotes.notes.read import UnreadableNote

    path = expand_home(file)
    rel = file
    if path.is_absolute() or path.exists():
        try:
            rel = path.resolve().relative_to(library.folder.resolve()).as_posix()
        except ValueError as error:
            raise CliError(
                f"{file}: not in the notes folder {library.folder} "
                "(name the note's folder: tuinotes check DIR --explain FILE)"
            ) from error
    if not (library.folder / rel).is_file():
        raise CliError(f"{file}: no such note in {library.folder}")
    from tuinotes.notes.parse import parse_meetings

    try:
        meetings = parse_meetings(library.folder / rel, rel)
    except UnreadableNote as error:
        raise CliError(f"{rel}: {error}") from error
    for meeting in meetings:
        out(f"{rel}{'#' + meeting.anchor if meeting.anchor else ''}")
        out(f"  date      {meeting.date.isoformat() if meeting.date else 'none'}")
        out(f"  title     {meeting.title}")
        out(f"  series    {meeting.series}")
        people = ", ".join(a.label for a in meeting.attendees) or "none"
        out(f"  attendees {len(meeting.attendees)}: {people}")
        if meeting.absent:
            out(f"  absent    {', '.join(a.label for a in meeting.absent)}")
        out("  how it was read:")
        for line in meeting.provenance:
            out(f"    {line}")
        for problem in meeting.problems:
            out(f"  doubt: {problem}")
    return FOUND


def cmd_serve(options: argparse.Namespace) -> int:
    from tuinotes.library.config import load_config, resolve_notes_dir

    folder = checked_folder(resolve_notes_dir(options.folder, options.notes, load_config()))
    if options.host not in ("127.0.0.1", "localhost", "::1"):
        err(f"tuinotes: serving on {options.host}: anyone who can reach it can read these notes")
    from textual_serve.server import Server

    command = shlex.join([sys.executable, "-m", "tuinotes", str(folder)])
    try:
        Server(command, host=options.host, port=options.port, title="tuinotes").serve()
    except OSError as error:  # the port taken, the host unknown, no right to listen there
        where = f"{options.host}:{options.port}"
        raise CliError(f"cannot serve on {where}: {error.strerror or error}") from None
    return FOUND


def cmd_show(options: argparse.Namespace) -> int:
    from tuinotes.library.config import resolve_notes_dir
    from tuinotes.notes.parse import parse_meetings
    from tuinotes.notes.read import UnreadableNote

    folder = resolve_notes_dir(None, options.notes)
    written, anchor = options.file, ""
    if not written.strip():
        raise CliError("show needs a note: tuinotes show FILE (a path, or one in the notes folder)")
    if "#" in written and not any(p.exists() for p in (Path(written), folder / written)):
        written, _, anchor = written.rpartition("#")  # a meeting of a file of several
    path = expand_home(written)
    if not path.exists() and not path.is_absolute():
        inside = folder / path
        path = inside if inside.exists() or inside.is_symlink() else path
    try:  # read as the index reads it: a date in its folders' names counts
        rel = path.resolve().relative_to(folder.resolve()).as_posix()
    except (OSError, ValueError, RuntimeError):  # outside the notes folder, a link loop
        rel = path.as_posix()
    try:
        meetings = parse_meetings(path, rel)
    except UnreadableNote as error:
        found = _named_alike(folder, path.name) if not path.exists() else []
        hint = f"; in the notes folder: {', '.join(found)}" if found else ""
        raise CliError(f"{path}: {error}{hint}") from error
    if anchor:
        meeting = next((m for m in meetings if m.anchor == anchor), None)
        if meeting is None:
            held = ", ".join(f"#{m.anchor}" for m in meetings if m.anchor) or "one meeting"
            raise CliError(f"{rel} has no meeting #{anchor}; it holds {held}")
    else:
        meeting = meetings[0]
        if len(meetings) > 1:
            others = ", ".join(f"#{m.anchor}" for m in meetings[1:])
            err(
                f"tuinotes: {rel} holds {len(meetings)} meetings; this is #{meeting.anchor}; "
                f"name another as FILE#DATE: {others}"
            )
    show(options, meeting, MEETING)
    for problem in meeting.problems:
        err(f"tuinotes: {meeting.path}: {problem}")
    return FOUND


def _named_alike(folder: Path, name: str, at_most: int = 3) -> list[str]:
    """Notes of the folder with the file name `name` (`show 2024.md` for `minutes/2024.md`)."""
    from tuinotes.indexer.discover import scan_folder

    return [rel for rel in scan_folder(folder).files if rel.rsplit("/", 1)[-1] == name][:at_most]


def cmd_index(options: argparse.Namespace) -> int:
    from tuinotes.library.library import Library

    folder = notes_folder(options.folder or options.notes)
    with Library(folder) as library:
        report = library.update(progress=ProgressPrinter(), rebuild=options.rebuild)
    err("")
    if options.json:
        emit_json(report.to_dict())
    else:
        print_report(report, folder)
    return FOUND
