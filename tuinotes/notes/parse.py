"""Parse one meeting note (Markdown with optional YAML frontmatter) into a `Meeting`.

`structure` reads the blocks once; the recognisers (`attendees`, `dates`, `speakers`)
decide what they mean. Parsing never raises on odd content: what is there is kept, what is
odd is listed in `Meeting.problems`. Only an unreadable file raises (`UnreadableNote`).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from datetime import date
from pathlib import Path
from typing import Any

from tuinotes.model.meeting import Item, Link, Meeting, PreviousMeeting, Section
from tuinotes.model.text import neutralise
from tuinotes.notes import compiled_markdown
from tuinotes.notes.agenda import (
    actions_in_tables,
    actions_under_labels,
    marked_lines_apart,
    topics_from_headings,
    transcript_lines,
)
from tuinotes.notes.attendees import find_attendees
from tuinotes.notes.attendees.vocabulary import KEYWORD_LINE
from tuinotes.notes.dates import (
    date_alone,
    date_in_text,
    date_line,
    date_of_path,
    date_of_value,
    find_date,
    month_day,
    this_meetings_words,
    with_year,
    without_month_day,
    year_in,
    year_of_path,
)
from tuinotes.notes.markdown import MAX_NESTING, MarkdownToken, markdown, split_frontmatter
from tuinotes.notes.read import read_note
from tuinotes.notes.speakers import Speakers
from tuinotes.notes.structure import TASK_WORD, Draft, StructureWalker
from tuinotes.notes.titles import names_a_meeting, series_of, title_and_series

PREVIOUS_HEADING = re.compile(r"previous|past meetings|earlier meetings", re.IGNORECASE)
YEAR = re.compile(r"\b(?:19|20)\d{2}\b")


def parse_note(path: Path, rel: str | None = None) -> Meeting:
    """Read and parse a note file. Raises `UnreadableNote` when it cannot be read."""
    text, problems = read_note(path)
    meeting = parse_text(text, path, rel)
    meeting.problems[:0] = problems
    return meeting


def parse_text(text: str, path: Path, rel: str | None = None) -> Meeting:
    """Parse note text (already decoded) as one meeting; `rel` is its path in the notes
    folder, for dates in folder names. Never raises on content."""
    draft, metadata, problems = _read(text)
    return assemble(draft, path, rel or path.name, metadata, problems)


def parse_meetings(path: Path, rel: str | None = None) -> list[Meeting]:
    """Every meeting a note file holds: one, or one per dated heading of an archive.
    Raises `UnreadableNote` when the file cannot be read."""
    text, problems = read_note(path)
    meetings = parse_text_meetings(text, path, rel)
    for meeting in meetings:
        meeting.problems[:0] = problems
    return meetings


def parse_text_meetings(text: str, path: Path, rel: str | None = None) -> list[Meeting]:
    draft, metadata, problems = _read(text)
    rel = rel or path.name
    title_index = _archive_title(draft)
    archive_title = draft.sections[title_index].title if title_index is not None else ""
    parts = archive_parts(draft, title_index, year_of_path(rel) or year_in(archive_title))
    if len(parts) < 2:
        return [assemble(draft, path, rel, metadata, problems)]
    series = YEAR.sub("", archive_title).strip(" -–—:")  # "" when the file has no title
    meetings = []
    for day, part in parts:
        meeting = assemble(part, path, rel, metadata, list(problems), series, day)
        meeting.anchor = day.isoformat()
        meetings.append(meeting)
    return meetings


def _read(text: str) -> tuple[Draft, dict[str, Any], list[str]]:
    text = neutralise(text)
    metadata, body, body_line, problems = split_frontmatter(text)
    tokens: Sequence[MarkdownToken] | None = (
        compiled_markdown.tokens(body)
        if compiled_markdown.available() and compiled_markdown.fits(body)
        else None
    )
    if tokens is None:  # markdown-it-py reads what the compiled parser does not
        parsed = markdown().parse(body)
        if any(token.level >= MAX_NESTING - 2 for token in parsed):
            problems.append(
                f"nested more than {MAX_NESTING // 2} levels deep: the deepest lines were not read"
            )
        tokens = parsed
    draft = StructureWalker(body_line).run(tokens)
    return draft, {**page_properties(draft), **metadata}, problems


def page_properties(draft: Draft) -> dict[str, str]:
    """The title and date a note gives as properties in its first paragraph, as Logseq
    pages write them (`title:: Search Guild`, `date:: 2025-11-04`); front matter, when
    there is some, wins."""
    first = next((b for b in draft.blocks[:1] if b.kind == "paragraph"), None)
    if first is None:
        return {}
    found = dict(PAGE_PROPERTY.findall(first.source))
    return {key.lower(): value.strip() for key, value in found.items() if key.lower() in _KEPT}


PAGE_PROPERTY = re.compile(r"^([A-Za-z][\w-]*)::[ \t]*(\S.*)$", re.M)
_KEPT = ("title", "date")


def archive_parts(
    draft: Draft, title_index: int | None, year: int | None = None
) -> list[tuple[date, Draft]]:
    """A file of several meetings, one per dated heading (`## 2022-03-01`, `## April 19,
    2022`, or `## December 4` when the file's name or title gives the `year`) at one level,
    apart from its title heading (`title_index`): each heading's day and sections."""
    sections = draft.sections
    levels = sorted({s.level for i, s in enumerate(sections) if s.title and i != title_index})
    for level in levels:
        heads = [i for i, s in enumerate(sections) if s.level == level and i != title_index]
        days = {i: day for i in heads if (day := _meeting_day_heading(sections[i].title, year))}
        if len(days) >= 2 and len(days) * 2 >= len(heads):
            break
    else:
        return []
    dated = list(days)
    parts = []
    for n, start in enumerate(dated):
        end = dated[n + 1] if n + 1 < len(dated) else len(sections)
        parts.append((days[start], draft.part(list(range(start, end)))))
    # what stands before the first meeting (a call's link, a word on the document) is found
    # with the first meeting, though no recogniser reads it as that meeting's
    first = parts[0][1]
    first.lines[:0] = [(0, text) for s, text in draft.lines if s < dated[0]]
    first.links[:0] = [(0, link) for s, link in draft.links if s < dated[0]]
    return parts


def assemble(
    draft: Draft,
    path: Path,
    rel: str,
    metadata: dict[str, Any],
    problems: list[str],
    archive_title: str | None = None,
    archive_day: date | None = None,
) -> Meeting:
    """A meeting from the note's blocks: ask each recogniser what they mean. A meeting of an
    archive has its dated heading first and the archive's title (without its year)."""
    title_index = 0 if archive_title is not None else _title_heading(draft)
    heading = draft.sections[title_index].title if title_index is not None else None
    if title_index is not None:
        draft.sections[title_index].title = ""  # its blocks stay, as the note's preamble
    found = find_attendees(draft, metadata)
    for block in found.claimed:  # attendee lists under a label are not agenda
        section = draft.sections[block.section] if block.section >= 0 else None
        if section is not None:
            section.items = [i for i in section.items if all(i is not c for c in block.items)]
            if block.text in section.paragraphs:
                section.paragraphs.remove(block.text)
    if found.claimed_items:  # labelled attendee and role bullets in a list are not agenda
        for section in draft.sections:
            section.items = [
                i for i in section.items if all(i is not c for c in found.claimed_items)
            ]
    for index, section in enumerate(draft.sections):
        if index in found.sections:
            section.kind = "attendees"
        elif PREVIOUS_HEADING.search(section.title):
            section.kind = "previous"
    for index, items in reversed(found.leftover):  # the agenda after an attendee list
        level = draft.sections[index].level + 1
        draft.split_section(index, Section("", level, items, line=items[0].line))
    actions_under_labels(draft)
    actions_in_tables(draft)
    sections = draft.sections
    speakers = Speakers(found.attendees)
    transcript_lines(draft, speakers)
    topics_from_headings(sections)
    resolve_speakers(sections, speakers)
    marked_lines_apart(sections)
    heading_date, heading_rest = find_date(heading or draft.first_heading or "")
    if heading_date is None and archive_day is not None:  # "## December 4" in `2023.md`
        heading_date, heading_rest = archive_day, without_month_day(heading or "")
    meeting_date, date_from = _meeting_date(
        draft,
        heading or draft.first_heading or "",
        heading_date,
        metadata,
        rel,
        in_archive=archive_title is not None,
    )
    provenance = [f"date: {date_from}"]
    path_date = date_of_path(rel)
    if heading_date and path_date and heading_date != path_date and archive_title is None:
        problems.append(
            f"the heading says {heading_date.isoformat()}, the file name "
            f"{path_date.isoformat()}: the file name's date is used"
        )
    title, series, title_from = title_and_series(
        metadata,
        heading,
        heading_rest if heading_date and heading else None,
        draft,
        path,
        rel,
        meeting_date,
    )
    provenance.append(f"title: {title_from}")
    if archive_title is not None:
        if _CALLED_OFF.fullmatch(heading_rest) and archive_title:
            heading_rest = f"{archive_title} ({heading_rest.strip(' -–—:()[]*_').lower()})"
        title = ("" if _alone(heading_rest) else heading_rest) or archive_title or title
        named_series = series_of(archive_title or title)
        series = series if _alone(named_series) else named_series
    lines = [title, *(text for _, text in draft.lines)]
    lines.extend(a.name for a in found.attendees if a.name)
    lines.extend(a.handle for a in [*found.attendees, *found.absent] if a.handle)
    taken = [*found.claimed_items, *(i for b in found.claimed for i in b.items)]
    lines.extend(line.text for item in taken for line in item.walk())  # still searchable
    for row in found.not_people[:5]:
        problems.append(f"attendee row not read as a person: {row[:60]}")
    problems.extend(found.doubts)
    return Meeting(
        path=path,
        title=title,
        series_name=series,
        date=meeting_date,
        frontmatter=metadata,
        tags=_tags(metadata.get("tags", metadata.get("tag"))),
        attendees=found.attendees,
        absent=found.absent,
        stated_attendee_count=found.stated_count,
        sections=[s for s in sections if s.title or s.items or s.paragraphs],
        previous_meetings=previous_meetings(sections),
        links=_unique_links([link for _, link in draft.links]),
        text="\n".join(lines),
        problems=problems,
        provenance=[*provenance, *(f"attendees: {line}" for line in found.explain)],
    )


# A dated heading of a file of meetings that says only that it did not take place.
_CALLED_OFF = re.compile(
    r"\W*(?:cancell?ed|postponed|skipped|no\s+meeting|moved|rescheduled)\W*", re.I
)


def _alone(title: str) -> bool:
    """A word like "Meeting" alone names no meeting of an archive: its file or folder does."""
    return len(title.split()) < 2 and not names_a_meeting(title)


def _archive_title(draft: Draft) -> int | None:
    """The title heading of a file of meetings: not a heading that is only a date when
    a later heading of its level is only another date (`# 2023-11-21` … `# 2023-11-14`):
    that is the first meeting, in a file with no title."""
    index = _title_heading(draft)
    if index is None:
        return index
    title = draft.sections[index]
    day, rest = find_date(title.title)
    if day is None or names_a_meeting(rest):
        return index
    for section in draft.sections[index + 1 :]:
        if section.level == title.level and section.title:
            other, other_rest = find_date(section.title)
            if other is not None and other != day and not names_a_meeting(other_rest):
                return None
    return index


def _title_heading(draft: Draft) -> int | None:
    """The title heading: the first H1 (not one that heads the attendees, `# Attendants`),
    or a dated first heading."""
    for index, section in enumerate(draft.sections):
        if section.level == 1 and section.title and not KEYWORD_LINE.fullmatch(section.title):
            return index
    first = next((i for i, s in enumerate(draft.sections) if s.title), None)
    if first is not None and _meeting_date_heading(draft.sections[first].title):
        return first
    return None


def _meeting_day_heading(title: str, year: int | None) -> date | None:
    """The day a heading of an archive dates a meeting by: a whole date, or a month and day
    that the heading opens with ('December 4', '4 Dec (cancelled)') in the given year."""
    day, rest = find_date(title)
    if day is not None:
        return None if KEYWORD_LINE.fullmatch(rest) else day  # not 'Attendees 3/29/2011'
    if year is None or not (month_and_day := month_day(title)):
        return None
    tail = without_month_day(title).strip()  # the words after the day, if it opens the title
    if len(tail.split()) > 3 or (tail and not title.rstrip().endswith(tail)):
        return None  # "Updates since March 3": a topic, not a meeting's day
    return with_year(month_and_day, year)


def _meeting_date_heading(title: str) -> bool:
    """A heading with a whole date that heads a meeting (`_meeting_day_heading`)."""
    return _meeting_day_heading(title, None) is not None


def _meeting_date(
    draft: Draft,
    heading: str,
    heading_date: date | None,
    metadata: dict[str, Any],
    rel: str,
    in_archive: bool,
) -> tuple[date | None, str]:
    """The meeting's date and where it came from. Whole dates first: the file name (a
    name chosen on the day), the title heading, frontmatter, a `Date:` line near the top;
    then parts combined: a month and day written in the heading or the first lines ("the
    January 4th video call"), the year from the folder or file name."""
    path_date = None if in_archive else date_of_path(rel)
    wholes: tuple[Callable[[], tuple[date | None, str]], ...] = (
        lambda: (path_date if heading_date else None, "the file name"),
        lambda: (heading_date, f"the heading {heading!r}"),
        lambda: (date_of_value(_frontmatter_date(metadata)), "the frontmatter's date"),
        lambda: (_labelled_date(draft, path_date), "a date line near the top"),
        lambda: (path_date, f"the path {rel!r}"),
        # after the path: a line that is only a date may be the template's ("## February
        # 12, 2019" in the note of 2019-03-19), as a copied heading may
        lambda: _date_alone(draft),
        lambda: _dated_heading(draft),
    )
    for read in wholes:  # asked in turn: most notes are dated by the first
        found, where = read()
        if found:
            return found, where
    year = year_of_path(rel) or _year_of(_frontmatter_date(metadata)) or year_in(heading)
    lines = [line for line in _top_lines(draft) if line != heading][:_DAY_OF_YEAR_LINES]
    for text in [heading, *map(this_meetings_words, lines)]:  # the heading names this one
        if partial := with_year(month_day(text), year):
            return partial, f"{text[:50]!r} with the year {year} from the path"
    return None, "none found"


# A month and day without a year dates the meeting only where a note opens: in its heading
# or first lines ("Agenda for the January 4th video call"), not further down.
_DAY_OF_YEAR_LINES = 6


def _frontmatter_date(metadata: dict[str, Any]) -> Any:
    """The front matter's date: `date:`, else `when:` or `meeting_date:`."""
    return next((metadata[k] for k in ("date", "when", "meeting_date") if metadata.get(k)), None)


def _date_alone(draft: Draft) -> tuple[date | None, str]:
    """The first line near the top that is only a date (and a time, a zone, a weekday)."""
    for line in _top_lines(draft):
        if found := date_alone(line):
            return found, f"the line {line[:50]!r}, only a date"
    return None, ""


def _dated_heading(draft: Draft) -> tuple[date | None, str]:
    """A heading near the top that is a date and words like 'Minutes' ('## Minutes —
    Tuesday 11 March 2025' under the body's name)."""
    for block in draft.blocks[:12]:
        if block.kind != "heading":
            continue
        day, rest = find_date(block.text)
        if day and not names_a_meeting(rest):
            return day, f"the heading {block.text[:50]!r}"
    return None, ""


def _year_of(value: Any) -> int | None:
    return value.year if isinstance(value, date) else None


def _top_lines(draft: Draft) -> list[str]:
    """The lines of the first blocks of a note (headings, paragraphs, bullets), as text."""
    lines: list[str] = []
    for block in draft.blocks[:12]:
        if block.kind == "paragraph":
            lines.extend((block.source or block.text).split("\n"))
        elif block.kind == "heading":
            lines.append(block.text)
        elif block.kind == "list":
            lines.extend(item.text for item in block.items[:10])
    return [line.replace("*", "").replace("_", " ").strip(" #") for line in lines]


def _labelled_date(draft: Draft, path_date: date | None) -> date | None:
    """A `Date: Jan 31, 2023` or `Meeting Date/Time: …` line (a paragraph line, heading or
    bullet) near the top of the note, else a date written in the note's first paragraph
    ("Issues collected on 2025-07-17")."""
    for line in _top_lines(draft):
        if found := date_line(line, path_date):
            return found
    paragraphs = [b for b in draft.blocks[:12] if b.kind == "paragraph"]
    if paragraphs and paragraphs[0] is next(b for b in draft.blocks if b.kind != "heading"):
        return date_in_text(this_meetings_words(paragraphs[0].text))
    return None


def resolve_speakers(sections: list[Section], speakers: Speakers) -> None:
    """Fill each agenda item's speaker, resolved to an attendee of this meeting; the item's
    text and Markdown keep what follows the speaker."""
    for section in sections:
        if section.kind != "agenda":
            continue
        for item in section.items:
            _resolve(item, speakers, nested=False)


def _resolve(item: Item, speakers: Speakers, nested: bool) -> None:
    source = item.markdown or item.text
    if item.state != "plain" and (keyword := TASK_WORD.match(source)):
        source = source[keyword.end() :]  # "TODO Kate: confirm the time" is Kate's
    written, name, rest = speakers.resolve(source, weak=nested)
    if written and not item.speaker:
        item.speaker, item.speaker_name = written, name
        item.markdown = rest
        item.text = _strip_written(item.text, written)
    elif item.speaker and not item.speaker_name:  # given by a table's owner column
        found = speakers.find(item.speaker)
        item.speaker_name = found.name if found else ""
    for child in item.children:
        _resolve(child, speakers, nested=True)


def _strip_written(text: str, written: str) -> str:
    """`text` without its leading speaker (the plain text of what the Markdown led with)."""
    lead = re.compile(rf"^\s*\(?{re.escape(written)}\)?\s*(?:[:：]\s*|[,\-–—]\s+|\s)?", re.I)
    return lead.sub("", text, count=1)


def previous_meetings(sections: list[Section]) -> list[PreviousMeeting]:
    previous: list[PreviousMeeting] = []
    for section in sections:
        if section.kind != "previous":
            continue
        for item in section.walk_items():
            for link in item.links:
                when = date_in_text(link.text) or date_in_text(item.text)
                previous.append(PreviousMeeting(url=link.url, text=item.text, date=when))
    return previous


def _tags(value: Any) -> list[str]:
    if value is None:
        return []
    if isinstance(value, str):
        tags = re.split(r"[,\s]+", value)
    elif isinstance(value, list | tuple | set):
        tags = [str(t) for t in value]
    else:
        tags = [str(value)]
    return [neutralise(t.strip().lstrip("#")) for t in tags if t.strip().lstrip("#")]


def _unique_links(links: list[Link]) -> list[Link]:
    seen: set[str] = set()
    unique: list[Link] = []
    for link in links:
        if link.url and link.url not in seen:
            seen.add(link.url)
            unique.append(link)
    return unique
