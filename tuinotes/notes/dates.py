"""Date recognisers: meeting dates in headings, label lines, frontmatter values and paths.

Written as ISO (`2024-06-05`, `2024/06/05`, `2024_06_05`), compact in file names
(`20240605`), in words (`31 January, 2023`, `Jan 31, 2023`, `March 3rd 2024`, `Mar 7th,
'25`; month names also in French, German, Spanish, Portuguese, Italian and Dutch: `7 de
março de 2025`, `7. März 2025`), dotted day first (`05.06.2024`), as Chinese and Japanese
write it (`2025年3月7日`), dashed or slashed when a part over 12 can only be the day
(`13/05/2024`, `5/13/24`), as a clock prints it (`Wed Jun  5 15:00:43 2024`), or split across
folder and file names (`2023-01/jan-31.md`, `2023/01-31.md`, `2024/06/05.md`,
`2024/06/05/notes.md`).
"""

from __future__ import annotations

import re
from datetime import date, datetime
from functools import lru_cache
from typing import Any

_ENGLISH_MONTHS = (
    *("jan january", "feb february", "mar march", "apr april", "may", "jun june"),
    *("jul july", "aug august", "sep sept september", "oct october", "nov november"),
    "dec december",
)
_OTHER_MONTHS = (  # French, German, Spanish, Portuguese, Italian, Dutch, Swedish and Danish;
    # Polish, Czech and Russian as a date writes them ("11 marca", "12 марта")
    "janvier januar enero janeiro gennaio januari stycznia ledna января",
    "février fevrier februar febrero fevereiro febbraio februari lutego února февраля",
    "mars märz marz marzo março marco maart marca března марта",
    "avril abril aprile kwietnia dubna апреля",
    "mai mayo maio maggio mei maj maja května мая",
    "juin juni junio junho giugno czerwca června июня",
    "juillet juli julio julho luglio lipca července июля",
    "août aout agosto augustus augusti sierpnia srpna августа",
    "septembre septiembre setembro settembre września září сентября",
    "octobre oktober octubre outubro ottobre października října октября",
    "novembre noviembre novembro listopada listopadu ноября",
    "décembre decembre dezember diciembre dezembro dicembre grudnia prosince декабря",
)
_MONTHS = {
    name: number
    for number, names in enumerate(zip(_ENGLISH_MONTHS, _OTHER_MONTHS, strict=True), start=1)
    for name in " ".join(names).split()
}


def _month_pattern(names: list[str]) -> str:
    return r"(?P<month>" + "|".join(sorted(set(names), key=len, reverse=True)) + r")\.?"


