"""One row grammar (`read_row`) for every shape an attendee row takes (tables' columns:
`tables.py`)."""

from __future__ import annotations

import dataclasses
import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import lru_cache

from tuinotes.model.meeting import Attendee
from tuinotes.model.text import HANDLE_WORD, MENTIONED_NAME, fold, is_degree, unlink_wiki
from tuinotes.notes.attendees.vocabulary import (
    ABSENCE_REMARK,
    ABSENT_HEADING,
    ABSENT_INSIDE,
    AT_COMPANY,
    AWAY_INSIDE,
    BOT_HANDLE,
    DEVICE,
    EMAIL,
    GITHUB_URL,
    GLUED_DASH,
    GLUED_HANDLE,
    HANDLE,
    LABEL,
    LETTER,
    MARK_BOX,
    NICK_WITH_DIGITS,
    NOT_A_NAME,
    NOT_A_ROW,
    NOT_HANDLES,
    NOT_PERSON_WORDS,
    PAREN,
    PAREN_INITIALS,
    PEOPLE_COUNT,
    PLACEHOLDER,
    PRONOUNS,
    PROSE_WORDS,
    REMARK_WORDS,
    REMARKS,
    ROLE,
    ROLE_TITLES,
    ROW_WORDS,
    SENDS_REGRETS,
    SENTENCE_BREAK,
    SPLIT_FIELDS,
    TEMPLATE_WORDS,
    as_written_in_latin,
    matrix_ids_as_handles,
    status_after,
)
from tuinotes.notes.markdown import without_emphasis
from tuinotes.notes.speakers import looks_like_initials, split_lead


@dataclass(slots=True)
class Row:
    """What one row of an attendee block says."""

    people: list[Attendee] = field(default_factory=list)
    absent: list[Attendee] = field(default_factory=list)
    count: int | None = None  # "4 people in total"
    entries: int = 0  # how many people the row meant to name (0: a label or template)
    odd: str = ""  # a row with text that named nobody
    mark: bool | None = None  # an attendance mark: True ticked, False left empty

    @property
    def names_anyone(self) -> bool:
        return bool(self.people or self.absent)

    def as_absent(self) -> Row:
        """The same row under an absentee label: everyone it names sent regrets."""
        return Row(absent=self.people + self.absent, entries=self.entries, count=self.count)


def clean_handle(value: str) -> str:
    """'@ada', 'https://github.com/ada', '[ada](…)' text 'ada' -> 'ada'."""
    value = value.strip()
    if match := GITHUB_URL.match(value):
        return match.group(1)
    value = value.lstrip("@").strip()
    return value if re.fullmatch(HANDLE_WORD, value) else ""


_TEMPLATE_HANDLES = frozenset({"name", "handle", "username", "user", "you", "yourname"})


@lru_cache(maxsize=16384)
def is_template_row(text: str) -> bool:
    """'name | institution | GitHub handle', '**Name (Initials)**', 'n/a': template text."""
    text = EMAIL.sub("", text)  # "Name <email@example.com>"
    if fold(text).strip(" *_:.") in TEMPLATE_WORDS:
        return True
    parts = [fold(p).strip(" *_:") for p in re.split(r"[|,/]", text) if p.strip(" *_")]
    if parts and all(p in TEMPLATE_WORDS for p in parts):
        return True
    return bool(PLACEHOLDER.search(_TRAILING_ELLIPSIS.sub("", text.strip())))


_TRAILING_ELLIPSIS = re.compile(r"[\s,;]*(?:\.{3}|…)$")  # "Ana, Ben, …": and others


def initials_agree(initials: str, name: str) -> bool:
    """'MY' for Mia Young, 'JRG' for José Ruiz-García; not 'LF' for Kate Stewart."""
    words = [w for w in re.split(r"[\s\-]+", fold(name)) if w[:1].isalpha()]
    if not words or fold(initials[0]) != words[0][0]:
        return False
    letters = iter("".join(words))
    return all(c in letters for c in fold(initials))


