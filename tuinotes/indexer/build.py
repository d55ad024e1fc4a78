"""One update's writing (`Build`): notes parsed here or by worker processes, their
documents written and their records stored, committed along the way so that readers see
progress, and the working catalog that readers see at each commit. The `Indexer`
(`indexer.py`) starts one per update, holding the index's write lock."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Protocol

from tuinotes.indexer.catalog import Catalog, Skipped
from tuinotes.indexer.report import Progress, UpdateReport
from tuinotes.indexer.store import RecordStore, Stored
from tuinotes.model.record import NoteRecord, Problem
from tuinotes.search.backend import Backend, IndexBusy, SegmentTarget, Writer

if TYPE_CHECKING:
    from tuinotes.indexer.workers import Note, Parsed

FIRST_COMMIT = 25  # a first segment soon, so a first run has something to show
# In one process, then a commit this often, without merging: searches see progress during
# a long build. The last commit merges.
COMMIT_EVERY = 1000
# Worker processes finish a segment after this many notes at least, and each about twice
# in a build: few segments to search, and progress visible along the way.
SEGMENT_MIN = 500
CATALOG_EVERY = 3000  # save the catalog this often mid-build (a kill loses at most this much)
LOCK_WAIT_SECONDS = 5.0

ProgressCallback = Callable[[Progress], None]


class Stopped(Exception):
    """The indexer was closed during an update."""


class Owner(Protocol):
    """What a build needs of the indexer that runs it (`indexer.Indexer`)."""

    folder: Path
    backend: Backend
    store: RecordStore
    skipped: Skipped

    @property
    def catalog(self) -> Catalog: ...
    def stopping(self) -> bool: ...
    def shared(self, record: NoteRecord) -> NoteRecord:
        """The record with its attendees replaced by the shared equal ones."""
        ...

    def save_catalog(self, catalog: Catalog) -> None: ...
    def publish(self, catalog: Catalog) -> None:
        """Make a commit visible with this catalog."""
        ...


class LockLost(Exception):
    """Another tuinotes took the write lock between two commits of an update."""


class Build:
    """One update's writing: the writer, the working catalog (what readers will see at the
    next commit) and the counts for progress."""

    def __init__(
        self,
        indexer: Owner,
        writer: Writer,
        total: int,
        by_file: dict[str, list[str]],
        report: UpdateReport,
        progress: ProgressCallback | None,
    ) -> None:
        self.indexer = indexer
        self.writer = writer
        self.total = total
        self.by_file = by_file
        self.report = report
        self.progress = progress
        # Changes go to a working copy; readers only ever see what is committed, so
        # listings agree with searches while an update runs.
        self.working: Catalog = dict(indexer.catalog)
        self.done = self.committed = self.saved = 0
        self.noted_count = 0  # notes whose records are in `working` (or skipped)

    def serial(self, notes: list[Note]) -> None:
        """Parse and write in this process, committing early and then every so often."""
        from tuinotes.indexer.documents import prepare  # on first use: searching needs no parser

        batch = FIRST_COMMIT
        for rel, mtime_ns, size in notes:
            self.check_stop()
            prepared = prepare(self.indexer.folder, rel, mtime_ns, size)
            if prepared.documents:
                self.drop(rel)
                for document in prepared.documents:
                    self.writer.put(document, replace=False)
            self.noted(rel, prepared.stored, prepared.skipped)
            self.done += 1
            if self.done - self.committed >= batch and self.done < self.total:
                self.indexer.store.flush()
                self.writer.commit(merge=False)  # the last commit of the update merges
                self.published()
                self.reopen()
                batch = COMMIT_EVERY
            self.tell(rel)

    def parallel(self, notes: list[Note], target: SegmentTarget) -> None:
        """Worker processes parse and write segments. The first few notes are indexed here
        first, so a first run shows something soon (and before any worker writes: a
        commit removes the index's unknown files, such as a segment being written)."""
        from tuinotes.indexer.workers import Crew, WorkerFailed, worker_count

        workers = worker_count()

        first, rest = notes[:FIRST_COMMIT], notes[FIRST_COMMIT:]
        self.serial(first)
        flush_every = max(SEGMENT_MIN, -(-len(rest) // (2 * workers)))
        crew = Crew(self.indexer.folder, target, rest, workers, flush_every)
        waiting: dict[int, list[Parsed]] = {}  # notes in each worker's unfinished segment
        try:
            for message in crew.messages():
                self.check_stop()
                if message is None:
                    continue
                if message.kind == "notes":
                    for parsed in message.value:
                        if parsed.skipped is not None:
                            self.noted(parsed.path, [], parsed.skipped)
                        else:
                            waiting.setdefault(message.worker, []).append(parsed)
                        self.done += 1
                        self.tell(parsed.path)
                elif message.kind == "segment":
                    for parsed in waiting.pop(message.worker, []):
                        self.drop(parsed.path)
                        self.noted(parsed.path, parsed.stored, None)
                    self.writer.attach(message.value)
                    self.indexer.store.flush()
                    self.writer.checkpoint()
                    self.indexer.store.start(self.indexer.backend.generation())
                    self.published()
        except WorkerFailed as failure:
            crew.close()
            indexed = set(self.report.indexed) | {p.path for p in self.report.skipped}
            left = [note for note in rest if note[0] not in indexed]
            self.report.messages.append(f"{failure}: indexing {len(left)} notes in one process")
            self.done = self.total - len(left)
            self.serial(left)
        finally:
            crew.close()

    def noted(self, rel: str, stored: list[Stored], skipped: Problem | None) -> None:
        """A note's new records go to the records store and the working catalog (or it is
        skipped, with why)."""
        indexer = self.indexer
        self.noted_count += 1
        if skipped is not None or not stored:
            problem = skipped or Problem(rel, "could not be parsed")
            self.report.skipped.append(problem)
            self.drop(rel)
            try:
                info = (indexer.folder / rel).stat()
                indexer.skipped[rel] = (info.st_mtime_ns, info.st_size, problem.reason)
            except OSError:
                pass
            return
        for meeting in stored:
            indexer.store.put(meeting)
            self.working[meeting.record.path] = indexer.shared(meeting.record)
        indexer.skipped.pop(rel, None)
        self.report.indexed.append(rel)
        self.report.warnings.extend(Problem(rel, p) for p in stored[0].record.problems)

    def drop(self, rel: str) -> None:
        """Delete the meetings a note file held before (from the index and the catalog)."""
        for path in self.by_file.pop(rel, []):
            self.writer.delete(path)
            self.indexer.store.delete(path)
            self.working.pop(path, None)

    def published(self) -> None:
        """After a commit or checkpoint: readers see the working catalog."""
        snapshot = dict(self.working)
        if self.done - self.saved >= CATALOG_EVERY or not self.saved:
            self.indexer.save_catalog(snapshot)
            self.saved = self.done
        self.indexer.publish(snapshot)
        self.committed = self.noted_count

    def reopen(self) -> None:
        try:
            self.writer = self.indexer.backend.writer(timeout=LOCK_WAIT_SECONDS)
            self.indexer.store.start(self.indexer.backend.generation())
        except IndexBusy:  # another tuinotes took the lock between commits
            self.indexer.save_catalog(dict(self.working))
            self.report.messages.append(
                f"another tuinotes is updating this index: stopped after {self.done} "
                "notes, the rest is indexed next time"
            )
            raise LockLost from None

    def check_stop(self) -> None:
        if self.indexer.stopping():
            raise Stopped

    def tell(self, rel: str) -> None:
        if self.progress is not None:
            self.progress(Progress(self.done, self.total, rel, self.committed))
