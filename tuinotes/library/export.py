"""Markdown a user can paste into an issue or a meeting note: a person's activity, a topic's
timeline, decisions and open threads. Note text is quoted as written (it is Markdown)."""

from __future__ import annotations

from tuinotes.library.activity import PersonActivity
from tuinotes.library.answers import Decision, MeetingDiff, Thread, Topic
from tuinotes.model.record import NoteRecord, iso


def _when(record: NoteRecord) -> str:
    return iso(record.date) or "undated"


def _meeting(record: NoteRecord) -> str:
    return f"{_when(record)} {record.title} (`{record.path}`)"


def topics_md(topics: list[Topic]) -> str:
    out: list[str] = []
    for topic in topics:
        out.append(f"## {topic.title}\n")
        out.append(f"Discussed in {len(topic.occurrences)} meetings.\n")
        for occurrence in topic.occurrences:
            item = occurrence.item
            who = f" — raised by {item.who}" if item.speaker else ""
            box = {"done": "[x] ", "open": "[ ] "}.get(item.state, "")
            out.append(f"- **{_meeting(occurrence.record)}**: {box}{item.text}{who}")
            for line in occurrence.lines:
                out.append(
                    f"  - **Decision:** {line.text}" if line.decision else f"  - {line.said}"
                )
        out.append("")
    return "\n".join(out)


def decisions_md(decisions: list[Decision]) -> str:
    out = ["## Decisions\n"]
    for decision in decisions:
        out.append(f"- **{_when(decision.record)}** {decision.label} ({decision.record.title})")
        out.extend(f"  - {line.text}" for line in decision.lines)
    return "\n".join(out) + "\n"


def threads_md(threads: list[Thread]) -> str:
    out = ["## Open threads\n"]
    for thread in threads:
        closed = f", closed in {_when(thread.closed_in)}" if thread.closed_in else ""
        out.append(
            f"- [{'x' if thread.state == 'closed' else ' '}] {thread.title} — {thread.series}: "
            f"first raised {_when(thread.first)}, discussed {thread.times}×, "
            f"last seen {_when(thread.last)}{closed}"
        )
    return "\n".join(out) + "\n"


def diff_md(diff: MeetingDiff) -> str:
    since = _meeting(diff.since) if diff.since else "nothing earlier"
    out = [f"## {_meeting(diff.meeting)} since {since}\n"]
    for title, lines in (("New", diff.new), ("Carried", diff.carried), ("Dropped", diff.dropped)):
        out.append(f"### {title} ({len(lines)})\n")
        out.extend(f"- {line.text}" for line in lines)
        out.append("")
    if diff.joined:
        out.append(f"Joined: {', '.join(diff.joined)}\n")
    if diff.left:
        out.append(f"Left: {', '.join(diff.left)}\n")
    return "\n".join(out)


def person_md(activity: PersonActivity) -> str:
    person = activity.person
    handle = f" (@{person.handle})" if person.handle else ""
    out = [f"## {person.label}{handle}\n", f"{len(activity.meetings)} meetings attended.\n"]
    if activity.actions:
        out.append("### Actions\n")
        for record, action in activity.actions:
            box = "x" if action.state == "done" else " "
            out.append(f"- [{box}] {action.text} — {_meeting(record)}")
        out.append("")
    if activity.contributions:
        out.append("### Raised and said\n")
        for c in activity.contributions:
            out.append(f"- {iso(c.date) or 'undated'} {c.kind}: {c.text} (`{c.path}`)")
        out.append("")
    out.append("### Meetings\n")
    out.extend(f"- {_meeting(record)}" for record in activity.meetings)
    return "\n".join(out) + "\n"
