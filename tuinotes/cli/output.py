"""What the commands print, and how: text on stdout, messages on stderr, JSON; the
library opened with progress shown; the exit codes."""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path
from typing import TYPE_CHECKING, Any

from tuinotes.model.text import neutralise

if TYPE_CHECKING:
    from tuinotes.indexer.report import Progress, UpdateReport
    from tuinotes.library.library import Library
    from tuinotes.search.snippets import Snippet


FOUND, NOTHING, ERROR = 0, 1, 2


class CliError(Exception):
    """A problem to report in one line, exiting with status 2 (1 when `nothing` was found)."""

    def __init__(self, message: str, nothing: bool = False) -> None:
        super().__init__(message)
        self.code = NOTHING if nothing else ERROR


def answer_format(options: argparse.Namespace) -> str:
    return "json" if options.json else str(getattr(options, "format", "text"))


def nothing_found(options: argparse.Namespace, why: str) -> int:
    """Nothing found: an empty JSON list when JSON was asked (the answer is still JSON),
    the reason on stderr, and exit 1 as grep does."""
    if answer_format(options) == "json":
        emit_json([])
    err(f"tuinotes: {why}")
    return NOTHING


def folder_among_words(words: list[str]) -> None:
    """After nothing was found: a last word that names a folder here was read as a word
    (`search backpressure sample_notes`); say how to look in it."""
    if words and words[-1] not in (".", "..") and Path(words[-1]).is_dir():
        name = words[-1]
        err(f"tuinotes: '{name}' is a folder here: to look in it, write ./{name} or --notes {name}")


# -- helpers -----------------------------------------------------------------------------------


def notes_folder(option: str | None) -> Path:
    from tuinotes.library.config import load_config, resolve_notes_dir

    config = load_config()
    if config.problem:  # said, not silently replaced by the defaults (the app says it too)
        err(f"tuinotes: {config.problem}")
    return checked_folder(resolve_notes_dir(None, option, config))


def checked_folder(folder: Path, hint: str = "") -> Path:
    """The notes folder, or an error that says what it is instead."""
    if folder.is_file():
        raise CliError(f"{folder}: a file, not a folder (`tuinotes show FILE` reads one note)")
    if not folder.is_dir():
        raise CliError(f"{folder}: notes folder not found{hint}")
    return folder


def open_library(option: str | None) -> Library:
    """Open the folder's library and bring its index up to date (cheap when little changed)."""
    from tuinotes.library.library import Library

    library = Library(notes_folder(option))
    # the meeting memory is opened by the commands that ask it something, not by a search
    report = library.update(progress=ProgressPrinter(announce=LONG_UPDATE), memory=False)
    if report.indexed and len(report.indexed) >= LONG_UPDATE:
        err("")
    for message in report.messages:
        err(f"tuinotes: {message}")
    if report.skipped:
        err(f"tuinotes: {len(report.skipped)} file(s) skipped; `tuinotes index` lists them")
    elif report.found_no_notes:
        from tuinotes.library.config import NO_NOTES

        err(f"tuinotes: no notes in {library.folder}: {NO_NOTES}")
    return library


def library_call(function: Any, *args: Any) -> Any:
    """Call the library, turning its one-line errors into CLI errors."""
    from tuinotes.library.library import LibraryError, NobodyFound

    try:
        return function(*args)
    except LibraryError as error:
        raise CliError(str(error), nothing=isinstance(error, NobodyFound)) from error


def attendee_filters(library: Library, names: list[str], any_of: bool) -> Any:
    return library_call(library.filters_for, names, any_of)


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


def out(text: str) -> None:
    """Print note-derived text to stdout, with any control characters made visible."""
    print(neutralise(text))


def err(text: str) -> None:
    print(neutralise(text), file=sys.stderr)


def emit_json(data: Any) -> None:
    json.dump(data, sys.stdout, ensure_ascii=False, indent=2, default=str)
    sys.stdout.write("\n")
