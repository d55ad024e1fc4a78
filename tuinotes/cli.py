"""The command line: `tuinotes [DIR]` opens the app; subcommands ask the library.

Exit codes follow grep: 0 something found, 1 nothing found, 2 an error. Imports are lazy,
so `tuinotes --help` loads neither Textual nor the search engine.
"""

from __future__ import annotations

import argparse
import json
import shlex
import sys
import time
from collections.abc import Sequence
from datetime import date
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

from tuinotes import __version__
from tuinotes.model.record import day_text
from tuinotes.model.text import neutralise, plural
from tuinotes.search.query import syntax_text

if TYPE_CHECKING:
    from tuinotes.indexer.indexer import Progress, UpdateReport
    from tuinotes.library.library import Library, SearchResult
    from tuinotes.model.meeting import Item, Meeting
    from tuinotes.search.snippets import Snippet

FOUND, NOTHING, ERROR = 0, 1, 2
ALIASES = {"attendees": "people"}  # the command's name before it matched the app's People pane
EXIT_CODES = "exit status: 0 found something, 1 found nothing, 2 an error (message on stderr)"
QUERY_HELP = syntax_text()


class CliError(Exception):
    """A problem to report in one line, exiting with status 2."""


def main(argv: Sequence[str] | None = None) -> int:
    args = list(sys.argv[1:] if argv is None else argv)
    try:
        if args and args[0] in command_names():
            options = command_parser().parse_args(args)
            return int(options.run(options))
        options = app_parser().parse_args(args)
        return run_app(options)
    except CliError as error:
        err(f"tuinotes: {error}")
        return ERROR
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:  # `tuinotes search x | head`
        sys.stderr.close()
        return FOUND


# -- argument parsing ----------------------------------------------------------------------


def app_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="tuinotes",
        description="Search, filter and read a folder of Markdown meeting notes.",
        epilog=f"commands: {', '.join(n for n in command_names() if n not in ALIASES)} "
        f"(tuinotes COMMAND --help)\n{EXIT_CODES}",
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("folder", nargs="?", help="notes folder (default: see README)")
    parser.add_argument("--notes", help="notes folder (same as the argument)")
    parser.add_argument("--rebuild", action="store_true", help="rebuild the index on start")
    parser.add_argument("--version", action="version", version=f"tuinotes {__version__}")
    return parser


def _positive(value: str) -> int:
    number = int(value)
    if number < 1:
        raise argparse.ArgumentTypeError("must be 1 or more")
    return number


def command_parser() -> argparse.ArgumentParser:
    return _commands()[0]


def command_names() -> list[str]:
    """Every command and alias, as the parser declares them."""
    return list(_commands()[1])


def _options(*add: Any) -> argparse.ArgumentParser:
    """A parent parser: options several commands share, declared once."""
    parent = argparse.ArgumentParser(add_help=False)
    for arguments, settings in add:
        parent.add_argument(*arguments, **settings)
    return parent


