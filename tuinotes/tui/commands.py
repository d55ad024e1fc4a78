"""Command palette providers of the main screen (its `COMMANDS`): go to a meeting, filter by
attendee, show a person, a topic or the meeting memory views, open a link. Their entries are
made once per index change (by the main screen), not per key."""

from __future__ import annotations

from collections.abc import Callable
from functools import partial
from typing import Any, Protocol

from textual.command import DiscoveryHit, Hit, Hits, Provider
from textual.content import Content

from tuinotes.library.library import Library
from tuinotes.model.meeting import Meeting
from tuinotes.model.record import day_text
from tuinotes.search.snippets import fold_letters
from tuinotes.tui.messages import Palette
from tuinotes.tui.views import LibraryViews

Entries = list[tuple[str, Callable[[], object]]]


class Navigator(Protocol):
    """What the providers ask of the screen they serve (the main screen)."""

    palette: Palette

    @property
    def current_meeting(self) -> Meeting | None: ...

    @property
    def views(self) -> LibraryViews: ...

    def open_meeting(self, path: str, remember: bool = True, line: int = 0) -> None: ...
    def filter_by_person(self, key: str) -> None: ...
    def action_new_meeting(self) -> None: ...


class _MainScreenProvider(Provider):
    @property
    def main(self) -> Navigator:
        screen: Any = self.screen  # the screen whose COMMANDS list this provider
        return screen

    def entries(self) -> Entries:
        raise NotImplementedError

    def _entries(self) -> Entries:
        return self.entries()

    async def discover(self) -> Hits:
        for text, command in self._entries()[:30]:
            yield DiscoveryHit(Content(text), command, text=text)

    async def search(self, query: str) -> Hits:
        style = self.match_style or "bold underline"
        for text, command in self._entries():
            score, offsets = palette_match(query, text)
            if score > 0:
                content = Content(text)  # note text is data, never markup
                for offset in offsets:
                    content = content.stylize(style, offset, offset + 1)
                yield Hit(score, content, command, text=text)


def palette_of(library: Library) -> Palette:
    """The palette's entries for the committed index: every meeting, newest first,
    everyone (with their handle), most seen first, and the topics that come back."""
    people = library.people_ranked()
    records = sorted(library.records(), key=lambda r: r.sort_key, reverse=True)
    return Palette(
        meetings=[(f"{day_text(r.date).strip()} {r.title}", r.path) for r in records],
        people=[(p.label + (f" @{p.handle}" if p.handle else ""), p.key) for p in people],
        topics=[
            (f"{title} ({count} meetings)", key) for key, title, count in library.recurring_topics()
        ],
    )


MAX_TYPED = 60  # letters of the palette's input that are matched


def palette_match(typed: str, text: str) -> tuple[float, list[int]]:
    """How well `text` matches what was typed in the palette, and which letters matched:
    the typed text as it stands (best at the start of a word), else each typed word
    somewhere in it, else the typed letters in order, taken left to right.

    Linear in the text. Textual's own fuzzy matcher lists every way the letters could fall
    (textual/fuzzy.py:142, 8.2.8), which takes for ever, and all the memory, when a long
    query meets a long meeting title.
    """
    wanted = fold_letters(" ".join(typed.split())[:MAX_TYPED])
    folded = fold_letters(text)
    if not wanted:
        return 0.0, []
    if (at := folded.find(wanted)) >= 0:
        word_start = at == 0 or not folded[at - 1].isalnum()
        return 1.0 + 0.5 * word_start - at / (10 * len(folded)), list(range(at, at + len(wanted)))
    words = wanted.split()
    spans = [(folded.find(word), len(word)) for word in words]
    if len(words) > 1 and all(at >= 0 for at, _ in spans):
        return 0.6, sorted({at + i for at, size in spans for i in range(size)})
    offsets, at = [], 0
    for letter in wanted.replace(" ", ""):
        at = folded.find(letter, at)
        if at < 0:
            return 0.0, []
        offsets.append(at)
        at += 1
    return 0.3 * len(offsets) / (offsets[-1] - offsets[0] + 1), offsets


class MeetingCommands(_MainScreenProvider):
    """Go to meeting…"""

    def entries(self) -> Entries:
        return [
            (f"Go to meeting: {label}", partial(self.main.open_meeting, path))
            for label, path in self.main.palette.meetings
        ]


class AttendeeCommands(_MainScreenProvider):
    """Filter by attendee…"""

    def entries(self) -> Entries:
        return [
            (f"Filter by attendee: {label}", partial(self.main.filter_by_person, key))
            for label, key in self.main.palette.people
        ]


class PersonCommands(_MainScreenProvider):
    """Show person… (attendance, what they raised and said, their actions)"""

    def entries(self) -> Entries:
        return [
            (f"Show person: {label}", partial(self.main.views.person, key))
            for label, key in self.main.palette.people
        ]


class TopicCommands(_MainScreenProvider):
    """Topic… (an issue or pull request across meetings), decisions, open threads"""

    def entries(self) -> Entries:
        views: Entries = [
            ("Show decisions (what meetings decided)", self.main.views.decisions),
            ("Show open threads (items that keep coming back)", self.main.views.threads),
            ("Topics of this meeting, across meetings", self.main.views.meeting_topics),
            ("Draft the next meeting of this series (Ctrl+N)", self.main.action_new_meeting),
        ]
        return views + [
            (f"Topic: {label}", partial(self.main.views.topic, key))
            for label, key in self.main.palette.topics
        ]


class LinkCommands(_MainScreenProvider):
    """Open link… (of the open meeting)"""

    def entries(self) -> Entries:
        meeting = self.main.current_meeting
        if meeting is None:
            return []
        return [
            (
                f"Open link: {link.text} {link.url}"
                if link.text != link.url
                else f"Open link: {link.url}",
                partial(self.main.views.follow_link, link.url),
            )
            for link in meeting.links
        ]
