"""Odd files, file-system faults and a damaged or shared index: tuinotes keeps working."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.conftest import SAMPLES, write
from tuinotes.indexer import indexer as index_module
from tuinotes.indexer.discover import scan_folder
from tuinotes.indexer.documents import document_of, prepare, record_of
from tuinotes.library.library import Library
from tuinotes.notes.parse import parse_note, parse_text
from tuinotes.notes.read import UnreadableNote
from tuinotes.search.whoosh_backend import WhooshBackend

GOOD = (
    "# 2024-05-01 Good meeting\n\n## Attendees\n\n- Ana Lima (@alima)\n\n"
    "## Agenda\n\n- [ ] AL: {}\n"
)
NESTED = "".join("    " * depth + f"- level {depth}\n" for depth in range(200))


def odd_files(folder: Path) -> dict[str, str]:
    """Write one of each kind of odd file; return {name: what tuinotes should do}."""
    files: dict[str, tuple[bytes, str]] = {
        "yaml-broken.md": (b"---\ntags: [a, b\n---\n# 2024-01-02 Broken yaml\n", "warn"),
        "yaml-list.md": (b"---\n- a\n- b\n---\n# 2024-01-03 List frontmatter\n", "warn"),
        "yaml-scalar.md": (b"---\njust text\n---\n# 2024-01-04 Scalar frontmatter\n", "warn"),
        "yaml-unclosed.md": (b"---\ntags: [x]\n# 2024-01-05 No closing fence\n", "warn"),
        "latin1.md": ("# 2024-01-06 Café réunion\n\n- [ ] AB: crème\n".encode("latin-1"), "warn"),
        "utf16.md": ("# 2024-01-07 Wide meeting\n\n- [ ] AB: größe\n".encode("utf-16"), "warn"),
        "bom.md": (b"\xef\xbb\xbf# 2024-01-08 With a BOM\n", "ok"),
        "crlf.md": (b"# 2024-01-09 Windows lines\r\n\r\n- [ ] AB: crlf item\r\n", "ok"),
        "binary.md": (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00", "skip"),
        "empty.md": (b"", "ok"),
        "huge.md": (b"# 2024-01-10 Huge\n\n" + b"- [ ] AB: filler words\n" * 900_000, "warn"),
        "long-line.md": (b"# 2024-01-11 Long line\n\n" + b"word " * 210_000 + b"\n", "ok"),
        "ragged.md": (
            b"# 2024-01-12 Ragged\n\n## Attendees\n\n| Name | Initials |\n|---|---|\n"
            b"| Ana Lima | AL | extra | cells |\n| Bo |\n|  |  |\n",
            "ok",
        ),
        "headless-table.md": (b"# 2024-01-13 No header\n\n## Attendees\n\n|---|---|\n", "ok"),
        "nested.md": (f"# 2024-01-14 Deep\n\n## Agenda\n\n{NESTED}".encode(), "warn"),
        "links.md": (
            b"# 2024-01-15 Links\n\n"
            + "".join(f"- https://example.org/{n}\n" for n in range(10_000)).encode(),
            "ok",
        ),
        "html.md": (
            b"# 2024-01-16 Html\n\n<!-- a comment -->\n<div><script>alert(1)</script></div>\n\n"
            b"- [ ] AB: after html\n",
            "ok",
        ),
        "brackets.md": (b"# 2024-01-17 Brackets\n\n## Agenda\n\n" + b"[" * 60_000 + b"\n", "ok"),
        "stops.md": (b"# 2024-01-20 Stops\n\n- " + b". " * 30_000 + b"Decision: agreed\n", "ok"),
        "yaml-aliases.md": (LAUGHS, "warn"),
        "yaml-bad-date.md": (b"---\ndate: 2024-13-45\ntitle: Kept title\n---\n# x\n", "ok"),
        "notes.txt": (b"not a note", "ignored"),
        "LICENSE.md": (b"# MIT License\n\nCopyright (c) 2024\n", "ignored"),  # the repository's
        ".hidden.md": (b"# hidden", "ignored"),
        ".git/HEAD.md": (b"# in git", "ignored"),
        ".obsidian/workspace.md": (b"# in obsidian", "ignored"),
    }
    for name, (data, _) in files.items():
        path = folder / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)
    (folder / "loop").symlink_to(folder, target_is_directory=True)
    (folder / "dangling.md").symlink_to(folder / "nowhere.md")
    (folder / os.fsdecode(b"caf\xe9.md")).write_bytes(b"# 2024-01-18 Latin-1 name\n")
    write(folder, "good.md", GOOD.format("quokka census"))
    return {name: expected for name, (_, expected) in files.items()} | {
        "loop/": "problem",
        "dangling.md": "problem",
        "caf\\xe9.md": "problem",  # a name that is not UTF-8, as the report shows it
    }


# Nested YAML aliases: nine levels of nine expand to 387 million values ("billion laughs").
LAUGHS = (
    b"---\na: &a [x, x, x, x, x, x, x, x, x]\n"
    + b"".join(
        f"{level}: &{level} [{', '.join([f'*{below}'] * 9)}]\n".encode()
        for below, level in zip("abcdefgh", "bcdefghi", strict=True)
    )
    + b"title: *i\nattendees: *i\ntags: *i\n---\n# 2024-01-19 Laughs\n"
)


@pytest.fixture(scope="session")
def odd(tmp_path_factory) -> tuple[Path, dict[str, str]]:
    """One folder of odd files for the session (the tests only read it)."""
    folder = tmp_path_factory.mktemp("odd")
    return folder, odd_files(folder)


_PARSED: dict[Path, object] = {}


def parsed(path: Path):
    """`parse_note(path)`, once per session (the 2 MB note takes a while)."""
    if path not in _PARSED:
        _PARSED[path] = parse_note(path)
    return _PARSED[path]


def test_each_odd_file_is_parsed_or_refused_with_a_reason(odd):
    folder, expected = odd
    for name, what in expected.items():
        path = folder / name
        if what in ("ignored", "problem"):
            continue
        if what == "skip":
            with pytest.raises(UnreadableNote, match="binary"):
                parse_note(path)
            continue
        meeting = parsed(path)
        assert (meeting.problems != []) == (what == "warn"), (name, meeting.problems)
        record = record_of(meeting, name, 0, 0)
        assert document_of(meeting, record).path == name


def test_what_odd_files_parse_to(odd):
    folder, _ = odd
    assert parsed(folder / "latin1.md").title == "Café réunion"
    assert [(i.speaker, i.text) for i in parsed(folder / "utf16.md").items()] == [("AB", "größe")]
    assert parsed(folder / "bom.md").title == "With a BOM"
    crlf = parsed(folder / "crlf.md")
    assert crlf.title == "Windows lines" and [i.text for i in crlf.items()] == ["crlf item"]
    assert "only the start" in parsed(folder / "huge.md").problems[0]
    assert len(parsed(folder / "links.md").links) == 10_000
    deep = parsed(folder / "nested.md")
    assert 50 < sum(1 for _ in deep.items()) < 200  # deep levels flattened, deepest unread
    assert "nested more than" in deep.problems[0]
    html = parsed(folder / "html.md")
    assert [i.text for i in html.items()] == ["after html"]
    assert "alert" not in " ".join(i.text for i in html.items())
    ragged = parsed(folder / "ragged.md")
    assert [a.name for a in ragged.attendees] == ["Ana Lima", "Bo"]
    assert parsed(folder / "empty.md").title == "empty"
    assert parsed(folder / "brackets.md").title == "Brackets"
    laughs = parsed(folder / "yaml-aliases.md")
    assert laughs.title == "Laughs" and "more than 5,000 values" in laughs.problems[0]
    bad_date = parsed(folder / "yaml-bad-date.md")  # one bad value, the rest still read
    assert (bad_date.title, bad_date.date) == ("Kept title", None)


def test_scan_skips_hidden_and_non_notes_and_names_link_problems(odd):
    folder, _ = odd
    scan = scan_folder(folder)
    assert not any(p.startswith(".") or "/." in p for p in scan.files)
    assert "notes.txt" not in scan.files and "LICENSE.md" not in scan.files
    problems = {p.path: p.reason for p in scan.problems}
    assert "loop" in problems["loop/"] and "dangling" in problems["dangling.md"]


def test_readmes_beside_notes_and_templates_are_no_meetings(tmp_path):
    """A README or index page describes the notes beside it; a template is copied, never
    held. A README is a meeting's notes when its folder is dated or holds nothing else."""
    files = {
        "README.md": "# Storage SIG\n\nChairs: Ana Pop, Ben Ode\n",
        "2024-03-05.md": "# Sync 2024-03-05\n",
        "template.md": "# Sync YYYY-MM-DD\n\n- [ ] @owner: what\n",
        "templates/weekly.md": "# Weekly\n",
        "team/index.md": "| meeting | link |\n",
        "team/2024-03-06.md": "# Team 2024-03-06\n",
        "meetings/2024-03-01/README.md": "# Sync\n",
        "meetings/042/README.md": "# Sync 42\n",
        "notes/contemplate.md": "# Retreat planning\n",
        "notes/meeting-template.md": "# Sync\n",
        "notes/2024-03-07-template-review.md": "# Template review\n",  # a meeting about one
    }
    for rel, text in files.items():
        (tmp_path / rel).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / rel).write_text(text, encoding="utf-8")
    assert sorted(scan_folder(tmp_path).files) == [
        "2024-03-05.md",
        "meetings/042/README.md",
        "meetings/2024-03-01/README.md",
        "notes/2024-03-07-template-review.md",
        "notes/contemplate.md",
        "team/2024-03-06.md",
    ]


