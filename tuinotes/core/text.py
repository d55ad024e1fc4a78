"""Turning raw note bytes into safe text: decoding, and neutralising control characters.

Note text is data. Whatever a note holds, the strings tuinotes hands on never contain
terminal control sequences or bidi overrides, so no pane or CLI output can be hijacked.
"""

from __future__ import annotations

import re
import unicodedata

MAX_NOTE_BYTES = 2 * 1024 * 1024
"""Larger notes are read up to this size; a meeting note this long is almost surely not one."""

# C0 controls except tab/newline/carriage return, DEL, and C1 controls.
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\x80-\x9f]")
# Bidi embeddings, overrides and isolates (Trojan Source), and the BOM/zero-width no-break space.
_BIDI = re.compile("[\u202a-\u202e\u2066-\u2069\u200e\u200f\u061c\ufeff]")


def _picture(match: re.Match[str]) -> str:
    code = ord(match.group())
    if code < 0x20:
        return chr(0x2400 + code)  # the Unicode "control picture": ESC shows as ␛
    if code == 0x7F:
        return "\u2421"
    return "\ufffd"


def neutralise(text: str) -> str:
    """Show control characters as visible pictures and drop bidi controls."""
    if text.isprintable():
        return text
    return _BIDI.sub("", _CONTROL.sub(_picture, text))


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


def fold(text: str) -> str:
    """Case- and accent-fold a name for matching: 'José Núñez' -> 'jose nunez'."""
    decomposed = unicodedata.normalize("NFKD", text)
    stripped = "".join(c for c in decomposed if not unicodedata.combining(c))
    return " ".join(stripped.casefold().split())
