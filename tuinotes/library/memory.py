"""Meeting memory across meetings: topics, decisions, open threads and what changed.

Every meeting's agenda lines (`MemoryLine`, made when a note is indexed) are copied from
the index into SQLite beside it (`memory.sqlite`), synced with the catalog after each
update, so these questions are indexed queries rather than a read of every note.
"""

from __future__ import annotations

import sqlite3
import threading
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any, Literal

from tuinotes.model.memory import MemoryLine
from tuinotes.model.record import NoteRecord, iso
from tuinotes.model.text import fold

SCHEMA = 2
ThreadState = Literal["open", "closed", "quiet"]
_COLUMNS = (
    "ord, depth, topic, label, text, state, line, section, role, speaker, speaker_name, "
    "speaker_key, decision, mentions"
)
_CREATE = f"""
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT);
CREATE TABLE IF NOT EXISTS meetings (
    path TEXT PRIMARY KEY, mtime_ns INTEGER, size INTEGER, day TEXT, series TEXT
);
CREATE TABLE IF NOT EXISTS lines (
    path TEXT, {_COLUMNS.replace(",", " ,")}, words TEXT
);
CREATE INDEX IF NOT EXISTS lines_topic ON lines (topic);
CREATE INDEX IF NOT EXISTS lines_path ON lines (path);
CREATE INDEX IF NOT EXISTS lines_decision ON lines (decision) WHERE decision != '';
CREATE INDEX IF NOT EXISTS lines_speaker ON lines (speaker_key);
CREATE INDEX IF NOT EXISTS lines_mentions ON lines (mentions) WHERE mentions != '';
"""
_THREADS = """
WITH per AS (
    SELECT m.series AS series, l.topic AS topic, l.path AS path, m.day AS day,
        max(l.state = 'open') AS is_open, max(l.state = 'done' OR l.role = 'done') AS is_done,
        max(l.role = 'carried') AS is_carried, max(l.state != 'plain') AS is_task,
        min(l.label) AS label, min(l.text) AS text, min(l.line) AS line
    FROM lines l JOIN meetings m ON m.path = l.path
    WHERE l.depth = 0
    GROUP BY m.series, l.topic, l.path
), ranked AS (
    SELECT *,
        row_number() OVER later AS rank,
        count(*) OVER whole AS times,
        first_value(path) OVER earlier AS first_path,
        max(is_task) OVER whole AS any_task,
        max(is_carried) OVER whole AS any_carried
    FROM per
    WINDOW whole AS (PARTITION BY series, topic),
        later AS (PARTITION BY series, topic ORDER BY day DESC, path DESC),
        earlier AS (PARTITION BY series, topic ORDER BY day, path)
)
SELECT series, topic, label, text, path, line, is_open, is_done, is_carried, times, first_path
FROM ranked
WHERE rank = 1 AND (any_task OR any_carried OR (topic NOT LIKE 'title:%' AND times > 1))
"""
Lookup = Callable[[list[str]], Iterator[tuple[str, list[tuple[Any, ...]]]]]


@dataclass(slots=True)
class Occurrence:
    """One meeting's discussion of a topic: its item and the lines under it."""

    record: NoteRecord
    item: MemoryLine
    lines: list[MemoryLine] = field(default_factory=list)
    mention: bool = False  # only linked from the discussion of another item (`item`)

    def to_dict(self) -> dict[str, Any]:
        return {
            "path": self.record.path,
            "mention": self.mention,
            "date": iso(self.record.date),
            "meeting": self.record.title,
            "item": self.item.text,
            "line": self.item.line,
            "state": self.item.state,
            "section": self.item.section,
            "raised_by": self.item.speaker_name or self.item.speaker or None,
            "discussion": [_said(line) for line in self.lines if not line.decision],
            "decisions": [line.text for line in self.lines if line.decision],
        }


@dataclass(slots=True)
class Topic:
    """A topic across meetings, oldest first."""

    key: str
    label: str
    occurrences: list[Occurrence]

    @property
    def title(self) -> str:
        """The topic's name for people: its key with its latest item text."""
        items = [o.item.text for o in self.occurrences if not o.mention]
        item = items[-1] if items else ""
        return f"{self.label} — {item}" if self.label != item and item else self.label

    def to_dict(self) -> dict[str, Any]:
        return {
            "topic": self.label,
            "key": self.key,
            "title": self.title,
            "meetings": [o.to_dict() for o in self.occurrences],
        }


@dataclass(slots=True)
class Decision:
    """What a meeting decided on one topic (one or more lines)."""

    record: NoteRecord
    topic: str
    label: str
    lines: list[MemoryLine]

    @property
    def line(self) -> int:
        return self.lines[0].line

    def to_dict(self) -> dict[str, Any]:
        return {
            "path": self.record.path,
            "date": iso(self.record.date),
            "meeting": self.record.title,
            "topic": self.label,
            "key": self.topic,
            "line": self.line,
            "decision": [line.text for line in self.lines],
        }


