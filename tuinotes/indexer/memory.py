"""The meeting memory store: every meeting's agenda lines in SQLite beside the index
(`memory.sqlite`), for topics across meetings, decisions, open threads and what changed.

A store derived from the records store: the indexer keeps it in step with each update it
publishes (`Indexer.memory`), so those questions are indexed queries rather than a read of
every note. Its rows come from the workers that parse the notes (`stored_row`), with the
finder's words already analysed.
"""

from __future__ import annotations

import re
import sqlite3
import threading
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from datetime import date
from pathlib import Path
from typing import Any

from tuinotes.indexer.store import StoreUnusable
from tuinotes.model.memory import TITLE_TOPIC, MemoryLine
from tuinotes.model.record import NoteRecord, iso
from tuinotes.search.analysis import fold_word, terms

MEMORY_FILE = "memory.sqlite"
SCHEMA = 6
_COLUMNS = (
    "ord, depth, topic, label, text, state, line, section, role, speaker, speaker_name, "
    "speaker_key, decision, mentions"
)
_CREATE = f"""
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT);
CREATE TABLE IF NOT EXISTS meetings (
    path TEXT PRIMARY KEY, mtime_ns INTEGER, size INTEGER, day TEXT, series TEXT
);
CREATE TABLE IF NOT EXISTS lines (path TEXT, {_COLUMNS.replace(",", " ,")});
CREATE TABLE IF NOT EXISTS decisions (
    line INTEGER PRIMARY KEY, path TEXT, topic TEXT, ord INTEGER, day TEXT
);
CREATE INDEX IF NOT EXISTS decisions_order ON decisions (day DESC, path DESC, ord);
CREATE VIRTUAL TABLE IF NOT EXISTS finder USING fts5(
    words, topic UNINDEXED, item UNINDEXED, tokenize = 'unicode61 remove_diacritics 2'
); -- words: the terms of search.analysis (stemmed, folded), as the index reads them
CREATE TABLE IF NOT EXISTS threads (
    series TEXT, topic TEXT, label TEXT, text TEXT, path TEXT, day TEXT, line INTEGER,
    is_open INTEGER, is_done INTEGER, is_carried INTEGER, times INTEGER, first_path TEXT
);
CREATE INDEX IF NOT EXISTS threads_topic ON threads (topic);
CREATE INDEX IF NOT EXISTS threads_day ON threads (day);
"""
_INDEXES = [
    "CREATE INDEX IF NOT EXISTS lines_topic ON lines (topic)",
    "CREATE INDEX IF NOT EXISTS lines_path ON lines (path)",
    "CREATE INDEX IF NOT EXISTS lines_speaker ON lines (speaker_key) WHERE speaker_key != ''",
    "CREATE INDEX IF NOT EXISTS lines_written ON lines (speaker) WHERE speaker_key = ''",
    "CREATE INDEX IF NOT EXISTS lines_mentions ON lines (mentions) WHERE mentions != ''",
]
# Each meeting's agenda items with their series and day, for `threads_of`.
_TOPIC_ITEMS = """
SELECT m.series, l.topic, l.path, m.day, l.state, l.role, l.label, l.text, l.line, l.decision
FROM lines l JOIN meetings m ON m.path = l.path
WHERE l.depth = 0 AND ({where})
ORDER BY m.series, l.topic, m.day, l.path, l.ord
"""
Lookup = Callable[[list[str]], Iterator[tuple[str, list[tuple[Any, ...]]]]]


def stored_row(line: MemoryLine) -> tuple[Any, ...]:
    """A line as the records store keeps it for this store: its fields, then the words the
    finder looks in (an item's or a decision's label and text as search reads them; made
    where the note is parsed, in the workers, not here while the app waits)."""
    finds = line.depth == 0 or bool(line.decision)
    return (*line.as_row(), " ".join(terms(f"{line.label} {line.text}")) if finds else "")


