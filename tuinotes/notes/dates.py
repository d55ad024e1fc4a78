"""Date recognisers: meeting dates in headings, label lines, frontmatter values and paths.

Written as ISO (`2024-06-05`, `2024/06/05`), compact in file names (`20240605`), in words
(`31 January, 2023`, `Jan 31, 2023`, `March 3rd 2024`), or split across folder and file
names (`2023-01/jan-31.md`, `2023/01-31.md`).
"""

from __future__ import annotations

import re
from datetime import date, datetime
from typing import Any

_MONTHS = {
    name: number
    for number, names in enumerate(
        (
            ("jan", "january"),
            ("feb", "february"),
            ("mar", "march"),
            ("apr", "april"),
            ("may",),
            ("jun", "june"),
            ("jul", "july"),
            ("aug", "august"),
            ("sep", "sept", "september"),
            ("oct", "october"),
            ("nov", "november"),
            ("dec", "december"),
        ),
        start=1,
    )
    for name in names
}
_MONTH = r"(?P<month>" + "|".join(sorted(_MONTHS, key=len, reverse=True)) + r")\.?"
_DAY = r"(?P<day>\d{1,2})(?:st|nd|rd|th)?"
_YEAR = r"(?P<year>(?:19|20)\d{2})"
_ISO = re.compile(r"(?<!\d)(?P<year>\d{4})[-/.](?P<month>\d{1,2})[-/.](?P<day>\d{1,2})(?!\d)")
_COMPACT = re.compile(r"(?<!\d)(?P<year>\d{4})(?P<month>\d{2})(?P<day>\d{2})(?!\d)")
_DAY_MONTH_YEAR = re.compile(rf"(?<![\w]){_DAY}\s+(?:of\s+)?{_MONTH},?\s+{_YEAR}(?!\d)", re.I)
_MONTH_DAY_YEAR = re.compile(rf"(?<![\w]){_MONTH}\s+{_DAY},?\s+{_YEAR}(?!\d)", re.I)
_PATTERNS = (_ISO, _DAY_MONTH_YEAR, _MONTH_DAY_YEAR)
_FOLDER_YEAR = re.compile(r"^(?P<year>(?:19|20)\d{2})(?:[-_](?P<month>\d{1,2}))?$")
_NAME_MONTH_DAY = re.compile(
    rf"^(?:(?P<nmonth>\d{{1,2}})[-_.]|{_MONTH}[-_ ]?)(?P<day>\d{{1,2}})(?!\d)", re.I
)
_NAME_DAY = re.compile(r"^(?P<day>\d{1,2})(?!\d)")
_JOINERS = re.compile(r"^[\s:,\-–—|]+|[\s:,\-–—|]+$")
_DATE_LABEL = re.compile(r"^\W*(?:date|when|meeting date)\s*:\s*", re.I)


def _make(year: int | str, month: int | str, day: int | str) -> date | None:
    try:
        return date(int(year), int(month), int(day))
    except (ValueError, TypeError):
        return None


def _from_match(match: re.Match[str]) -> date | None:
    month = match.group("month")
    number = _MONTHS.get(month.lower().rstrip(".")) if not month.isdigit() else int(month)
    return _make(match.group("year"), number or 0, match.group("day"))


def find_date(text: str) -> tuple[date | None, str]:
    """The first date written in `text` and the text without it: '31 January, 2023 Meeting
    Notes' -> (2023-01-31, 'Meeting Notes')."""
    best: tuple[int, date, re.Match[str]] | None = None
    for pattern in _PATTERNS:
        for match in pattern.finditer(text):
            found = _from_match(match)
            if found and (best is None or match.start() < best[0]):
                best = (match.start(), found, match)
            if found:
                break
    if best is None:
        return None, text.strip()
    match = best[2]
    rest = f"{_JOINERS.sub('', text[: match.start()])} {_JOINERS.sub('', text[match.end() :])}"
    rest = re.sub(r"\(\s*\)", "", rest)
    return best[1], " ".join(rest.split())


def date_in_text(text: str, compact: bool = False) -> date | None:
    """The first valid date in `text` (with `compact`, also YYYYMMDD)."""
    found, _ = find_date(text)
    if found is None and compact:
        for match in _COMPACT.finditer(text):
            if found := _from_match(match):
                break
    return found


def date_line(text: str) -> date | None:
    """A `Date: Jan 31, 2023` line's date."""
    if match := _DATE_LABEL.match(text):
        return date_in_text(text[match.end() :])
    return None


def date_of_value(value: Any) -> date | None:
    """A frontmatter `date:` value (YAML may already have made it a date) as a date."""
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    if isinstance(value, str):
        return date_in_text(value, compact=True)
    return None


def date_of_path(rel: str) -> date | None:
    """A date in a note's path: in the file name, or split across folders and file name."""
    parts = rel.replace("\\", "/").split("/")
    stem = re.sub(r"\.(md|markdown)$", "", parts[-1], flags=re.I)
    if found := date_in_text(stem, compact=True):
        return found
    for folder in reversed(parts[:-1]):
        match = _FOLDER_YEAR.match(folder)
        if not match:
            continue
        year, month = match.group("year"), match.group("month")
        if month and (day := _NAME_DAY.match(stem)):
            return _make(year, month, day.group("day"))
        if named := _NAME_MONTH_DAY.match(stem):
            number = named.group("nmonth") or _MONTHS.get(
                (named.group("month") or "").lower().rstrip("."), 0
            )
            return _make(year, number, named.group("day"))
        return None
    return None
