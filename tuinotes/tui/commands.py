"""Command palette providers: go to a meeting, filter by attendee, open a link."""

from __future__ import annotations

from functools import partial
from typing import TYPE_CHECKING

from textual.command import DiscoveryHit, Hit, Hits, Provider
from textual.content import Content

from tuinotes.core.people import sorted_people

if TYPE_CHECKING:
    from tuinotes.tui.app import TuiNotesApp


class _AppProvider(Provider):
    @property
    def notes_app(self) -> TuiNotesApp:
        return self.app  # type: ignore[return-value]

    def entries(self) -> list[tuple[str, object]]:
        raise NotImplementedError

    async def discover(self) -> Hits:
        for text, command in self.entries()[:30]:
            yield DiscoveryHit(Content(text), command, text=text)

    async def search(self, query: str) -> Hits:
        matcher = self.matcher(query)
        for text, command in self.entries():
            score = matcher.match(text)
            if score > 0:
                yield Hit(score, matcher.highlight(text), command, text=text)


class MeetingCommands(_AppProvider):
    """Go to meeting…"""

    def entries(self):
        records = sorted(
            self.notes_app.records(), key=lambda r: (r.date is not None, r.date), reverse=True
        )
        return [
            (
                f"Go to meeting: {r.date.isoformat() if r.date else '----'} {r.title}",
                partial(self.notes_app.open_meeting, r.path),
            )
            for r in records
        ]


class AttendeeCommands(_AppProvider):
    """Filter by attendee…"""

    def entries(self):
        return [
            (
                f"Filter by attendee: {p.label}" + (f" @{p.handle}" if p.handle else ""),
                partial(self.notes_app.filter_by_person, p.key),
            )
            for p in sorted_people(self.notes_app.people)
        ]


class LinkCommands(_AppProvider):
    """Open link… (of the open meeting)"""

    def entries(self):
        meeting = self.notes_app.current_meeting
        if meeting is None:
            return []
        return [
            (
                f"Open link: {link.text} {link.url}"
                if link.text != link.url
                else f"Open link: {link.url}",
                partial(self.notes_app.open_link, link.url),
            )
            for link in meeting.links
        ]


class PersonCommands(_AppProvider):
    """Show person… (attendance, what they raised and said, their actions)"""

    def entries(self):
        return [
            (
                f"Show person: {p.label}" + (f" @{p.handle}" if p.handle else ""),
                partial(self.notes_app.show_person, p.key),
            )
            for p in sorted_people(self.notes_app.people)
        ]