def asides(text: str) -> list[str]:
    """What a row says in parentheses, or in brackets after the name ('CRob [Intel]')."""
    return [match.group(1) or match.group(2) or "" for match in PAREN.finditer(text)]


def from_text(text: str) -> Attendee | None:
    """One person: 'AB: Ada Byron (@ada), Analytical Co', 'JRG, José Ruiz-García (@jruiz),
    Initech', 'Ada Byron / Analytical Co / @ada', 'Mia Young (MY)', 'Ada (Analytical Co)'."""
    person = _person_of(text)  # the same rows recur in every meeting of a series
    return dataclasses.replace(person) if person else None


# What follows a name and says something of it: '(notes)', ' - taking notes'.
_REMARKS_AFTER = re.compile(r"\s*\([^)]*\)|\s+[-–—]\s.*$")


@lru_cache(maxsize=16384)
def _person_of(text: str) -> Attendee | None:
    text = PRONOUNS.sub("", _without_symbols(without_emphasis(unlink_wiki(text))))
    text = matrix_ids_as_handles(EMAIL.sub("", text)).strip()
    if glued := GLUED_DASH.match(text):
        text = f"{glued['name']}, {glued['org']}"
    text = _POSSESSIVE_ASIDE.sub("", text)  # "Luna (@jschilling's cat)": not her handle
    if mention := _AT_FULL_NAME.fullmatch(text):
        text = mention["mentioned"]  # "@Richard Schneider": a name mentioned, not a handle
    if device := DEVICE.match(text):
        text = device["owner"]  # "@jonathan's iphone" is jonathan, "Jose's iPhone" Jose
    unremarked = _REMARKS_AFTER.sub("", text)
    if not text or NOT_A_NAME.search(unremarked) or is_template_row(text):
        return None  # a remark may say 'notes': 'Ada Lin (notes)' took them
    if len(unremarked.split()) > ROW_WORDS and SENTENCE_BREAK.search(text):
        return None  # prose: "reviewed draft / revised page for license overview. Went …"
    if PEOPLE_COUNT.match(text):
        return None
    initials = ""
    lead = split_lead(text, weak=True)
    if lead is not None and looks_like_initials(lead.written) and lead.rest.strip():
        initials, text = lead.written, lead.rest
    affiliation = ""
    if company := AT_COMPANY.search(text):
        affiliation = company["org"] or company["spaced"]
        text = f"{text[: company.start()]} {text[company.end() :]}".strip()
    handle, handle_first = "", False
    if glued := GLUED_HANDLE.search(text):  # "Ada Byron@ada": the handle glued to the name
        text = f"{text[: glued.start()]} @{glued.group(1)}"
    if match := HANDLE.search(text):
        handle = "" if match.group(1).casefold() in _TEMPLATE_HANDLES else match.group(1)
        handle_first = not text[: match.start()].strip()
        text = (text[: match.start()] + text[match.end() :]).replace("github.com/", "")
        text = re.sub(r"[<{(\[]\s*[>})\]]|[<>{}]", " ", text.replace("( )", "()")).replace("()", "")
    if (stop := _FULL_STOP.search(text)) and _FULL_NAME.fullmatch(text[: stop.start()]):
        text = f"{text[: stop.start()]}, {text[stop.end() :]}"  # "Tarek Jomaa. ARM"
    while _NESTED_PAREN.search(text):  # "(Stacklok, SCIR(GB), chair)": one aside
        text = _NESTED_PAREN.sub(r"\1 \2\3", text)
    insides = [p.strip(" ,;:-–—") for p in asides(text)]  # "(@ada - Initech)"
    text = PAREN.sub("", text)
    text = re.sub(r"\s*\([^)]*$", "", text)  # an unclosed parenthesis and what follows
    text = text.replace(")", " ")  # a parenthesis left open the other way: "Jo Li @jl)"
    parts = [p.strip(" .,;:-*'\"") for p in SPLIT_FIELDS.split(text) if p.strip(" .,;:-*'\"")]
    name = parts[0] if parts else ""
    for inside in insides:
        agrees = PAREN_INITIALS.match(inside) and inside.isupper() and not initials
        if agrees and initials_agree(inside, name):
            initials = inside
            continue
        if not handle and _spells_handle_of(inside, name):
            handle = inside  # "Ben Sternthal (bensternthal)"
            continue
        first = inside.split(",")[0].strip()
        if handle and (not name or handle_first) and _FULL_NAME.fullmatch(first):
            # "@lidel (Marcin Rataj)", "@jay (Jay Carpenter, Phoenix, AZ)"; and after the
            # name a handle leads with, what follows is the affiliation: "@cm (Carla M), Apple"
            if name and not affiliation and _reads_as_affiliation(name):
                affiliation = name
            name, handle_first = first, False
            continue
        if inside and not affiliation and _reads_as_affiliation(inside):
            affiliation = inside
    if len(parts) > 1 and is_degree(parts[-1]):
        parts = parts[:-1]  # "Chioma Obi, PhD": a degree, no affiliation
    if not affiliation:  # "Bo Lind, CTO, Initech": the role is no organisation; not "- voting"
        fields = (p for p in parts[1:3] if not is_template_row(p) and _reads_as_affiliation(p))
        affiliation = next(fields, "")
    if name.startswith("@") or is_template_row(name):
        name = ""  # "n/a (covered by @lidel)": the handle is the person
    if not name and not handle:
        return None
    if name and not reads_as_name(name):
        return None
    return Attendee(name, initials, affiliation, handle)