@cache
def _commands() -> tuple[argparse.ArgumentParser, dict[str, argparse.ArgumentParser]]:
    """The commands, each declared once, with the options they share as parents."""
    notes = _options((("--notes",), {"help": "notes folder"}))
    as_json = _options((("--json",), {"action": "store_true", "help": "print JSON"}))
    formats = _options(
        (("--json",), {"action": "store_true", "help": "print JSON (same as --format json)"}),
        (
            ("--format",),
            {
                "choices": ("text", "json", "md"),
                "default": "text",
                "help": "md: Markdown to paste into an issue or a note",
            },
        ),
    )
    folder = _options(
        (("folder",), {"nargs": "?", "help": "notes folder (default: as for `tuinotes`)"}),
        (("--notes",), {"help": "notes folder (same as the argument)"}),
    )
    attendees = _options(
        (
            ("--attendee",),
            {
                "action": "append",
                "default": [],
                "metavar": "NAME",
                "help": "only meetings NAME attended (name, initials or @handle; repeatable)",
            },
        ),
        (("--any",), {"action": "store_true", "help": "any of the attendees, not all"}),
    )
    parser = argparse.ArgumentParser(prog="tuinotes", epilog=EXIT_CODES)
    commands = parser.add_subparsers(dest="command", required=True)

    def add(
        name: str, run: Any, help_text: str, *parents: argparse.ArgumentParser, epilog: str = ""
    ) -> argparse.ArgumentParser:
        sub = commands.add_parser(
            name,
            aliases=[alias for alias, command in ALIASES.items() if command == name],
            parents=list(parents),
            help=help_text,
            description=help_text,
            epilog=f"{epilog}{EXIT_CODES}",
            formatter_class=argparse.RawDescriptionHelpFormatter,
        )
        sub.set_defaults(run=run)
        return sub

    cmd = add(
        "search", cmd_search, "Search the notes.", notes, attendees, as_json, epilog=QUERY_HELP
    )
    cmd.add_argument("query", nargs="+", help="e.g. 'backpressure attendee:anaq date:2024'")
    cmd.add_argument("--sort", choices=("relevance", "date"), default="relevance")
    cmd.add_argument("--limit", type=_positive, default=20, help="at most N hits (default 20)")

    cmd = add("show", cmd_show, "Show one parsed meeting note.", as_json)
    cmd.add_argument("file", help="a note file (or a path inside the notes folder)")
    cmd.add_argument("--notes", help="notes folder, to find FILE in")

    add("meetings", cmd_meetings, "List meetings, newest first.", notes, attendees, as_json)
    add("people", cmd_people, "List everyone who attended, most frequent first.", notes, as_json)

    cmd = add(
        "person", cmd_person, "What one person attended, raised, said and owns.", notes, formats
    )
    cmd.add_argument("name", nargs="+", help="a name, @handle or initials")

    cmd = add(
        "actions", cmd_actions, "Action items across all meetings, oldest first.", notes, as_json
    )
    cmd.add_argument("--person", metavar="NAME", help="only actions NAME owns")
    cmd.add_argument("--state", choices=("open", "done", "all"), default="open")

    cmd = add(
        "topic",
        cmd_topic,
        "Every meeting that discussed a topic, oldest first: an issue or pull request (its "
        "URL or owner/repo#N), or words of an agenda item.",
        notes,
        formats,
    )
    cmd.add_argument("topic", nargs="+", help="URL, owner/repo#N or words")

    cmd = add(
        "decisions",
        cmd_decisions,
        "What meetings decided (Decided:, Agreed:, RESOLVED:, Conclusion sections…), newest "
        "first, one entry per meeting and topic.",
        notes,
        formats,
    )
    cmd.add_argument("query", nargs="*", help="only decisions mentioning every word")
    cmd.add_argument("--since", type=_day, metavar="YYYY-MM-DD", help="only from this date on")
    cmd.add_argument("--limit", type=_limit, default=50, help="at most N (default 50, 0: all)")

    cmd = add(
        "open",
        cmd_open,
        "Threads still open: items that come back across a series' meetings (open tasks, "
        "carried or deferred items, issues on the latest agenda), newest first.",
        notes,
        formats,
    )
    cmd.add_argument("--series", help="only this series (a meeting title, as listed)")
    cmd.add_argument("--all", action="store_true", help="closed and quiet threads too")
    cmd.add_argument("--limit", type=_limit, default=50, help="at most N (default 50, 0: all)")

    cmd = add(
        "diff",
        cmd_diff,
        "What changed in a meeting since the previous one of its series (or since B): new, "
        "carried and dropped items, who joined and who left.",
        notes,
        formats,
    )
    cmd.add_argument("meeting", help="a meeting's path in the notes folder (as listed)")
    cmd.add_argument("since", nargs="?", help="an earlier meeting's path")

    cmd = add(
        "check",
        cmd_check,
        "What tuinotes understood of a folder: how many meetings are dated, have attendees, "
        "resolved speakers and actions; then the doubtful ones grouped by cause, largest "
        "first (undated, no attendees, counts that disagree, rows that are not people, …).",
        folder,
        as_json,
    )
    cmd.add_argument(
        "--show", metavar="CAUSE", help="list every meeting of one cause (e.g. no-attendees)"
    )
    cmd.add_argument(
        "--explain",
        metavar="FILE",
        help="which block gave a note's date, title and attendees, and why the others lost",
    )

    cmd = add("serve", cmd_serve, "Serve the app to a web browser (textual-serve).", folder)
    cmd.add_argument("--host", default="127.0.0.1", help="address to listen on (default: local)")
    cmd.add_argument("--port", type=int, default=8000, help="port (default 8000)")

    cmd = add("index", cmd_index, "Update the index now and report what it did.", notes, as_json)
    cmd.add_argument("--rebuild", action="store_true", help="rebuild from scratch")
    return parser, commands.choices


