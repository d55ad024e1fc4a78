"""Each kind of answer written one way per format, in one place: as JSON data (its
`to_dict`), as lines of text for a terminal, and as Markdown to paste into an issue or a
note (note text is quoted as written: it is Markdown already). `show` picks the format.
Answers: search hits and meeting lists, series, actions, one parsed meeting, people, a
person, topics, decisions, threads, a diff."""

from __future__ import annotations

import argparse
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Generic, TypeVar

from tuinotes.cli.output import FOUND, answer_format, emit_json, err, out, styled_snippet
from tuinotes.model.record import Action, NoteRecord, day_text, iso
from tuinotes.model.text import plural

if TYPE_CHECKING:
    from tuinotes.library.activity import PersonActivity
    from tuinotes.library.answers import Decision, MeetingDiff, Thread, Topic
    from tuinotes.library.people import Person
    from tuinotes.library.results import SearchResult
    from tuinotes.model.meeting import Item, Meeting

Answer = TypeVar("Answer")


@dataclass(frozen=True, slots=True)
class Form(Generic[Answer]):
    """How one kind of answer is written: as JSON data, as text lines, as Markdown."""

    data: Callable[[Answer], Any]
    text: Callable[[Answer], Iterable[str]]
    markdown: Callable[[Answer], str] | None = None


class Styled(str):
    """A line of text already made safe (note text neutralised) that may carry terminal
    styling: printed as it is."""


def show(options: argparse.Namespace, answer: Answer, form: Form[Answer]) -> int:
    """Print `answer` in the format asked for (`--json`, `--format md`, else text)."""
    how = answer_format(options)
    if how == "json":
        emit_json(form.data(answer))
    elif how == "md" and form.markdown is not None:
        out(form.markdown(answer))
    else:
        for line in form.text(answer):
            if isinstance(line, Styled):
                print(line)
            else:
                out(line)
    return FOUND


def _when(record: NoteRecord) -> str:
    return iso(record.date) or "undated"


def _meeting(record: NoteRecord) -> str:
    return f"{_when(record)} {record.title} (`{record.path}`)"


def _box(state: str) -> str:
    return {"done": "[x] ", "open": "[ ] "}.get(state, "")


# -- search hits and meeting lists -------------------------------------------------------------


def hits_text(result: SearchResult) -> Iterator[str]:
    for hit in result.hits:
        record = hit.record
        people = plural(record.attendee_count, "person", "people")
        people = f"  ({people})" if record.attendee_count else ""
        yield f"{day_text(record.date):<10}  {record.title}{people}  {record.path}"
        if hit.snippet and hit.snippet.text:
            yield Styled(f"    {styled_snippet(hit.snippet)}")  # the snippet neutralised
    if result.total > len(result.hits):
        yield f"({len(result.hits)} of {result.total} shown)"


def hits_md(result: SearchResult) -> str:
    lines = []
    for hit in result.hits:
        people = f", {plural(hit.record.attendee_count, 'person', 'people')}"
        lines.append(f"- {_meeting(hit.record)}{people if hit.record.attendee_count else ''}")
        if hit.snippet and hit.snippet.text:
            lines.append(f"  > {' '.join(hit.snippet.text.split())}")
    if result.total > len(result.hits):
        lines.append(f"\n{len(result.hits)} of {result.total} shown.")
    return "\n".join(lines) + "\n"


def no_hits(result: SearchResult) -> None:
    """Why nothing is listed, on stderr (with a spelling suggestion when there is one)."""
    err("tuinotes: no meetings found" if result.query else "tuinotes: no meetings")
    if result.suggestion:
        err(f"did you mean: {result.suggestion}")


HITS: Form[SearchResult] = Form(lambda result: result.to_dict(), hits_text, hits_md)
MEETINGS: Form[SearchResult] = Form(
    lambda result: [hit.record.to_dict() for hit in result.hits], hits_text, hits_md
)


# -- series ------------------------------------------------------------------------------------


