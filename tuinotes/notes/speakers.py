"""The one speaker grammar: who leads a line, as written, and who that is in this meeting.

Used by the parser (items and transcript lines), attendee lists (`AB: Ada Byron`), action
detection and the agenda renderer, on plain text or on the line's Markdown source:

- `AB: text`, `@ada: text`, `ada: text`, `(AB) text`;
- bold: `**AB**: text`, `**AB:** text`, `**Ada Byron**: text` (a name of several words
  only when bold, so `Next steps: …` is not a speaker); a chat quote `@_**Ada Byron** said:`;
- weak forms, only when the name is someone in the meeting: `Ada - text`, `Ada, text`,
  and a full name not in bold, `Ada Byron: text`.

A written speaker is resolved per meeting (initials, handle, first name, derived
initials); one that does not resolve is kept as written when it looks like initials, and
otherwise the line has no speaker. A person is never guessed.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from tuinotes.model.meeting import Attendee
from tuinotes.model.text import fold, without_titles

_LETTER = r"[^\W\d_]"  # any script's letter: Ł, Ö, Ş as much as A
_NAME = rf"@?{_LETTER}[\w.\-']{{0,38}}?"
_LEAD = re.compile(
    rf"""^\s*(?:
        @_\*\*(?P<chat>[^*]{{1,60}})\*\*\s*(?:said\s*)?:\s*
      | \((?P<paren>{_NAME})\)\s*(?:[:\-–—]\s*)?
      | <(?P<irc>{_NAME})>\s+  # a chat log's '<chidi> any changes to the agenda?'
      | (?P<em>\*\*|__)(?P<bold>@?{_LETTER}[\w.\-' ]{{0,40}}?)
            (?:\s*:\s*(?P=em)|(?P=em)\s*(?:[\[(][\d:.]{{4,12}}[\])]\s*)?:)\s*  # "[0:05:31]"
      | (?P<plain>{_NAME})\s*(?::\s+|：\s*)  # Chinese and Japanese write a wide colon
    )""",
    re.X,
)
_WEAK = re.compile(rf"^\s*(?P<weak>{_NAME})(?:,|\s*[-–—])\s+(?=\S)")
# "Wei Zhang: update the slides": a name of two to four words, a speaker when it is someone's.
_FULL_NAME_LEAD = re.compile(
    rf"^\s*(?P<full>{_LETTER}[\w.'’-]*(?:\s+{_LETTER}[\w.'’-]*){{1,3}})\s*:\s+"
)
_INITIALS = re.compile(r"^[^\W\d_]{1,4}$")
# Labels that lead a line like a speaker but name nobody.
NOT_SPEAKERS = frozenset(
    {"todo", "fyi", "tbd", "wip", "note", "nb", "ps", "re", "ai", "q", "a", "eta", "pr", "rfc"}
)
# Labels shaped like initials, speakers only when someone in the meeting goes by them.
ACRONYMS = frozenset(
    {"psa", "tldr", "task", "info", "demo", "talk", "ok", "aka", "afk", "eg", "faq", "qa"}
    | {"ci", "cd", "api", "ux", "ui", "gui", "irc", "npm", "okr", "sig", "wg", "dm", "pm"}
)


@dataclass(frozen=True, slots=True)
class Lead:
    """A line's leading speaker as written (`AB`, `@ada`, `Ada Byron`) and what follows."""

    written: str
    rest: str
    weak: bool = False  # `Ada - text`: a speaker only if Ada is in the meeting


def split_lead(text: str, weak: bool = False) -> Lead | None:
    """The speaker-shaped start of `text`, if any (not yet resolved); `weak` also tries
    `Ada - text` and `Ada, text`. A full name (`Ada Byron: text`) is always weak."""
    match = _LEAD.match(text)
    if match:
        written = (
            match.group("chat")
            or match.group("paren")
            or match.group("irc")
            or match.group("bold")
            or match.group("plain")
        )
        return Lead(written.strip(), text[match.end() :])
    if weak and (match := _WEAK.match(text)):
        return Lead(match.group("weak"), text[match.end() :], weak=True)
    if match := _FULL_NAME_LEAD.match(text):
        return Lead(match.group("full"), text[match.end() :], weak=True)
    return None


def looks_like_initials(text: str) -> bool:
    """'AB', 'JdL', 'ÉM' are initials; 'Note' or 'TODO' spelled long are not."""
    if not _INITIALS.match(text) or not text[0].isupper():
        return False
    capitals = sum(1 for c in text if c.isupper())
    return capitals >= max(1, len(text) - 1) or (len(text) <= 3 and capitals >= 2)


def derive_initials(name: str) -> str:
    """'Ada Lovelace' -> 'AL'; 'Zoë' -> 'Z'."""
    words = [w for w in re.split(r"[\s\-]+", name) if w and w[0].isalpha()]
    if not words:
        return ""
    if len(words) == 1:
        return words[0][0].upper()
    return (words[0][0] + words[-1][0]).upper()


@lru_cache(maxsize=8192)  # the same people attend meeting after meeting
def _name_keys(name: str) -> tuple[str, ...]:
    """The weak keys a name answers to: its first name (a double one whole and in part:
    'Eun-ji', 'Eun'), the whole name (also without a title: 'Dr. Chioma Obi' is Chioma Obi),
    its initials, its first initial and surname ('M. Doyle' for Margaret Doyle), a title and
    surname ('Dr. Obi')."""
    written = [w.strip(",;:") for w in re.split(r"[\s\-]+", name) if w[:1].isalpha()]
    words = without_titles(written)
    if not words:
        return ()
    spaced = without_titles([w.strip(",;:") for w in name.split() if w[:1].isalpha()])
    derived = {"".join(w[0] for w in words), derive_initials(" ".join(words))}
    initialled = (fold(f"{words[0][0]}. {words[-1]}"),) if len(words) > 1 else ()
    title = written[0].rstrip(".")
    titled = (  # when a title was dropped: 'Dr. Obi' (not for 'J. Smith')
        (fold(f"{title}. {words[-1]}"), fold(f"{title} {words[-1]}"))
        if written[0] is not words[0]
        else ()
    )
    return (
        fold(words[0]),
        *((fold(spaced[0]),) if spaced and spaced[0] != words[0] else ()),
        fold(name),
        fold(" ".join(words)),
        *initialled,
        *titled,
        *(d.casefold() for d in derived if len(d) > 1),
    )


class Speakers:
    """Who a written speaker is in one meeting, from that meeting's attendees."""

    def __init__(self, attendees: list[Attendee]) -> None:
        # Weakest first, so stronger keys overwrite: first names, derived initials, handles,
        # initials as written in the table. A key two people share at the same strength
        # names nobody (two "AJ"s: neither is guessed).
        tiers: list[list[tuple[str, Attendee]]] = [[], [], []]
        for attendee in attendees:
            tiers[0] += [(key, attendee) for key in _name_keys(attendee.name)]
            if attendee.handle:
                tiers[1].append((attendee.handle.casefold(), attendee))
            if attendee.initials:
                tiers[2].append((attendee.initials.casefold(), attendee))
        lookup: dict[str, Attendee | None] = {}
        for tier in tiers:
            level: dict[str, Attendee | None] = {}
            for key, attendee in tier:
                if key in level and level[key] is not attendee:
                    level[key] = None  # shared: ambiguous at this strength
                else:
                    level.setdefault(key, attendee)
            for key, found in level.items():
                if found is not None or key not in lookup:
                    lookup[key] = found
        self._lookup = lookup
        self._written = {
            key
            for attendee in attendees
            for key in (attendee.initials.casefold(), attendee.handle.casefold())
            if key
        }

    def written_as(self, written: str) -> bool:
        """Whether an attendee's initials or handle column says exactly `written`."""
        return written.lstrip("@").casefold() in self._written

    def find(self, written: str) -> Attendee | None:
        """The attendee `written` names in this meeting, or None."""
        key = written.lstrip("@")
        if key.casefold() in self._lookup:
            return self._lookup[key.casefold()]
        return self._lookup.get(fold(key))

    def knows(self, written: str) -> bool:
        return self.find(written) is not None

    def resolve(self, text: str, weak: bool = False) -> tuple[str, str, str]:
        """(speaker as written, resolved name or "", rest of the line) for a line of text;
        ("", "", text) when the line has no speaker."""
        lead = split_lead(text, weak=weak)
        if lead is None:
            return "", "", text
        if lead.written.casefold() in NOT_SPEAKERS and not self.written_as(lead.written):
            return "", "", text  # "AI:", "Q:", "Note:" are labels unless a table says so
        person = self.find(lead.written)
        if person is not None:
            return lead.written, person.name or person.label, lead.rest
        if lead.written.casefold() in ACRONYMS:
            return "", "", text  # "PSA:", "CI:" name nobody here (but "CD" may be Chen Dao)
        if lead.weak:
            return "", "", text
        if looks_like_initials(lead.written):
            return lead.written, "", lead.rest  # kept as written, flagged as unresolved
        return "", "", text