def _limit(value: str) -> int | None:
    number = int(value)
    if number < 0:
        raise argparse.ArgumentTypeError("must be 0 (no limit) or more")
    return number or None


def _day(value: str) -> date:
    try:
        return date.fromisoformat(value)
    except ValueError as error:
        raise argparse.ArgumentTypeError("expected a date like 2024-06-05") from error


def _format(options: argparse.Namespace) -> str:
    return "json" if options.json else str(getattr(options, "format", "text"))


def _nothing(options: argparse.Namespace, why: str) -> int:
    """Nothing found: an empty JSON list when JSON was asked (the answer is still JSON),
    the reason on stderr, and exit 1 as grep does."""
    if _format(options) == "json":
        emit_json([])
    err(f"tuinotes: {why}")
    return NOTHING


# -- commands --------------------------------------------------------------------------------


def run_app(options: argparse.Namespace) -> int:
    from tuinotes.library.config import load_config, resolve_notes_dir

    config = load_config()
    folder = resolve_notes_dir(options.folder, options.notes, config)
    if not folder.is_dir():
        commands = (n for n in command_names() if n not in ALIASES)
        hint = f" (commands: {', '.join(commands)})" if options.folder else ""
        raise CliError(f"{folder}: notes folder not found{hint}")
    from tuinotes.tui.app import make_app  # Textual is only imported for the app

    app = make_app(folder, config=config, rebuild=options.rebuild)
    app.run()
    return app.return_code or FOUND


def cmd_search(options: argparse.Namespace) -> int:
    with open_library(options.notes) as library:
        filters = _filters(library, options.attendee, options.any)
        result = library.search(
            " ".join(options.query), filters, sort=options.sort, limit=options.limit
        )
    for notice in result.notices:
        err(f"tuinotes: {notice}")
    if result.error:
        return ERROR
    if options.json:
        emit_json(result.to_dict())
    else:
        print_hits(result)
    return FOUND if result.hits else NOTHING


def cmd_meetings(options: argparse.Namespace) -> int:
    with open_library(options.notes) as library:
        result = library.meetings(_filters(library, options.attendee, options.any))
    if options.json:
        emit_json([hit.record.to_dict() for hit in result.hits])
    else:
        print_hits(result)
    return FOUND if result.hits else NOTHING


def cmd_people(options: argparse.Namespace) -> int:
    with open_library(options.notes) as library:
        people = library.people_ranked()
    if options.json:
        emit_json([person.to_dict() for person in people])
    else:
        for person in people:
            handle = person.handle_aside or "-"
            seen = f"{day_text(person.first_seen)}..{day_text(person.last_seen)}"
            orgs = "; ".join(person.affiliations)
            out(f"{person.meeting_count:4}  {person.label:<28} {handle:<18} {seen:<22} {orgs}")
    if not people:
        err("tuinotes: no people found")
    return FOUND if people else NOTHING