@dataclass(slots=True)
class Thread:
    """A topic of one series as it comes back: open, closed (and where) or gone quiet."""

    series: str
    key: str
    label: str
    item: str  # the item as last written
    state: ThreadState
    first: NoteRecord
    last: NoteRecord
    line: int  # of its item in the last meeting
    times: int  # meetings that discussed it
    closed_in: NoteRecord | None = None

    @property
    def title(self) -> str:
        return f"{self.label} — {self.item}" if self.label != self.item else self.label

    def to_dict(self) -> dict[str, Any]:
        def where(record: NoteRecord | None) -> dict[str, Any] | None:
            return {"path": record.path, "date": iso(record.date)} if record else None

        return {
            "series": self.series,
            "topic": self.label,
            "key": self.key,
            "title": self.title,
            "state": self.state,
            "first_raised": where(self.first),
            "times_discussed": self.times,
            "last_seen": {**(where(self.last) or {}), "line": self.line},
            "closed_in": where(self.closed_in),
        }


@dataclass(slots=True)
class MeetingDiff:
    """A meeting against an earlier one (by default the previous of its series)."""

    meeting: NoteRecord
    since: NoteRecord | None
    new: list[MemoryLine] = field(default_factory=list)
    carried: list[MemoryLine] = field(default_factory=list)
    dropped: list[MemoryLine] = field(default_factory=list)
    joined: list[str] = field(default_factory=list)
    left: list[str] = field(default_factory=list)

    @property
    def summary(self) -> str:
        """'3 new, 2 carried, 1 dropped since 2024-06-05' ("" without an earlier meeting)."""
        if self.since is None:
            return ""
        parts = [f"{len(self.new)} new", f"{len(self.carried)} carried"]
        if self.dropped:
            parts.append(f"{len(self.dropped)} dropped")
        when = iso(self.since.date) or self.since.path
        return f"{', '.join(parts)} since {when}"

    def to_dict(self) -> dict[str, Any]:
        def items(lines: list[MemoryLine]) -> list[dict[str, Any]]:
            return [
                {"topic": x.label, "item": x.text, "state": x.state, "line": x.line} for x in lines
            ]

        return {
            "meeting": {"path": self.meeting.path, "date": iso(self.meeting.date)},
            "since": (
                {"path": self.since.path, "date": iso(self.since.date)} if self.since else None
            ),
            "new": items(self.new),
            "carried": items(self.carried),
            "dropped": items(self.dropped),
            "joined": self.joined,
            "left": self.left,
        }


def _said(line: MemoryLine) -> str:
    who = line.speaker_name or line.speaker
    return f"{who}: {line.text}" if who else line.text


def _words(text: str) -> str:
    return " ".join(fold(text).casefold().split())