_MONTH = _month_pattern(list(_MONTHS))  # beside a year: in any of the seven languages
# Without a year beside it, only an English name is a month: "Mei 2", "Marco 2nd" and
# "mai-1on1.md" name people as often.
_ENGLISH_MONTH = _month_pattern(" ".join(_ENGLISH_MONTHS).split())
MONTH_FIRST = re.compile(rf"{_MONTH}(?!\w)", re.I)  # text that opens with a month's name
_DAY = r"(?P<day>\d{1,2})(?:st|nd|rd|th)?"
_YEAR = r"(?P<year>(?:19|20)\d{2}|['’]\d{2})"  # "Mar 7th, '25"
_ISO = re.compile(  # underscores only with a year of 19xx or 20xx ('run_8080_10_12' is none)
    r"(?<!\d)(?P<year>(?:19|20)\d{2}|\d{4}(?=[-/.]))[-/._](?P<month>\d{1,2})[-/._](?P<day>\d{1,2})"
    r"(?!\d)"
)
# Day first when dotted with a four-digit year: '06.05.2024' is 6 May (as written in most of
# Europe); dashed or slashed, the order is the reader's guess, so only a label line's US
# reading (`us_date`) takes those, unless a part over 12 settles it (`_SETTLED`).
_DOTTED_DAY_FIRST = re.compile(
    r"(?<!\d)(?<!\d\.)(?P<day>\d{1,2})\.(?P<month>\d{1,2})\.(?P<year>(?:19|20)\d{2})(?!\.?\d)"
)
# Dashed or slashed, either order, when one part is over 12 and so can only be the day:
# '13/05/2024', '5/13/24', '13-05-2024' (`_settled` reads it; '03/04/2024' is no date).
_SETTLED = re.compile(
    r"(?<![\d/.-])(?P<first>\d{1,2})(?P<sep>[/-])(?P<second>\d{1,2})(?P=sep)"
    r"(?P<year>(?:19|20)\d{2}|\d{2}(?<=/\d\d))(?![\d/-])"
)
_COMPACT = re.compile(r"(?<!\d)(?P<year>\d{4})(?P<month>\d{2})(?P<day>\d{2})(?!\d)")
# Compact in a line of text, a word of its own: 'Infra weekly, 20250307' (not '#20250307').
_COMPACT_WORD = re.compile(
    r"(?<![\w#/.+-])(?P<year>(?:19|20)\d\d)(?P<month>0[1-9]|1[0-2])(?P<day>0[1-9]|[12]\d|3[01])"
    r"(?![\w/.-])"
)
# The end of a range of days: a meeting of '4–5 March 2025' is dated by its first day.
_TO_DAY = r"(?:[-–]\d{1,2}(?:st|nd|rd|th)?)?"  # no spaces: "Meeting #12 - 14 March" is none
_DAY_MONTH_YEAR = re.compile(  # '13 May 2024', '13th of May, 2024', '13-May-2024'
    rf"(?<![\w#]){_DAY}\.?{_TO_DAY}(?:\s+(?:of\s+|de\s+)?|-){_MONTH}(?:,?\s+|\s+de\s+|-){_YEAR}"
    r"(?!\d)",
    re.I,
)
_YEAR_MONTH_DAY = re.compile(  # '2021-Sep-16', as a file name may write it
    rf"(?<![\w#]){_YEAR}[-_ ]{_MONTH}[-_ ]{_DAY}(?!\d)", re.I
)
_MONTH_DAY_YEAR = re.compile(rf"(?<![\w]){_MONTH}\s+{_DAY}{_TO_DAY},?\s+{_YEAR}(?!\d)", re.I)
# A clock's date, as `date` and meeting bots print it: 'Thu Jun  6 15:00:43 2024 UTC',
# 'Thu Jun 6 15:00:43 UTC 2024'.
_CLOCK_DATE = re.compile(
    rf"(?<![\w]){_MONTH}\s+{_DAY}\s+\d{{1,2}}:\d{{2}}(?::\d{{2}})?\s+(?:[A-Z]{{2,5}}\s+)?{_YEAR}"
    r"(?!\d)",
    re.I,
)
# Year, month and day as Chinese, Japanese and Korean write them: '2025年3月7日', '2025년 3월 7일'.
_YEAR_MONTH_DAY_MARKS = re.compile(
    r"(?P<year>(?:19|20)\d{2})\s*[年년]\s*(?P<month>\d{1,2})\s*[月월]\s*(?P<day>\d{1,2})\s*[日일]"
)
_PATTERNS = (
    _ISO,
    _YEAR_MONTH_DAY_MARKS,
    _DAY_MONTH_YEAR,
    _MONTH_DAY_YEAR,
    _YEAR_MONTH_DAY,
    _DOTTED_DAY_FIRST,
    _CLOCK_DATE,
    _SETTLED,
    _COMPACT_WORD,
)
_DATE_FOLDER = re.compile(r"(?:19|20)\d{2}[-_.]\d{1,2}[-_.]\d{1,2}")
_FOLDER_YEAR = re.compile(r"^(?P<year>(?:19|20)\d{2})(?:[-_](?P<month>\d{1,2}))?$")
_NAME_MONTH_DAY = re.compile(
    rf"^(?:(?P<nmonth>\d{{1,2}})[-_.]|{_ENGLISH_MONTH}[-_ ]?)(?P<day>\d{{1,2}})(?!\d)", re.I
)
_NAME_DAY = re.compile(r"^(?P<day>\d{1,2})(?!\d)")
_JOINERS = re.compile(r"^[\s:,\-–—|]+|[\s:,\-–—|]+$")
_WORDS = re.compile(r"[^\W\d_]{3,}")
_DATE_LABEL = re.compile(
    r"^\W*(?:meeting\s+)?(?:date(?:\s*(?:/|&|and)\s*time)?|when|time(?:\s+and\s+date)?"
    r"|(?P<day_first>datum|fecha|data|дата)|日時|日付|日期|时间|時間|일시|날짜)\W*[:：]\W*",
    re.I,
)  # and in German, Dutch, Spanish, Portuguese, Italian, Polish, Russian (day first), Japanese…
# What may stand beside a date on a line that only dates the meeting ('### June 24, 2022,
# 14:00 UTC', 'Friday, June 4, 2021 at 14:00 UTC (10:00 ET)'): times, zones, weekdays.
_CLOCK = r"\d{1,2}[:h.]\d{2}(?::\d{2})?(?:\s*[ap]\.?m\.?)?"
_ZONE = r"\b(?:utc|gmt|cet|cest|bst|ist|jst|aest|[ecmp][sd]?t)\b(?:\s*[+-]\s*\d{1,2}(?::?\d{2})?)?"
# A time of day with its zone: '10:00 CET', '2:03 PM', '14:00-15:30 UTC'.
_COLON_CLOCK = r"\d{1,2}[:h]\d{2}(?::\d{2})?(?:\s*[ap]\.?m\.?)?"  # not "3.12", a version
CLOCK_TIME = re.compile(
    rf"(?<![\d:.]){_COLON_CLOCK}(?:\s*[-–]\s*{_COLON_CLOCK})?(?:\s*{_ZONE})?", re.I
)
WEEKDAY_NAME = r"(?:mon|tues?|wed(?:nes)?|thu(?:rs?)?|fri|sat(?:ur)?|sun)(?:day)?\.?"
_BESIDE_A_DATE = re.compile(
    rf"{_CLOCK}|{_ZONE}"
    rf"|\b{WEEKDAY_NAME}(?!\w)"
    r"|\b(?:at|from|to|until)\b|[-–—,()/|:]",
    re.I,
)
# A US numeric date in a label line: 'Friday 9/8/17' (month first, as the weekday confirms).
_US_DATE = re.compile(
    r"(?<![\d/])(?P<month>\d{1,2})/(?P<day>\d{1,2})/(?P<year>\d{4}|\d{2})(?![\d/])"
)
_WEEKDAY_BEFORE = re.compile(rf"\b{WEEKDAY_NAME}[\s,]*$", re.I)
_WEEKDAY_AFTER = re.compile(rf"^[\s,]*(?:\({WEEKDAY_NAME}\)|{WEEKDAY_NAME}(?!\w))", re.I)
_WEEKDAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
_WEEKDAY_WORD = re.compile(rf"\b{WEEKDAY_NAME}(?!\w)", re.I)  # "Tue", not "Monthly"
# Month and day with no year: 'the January 4th video call', 'Thursday, Oct 8th'.
_MONTH_DAY = re.compile(rf"(?<![\w]){_ENGLISH_MONTH}\s+{_DAY}(?![\d:])(?!,?\s*(?:19|20)\d\d)", re.I)
_DAY_MONTH = re.compile(
    rf"(?<![\w]){_DAY}\s+(?:of\s+)?{_ENGLISH_MONTH}(?![\w])(?!,?\s*(?:19|20)\d\d)", re.I
)
_PATH_YEAR = re.compile(r"(?<!\d)((?:19|20)\d{2})(?!\d)")
_STEM_MONTH_DAY = re.compile(r"(?<![\d])(?P<month>\d{1,2})[-_.](?P<day>\d{1,2})(?![\d])")


