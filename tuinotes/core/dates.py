"""Finding meeting dates in headings, frontmatter values and file names."""

from __future__ import annotations

import re
from datetime import date, datetime
from typing import Any

_ISO = re.compile(r"(?<!\d)(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})(?!\d)")
_COMPACT = re.compile(r"(?<!\d)(\d{4})(\d{2})(\d{2})(?!\d)")
_PREFIX = re.compile(r"^\s*(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})(?!\d)[\s:,\-–—|]*")


def _make(year: str, month: str, day: str) -> date | None:
    try:
        return date(int(year), int(month), int(day))
    except ValueError:
        return None


def find_date_prefix(text: str) -> tuple[date | None, str]:
    """A date at the start of a heading, and the rest: '2024-06-05 Sync' -> (date, 'Sync')."""
    match = _PREFIX.match(text)
    if match and (found := _make(*match.groups())):
        return found, text[match.end() :].strip()
    return None, text.strip()


def date_in_text(text: str, compact: bool = False) -> date | None:
    """The first valid date written YYYY-MM-DD (or, with `compact`, YYYYMMDD) in `text`."""
    patterns = (_ISO, _COMPACT) if compact else (_ISO,)
    for pattern in patterns:
        for match in pattern.finditer(text):
            if found := _make(*match.groups()):
                return found
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