class MemoryStore:
    """The agenda lines of every meeting in SQLite; `sync` brings it in line with the
    catalog. Safe to share between threads (one connection, used under a lock)."""

    def __init__(self, path: Path | None, stamp: str) -> None:
        self.path = path
        self._lock = threading.Lock()
        self._db = self._connect(path, stamp)

    def _connect(self, path: Path | None, stamp: str) -> sqlite3.Connection:
        target = ":memory:"
        if path is not None:
            path.parent.mkdir(parents=True, exist_ok=True)
            target = str(path)
        try:
            db = sqlite3.connect(target, timeout=30, check_same_thread=False)
            db.executescript(_CREATE)
        except sqlite3.DatabaseError:  # not a database (damaged): start again
            if path is None:
                raise
            path.unlink(missing_ok=True)
            db = sqlite3.connect(target, timeout=30, check_same_thread=False)
            db.executescript(_CREATE)
        want = f"{SCHEMA}:{stamp}"
        found = db.execute("SELECT value FROM meta WHERE key = 'stamp'").fetchone()
        if found is None or found[0] != want:  # another format or parser: rebuilt on sync
            with db:
                db.execute("DELETE FROM lines")
                db.execute("DELETE FROM meetings")
                db.execute("INSERT OR REPLACE INTO meta VALUES ('stamp', ?)", (want,))
        return db

    def close(self) -> None:
        with self._lock:
            self._db.close()

    def sync(self, catalog: dict[str, NoteRecord], lookup: Lookup) -> int:
        """Copy the lines of new and changed meetings (`lookup(paths)` yields each path's
        rows from the index) and drop those of removed ones; returns meetings copied."""
        with self._lock:
            stored = {
                path: (mtime, size)
                for path, mtime, size in self._db.execute(
                    "SELECT path, mtime_ns, size FROM meetings"
                )
            }
            stale = [
                path
                for path, record in catalog.items()
                if stored.get(path) != (record.mtime_ns, record.size)
            ]
            gone = [path for path in stored if path not in catalog]
            if not stale and not gone:
                return 0
            with self._db:
                self._db.executemany(
                    "DELETE FROM lines WHERE path = ?", ((p,) for p in [*stale, *gone])
                )
                self._db.executemany(
                    "DELETE FROM meetings WHERE path = ?", ((p,) for p in [*stale, *gone])
                )
                for path, rows in lookup(stale):
                    record = catalog[path]
                    self._db.execute(
                        "INSERT OR REPLACE INTO meetings VALUES (?, ?, ?, ?, ?)",
                        (path, record.mtime_ns, record.size, iso(record.date), record.series),
                    )
                    self._db.executemany(
                        f"INSERT INTO lines (path, {_COLUMNS}, words) "
                        "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                        ((path, *row, _words(f"{row[3]} {row[4]}")) for row in rows),
                    )
            return len(stale)

    def _rows(self, sql: str, args: Iterable[Any] = ()) -> list[tuple[str, MemoryLine]]:
        with self._lock:
            found = self._db.execute(sql, tuple(args)).fetchall()
        return [(row[0], MemoryLine.from_row(row[1:])) for row in found]

    def lines_of(self, paths: Iterable[str]) -> dict[str, list[MemoryLine]]:
        """Each meeting's lines, in note order."""
        wanted = list(paths)
        found: dict[str, list[MemoryLine]] = {path: [] for path in wanted}
        marks = ",".join("?" * len(wanted))
        for path, line in self._rows(
            f"SELECT path, {_COLUMNS} FROM lines WHERE path IN ({marks}) ORDER BY path, ord",
            wanted,
        ):
            found[path].append(line)
        return found

    def topic_lines(self, keys: Iterable[str]) -> list[tuple[str, MemoryLine]]:
        wanted = list(keys)
        marks = ",".join("?" * len(wanted))
        return self._rows(
            f"SELECT path, {_COLUMNS} FROM lines WHERE topic IN ({marks}) "
            f"OR (mentions != '' AND mentions IN ({marks})) ORDER BY path, ord",
            [*wanted, *wanted],
        )

    def topics_mentioning(self, words: list[str], limit: int = 50) -> list[str]:
        """Topics whose item (or key) holds every word, most discussed first."""
        where = " AND ".join("instr(words, ?) > 0" for _ in words) or "1"
        with self._lock:
            found = self._db.execute(
                f"SELECT topic FROM lines WHERE depth = 0 AND {where} "
                "GROUP BY topic ORDER BY count(DISTINCT path) DESC, topic LIMIT ?",
                (*words, limit),
            ).fetchall()
        return [row[0] for row in found]

    def decision_lines(self, since: date | None) -> list[tuple[str, MemoryLine]]:
        if since is None:
            return self._rows(
                f"SELECT path, {_COLUMNS} FROM lines WHERE decision != '' ORDER BY path, ord"
            )
        return self._rows(
            f"SELECT l.path, {', '.join('l.' + c.strip() for c in _COLUMNS.split(','))} "
            "FROM lines l JOIN meetings m ON m.path = l.path "
            "WHERE l.decision != '' AND m.day >= ? ORDER BY l.path, l.ord",
            (since.isoformat(),),
        )

    def thread_rows(self) -> list[tuple[Any, ...]]:
        """Per (series, topic) that can be a thread (a task or carried item somewhere, or a
        linked topic met twice): (series, topic, label, text, last path, its line there,
        open, done, carried, times, first path), its last meeting's item deciding its
        state."""
        with self._lock:
            return self._db.execute(_THREADS).fetchall()

    def meetings_per_topic(self, keys: Iterable[str]) -> dict[str, int]:
        """How many meetings have an agenda item on each of these topics."""
        wanted = list(keys)
        marks = ",".join("?" * len(wanted))
        with self._lock:
            found = self._db.execute(
                f"SELECT topic, count(DISTINCT path) FROM lines "
                f"WHERE depth = 0 AND topic IN ({marks}) GROUP BY topic",
                wanted,
            ).fetchall()
        return {topic: count for topic, count in found}

    def linked_topics(self, limit: int) -> list[tuple[str, str, int]]:
        """(key, an item's text, meetings) of topics that link an issue or pull request
        and come back, most discussed first."""
        with self._lock:
            return self._db.execute(
                "SELECT topic, max(text), count(DISTINCT path) AS n FROM lines "
                "WHERE depth = 0 AND topic NOT LIKE 'title:%' GROUP BY topic HAVING n > 1 "
                "ORDER BY n DESC, topic LIMIT ?",
                (limit,),
            ).fetchall()

    def spoken_by(
        self, keys: Iterable[str], initials: Iterable[str]
    ) -> list[tuple[str, MemoryLine]]:
        """Lines whose speaker is one of these people, or written with these initials and
        not named by that meeting."""
        keys, initials = list(keys), [i.casefold() for i in initials]
        key_marks, initial_marks = ",".join("?" * len(keys)), ",".join("?" * len(initials))
        clause = f"speaker_key IN ({key_marks})"
        if initials:
            clause += f" OR (speaker_key = '' AND lower(speaker) IN ({initial_marks}))"
        return self._rows(
            f"SELECT path, {_COLUMNS} FROM lines WHERE {clause} ORDER BY path, ord",
            [*keys, *initials],
        )