_POSSESSIVE_ASIDE = re.compile(r"\s*\((?=[^()]*@[\w-]+['’]s\b)[^()]*\)")
_AT_FULL_NAME = re.compile(MENTIONED_NAME)
_NESTED_PAREN = re.compile(r"(\([^()]*)\(([^()]*)\)([^()]*\))")


def _reads_as_affiliation(text: str) -> bool:
    """'Analytical Co', 'EF/Ewasm', 'IBM, GTI', 'npm Inc', 'van Lanschot Bank' are
    affiliations; 'have to leave early', 'back from PTO' are remarks (a lowercase first word
    is a brand or a particle only when every word after it is capitalised or a particle)."""
    words = text.split()
    if len(text) < 2 or text.casefold().strip(" !.") in REMARKS or NOT_A_NAME.search(text):
        return False  # "[x]", "[NEW]", "(guest)", "(Meeting Notes)"
    if text.isdigit() or words[-1].casefold().strip(".,") in ROLE_TITLES:
        return False  # "ehashman (88)": a meeting bot's count; "(Treasurer)": a role
    if not 0 < len(words) <= 6:
        return False
    if words[0].islower() and len(words) > 1:
        first, rest = words[0], words[1:]
        remark = first in _NOT_NAME_PARTICLES or first in REMARK_WORDS or first.endswith("ing")
        return (
            not remark
            and all(word[0].isupper() or word in _NAME_PARTICLES for word in rest)
            and rest[-1][0].isupper()
        )
    return True


_NAME_PARTICLES = frozenset({"van", "von", "de", "der", "den", "du", "la", "le", "di", "da", "&"})
_NOT_NAME_PARTICLES = frozenset(
    {"from", "via", "at", "on", "in", "for", "with", "back", "out", "left", "joined", "off"}
    | {"to", "and", "or", "only", "also", "not", "no", "sick", "late", "early", "until"}
)  # a lowercase first word that starts a remark ('via Zoom', 'at KubeCon', 'out Friday')


def _spells_handle_of(inside: str, name: str) -> bool:
    """'bensternthal' beside 'Ben Sternthal', 'tmmoore_1' beside 'Todd Moore': a handle-shaped
    word holding the person's surname (an organisation in brackets, '(geth)', does not)."""
    words = re.findall(r"[^\W\d_]+", fold(name).casefold())
    if len(words) < 2 or len(words[-1]) < 3 or not _HANDLE_SHAPE.fullmatch(inside):
        return False  # an organisation is capitalised ('Mei Lin (Linaro)')
    return inside.islower() and inside.startswith(words[0][0]) and words[-1] in inside


