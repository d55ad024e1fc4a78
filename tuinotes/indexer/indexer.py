"""The indexer: keeps one notes folder's search index and catalog in step with its files.

Scan and diff by (mtime, size); index a few notes here and commit them (so a first run
shows something soon), then, for many notes, let worker processes parse and write
segments (`workers.py`) that this process makes visible as they come. Keep the catalog
(every meeting's listing record) beside the index, stamped with the generation it
matches. Only writing is serialised: listing and searching read the last
committed state at any time, and `close()` stops an update within a second.

The notes folder is only ever read. Beside the backend's files, the index dir holds
`meta.json` (the stamp and the folder), the records store (`store.py`: each meeting's
record, actions and memory rows by commit), the catalog (`catalog.py`, every record of
the latest commit in one file, quick to load) and the meeting memory (`memory.py`, kept
in step with each update this indexer publishes). The catalog is
loaded when first asked for: an update that finds the folder as the catalog saw it needs
only the catalog's summary of its files.
"""

from __future__ import annotations

import json
import sqlite3
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any

from tuinotes.indexer.build import (
    LOCK_WAIT_SECONDS,
    Build,
    LockLost,
    ProgressCallback,
    Stopped,
)
from tuinotes.indexer.catalog import Catalog, CatalogFiles, FilesSeen, Skipped
from tuinotes.indexer.discover import Scan, scan_folder
from tuinotes.indexer.memory import MEMORY_FILE, MemoryStore
from tuinotes.indexer.report import UpdateReport
from tuinotes.indexer.stamp import stamp
from tuinotes.indexer.store import RecordStore, StoreUnusable
from tuinotes.model.meeting import Attendee
from tuinotes.model.paths import expand_home
from tuinotes.model.record import Action, NoteRecord, Problem
from tuinotes.search.backend import Backend, IndexBusy, Reader
from tuinotes.search.whoosh_backend import WhooshBackend

if TYPE_CHECKING:
    from tuinotes.indexer.workers import Note

BUSY = "another tuinotes is updating this index: showing it as it is for now"
BUSY_BEFORE_REINDEX = "another tuinotes is updating this index: re-indexed once it is done"
PARALLEL_THRESHOLD = 200  # below this many notes to index, worker processes cost more
CLOSE_WAIT_SECONDS = 1.0