def cmd_person(options: argparse.Namespace) -> int:
    with open_library(options.notes) as library:
        person = _library_call(library.person, " ".join(options.name))
        activity = library.activity(person)
    for problem in activity.problems:
        err(f"tuinotes: {problem}")
    if _format(options) == "json":
        emit_json(activity.to_dict())
        return FOUND
    if _format(options) == "md":
        from tuinotes.library.export import person_md

        out(person_md(activity))
        return FOUND
    handle = f" {person.handle_aside}" if person.handle_aside else ""
    out(
        f"{person.label}{handle} — {plural(person.meeting_count, 'meeting')}, "
        f"{day_text(person.first_seen)}..{day_text(person.last_seen)}"
    )
    for why in person.joins:
        out(f"joined: {why}")
    out(f"attendance {activity.months[0]}..{activity.months[1]}: {sparkline(activity.monthly)}")
    for record in activity.meetings:
        out(f"  {day_text(record.date)}  {record.title}  ({record.path})")
    if activity.contributions:
        out("raised and said:")
    for c in activity.contributions:
        mark = "" if c.resolved else f"  (as {c.speaker}, not in that meeting's table)"
        lead = "raised" if c.kind == "raised" else "  said"
        out(f"  {day_text(c.date)}  {lead}: {c.text}{mark}  ({c.path}:{c.line})")
    if activity.actions:
        out("actions:")
    for record, action in activity.actions:
        box = "x" if action.state == "done" else " "
        out(f"  {day_text(record.date)}  [{box}] {action.text}  ({record.path}:{action.line})")
    return FOUND


def cmd_actions(options: argparse.Namespace) -> int:
    with open_library(options.notes) as library:
        owners = (
            frozenset(_library_call(library.person, options.person).keys)
            if options.person
            else frozenset()
        )
        rows = library.actions(owners, options.state)
    if options.json:
        emit_json([library.action_dict(record, action) for record, action in rows])
    else:
        for record, action in rows:
            owner = action.owner_name or action.owner or "-"
            box = "x" if action.state == "done" else " "
            out(f"{day_text(record.date)}  [{box}] {owner:<22} {action.text}  ({record.path})")
    if not rows:
        err(f"tuinotes: no {options.state} actions found")
    return FOUND if rows else NOTHING


def cmd_topic(options: argparse.Namespace) -> int:
    reference = " ".join(options.topic)
    with open_library(options.notes) as library:
        topics = library.topics(reference)
    if not topics:
        return _nothing(options, f"no agenda item links or mentions {reference!r}")
    how = _format(options)
    if how == "json":
        emit_json([t.to_dict() for t in topics])
    elif how == "md":
        from tuinotes.library.export import topics_md

        out(topics_md(topics))
    else:
        for topic in topics:
            out(f"{topic.title}  ({plural(len(topic.occurrences), 'meeting')})")
            for o in topic.occurrences:
                who = o.item.who
                box = {"done": "[x] ", "open": "[ ] "}.get(o.item.state, "")
                by = f"  raised by {who}" if who else ""
                lead = "mentioned in: " if o.mention else ""
                out(f"  {day_text(o.record.date)}  {o.record.title}: {lead}{box}{o.item.text}{by}")
                out(f"              {o.record.path}:{o.item.line}")
                for line in o.lines:
                    lead = "decided: " if line.decision else ""
                    out(f"      {lead}{line.said}")
    return FOUND


def cmd_decisions(options: argparse.Namespace) -> int:
    with open_library(options.notes) as library:
        decisions = library.decisions(" ".join(options.query), options.since, options.limit)
    if not decisions:
        return _nothing(options, "no decisions found")
    if options.limit and len(decisions) == options.limit:
        err(f"tuinotes: the newest {options.limit} shown (--limit 0 shows all)")
    how = _format(options)
    if how == "json":
        emit_json([d.to_dict() for d in decisions])
    elif how == "md":
        from tuinotes.library.export import decisions_md

        out(decisions_md(decisions))
    else:
        for d in decisions:
            out(f"{day_text(d.record.date)}  {d.label}  ({d.record.path}:{d.line})")
            for line in d.lines:
                out(f"    {line.text}")
    return FOUND


