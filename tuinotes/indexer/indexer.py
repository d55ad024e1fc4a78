"""The indexer: keeps one notes folder's search index and catalog in step with its files.

Scan and diff by (mtime, size); parse in worker processes, a bounded number of batches
ahead; commit a segment early (so a first run shows something) and then every so often;
keep the catalog (every meeting's listing record) beside the index, stamped with the
generation it matches. Only writing is serialised: listing and searching read the last
committed state at any time, and `close()` stops an update within a second.

The notes folder is only ever read. Beside the backend's files, the index dir holds
`meta.json` (the stamp and the folder) and `catalog.pickle`.
"""

from __future__ import annotations

import json
import multiprocessing
import multiprocessing.forkserver
import multiprocessing.resource_tracker
import os
import pickle
import sys
import threading
import time
from collections import deque
from collections.abc import Callable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from tuinotes.indexer.discover import scan_folder
from tuinotes.indexer.documents import Prepared, prepare, prepare_batch
from tuinotes.indexer.stamp import stamp
from tuinotes.model.meeting import Attendee
from tuinotes.model.record import Action, NoteRecord, Problem
from tuinotes.search.backend import Backend, IndexBusy, Reader, Writer
from tuinotes.search.whoosh_backend import WhooshBackend

PARALLEL_THRESHOLD = 200  # below this many notes to parse, worker processes cost more
FIRST_COMMIT = 25  # a first segment soon, so a first run has something to show
# Then one this often, without merging: small enough that Whoosh's posting pool rarely
# spills to disk, and searches see progress during a long build. The last commit merges.
COMMIT_EVERY = 1000
CATALOG_EVERY = 3000  # save the catalog this often mid-build (a kill loses at most this much)
BATCH = 32  # notes a worker process parses per task
LOCK_WAIT_SECONDS = 5.0
CLOSE_WAIT_SECONDS = 1.0


@dataclass(slots=True)
class Progress:
    """How far an update has come (posted often; each one replaces the last)."""

    done: int
    total: int
    path: str = ""
    committed: int = 0  # how many of `done` are searchable already (segments committed)


@dataclass(slots=True)
class UpdateReport:
    """What one update did."""

    indexed: list[str] = field(default_factory=list)
    unchanged: int = 0
    removed: list[str] = field(default_factory=list)
    skipped: list[Problem] = field(default_factory=list)  # not indexed at all
    warnings: list[Problem] = field(default_factory=list)  # indexed, but partly odd
    messages: list[str] = field(default_factory=list)  # about the index itself
    seconds: float = 0.0
    stopped: bool = False  # closed before it finished

    @property
    def changed(self) -> bool:
        return bool(self.indexed or self.removed)

    def to_dict(self) -> dict[str, Any]:
        return {
            "indexed": len(self.indexed),
            "unchanged": self.unchanged,
            "removed": len(self.removed),
            "skipped": [{"path": p.path, "reason": p.reason} for p in self.skipped],
            "warnings": [{"path": p.path, "reason": p.reason} for p in self.warnings],
            "messages": self.messages,
            "seconds": round(self.seconds, 3),
        }


ProgressCallback = Callable[[Progress], None]
Catalog = dict[str, NoteRecord]


class Stopped(Exception):
    """The indexer was closed during an update."""


@contextmanager
def _stderr_with_a_file_descriptor() -> Iterator[None]:
    """multiprocessing hands `sys.stderr.fileno()` to its helper processes; a UI that
    captures stderr answers -1, which makes starting them fail. Lend them /dev/null."""
    try:
        usable = sys.stderr is not None and sys.stderr.fileno() >= 0
    except (AttributeError, OSError, ValueError):
        usable = False
    if usable:
        yield
        return
    saved = sys.stderr
    with open(os.devnull, "w") as devnull:
        sys.stderr = devnull
        try:
            yield
        finally:
            sys.stderr = saved


