"""The Whoosh index: incremental updates between opens, schema changes, damage, location."""

from __future__ import annotations

import dataclasses
import json
import multiprocessing
import os
import threading
import time

import pytest

from tests.conftest import write
from tuinotes.indexer import build as build_module
from tuinotes.indexer import documents
from tuinotes.indexer import indexer as index_module
from tuinotes.indexer import stamp as stamp_module
from tuinotes.indexer import workers as workers_module
from tuinotes.indexer.catalog import CatalogFiles
from tuinotes.indexer.store import Stored
from tuinotes.library.config import index_dir_for
from tuinotes.library.library import Library
from tuinotes.model.record import NoteRecord
from tuinotes.search.whoosh_backend import WhooshBackend


def open_updated(folder):
    library = Library(folder)
    return library, library.update()


def test_first_open_indexes_everything_outside_the_notes_folder(notes):
    before = sorted(p.relative_to(notes) for p in notes.rglob("*"))
    index, report = open_updated(notes)
    assert len(report.indexed) == 16 and report.unchanged == 0
    assert index.index.dir == index_dir_for(notes)
    assert notes not in index.index.dir.parents
    assert sorted(p.relative_to(notes) for p in notes.rglob("*")) == before
    index.close()


def test_reopen_with_nothing_changed_indexes_nothing(notes):
    open_updated(notes)[0].close()
    index, report = open_updated(notes)
    assert report.indexed == [] and report.removed == [] and report.unchanged == 16
    assert index.search("backpressure").total == 7
    index.close()


def test_change_add_and_delete_between_opens(notes):
    first, _ = open_updated(notes)
    assert [h.path for h in first.search("licence").hits] == ["archive/2023-03-15-kickoff.md"]
    first.close()
    changed = notes / "2024-09-04-community-call.md"
    changed.write_text(changed.read_text() + "\n- [ ] BO: zanzibar logistics\n")
    os.utime(changed, ns=(1, 2))  # a different mtime even on coarse clocks
    write(notes, "2025-04-02-community-call.md", "# 2025-04-02 Tidewater Call\n\nquokka census\n")
    (notes / "archive" / "2023-03-15-kickoff.md").unlink()

    index, report = open_updated(notes)
    assert sorted(report.indexed) == [
        "2024-09-04-community-call.md",
        "2025-04-02-community-call.md",
    ]
    assert report.removed == ["archive/2023-03-15-kickoff.md"]
    assert [h.path for h in index.search("zanzibar").hits] == ["2024-09-04-community-call.md"]
    assert [h.path for h in index.search("quokka").hits] == ["2025-04-02-community-call.md"]
    assert index.search("licence").total == 0  # only the kickoff note said it
    assert "archive/2023-03-15-kickoff.md" not in index.catalog
    index.close()


@pytest.mark.parametrize("part", ["layout", "parser", "backend"])
def test_a_new_layout_parser_or_backend_version_re_parses_every_note(notes, monkeypatch, part):
    open_updated(notes)[0].close()
    if part == "layout":
        monkeypatch.setattr(stamp_module, "LAYOUT_VERSION", stamp_module.LAYOUT_VERSION + 1)
    elif part == "parser":
        monkeypatch.setattr(stamp_module, "PARSER_VERSION", stamp_module.PARSER_VERSION + 1)
    else:
        monkeypatch.setattr(WhooshBackend, "version", "whoosh-next")
    parsed: list[str] = []
    real = documents.parse_meetings
    monkeypatch.setattr(
        documents, "parse_meetings", lambda path, rel=None: parsed.append(rel) or real(path, rel)
    )
    index, report = open_updated(notes)
    assert any("re-indexing every note" in m for m in report.messages)
    assert len(report.indexed) == 16 and len(parsed) == 16  # each note really parsed again
    meta = json.loads((index.index.dir / "meta.json").read_text())
    assert meta["stamp"] == index.index.stamp
    assert index.search("backpressure").total == 7
    index.close()


def test_a_stored_dataclass_that_gains_a_field_changes_the_stamp():
    """Adding a field to NoteRecord, Attendee or Action re-indexes: old pickles never meet
    new code (the stamp fingerprints their fields)."""

    @dataclasses.dataclass
    class Grown(NoteRecord):
        extra: int = 0

    Grown.__name__ = "NoteRecord"
    before = stamp_module.stamp("whoosh-7")
    after = stamp_module.stamp("whoosh-7", (Grown, *stamp_module.STORED_TYPES[1:]))
    assert before != after
    assert stamp_module.stamp("whoosh-7") == before  # stable for the same code


