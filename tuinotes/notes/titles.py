"""A meeting's title and series: from frontmatter, the title heading (or a bold first line),
else the names in its path.

The title is the heading without its date, decoration (emoji, empty brackets) or anything
else that names no meeting; a heading that is only a date or a word like "Meeting" gives way
to the path. The series is the title without the meeting's number and boilerplate ("Notes",
"Agenda"), so "Call 64 Notes" and "Call 65" are one series; where that leaves nothing that
names a meeting, the path names it: the file name's own words (`2020-06-30--gui-weekly.md`,
`triage-meeting--2019-06-20.md`), else the nearest folder that is not a date or a word like
`minutes` (with the community the notes folder names: `spdx-meetings/tech/` is "spdx tech"),
else the notes folder itself.
"""

from __future__ import annotations

import re
import unicodedata
from datetime import date
from pathlib import Path
from typing import Any

from tuinotes.model.text import TEMPLATE_FIELD, neutralise
from tuinotes.notes.dates import (
    CLOCK_TIME,
    WEEKDAY_NAME,
    find_date,
    is_date_line,
    without_month_day,
)
from tuinotes.notes.structure import Draft

# Words that say "a meeting" without saying which one.
GENERIC_WORDS = frozenset(
    [
        *("meeting", "meetings", "meeting-notes", "call", "calls", "notes", "note"),
        *("minutes", "agenda", "agendas", "sync", "syncs", "weekly", "biweekly", "monthly"),
        *("session", "sessions", "standup", "md", "the", "of", "a", "for", "and"),
    ]
)
# Trailing "- Notes", ": minutes | agenda": each repetition's separators and word taken once,
# so a long run of them cannot backtrack exponentially.
_BOILERPLATE_TAIL = re.compile(r"(?:[\s\-–—:|]*\b(?:notes|minutes|agenda)\b)+\W*$", re.I)
# A meeting's number: '#12', 'No. 12', ' 12'; a year is none ('Q3 2024 - Roadmap').
_NUMBER = re.compile(r"(?:\s*[#№]\s*|\s+no\.?\s*|\s+(?!(?:19|20)\d\d\b))\d{1,4}\b(?![.\d])", re.I)
# An issue's number after a meeting's, in a heading: the agenda's issue ('Meeting 142 #1154').
_ISSUE_AFTER_NUMBER = re.compile(rf"(?P<number>{_NUMBER.pattern})\s*#\d+\s*$", re.I)
# A date in digits however they are parted ('2024 08 30'), left in a title: no series' name.
# (Dotted, three parts: '2024.1' is a version.) A year alone at the end goes too: the
# series of 'Community Call 2024' is that of 'Community Call 2025'.
_DIGIT_DATE = re.compile(
    r"\b(?:19|20)\d\d(?:[\s_/-]+\d{1,2}(?:[\s_/-]+\d{1,2})?|\.\d{1,2}\.\d{1,2})\b"
    r"|\b\d{1,2}([/.-])\d{1,2}\1(?:19|20)?\d\d\b"  # day and month first: '04/03/2025'
    r"|(?<![\w/])\d{1,2}/\d{1,2}(?![\w/])"  # or no year: '6/3'
    r"|\s(?:19|20)\d\d\s*$"
)
# A meeting's number and the topic after it: "call #2: research updates", "Meeting 12 - Budget".
_TOPIC_AFTER_NUMBER = re.compile(
    rf"(?P<number>{_NUMBER.pattern})\s*(?::|\s[-–—|]\s)\s*(?P<topic>\S.*)$", re.I
)
_DATE_FOLDER = re.compile(r"^(?:(?:19|20)\d{2}(?:[-_]\d{1,2})?|q[1-4]|h[12]|\d{1,2})$", re.I)
_FILE_DATE = re.compile(
    r"(?:19|20)\d{2}[-_.]?\d{1,2}[-_.]?\d{1,2}|(?<![\d])\d{1,2}[-_.]\d{1,2}(?![\d])"
    r"|(?:19|20)\d{2}[-_](?i:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*[-_]\d{1,2}"
)  # "2024-06-06", "01-31", "2021-Sep-16"


