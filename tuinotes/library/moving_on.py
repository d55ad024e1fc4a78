"""A meeting's date, month, number and path moved on to the next meeting's, as the series
writes them; and the series' usual interval between meetings."""

from __future__ import annotations

import itertools
import re
import statistics
from datetime import date, timedelta
from pathlib import PurePosixPath

from tuinotes.model.record import NoteRecord

INTERVALS = 5  # gaps between the latest meetings that give the series' usual interval
_NUMBER = re.compile(r"(?<![\d-])(\d{1,4})(?![\d-])")


class DraftError(Exception):
    """The draft cannot be made or written (said in one line)."""


def usual_interval(days: list[date]) -> timedelta:
    """The median gap between the latest meetings (a week when there is only one)."""
    recent = days[-(INTERVALS + 1) :]
    gaps = [(b - a).days for a, b in itertools.pairwise(recent) if b > a]
    return timedelta(days=round(statistics.median(gaps)) if gaps else 7)


def _date_forms(day: date) -> list[str]:
    """The ways a date is written, in a fixed order (so two dates' forms pair up)."""
    month, short = day.strftime("%B"), day.strftime("%b")
    suffix = "th" if 11 <= day.day <= 13 else {1: "st", 2: "nd", 3: "rd"}.get(day.day % 10, "th")
    return [
        f"{day:%Y-%m-%d}", f"{day:%Y_%m_%d}", f"{day:%Y.%m.%d}", f"{day:%Y/%m/%d}",
        f"{day.year}/{day.month}/{day.day}", f"{day:%Y%m%d}",
        f"{month} {day.day}{suffix}, {day.year}", f"{month} {day.day}, {day.year}",
        f"{month} {day.day}{suffix} {day.year}", f"{month} {day.day} {day.year}",
        f"{short}. {day.day}, {day.year}", f"{short}. {day.day} {day.year}",
        f"{short} {day.day} {day.year}", f"{day.day} {month}, {day.year}",
        f"{day.day} {month} {day.year}", f"{short} {day.day}, {day.year}",
        f"{day.day} {short} {day.year}", f"{month} {day.day}{suffix}", f"{month} {day.day}",
        f"{day:%m-%d}", f"{day:%m_%d}",
    ]  # fmt: skip


def move_date(text: str, old: date, new: date) -> str:
    """`text` with `old` replaced by `new`, written the way `old` was (the longest way that
    matches: "January 4th, 2022" before "January 4th")."""
    pairs = sorted(zip(_date_forms(old), _date_forms(new), strict=True), key=lambda p: -len(p[0]))
    for old_form, new_form in pairs:
        pattern = rf"(?<![^\W_]){re.escape(old_form)}(?![^\W_])"  # `_` separates
        if re.search(pattern, text):
            return re.sub(pattern, new_form, text)
    return text


def move_month(heading: str, old: date, new: date) -> str:
    """A title heading dated by its month alone ("Steering Committee — January") gets the
    new month."""
    if old.month == new.month or move_date(heading, old, new) != heading:
        return move_date(heading, old, new)
    for form in ("%B", "%b"):
        pattern = rf"(?<![^\W_]){old.strftime(form)}(?![^\W_])"
        if re.search(pattern, heading):
            return re.sub(pattern, new.strftime(form), heading, count=1)
    return heading


def number_of(record: NoteRecord) -> int | None:
    """A numbered meeting's number: one its title and file name share ("Meeting 193.md",
    "# Execution Layer Meeting 193 #1104"), and not its year ("2024.md", "# 2024 TAC")."""
    in_name = {int(n) for n in _NUMBER.findall(PurePosixPath(record.file).stem)}
    if record.date is not None:
        in_name.discard(record.date.year)
    return next((int(n) for n in _NUMBER.findall(record.title) if int(n) in in_name), None)


def next_number(text: str, number: int | None) -> str:
    """`text` with a numbered meeting's number moved on ("Meeting 193" -> "Meeting 194",
    "04" -> "05"); as it was when there is none."""
    if number is None:
        return text
    return re.sub(
        rf"(?<![\d-])0*{number}(?![\d-])",
        lambda m: str(number + 1).zfill(len(m.group())),
        text,
        count=1,
    )


def next_path(path: str, old: date, new: date, number: int | None) -> str:
    """The latest meeting's path with its date (or its number) moved on; a year or quarter
    folder follows the new date."""
    parts = list(PurePosixPath(path).parts)
    name = move_date(parts[-1], old, new)
    if name == parts[-1]:
        name = next_number(name, number)
    if name == parts[-1]:
        raise DraftError(
            f"{path}: its file name holds neither its date nor its number, so the next one's "
            "name can't be told"
        )
    folders = [
        str(new.year)
        if part == str(old.year)
        else f"Q{(new.month - 1) // 3 + 1}"
        if re.fullmatch(r"Q[1-4]", part)
        else part
        for part in parts[:-1]
    ]
    return str(PurePosixPath(*folders, name))
