"""The next meeting of a series, drafted from its latest note: the one write tuinotes makes
in a notes folder, and only on request (`tuinotes new`), as a new file that never replaces
one.

What is kept of the latest note: its frontmatter (with the new date), its heading and file
name with the date (or the meeting's number) moved on, the sections the series keeps
(headings seen in at least two of its last three meetings) left empty, and the attendee
block's header with no one in it (the regulars as a comment to copy from). Added: a link
to the latest meeting and, under "Carried over" (or the series' own heading for it), what
is still open: the open actions of its last meetings and its open threads.
"""

from __future__ import annotations

import os
import re
import tempfile
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path, PurePosixPath
from typing import TYPE_CHECKING

from tuinotes.library.moving_on import (
    DraftError,
    move_date,
    move_month,
    next_number,
    next_path,
    number_of,
    usual_interval,
)
from tuinotes.model.record import NoteRecord
from tuinotes.model.text import URL, fold
from tuinotes.notes.actions import in_first_person
from tuinotes.notes.attendees.vocabulary import ATTENDEE_HEADING, TRAILING_LABEL
from tuinotes.notes.dates import find_date, is_date_line
from tuinotes.notes.titles import without_topic

if TYPE_CHECKING:
    from tuinotes.library.library import Library
    from tuinotes.model.meeting import Meeting

RECENT = 3  # meetings whose sections, actions and attendees the draft looks at
CARRIED_AT_MOST = 30  # open actions, and open threads, carried into the draft
# A section of the latest meeting where carried actions and threads belong in the draft.
CARRY_SECTION_HEADING = re.compile(
    r"^(?:carried(?:\s+over)?|carry[\s-]?overs?|open\s+(?:items|actions|threads)|"
    r"action\s+items|follow[\s-]?ups?|outstanding(?:\s+\w+)?)\b",
    re.I,
)
_TABLE_ROW = re.compile(r"^\s*\|.*\|\s*$")
_TABLE_RULE = re.compile(r"^\s*\|?[\s:|-]+\|[\s:|-]*$")
# A top-level list line of an attendee block, and its label if it has one: "- Observers: …",
# "* **Council:** …", "1. Ana Bell".
_BULLET = re.compile(
    r"^(?P<marker>[-*+]|\d+[.)])\s+(?P<label>(?:\*\*)?[^\W\d][\w /&-]{0,38}:(?:\*\*)?)?"
)


@dataclass(slots=True)
class Carried:
    """An open action or thread carried into the draft, with where it was last seen."""

    text: str
    who: str
    seen_in: NoteRecord
    line: int

    def to_dict(self) -> dict[str, object]:
        return {"text": self.text, "who": self.who, "path": self.seen_in.path, "line": self.line}


@dataclass(slots=True)
class NextMeeting:
    """A drafted next meeting: where it goes (relative to the notes folder) and its text."""

    series: str
    day: date
    path: str
    text: str
    previous: NoteRecord
    carried: list[Carried] = field(default_factory=list)

    def to_dict(self) -> dict[str, object]:
        return {
            "series": self.series,
            "date": self.day.isoformat(),
            "path": self.path,
            "previous": self.previous.path,
            "carried": [c.to_dict() for c in self.carried],
        }