def title_and_series(
    metadata: dict[str, Any],
    heading: str | None,
    heading_rest: str | None,
    draft: Draft,
    path: Path,
    rel: str,
    day: date | None = None,
) -> tuple[str, str, str]:
    """(title, series, where the title came from); `day` is the meeting's date, which a
    heading may write in part ('Standup 05/03')."""
    explicit = metadata.get("title")
    named: str | None = None  # the name the path gives, once asked for
    given = clean_title(str(explicit)) if isinstance(explicit, str | int | float) else ""
    if names_a_meeting(given, numbered=True) or len(given.split()) > 1:  # "Weekly sync" too
        title, where = neutralise(given), "the frontmatter's title"
    else:
        written = heading_rest if heading_rest is not None else heading
        if written is None or not written.strip(" -–—:,|"):  # none, or only a date
            written = bold_first_line(draft) or written
        cleaned = without_day(clean_title(written or "", dated=heading_rest is not None), day)
        if names_a_meeting(cleaned, numbered=True) and not is_date_line(written or ""):
            title = with_community(cleaned, _notes_folder_words(path, rel), draft)
            where = f"the heading {written!r}"
        else:
            named = spelled_as_written(path_name(path, rel), draft)
            title, where = named, f"the path {rel!r}"
            if not title:
                title, where = cleaned or path.stem, f"the heading {written!r}"
    series_written = metadata.get("series")
    if series_written:
        return title, str(series_written), where
    series = file_series(rel) or series_of(title)
    if not names_a_meeting(series):
        if named is None:
            named = spelled_as_written(path_name(path, rel), draft)
        series = named or title
    return title, series, where


def with_community(title: str, root: str, draft: Draft) -> str:
    """A title that names its group by the last word of the community the notes folder
    names, completed: "Council meeting" in `rust-leadership-council/` is "Rust Leadership
    Council meeting"."""
    community = [w for w in root.split() if w.casefold() not in GENERIC_WORDS]
    words = title.split()
    if len(community) < 2 or not words or words[0].casefold() != community[-1].casefold():
        return title
    if {w.casefold() for w in words} & {w.casefold() for w in community[:-1]}:
        return title
    added = spelled_as_written(" ".join(community[:-1]), draft).split()
    if words[0][:1].isupper():
        added = [w[:1].upper() + w[1:] for w in added]
    return " ".join([*added, *words])


def spelled_as_written(name: str, draft: Draft) -> str:
    """A name from folder names (lower case) with its acronyms as the note writes them in
    prose: `tac` is "TAC" and `ossf` "OpenSSF" (a word whose capitals spell it), the form the
    note uses most; a word the note writes only in lower or title case stays."""
    words = [w for w in name.split() if w.islower() and len(w) >= 2]
    if not words:
        return name
    counts: dict[str, int] = {}  # the prose's words with two capitals or more
    for text in _prose(draft):
        for form in _ACRONYM_LIKE.findall(_ADDRESS.sub(" ", text)):
            counts[form] = counts.get(form, 0) + 1
    spelled = []
    for word in name.split():
        forms = {f: n for f, n in counts.items() if _spells(f, word)} if word in words else {}
        spelled.append(max(forms, key=lambda f: (forms[f], f)) if forms else word)
    return " ".join(spelled)


def _spells(form: str, word: str) -> bool:
    """'TAC' spells `tac`; so does 'OpenSSF' `ossf`, its capitals."""
    if form.casefold() == word:
        return True
    return len(word) >= 3 and len(form) > len(word) and _capitals(form) == word


_ACRONYM_LIKE = re.compile(r"\b[^\W\d_]*[A-Z][^\W\d_]*[A-Z]\w*")
_ADDRESS = re.compile(r"\S*[/@]\S*")  # links, paths, handles and e-mail: not prose


def _capitals(word: str) -> str:
    return "".join(c for c in word if c.isupper()).casefold()


def _prose(draft: Draft) -> list[str]:
    texts = []
    for block in draft.blocks:
        texts.append(block.text)
        texts.extend(line.text for item in block.items for line in item.walk())
        texts.extend(cell for row in block.rows for cell in row)
    return texts


def _notes_folder_words(path: Path, rel: str) -> str:
    """The words of the notes folder's name (`rust-leadership-council`)."""
    depth = len(rel.replace("\\", "/").split("/"))
    return _words(path.parents[depth - 1].name) if len(path.parents) >= depth else ""


