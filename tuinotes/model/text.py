"""Text rules shared by every layer: note text is data, and names match folded.

Whatever a note holds, the strings tuinotes hands on never contain terminal control
sequences or bidi overrides, so no pane or CLI output can be hijacked.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

# C0 controls except tab/newline/carriage return, DEL, and C1 controls.
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\x80-\x9f]")
# Bidi embeddings, overrides and isolates (Trojan Source), and the BOM/zero-width no-break space.
_BIDI = re.compile("[\u202a-\u202e\u2066-\u2069\u200e\u200f\u061c\ufeff]")


# A URL written in text ("https://…", "ssh://…", "www.…"), up to a space or the bracket,
# quote or angle that closes it: what is set aside as not prose, and what names a topic.
URL = re.compile(r"\b(?:[a-z][a-z0-9+.-]*://|www\.)[^\s<>\"'`\])]+", re.I)


# An Obsidian-style link to a note: `[[Ana Pop]]`, `[[people/Ana Pop|Ana]]`.
# No bracket inside, and a page's path and name of a few hundred characters at most, so a
# line of 50,000 "[" is read in one pass, not one pass per bracket.
WIKILINK = re.compile(
    r"\[\[(?:[^\][|\n]{0,200}/)?(?P<name>[^\][|/\n]{1,200}?)(?:\|[^\][\n]{0,200})?\]\]"
)


# A handle as forges and chats write it: letters, digits, '_' and '-', and dots inside
# ('kira.tan', as GitLab and Mastodon allow; not the full stop after '@ana.').
HANDLE_WORD = r"[A-Za-z0-9](?:[A-Za-z0-9_-]|\.(?=[A-Za-z0-9])){0,38}"
# A full name mentioned as a notes app writes it, "@Ana Pop": a name, not a handle.
MENTIONED_NAME = r"@(?P<mentioned>[A-Z][a-z][\w'’-]*\s+[A-Z][\w'’-]+)"


def unlink_wiki(text: str) -> str:
    """Links to notes as the names they link: `[[people/Ana Pop|Ana]]` is `Ana Pop`."""
    return WIKILINK.sub(r"\g<name>", text) if "[[" in text else text


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


# Apostrophes and dashes of every kind read as the ASCII ones: "O’Neall" is "O'Neall".
_SAME_MARKS = str.maketrans(
    {c: "'" for c in "\u2018\u2019\u201b\u02bc\u02b9\u2032\u0060\u00b4"}
    | {c: "-" for c in "\u2010\u2011\u2012\u2013\u2014\u2015\u2212"}
)


@lru_cache(maxsize=16384)  # names, the most folded text, recur in every meeting
def fold(text: str) -> str:
    """Case- and accent-fold a name for matching: 'José Núñez' -> 'jose nunez', and
    'Gary O’Neall' -> "gary o'neall" (any apostrophe, any dash)."""
    if text.isascii() and "`" not in text:  # nothing to decompose or to read as a mark
        return " ".join(text.casefold().split())
    decomposed = unicodedata.normalize("NFKD", text.translate(_SAME_MARKS))
    stripped = "".join(c for c in decomposed if not unicodedata.combining(c))
    return " ".join(stripped.casefold().split())


# A title before a name and a degree after it are no part of who someone is.
HONORIFICS = frozenset(
    {"mr", "mrs", "ms", "miss", "mx", "dr", "prof", "professor", "sir", "dame", "rev"}
)
POST_NOMINALS = frozenset({"phd", "md", "mba", "msc", "dphil", "esq"})


def is_degree(word: str) -> bool:
    """Whether a word is a degree written after a name ('PhD', 'Esq.')."""
    return fold(word).strip(".,") in POST_NOMINALS


def without_titles(words: list[str]) -> list[str]:
    """A name's words without a title before them or a degree after them, as long as two
    words are left (['Dr.', 'Chioma', 'Obi', 'PhD'] -> ['Chioma', 'Obi'])."""
    if len(words) > 2 and fold(words[0]).strip(".") in HONORIFICS:
        words = words[1:]
    if len(words) > 2 and is_degree(words[-1]):
        words = words[:-1]
    return words


def plural(count: int, noun: str, nouns: str | None = None) -> str:
    """'1 person', '3 people', '0 meetings'."""
    return f"{count} {noun if count == 1 else (nouns or noun + 's')}"


# A template's field left as the template wrote it: "{{title}}", "{{date:YYYY-MM-DD}}",
# "<% tp.file.title %>", "{% date %}", "<owner>".
TEMPLATE_FIELD = re.compile(
    r"\{\{[^{}]{0,200}\}\}|<%[^%]{0,200}%>|\{%[^%]{0,200}%\}|<[a-z][a-z _-]{0,30}>"
)
# A label of up to three words and nothing after it: "Owner:", "Due date:" (not "Gopi to
# create a block diagram:", which heads the details below it).
_BARE_LABEL = re.compile(r"[^\W\d_]\w*(?:\s+\w+){0,2}\s*:")
_EMPTY = " \t\n.,;:!?*_-–—()[]{}<>#|/\\'\"`~"  # punctuation and space: no symbol, no emoji


def unfilled(text: str) -> bool:
    """A line of a template nobody filled in: nothing but its fields, a bare label and
    punctuation ("{{title}}", "Owner:", "<% tp.file.cursor(2) %>", "<owner>: <task>"), or
    nothing at all. "Budget: ✅" says something."""
    rest = TEMPLATE_FIELD.sub(" ", text)
    if not rest.strip(_EMPTY):
        return True
    return bool(_BARE_LABEL.fullmatch(rest.strip(_EMPTY.replace(":", ""))))
