"""Reading a note file: its bytes decoded to safe text, or the reason it cannot be read."""

from __future__ import annotations

import os
import stat
from pathlib import Path

from tuinotes.model.text import neutralise

# Read without waiting (a pipe named like a note would wait for a writer) and without
# making a terminal device ours.
_READ_NOW = (
    os.O_RDONLY
    | getattr(os, "O_NONBLOCK", 0)
    | getattr(os, "O_NOCTTY", 0)
    | getattr(os, "O_BINARY", 0)  # Windows: no line-end translation
)
MAX_NOTE_BYTES = 2 * 1024 * 1024
"""Larger notes are read up to this size; a meeting note this long is almost surely not one."""


class UnreadableNote(Exception):
    """A file that cannot be read as a note (binary, unreadable, vanished)."""


def decode_note(data: bytes) -> tuple[str, list[str]]:
    """Decode a note's bytes, returning its text and what was odd about it.

    UTF-8 (with or without BOM) and UTF-16 with a BOM are read as such; anything else
    that is not UTF-8 is read as Windows-1252/Latin-1. NUL bytes without a UTF-16 BOM
    mean a binary file, which raises `UnreadableNote`.
    """
    problems: list[str] = []
    if len(data) > MAX_NOTE_BYTES:
        problems.append(
            f"larger than {MAX_NOTE_BYTES // (1024 * 1024)} MB: only the start was read"
        )
        data = data[:MAX_NOTE_BYTES]
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        text = data.decode("utf-16", errors="replace")
        problems.append("encoded as UTF-16: read it, but UTF-8 is expected")
    elif b"\x00" in data[:8192]:
        raise UnreadableNote("binary file (contains NUL bytes)")
    else:
        try:
            text = data.decode("utf-8-sig")
        except UnicodeDecodeError as error:
            try:
                text = data.decode("cp1252")
            except UnicodeDecodeError:
                text = data.decode("latin-1")
            problems.append(f"not valid UTF-8 (byte {error.start}): read as Latin-1")
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\x00", "")
    return neutralise(text), problems


def read_note(path: Path) -> tuple[str, list[str]]:
    """A note file's text and what was odd about it. Raises `UnreadableNote`."""
    try:
        descriptor = os.open(path, _READ_NOW)
        with open(descriptor, "rb") as handle:
            mode = os.fstat(descriptor).st_mode
            if stat.S_ISDIR(mode):
                raise IsADirectoryError
            if not stat.S_ISREG(mode):
                raise UnreadableNote("not a regular file (a pipe or a device)")
            data = handle.read(MAX_NOTE_BYTES + 1)  # decode_note says when there was more
    except FileNotFoundError as error:
        raise UnreadableNote("file not found (deleted or moved?)") from error
    except IsADirectoryError as error:
        raise UnreadableNote("is a directory") from error
    except OSError as error:
        raise UnreadableNote(error.strerror or str(error)) from error
    return decode_note(data)