def draft_next(library: Library, series: str | None = None, day: date | None = None) -> NextMeeting:
    """The next meeting of `series` (default: the series of the most recent meeting) on
    `day` (default: the series' usual interval after its latest meeting)."""
    meetings = _series_meetings(library, series)
    latest = meetings[-1]
    # The latest may stand in a file of several meetings (a yearly archive): the new one
    # is a file of its own, named as the series' latest file of one meeting, else as the
    # latest such file beside the archive.
    named_like = next((m for m in reversed(meetings) if "#" not in m.path), None)
    if named_like is None:
        folder = PurePosixPath(latest.file).parent
        beside = [  # a file named by its date alone ("2024-01-09.md"), not another series'
            r
            for r in library.records()
            if "#" not in r.path
            and r.date
            and PurePosixPath(r.path).parent == folder
            and not re.search(r"[^\W\d_]", PurePosixPath(r.path).stem)
        ]
        named_like = max(beside, key=_when, default=None)
    if named_like is None or named_like.date is None:
        raise DraftError(
            f"{latest.file} holds several meetings and the series has no file of one meeting "
            "to name the next after: `tuinotes new` drafts one file a meeting"
        )
    assert latest.date is not None
    held_before = any(m.attendee_count for m in meetings[-RECENT - 1 : -1])
    if day is None and not latest.attendee_count and held_before:
        raise DraftError(
            f"the latest meeting, {latest.path} ({latest.date}), lists no one yet: it looks "
            "like the next meeting, already drafted (--date drafts one after it anyway)"
        )
    when = day or latest.date + usual_interval([m.date for m in meetings if m.date])
    if when <= latest.date:
        raise DraftError(f"{when} is not after the latest meeting ({latest.path}, {latest.date})")
    path = next_path(named_like.path, named_like.date, when, number_of(named_like))
    meeting = library.meeting(latest.path)
    recent = meetings[-RECENT:]
    # the sections and regulars of the last few meetings held (a cancelled one lists no one)
    held = [m for m in meetings if m.attendee_count or m is latest][-RECENT:]
    standing = _standing_headings(library, held)
    carried = _carried(library, latest.series, recent, standing)
    text = _draft_text(
        _lines_of(library, latest),
        meeting,
        path,
        latest,
        (when, number_of(latest)),
        standing,
        carried,
        _regulars(held),
    )
    if named_like is not latest:  # out of an archive: the file needs the series' name
        text = _with_series_title(text, latest.series, when)
    return NextMeeting(latest.series, when, path, text, latest, carried)


def _next_heading(line: str, old: date, new: date, number: int | None) -> str:
    """A heading of the latest meeting's head, moved on: its month, its number, and without
    the topic its number named ('call #6: exit queue' -> 'call #7')."""
    moved = move_month(line, old, new)
    return moved if number is None else next_number(without_topic(moved), number)


def _with_series_title(text: str, series: str, when: date) -> str:
    """The draft's first heading, when it holds only the date (an archive's "# **2024-12-10**"),
    as '# SERIES DATE', so the new file reads back as a meeting of its series."""
    lines = text.split("\n")
    for number, line in enumerate(lines):
        if line.startswith("#"):
            day, rest = find_date(line)
            if day == when and not re.sub(r"[#*_\W]", "", rest):
                lines[number] = f"# {series} {line.lstrip('#').strip()}"
            break
    return "\n".join(lines)


def write_new(folder: Path, draft: NextMeeting) -> Path:
    """Write the draft as a new file, atomically, never over an existing one."""
    target = folder / draft.path
    if target.exists():
        raise DraftError(f"{target} already exists: nothing written")
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        handle, temporary = tempfile.mkstemp(dir=target.parent, prefix=".tuinotes-", suffix=".tmp")
    except OSError as error:  # a read-only folder or disk, no right to write there
        raise DraftError(f"cannot write in {target.parent}: {error.strerror or error}") from None
    try:
        with os.fdopen(handle, "w", encoding="utf-8") as stream:
            stream.write(draft.text)
        os.link(temporary, target)  # fails if the file appeared meanwhile: never replaced
    except FileExistsError:
        raise DraftError(f"{target} already exists: nothing written") from None
    finally:
        Path(temporary).unlink(missing_ok=True)
    return target


# -- the series and its rhythm ---------------------------------------------------------------