_HANDLE_SHAPE = re.compile(r"[A-Za-z0-9][A-Za-z0-9_-]{1,38}")


def _without_symbols(text: str) -> str:
    """Fullwidth punctuation as ASCII ('Kai Chen（HUAWEI）'), emoji and other symbols dropped."""
    if text.isascii():
        return text
    text = unicodedata.normalize("NFKC", text)
    return "".join(
        c for c in text if unicodedata.category(c) not in _SYMBOLS and c not in _EMOJI_GLUE
    )


_SYMBOLS = frozenset({"So", "Sk", "Cs", "Co"})
_EMOJI_GLUE = frozenset("\u200d\ufe0e\ufe0f")  # joiner and variation selectors of emoji


def reads_as_name(name: str) -> bool:
    """A name is a few words starting with letters, not a sentence, a date nor a group."""
    words = name.split()
    if any(w.casefold().strip(".,:;") in NOT_PERSON_WORDS for w in words) or "#" in name:
        return False
    if any(w.casefold().endswith(".ai") for w in words) or BOT_HANDLE.fullmatch(name):
        return False  # "Otter.ai", a meeting assistant; "zodbot", a meeting bot
    if len(words) == 1 and name.casefold() in NOT_HANDLES:
        return False  # "Attendance: all"
    if not 0 < len(words) <= 5 or not (name[0].isalpha() or name[0] in "[('\"0"):
        return False
    lowercase = sum(w[0].islower() and w not in _NAME_PARTICLES for w in words)
    if len(words) >= 3 and lowercase >= 2:
        return False  # "I'm present at the summit", not "Jan van der Berg"
    if any(w.casefold() in PROSE_WORDS for w in words):
        return False  # "with assist", "et al", "please review"
    if any(c.isdigit() for c in name) and not NICK_WITH_DIGITS.fullmatch(name):
        return False  # "Thursday 2025/1/9 at 14:00 UTC", but a nick: "ko1", "k0kubun"
    return not any(c in name for c in "!?=<>{}+:")


def _bare_word(part: str) -> Attendee | None:
    """A lowercase handle or first name standing alone ('eholk', 'oli'), never a filler word."""
    if re.fullmatch(r"[a-z][a-z0-9_.-]*", part) and part not in _NOT_BARE:
        if BOT_HANDLE.fullmatch(part):
            return None
        return Attendee(name=part)
    return None


_NOT_BARE = NOT_HANDLES | NOT_PERSON_WORDS


def from_names(text: str) -> list[Attendee]:
    """'Ada Byron (AB), Chen Wei (CW) and Ivan', or 'ada, chen, ivan' (first names or handles);
    everyone named, whatever a remark says of them."""
    return [person for person, _ in _named(text)]


def names_row(text: str) -> Row:
    """The people a list of names says came, and those it says did not ('Ana Lund (absent)',
    'Ben Ode (regrets)')."""
    named = _named(text)
    return Row(
        people=[person for person, absent in named if not absent],
        absent=[_without_remark(person) for person, absent in named if absent],
        entries=name_entries(text),
    )


def _named(text: str) -> list[tuple[Attendee, bool]]:
    """Each person a list of names holds, and whether a remark says they were absent."""
    if PEOPLE_COUNT.match(text):
        return []
    parts = [
        name
        for chunk in _listed(text.strip().rstrip("."))
        for part in _outside_parens(chunk, _AND)
        for name in _names_in(part)
    ]
    named: list[tuple[Attendee, bool]] = []
    for part in parts:
        part = part.strip()
        if not part or len(PAREN.sub("", part).split()) > 5 or is_degree(part):
            continue  # "Lena Vogt, PhD": the degree of the name before it
        named.extend(_entry(part, bare=True))
    return named