def series_text(listed: list[dict[str, Any]]) -> Iterator[str]:
    for entry in listed:
        yield f"{entry['meetings']:5}  {entry['series']:<48} {entry['first']}..{entry['latest']}"


def series_md(listed: list[dict[str, Any]]) -> str:
    lines = ["| Series | Meetings | First | Latest |", "|---|---|---|---|"]
    for entry in listed:
        series = entry["series"].replace("|", "\\|")
        latest = f"[{entry['latest']}](<{entry['latest_path']}>)"  # a path may hold spaces
        lines.append(f"| {series} | {entry['meetings']} | {entry['first']} | {latest} |")
    return "\n".join(lines) + "\n"


SERIES: Form[list[dict[str, Any]]] = Form(lambda listed: listed, series_text, series_md)


# -- actions -----------------------------------------------------------------------------------

ActionRows = list[tuple[NoteRecord, Action]]


def _actions_data(rows: ActionRows) -> list[dict[str, Any]]:
    from tuinotes.library.activity import action_dict

    return [action_dict(record, action) for record, action in rows]


def actions_text(rows: ActionRows) -> Iterator[str]:
    for record, action in rows:
        owner = action.owner_name or action.owner or "-"
        box = "x" if action.state == "done" else " "
        yield f"{day_text(record.date)}  [{box}] {owner:<22} {action.text}  ({record.path})"


def actions_md(rows: ActionRows) -> str:
    lines = []
    for record, action in rows:
        owner = action.owner_name or action.owner
        owner = f"**{owner}**: " if owner else ""
        lines.append(f"- {_box(action.state) or '[ ] '}{owner}{action.text} — {_meeting(record)}")
    return "\n".join(lines) + "\n"


ACTIONS: Form[ActionRows] = Form(_actions_data, actions_text, actions_md)


# -- one parsed meeting --------------------------------------------------------------------------


def meeting_text(meeting: Meeting) -> Iterator[str]:
    yield f"# {meeting.title}"
    yield f"date: {day_text(meeting.date)}    file: {meeting.path}"
    if meeting.tags:
        yield f"tags: {', '.join(meeting.tags)}"
    if meeting.attendees:
        yield f"\nattendees ({meeting.attendee_count}):"
        for a in meeting.attendees:
            handle = f"@{a.handle}" if a.handle and a.name else ""  # else it is the label
            extra = ", ".join(filter(None, (a.initials, handle, a.affiliation)))
            yield f"  - {a.name or a.label}" + (f" ({extra})" if extra else "")
    if meeting.absent:
        yield f"absent: {', '.join(a.label for a in meeting.absent)}"
    for section in meeting.sections:
        if section.kind == "attendees":
            continue
        yield f"\n## {section.title}" if section.title else ""
        yield from section.paragraphs if section.kind == "agenda" else ()
        for item in section.items:
            yield from _item_lines(item, 0)
    if meeting.links:
        yield "\nlinks:"
        for link in meeting.links:
            yield f"  {link.url}" + (f"  ({link.text})" if link.text != link.url else "")


def _item_lines(item: Item, depth: int) -> Iterator[str]:
    who = f"{item.speaker}: " if item.speaker else ""
    name = f"  — {item.speaker_name}" if item.speaker_name else ""
    yield f"{'  ' * depth}- {_box(item.state)}{who}{item.text}{name}"
    for child in item.children:
        yield from _item_lines(child, depth + 1)


MEETING: Form[Meeting] = Form(lambda meeting: meeting.to_dict(), meeting_text)


# -- people ------------------------------------------------------------------------------------


def people_text(people: list[Person]) -> Iterator[str]:
    for person in people:
        handle = person.handle_aside or "-"
        seen = f"{day_text(person.first_seen)}..{day_text(person.last_seen)}"
        orgs = "; ".join(person.affiliations)
        yield f"{person.meeting_count:4}  {person.label:<28} {handle:<18} {seen:<22} {orgs}"