class Indexer:
    """The search index and catalog of one notes folder."""

    def __init__(
        self, folder: Path, index_dir: Path | None, backend: Backend | None = None
    ) -> None:
        self.folder = expand_home(folder).absolute()
        self.dir = index_dir
        self.backend: Backend = backend or WhooshBackend()
        self.stamp = stamp(self.backend.version)
        self.messages: list[str] = []  # what happened on open (rebuilt, in memory…)
        self.skipped: Skipped = {}
        # One shared Attendee per distinct row: people recur in hundreds of meetings, and
        # sharing keeps the catalog (in memory and pickled) a fraction of its size.
        self._attendees: dict[tuple[str, str, str, str], Attendee] = {}
        self._write_lock = threading.Lock()  # one update at a time
        # held to swap what readers see, and while a saved catalog is first loaded
        self._state_lock = threading.Lock()
        self._stop = threading.Event()
        self._catalog: Catalog | None = {}  # None: saved, not loaded yet
        self._seen: FilesSeen | None = None  # the saved catalog's files, when not loaded
        self._summarised = False  # the saved summary of the files matches the catalog
        self._files = CatalogFiles(self.dir, self.stamp) if self.dir is not None else None
        self._reader: Reader | None = None
        self._actions: dict[str, list[Action]] | None = None
        self.store: RecordStore
        self._memory: MemoryStore | None = None  # opened when first asked for or updated
        self._memory_at: int | None = None  # the commit it was last known in step with
        self._memory_lock = threading.Lock()
        self._cleared = True  # False: of another stamp, to be cleared before any update
        self._open()

    # -- opening ---------------------------------------------------------------------------

    def _open(self) -> None:
        self.backend.open(self.dir)
        started_again = bool(self.backend.messages)  # it said why: damaged, or not writable
        self.messages.extend(self.backend.messages)
        self.backend.messages.clear()
        self.store = self._open_store()
        if self.backend.in_memory:
            return
        meta = self._read_meta()
        # an index started again counts its commits from the start: what was kept beside it
        # (records, memory, catalog) belongs to the old one, whatever its generation says
        if started_again or meta.get("stamp") != self.stamp or not self.store.matches():
            if meta.get("stamp") != self.stamp and meta:
                self.messages.append("index format or parser changed: re-indexing every note")
            elif meta:
                self.messages.append("the index's records were lost: re-indexing every note")
            try:  # now, unless another tuinotes writes: then by the first update
                self._clear(wait=0)
            except IndexBusy:
                self._cleared = False
            return
        self._seen = self._files.load_files(self.backend.generation()) if self._files else None
        if self._seen is not None:
            self._catalog, self.skipped = None, dict(self._seen.skipped)
            self._summarised = True
        else:
            self._load_catalog()

    def _open_store(self) -> RecordStore:
        if not self.backend.in_memory and self.dir is not None:
            try:
                return RecordStore(self.dir, self.stamp)
            except StoreUnusable as error:
                self.messages.append(f"could not keep the index's records ({error})")
                self.backend.open(None)  # both in memory, so they agree
        return RecordStore(None, self.stamp)

    def _clear_when_free(self, messages: list[str]) -> bool:
        """Clear unless another tuinotes is writing the index (said; nothing is removed)."""
        try:
            self._clear(wait=LOCK_WAIT_SECONDS)
        except IndexBusy:
            messages.append(BUSY if self._cleared else BUSY_BEFORE_REINDEX)
            return False
        self._cleared = True
        return True

    def _clear(self, wait: float) -> None:
        """Empty the index, its records store and the meeting memory (a rebuild, or a stamp
        that changed), all with the index's write lock held: never under another writer.
        `IndexBusy` when another tuinotes keeps the lock past `wait` (nothing removed)."""
        writer = self.backend.writer(timeout=wait)
        try:
            try:
                self.store.reset()
            except StoreUnusable as error:
                self.messages.append(f"could not keep the index's records ({error})")
                self.store = RecordStore(None, self.stamp)
            with self._memory_lock:  # not closed: a question in flight may still read it
                self._memory = self._memory_at = None
                if self.dir is not None:  # with its journal: a new file must not replay it
                    for suffix in ("", "-wal", "-shm"):
                        (self.dir / (MEMORY_FILE + suffix)).unlink(missing_ok=True)
            writer.clear()
            writer.commit()  # the next generation, empty: readers elsewhere move on to it
        except BaseException:
            writer.cancel()
            raise
        self._write_meta()  # only once cleared: a clear cut short is done again on next open

    def _read_meta(self) -> dict[str, Any]:
        if self.dir is None:
            return {}
        try:
            meta = json.loads((self.dir / "meta.json").read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return {}
        return meta if isinstance(meta, dict) else {}

    def _write_meta(self) -> None:
        if self.dir is None or self.backend.in_memory:
            return
        meta = {"stamp": self.stamp, "folder": str(self.folder)}
        try:
            (self.dir / "meta.json").write_text(json.dumps(meta), encoding="utf-8")
        except OSError as error:
            self.messages.append(f"could not write the index's stamp ({error.strerror})")

    # -- the catalog beside the index -------------------------------------------------------

    def _load_catalog(self) -> Catalog:
        generation = self.backend.generation()
        saved = self._files.load(generation) if self._files is not None else None
        if saved is not None:
            self._attendees, self.skipped = saved.attendees, saved.skipped
            catalog = saved.records
        else:  # missing, stale or damaged: rebuilt from the records store
            records = self.store.records(generation)
            catalog = {path: self.shared(record) for path, record in records.items()}
            self.skipped = {}
        # the catalog is of the latest commit (another tuinotes may have made it since this
        # one opened): readers move to that commit with it, so listings and searches agree
        self._catalog, self._seen, self._reader, self._actions = catalog, None, None, None
        return catalog

    def shared(self, record: NoteRecord) -> NoteRecord:
        """The record with its attendees replaced by the shared equal ones."""
        record.attendees = [
            self._attendees.setdefault((a.name, a.initials, a.affiliation, a.handle), a)
            for a in record.attendees
        ]
        return record

    def save_catalog(self, catalog: Catalog) -> None:
        if self._files is None or self.backend.in_memory:
            return
        try:
            generation = self.backend.generation()
            self._files.save(generation, catalog, self.skipped, self._attendees)
            self._summarised = True
        except OSError as error:
            self.messages.append(f"could not save the catalog ({error.strerror})")

    # -- what readers see ------------------------------------------------------------------

    @property
    def catalog(self) -> Catalog:
        """Every committed meeting's record by path (replaced, never changed in place)."""
        catalog = self._catalog
        if catalog is None:
            with self._state_lock:
                catalog = self._catalog if self._catalog is not None else self._load_catalog()
        return catalog

    def records_of(self, paths: list[str], reader: Reader) -> dict[str, NoteRecord]:
        """These meetings' records as of `reader`'s commit: from the catalog when it is
        loaded, else from the records store (a search need not load the catalog)."""
        catalog = self._catalog
        if catalog is not None:
            return {path: catalog[path] for path in paths if path in catalog}
        return self.store.records_of(paths, reader.generation())

    def memory(self) -> MemoryStore:
        """The meeting memory, in step with the last commit (an update keeps it so; a
        question asked during one brings it up to what is committed so far). A store
        another tuinotes already brought to that commit is taken as it is, without loading
        the catalog to compare."""
        with self._memory_lock:
            latest = self.reader().generation()  # read before the catalog: never newer
            if self._memory is None:
                where = None if self.backend.in_memory or self.dir is None else self.dir
                try:
                    self._memory = MemoryStore(where and where / MEMORY_FILE, self.stamp)
                except StoreUnusable as error:
                    self._memory = self._memory_only(error)
            if self._memory_at != latest and self._memory.synced_with() != latest:
                catalog, rows_of = self.catalog, self._memory_rows
                try:
                    self._memory.sync(catalog, rows_of, latest)
                except StoreUnusable as error:
                    if self._memory.path is None:
                        raise
                    self._memory.close()
                    self._memory = self._memory_only(error)
                    self._memory.sync(catalog, rows_of, latest)
            self._memory_at = latest
            return self._memory

    def _memory_only(self, error: StoreUnusable) -> MemoryStore:
        """A store in memory, when the one beside the index can't be used (said once)."""
        self.messages.append(
            f"meeting memory could not be kept beside the index ({error}): rebuilt in memory"
        )
        return MemoryStore(None, self.stamp)

    def _memory_rows(self, paths: list[str]) -> Iterator[tuple[str, list[tuple[Any, ...]]]]:
        """The meeting-memory rows of these meetings, as of the last commit."""
        return self.store.memory_rows(paths, self.reader().generation())

    def records(self) -> list[NoteRecord]:
        return list(self.catalog.values())

    def reader(self) -> Reader:
        """A reader of the last commit; never waits for an update (only, once, for the saved
        catalog to load)."""
        with self._state_lock:
            if self._reader is None:
                self._reader = self.backend.reader()
            return self._reader

    def actions(self) -> dict[str, list[Action]]:
        """Every meeting's actions by path, read from the records store on first use after
        a change (not kept in the catalog, so opening stays quick and small)."""
        cached = self._actions
        if cached is None:
            reader = self.reader()
            cached = self.store.actions(reader.generation())
            with self._state_lock:
                if self._reader is reader:  # not replaced by a commit meanwhile
                    self._actions = cached
        return cached

    def publish(self, catalog: Catalog) -> None:
        """Make a commit visible: new catalog, new reader (the old one stays usable by a
        search in flight and is closed when garbage)."""
        reader = self.backend.reader()
        with self._state_lock:
            self._catalog = catalog
            self._reader = reader
            self._actions = None

    # -- updating --------------------------------------------------------------------------

    def update(
        self, progress: ProgressCallback | None = None, rebuild: bool = False, memory: bool = False
    ) -> UpdateReport:
        """Bring the index in line with the folder: index new and changed notes, drop deleted.
        The meeting memory follows each commit; `memory`: bring it in step also when nothing
        changed (opened, and built if it is missing), for a caller about to ask it."""
        started = time.perf_counter()
        report = UpdateReport(messages=list(self.messages))
        self.messages.clear()
        if not self.folder.is_dir():  # unmounted or moved: keep the index, say so
            report.messages.append(
                f"{self.folder}: notes folder not found; showing the index as it was"
            )
            report.seconds = time.perf_counter() - started
            return report
        if self._stop.is_set():
            report.stopped = True
            return report
        with self._write_lock:
            try:
                self._update(report, progress, rebuild)
                if memory or self._memory_at is not None:
                    self._keep_memory(report)
            except Stopped:
                report.stopped = True
        report.seconds = time.perf_counter() - started
        return report

    def _update(
        self, report: UpdateReport, progress: ProgressCallback | None, rebuild: bool
    ) -> None:
        if rebuild or not self._cleared:
            if not self._clear_when_free(report.messages):
                return
            self.skipped = {}
            self.publish({})
        scan = scan_folder(self.folder)
        report.skipped.extend(scan.problems)
        if not rebuild and self._as_seen(scan, report):
            return
        catalog = self.catalog
        by_file: dict[str, list[str]] = {}
        for path in catalog:
            by_file.setdefault(catalog[path].file, []).append(path)
        todo: list[Note] = []
        for rel, stamp_ in scan.files.items():
            records = [catalog[p] for p in by_file.get(rel, [])]
            if records and all((r.mtime_ns, r.size) == stamp_ for r in records):
                report.unchanged += 1
                report.warnings.extend(Problem(rel, p) for p in records[0].problems)
            elif (old := self.skipped.get(rel)) is not None and old[:2] == stamp_:
                report.skipped.append(Problem(rel, old[2]))
            else:
                todo.append((rel, *stamp_))
        todo.sort(key=lambda t: (t[1], t[0]), reverse=True)  # recent notes first
        removed = [rel for rel in by_file if rel not in scan.files]
        for rel in [rel for rel in self.skipped if rel not in scan.files]:
            del self.skipped[rel]
        if todo or removed:
            self._write(todo, removed, by_file, report, progress)
        elif not self._summarised:
            self._summarise(catalog)

    def _summarise(self, catalog: Catalog) -> None:
        """Save the summary of the files that an up-to-date catalog lacks (an index made
        before there was one, or whose summary was lost), so the next open can use it."""
        if self._files is None or self.backend.in_memory:
            return
        try:
            self._files.save_files(self.backend.generation(), catalog, self.skipped)
            self._summarised = True
        except OSError as error:
            self.messages.append(f"could not save the catalog ({error.strerror})")

    def _as_seen(self, scan: Scan, report: UpdateReport) -> bool:
        """Whether the folder is as the saved (and not yet loaded) catalog saw it; if so,
        report it unchanged without loading the catalog."""
        seen = self._seen
        if seen is None or self._catalog is not None or seen.files != scan.files:
            return False
        report.unchanged = len(seen.files) - len(seen.skipped)
        report.warnings.extend(Problem(rel, p) for rel, ps in seen.problems.items() for p in ps)
        report.skipped.extend(Problem(rel, why) for rel, (_, _, why) in seen.skipped.items())
        return True

    def _write(
        self,
        todo: list[Note],
        removed: list[str],
        by_file: dict[str, list[str]],
        report: UpdateReport,
        progress: ProgressCallback | None,
    ) -> None:
        try:
            writer = self.backend.writer(timeout=LOCK_WAIT_SECONDS)
        except IndexBusy:
            report.messages.append(BUSY)
            return
        build = Build(self, writer, len(todo), by_file, report, progress)
        try:
            self.store.start(self.backend.generation())
            for rel in removed:
                build.drop(rel)
                report.removed.append(rel)
            target = self.backend.segment_target()
            if target is None or len(todo) < PARALLEL_THRESHOLD:
                build.serial(todo)
            else:
                build.parallel(todo, target)
            self.store.flush()
            build.writer.commit()
        except LockLost:
            return
        except BaseException:
            self.store.end()
            build.writer.cancel()
            raise
        try:
            self.store.purge(self.backend.generation())
        except sqlite3.Error as error:  # another tuinotes writing for long: purged next time
            report.messages.append(f"the index's records were not tidied ({error})")
        self.save_catalog(build.working)
        self.publish(build.working)
        self._keep_memory(report)

    def _keep_memory(self, report: UpdateReport) -> None:
        """The meeting memory in step with what is published, off the next question's time."""
        said = len(self.messages)
        self.memory()
        report.messages.extend(self.messages[said:])
        del self.messages[said:]

    # -- closing ---------------------------------------------------------------------------

    def stopping(self) -> bool:
        """Whether `close()` was asked: an update in progress stops at its next note."""
        return self._stop.is_set()

    def close(self) -> None:
        """Stop an update in progress (within a second) and close the index."""
        self._stop.set()
        if not self._write_lock.acquire(timeout=CLOSE_WAIT_SECONDS):
            return  # a writer is finishing a batch: it stops there; the process exit cleans up
        try:
            with self._state_lock:
                if self._reader is not None:
                    self._reader.close()
                    self._reader = None
            self.backend.close()
            self.store.close()
            with self._memory_lock:
                if self._memory is not None:
                    self._memory.close()
        finally:
            self._write_lock.release()

    def __enter__(self) -> Indexer:
        return self

    def __exit__(self, *_: object) -> None:
        self.close()