def _series_meetings(library: Library, series: str | None) -> list[NoteRecord]:
    if series is None:
        dated = [r for r in library.records() if r.date is not None]
        if not dated:
            raise DraftError("no dated meeting in the folder to draft the next one from")
        series = max(dated, key=lambda r: r.sort_key).series
    meetings = library.series(series)
    if not meetings:
        words = set(re.findall(r"\w+", fold(series)))
        names = sorted(
            {r.series for r in library.records() if words & set(re.findall(r"\w+", fold(r.series)))}
        )
        hint = (
            f" (did you mean: {', '.join(names[:5])})"
            if names
            else " (`tuinotes series` lists them)"
        )
        raise DraftError(f"no dated meetings in a series named {series!r}{hint}")
    return meetings


# -- what the draft holds --------------------------------------------------------------------


def _standing_headings(library: Library, recent: list[NoteRecord]) -> set[str]:
    """Headings the series keeps: in at least two of its last meetings (or all, if one)."""
    seen: dict[str, int] = {}
    for record in recent:
        for title in {fold(s.title) for s in library.meeting(record.path).sections if s.title}:
            seen[title] = seen.get(title, 0) + 1
    return {title for title, count in seen.items() if count >= min(2, len(recent))}


def _carried(
    library: Library, series: str, recent: list[NoteRecord], standing: set[str]
) -> list[Carried]:
    """The open actions of the last meetings and the series' open threads last seen in them,
    each as its item was written (links kept, so the thread goes on in the new meeting).
    Left out: a reply in the first person ("I'll ask around"), which says nothing without
    the talk around it, and a thread that is one of the series' standing headings."""
    paths = {r.path for r in recent}
    items = _items_by_line(library, recent)
    newest: dict[str, Carried] = {}  # an action open in two meetings is carried once
    for record, action in library.actions(state="open"):
        if record.path in paths and not in_first_person(action.text):
            text = items.get((record.path, action.line), action.text)
            item = Carried(text, action.owner_name or action.owner, record, action.line)
            known = newest.get(_topic_of(text))
            if known is None or _when(record) >= _when(known.seen_in):
                newest[_topic_of(text)] = item
    carried = sorted(newest.values(), key=lambda c: (_when(c.seen_in), c.line))
    carried = carried[-CARRIED_AT_MOST:]
    seen = {_topic_of(c.text) for c in carried}
    for thread in library.threads(series, limit=CARRIED_AT_MOST):
        text = items.get((thread.last.path, thread.line), thread.item)
        if (
            thread.last.path in paths
            and _topic_of(text) not in seen
            and fold(thread.label) not in standing
            and not _heads_a_kept_section(thread.key, standing)
        ):
            seen.add(_topic_of(text))
            carried.append(Carried(text, "", thread.last, thread.line))
    return carried


def _heads_a_kept_section(topic: str, standing: set[str]) -> bool:
    """Whether a linked topic ('rust-lang/leadership-council#161') names a heading the draft
    keeps ('"Update on the program" leadership-council#161'): it is there already."""
    reference = topic.rpartition("/")[2]
    return "#" in reference and any(
        re.search(rf"(?<![\w-]){re.escape(reference)}(?!\d)", title) for title in standing
    )


def _items_by_line(library: Library, recent: list[NoteRecord]) -> dict[tuple[str, int], str]:
    """Each agenda item of the last meetings as written in Markdown, by (path, line)."""
    found: dict[tuple[str, int], str] = {}
    for record in recent:
        for item in library.meeting(record.path).items():
            if item.line and item.markdown:
                found[(record.path, item.line)] = " ".join(item.markdown.split())
    return found


def _topic_of(text: str) -> str:
    """What makes two carried items one: the link they name, else their words."""
    link = URL.search(text)
    return link.group() if link else fold(" ".join(text.split()))


