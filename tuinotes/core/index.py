"""The Whoosh index of a notes folder: incremental updates, kept in the user cache dir.

The notes folder is only ever read. Beside the Whoosh files, the index dir holds
`meta.json` (schema version, folder) and `catalog.pickle`, the listing records of every
note, stamped with the Whoosh generation they match so a stale one is never trusted.
"""

from __future__ import annotations

import json
import multiprocessing
import multiprocessing.forkserver
import multiprocessing.resource_tracker
import os
import pickle
import shutil
import sys
import threading
import time
from collections import deque
from collections.abc import Callable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

from whoosh import index as whoosh_index
from whoosh.analysis import (
    CharsetFilter,
    LowercaseFilter,
    RegexTokenizer,
    StemFilter,
    StopFilter,
)
from whoosh.fields import ID, KEYWORD, STORED, TEXT, Schema
from whoosh.filedb.filestore import RamStorage
from whoosh.index import LockError
from whoosh.searching import Searcher
from whoosh.support.charset import accent_map
from whoosh.writing import IndexWriter

from tuinotes.core.actions import Action
from tuinotes.core.config import index_dir_for
from tuinotes.core.discover import Problem, scan_folder
from tuinotes.core.documents import NoteRecord, Prepared, prepare, prepare_batch
from tuinotes.core.model import Attendee

SCHEMA_VERSION = 6
PARALLEL_THRESHOLD = (
    200  # below this many notes to parse, worker processes cost more than they save
)
FIRST_COMMIT = 100  # a first segment soon, so a first run has something to show
# Then one this often, without merging: small enough that Whoosh's posting pool rarely
# spills to disk (it pickles every posting when it does; 2000 notes did), and searches see
# progress during a long build. The final commit merges the small segments.
COMMIT_EVERY = 1000
CATALOG_EVERY = 3000  # save the catalog this often mid-build (a kill loses at most this much)
BATCH = 32  # notes a worker process parses per task
LOCK_WAIT_SECONDS = 5.0
WRITER_MB = 128  # postings buffered in memory before the writer spills to disk


def prose_analyzer():
    """Words, lowercased, accents folded, stop words dropped, stemmed: 'Securities' ~ 'security'."""
    return (
        RegexTokenizer()
        | LowercaseFilter()
        | CharsetFilter(accent_map)
        | StopFilter()
        | StemFilter()
    )


def names_analyzer():
    """Names, initials and handles: kept whole ('chenwei-dev'), lowercased, accents folded."""
    return RegexTokenizer(r"\w+(?:[-.]\w+)*") | LowercaseFilter() | CharsetFilter(accent_map)


def make_schema() -> Schema:
    """Each word of a note is analysed once: agenda items go to `item`, the rest to `body`;
    `text` keeps the whole note (items first) for snippets and spelling suggestions."""
    prose, names = prose_analyzer(), names_analyzer()
    return Schema(
        path=ID(stored=True, unique=True),
        title=TEXT(analyzer=prose, stored=True, field_boost=2.0),
        body=TEXT(analyzer=prose),
        item=TEXT(analyzer=prose),
        text=STORED(),
        attendee=TEXT(analyzer=names, field_boost=1.5),
        pkey=KEYWORD(commas=True),
        org=TEXT(analyzer=names),
        tag=KEYWORD(lowercase=True, commas=True, scorable=True),
        date=ID(sortable=True),
        series=ID(),
        record=STORED(),
        actions=STORED(),
    )


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

    @property
    def changed(self) -> bool:
        return bool(self.indexed or self.removed)

    def to_dict(self) -> dict:
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