def threads_of(items: Iterable[tuple[Any, ...]]) -> Iterator[tuple[Any, ...]]:
    """The threads among agenda items ordered by series, topic, day and path (as
    `_TOPIC_ITEMS` gives them): a topic of a series is a thread when it comes back and is a
    task, links an issue or was carried forward; an item seen once is none. Its last
    meeting's items say whether it is open, done (checked, in a done section, or stating its
    own outcome: "Last week's minutes were approved.") or carried. Rows for the `threads`
    table."""
    key: tuple[str, str] | None = None
    meetings: list[list[Any]] = []  # per meeting: path, day, open, done, carried, task, …

    def finish() -> Iterator[tuple[Any, ...]]:
        if key is None or not meetings:
            return
        times = len(meetings)
        task = any(m[5] for m in meetings)
        carried = any(m[4] for m in meetings)
        linked = not key[1].startswith(TITLE_TOPIC)
        if times > 1 and (task or linked or carried):  # an item seen once is no thread
            path, day, is_open, is_done, is_carried, _task, label, text, line = meetings[-1]
            yield (
                key[0], key[1], label, text, path, day, line,
                is_open, is_done, is_carried, times, meetings[0][0],
            )  # fmt: skip

    for series, topic, path, day, state, role, label, text, line, decision in items:
        if (series, topic) != key:
            yield from finish()
            key, meetings = (series, topic), []
        if not meetings or meetings[-1][0] != path:
            meetings.append([path, day, False, False, False, False, label, text, line])
        meeting = meetings[-1]
        meeting[2] = meeting[2] or state == "open"
        meeting[3] = meeting[3] or state == "done" or role == "done" or bool(decision)
        meeting[4] = meeting[4] or role == "carried"
        meeting[5] = meeting[5] or state != "plain"
    yield from finish()


@contextmanager
def _writing(db: sqlite3.Connection) -> Iterator[sqlite3.Connection]:
    """One write transaction, taken before reading what to write: two processes that sync
    the same store run one after the other, and the second finds nothing left to do."""
    db.execute("BEGIN IMMEDIATE")
    try:
        yield db
    except BaseException:
        db.execute("ROLLBACK")
        raise
    db.execute("COMMIT")


def _batches(items: Iterable[Any], size: int) -> Iterator[list[Any]]:
    batch: list[Any] = []
    for item in items:
        batch.append(item)
        if len(batch) == size:
            yield batch
            batch = []
    if batch:
        yield batch


def match_expression(words: str) -> str:
    """An FTS5 query for the finder: every word's term, as search reads it ('releases'
    finds 'released', as `tuinotes search` does); a word typed with `*` is a prefix."""
    wanted = []
    for word in re.findall(r"[^\W_]+\*?", words):
        if word.endswith("*"):
            wanted.append('"' + fold_word(word[:-1]) + '"*')
        else:
            wanted.extend(f'"{found}"' for found in terms(word))
    return " ".join(wanted)