def people_md(people: list[Person]) -> str:
    lines = [
        "| Person | Handle | Meetings | First | Latest | Organisations |",
        "|---|---|---|---|---|---|",
    ]
    for person in people:
        cells = [
            person.label,
            f"@{person.handle}" if person.handle else "",
            str(person.meeting_count),
            iso(person.first_seen) or "",
            iso(person.last_seen) or "",
            "; ".join(person.affiliations),
        ]
        lines.append("| " + " | ".join(cell.replace("|", "\\|") for cell in cells) + " |")
    return "\n".join(lines) + "\n"


PEOPLE: Form[list[Person]] = Form(
    lambda people: [p.to_dict() for p in people], people_text, people_md
)


# -- a person ----------------------------------------------------------------------------------


def sparkline(counts: list[int]) -> str:
    """Counts as block characters, one a month."""
    bars = " ▁▂▃▄▅▆▇█"
    top = max(counts, default=0) or 1
    return "".join(bars[0 if not n else max(1, round(n / top * 8))] for n in counts)


def person_text(activity: PersonActivity) -> Iterator[str]:
    person = activity.person
    handle = f" {person.handle_aside}" if person.handle_aside else ""
    yield (
        f"{person.label}{handle} — {plural(person.meeting_count, 'meeting')}, "
        f"{day_text(person.first_seen)}..{day_text(person.last_seen)}"
    )
    for why in person.joins:
        yield f"joined: {why}"
    yield f"attendance {activity.months[0]}..{activity.months[1]}: {sparkline(activity.monthly)}"
    for record in activity.meetings:
        yield f"  {day_text(record.date)}  {record.title}  ({record.path})"
    if activity.contributions:
        yield "raised and said:"
    for c in activity.contributions:
        mark = "" if c.resolved else f"  (as {c.speaker}, not in that meeting's table)"
        lead = "raised" if c.kind == "raised" else "  said"
        yield f"  {day_text(c.date)}  {lead}: {c.text}{mark}  ({c.path}:{c.line})"
    if activity.actions:
        yield "actions:"
    for record, action in activity.actions:
        box = "x" if action.state == "done" else " "
        yield f"  {day_text(record.date)}  [{box}] {action.text}  ({record.path}:{action.line})"


def person_md(activity: PersonActivity) -> str:
    person = activity.person
    handle = f" (@{person.handle})" if person.handle and person.label != f"@{person.handle}" else ""
    lines = [f"## {person.label}{handle}\n", f"{len(activity.meetings)} meetings attended.\n"]
    if activity.actions:
        lines.append("### Actions\n")
        for record, action in activity.actions:
            box = "x" if action.state == "done" else " "
            lines.append(f"- [{box}] {action.text} — {_meeting(record)}")
        lines.append("")
    if activity.contributions:
        lines.append("### Raised and said\n")
        for c in activity.contributions:
            lines.append(f"- {iso(c.date) or 'undated'} {c.kind}: {c.text} (`{c.path}`)")
        lines.append("")
    lines.append("### Meetings\n")
    lines.extend(f"- {_meeting(record)}" for record in activity.meetings)
    return "\n".join(lines) + "\n"


PERSON: Form[PersonActivity] = Form(lambda a: a.to_dict(), person_text, person_md)


# -- topics ------------------------------------------------------------------------------------


def topics_text(topics: list[Topic]) -> Iterator[str]:
    for topic in topics:
        yield f"{topic.title}  ({plural(len(topic.occurrences), 'meeting')})"
        for o in topic.occurrences:
            who = o.item.who
            by = f"  raised by {who}" if who else ""
            lead = "mentioned in: " if o.mention else ""
            when = day_text(o.record.date)
            yield f"  {when}  {o.record.title}: {lead}{_box(o.item.state)}{o.item.text}{by}"
            yield f"              {o.record.path}:{o.item.line}"
            for line in o.lines:
                yield f"      {'decided: ' if line.decision else ''}{line.said}"


