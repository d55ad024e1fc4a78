"""The command line's grammar: the app's arguments and each command, declared once,
with the options they share as parent parsers."""

from __future__ import annotations

import argparse
from datetime import date
from functools import cache
from typing import Any

from tuinotes import __version__
from tuinotes.cli.commands import (
    cmd_actions,
    cmd_check,
    cmd_decisions,
    cmd_diff,
    cmd_index,
    cmd_mcp,
    cmd_meetings,
    cmd_new,
    cmd_open,
    cmd_people,
    cmd_person,
    cmd_search,
    cmd_series,
    cmd_serve,
    cmd_show,
    cmd_topic,
)
from tuinotes.model.record import day_of
from tuinotes.search.query import syntax_text

ALIASES = {"attendees": "people"}  # the command's name before it matched the app's People pane
EXIT_CODES = "exit status: 0 found something, 1 found nothing, 2 an error (message on stderr)"
QUERY_HELP = syntax_text()


def app_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="tuinotes",
        description="Search, filter and read a folder of Markdown meeting notes.",
        epilog=f"commands: {', '.join(n for n in command_names() if n not in ALIASES)} "
        f"(tuinotes COMMAND --help)\n{EXIT_CODES}",
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument(
        "folder",
        nargs="?",
        help="notes folder (default: $TUINOTES_DIR, else notes_dir in the config file, else "
        "the bundled sample notes)",
    )
    parser.add_argument("--notes", help="notes folder (same as the argument)")
    parser.add_argument("--rebuild", action="store_true", help="rebuild the index on start")
    parser.add_argument("--version", action="version", version=f"tuinotes {__version__}")
    return parser


def _positive(value: str) -> int:
    number = int(value)
    if number < 1:
        raise argparse.ArgumentTypeError("must be 1 or more")
    return number


def _port(value: str) -> int:
    number = int(value)
    if not 1 <= number <= 65535:
        raise argparse.ArgumentTypeError("must be a port from 1 to 65535")
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
    limited = _options(
        (("--limit",), {"type": _limit, "default": 50, "help": "at most N (default 50, 0: all)"})
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
        "search", cmd_search, "Search the notes.", notes, attendees, formats, epilog=QUERY_HELP
    )
    cmd.add_argument("query", nargs="+", help="e.g. 'backpressure attendee:anaq date:2024'")
    cmd.add_argument("--sort", choices=("relevance", "date"), default="relevance")
    cmd.add_argument("--limit", type=_positive, default=20, help="at most N hits (default 20)")

    cmd = add("show", cmd_show, "Show one parsed meeting note.", as_json)
    cmd.add_argument("file", help="a note file (or a path inside the notes folder)")
    cmd.add_argument("--notes", help="notes folder, to find FILE in")

    add("meetings", cmd_meetings, "List meetings, newest first.", folder, attendees, formats)
    add("people", cmd_people, "List everyone who attended, most frequent first.", folder, formats)
    add(
        "series",
        cmd_series,
        "List the meeting series (the names `new`, `open --series` and `series:` take), "
        "most meetings first.",
        folder,
        formats,
    )

    cmd = add(
        "person", cmd_person, "What one person attended, raised, said and owns.", notes, formats
    )
    cmd.add_argument("name", nargs="+", help="a name, @handle or initials")

    cmd = add(
        "actions", cmd_actions, "Action items across all meetings, oldest first.", folder, formats
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
        limited,
    )
    cmd.add_argument("query", nargs="*", help="only decisions mentioning every word")
    cmd.add_argument("--since", type=_day, metavar="YYYY-MM-DD", help="only from this date on")

    cmd = add(
        "open",
        cmd_open,
        "Threads still open: items that come back across a series' meetings (open tasks, "
        "carried or deferred items, issues on the latest agenda), newest first.",
        notes,
        formats,
        limited,
    )
    cmd.add_argument("--series", help="only this series (a meeting title, as listed)")
    cmd.add_argument("--all", action="store_true", help="closed and quiet threads too")

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

    cmd = add(
        "new",
        cmd_new,
        "Draft the next meeting of a series from its latest note: the heading, file name and "
        "frontmatter with the new date, the standing sections empty, the attendee block with "
        "no one in it, a link to the latest meeting, and what is still open carried over. "
        "Writes one new file (never over an existing one) and prints its path. This is the "
        "only command that writes in the notes folder.",
        notes,
        as_json,
    )
    cmd.add_argument(
        "series", nargs="?", help="a series, as listed (default: that of the latest meeting)"
    )
    cmd.add_argument(
        "--date", type=_day, metavar="YYYY-MM-DD", help="default: the series' usual interval on"
    )
    cmd.add_argument("--stdout", action="store_true", help="print the draft; write nothing")
    cmd.add_argument("--edit", action="store_true", help="open it in $VISUAL or $EDITOR")

    add(
        "mcp",
        cmd_mcp,
        "Serve the folder's meetings to an assistant: a Model Context Protocol server on "
        "stdin/stdout with read-only tools (search, meeting, meetings, person, actions, topic, "
        "decisions, open threads, changes). Needs the extra: pip install 'tuinotes[mcp]'.",
        folder,
    )

    cmd = add("serve", cmd_serve, "Serve the app to a web browser (textual-serve).", folder)
    cmd.add_argument("--host", default="127.0.0.1", help="address to listen on (default: local)")
    cmd.add_argument("--port", type=_port, default=8000, help="port (default 8000)")

    cmd = add("index", cmd_index, "Update the index now and report what it did.", folder, as_json)
    cmd.add_argument("--rebuild", action="store_true", help="rebuild from scratch")
    return parser, commands.choices


def _limit(value: str) -> int | None:
    number = int(value)
    if number < 0:
        raise argparse.ArgumentTypeError("must be 0 (no limit) or more")
    return number or None


def _day(value: str) -> date:
    try:
        return day_of(value)
    except ValueError as error:
        raise argparse.ArgumentTypeError(str(error)) from None
