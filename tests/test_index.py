"""The Whoosh index: incremental updates between opens, schema changes, damage, location."""

from __future__ import annotations

import json
import os

from tests.conftest import write
from tuinotes.core import index as index_module
from tuinotes.core.config import index_dir_for
from tuinotes.core.index import NoteIndex
from tuinotes.core.query import search


def open_updated(folder):
    index = NoteIndex(folder)
    return index, index.update()


def test_first_open_indexes_everything_outside_the_notes_folder(notes):
    before = sorted(p.relative_to(notes) for p in notes.rglob("*"))
    index, report = open_updated(notes)
    assert len(report.indexed) == 16 and report.unchanged == 0
    assert index.dir == index_dir_for(notes)
    assert notes not in index.dir.parents
    assert sorted(p.relative_to(notes) for p in notes.rglob("*")) == before
    index.close()


def test_reopen_with_nothing_changed_indexes_nothing(notes):
    open_updated(notes)[0].close()
    index, report = open_updated(notes)
    assert report.indexed == [] and report.removed == [] and report.unchanged == 16
    assert search(index, "backpressure").total == 7
    index.close()


def test_change_add_and_delete_between_opens(notes):
    open_updated(notes)[0].close()
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
    assert [h.path for h in search(index, "zanzibar").hits] == ["2024-09-04-community-call.md"]
    assert [h.path for h in search(index, "quokka").hits] == ["2025-04-02-community-call.md"]
    assert search(index, "licence").total == 0  # only the kickoff note said it
    assert "archive/2023-03-15-kickoff.md" not in index.catalog
    index.close()


def test_changed_schema_version_rebuilds(notes, monkeypatch):
    open_updated(notes)[0].close()
    monkeypatch.setattr(index_module, "SCHEMA_VERSION", index_module.SCHEMA_VERSION + 1)
    index, report = open_updated(notes)
    assert any("format changed" in m for m in report.messages)
    assert len(report.indexed) == 16
    meta = json.loads((index.dir / "meta.json").read_text())
    assert meta["schema"] == index_module.SCHEMA_VERSION
    index.close()


def test_rebuild_flag_reindexes_everything(notes):
    open_updated(notes)[0].close()
    index = NoteIndex(notes)
    report = index.update(rebuild=True)
    assert len(report.indexed) == 16
    assert search(index, "backpressure").total == 7
    index.close()


def test_damaged_index_is_rebuilt_with_a_message(notes):
    index, _ = open_updated(notes)
    index.close()
    for path in index.dir.iterdir():
        if path.suffix in (".toc", ".seg"):
            path.write_bytes(b"garbage")
    index, report = open_updated(notes)
    assert any("rebuild" in m for m in report.messages)
    assert search(index, "backpressure").total == 7
    index.close()


def test_stale_catalog_is_rebuilt_from_the_index(notes):
    index, _ = open_updated(notes)
    index.close()
    (index.dir / "catalog.pickle").write_bytes(b"not a pickle")
    index = NoteIndex(notes)
    assert len(index.catalog) == 16
    assert index.update().indexed == []
    index.close()


def test_change_add_and_delete_while_open_are_searchable_at_once(notes):
    """One NoteIndex kept open (as the app does): each update shows in the next search."""
    with NoteIndex(notes) as index:
        index.update()
        assert search(index, "walrus").total == 0
        write(notes, "2025-05-05-new.md", "# 2025-05-05 Fresh\n\n- [ ] AB: walrus\n")
        assert index.update().indexed == ["2025-05-05-new.md"]
        assert [h.path for h in search(index, "walrus").hits] == ["2025-05-05-new.md"]
        write(notes, "2025-05-05-new.md", "# 2025-05-05 Fresh\n\n- [ ] AB: narwhal\n")
        os.utime(notes / "2025-05-05-new.md", ns=(10**18, 10**18))
        index.update()
        assert search(index, "walrus").total == 0 and search(index, "narwhal").total == 1
        (notes / "2025-05-05-new.md").unlink()
        assert index.update().removed == ["2025-05-05-new.md"]
        assert search(index, "narwhal").total == 0
        assert "2025-05-05-new.md" not in {r.path for r in index.records()}


def test_listing_shows_only_committed_notes_while_an_update_runs(notes, monkeypatch):
    """The catalog follows the segments: a listing never shows a note a search can't find."""
    monkeypatch.setattr(index_module, "FIRST_COMMIT", 3)
    monkeypatch.setattr(index_module, "COMMIT_EVERY", 4)
    seen: list[tuple[int, int]] = []
    with NoteIndex(notes) as index:
        index.update(progress=lambda p: seen.append((len(index.records()), p.committed)))
        assert len(index.records()) == 16
    assert seen and all(listed == committed for listed, committed in seen)
    assert {committed for _, committed in seen} == {0, 3, 7, 11, 15}