class NoteIndex:
    """The searchable index of one notes folder."""

    def __init__(self, folder: Path, index_dir: Path | None = None) -> None:
        self.folder = folder.expanduser().absolute()
        self.dir = index_dir or index_dir_for(self.folder)
        self.schema = make_schema()
        self.messages: list[str] = []  # what happened to the index on open (rebuilt, in memory…)
        self.catalog: dict[str, NoteRecord] = {}
        self.skipped: dict[str, tuple[int, int, str]] = {}  # path -> (mtime_ns, size, reason)
        # One shared Attendee per distinct row: people recur in hundreds of meetings, and
        # sharing keeps the catalog (in memory and pickled) a fraction of its size.
        self._attendees: dict[tuple[str, str, str, str], Attendee] = {}
        self._in_memory = False
        self._lock = threading.RLock()
        self._searcher: Searcher | None = None
        self._actions: dict[str, list[Action]] | None = None
        self._ix = self._open()
        self._load_catalog()

    # -- opening ---------------------------------------------------------------------------

    def _open(self):
        try:
            self.dir.mkdir(parents=True, exist_ok=True)
            meta = self._read_meta()
            if meta.get("schema") != SCHEMA_VERSION and whoosh_index.exists_in(str(self.dir)):
                self.messages.append("index format changed: rebuilding")
                return self._create()
            if whoosh_index.exists_in(str(self.dir)):
                ix = whoosh_index.open_dir(str(self.dir), schema=self.schema)
                ix.doc_count()  # touch the segments: damage shows here, not mid-search
                return ix
            return self._create()
        except PermissionError as error:
            return self._open_in_memory(f"cache dir not writable ({error.strerror})")
        except OSError as error:
            if not os.access(self.dir.parent if not self.dir.exists() else self.dir, os.W_OK):
                return self._open_in_memory(f"cache dir not writable ({error.strerror})")
            return self._recreate(f"index could not be read ({error}): rebuilding")
        except Exception as error:  # Whoosh raises many kinds on damaged files
            return self._recreate(f"index damaged ({type(error).__name__}): rebuilding")

    def _recreate(self, message: str):
        self.messages.append(message)
        try:
            return self._create()
        except OSError as error:
            return self._open_in_memory(f"cannot write the index ({error})")

    def _create(self):
        shutil.rmtree(self.dir, ignore_errors=True)
        self.dir.mkdir(parents=True, exist_ok=True)
        ix = whoosh_index.create_in(str(self.dir), self.schema)
        meta = {"schema": SCHEMA_VERSION, "folder": str(self.folder)}
        (self.dir / "meta.json").write_text(json.dumps(meta), encoding="utf-8")
        return ix

    def _open_in_memory(self, why: str):
        self.messages.append(f"{why}: keeping the index in memory for this session")
        self._in_memory = True
        return RamStorage().create_index(self.schema)

    def _read_meta(self) -> dict:
        try:
            meta = json.loads((self.dir / "meta.json").read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return {}
        return meta if isinstance(meta, dict) else {}

    # -- the catalog beside the index -------------------------------------------------------

    def _catalog_path(self) -> Path:
        return self.dir / "catalog.pickle"

    def _load_catalog(self) -> None:
        generation = self._ix.latest_generation()
        if not self._in_memory:
            try:
                with self._catalog_path().open("rb") as handle:
                    saved = pickle.load(handle)
                if saved.get("generation") == generation and saved.get("schema") == SCHEMA_VERSION:
                    self.catalog, self.skipped = saved["records"], saved["skipped"]
                    self._attendees = saved["attendees"]
                    return
            except Exception:  # missing, stale or damaged: rebuild it from the index
                pass
        with self._ix.reader() as reader:
            self.catalog = {
                fields["path"]: self._shared(fields["record"])
                for fields in reader.all_stored_fields()
                if "record" in fields
            }
        self.skipped = {}

    def _shared(self, record: NoteRecord) -> NoteRecord:
        """The record with its attendees replaced by the shared equal ones."""
        record.attendees = [
            self._attendees.setdefault((a.name, a.initials, a.affiliation, a.handle), a)
            for a in record.attendees
        ]
        return record

    def _save_catalog(self) -> None:
        if self._in_memory:
            return
        data = {
            "schema": SCHEMA_VERSION,
            "generation": self._ix.latest_generation(),
            "records": self.catalog,
            "skipped": self.skipped,
            "attendees": self._attendees,
        }
        temporary = self._catalog_path().with_suffix(".tmp")
        try:
            with temporary.open("wb") as handle:
                pickle.dump(data, handle, protocol=pickle.HIGHEST_PROTOCOL)
            os.replace(temporary, self._catalog_path())
        except OSError as error:
            self.messages.append(f"could not save the catalog ({error.strerror})")

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
        with self._lock:
            if rebuild:
                self._ix = self._recreate_for_rebuild()
                self.catalog, self.skipped = {}, {}
            scan = scan_folder(self.folder)
            report.skipped.extend(scan.problems)
            todo: list[tuple[str, int, int]] = []
            for rel, stamp in scan.files.items():
                record = self.catalog.get(rel)
                if record is not None and (record.mtime_ns, record.size) == stamp:
                    report.unchanged += 1
                    report.warnings.extend(Problem(rel, p) for p in record.problems)
                elif (old := self.skipped.get(rel)) is not None and old[:2] == stamp:
                    report.skipped.append(Problem(rel, old[2]))
                else:
                    todo.append((rel, *stamp))
            todo.sort(key=lambda t: (t[1], t[0]), reverse=True)  # recent notes first
            removed = [rel for rel in self.catalog if rel not in scan.files]
            for rel in [rel for rel in self.skipped if rel not in scan.files]:
                del self.skipped[rel]
            if todo or removed:
                self._write(todo, removed, report, progress)
        report.seconds = time.perf_counter() - started
        return report

    def _recreate_for_rebuild(self):
        if self._in_memory:
            return RamStorage().create_index(self.schema)
        self.close()
        return self._create()

    def _write(
        self,
        todo: list[tuple[str, int, int]],
        removed: list[str],
        report: UpdateReport,
        progress: ProgressCallback | None,
    ) -> None:
        try:
            writer = self._ix.writer(timeout=LOCK_WAIT_SECONDS, limitmb=WRITER_MB)
        except LockError:
            report.messages.append(
                "another tuinotes is updating this index: showing it as it is for now"
            )
            return
        # Changes go to a working copy; `self.catalog` only ever shows what is committed,
        # so listings agree with searches while an update runs.
        working = dict(self.catalog)
        try:
            for rel in removed:
                writer.delete_by_term("path", rel)
                del working[rel]
                report.removed.append(rel)
            committed, saved, batch = 0, 0, FIRST_COMMIT
            for done, prepared in enumerate(self._prepare_all(todo), start=1):
                self._apply(writer, prepared, report, working)
                if done - committed >= batch and done < len(todo):
                    save = done - saved >= CATALOG_EVERY or not saved
                    writer = self._commit_segment(writer, save, dict(working))
                    committed, batch = done, COMMIT_EVERY
                    saved = done if save else saved
                if progress is not None:
                    progress(Progress(done, len(todo), prepared.path, committed))
            writer.commit()
        except BaseException:
            writer.cancel()
            raise
        self.catalog = working
        self._save_catalog()
        self._refresh_searcher()

    def _commit_segment(
        self, writer: IndexWriter, save_catalog: bool, committed: dict[str, NoteRecord]
    ) -> IndexWriter:
        writer.commit(merge=False)  # the last commit of the build merges
        self.catalog = committed
        if save_catalog:
            self._save_catalog()
        self._refresh_searcher()
        return self._ix.writer(timeout=LOCK_WAIT_SECONDS, limitmb=WRITER_MB)

    def _apply(
        self,
        writer: IndexWriter,
        prepared: Prepared,
        report: UpdateReport,
        working: dict[str, NoteRecord],
    ) -> None:
        rel = prepared.path
        stamp_problem = prepared.skipped
        if stamp_problem is not None or prepared.record is None or prepared.fields is None:
            problem = stamp_problem or Problem(rel, "could not be parsed")
            report.skipped.append(problem)
            if rel in working:
                writer.delete_by_term("path", rel)
                del working[rel]
            try:
                info = (self.folder / rel).stat()
                self.skipped[rel] = (info.st_mtime_ns, info.st_size, problem.reason)
            except OSError:
                pass
            return
        if rel in working:
            writer.update_document(**prepared.fields)
        else:
            writer.add_document(**prepared.fields)
        working[rel] = self._shared(prepared.record)
        self.skipped.pop(rel, None)
        report.indexed.append(rel)
        report.warnings.extend(Problem(rel, p) for p in prepared.record.problems)

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
        with pool:
            pending: deque[Future[list[Prepared]]] = deque()
            for batch in batches:
                pending.append(pool.submit(prepare_batch, self.folder, batch))
                if len(pending) > workers * 2:
                    yield from pending.popleft().result()
            while pending:
                yield from pending.popleft().result()

    # -- searching -------------------------------------------------------------------------

    def searcher(self) -> Searcher:
        """A searcher over the latest committed state, reused between queries."""
        with self._lock:
            if self._searcher is None:
                self._searcher = self._ix.searcher()
            return self._searcher

    def _refresh_searcher(self) -> None:
        self._actions = None
        # A new searcher, not Searcher.refresh(): that reuses the readers of segments it
        # has seen and misses deletions made in them. The old one is left to a search that
        # may still be using it and closes when it is garbage.
        if self._searcher is not None:
            self._searcher = self._ix.searcher()

    def actions(self) -> dict[str, list[Action]]:
        """Every note's action items by path; read from the index on first use after a change
        (not kept in the catalog, so opening stays quick and small)."""
        with self._lock:
            if self._actions is None:
                reader = self.searcher().reader()
                self._actions = {
                    fields["path"]: fields.get("actions") or []
                    for fields in reader.all_stored_fields()
                }
            return self._actions

    def records(self) -> list[NoteRecord]:
        return list(self.catalog.values())

    def close(self) -> None:
        with self._lock:
            if self._searcher is not None:
                self._searcher.close()
                self._searcher = None
            self._ix.close()

    def __enter__(self) -> NoteIndex:
        return self

    def __exit__(self, *_: object) -> None:
        self.close()