def _regulars(recent: list[NoteRecord]) -> list[str]:
    """Who came to at least half of the last meetings, most often first."""
    counts: dict[str, int] = {}
    for record in recent:
        for attendee in record.attendees:
            label = attendee.name or attendee.handle
            if label:
                counts[label] = counts.get(label, 0) + 1
    needed = max(1, (len(recent) + 1) // 2)
    return sorted((n for n, c in counts.items() if c >= needed), key=lambda n: -counts[n])


def _lines_of(library: Library, record: NoteRecord) -> list[str]:
    """The lines of a meeting's file; for one of several meetings in a file, the lines of
    the others blanked (line numbers keep their places)."""
    from tuinotes.notes.parse import parse_meetings  # the parser only when drafting

    source = library.folder / record.file
    lines = source.read_text(encoding="utf-8", errors="replace").split("\n")
    if "#" not in record.path:  # a file of one meeting: no need to read it as several
        return lines
    meetings = parse_meetings(source, record.file)
    anchor = record.path.partition("#")[2]
    meeting = next((m for m in meetings if m.anchor == anchor), meetings[0])
    starts = sorted(_heading_line(lines, m) for m in meetings)
    start = _heading_line(lines, meeting)
    end = next((line for line in starts if line > start), len(lines) + 1)
    return ["" if not start <= number < end else line for number, line in enumerate(lines, 1)]


def _heading_line(lines: list[str], meeting: Meeting) -> int:
    """The line of the dated heading that starts a meeting of an archive."""
    first = meeting.sections[0].line if meeting.sections else 1
    for number in range(first, 0, -1):
        line = lines[number - 1]
        if line.lstrip().startswith("#") and find_date(line)[0] == meeting.date:
            return number
    return first


def _draft_text(
    lines: list[str],
    meeting: Meeting,
    path: str,
    latest: NoteRecord,
    next_one: tuple[date, int | None],
    standing: set[str],
    carried: list[Carried],
    regulars: list[str],
) -> str:
    assert latest.date is not None
    when, number = next_one
    link = os.path.relpath(latest.path, PurePosixPath(path).parent.as_posix() or ".")
    previous = markdown_link(latest.date.isoformat(), link)
    sections = [s for s in meeting.sections if s.line > 0]
    first_line = sections[0].line if sections else len(lines) + 1
    out = _head(lines[: first_line - 1], latest.date, when, regulars)
    if sections and sections[0].level == 1 and not any(line.startswith("#") for line in out):
        # the title heading, with the lines under it that date it ("- Meeting date: …")
        end = sections[1].line - 1 if len(sections) > 1 else len(lines)
        out += _head(lines[sections[0].line - 1 : end], latest.date, when, regulars)
        sections = sections[1:]
    out = [
        _next_heading(line, latest.date, when, number) if line.startswith("#") else line
        for line in out
    ]
    kept = [s for s in sections if fold(s.title) in standing]
    if not any(s.kind == "previous" for s in kept):
        out += ["", markdown_link("Previous meeting", link)]  # no date to misread
    own_heading = any(CARRY_SECTION_HEADING.match(s.title) for s in kept)
    # "Carried over" after who came (and the link back), before the agenda
    who = [s for s in kept if s.kind != "agenda"]
    before_agenda = next(
        (s for s in kept[kept.index(who[-1]) + 1 if who else 0 :] if s.kind == "agenda"), None
    )
    for section in kept:
        if carried and not own_heading and section is before_agenda:
            out += ["", "## Carried over", *_carried_lines(carried, path)]
        number = sections.index(section)
        end = sections[number + 1].line - 1 if number + 1 < len(sections) else len(lines)
        out += ["", move_date(lines[section.line - 1], latest.date, when)]
        if section.kind == "attendees" or ATTENDEE_HEADING.match(section.title):
            out += _empty_attendees(lines[section.line : end], regulars)
        elif section.kind == "previous":
            out += ["", f"- {previous}"]
        elif CARRY_SECTION_HEADING.match(section.title):
            out += _carried_lines(carried, path)
            carried = []  # under the series' first heading for them
        elif dated := _dating_lines(lines[section.line : end], latest.date, when):
            out += ["", *dated]  # "## Meeting info" / "Date: 2026.01.08", moved on
    if carried and not own_heading and before_agenda is None:
        out += ["", "## Carried over", *_carried_lines(carried, path)]
    return "\n".join(_squeeze(out)).strip("\n") + "\n"


def markdown_link(text: str, target: str) -> str:
    """`[text](target)`, the target in angle brackets when it has a space (CommonMark's
    form for 'Meeting 64.md')."""
    target = target.replace(os.sep, "/")
    return f"[{text}](<{target}>)" if " " in target else f"[{text}]({target})"


def _when(record: NoteRecord) -> date:
    return record.date or date.min


def _head(lines: list[str], old: date, new: date, regulars: list[str]) -> list[str]:
    """What stands before the first section: the frontmatter, any heading and any line with
    the date, the date moved on, and a paragraph that ends by opening the attendee list
    ("… Roll call:") with the list empty; the rest is the latest meeting's own text, and left
    out."""
    kept: list[str] = []
    start = 0
    if lines and lines[0].strip() == "---":
        end = next((i for i in range(1, len(lines)) if lines[i].strip() in ("---", "...")), 0)
        if end:
            kept, start = lines[: end + 1], end + 1
    headings: list[str] = []
    for number, line in enumerate(lines[start:], start):
        if line.lstrip().startswith("#") or move_date(line, old, new) != line:
            if headings and number > start and not lines[number - 1].strip():
                headings.append("")  # apart as they were
            headings.append(line)  # and the lines that date it ("- Meeting date: 2026-08-14")
        elif TRAILING_LABEL.search(line):  # "… Please sign in below. Roll call:"
            paragraph = number
            while paragraph > start and lines[paragraph - 1].strip():
                paragraph -= 1
            after = next((m for rest in lines[number + 1 :] if (m := _BULLET.match(rest))), None)
            marker = after.group("marker") if after else "-"
            headings += ["", *lines[paragraph : number + 1], "", f"{marker} "]
            if regulars:
                headings += ["", f"<!-- regulars: {', '.join(regulars)} -->"]
    return [move_date(line, old, new) for line in [*kept, "", *headings]]


def _dating_lines(body: list[str], old: date, new: date) -> list[str]:
    """The lines of a kept section labelled as the meeting's date ("Date: 2026.01.08"), the
    date moved on; an agenda line that mentions the date is the old meeting's, not kept."""
    return [move_date(line, old, new) for line in body if is_date_line(line)]


def _empty_attendees(body: list[str], regulars: list[str]) -> list[str]:
    """The attendee block's header (a table's head and rule) with no one in it, and the
    regulars as a comment to copy from."""
    out = [""]
    rows = [line for line in body if _TABLE_ROW.match(line)]
    bullets = [m for line in body if (m := _BULLET.match(line))]
    if len(rows) >= 2 and _TABLE_RULE.match(rows[1]):
        out += rows[:2]
    elif labelled := [m for m in bullets if m.group("label")]:
        # groups of people on labelled lines ("- Council members: …"): the labels, empty
        out += list(dict.fromkeys(f"{m.group('marker')} {m.group('label')}" for m in labelled))
    else:
        out += [f"{bullets[0].group('marker') if bullets else '-'} "]
    if regulars:
        out += ["", f"<!-- regulars: {', '.join(regulars)} -->"]
    return out


def _carried_lines(carried: list[Carried], path: str) -> list[str]:
    """Each carried item as an open task, where it was last seen (and who owns it) on a
    bullet under it, so the item reads back as the same topic."""
    out = [""]
    base = PurePosixPath(path).parent.as_posix() or "."
    for item in carried:
        assert item.seen_in.date is not None
        link = os.path.relpath(item.seen_in.file, base).replace(os.sep, "/")
        owner = f", {item.who}" if item.who else ""
        out += [
            f"- [ ] {item.text}",
            f"  - carried from {markdown_link(item.seen_in.date.isoformat(), link)}{owner}",
        ]
    return out


def _squeeze(lines: list[str]) -> list[str]:
    """No more than one blank line in a row."""
    out: list[str] = []
    for line in lines:
        if line.strip() or (out and out[-1].strip()):
            out.append(line.rstrip())
    return out