def _entry(text: str, bare: bool = False) -> list[tuple[Attendee, bool]]:
    """The person one entry or row names, and whether a remark says they were absent
    ("Kate Lund (absent - travelling)", "Chiara Lombardi — absent", "Dov (Tamarind) ✗"); a
    remark naming others away adds them as absentees ("Emily Chen (absent: Barry
    Kowalski)", "Felix (Rosa on leave)"). With `bare`, a lone lowercase word is someone too
    ('eholk')."""
    text, absent_said = status_after(text)
    remark = " ".join(asides(text))
    if others := ABSENT_INSIDE.match(remark) or AWAY_INSIDE.match(remark):
        text = PAREN.sub("", text)
    found = []
    if person := (bare and _bare_word(text)) or from_text(text):
        if absent_said is None:
            absent_said = not others and bool(ABSENCE_REMARK.search(remark))
        found.append((person, absent_said))
    if others:
        found.extend((absentee, True) for absentee, _ in _named(others["names"]))
    return found


def _without_remark(person: Attendee) -> Attendee:
    """An absentee without the absence remark read as their organisation ('(on leave)')."""
    if ABSENCE_REMARK.search(person.affiliation):
        return dataclasses.replace(person, affiliation="")
    return person


def name_entries(text: str) -> int:
    return len([p for p in _outside_parens(text) if p.strip()])


_AND = re.compile(r"\s+and\s+|\s*&\s*")


_PAIR = re.compile(r"\s+(?:and|&)\s+")  # "Pari & Proto" in a row of its own; not "R&D"
# In a list of names, a full stop after a word (not an initial or "St.") between capitalised
# names ends a name too: "Eric Huss, Jack Huey. Jakub Beránek, Mara".
_FULL_STOP = re.compile(r"(?<=[^\W\d_]{4})\.\s+(?=[A-Z])")
_NAME_WORD = r"[A-Z][^\W\d_'’-]*(?:['’-][^\W\d_]+)*\.?"
# two to four capitalised words: a full name, not a title before one ("Prof. Ana Ruiz")
_FULL_NAME = re.compile(rf"{_NAME_WORD}(?:\s+{_NAME_WORD}){{1,3}}")


def _names_in(part: str) -> list[str]:
    """A part of a list split at full stops where each piece is a capitalised name."""
    pieces = _FULL_STOP.split(part)
    if len(pieces) > 1 and all(_FULL_NAME.fullmatch(p.strip()) for p in pieces):
        return pieces
    return [part]


def _listed(text: str) -> list[str]:
    """A list of names split into its entries: at commas and semicolons, but a list of
    'Last, First' entries at its semicolons ('Silva, Ana; Costa, Bruno' is Ana Silva and
    Bruno Costa), and mentions one after another at each ('@Ana Silva @Dev Patel')."""
    if ";" in text:
        entries = _outside_parens(text, _SEMICOLONS)
        swapped = [_LAST_FIRST.fullmatch(PAREN.sub("", e).strip()) for e in entries]
        if len(entries) > 1 and all(swapped):
            return [
                f"{m['first']} {m['last']} {' '.join(f'({a})' for a in asides(e))}".strip()
                for m, e in zip(swapped, entries, strict=True)
                if m
            ]
    mentions = [] if "," in text else _MENTIONS.split(text.strip())
    if len(mentions) > 1 and all(
        _AT_FULL_NAME.fullmatch(m) or HANDLE.fullmatch(m) for m in mentions
    ):
        return mentions
    return _outside_parens(text)


_NAME_PART = r"[A-Z][^\W\d_A-Z]+(?:-[A-Z][^\W\d_A-Z]+)?"  # 'Costa', 'Lopez-Garcia': one word
_LAST_FIRST = re.compile(rf"(?P<last>{_NAME_PART}),\s*(?P<first>{_NAME_PART})")
_MENTIONS = re.compile(r"\s+(?=@\w)")