def topics_md(topics: list[Topic]) -> str:
    lines: list[str] = []
    for topic in topics:
        lines.append(f"## {topic.title}\n")
        lines.append(f"Discussed in {len(topic.occurrences)} meetings.\n")
        for occurrence in topic.occurrences:
            item = occurrence.item
            who = f" — raised by {item.who}" if item.speaker else ""
            lines.append(f"- **{_meeting(occurrence.record)}**: {_box(item.state)}{item.text}{who}")
            for line in occurrence.lines:
                lines.append(
                    f"  - **Decision:** {line.text}" if line.decision else f"  - {line.said}"
                )
        lines.append("")
    return "\n".join(lines)


TOPICS: Form[list[Topic]] = Form(lambda ts: [t.to_dict() for t in ts], topics_text, topics_md)


# -- decisions ---------------------------------------------------------------------------------


def decisions_text(decisions: list[Decision]) -> Iterator[str]:
    for d in decisions:
        yield f"{day_text(d.record.date)}  {d.label}  ({d.record.path}:{d.line})"
        for line in d.lines:
            yield f"    {line.text}"


def decisions_md(decisions: list[Decision]) -> str:
    lines = ["## Decisions\n"]
    for decision in decisions:
        lines.append(f"- **{_when(decision.record)}** {decision.label} ({decision.record.title})")
        lines.extend(f"  - {line.text}" for line in decision.lines)
    return "\n".join(lines) + "\n"


DECISIONS: Form[list[Decision]] = Form(
    lambda ds: [d.to_dict() for d in ds], decisions_text, decisions_md
)


# -- open threads ------------------------------------------------------------------------------


def threads_text(threads: list[Thread]) -> Iterator[str]:
    for t in threads:
        closed = f", closed {day_text(t.closed_in.date)}" if t.closed_in else ""
        yield (
            f"{t.state:<6}  {t.title}\n"
            f"        {t.series}: first {day_text(t.first.date)}, {t.times}x, "
            f"last {day_text(t.last.date)}{closed}  ({t.last.path})"
        )


def threads_md(threads: list[Thread]) -> str:
    lines = ["## Open threads\n"]
    for thread in threads:
        closed = f", closed in {_when(thread.closed_in)}" if thread.closed_in else ""
        lines.append(
            f"- [{'x' if thread.state == 'closed' else ' '}] {thread.title} — {thread.series}: "
            f"first raised {_when(thread.first)}, discussed {thread.times}×, "
            f"last seen {_when(thread.last)}{closed}"
        )
    return "\n".join(lines) + "\n"


THREADS: Form[list[Thread]] = Form(lambda ts: [t.to_dict() for t in ts], threads_text, threads_md)


# -- what changed since the previous meeting ---------------------------------------------------


def _changes(diff: MeetingDiff) -> list[tuple[str, list[Any]]]:
    return [("new", diff.new), ("carried", diff.carried), ("dropped", diff.dropped)]


def diff_text(diff: MeetingDiff) -> Iterator[str]:
    if diff.since is None:
        yield f"{diff.meeting.path}: no earlier meeting in its series"
        return
    yield f"{diff.meeting.path}: {diff.summary} ({diff.since.path})"
    for title, lines in _changes(diff):
        for line in lines:
            yield f"  {title:<8} {line.text}"
    if diff.joined:
        yield f"  joined:  {', '.join(diff.joined)}"
    if diff.left:
        yield f"  left:    {', '.join(diff.left)}"


def diff_md(diff: MeetingDiff) -> str:
    since = _meeting(diff.since) if diff.since else "nothing earlier"
    lines = [f"## {_meeting(diff.meeting)} since {since}\n"]
    for title, changed in _changes(diff):
        lines.append(f"### {title.capitalize()} ({len(changed)})\n")
        lines.extend(f"- {line.text}" for line in changed)
        lines.append("")
    if diff.joined:
        lines.append(f"Joined: {', '.join(diff.joined)}\n")
    if diff.left:
        lines.append(f"Left: {', '.join(diff.left)}\n")
    return "\n".join(lines)


DIFF: Form[MeetingDiff] = Form(lambda d: d.to_dict(), diff_text, diff_md)