def test_rebuild_flag_reindexes_everything(notes):
    open_updated(notes)[0].close()
    index = Library(notes)
    report = index.update(rebuild=True)
    assert len(report.indexed) == 16
    assert index.search("backpressure").total == 7
    index.close()


def test_a_rebuild_while_another_tuinotes_writes_waits_and_removes_nothing(notes, monkeypatch):
    """Another tuinotes holds the index's write lock: a rebuild says so and leaves the index
    and its records whole (it used to remove the folder under the writer); once the lock
    is free, the rebuild runs."""
    import tuinotes.indexer.indexer as indexer_module

    monkeypatch.setattr(indexer_module, "LOCK_WAIT_SECONDS", 0.1)
    first, _ = open_updated(notes)
    expected = sorted(hit.path for hit in first.search("backpressure").hits)
    writing = first.index.backend.writer(timeout=1)  # as another tuinotes updating
    second = Library(notes)
    report = second.update(rebuild=True)
    assert report.indexed == [] and any("another tuinotes" in m for m in report.messages)
    assert sorted(hit.path for hit in second.search("backpressure").hits) == expected
    writing.cancel()
    report = second.update(rebuild=True)
    assert len(report.indexed) == 16
    assert sorted(hit.path for hit in second.search("backpressure").hits) == expected
    second.close()
    first.close()


def test_an_index_of_another_version_is_cleared_only_once_its_writer_is_done(notes, monkeypatch):
    """Opened while another tuinotes writes an index of another stamp: nothing of it is
    shown or removed meanwhile; the first update after the writer is done re-indexes."""
    import json

    import tuinotes.indexer.indexer as indexer_module

    monkeypatch.setattr(indexer_module, "LOCK_WAIT_SECONDS", 0.1)
    first, _ = open_updated(notes)
    meta = first.index.dir / "meta.json"
    meta.write_text(json.dumps({**json.loads(meta.read_text()), "stamp": "layout0-older"}))
    writing = first.index.backend.writer(timeout=1)
    second = Library(notes)
    report = second.update()
    assert any("re-indexed once it is done" in m for m in report.messages), report.messages
    assert second.catalog == {} and report.indexed == []
    assert first.search("backpressure").total == 7  # the other's index is whole
    writing.cancel()
    assert len(second.update().indexed) == 16
    assert second.search("backpressure").total == 7
    second.close()
    first.close()


def test_damaged_index_is_rebuilt_with_a_message(notes):
    index, _ = open_updated(notes)
    index.close()
    for path in index.index.dir.iterdir():
        if path.suffix in (".toc", ".seg"):
            path.write_bytes(b"garbage")
    index, report = open_updated(notes)
    assert any("rebuild" in m for m in report.messages)
    assert index.search("backpressure").total == 7
    index.close()


def test_stale_catalog_is_rebuilt_from_the_records_store(notes):
    index, _ = open_updated(notes)
    index.close()
    (index.index.dir / "catalog.pickle").write_bytes(b"not a pickle")
    index = Library(notes)
    assert len(index.catalog) == 16
    assert index.update().indexed == []
    index.close()


def test_a_lost_records_store_re_indexes_every_note_with_a_message(notes):
    index, _ = open_updated(notes)
    index.close()
    for suffix in ("", "-wal", "-shm"):
        (index.index.dir / f"records.sqlite{suffix}").unlink(missing_ok=True)
    index, report = open_updated(notes)
    assert any("records were lost" in m for m in report.messages)
    assert len(report.indexed) == 16
    assert index.search("backpressure").total == 7
    index.close()


def test_another_tuinotes_rebuilding_leaves_this_one_reading_the_new_records(notes):
    """A rebuild elsewhere starts the records store again as a new file: this
    tuinotes opens the new store, so its searches still list every meeting."""
    first, _ = open_updated(notes)
    expected = sorted(hit.path for hit in first.search("backpressure").hits)
    second = Library(notes)
    second.update(rebuild=True)
    second.close()
    first.update(memory=False)
    assert sorted(hit.path for hit in first.search("backpressure").hits) == expected
    first.close()