def cmd_open(options: argparse.Namespace) -> int:
    with open_library(options.notes) as library:
        threads = library.threads(options.series, every=options.all, limit=options.limit)
    if not threads:
        return _nothing(options, "no open threads found")
    if options.limit and len(threads) == options.limit:
        err(f"tuinotes: the {options.limit} last seen most recently shown (--limit 0: all)")
    how = _format(options)
    if how == "json":
        emit_json([t.to_dict() for t in threads])
    elif how == "md":
        from tuinotes.library.export import threads_md

        out(threads_md(threads))
    else:
        for t in threads:
            closed = f", closed {day_text(t.closed_in.date)}" if t.closed_in else ""
            out(
                f"{t.state:<6}  {t.title}\n"
                f"        {t.series}: first {day_text(t.first.date)}, {t.times}x, "
                f"last {day_text(t.last.date)}{closed}  ({t.last.path})"
            )
    return FOUND


def cmd_diff(options: argparse.Namespace) -> int:
    with open_library(options.notes) as library:
        diff = _library_call(library.diff, options.meeting, options.since)
    how = _format(options)
    if how == "json":
        emit_json(diff.to_dict())
    elif how == "md":
        from tuinotes.library.export import diff_md

        out(diff_md(diff))
    else:
        if diff.since is None:
            out(f"{diff.meeting.path}: no earlier meeting in its series")
            return FOUND
        out(f"{diff.meeting.path}: {diff.summary} ({diff.since.path})")
        for title, lines in (
            ("new", diff.new),
            ("carried", diff.carried),
            ("dropped", diff.dropped),
        ):
            for line in lines:
                out(f"  {title:<8} {line.text}")
        if diff.joined:
            out(f"  joined:  {', '.join(diff.joined)}")
        if diff.left:
            out(f"  left:    {', '.join(diff.left)}")
    return FOUND


CHECK_EXAMPLES = 3  # files shown per cause; `--show CAUSE` lists them all


def cmd_check(options: argparse.Namespace) -> int:
    from tuinotes.library.library import FINDINGS

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
                "findings": [f.to_dict() for f in findings],
            }
        )
        return FOUND
    total = understood.meetings
    out(f"{plural(total, 'meeting')} read in {folder}")
    for label, count in (
        ("dated", understood.dated),
        ("with attendees", understood.with_attendees),
        ("every speaker resolved", understood.speakers_resolved),
        ("with actions", understood.with_actions),
    ):
        out(f"  {label:24} {count:6}  {_share(count, total)}")
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

    path = Path(file).expanduser()
    rel = file
    if path.is_absolute() or path.exists():
        try:
            rel = path.resolve().relative_to(library.folder.resolve()).as_posix()
        except ValueError as error:
            raise CliError(f"{file}: not in the notes folder {library.folder}") from error
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


def sparkline(counts: list[int]) -> str:
    """Counts as block characters, one a month."""
    bars = " ▁▂▃▄▅▆▇█"
    top = max(counts, default=0) or 1
    return "".join(bars[0 if not n else max(1, round(n / top * 8))] for n in counts)


def cmd_serve(options: argparse.Namespace) -> int:
    from tuinotes.library.config import load_config, resolve_notes_dir

    folder = resolve_notes_dir(options.folder, options.notes, load_config())
    if not folder.is_dir():
        raise CliError(f"{folder}: notes folder not found")
    if options.host not in ("127.0.0.1", "localhost", "::1"):
        err(f"tuinotes: serving on {options.host}: anyone who can reach it can read these notes")
    from textual_serve.server import Server

    command = shlex.join([sys.executable, "-m", "tuinotes", str(folder)])
    Server(command, host=options.host, port=options.port, title="tuinotes").serve()
    return FOUND