class Indexer:
    """The search index and catalog of one notes folder."""

    def __init__(
        self, folder: Path, index_dir: Path | None, backend: Backend | None = None
    ) -> None:
        self.folder = folder.expanduser().absolute()
        self.dir = index_dir
        self.backend: Backend = backend or WhooshBackend()
        self.stamp = stamp(self.backend.version)
        self.messages: list[str] = []  # what happened on open (rebuilt, in memory…)
        self.skipped: dict[str, tuple[int, int, str]] = {}  # path -> (mtime_ns, size, reason)
        # One shared Attendee per distinct row: people recur in hundreds of meetings, and
        # sharing keeps the catalog (in memory and pickled) a fraction of its size.
        self._attendees: dict[tuple[str, str, str, str], Attendee] = {}
        self._write_lock = threading.Lock()  # one update at a time
        self._state_lock = threading.Lock()  # held only to swap what readers see
        self._stop = threading.Event()
        self._catalog: Catalog = {}
        self._reader: Reader | None = None
        self._actions: dict[str, list[Action]] | None = None
        self._open()

    # -- opening ---------------------------------------------------------------------------

    def _open(self) -> None:
        self.backend.open(self.dir)
        self.messages.extend(self.backend.messages)
        self.backend.messages.clear()
        if self.backend.in_memory:
            return
        meta = self._read_meta()
        if meta.get("stamp") != self.stamp:
            if meta:
                self.messages.append("index format or parser changed: re-indexing every note")
                self.backend.clear()
            self._write_meta()
            return
        self._load_catalog()

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

    def _catalog_path(self) -> Path | None:
        return self.dir / "catalog.pickle" if self.dir is not None else None

    def _load_catalog(self) -> None:
        path = self._catalog_path()
        generation = self.backend.generation()
        if path is not None:
            try:
                with path.open("rb") as handle:
                    saved = pickle.load(handle)
                if saved.get("generation") == generation and saved.get("stamp") == self.stamp:
                    self._catalog, self.skipped = saved["records"], saved["skipped"]
                    self._attendees = saved["attendees"]
                    return
            except Exception:  # missing, stale or damaged: rebuild it from the index
                pass
        reader = self.backend.reader()
        try:
            self._catalog = {
                path: self._shared(payload["record"]) for path, payload in reader.payloads()
            }
        finally:
            reader.close()
        self.skipped = {}

    def _shared(self, record: NoteRecord) -> NoteRecord:
        """The record with its attendees replaced by the shared equal ones."""
        record.attendees = [
            self._attendees.setdefault((a.name, a.initials, a.affiliation, a.handle), a)
            for a in record.attendees
        ]
        return record

    def _save_catalog(self, catalog: Catalog) -> None:
        path = self._catalog_path()
        if path is None or self.backend.in_memory:
            return
        data = {
            "stamp": self.stamp,
            "generation": self.backend.generation(),
            "records": catalog,
            "skipped": dict(self.skipped),
            "attendees": self._attendees,
        }
        temporary = path.with_suffix(".tmp")
        try:
            with temporary.open("wb") as handle:
                pickle.dump(data, handle, protocol=pickle.HIGHEST_PROTOCOL)
            os.replace(temporary, path)
        except OSError as error:
            self.messages.append(f"could not save the catalog ({error.strerror})")

    # -- what readers see ------------------------------------------------------------------

    @property
    def catalog(self) -> Catalog:
        """Every committed meeting's record by path (replaced, never changed in place)."""
        return self._catalog

    def records(self) -> list[NoteRecord]:
        return list(self._catalog.values())

    def reader(self) -> Reader:
        """A reader of the last commit; never waits for an update."""
        with self._state_lock:
            if self._reader is None:
                self._reader = self.backend.reader()
            return self._reader

    def actions(self) -> dict[str, list[Action]]:
        """Every meeting's actions by path, read from the index on first use after a change
        (not kept in the catalog, so opening stays quick and small)."""
        cached = self._actions
        if cached is None:
            reader = self.reader()
            cached = {path: payload.get("actions") or [] for path, payload in reader.payloads()}
            with self._state_lock:
                if self._reader is reader:  # not replaced by a commit meanwhile
                    self._actions = cached
        return cached

    def _publish(self, catalog: Catalog) -> None:
        """Make a commit visible: new catalog, new reader (the old one stays usable by a
        search in flight and is closed when garbage)."""
        reader = self.backend.reader()
        with self._state_lock:
            self._catalog = catalog
            self._reader = reader
            self._actions = None

    # -- updating --------------------------------------------------------------------------

    def update(
        self, progress: ProgressCallback | None = None, rebuild: bool = False
    ) -> UpdateReport:
        """Bring the index in line with the folder: index new and changed notes, drop deleted."""
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
            except Stopped:
                report.stopped = True
        report.seconds = time.perf_counter() - started
        return report

    def _update(
        self, report: UpdateReport, progress: ProgressCallback | None, rebuild: bool
    ) -> None:
        if rebuild:
            self.backend.clear()
            self._write_meta()
            self.skipped = {}
            self._publish({})
        scan = scan_folder(self.folder)
        report.skipped.extend(scan.problems)
        catalog = self._catalog
        by_file: dict[str, list[str]] = {}
        for path in catalog:
            by_file.setdefault(catalog[path].file, []).append(path)
        todo: list[tuple[str, int, int]] = []
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

    def _write(
        self,
        todo: list[tuple[str, int, int]],
        removed: list[str],
        by_file: dict[str, list[str]],
        report: UpdateReport,
        progress: ProgressCallback | None,
    ) -> None:
        try:
            writer = self.backend.writer(timeout=LOCK_WAIT_SECONDS)
        except IndexBusy:
            report.messages.append(
                "another tuinotes is updating this index: showing it as it is for now"
            )
            return
        # Changes go to a working copy; readers only ever see what is committed, so
        # listings agree with searches while an update runs.
        working = dict(self._catalog)
        try:
            for rel in removed:
                self._drop(writer, rel, by_file, working)
                report.removed.append(rel)
            committed, saved, batch = 0, 0, FIRST_COMMIT
            for done, prepared in enumerate(self._prepare_all(todo), start=1):
                if self._stop.is_set():
                    raise Stopped
                self._apply(writer, prepared, by_file, report, working)
                if done - committed >= batch and done < len(todo):
                    writer.commit(merge=False)  # the last commit of the build merges
                    snapshot = dict(working)
                    if done - saved >= CATALOG_EVERY or not saved:
                        self._save_catalog(snapshot)
                        saved = done
                    self._publish(snapshot)
                    try:
                        writer = self.backend.writer(timeout=LOCK_WAIT_SECONDS)
                    except IndexBusy:  # another tuinotes took the lock between commits
                        self._save_catalog(snapshot)
                        report.indexed = report.indexed[:done]
                        report.messages.append(
                            f"another tuinotes is updating this index: stopped after {done} "
                            "notes, the rest is indexed next time"
                        )
                        return
                    committed, batch = done, COMMIT_EVERY
                if progress is not None:
                    progress(Progress(done, len(todo), prepared.path, committed))
            writer.commit()
        except BaseException:
            writer.cancel()
            raise
        self._save_catalog(working)
        self._publish(working)

    def _drop(
        self, writer: Writer, rel: str, by_file: dict[str, list[str]], working: Catalog
    ) -> None:
        for path in by_file.get(rel, []):
            writer.delete(path)
            working.pop(path, None)

    def _apply(
        self,
        writer: Writer,
        prepared: Prepared,
        by_file: dict[str, list[str]],
        report: UpdateReport,
        working: Catalog,
    ) -> None:
        rel = prepared.path
        if not prepared.documents:
            problem = prepared.skipped or Problem(rel, "could not be parsed")
            report.skipped.append(problem)
            self._drop(writer, rel, by_file, working)
            try:
                info = (self.folder / rel).stat()
                self.skipped[rel] = (info.st_mtime_ns, info.st_size, problem.reason)
            except OSError:
                pass
            return
        self._drop(writer, rel, by_file, working)
        for document in prepared.documents:
            writer.put(document, replace=False)
            record = document.payload["record"]
            working[record.path] = self._shared(record)
        self.skipped.pop(rel, None)
        report.indexed.append(rel)
        report.warnings.extend(Problem(rel, p) for p in prepared.records[0].problems)

    def _prepare_all(self, todo: list[tuple[str, int, int]]) -> Iterator[Prepared]:
        """Parse notes in worker processes, in order, a bounded number of batches ahead.

        The writer (this process) is the slower half, so one core is left to it, and the
        workers never run far ahead: parsed notes waiting in memory stay few.
        """
        workers = min((os.cpu_count() or 1) - 1, 4)
        if len(todo) < PARALLEL_THRESHOLD or workers < 1:
            for rel, mtime_ns, size in todo:
                yield prepare(self.folder, rel, mtime_ns, size)
            return
        # forkserver: forking a process that runs UI threads is unsafe.
        method = "forkserver" if "forkserver" in multiprocessing.get_all_start_methods() else None
        context = multiprocessing.get_context(method)
        batches = [todo[i : i + BATCH] for i in range(0, len(todo), BATCH)]
        with _stderr_with_a_file_descriptor():  # start the helper processes here, once
            if method == "forkserver":
                multiprocessing.forkserver.ensure_running()
            multiprocessing.resource_tracker.ensure_running()
            pool = ProcessPoolExecutor(max_workers=workers, mp_context=context)
        try:
            pending: deque[Future[list[Prepared]]] = deque()
            for batch in batches:
                pending.append(pool.submit(prepare_batch, self.folder, batch))
                if len(pending) > workers * 2:
                    yield from pending.popleft().result()
            while pending:
                yield from pending.popleft().result()
        finally:
            pool.shutdown(wait=True, cancel_futures=True)

    # -- closing ---------------------------------------------------------------------------

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
        finally:
            self._write_lock.release()

    def __enter__(self) -> Indexer:
        return self

    def __exit__(self, *_: object) -> None:
        self.close()
