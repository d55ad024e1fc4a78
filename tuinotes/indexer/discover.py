"""Finding the note files of a folder, without ever writing to it."""

from __future__ import annotations

import os
import re
import stat
from dataclasses import dataclass, field
from pathlib import Path

from tuinotes.model.record import Problem

NOTE_SUFFIXES = (".md", ".markdown")


@dataclass(slots=True)
class Scan:
    """The note files under a folder: relative POSIX path -> (mtime_ns, size)."""

    files: dict[str, tuple[int, int]] = field(default_factory=dict)
    problems: list[Problem] = field(default_factory=list)


# A repository's own files, named in capitals as forges show them, never a meeting's notes
# (a repository of notes keeps them beside its notes); "security.md" may be a meeting's.
REPOSITORY_FILES = frozenset(
    {"LICENSE", "LICENCE", "COPYING", "CONTRIBUTING", "CODE_OF_CONDUCT", "SECURITY", "CHANGELOG"}
)


def is_note_name(name: str) -> bool:
    """A Markdown file, not hidden, not one of a repository's own (`LICENSE.md`) and not a
    template to copy a meeting's notes from (`template.md`, `meeting-template.md`)."""
    if not name.lower().endswith(NOTE_SUFFIXES) or name.startswith("."):
        return False
    stem = name.rsplit(".", 1)[0]
    return stem not in REPOSITORY_FILES and not TEMPLATE_NAME.match(stem)


# A template's own name: "template.md", "_template.md", "meeting-template.md", "template-sync.md"
# (not "2024-03-01-template-review.md", a meeting about one, nor a dated name).
TEMPLATE_NAME = re.compile(r"^(?!.*\d)(?:_?templates?|.*[-_ ]templates?|templates?[-_ ].*)$", re.I)
# What a folder says of itself, not a meeting: "README.md", "index.md" beside the notes.
FOLDER_PAGES = frozenset({"readme", "index"})


def _folder_page(name: str, prefix: str, names: list[str]) -> bool:
    """A folder's README or index page that describes the notes beside it (or, at the top,
    the whole folder): not a meeting, unless its path is dated (`2024-03-01/README.md`) or
    it is the only note of a folder of its own (`meetings/042/README.md`)."""
    if name.rsplit(".", 1)[0].lower() not in FOLDER_PAGES:
        return False
    from tuinotes.notes.dates import date_of_path  # here: a search loads no note reader

    if date_of_path(prefix + name):
        return False
    siblings = [n for n in names if n != name and is_note_name(n)]
    return not prefix or bool(siblings)


def scan_folder(folder: Path) -> Scan:
    """Walk `folder` for notes, skipping hidden entries, following links without looping."""
    scan = Scan()
    if not folder.is_dir():
        scan.problems.append(Problem(str(folder), "notes folder not found or not a directory"))
        return scan
    seen_dirs: set[tuple[int, int]] = set()
    _walk(folder, "", scan, seen_dirs)
    return scan


def _walk(directory: Path, prefix: str, scan: Scan, seen: set[tuple[int, int]]) -> None:
    try:
        info = directory.stat()
        key = (info.st_dev, info.st_ino)
        if key in seen:
            scan.problems.append(Problem(prefix or ".", "directory link loop: skipped"))
            return
        seen.add(key)
        entries = sorted(os.scandir(directory), key=lambda e: e.name)
    except OSError as error:
        scan.problems.append(Problem(prefix or ".", f"cannot list directory: {_reason(error)}"))
        return
    names = [entry.name for entry in entries]
    for entry in entries:
        if entry.name.startswith(".") or _folder_page(entry.name, prefix, names):
            continue  # .git, .obsidian, editor swap files; a README beside the notes
        rel = f"{prefix}{entry.name}"
        if odd := _odd_name(entry.name):
            if is_note_name(entry.name) or entry.is_dir(follow_symlinks=False):
                scan.problems.append(Problem(_shown(rel), f"{odd} (rename it to read it)"))
            continue
        try:
            info = entry.stat(follow_symlinks=True)
        except FileNotFoundError:
            if entry.is_symlink() and is_note_name(entry.name):
                scan.problems.append(Problem(rel, "dangling symlink: skipped"))
            continue
        except OSError as error:
            if is_note_name(entry.name) or entry.is_dir(follow_symlinks=False):
                scan.problems.append(Problem(rel, f"cannot read: {_reason(error)}"))
            continue
        if stat.S_ISDIR(info.st_mode):
            if not TEMPLATE_NAME.match(entry.name):  # "templates/", "_templates/"
                _walk(Path(entry.path), f"{rel}/", scan, seen)
        elif stat.S_ISREG(info.st_mode) and is_note_name(entry.name):
            scan.files[rel] = (info.st_mtime_ns, info.st_size)


def _odd_name(name: str) -> str | None:
    """Why a name the file system gave cannot name a note, if it cannot: one that is not
    UTF-8 ('caf\\xe9.md' from an old system comes with a stand-in for the byte that is
    not, which no index can store), or one with a line break (every listing would break)."""
    try:
        name.encode("utf-8")
    except UnicodeEncodeError:
        return "its name is not UTF-8 text"
    if "\n" in name or "\r" in name:
        return "its name holds a line break"
    return None


def _shown(name: str) -> str:
    """A name as one line of text: bytes that are not UTF-8 as `\\xe9`, breaks as `\\n`."""
    text = name.encode("utf-8", "surrogateescape").decode("utf-8", "backslashreplace")
    return text.replace("\n", "\\n").replace("\r", "\\r")


def _reason(error: OSError) -> str:
    return error.strerror or type(error).__name__