def test_unreadable_file_and_directory_are_named(tmp_path, monkeypatch):
    """Permission errors (simulated: the tests may run as root, who can read anything)."""
    folder = tmp_path / "n"
    write(folder, "good.md", GOOD.format("quokka"))
    write(folder, "locked.md", GOOD.format("secret"))
    write(folder, "private/inside.md", GOOD.format("hidden"))
    real_scandir, real_open = os.scandir, os.open

    def scandir(path):
        if str(path).endswith("private"):
            raise PermissionError(13, "Permission denied")
        return real_scandir(path)

    def open_(path, *args, **kwargs):
        if str(path).endswith("locked.md"):
            raise PermissionError(13, "Permission denied")
        return real_open(path, *args, **kwargs)

    monkeypatch.setattr(os, "scandir", scandir)
    monkeypatch.setattr(os, "open", open_)
    with Library(folder, tmp_path / "i") as index:
        report = index.update()
        reasons = {p.path: p.reason for p in report.skipped}
        assert reasons["locked.md"] == "Permission denied"
        assert "Permission denied" in reasons["private/"]
        assert index.search("quokka").total == 1


def test_a_file_deleted_between_listing_and_reading(notes, tmp_path, monkeypatch):
    real_scan = index_module.scan_folder

    def scan_then_delete(folder):
        scan = real_scan(folder)
        (folder / "2024-09-04-community-call.md").unlink()
        return scan

    monkeypatch.setattr(index_module, "scan_folder", scan_then_delete)
    with Library(notes, tmp_path / "i") as index:
        report = index.update()
    reasons = {p.path: p.reason for p in report.skipped}
    assert "not found" in reasons["2024-09-04-community-call.md"]
    assert len(report.indexed) == 15
    assert prepare(notes, "gone.md", 0, 0).skipped.reason.startswith("file not found")