# A meeting's year: from 1900 to twenty years ahead ('2205-03-11' is a slip for 2025, and
# '9999-12-31' no meeting's; taken as dates they would stretch every timeline shown).
_FIRST_YEAR, _LAST_YEAR = 1900, date.today().year + 20


def _make(year: int | str, month: int | str, day: int | str) -> date | None:
    try:
        return _plausible(date(int(year), int(month), int(day)))
    except (ValueError, TypeError):
        return None


def _plausible(day: date) -> date | None:
    return day if _FIRST_YEAR <= day.year <= _LAST_YEAR else None


def _from_match(match: re.Match[str]) -> date | None:
    if match.re is _SETTLED:
        return _settled(match)
    month, year = match.group("month"), match.group("year")
    number = _MONTHS.get(month.lower().rstrip(".")) if not month.isdigit() else int(month)
    if year[0] in "'’":  # "Mar 7th, '25"; "'99" is 1999
        year = f"{'20' if int(year[1:]) <= _LAST_YEAR % 100 else '19'}{year[1:]}"
    return _make(year, number or 0, match.group("day"))


def _settled(match: re.Match[str]) -> date | None:
    """'13/05/2024' and '5/13/24' name one day; '03/04/2024' could be either, so none,
    unless a weekday written beside it is that of one reading ('Tue 04/03/2025')."""
    first, second = int(match.group("first")), int(match.group("second"))
    year = int(match.group("year"))
    year += 2000 if year < 100 else 0
    if first > 12 >= second:
        return _make(year, second, first)
    if second > 12 >= first or first == second:
        return _make(year, first, second)
    return _by_weekday(match.string, [_make(year, first, second), _make(year, second, first)])