def cmd_show(options: argparse.Namespace) -> int:
    from tuinotes.library.config import resolve_notes_dir
    from tuinotes.notes.parse import parse_note
    from tuinotes.notes.read import UnreadableNote

    path = Path(options.file).expanduser()
    if not path.exists() and not path.is_absolute():
        inside = resolve_notes_dir(None, options.notes) / path
        path = inside if inside.exists() else path
    try:
        meeting = parse_note(path)
    except UnreadableNote as error:
        raise CliError(f"{path}: {error}") from error
    if options.json:
        emit_json(meeting.to_dict())
    else:
        print_meeting(meeting)
    return FOUND


def cmd_index(options: argparse.Namespace) -> int:
    from tuinotes.library.library import Library

    folder = notes_folder(options.notes)
    with Library(folder) as library:
        report = library.update(progress=ProgressPrinter(), rebuild=options.rebuild)
    err("")
    if options.json:
        emit_json(report.to_dict())
    else:
        print_report(report, folder)
    return FOUND


# -- helpers -----------------------------------------------------------------------------------


def notes_folder(option: str | None) -> Path:
    from tuinotes.library.config import resolve_notes_dir

    folder = resolve_notes_dir(None, option)
    if not folder.is_dir():
        raise CliError(f"{folder}: notes folder not found")
    return folder


def open_library(option: str | None) -> Library:
    """Open the folder's library and bring its index up to date (cheap when little changed)."""
    from tuinotes.library.library import Library

    library = Library(notes_folder(option))
    report = library.update(progress=ProgressPrinter(announce=LONG_UPDATE))
    if report.indexed and len(report.indexed) >= LONG_UPDATE:
        err("")
    for message in report.messages:
        err(f"tuinotes: {message}")
    if report.skipped:
        err(f"tuinotes: {len(report.skipped)} file(s) skipped; `tuinotes index` lists them")
    return library


def _library_call(function: Any, *args: Any) -> Any:
    """Call the library, turning its one-line errors into CLI errors."""
    from tuinotes.library.library import LibraryError

    try:
        return function(*args)
    except LibraryError as error:
        raise CliError(str(error)) from error


def _filters(library: Library, names: list[str], any_of: bool) -> Any:
    return _library_call(library.filters_for, names, any_of)


LONG_UPDATE = 200  # notes to index before a command's answer: say so and show progress


class ProgressPrinter:
    """Index progress on stderr: on a terminal a bar that redraws itself (done of total, rate,
    time left), else a line every 10%. With `announce`, only updates of at least that many
    notes are shown, with a first line saying why the command waits."""

    BAR = 24  # characters
    REDRAW_SECONDS = 0.1

    def __init__(self, announce: int = 0) -> None:
        self.tty = sys.stderr.isatty()
        self.last_decile = -1
        self.announce = announce
        self.started = time.monotonic()
        self.drawn = float("-inf")  # when the bar was last drawn

    def __call__(self, progress: Progress) -> None:
        if progress.total < self.announce:
            return
        if progress.done <= 1:
            self.started = time.monotonic()
            if self.announce:
                err(
                    f"tuinotes: indexing {progress.total} notes first "
                    "(once: later commands read only what changed)"
                )
        if self.tty:
            now = time.monotonic()
            if now - self.drawn >= self.REDRAW_SECONDS or progress.done == progress.total:
                self.drawn = now
                sys.stderr.write(f"\r\x1b[K{self.bar(progress, now - self.started)}")
                if progress.done == progress.total:
                    sys.stderr.write("\n")
                sys.stderr.flush()
            return
        decile = progress.done * 10 // max(progress.total, 1)
        if decile != self.last_decile:
            self.last_decile = decile
            err(f"indexing {progress.done}/{progress.total}")

    @classmethod
    def bar(cls, progress: Progress, seconds: float) -> str:
        """`indexing [██████░░░░]  2,400/10,000  70 notes/s  1 min 48 s left`"""
        share = progress.done / max(progress.total, 1)
        filled = round(share * cls.BAR)
        line = (
            f"indexing [{'█' * filled}{'░' * (cls.BAR - filled)}] "
            f"{progress.done:,}/{progress.total:,}"
        )
        if seconds >= 1 and progress.done:
            rate = progress.done / seconds
            left = (progress.total - progress.done) / rate
            line += f"  {rate:,.0f} notes/s  {_duration(left)} left"
        return line


