"""What the index answers with besides hits, stored by us (not in the search engine): each
meeting's listing record, its actions and its meeting-memory rows, in SQLite beside the
index (`records.sqlite`; in memory for an index in memory).

Rows are versioned by the engine's commit generation, so a reader sees exactly the rows of
the commit it searches, and a crash anywhere leaves nothing half-done. Rows are written
and flushed just before the engine's commit, as `added` at the generation that commit will
have (the write lock's holder knows it: the next one); a replaced or deleted meeting's row
gets `removed` at that generation. A commit the engine never made leaves rows of a
generation beyond its latest: the next writer drops them before it writes (`start`). Rows
replaced more than `KEPT_COMMITS` commits ago are purged at the end of an update. When another
tuinotes replaces the file (a rebuild), the store opens the new one.
"""

from __future__ import annotations

import os
import pickle
import sqlite3
import threading
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from tuinotes.model.record import Action, NoteRecord

STORE_FILE = "records.sqlite"
_SCHEMA = 1
_CREATE = """
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS meetings (
    path TEXT NOT NULL,
    added INTEGER NOT NULL,
    removed INTEGER,
    record BLOB NOT NULL,
    actions BLOB NOT NULL,
    memory BLOB NOT NULL
);
CREATE INDEX IF NOT EXISTS meetings_by_path ON meetings (path, added);
"""
_VISIBLE = "added <= :generation AND (removed IS NULL OR removed > :generation)"
_IN_BATCH = 500  # paths per `IN (…)` lookup
# Commits a removed row is kept for after it was replaced: a reader of another tuinotes may
# still search an older commit (its own update moves it on).
KEPT_COMMITS = 16
_DAMAGED = (sqlite3.SQLITE_NOTADB, sqlite3.SQLITE_CORRUPT)


class StoreUnusable(Exception):
    """A store beside the index (the records, the meeting memory) can't be opened or
    written (a read-only or full disk, a damaged file that can't be replaced)."""


@dataclass(slots=True)
class Stored:
    """One meeting as the store keeps it."""

    record: NoteRecord
    actions: list[Action]
    memory: list[tuple[Any, ...]]  # each agenda line as `memory.stored_row` makes it


def _dump(value: object) -> bytes:
    return pickle.dumps(value, protocol=pickle.HIGHEST_PROTOCOL)