def test_rows_of_a_commit_the_index_never_made_are_dropped(notes):
    """A crash after the records store was flushed but before the engine committed: the
    rows carry a generation the index never reached, so no reader sees them and the next
    update removes them."""
    library, _ = open_updated(notes)
    indexer = library.index
    latest = indexer.backend.generation()
    ghost = dataclasses.replace(next(iter(indexer.catalog.values())), path="ghost.md")
    indexer.store.start(latest)
    indexer.store.put(Stored(ghost, [], []))
    indexer.store.flush()
    library.close()
    (indexer.dir / "catalog.pickle").unlink()
    library = Library(notes)
    assert "ghost.md" not in library.catalog and len(library.catalog) == 16
    write(notes, "2025-05-05-sync.md", "# 2025-05-05 Sync\n\nwombat census\n")
    assert library.update().indexed == ["2025-05-05-sync.md"]
    assert library.index.store.records_of(["ghost.md"], 10**9) == {}
    assert [hit.path for hit in library.search("wombat").hits] == ["2025-05-05-sync.md"]
    library.close()


def test_a_reader_of_an_earlier_commit_keeps_its_records(notes):
    """A search in flight while an update commits still finds the records of what it
    searches; the next reader sees the new ones."""
    library, _ = open_updated(notes)
    indexer = library.index
    before = indexer.reader()
    note = notes / "2024-09-04-community-call.md"
    old_title = indexer.catalog[note.name].title
    note.write_text("# 2024-09-04 Renamed Call\n\nquokka\n", encoding="utf-8")
    os.utime(note, ns=(1, 2))
    assert library.update().indexed == [note.name]
    assert indexer.store.records_of([note.name], before.generation())[note.name].title == (
        old_title
    )
    now = indexer.reader().generation()
    assert indexer.store.records_of([note.name], now)[note.name].title == "Renamed Call"
    library.close()


def test_an_unchanged_folder_is_checked_without_loading_the_catalog(notes, monkeypatch):
    first, _ = open_updated(notes)
    expected = [h.path for h in first.search("backpressure").hits]
    first.close()
    (first.index.dir / "files.pickle").unlink()  # this open reads the whole catalog
    full, full_report = open_updated(notes)
    full.close()
    loads: list[int] = []
    load = CatalogFiles.load
    monkeypatch.setattr(
        CatalogFiles, "load", lambda self, gen: loads.append(gen) or load(self, gen)
    )

    library = Library(notes)
    report = library.update(memory=False)  # as a command that only searches
    assert report.indexed == [] and report.unchanged == full_report.unchanged == 16
    assert report.warnings == full_report.warnings and report.skipped == full_report.skipped
    assert [h.path for h in library.search("backpressure").hits] == expected
    assert loads == []  # a search reads only the records it shows
    assert len(library.records()) == 16 and len(loads) == 1  # a listing loads them, once
    assert len(library.meetings().hits) == 16 and len(loads) == 1
    library.close()

    changed = notes / "2024-09-04-community-call.md"
    changed.write_text(changed.read_text() + "\n- [ ] BO: zanzibar logistics\n")
    os.utime(changed, ns=(1, 2))
    library, report = open_updated(notes)
    assert report.indexed == ["2024-09-04-community-call.md"] and report.unchanged == 15
    assert [h.path for h in library.search("zanzibar").hits] == ["2024-09-04-community-call.md"]
    library.close()


def test_a_catalog_loaded_after_another_tuinotes_updated_comes_with_its_index(notes):
    """A opens (the catalog not loaded yet) and searches; B indexes a change; A's update
    then loads B's catalog, and A's searches see B's commit with it."""
    open_updated(notes)[0].close()
    first = Library(notes)
    first.update(memory=False)
    assert first.search("zanzibar").total == 0
    changed = notes / "2024-09-04-community-call.md"
    changed.write_text(changed.read_text() + "\n- [ ] BO: zanzibar logistics\n")
    os.utime(changed, ns=(1, 2))
    second, report = open_updated(notes)
    assert report.indexed == ["2024-09-04-community-call.md"]
    second.close()
    first.update(memory=False)
    assert [h.path for h in first.search("zanzibar").hits] == ["2024-09-04-community-call.md"]
    first.close()