def _outside_parens(text: str, separator: re.Pattern[str] | None = None) -> list[str]:
    """`text` split at each `separator` (commas and semicolons by default; `_AND` for "and"
    and "&") that is not inside parentheses: 'Ana and Ben', but 'Ellen Marsh (auditor,
    Marsh & Field LLP)' is one."""
    depth, depths = 0, []
    for char in text:  # the depth before each character, in one pass
        depths.append(depth)
        depth = depth + 1 if char == "(" else max(depth - 1, 0) if char == ")" else depth
    parts, start = [], 0
    for match in (separator or _COMMAS).finditer(text):
        if depths[match.start()] == 0:
            parts.append(text[start : match.start()])
            start = match.end()
    return [part.strip() for part in [*parts, text[start:]]]


_COMMAS = re.compile(r"[,;]")
_SEMICOLONS = re.compile(";")


# "Team members: ada, chen", "Council: Carol, JP", "Ithaca: Hsiao-Wei Wang".
_GROUP = re.compile(r"^\W*(?P<label>[\w' /&-]{1,30}?)\s*\**\s*:\s*\**\s*(?P<rest>.*)$", re.S)


def row_text(text: str) -> str:
    """A row as its rules read it: no emphasis, Matrix IDs as handles, Latin punctuation."""
    text = matrix_ids_as_handles(without_emphasis(as_written_in_latin(text)))
    return text.strip().strip("*_ ").strip()


def read_row(text: str) -> Row:
    """What one row of an attendee block says (see the module's docstring)."""
    text = row_text(text)
    mark = None
    if box := MARK_BOX.match(text):
        mark, text = bool(box.group("mark")), text[box.end() :]
    if not text or is_template_row(text) or not LETTER.search(text) or NOT_A_ROW.match(text):
        return Row(mark=mark)  # template text, a rule of dashes and pipes, "Quorum: yes"
    if match := PEOPLE_COUNT.match(text):
        return Row(count=int(match.group(1)))
    if label := LABEL.match(text) or ROLE.match(text):
        rest = label.group("rest").strip()
        if rest.isdigit():  # "Attendance: 8"
            return Row(count=int(rest))
        row = names_row(rest)
        if ABSENT_HEADING.search(label.group("label")):
            return Row(absent=row.people + row.absent, entries=row.entries)
        return Row(people=row.people, absent=row.absent, entries=row.entries, mark=mark)
    if (group := _GROUP.match(text)) and not looks_like_initials(group.group("label").strip()):
        rest = group.group("rest").strip()
        people = from_names(rest)
        if people and len(people) * 2 >= name_entries(rest):
            return Row(people=people, entries=len(people), mark=mark)
        return Row(odd=text, entries=1)
    if len(pair := _PAIR.split(text)) > 1 and not SPLIT_FIELDS.search(text) and "(" not in text:
        people = [p for p in map(from_text, pair) if p]  # "Pari & Proto": two people
        if len(people) == len(pair):
            return Row(people=people, entries=len(people), mark=mark)
    if (sends := SENDS_REGRETS.match(text)) and (person := from_text(sends["name"])):
        return Row(absent=[person], entries=1)  # "(Ryan Haning sends regrets)"
    named = _entry(text)
    if not named:
        return Row(odd=text, entries=1, mark=mark)
    people = [person for person, away in named if not away]
    absent = [_without_remark(person) for person, away in named if away]
    return Row(people=people, absent=absent, entries=1, mark=mark if people else None)


def merge_rows(rows: Iterable[Row]) -> Row:
    """Rows of one block as one: ticked boxes, when the block uses them, decide who came."""
    rows = list(rows)
    marked = any(r.mark for r in rows)
    merged = Row()
    for row in rows:
        if marked and row.mark is False:
            merged.absent.extend(row.people)  # an empty box among ticked ones: did not come
            continue
        merged.people.extend(row.people)
        merged.absent.extend(row.absent)
        merged.entries += row.entries
        merged.count = row.count if row.count is not None else merged.count
        merged.odd = merged.odd or row.odd
    return merged


def reads_as_people(people: list[Attendee], entries: int) -> bool:
    """At least half of a block's entries are people."""
    return entries > 0 and len(people) * 2 >= entries