def test_cli_index_summary_names_every_odd_file_and_the_rest_is_searchable(odd):
    folder, expected = odd
    done = subprocess.run(
        [sys.executable, "-m", "tuinotes", "index", "--notes", str(folder), "--json"],
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert done.returncode == 0, done.stderr
    report = json.loads(done.stdout)
    named = {p["path"] for p in report["skipped"] + report["warnings"]}
    for name, what in expected.items():
        if what in ("skip", "warn", "problem"):
            assert name in named, name
        if what == "ignored":
            assert name not in named
    text = subprocess.run(
        [sys.executable, "-m", "tuinotes", "index", "--notes", str(folder)],
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert "binary.md" in text.stdout + text.stderr
    assert "binary file" in text.stdout + text.stderr
    found = subprocess.run(
        [sys.executable, "-m", "tuinotes", "search", "--notes", str(folder), "quokka"],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert "Good meeting" in found.stdout


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.text(max_size=400))
def test_fuzz_arbitrary_text_parses(text):
    meeting = parse_text(text, Path("fuzz.md"))
    document_of(meeting, record_of(meeting, "fuzz.md", 0, 0))


SAMPLE_TEXTS = [p.read_text("utf-8") for p in sorted(SAMPLES.rglob("*.md"))]
MARKDOWN_BITS = st.sampled_from(
    [
        "\n",
        "|",
        "- ",
        "- [x] ",
        "1. ",
        "#",
        "---\n",
        "`",
        "**",
        "[",
        "](",
        ")",
        ":",
        "@",
        "(AB) ",
        "    ",
        "\t",
        "<!--",
        "\x1b[2J",
        "\u202e",
        "\r",
    ]
)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    st.sampled_from(SAMPLE_TEXTS),
    st.lists(st.tuples(st.floats(0, 1), st.integers(0, 40), MARKDOWN_BITS), max_size=12),
)
def test_fuzz_mutated_samples_parse_and_index(text, mutations):
    for where, cut, bit in mutations:
        at = int(where * len(text))
        text = text[:at] + bit + text[at + cut :]
    meeting = parse_text(text, Path("2024-01-01-mutant.md"))
    document = document_of(meeting, record_of(meeting, "mutant.md", 0, len(text)))
    backend = WhooshBackend()
    backend.open(None)  # in memory
    writer = backend.writer(timeout=1.0)
    writer.put(document, replace=False)
    writer.commit()


HOLD_WRITER_SCRIPT = """
import sys
from pathlib import Path
from tuinotes.library.library import Library
library = Library(Path(sys.argv[1]), Path(sys.argv[2]))
writer = library.index.backend.writer(timeout=10.0)  # busy writing, as a tuinotes updating
print("writing", flush=True)
sys.stdin.readline()  # until the test lets go
writer.cancel()
library.close()
print("released", flush=True)
"""


def test_two_instances_on_one_folder(notes, tmp_path, monkeypatch):
    """Another tuinotes process holds the index's write lock: this one says so, still
    searches what is indexed, and indexes the change once the other lets go."""
    monkeypatch.setattr(index_module, "LOCK_WAIT_SECONDS", 0.2)
    shared = tmp_path / "shared"
    with Library(notes, shared) as first:
        first.update()
    write(notes, "2025-05-05-new.md", GOOD.format("okapi"))
    other = subprocess.Popen(
        [sys.executable, "-c", HOLD_WRITER_SCRIPT, str(notes), str(shared)],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    second = Library(notes, shared)
    try:
        assert other.stdout.readline() == "writing\n"  # the other process has the lock
        report = second.update()
        assert any("another tuinotes" in m for m in report.messages), report.messages
        assert report.indexed == []
        assert second.search("serializer").total == 8  # it can still search
        assert second.search("okapi").total == 0  # and did not write
        other.stdin.write("\n")
        other.stdin.flush()
        assert other.stdout.readline() == "released\n"
        assert other.wait(timeout=30) == 0
        report = second.update()
        assert report.indexed == ["2025-05-05-new.md"] and not report.messages  # once free
    finally:
        if other.poll() is None:
            other.kill()
            other.wait()
        second.close()
    with Library(notes, shared) as third:
        assert third.update().changed is False
        assert third.search("okapi").total == 1


@pytest.mark.parametrize("damage", ["delete", "truncate", "garbage"])
def test_damaged_index_dir_is_rebuilt_with_a_message(notes, tmp_path, damage):
    where = tmp_path / "i"
    with Library(notes, where) as index:
        index.update()
    for path in where.iterdir():
        if damage == "delete":
            path.unlink()
        elif damage == "truncate":
            path.write_bytes(path.read_bytes()[:7])
        else:
            path.write_bytes(os.urandom(256))
    with Library(notes, where) as index:
        report = index.update()
        assert len(report.indexed) == 16
        assert index.search("serializer").total > 0
        if damage != "delete":
            assert any("rebuild" in m for m in report.messages), report.messages


def test_cache_dir_not_writable_keeps_the_index_in_memory(notes, tmp_path, monkeypatch):
    blocker = tmp_path / "cache-is-a-file"
    blocker.write_text("")
    with Library(notes, blocker / "index") as index:
        report = index.update()
        assert any("in memory" in m for m in report.messages), report.messages
        assert index.search("serializer").total > 0


KILL_SCRIPT = """
import sys
from pathlib import Path
from tuinotes.indexer import build, indexer
from tuinotes.library.library import Library
indexer.PARALLEL_THRESHOLD = 10**9  # one process: the kill hits the writer itself
build.FIRST_COMMIT = build.COMMIT_EVERY = 50
notes = Library(Path(sys.argv[1]), Path(sys.argv[2]))
notes.update(progress=lambda p: print(p.committed, flush=True))
"""


def start_indexing(tmp_path: Path, count: int, script: str):
    """`count` small notes, and a process indexing them with `script` (its progress on
    stdout): (folder, index dir, process)."""
    folder = tmp_path / "many"
    for n in range(count):
        write(folder, f"2024-01-01-meeting-{n}.md", GOOD.format(f"topic{n} kiwi"))
    where = tmp_path / "i"
    process = subprocess.Popen(
        [sys.executable, "-c", script, str(folder), str(where)],
        stdout=subprocess.PIPE,
        text=True,
    )
    return folder, where, process


def test_sigkill_mid_index_leaves_an_index_the_next_start_opens(tmp_path):
    folder, where, process = start_indexing(tmp_path, 400, KILL_SCRIPT)
    deadline = time.monotonic() + 120
    for line in process.stdout:  # wait until a segment has landed, then kill mid-way
        if int(line) >= 100 or time.monotonic() > deadline:
            break
    process.send_signal(signal.SIGKILL)
    process.wait()
    with Library(folder, where) as index:
        report = index.update()
        assert len(report.indexed) + report.unchanged == 400
        assert 0 < report.unchanged < 400  # what committed before the kill was kept
        assert index.search("kiwi").total == 400


PARALLEL_KILL_SCRIPT = """
import sys
from pathlib import Path
from tuinotes.indexer import build
from tuinotes.library.library import Library
build.SEGMENT_MIN = 100
notes = Library(Path(sys.argv[1]), Path(sys.argv[2]))
notes.update(progress=lambda p: print(p.done, p.committed, flush=True))
"""


def descendants(pid: int) -> set[int]:
    """Every process below `pid` (Linux /proc)."""
    parents: dict[int, int] = {}
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        parents[int(stat.parent.name)] = int(fields[1])
    found, frontier = set(), {pid}
    while frontier:
        frontier = {child for child, parent in parents.items() if parent in frontier}
        found |= frontier
    return found


def running(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:
        return False
    return state != "Z"


@pytest.mark.skipif(not Path("/proc/self/stat").exists(), reason="reads /proc")
def test_killing_the_app_mid_build_stops_its_worker_processes(tmp_path):
    """Index workers notice their parent is gone (no orphans parsing, or blocked forever
    on a queue no one reads), and what committed before the kill is kept."""
    folder, where, process = start_indexing(tmp_path, 1500, PARALLEL_KILL_SCRIPT)
    workers: set[int] = set()
    deadline = time.monotonic() + 120
    for line in process.stdout:  # wait until the workers are indexing, then kill
        done, _committed = map(int, line.split())
        workers |= descendants(process.pid)
        if done > 40 or time.monotonic() > deadline:  # workers have batches left
            break
    assert workers, "no worker processes were started"
    process.send_signal(signal.SIGKILL)
    process.wait()
    deadline = time.monotonic() + 30
    while (alive := {pid for pid in workers if running(pid)}) and time.monotonic() < deadline:
        time.sleep(0.2)
    assert not alive, f"worker processes outlived the app: {alive}"
    with Library(folder, where) as index:
        report = index.update()
        assert len(report.indexed) + report.unchanged == 1500
        assert index.search("kiwi").total == 1500


def snapshot_tree(folder: Path) -> dict[str, tuple[int, int]]:
    return {
        str(p.relative_to(folder)): (p.lstat().st_mtime_ns, p.lstat().st_size)
        for p in sorted(folder.rglob("*"))
    }


def busy_workers(app) -> list:
    return [w for w in app.workers if w.group != "watch" and not w.is_finished]


async def until(pilot, condition, seconds: float = 30.0) -> None:
    """Let the app run until `condition()` holds."""
    deadline = time.monotonic() + seconds
    while not condition():
        assert time.monotonic() < deadline, "the app did not get there in time"
        await pilot.pause(0.05)


async def test_nothing_is_written_inside_the_notes_folder(notes, tmp_path):
    from tuinotes.library.config import Config
    from tuinotes.tui.app import make_app

    before = snapshot_tree(notes)
    folder_mtime = notes.stat().st_mtime_ns
    for args in (["index"], ["search", "serializer"], ["meetings"], ["attendees"]):
        subprocess.run(
            [sys.executable, "-m", "tuinotes", *args, "--notes", str(notes)],
            capture_output=True,
            timeout=120,
            check=True,
        )
    app = make_app(notes, config=Config(), watch=True)
    async with app.run_test() as pilot:
        await until(pilot, lambda: app.report is not None and app.main.result is not None)
        first = app.report
        await pilot.press("ctrl+r")
        await until(pilot, lambda: app.report is not first)  # the re-index ran and was shown
        assert app.report.unchanged == 16 and not app.report.messages
        await until(pilot, lambda: not busy_workers(app))  # and what it started has finished
    assert snapshot_tree(notes) == before
    assert notes.stat().st_mtime_ns == folder_mtime