def test_change_add_and_delete_while_open_are_searchable_at_once(notes):
    """One NoteIndex kept open (as the app does): each update shows in the next search."""
    with Library(notes) as index:
        index.update()
        assert index.search("walrus").total == 0
        write(notes, "2025-05-05-new.md", "# 2025-05-05 Fresh\n\n- [ ] AB: walrus\n")
        assert index.update().indexed == ["2025-05-05-new.md"]
        assert [h.path for h in index.search("walrus").hits] == ["2025-05-05-new.md"]
        write(notes, "2025-05-05-new.md", "# 2025-05-05 Fresh\n\n- [ ] AB: narwhal\n")
        os.utime(notes / "2025-05-05-new.md", ns=(10**18, 10**18))
        index.update()
        assert index.search("walrus").total == 0 and index.search("narwhal").total == 1
        (notes / "2025-05-05-new.md").unlink()
        assert index.update().removed == ["2025-05-05-new.md"]
        assert index.search("narwhal").total == 0
        assert "2025-05-05-new.md" not in {r.path for r in index.records()}


def test_listing_shows_only_committed_notes_while_an_update_runs(notes, monkeypatch):
    """The catalog follows the segments: a listing never shows a note a search can't find."""
    monkeypatch.setattr(build_module, "FIRST_COMMIT", 3)
    monkeypatch.setattr(build_module, "COMMIT_EVERY", 4)
    seen: list[tuple[int, int]] = []
    with Library(notes) as index:
        index.update(progress=lambda p: seen.append((len(index.records()), p.committed)))
        assert len(index.records()) == 16
    assert seen and all(listed == committed for listed, committed in seen)
    assert {committed for _, committed in seen} == {0, 3, 7, 11, 15}


def test_search_and_listing_answer_during_an_update_from_committed_segments(notes, monkeypatch):
    """The writer is held up after its first segment: reads must not wait for it."""
    monkeypatch.setattr(build_module, "FIRST_COMMIT", 3)
    monkeypatch.setattr(build_module, "COMMIT_EVERY", 1000)
    first_segment, release = threading.Event(), threading.Event()

    def progress(step) -> None:
        if step.committed and not first_segment.is_set():
            first_segment.set()
            release.wait(30)  # the writer (and its lock) is busy from here on

    with Library(notes) as library:
        updating = threading.Thread(target=library.update, kwargs={"progress": progress})
        updating.start()
        try:
            assert first_segment.wait(30)
            listed = library.meetings()
            found = library.search("tidewater")  # a word every sample note has
            assert updating.is_alive()  # answered while the update still runs
            assert listed.total == 3 and found.total == 3
            assert {h.path for h in found.hits} == {h.path for h in listed.hits}
        finally:
            release.set()
            updating.join(30)
        assert library.meetings().total == 16


def test_close_stops_an_update_in_progress(notes):
    started = threading.Event()
    reports = []

    def slow(step) -> None:
        started.set()
        time.sleep(0.2)  # a slow disk: the whole update would take over 3 s

    library = Library(notes)
    updating = threading.Thread(target=lambda: reports.append(library.update(progress=slow)))
    updating.start()
    assert started.wait(30)
    library.close()
    updating.join(10)
    assert not updating.is_alive()
    assert reports[0].stopped and len(reports[0].indexed) < 16
    with Library(notes) as again:  # what was cancelled is indexed next time
        assert len(again.update().indexed) == 16


ARCHIVE = """# Steering committee 2022

## 2022-03-01

### Attendees
- Priya Raman
- Björn Åkesson

### Agenda
- [x] Approve the trademark policy

## April 19, 2022

Present: Priya Raman, Marta Kowalczyk

- [ ] Draft the contributor survey
"""


def test_a_file_of_several_meetings_is_several_meetings(notes):
    write(notes, "steering-2022.md", ARCHIVE)
    with Library(notes) as library:
        library.update()
        paths = ["steering-2022.md#2022-03-01", "steering-2022.md#2022-04-19"]
        assert all(p in library.catalog for p in paths)
        assert [h.path for h in library.search("trademark date:2022").hits] == paths[:1]
        april = library.meeting(paths[1])
        assert [a.name for a in april.attendees] == ["Priya Raman", "Marta Kowalczyk"]
        assert [i.text for i in april.items()] == ["Draft the contributor survey"]
        assert library.record(paths[0]).title == "Steering committee"
        write(notes, "steering-2022.md", ARCHIVE.replace("trademark", "logo"))
        os.utime(notes / "steering-2022.md", ns=(10**18, 10**18))
        assert library.update().indexed == ["steering-2022.md"]
        assert library.search("trademark date:2022").total == 0
        assert library.search("logo date:2022").total == 1
        (notes / "steering-2022.md").unlink()
        assert library.update().removed == ["steering-2022.md"]
        assert not any(p in library.catalog for p in paths)