class RecordStore:
    """Meetings' records, actions and memory rows by commit generation. Safe to share
    between threads (one connection, under a lock); one writer at a time (the holder of the
    index's write lock)."""

    def __init__(self, directory: Path | None, stamp: str) -> None:
        self.path = directory / STORE_FILE if directory is not None else None
        self.stamp = f"{_SCHEMA}:{stamp}"
        self._lock = threading.RLock()
        self._next: int | None = None  # the generation being written, between start and end
        self._file: tuple[int, int] | None = None  # (device, inode) of the file opened
        try:
            self._db = self._connect()
        except (sqlite3.Error, OSError) as error:
            raise StoreUnusable(f"{self.path}: {error}") from error

    def _connect(self) -> sqlite3.Connection:
        target = ":memory:"
        if self.path is not None:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            target = str(self.path)
        try:
            db = self._open(target)
        except sqlite3.DatabaseError as error:  # not a database (damaged): start again
            if self.path is None or error.sqlite_errorcode not in _DAMAGED:
                raise
            self._unlink()
            db = self._open(target)
        self._file = self._identity()
        return db

    def _identity(self) -> tuple[int, int] | None:
        if self.path is None:
            return None
        try:
            found = os.stat(self.path)
        except OSError:
            return None
        return found.st_dev, found.st_ino

    def _current(self) -> sqlite3.Connection:
        """The connection, opened again when another tuinotes replaced the file (a rebuild
        or a new format starts the store again as a new file)."""
        if self.path is not None and self._next is None and self._identity() != self._file:
            self._db.close()
            self._db = self._connect()
        return self._db

    @staticmethod
    def _open(target: str) -> sqlite3.Connection:
        db = sqlite3.connect(target, timeout=30, check_same_thread=False, isolation_level=None)
        db.execute("PRAGMA journal_mode = WAL")  # another tuinotes reads while this writes
        db.execute("PRAGMA synchronous = NORMAL")
        db.executescript(_CREATE)
        return db

    def _unlink(self) -> None:
        if self.path is not None:
            for suffix in ("", "-wal", "-shm"):
                Path(f"{self.path}{suffix}").unlink(missing_ok=True)

    def matches(self) -> bool:
        """Whether the store was written for this index's stamp (else it must be rebuilt;
        also when it turns out damaged)."""
        try:
            with self._lock:
                query = "SELECT value FROM meta WHERE key = 'stamp'"
                found = self._current().execute(query).fetchone()
        except sqlite3.DatabaseError:
            return False
        return found is not None and found[0] == self.stamp

    def reset(self) -> None:
        """Empty the store, as a new file (the index is cleared: a rebuild, a new format)."""
        with self._lock:
            self._db.close()
            self._unlink()
            try:
                self._db = self._connect()
                self._db.execute("INSERT OR REPLACE INTO meta VALUES ('stamp', ?)", (self.stamp,))
            except (sqlite3.Error, OSError) as error:
                raise StoreUnusable(f"{self.path}: {error}") from error
            self._next = None

    def close(self) -> None:
        with self._lock:
            self._db.close()

    # -- writing (the index's write lock is held) ----------------------------------------

    def start(self, latest: int) -> None:
        """Begin writing the commit after `latest`: drop what commits the engine never made
        left behind, then open a transaction."""
        with self._lock:
            db = self._current()
            db.execute("BEGIN IMMEDIATE")
            try:
                db.execute("DELETE FROM meetings WHERE added > ?", (latest,))
                db.execute("UPDATE meetings SET removed = NULL WHERE removed > ?", (latest,))
            except BaseException:
                db.execute("ROLLBACK")
                raise
            self._next = latest + 1

    def put(self, stored: Stored) -> None:
        """A meeting's new rows, replacing its old ones from the coming commit."""
        path = stored.record.path
        with self._lock:
            generation = self._writing()
            self._remove(path, generation)
            self._db.execute(
                "INSERT INTO meetings VALUES (?, ?, NULL, ?, ?, ?)",
                (
                    path,
                    generation,
                    _dump(stored.record),
                    _dump(stored.actions),
                    _dump(stored.memory),
                ),
            )

    def delete(self, path: str) -> None:
        with self._lock:
            self._remove(path, self._writing())

    def _remove(self, path: str, generation: int) -> None:
        self._db.execute("DELETE FROM meetings WHERE path = ? AND added = ?", (path, generation))
        self._db.execute(
            "UPDATE meetings SET removed = ? WHERE path = ? AND removed IS NULL",
            (generation, path),
        )

    def _writing(self) -> int:
        if self._next is None:
            raise RuntimeError("the records store is written between start and commit")
        return self._next

    def flush(self) -> None:
        """Make this commit's rows durable: call just before the engine commits. After the
        commit, `start` again to write the next one."""
        with self._lock:
            self._writing()
            self._db.execute("COMMIT")
            self._next = None

    def purge(self, latest: int) -> None:
        """Drop the rows that no reader of the last `KEPT_COMMITS` commits sees."""
        with self._lock:
            self._current().execute(
                "DELETE FROM meetings WHERE removed <= ?", (latest - KEPT_COMMITS,)
            )

    def end(self) -> None:
        """Stop writing: what was not flushed is dropped."""
        with self._lock:
            if self._db.in_transaction:
                self._db.execute("ROLLBACK")
            self._next = None

    # -- reading (as of one commit) ----------------------------------------------------------

    def records(self, generation: int) -> dict[str, NoteRecord]:
        return {path: pickle.loads(blob) for path, blob in self._every("record", generation)}

    def records_of(self, paths: Iterable[str], generation: int) -> dict[str, NoteRecord]:
        return {
            path: pickle.loads(blob) for path, blob in self._column("record", paths, generation)
        }

    def actions(self, generation: int) -> dict[str, list[Action]]:
        return {path: pickle.loads(blob) for path, blob in self._every("actions", generation)}

    def memory_rows(
        self, paths: Iterable[str], generation: int
    ) -> Iterator[tuple[str, list[tuple[Any, ...]]]]:
        for path, blob in self._column("memory", paths, generation):
            yield path, pickle.loads(blob)

    def _every(self, column: str, generation: int) -> list[tuple[str, bytes]]:
        """Every meeting's `column` as of `generation`."""
        with self._lock:
            query = f"SELECT path, {column} FROM meetings WHERE {_VISIBLE}"
            return self._current().execute(query, {"generation": generation}).fetchall()

    def _column(
        self, column: str, paths: Iterable[str], generation: int
    ) -> list[tuple[str, bytes]]:
        """These meetings' `column` as of `generation` (looked up a batch of paths at a time)."""
        wanted = list(dict.fromkeys(paths))
        found: list[tuple[str, bytes]] = []
        with self._lock:
            db = self._current()
            for start in range(0, len(wanted), _IN_BATCH):
                batch = wanted[start : start + _IN_BATCH]
                named = {f"p{i}": path for i, path in enumerate(batch)}
                marks = ", ".join(f":{name}" for name in named)
                query = (
                    f"SELECT path, {column} FROM meetings WHERE path IN ({marks}) AND {_VISIBLE}"
                )
                found.extend(db.execute(query, {**named, "generation": generation}))
        return found
