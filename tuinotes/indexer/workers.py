"""Worker processes that parse notes and write them straight into index segments.

Each worker takes batches of notes off a shared queue (most recent first), writes their
documents into a segment of its own and reports each batch's records. Every so often,
and at the end, it finishes its segment and sends it to the parent, which holds the
index's write lock and makes the segment visible with the records that went into it.
Parsing and writing both run in the workers: the parent (where a UI may be drawing)
only bookkeeps.
"""

from __future__ import annotations

import multiprocessing
import multiprocessing.forkserver
import multiprocessing.resource_tracker
import os
import queue
import sys
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal

from tuinotes.indexer.documents import prepare
from tuinotes.indexer.store import Stored
from tuinotes.model.record import Problem
from tuinotes.search.backend import SegmentSink, SegmentTarget

BATCH = 32  # notes a worker takes off the queue at a time
MAX_WORKERS = 4
WORKER_NAME = "tuinotes index worker"
# Workers run this much "nicer" than the process that started them, so a UI typing a search
# during a first build is scheduled first, also when another busy program shares the cores.
NICENESS = 10
PARENT_CHECK_SECONDS = 1.0
Note = tuple[str, int, int]  # path, mtime_ns, size
Kind = Literal["notes", "segment", "done", "failed"]


@dataclass(slots=True)
class Parsed:
    """What a worker did with one note: what the records store keeps of its meetings (whose
    documents are now in the worker's open segment), or why it was skipped."""

    path: str
    stored: list[Stored]
    skipped: Problem | None


@dataclass(slots=True)
class Message:
    worker: int
    kind: Kind
    value: Any = None  # notes: list[Parsed]; segment: the sink's segment; failed: a reason


class WorkerFailed(Exception):
    """A worker process died or raised; the notes it had not committed are not indexed."""


def work(
    number: int,
    folder: Path,
    target: SegmentTarget,
    jobs: Any,
    results: Any,
    flush_every: int,
) -> None:
    """A worker process's life: batches in, records and finished segments out."""
    sink: SegmentSink | None = None
    try:
        while (batch := _next_batch(jobs, results)) is not None:
            parsed = []
            for rel, mtime_ns, size in batch:
                prepared = prepare(folder, rel, mtime_ns, size)
                if prepared.documents:
                    sink = sink or target.open()
                    for document in prepared.documents:
                        sink.put(document)
                parsed.append(Parsed(prepared.path, prepared.stored, prepared.skipped))
            results.put(Message(number, "notes", parsed))
            if sink is not None and sink.count >= flush_every:
                results.put(Message(number, "segment", sink.finish()))
                sink = None
        if sink is not None:
            results.put(Message(number, "segment", sink.finish()))
        results.put(Message(number, "done"))
    except Exception as error:  # the parent indexes what is left in its own process
        results.put(Message(number, "failed", f"{type(error).__name__}: {error}"))


def worker_count() -> int:
    """Workers for a build: one per usable core, at most MAX_WORKERS. They run at a lower
    priority (`yield_to_the_app`), so the app still gets a core when it needs one; leaving
    a core idle instead would double a first build on a two-core machine."""
    usable = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()
    return max(1, min(MAX_WORKERS, usable or 1))


def yield_to_the_app(pid: int) -> None:
    """Give a started worker a lower scheduling priority than ours (where the system has
    priorities), from its first instruction on."""
    with suppress(AttributeError, OSError):
        ours = os.getpriority(os.PRIO_PROCESS, 0)
        os.setpriority(os.PRIO_PROCESS, pid, min(ours + NICENESS, 19))


def _next_batch(jobs: Any, results: Any) -> list[Note] | None:
    """The next batch; None when there are no more. Exits when the process that started
    this worker is gone (killed: nobody would take the segment, nor read what is queued)."""
    parent = multiprocessing.parent_process()
    while True:
        try:
            batch: list[Note] | None = jobs.get(timeout=PARENT_CHECK_SECONDS)
        except queue.Empty:
            batch = []
        if parent is not None and not parent.is_alive():
            results.cancel_join_thread()  # don't wait to hand over what no one will read
            raise SystemExit(0)
        if batch != []:
            return batch


@contextmanager
def stderr_with_a_file_descriptor() -> Iterator[None]:
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


class Crew:
    """Worker processes writing segments for a list of notes; iterate `messages()`."""

    def __init__(
        self,
        folder: Path,
        target: SegmentTarget,
        notes: list[Note],
        workers: int,
        flush_every: int,
    ) -> None:
        # forkserver: forking a process that runs UI threads is unsafe.
        method = "forkserver" if "forkserver" in multiprocessing.get_all_start_methods() else None
        context: Any = multiprocessing.get_context(method)
        with stderr_with_a_file_descriptor():  # queues start the resource tracker
            if method == "forkserver":
                multiprocessing.forkserver.ensure_running()
            multiprocessing.resource_tracker.ensure_running()
            self.jobs = context.Queue()
            self.results = context.Queue()
            self.jobs.cancel_join_thread()  # never block exit on batches no one took
            for start in range(0, len(notes), BATCH):
                self.jobs.put(notes[start : start + BATCH])
            for _ in range(workers):
                self.jobs.put(None)
            self.processes = [
                context.Process(
                    target=work,
                    args=(number, folder, target, self.jobs, self.results, flush_every),
                    name=f"{WORKER_NAME} {number}",
                    daemon=True,
                )
                for number in range(workers)
            ]
            for process in self.processes:
                process.start()
                if process.pid is not None:
                    yield_to_the_app(process.pid)

    def messages(self, wait: float = 0.2) -> Iterator[Message | None]:
        """Messages as they come until every worker is done; None after `wait` seconds
        without one (so the caller can check for a stop). Raises WorkerFailed."""
        running = set(range(len(self.processes)))
        while running:
            try:
                message: Message = self.results.get(timeout=wait)
            except queue.Empty:
                for number in running:
                    if not self.processes[number].is_alive() and self.results.empty():
                        code = self.processes[number].exitcode
                        raise WorkerFailed(
                            f"an index worker process ended (exit code {code})"
                        ) from None
                yield None
                continue
            if message.kind == "failed":
                raise WorkerFailed(f"an index worker failed ({message.value})")
            if message.kind == "done":
                running.discard(message.worker)
            yield message

    def close(self) -> None:
        for process in self.processes:
            if process.is_alive():
                process.terminate()
        for process in self.processes:
            process.join(timeout=1.0)
        self.jobs.close()
        self.results.close()