def _weekday_named(text: str) -> int | None:
    """The weekday `text` names ('Tue', 'Thursday'; not 'Monthly'), 0 for Monday."""
    match = _WEEKDAY_WORD.search(text)
    return _WEEKDAYS.index(match.group()[:3].lower()) if match else None


def _by_weekday(text: str, readings: list[date | None]) -> date | None:
    """The one reading of an ambiguous date whose weekday the text names, if any."""
    wanted = _weekday_named(text)
    if wanted is None:
        return None
    fitting = {d for d in readings if d is not None and d.weekday() == wanted}
    return fitting.pop() if len(fitting) == 1 else None


@lru_cache(maxsize=4096)  # a note's headings are asked more than once (title, archive)
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
    before = text[: match.start()]
    if not (cut := _WEEKDAY_BEFORE.sub("", before)).rstrip().endswith(":"):
        before = cut  # 'Thursday, ' of 'Thursday, May 2'; a label's ('Date: Thu 2 May') stays
    after = _WEEKDAY_AFTER.sub("", text[match.end() :])  # ' (Monday)' of 'May 13, 2024 (Monday)'
    rest = f"{_JOINERS.sub('', before)} {_JOINERS.sub('', after)}"
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


def is_date_line(text: str) -> bool:
    """Whether a line is labelled as the meeting's date (`Meeting Date/Time: …`)."""
    return bool(_DATE_LABEL.match(text))


def date_line(text: str, path_date: date | None = None) -> date | None:
    """A `Date: Jan 31, 2023` (or `Meeting Date/Time: Friday 9/8/17 at 14:00 UTC`) line's
    date. A bare `Time:` that gives a clock first ('Time: 10:00 UTC (moved from …)') dates
    nothing."""
    if match := _DATE_LABEL.match(text):
        rest = text[match.end() :]
        if re.match(r"\W*time\b", text, re.I) and re.match(r"\d{1,2}[:h.]\d{2}", rest):
            return None
        if match["day_first"] and match["day_first"].lower() == "data" and _WORDS.search(rest):
            return date_in_text(rest)  # "Data: 01/02/2024 export" is about data, in English
        return date_in_text(rest) or us_date(rest, path_date, bool(match["day_first"]))
    return None


def date_alone(text: str) -> date | None:
    """The date of a line that says nothing else (but a time, a zone or a weekday)."""
    found, rest = find_date(text)
    if found is None or re.search(r"[^\W\d_]", _BESIDE_A_DATE.sub(" ", rest)):
        return None
    return found


def us_date(text: str, path_date: date | None = None, day_first: bool = False) -> date | None:
    """'Friday 9/8/17' -> 2017-09-08: month first (day first after a label in a language
    that writes it so, 'Data: 03/04/2026'), unless only the other order makes a date, the
    weekday written beside it says otherwise or the note's path is dated the other way
    ('04/03/2025' in `2025-03-04-sync.md`)."""
    match = _US_DATE.search(text)
    if match is None:
        return None
    year = int(match.group("year"))
    year += 2000 if year < 100 else 0
    first, second = int(match.group("month")), int(match.group("day"))
    readings = [d for d in (_make(year, first, second), _make(year, second, first)) if d]
    if day_first:
        readings.reverse()
    if (wanted := _weekday_named(text)) is not None:
        readings = [d for d in readings if d.weekday() == wanted] or readings
    if path_date in readings:
        return path_date
    return readings[0] if readings else None


def month_day(text: str) -> tuple[int, int] | None:
    """A month and day written without a year ('the January 4th video call'), if any."""
    for pattern in (_MONTH_DAY, _DAY_MONTH):
        if match := pattern.search(text):
            month = _MONTHS.get(match.group("month").lower().rstrip("."), 0)
            day = int(match.group("day"))
            if 1 <= day <= 31:
                return month, day
    return None


