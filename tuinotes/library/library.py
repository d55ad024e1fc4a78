"""The one facade the CLI, the app and the benchmark talk to: a notes folder's meetings,
searchable, with its people, their activity, actions, series and links.

The domain rules that used to be spread live here once: the people registry (cached per
committed catalog), attendee filters, chronological order, series steps, which note a
link points to and which links open without asking.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any, Literal
from urllib.parse import unquote, urlparse

from tuinotes.indexer.indexer import Catalog, Indexer, ProgressCallback, UpdateReport
from tuinotes.indexer.memory import MemoryStore
from tuinotes.library.activity import PersonActivity, action_dict, person_activity
from tuinotes.library.answers import Decision, MeetingDiff, Occurrence, Thread, Topic
from tuinotes.library.config import index_dir_for
from tuinotes.library.findings import Finding, Understood, findings, understood
from tuinotes.library.people import Person, build_registry, find_people, sorted_people
from tuinotes.library.results import Filters, Hit, SearchResult, chronological, newest_first
from tuinotes.model.meeting import Meeting
from tuinotes.model.memory import TITLE_TOPIC, MemoryLine, topic_key
from tuinotes.model.paths import expand_home
from tuinotes.model.record import Action, NoteRecord, person_key
from tuinotes.model.text import fold
from tuinotes.search.backend import BadQuery, Sort
from tuinotes.search.query import And, Node, Not, Or, People, Query, Words, parse_query

SAFE_SCHEMES = frozenset({"http", "https", "mailto"})
LinkKind = Literal["note", "web", "ask"]
ActionFilter = Literal["open", "done", "all"]


class LibraryError(Exception):
    """A request that cannot be answered, in one line (an unknown or ambiguous person…)."""


class NobodyFound(LibraryError):
    """No one answers to the name asked for: nothing found, not an error."""


def _first_per_topic(lines: list[MemoryLine]) -> list[MemoryLine]:
    """A meeting's agenda items, one per topic (a topic listed twice is one topic)."""
    seen: set[str] = set()
    items = []
    for line in lines:
        if line.depth == 0 and line.topic not in seen:
            seen.add(line.topic)
            items.append(line)
    return items


def agenda_text(meeting: Meeting) -> str:
    """What a meeting's agenda says, without who said it: the input of `related`."""
    return "\n".join(item.text for item in meeting.items())