def _duration(seconds: float) -> str:
    minutes, rest = divmod(round(seconds), 60)
    return f"{minutes} min {rest} s" if minutes else f"{rest} s"


def print_report(report: UpdateReport, folder: Path) -> None:
    out(f"notes folder: {folder}")
    for message in report.messages:
        out(f"note: {message}")
    out(
        f"indexed {len(report.indexed)}, unchanged {report.unchanged}, "
        f"removed {len(report.removed)}, skipped {len(report.skipped)} "
        f"in {report.seconds:.2f} s"
    )
    for problem in report.skipped:
        out(f"  skipped  {problem}")
    for problem in report.warnings:
        out(f"  warning  {problem}")


def print_hits(result: SearchResult) -> None:
    if not result.hits:
        err("tuinotes: no meetings found" if result.query else "tuinotes: no meetings")
        if result.suggestion:
            err(f"did you mean: {result.suggestion}")
        return
    for hit in result.hits:
        record = hit.record
        people = plural(record.attendee_count, "person", "people")
        people = f"  ({people})" if record.attendee_count else ""
        out(f"{day_text(record.date):<10}  {record.title}{people}  {record.path}")
        if hit.snippet and hit.snippet.text:
            print(f"    {styled_snippet(hit.snippet)}")  # styled_snippet neutralises the text
    if result.total > len(result.hits):
        out(f"({len(result.hits)} of {result.total} shown)")


def styled_snippet(snippet: Snippet) -> str:
    """The snippet with control characters made visible; matches in bold on a terminal."""
    text = neutralise(snippet.text)
    if not sys.stdout.isatty() or len(text) != len(snippet.text):
        return text
    parts, last = [], 0
    for start, end in snippet.spans:
        parts += [text[last:start], "\x1b[1m", text[start:end], "\x1b[22m"]
        last = end
    parts.append(text[last:])
    return "".join(parts)


def print_meeting(meeting: Meeting) -> None:
    out(f"# {meeting.title}")
    out(f"date: {day_text(meeting.date)}    file: {meeting.path}")
    if meeting.tags:
        out(f"tags: {', '.join(meeting.tags)}")
    if meeting.attendees:
        out(f"\nattendees ({meeting.attendee_count}):")
        for a in meeting.attendees:
            extra = ", ".join(
                filter(None, (a.initials, f"@{a.handle}" if a.handle else "", a.affiliation))
            )
            out(f"  - {a.name or a.label}" + (f" ({extra})" if extra else ""))
    if meeting.absent:
        out(f"absent: {', '.join(a.label for a in meeting.absent)}")
    for section in meeting.sections:
        if section.kind == "attendees":
            continue
        out(f"\n## {section.title}" if section.title else "")
        for paragraph in section.paragraphs if section.kind == "agenda" else ():
            out(paragraph)
        for item in section.items:
            _print_item(item, 0)
    if meeting.links:
        out("\nlinks:")
        for link in meeting.links:
            out(f"  {link.url}" + (f"  ({link.text})" if link.text != link.url else ""))
    for problem in meeting.problems:
        err(f"tuinotes: {meeting.path}: {problem}")


def _print_item(item: Item, depth: int) -> None:
    box = {"done": "[x] ", "open": "[ ] ", "plain": ""}[item.state]
    who = f"{item.speaker}: " if item.speaker else ""
    name = f"  — {item.speaker_name}" if item.speaker_name else ""
    out(f"{'  ' * depth}- {box}{who}{item.text}{name}")
    for child in item.children:
        _print_item(child, depth + 1)


def out(text: str) -> None:
    """Print note-derived text to stdout, with any control characters made visible."""
    print(neutralise(text))


def err(text: str) -> None:
    print(neutralise(text), file=sys.stderr)


def emit_json(data: Any) -> None:
    json.dump(data, sys.stdout, ensure_ascii=False, indent=2, default=str)
    sys.stdout.write("\n")