# -- worker processes writing segments ---------------------------------------------------------


def many_notes(folder, count: int, word: str = "lighthouse"):
    for n in range(count):
        write(
            folder,
            f"2024/{n:03d}-sync.md",
            f"# Sync {n}\n\nDate: 2024-01-{n % 28 + 1:02d}\n\n"
            f"## Agenda\n\n- AB: {word} topic number{n}\n- Notes on keeper{n % 5}\n",
        )


@pytest.fixture
def parallel(monkeypatch):
    """Worker processes from a handful of notes, each finishing a segment every 5 notes."""
    monkeypatch.setattr(index_module, "PARALLEL_THRESHOLD", 1)
    monkeypatch.setattr(build_module, "FIRST_COMMIT", 3)
    monkeypatch.setattr(build_module, "SEGMENT_MIN", 5)
    monkeypatch.setattr("tuinotes.indexer.workers.worker_count", lambda: 2)
    monkeypatch.setattr("tuinotes.indexer.workers.BATCH", 2)


def test_worker_processes_write_segments_that_become_visible_as_they_finish(tmp_path, parallel):
    many_notes(tmp_path / "notes", 40)
    seen: list[tuple[int, int]] = []
    with Library(tmp_path / "notes") as library:
        report = library.update(
            progress=lambda p: seen.append((len(library.index.records()), p.committed))
        )
        assert len(report.indexed) == 40 and not report.messages
        assert library.search("lighthouse", limit=None).total == 40
        assert library.search("number17").total == 1
        segments = [p for p in library.index.dir.iterdir() if p.suffix == ".seg"]
    assert all(listed == committed for listed, committed in seen)  # listing == searchable
    committed = sorted({c for _, c in seen})
    # the first notes at once, then at least one worker's segment before the end
    assert committed[0] == 0 and 3 in committed, committed
    assert any(3 < c < 40 for c in committed), committed
    assert len(segments) >= 3  # the first notes', and the workers' own
    assert not [p for p in segments[0].parent.iterdir() if p.suffix == ".tmp"]


def test_worker_processes_yield_the_cores_to_the_app(tmp_path, parallel):
    many_notes(tmp_path / "notes", 40)
    ours = os.getpriority(os.PRIO_PROCESS, 0)
    if ours >= 19:
        pytest.skip("this process already runs at the lowest priority")
    seen: set[int] = set()

    def priorities(_progress):
        seen.update(
            os.getpriority(os.PRIO_PROCESS, p.pid)
            for p in multiprocessing.active_children()
            if p.name.startswith(workers_module.WORKER_NAME)
        )

    with Library(tmp_path / "notes") as library:
        library.update(progress=priorities)
    assert seen and min(seen) > ours  # every worker runs at a lower priority than this process


def test_one_worker_per_usable_core_up_to_a_limit(monkeypatch):
    for usable, expected in ((1, 1), (2, 2), (16, workers_module.MAX_WORKERS)):
        monkeypatch.setattr(os, "sched_getaffinity", lambda _pid, n=usable: set(range(n)))
        assert workers_module.worker_count() == expected


def test_notes_changed_in_bulk_replace_their_old_versions(tmp_path, parallel):
    folder = tmp_path / "notes"
    many_notes(folder, 30)
    with Library(folder) as library:
        library.update()
    many_notes(folder, 30, word="harbour")
    for n, path in enumerate(sorted(folder.rglob("*.md"))):
        os.utime(path, ns=(10**18 + n, 10**18 + n))
    with Library(folder) as library:
        report = library.update()
        assert len(report.indexed) == 30
        assert library.search("harbour", limit=None).total == 30
        assert library.search("lighthouse").total == 0
        assert library.meetings(limit=None).total == 30


class BrokenSegments:
    """A segment target whose worker processes cannot write (a full disk, say)."""

    def open(self):
        raise OSError(28, "No space left on device")


def test_a_failing_worker_leaves_the_rest_to_this_process(tmp_path, parallel, monkeypatch):
    many_notes(tmp_path / "notes", 20)
    monkeypatch.setattr(WhooshBackend, "segment_target", lambda self: BrokenSegments())
    with Library(tmp_path / "notes") as library:
        report = library.update()
        assert len(report.indexed) == 20
        assert any("index worker failed" in m and "No space left" in m for m in report.messages)
        assert library.search("lighthouse", limit=None).total == 20