def file_series(rel: str) -> str:
    """A series the file name spells beside a `--`: `2020-06-30--gui-weekly.md`,
    `triage-meeting--2019-06-20.md`."""
    stem = re.sub(r"\.(md|markdown)$", "", rel.replace("\\", "/").rsplit("/", 1)[-1], flags=re.I)
    if "--" not in stem:
        return ""
    return next((w for side in stem.split("--") if names_a_meeting(w := _words(side))), "")


def bold_first_line(draft: Draft) -> str | None:
    """A note with no heading that opens with a bold line (`**Core Devs Meeting 52**`), or
    with lines in capitals, as plain-text minutes do ("RIVERSIDE LAND TRUST" / "BOARD OF
    DIRECTORS – MINUTES")."""
    first = next((b for b in draft.blocks if b.kind != "code"), None)
    if first is None or first.kind != "paragraph":
        return None
    source = first.source.strip()
    if "\n" not in source and re.fullmatch(r"(\*\*|__)[^*_]{3,120}\1", source):
        return first.text.strip()
    capitals = []
    for line in source.split("\n"):
        if not _IN_CAPITALS.fullmatch(line.strip()) or ":" in line:
            break
        capitals.append(line.strip())
    return " ".join(capitals) or None


# A line of two words or more written in capitals: "BOARD OF DIRECTORS – MINUTES".
_IN_CAPITALS = re.compile(r"(?=(?:.*[A-Z]){4})[A-Z0-9&/.,'’()–—-]+(?:\s+[A-Z0-9&/.,'’()–—-]+)+")


# What a notes assistant writes around a meeting's name.
_ASSISTANT_WORDS = re.compile(
    r"^\W*meeting\s+(?:summary|notes|recap)\s+(?:for|of)\s+|\s*[-–—|:]?\s*(?:notes|summary|recap)"
    r"\s+by\s+(?:gemini|zoom|otter|fireflies|fathom|copilot|granola|tl;?dv)(?:\.ai)?\s*$",
    re.I,
)
# A draft's mark around a title, as minutes tools write it: "– DRAFT – Maps Working Group".
_DRAFT_MARK = re.compile(r"^\W*\bDRAFT\b\s*[-–—:]+\s*|\s*[-–—(\[]+\s*DRAFT\W*$")
_ISO_WEEK = re.compile(r"(?<![\w-])(?:19|20)\d\d-?W\d{1,2}(?![\w-])")
_ON_NOTHING = re.compile(r"\s+(?:on|at|of|from|for|dated)\s*$", re.I)  # the date was after it
# An aside its date was taken from: "(rescheduled from 2024-05-06)" leaves "(rescheduled from )".
_EMPTIED_ASIDE = re.compile(
    rf"\s*\((?:[^()]*\b(?:from|to|on|of|at|since|until|was)|\s*{WEEKDAY_NAME},?)\s*\)", re.I
)


def without_day(title: str, day: date | None) -> str:
    """A title without the meeting's day written in digits without its year or run together
    ('Standup 05/03', 'Sync 3.5.', 'Infra weekly, 20250307' on 5 March), as a date with
    its year already goes (`clean_title`)."""
    if day is None or not re.search(r"\d", title):
        return title
    d, m = rf"0?{day.day}", rf"0?{day.month}"
    year = rf"(?:[/.-](?:{day.year}|{day.year % 100:02d}))?"
    written = re.compile(  # dotted only with its year or a closing dot: not "Python 3.5"
        rf"(?<![\w/.-])(?:(?:{d}[/-]{m}|{m}[/-]{d}){year}|{d}\.{m}(?:\.{day.year}|\.)(?!\d))"
        rf"(?![\w/-])|(?<!\w){day:%Y%m%d}(?!\w)"
    )
    kept = written.sub(" ", title)
    if kept == title:
        return title
    kept = _EMPTIED_ASIDE.sub("", re.sub(r"\(\s*\)", "", kept))
    return " ".join(kept.split()).strip(" -–—:|,") or title