class Library:
    """A notes folder's meetings. Open is quick; `update()` brings the index up to date."""

    def __init__(self, folder: Path, index_dir: Path | None = None) -> None:
        self.folder = expand_home(folder).absolute()
        self.index = Indexer(self.folder, index_dir or index_dir_for(self.folder))
        self._people_of: tuple[Catalog, dict[str, Person]] | None = None
        self._series_of: tuple[Catalog, dict[str, list[NoteRecord]]] | None = None

    # -- life ----------------------------------------------------------------------------

    def update(
        self, progress: ProgressCallback | None = None, rebuild: bool = False, memory: bool = True
    ) -> UpdateReport:
        """Bring the index up to date, and the meeting memory with it (`memory`: also when
        this process has not opened it yet; a command that only searches leaves it be)."""
        return self.index.update(progress, rebuild, memory)

    def close(self) -> None:
        self.index.close()

    def __enter__(self) -> Library:
        return self

    def __exit__(self, *_: object) -> None:
        self.close()

    # -- meetings ------------------------------------------------------------------------

    @property
    def catalog(self) -> Catalog:
        return self.index.catalog

    def records(self) -> list[NoteRecord]:
        return self.index.records()

    def record(self, path: str) -> NoteRecord | None:
        return self.index.catalog.get(path)

    def meeting(self, path: str) -> Meeting:
        """The whole parsed meeting (read from disk; `file#anchor` for one of several in a
        file). Raises `UnreadableNote`."""
        from tuinotes.notes.parse import parse_meetings  # on first use: searching needs no parser

        file, _, anchor = path.partition("#")
        meetings = parse_meetings(self.folder / file, file)
        return next((m for m in meetings if m.anchor == anchor), meetings[0])

    def meetings(self, filters: Filters = Filters(), limit: int | None = None) -> SearchResult:
        """Meetings matching the filters, newest first."""
        records = newest_first(r for r in self.records() if filters.matches(r))
        shown = records[:limit] if limit else records
        return SearchResult(query="", hits=[Hit(r) for r in shown], total=len(records))

    def search(
        self,
        text: str,
        filters: Filters = Filters(),
        sort: Sort = "relevance",
        limit: int | None = 20,
        snippets: bool = True,
        suggest: bool = True,
    ) -> SearchResult:
        """A query (empty: the listing), narrowed by attendee filters; the best `limit`.
        With `suggest`, a "did you mean" when nothing matched (slow; see `suggest`)."""
        if not text.strip():
            return self.meetings(filters, limit)
        query = self._parse(text)
        result = SearchResult(query=text.strip(), notices=list(query.notices))
        reader = self.index.reader()
        try:
            found = reader.search(query, filters.groups, sort, limit, snippets, suggest)
        except BadQuery as problem:
            result.error = f"the query could not be run ({problem})"
            result.notices.append(result.error)
            return result
        result.total = found.total
        result.suggestion = found.suggestion
        records = self.index.records_of([match.path for match in found.matches], reader)
        for match in found.matches:
            record = records.get(match.path)
            if record is not None:  # else gone since (another tuinotes purged it)
                result.hits.append(Hit(record, match.score, match.snippet))
        return result

    def suggest(self, text: str, filters: Filters = Filters()) -> str | None:
        """A spelling correction of `text` that finds meetings, if there is one."""
        if not text.strip():
            return None
        return self.index.reader().suggest(self._parse(text), filters.groups)

    def _parse(self, text: str) -> Query:
        query = parse_query(text.strip())
        if query.root is not None:
            query.root = self._who(query.root)
        return query

    def highlights(self, query: str, text: str) -> list[tuple[int, int]]:
        """Where `query` matches in `text` (for the reader's highlighting)."""
        if not query.strip():
            return []
        return self.index.reader().highlights(parse_query(query), text)

    def related(self, path: str, meeting: Meeting, limit: int = 5) -> list[NoteRecord]:
        """Meetings whose agenda items share the most telling words with this one's."""
        reader = self.index.reader()
        paths = reader.more_like(path, agenda_text(meeting), limit)
        records = self.index.records_of(paths, reader)
        return [records[p] for p in paths if p in records]

    # -- people --------------------------------------------------------------------------

    def people(self) -> dict[str, Person]:
        """Everyone who attended, by key (built once per committed catalog)."""
        catalog = self.index.catalog
        cached = self._people_of
        if cached is None or cached[0] is not catalog:
            cached = (catalog, build_registry(catalog.values()))
            self._people_of = cached
        return cached[1]

    def people_ranked(self) -> list[Person]:
        return sorted_people(self.people())

    def _who(self, node: Node) -> Node:
        """`attendee:NAME` as the people NAME stands for (the People filter's rule: one
        identity however a meeting wrote them); as text when nobody is called that."""
        if isinstance(node, Words) and node.field == "attendee" and node.kind != "prefix":
            found = self.find_people(node.text)
            return People(frozenset(k for p in found for k in p.keys)) if found else node
        if isinstance(node, And | Or):
            return type(node)(tuple(self._who(part) for part in node.parts))
        if isinstance(node, Not):
            return Not(self._who(node.part))
        return node

    def find_people(self, name: str) -> list[Person]:
        return find_people(self.people(), name)

    def person(self, name: str) -> Person:
        """The one person `name` (a name, @handle or initials) stands for."""
        found = self.find_people(name)
        if not found:
            raise NobodyFound(f"nobody called {name!r} attended a meeting (see `tuinotes people`)")
        if len(found) > 1:
            names = ", ".join(
                sorted(p.label + (f" (@{p.handle})" if p.handle else "") for p in found)[:8]
            )
            how = "@handle" if any(p.handle for p in found) else "full name"
            raise LibraryError(f"{name!r} could be several people: {names}; name one by {how}")
        return found[0]

    def person_by_key(self, key: str) -> Person | None:
        people = self.people()
        return people.get(key) or next((p for p in people.values() if key in p.keys), None)

    def filters_for(self, names: list[str], any_of: bool = False) -> Filters:
        """Attendee filters from names, @handles or initials (each may match several)."""
        groups = []
        for name in names:
            found = self.find_people(name)
            if not found:
                raise NobodyFound(f"no attendee matches {name!r} (see `tuinotes people`)")
            groups.append({key for person in found for key in person.keys})
        return Filters.any_of(groups) if any_of else Filters.all_of(groups)

    def activity(self, person: Person) -> PersonActivity:
        spoken = self.memory().spoken_by(person.keys, person.initials)
        return person_activity(self.records(), self.index.actions(), spoken, person)

    def check(self) -> list[Finding]:
        """What was understood differently from a plain note, meeting by meeting, so a user
        sees at once what may be misread and why."""
        return findings(chronological(self.records()), self.people_ranked())

    def understood(self) -> Understood:
        """How much of the folder was read (the summary `tuinotes check` opens with)."""
        return understood(self.records(), self.index.actions())

    # -- actions -------------------------------------------------------------------------

    def actions(
        self, owners: frozenset[str] = frozenset(), state: ActionFilter = "open"
    ) -> list[tuple[NoteRecord, Action]]:
        """Actions (of the people with these keys, if any), oldest meeting first."""
        actions = self.index.actions()
        return [
            (record, action)
            for record in chronological(self.records())
            for action in actions.get(record.path, ())
            if state in ("all", action.state) and (not owners or action.owner_key in owners)
        ]

    @staticmethod
    def action_dict(record: NoteRecord, action: Action) -> dict[str, Any]:
        return action_dict(record, action)

    # -- meeting memory ------------------------------------------------------------------

    def memory(self) -> MemoryStore:
        """The meeting memory store, in step with the committed catalog."""
        return self.index.memory()

    def topics(self, reference: str, limit: int = 10) -> list[Topic]:
        """The topic a URL or `owner/repo#N` names (or a stored topic key, as the views and
        the JSON give them), or the topics whose item mentions every word of `reference`;
        each with its meetings, oldest first."""
        store = self.memory()
        key = topic_key(reference) or (reference if reference.startswith(TITLE_TOPIC) else None)
        keys = [key] if key is not None else store.topics_mentioning(reference, limit)
        return self._topics(store.topic_lines(keys), keys)

    def _topics(self, rows: list[tuple[str, MemoryLine]], keys: list[str]) -> list[Topic]:
        catalog = self.index.catalog
        grouped: dict[str, dict[str, Occurrence]] = {key: {} for key in keys}
        for path, line in rows:
            record = catalog.get(path)
            if record is None:
                continue
            if line.mentions in grouped and line.topic not in grouped:
                # linked in the discussion of another item: that line stands for it here
                grouped[line.mentions].setdefault(path, Occurrence(record, line, mention=True))
                continue
            if line.topic not in grouped:
                continue
            meetings = grouped[line.topic]
            occurrence = meetings.get(path)
            if occurrence is None or occurrence.mention:
                if line.depth > 0:
                    continue  # a decision under a topic this meeting has no item for
                meetings[path] = Occurrence(record, line)
            elif line.depth > 0 or line.decision:
                occurrence.lines.append(line)
        topics = []
        for key in keys:
            occurrences = sorted(grouped[key].values(), key=lambda o: o.record.sort_key)
            if occurrences:
                label = next((o.item.label for o in occurrences if not o.mention), key)
                topics.append(Topic(key, label, occurrences))
        return topics

    def meeting_topics(self, path: str) -> list[tuple[MemoryLine, int]]:
        """A meeting's agenda items, each with how many meetings discussed its topic."""
        store = self.memory()
        items = [line for line in store.lines_of([path])[path] if line.depth == 0]
        counts = store.meetings_per_topic(line.topic for line in items)
        return [(line, counts.get(line.topic, 1)) for line in items]

    def recurring_topics(self, limit: int = 2000) -> list[tuple[str, str, int]]:
        """(key, title, meetings) of linked topics discussed in more than one meeting."""
        return [
            (key, f"{key} — {text}" if text != key else key, count)
            for key, text, count in self.memory().linked_topics(limit)
        ]

    def decisions(
        self, query: str = "", since: date | None = None, limit: int | None = None
    ) -> list[Decision]:
        """What meetings decided, newest first: one entry per meeting and topic (its lines
        that hold every word of `query`, if given), at most `limit`."""
        catalog = self.index.catalog
        grouped: dict[tuple[str, str], Decision] = {}
        for path, line in self.memory().decision_lines(query, since, limit):
            record = catalog.get(path)
            if record is None:
                continue
            found = grouped.get((path, line.topic))
            if found is None:
                grouped[(path, line.topic)] = Decision(record, line.topic, line.label, [line])
            else:
                found.lines.append(line)
        return list(grouped.values())

    def threads(
        self, series: str | None = None, every: bool = False, limit: int | None = None
    ) -> list[Thread]:
        """Agenda items that come back across a series' meetings (tasks, linked issues),
        or were carried forward: open (an open task or carried item last time, or on the
        series' latest agenda), closed (checked or moved to a done section: where) or gone
        quiet. Open ones unless `every`; last seen newest first, at most `limit`.
        Standing headings ("Announcements") are not threads."""
        name = None
        if series is not None:
            meetings = self.series(series)
            if not meetings:
                return []
            name = meetings[0].series
        catalog = self.index.catalog
        threads = []
        for row in self.memory().thread_rows(name, every, limit):
            name_, key, label, item, path, line, times, first, state = row
            last, first_record = catalog.get(path), catalog.get(first)
            if last is None or first_record is None:
                continue
            closed_in = last if state == "closed" else None
            threads.append(
                Thread(name_, key, label, item, state, first_record, last, line, times, closed_in)
            )
        return threads

    def diff(self, path: str, since: str | None = None) -> MeetingDiff:
        """What a meeting's agenda and attendance changed from `since` (by default the
        previous meeting of its series)."""
        record = self.record(path)
        if record is None:
            raise LibraryError(f"no meeting {path} in the index")
        earlier = self.record(since) if since else self.series_step(path, -1)
        if since and earlier is None:
            raise LibraryError(f"no meeting {since} in the index")
        if since == path:
            raise LibraryError("compare a meeting with another one")
        result = MeetingDiff(record, earlier)
        if earlier is None:
            return result
        lines = self.memory().lines_of([path, earlier.path])
        now, before = _first_per_topic(lines[path]), _first_per_topic(lines[earlier.path])
        now_topics, before_topics = {x.topic for x in now}, {x.topic for x in before}
        result.new = [x for x in now if x.topic not in before_topics]
        result.carried = [x for x in now if x.topic in before_topics]
        result.dropped = [
            x
            for x in before
            if x.topic not in now_topics and x.state != "done" and x.role != "done"
        ]
        people_now = {person_key(a): a.label for a in record.attendees}
        people_before = {person_key(a): a.label for a in earlier.attendees}
        result.joined = [label for key, label in people_now.items() if key not in people_before]
        result.left = [label for key, label in people_before.items() if key not in people_now]
        return result

    # -- series and links ----------------------------------------------------------------

    def series(self, name: str) -> list[NoteRecord]:
        """The dated meetings of a series (case-insensitive), oldest first."""
        return self._series_groups().get(fold(name), [])

    def all_series(self) -> list[list[NoteRecord]]:
        """Every series' dated meetings, oldest first; the series with most meetings first."""
        return sorted(self._series_groups().values(), key=lambda meetings: -len(meetings))

    def _series_groups(self) -> dict[str, list[NoteRecord]]:
        catalog = self.index.catalog
        cached = self._series_of
        if cached is None or cached[0] is not catalog:
            grouped: dict[str, list[NoteRecord]] = {}
            for record in chronological(r for r in catalog.values() if r.date):
                grouped.setdefault(fold(record.series), []).append(record)
            cached = (catalog, grouped)
            self._series_of = cached
        return cached[1]

    def series_step(self, path: str, step: int) -> NoteRecord | None:
        """The meeting `step` places later (or earlier, negative) in `path`'s series."""
        record = self.record(path)
        if record is None:
            return None
        paths = [r.path for r in self.series(record.series)]
        if path not in paths:
            return None
        at = paths.index(path) + step
        return self.series(record.series)[at] if 0 <= at < len(paths) else None

    def note_for_link(self, url: str, base: str | None = None) -> str | None:
        """The meeting a link points to: a relative or file: link to a note of the folder."""
        parsed = urlparse(url)
        if parsed.scheme not in ("", "file") or parsed.netloc not in ("", "localhost"):
            return None
        target = Path(unquote(parsed.path))
        if not target.is_absolute():
            target = (self.folder / base).parent / target if base else self.folder / target
        try:
            rel = target.resolve().relative_to(self.folder.resolve()).as_posix()
        except (ValueError, OSError):
            return None
        return rel if rel in self.index.catalog else None

    def previous_meeting_note(self, meeting: Meeting, path: str, url: str) -> str | None:
        """A "Previous meetings" entry whose date is a meeting of the same series here."""
        wanted: date | None = next(
            (p.date for p in meeting.previous_meetings if p.url == url and p.date), None
        )
        record = self.record(path)
        if wanted is None or record is None:
            return None
        return next((r.path for r in self.series(record.series) if r.date == wanted), None)

    @staticmethod
    def link_kind(url: str) -> LinkKind:
        """How a link opens: web and mail links directly, anything else after a yes."""
        return "web" if urlparse(url).scheme.lower() in SAFE_SCHEMES else "ask"