class MemoryStore:
    """The agenda lines of every meeting in SQLite; `sync` brings it in line with the
    catalog. Safe to share between threads (one connection, used under a lock)."""

    def __init__(self, path: Path | None, stamp: str) -> None:
        self.path = path
        self._stamp = f"{SCHEMA}:{stamp}"
        self._lock = threading.Lock()
        try:
            self._db = self._connect(path)
        except (sqlite3.Error, OSError) as error:
            raise StoreUnusable(f"{path}: {error}") from error

    @staticmethod
    def _open(target: str) -> sqlite3.Connection:
        # Autocommit: `sync` opens its own write transaction (BEGIN IMMEDIATE).
        db = sqlite3.connect(target, timeout=30, check_same_thread=False, isolation_level=None)
        db.execute("PRAGMA journal_mode = WAL")  # another tuinotes reads while this writes
        db.execute("PRAGMA synchronous = NORMAL")  # a crash loses at most the last sync
        db.executescript(_CREATE)
        for statement in _INDEXES:
            db.execute(statement)
        return db

    def _connect(self, path: Path | None) -> sqlite3.Connection:
        target = ":memory:"
        if path is not None:
            path.parent.mkdir(parents=True, exist_ok=True)
            target = str(path)
        try:
            db = self._open(target)
        except sqlite3.DatabaseError:  # not a database (damaged): start again
            if path is None:
                raise
            path.unlink(missing_ok=True)
            db = self._open(target)

        def stamped() -> bool:
            found = db.execute("SELECT value FROM meta WHERE key = 'stamp'").fetchone()
            return found is not None and found[0] == self._stamp

        if not stamped():  # another format or parser: emptied here, rebuilt on sync
            with _writing(db):
                if not stamped():  # asked again under the lock: another tuinotes may have
                    self._empty(db, self._stamp)
        return db

    @staticmethod
    def _empty(db: sqlite3.Connection, stamp: str) -> None:
        for table in ("lines", "meetings", "finder", "decisions", "threads"):
            db.execute(f"DELETE FROM {table}")
        db.execute("DELETE FROM meta WHERE key = 'generation'")
        db.execute("INSERT OR REPLACE INTO meta VALUES ('stamp', ?)", (stamp,))

    def reset(self) -> None:
        """Empty the store (the index is rebuilt): the next sync copies every meeting."""
        try:
            with self._lock, _writing(self._db) as db:
                self._empty(db, self._stamp)
        except sqlite3.Error as error:
            raise StoreUnusable(f"{self.path}: {error}") from error

    def close(self) -> None:
        with self._lock:
            self._db.close()

    def synced_with(self) -> int | None:
        """The index commit (generation) the store was last brought in step with, by any
        tuinotes: when it is the latest, there is nothing to compare."""
        try:
            with self._lock:
                found = self._db.execute(
                    "SELECT value FROM meta WHERE key = 'generation'"
                ).fetchone()
        except sqlite3.Error:
            return None
        return int(found[0]) if found else None

    def sync(self, catalog: dict[str, NoteRecord], lookup: Lookup, generation: int) -> int:
        """Copy the lines of new and changed meetings (`lookup(paths)` yields each path's
        rows from the index) and drop those of removed ones, so the store is in step with
        `catalog`, the catalog of commit `generation`; returns meetings copied.
        Raises `StoreUnusable` when the store can't be written (the store is unchanged)."""
        try:
            return self._sync(catalog, lookup, generation)
        except sqlite3.Error as error:
            raise StoreUnusable(f"{self.path}: {error}") from error

    def _sync(self, catalog: dict[str, NoteRecord], lookup: Lookup, generation: int) -> int:
        with self._lock, _writing(self._db) as db:  # another tuinotes may sync too: in turn
            db.execute("INSERT OR REPLACE INTO meta VALUES ('generation', ?)", (generation,))
            stored = {
                path: (mtime, size)
                for path, mtime, size in db.execute("SELECT path, mtime_ns, size FROM meetings")
            }
            stale = [
                path
                for path, record in catalog.items()
                if stored.get(path) != (record.mtime_ns, record.size)
            ]
            gone = [path for path in stored if path not in catalog]
            if not stale and not gone:
                return 0
            full = not stored  # a first build: indexes are made after the rows go in
            if full:
                self._drop_indexes(db)
            touched = self._forget(db, [*(p for p in stale if p in stored), *gone])
            rowid = db.execute("SELECT coalesce(max(rowid), 0) FROM lines").fetchone()[0]
            for batch in _batches(lookup(stale), 200):
                meetings, lines, words, decisions = [], [], [], []
                for path, rows in batch:
                    record = catalog[path]
                    day = iso(record.date)
                    meetings.append((path, record.mtime_ns, record.size, day, record.series))
                    for row in rows:
                        fields, finds = row[:-1], row[-1]  # as `stored_row` made them
                        rowid += 1
                        line = MemoryLine.from_row(fields)
                        lines.append((rowid, path, *fields))
                        if line.depth == 0 or line.decision:
                            words.append((rowid, finds, line.topic, line.depth == 0))
                        if line.decision:
                            decisions.append((rowid, path, line.topic, line.order, day))
                        if line.depth == 0 and not full:  # a first build redoes all
                            touched.add(line.topic)
                db.executemany("INSERT OR REPLACE INTO meetings VALUES (?, ?, ?, ?, ?)", meetings)
                db.executemany(
                    f"INSERT INTO lines (rowid, path, {_COLUMNS}) "
                    "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                    lines,
                )
                db.executemany(
                    "INSERT INTO finder (rowid, words, topic, item) VALUES (?, ?, ?, ?)", words
                )
                db.executemany("INSERT INTO decisions VALUES (?, ?, ?, ?, ?)", decisions)
            if full:
                for statement in _INDEXES:
                    db.execute(statement)
            self._rethread(db, touched, full=full)
            return len(stale)

    @staticmethod
    def _drop_indexes(db: sqlite3.Connection) -> None:
        for statement in _INDEXES:
            name = statement.split(" ON ")[0].split()[-1]
            db.execute(f"DROP INDEX IF EXISTS {name}")

    @staticmethod
    def _forget(db: sqlite3.Connection, paths: list[str]) -> set[str]:
        """Drop these meetings' lines; return the topics they had."""
        touched: set[str] = set()
        for path in paths:
            rows = db.execute(
                "SELECT rowid, topic, depth FROM lines WHERE path = ?", (path,)
            ).fetchall()
            touched.update(topic for _, topic, depth in rows if depth == 0)
            ids = [(rowid,) for rowid, _, _ in rows]
            db.executemany("DELETE FROM finder WHERE rowid = ?", ids)
            db.executemany("DELETE FROM decisions WHERE line = ?", ids)
            db.execute("DELETE FROM lines WHERE path = ?", (path,))
            db.execute("DELETE FROM meetings WHERE path = ?", (path,))
        return touched

    @staticmethod
    def _rethread(db: sqlite3.Connection, topics: set[str], full: bool) -> None:
        """Recompute the threads of these topics (of all, after a first build)."""
        threads: list[tuple[Any, ...]] = []  # few: the items stream past (a cursor)
        if full:
            db.execute("DELETE FROM threads")
            threads += threads_of(db.execute(_TOPIC_ITEMS.format(where="1")))
        else:
            wanted = list(topics)
            for start in range(0, len(wanted), 500):
                chunk = wanted[start : start + 500]
                marks = ",".join("?" * len(chunk))
                db.execute(f"DELETE FROM threads WHERE topic IN ({marks})", chunk)
                items = db.execute(_TOPIC_ITEMS.format(where=f"l.topic IN ({marks})"), chunk)
                threads += threads_of(items)
        db.executemany("INSERT INTO threads VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", threads)

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

    def topics_mentioning(self, words: str, limit: int = 50) -> list[str]:
        """Topics whose item (or key) holds every word (as a prefix), most discussed first."""
        expression = match_expression(words)
        if not expression:
            return []
        with self._lock:
            found = self._db.execute(
                "SELECT topic FROM finder WHERE finder MATCH ? AND item "
                "GROUP BY topic ORDER BY count(*) DESC, topic LIMIT ?",
                (expression, limit),
            ).fetchall()
        return [row[0] for row in found]

    def decision_lines(
        self, words: str, since: date | None, limit: int | None
    ) -> list[tuple[str, MemoryLine]]:
        """Decision lines of the newest `limit` (meeting, topic) groups, newest meeting
        first and in note order within one; only lines holding every word if `words`, and
        from meetings on or after `since`."""
        where, args = ["1"], []
        if since is not None:
            where.append("day >= ?")
            args.append(since.isoformat())
        expression = match_expression(words)
        if words.strip() and not expression:
            return []  # only punctuation: no word to look for, so nothing holds it
        if expression:
            where.append("line IN (SELECT rowid FROM finder WHERE finder MATCH ?)")
            args.append(expression)
        wanted: list[int] = []
        groups: set[tuple[str, str]] = set()
        with self._lock:
            newest_first = self._db.execute(
                f"SELECT line, path, topic FROM decisions WHERE {' AND '.join(where)} "
                "ORDER BY day DESC, path DESC, ord",
                args,
            )
            last_path = None
            for line, path, topic in newest_first:  # stop once `limit` meetings' groups are in
                if path != last_path and limit is not None and len(groups) >= limit:
                    break
                if (path, topic) not in groups and limit is not None and len(groups) >= limit:
                    continue
                groups.add((path, topic))
                wanted.append(line)
                last_path = path
            rows = []
            columns = ", ".join("l." + c.strip() for c in _COLUMNS.split(","))
            for start in range(0, len(wanted), 500):
                chunk = wanted[start : start + 500]
                marks = ",".join("?" * len(chunk))
                rows += self._db.execute(
                    f"SELECT l.rowid, l.path, {columns} FROM lines l WHERE l.rowid IN ({marks})",
                    chunk,
                ).fetchall()
        position = {line: n for n, line in enumerate(wanted)}
        rows.sort(key=lambda row: position[row[0]])
        return [(row[1], MemoryLine.from_row(row[2:])) for row in rows]

    def thread_rows(
        self, series: str | None, every: bool, limit: int | None
    ) -> list[tuple[Any, ...]]:
        """Threads, last seen newest first: (series, topic, label, text, last path, its
        line there, times, first path, state). A thread is open when its last item is an
        open task or carried, or was on the series' latest agenda; closed when checked or
        in a done section; else quiet. Open ones only unless `every`."""
        where, args = ["1"], []
        if series is not None:
            where.append("t.series = ?")
            args.append(series)
        if not every:
            where.append("state = 'open'")
        with self._lock:
            return self._db.execute(
                "SELECT t.series, t.topic, t.label, t.text, t.path, t.line, t.times, "
                "t.first_path, CASE WHEN t.is_done THEN 'closed' "
                "WHEN t.is_open OR t.is_carried OR t.day = s.latest THEN 'open' "
                "ELSE 'quiet' END AS state "
                "FROM threads t LEFT JOIN ("
                "SELECT series, max(day) AS latest FROM meetings GROUP BY series"
                ") s ON s.series = t.series "
                f"WHERE {' AND '.join(where)} ORDER BY t.day DESC, t.path DESC, t.topic LIMIT ?",
                (*args, -1 if limit is None else limit),
            ).fetchall()

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
                "WHERE depth = 0 AND topic NOT LIKE ? GROUP BY topic HAVING n > 1 "
                "ORDER BY n DESC, topic LIMIT ?",
                (f"{TITLE_TOPIC}%", limit),
            ).fetchall()

    def spoken_by(
        self, keys: Iterable[str], initials: Iterable[str]
    ) -> list[tuple[str, MemoryLine]]:
        """Lines whose speaker is one of these people, or written with these initials and
        not named by that meeting."""
        keys = list(keys)
        # as written, in any case ("AB", "ab"): the partial index on `speaker` answers
        initials = sorted({form for i in initials for form in (i, i.upper(), i.lower())})
        key_marks, initial_marks = ",".join("?" * len(keys)), ",".join("?" * len(initials))
        clause = f"speaker_key IN ({key_marks})"
        if initials:
            clause += f" OR (speaker_key = '' AND speaker IN ({initial_marks}))"
        return self._rows(
            f"SELECT path, {_COLUMNS} FROM lines WHERE {clause} ORDER BY path, ord",
            [*keys, *initials],
        )