def clean_title(text: str, dated: bool = False) -> str:
    """A heading as a title: no date (with or without its year; and then no time of day
    beside it or preposition before it: "API outage on 2025-02-09"), no ISO week, no words
    of a notes assistant ("Meeting summary for …", "… – Notes by Gemini"), no emoji or
    pictographs, no empty brackets or rule of `=` above it, no agenda issue's number after
    the meeting's."""
    text = _DRAFT_MARK.sub("", TEMPLATE_FIELD.sub(" ", text))  # "# {{title}}" of a template
    day, rest = find_date(_ISO_WEEK.sub("", _ASSISTANT_WORDS.sub("", text)))
    rest = _EMPTIED_ASIDE.sub("", without_month_day(find_date(rest)[1] if "(" in rest else rest))
    if dated or day is not None or rest != text:  # `dated`: its date is already gone
        rest = _ON_NOTHING.sub("", CLOCK_TIME.sub("", rest))
    kept = "".join(c for c in rest if not _decoration(c))
    kept = re.sub(r"\[\s*\]|\(\s*\)|\{\s*\}|^[=~*#-]{3,}\s", " ", kept)  # a rule above it
    kept = _ISSUE_AFTER_NUMBER.sub(r"\g<number>", kept.rstrip(" -–—:|,"))
    return " ".join(kept.split()).strip(" -–—:|,")


def _decoration(char: str) -> bool:
    """Emoji, pictographs, enclosed letters (Ⓙ) and their joiners: decoration, not words."""
    if "\u2400" <= char <= "\u243f":
        return False  # a control character's picture (`neutralise`): it is shown, not dropped
    category = unicodedata.category(char)
    if category in ("So", "Sk", "Cf", "Mn") and not char.isalnum():
        return True
    return unicodedata.name(char, "").startswith(("CIRCLED", "PARENTHESIZED", "NEGATIVE CIRCLED"))


def names_a_meeting(text: str, numbered: bool = False) -> bool:
    """Whether a title has a word beyond words like 'Meeting' (with `numbered`, a meeting's
    number counts: "Meeting 209" names one meeting, though not a series)."""
    words = re.findall(r"[^\W\d_][\w'-]*", text.casefold())
    if numbered and re.search(r"\d", text):
        return True
    return any(w not in GENERIC_WORDS for w in words)


def series_of(title: str) -> str:
    """'Ethereum 2.0 Implementers Call 64 Notes' -> 'Ethereum 2.0 Implementers Call'."""
    series = _DIGIT_DATE.sub("", _BOILERPLATE_TAIL.sub("", title))
    series = _TOPIC_AFTER_NUMBER.sub("", series)  # "call #2: research updates": its own topic
    series = _NUMBER.sub("", series)
    return " ".join(series.split()).strip(" -–—:|,#/") or title


def without_topic(title: str) -> str:
    """'X call #2: research updates' -> 'X call #2': the words after a meeting's number are
    that meeting's topic, not its series' (a date there stays: 'Meeting 12 - 2024-05-01')."""
    after = _TOPIC_AFTER_NUMBER.search(title)
    if after is None or find_date(after.group("topic"))[0] is not None:
        return title
    return title[: after.end("number")]


def path_name(path: Path, rel: str) -> str:
    """The name a note's path gives its meeting: the file name's own words, else the
    nearest folder that names something, else the notes folder."""
    parts = rel.replace("\\", "/").split("/")
    stem = re.sub(r"\.(md|markdown)$", "", parts[-1], flags=re.I)
    own = file_series(rel) or _words(stem)
    if names_a_meeting(own):
        return own
    root = _notes_folder_words(path, rel)
    for folder in reversed(parts[:-1]):
        if not _DATE_FOLDER.match(folder) and names_a_meeting(_words(folder)):
            return _within_community(_words(folder), root)
    return root if names_a_meeting(root) else ""


def _within_community(team: str, root: str) -> str:
    """A sub-folder's name with the community the notes folder names: `tech` in
    `spdx-meetings/` is "spdx tech"; a folder named like `notes` names no community."""
    own = {w.casefold() for w in team.split()}
    community = [w for w in root.split() if w.casefold() not in GENERIC_WORDS | own]
    return " ".join([*community, team])


def _words(name: str) -> str:
    """'2020-06-30--gui-and-browsers-biweekly' -> 'gui and browsers biweekly'."""
    name = _FILE_DATE.sub(" ", name)
    return " ".join(name.replace("_", " ").replace("-", " ").split())