def without_month_day(text: str) -> str:
    """`text` without a month and day written with no year ('the January 4th call' -> 'the
    call'), as `month_day` reads them."""
    for pattern in (_MONTH_DAY, _DAY_MONTH):
        match = pattern.search(text)
        if match and 1 <= int(match.group("day")) <= 31:
            return " ".join(f"{text[: match.start()]} {text[match.end() :]}".split())
    return text


def year_of_path(rel: str) -> int | None:
    """The year a note's path gives (a `2022/` folder or a year in the file name)."""
    return year_in(rel.replace("\\", "/"))


def year_in(text: str) -> int | None:
    """The last year written in `text` ('Sprint review, week 10 / 2025')."""
    years = _PATH_YEAR.findall(text)
    return int(years[-1]) if years else None


def with_year(month_and_day: tuple[int, int] | None, year: int | None) -> date | None:
    return _make(year, *month_and_day) if month_and_day and year else None


def date_of_value(value: Any) -> date | None:
    """A frontmatter `date:` value (YAML may already have made it a date) as a date."""
    if isinstance(value, datetime):
        return _plausible(value.date())
    if isinstance(value, date):
        return _plausible(value)
    if isinstance(value, str):
        return date_in_text(value, compact=True)
    return None


def date_of_path(rel: str) -> date | None:
    """A date in a note's path: in the file name, in the folder holding it
    (`2024-06-06/notes.md`, `2024/06/06/notes.md`), or split across folders and file name
    (`2023-01/jan-31.md`, `2023/01-31.md`, `2024/06/06.md`)."""
    parts = rel.replace("\\", "/").split("/")
    stem = re.sub(r"\.(md|markdown)$", "", parts[-1], flags=re.I)
    if found := date_in_text(stem, compact=True):
        return found
    if len(parts) > 1 and _DATE_FOLDER.fullmatch(parts[-2]):  # the folder is the date
        return date_in_text(parts[-2])
    if (
        len(parts) > 3
        and re.fullmatch(r"(?:19|20)\d{2}", parts[-4])
        and all(re.fullmatch(r"\d{1,2}", folder) for folder in parts[-3:-1])
    ):  # a folder a day, in the month's, in the year's: '2025/03/12/minutes.md'
        return _make(parts[-4], parts[-3], parts[-2])
    for depth, folder in enumerate(reversed(parts[:-1])):
        match = _FOLDER_YEAR.match(folder)
        if not match:
            continue
        year, month = match.group("year"), match.group("month")
        if depth == 1 and month is None and re.fullmatch(r"\d{1,2}", parts[-2]):
            month = parts[-2]  # a month's folder inside the year's: '2024/06/06.md'
        if month and (day := _NAME_DAY.match(stem)):
            return _make(year, month, day.group("day"))
        if named := _NAME_MONTH_DAY.match(stem):
            number = named.group("nmonth") or _MONTHS.get(
                (named.group("month") or "").lower().rstrip("."), 0
            )
            return _make(year, number, named.group("day"))
        if numbers := _STEM_MONTH_DAY.search(stem):  # 'CG-01-04' in '2022/'
            return _make(year, numbers.group("month"), numbers.group("day"))
        return None
    return None


# Where a line turns to another day than the meeting's: another meeting of the series
# ("Next meeting: April 14", "No meeting this week. Next meeting 2026-03-24") or a deadline
# ("by 10 March", "due March 31", "until Friday, 3 April"; not "10:00 until 11:30").
OTHER_DAY = re.compile(
    r"(?:^|(?<=[.!?;:—–])\s*|\s-\s)(?:previous|last|next|prior|upcoming)\s+"
    r"(?:meeting|call|session|sync|minutes)\b"
    r"|\b(?:by|due|until|till|before|deadline)\W{0,2}\s(?:(?:on|the|end\s+of)\s+)?"
    r"(?:[a-z]+day,?\s+)?(?:\d{1,2}(?:st|nd|rd|th)?\s+(?!(?:people|co-?\w+|times?)\b)[a-z]{3}"
    r"|(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\.?\s+\d|\d{4}-\d\d)",
    re.I,
)


def this_meetings_words(text: str) -> str:
    """A line up to where it turns to another day (`OTHER_DAY`): "Held on 14 March 2024.
    Next meeting: 28 March." -> "Held on 14 March 2024."."""
    other = OTHER_DAY.search(text)
    return text[: other.start()] if other else text
