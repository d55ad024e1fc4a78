"""Benchmark tuinotes against SQLite FTS5 and ripgrep/grep on the same synthetic notes.

    python bench/run.py                  # 1k and 10k notes
    python bench/run.py --sizes 1000 10000 100000 --out docs/benchmarks.md

Each measurement of tuinotes runs in a fresh process (so peak RSS and "re-open" are honest),
with the index in a temp cache dir. Prints a table and, with --out, writes it as Markdown.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import re
import resource
import select
import shutil
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import corpus

ROUNDS = 5
LARGE = 50_000  # from this size on, skip the measures that build the whole index again
# (kind, tuinotes query, attendee filter names, FTS5 MATCH, FTS5 date range)
QUERIES: list[tuple[str, str, tuple[str, ...], str, tuple[str, str] | None]] = [
    ("one term", "compaction", (), "compaction", None),
    ("one term", "heartbeat", (), "heartbeat", None),
    ("one term", "release", (), "release", None),
    ("rare term", corpus.VOCABULARY[1500], (), corpus.VOCABULARY[1500], None),
    ("rare term", corpus.VOCABULARY[4000], (), corpus.VOCABULARY[4000], None),
    ("two terms", "kafka retention", (), "kafka retention", None),
    ("two terms", "leader election", (), "leader election", None),
    ("prefix", "serial*", (), "serial*", None),
    ("prefix", "dep*", (), "dep*", None),
    ("phrase", '"circuit breaker"', (), '"circuit breaker"', None),
    ("phrase", '"state store"', (), '"state store"', None),
    ("attendee:", "attendee:lindqvist", (), "attendees:lindqvist", None),
    ("attendee:", "attendee:okafor schema", (), "attendees:okafor schema", None),
    ("filter", "migration", ("Nadia Haddad",), 'migration attendees:"nadia haddad"', None),
    ("date range", "upgrade date:2019-01..2019-06", (), "upgrade", ("2019-01-01", "2019-06-99")),
]
GREP_WORDS = ("compaction", "heartbeat", "kafka")


# -- phases that run in their own process ---------------------------------------------------


def _peak_rss_mb() -> tuple[float, float]:
    """Peak RSS of this process and of its largest reaped child (MB)."""
    own = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    child = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    return own, child


def _status_mb(pid: int | str, key: str) -> float:
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith(key + ":"):
                return int(line.split()[1]) / 1024
    except OSError:
        pass
    return 0.0


def _tree_rss_mb() -> float:
    """RSS of this process and all its descendants (worker processes included), in MB."""
    parents: dict[str, str] = {}
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
                parents[entry.name] = fields[1]
            except (OSError, IndexError):
                continue
    tree, grew = {str(os.getpid())}, True
    while grew:
        more = {pid for pid, parent in parents.items() if parent in tree} - tree
        tree |= more
        grew = bool(more)
    return sum(_status_mb(pid, "VmRSS") for pid in tree)


class TreeRss:
    """Samples the process tree's total RSS in the background; `.peak` is the highest seen."""

    def __init__(self) -> None:
        import threading

        self.peak = 0.0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def _run(self) -> None:
        while not self._stop.wait(0.1):
            self.peak = max(self.peak, _tree_rss_mb())

    def __enter__(self) -> TreeRss:
        self._thread.start()
        return self

    def __exit__(self, *_: object) -> None:
        self._stop.set()
        self._thread.join()


def phase_index(folder: Path) -> dict:
    from tuinotes.library.library import Library

    with TreeRss() as tree:
        started = time.perf_counter()
        with Library(folder) as library:
            report = library.update()
        seconds = time.perf_counter() - started
    own, _ = _peak_rss_mb()
    return {"seconds": seconds, "indexed": len(report.indexed), "rss": own, "tree": tree.peak}


def phase_parse(folder: Path) -> dict:
    """CPU time to read one note (Markdown, every recogniser, its actions), best of 3: the
    part of an index build that changes when a recogniser does."""
    from tuinotes.notes.actions import find_actions
    from tuinotes.notes.parse import parse_meetings

    files = [(p, str(p.relative_to(folder))) for p in sorted(folder.rglob("*.md"))]
    best = float("inf")
    for _ in range(3):
        started = time.process_time()
        for path, rel in files:
            for meeting in parse_meetings(path, rel):
                find_actions(meeting)
        best = min(best, time.process_time() - started)
    return {"per_note": best / max(1, len(files))}


def phase_search(folder: Path) -> dict:
    from tuinotes.library.library import Library
    from tuinotes.library.results import Filters

    timings: dict[str, list[float]] = {}
    with Library(folder) as library:
        prepared = []
        for kind, text, names, _, _ in QUERIES:
            people = [library.find_people(name)[0].keys for name in names]
            prepared.append((kind, text, Filters.all_of(people)))
        for _, text, filters in prepared:  # warm-up: first use of each term
            library.search(text, filters)
        hits = {}
        for _ in range(ROUNDS):
            for kind, text, filters in prepared:
                started = time.perf_counter()
                result = library.search(text, filters, limit=20, snippets=True)
                timings.setdefault(kind, []).append(time.perf_counter() - started)
                hits[text] = result.total
    own, _ = _peak_rss_mb()
    anon, mapped = _status_mb("self", "RssAnon"), _status_mb("self", "RssFile")
    return {"timings": timings, "hits": hits, "rss": own, "anon": anon, "mapped": mapped}


def phase_memory(folder: Path) -> dict:
    """Meeting memory on an up-to-date index: the store built again from the index, then
    each question ROUNDS times."""
    from tuinotes.indexer.memory import MEMORY_FILE
    from tuinotes.library.library import Library

    with Library(folder) as library:
        if library.index.dir is not None:
            (library.index.dir / MEMORY_FILE).unlink(missing_ok=True)
        started = time.perf_counter()
        library.memory()
        sync = time.perf_counter() - started
        threads = library.threads(every=True)
        linked = next((t.key for t in threads if not t.key.startswith("title:")), "")
        latest = max(library.records(), key=lambda r: r.sort_key).path
        questions = {  # as the CLI asks them (its default --limit is 50), and all at once
            "topic by link": lambda: library.topics(linked),
            "topic by words": lambda: library.topics("release"),
            "decisions, newest 50": lambda: library.decisions(limit=50),
            "decisions with words, newest 50": lambda: library.decisions("release", limit=50),
            "decisions, all": lambda: library.decisions(),
            "open threads, newest 50": lambda: library.threads(limit=50),
            "open threads, all": lambda: library.threads(),
            "diff": lambda: library.diff(latest),
        }
        timings: dict[str, list[float]] = {}
        sizes = {}
        for name, ask in questions.items():
            for _ in range(ROUNDS):
                started = time.perf_counter()
                answer = ask()
                timings.setdefault(name, []).append(time.perf_counter() - started)
            sizes[name] = len(answer) if isinstance(answer, list) else 1
    return {"sync": sync, "timings": timings, "sizes": sizes}


def _fts_fields(text: str) -> tuple[str, str, str]:
    """What a plain FTS tool extracts without a Markdown parser: title, date, attendee lines."""
    title = next((line[2:] for line in text.splitlines() if line.startswith("# ")), "")
    found = re.match(r"(\d{4}-\d{2}-\d{2})", title)
    start = text.find("## Attendees")
    table = text[start : text.find("\n## ", start + 1)] if start >= 0 else ""
    return title, found.group(1) if found else "", table


def phase_fts_build(folder: Path, database: Path) -> dict:
    started = time.perf_counter()
    connection = sqlite3.connect(database)
    connection.execute(
        "CREATE VIRTUAL TABLE notes USING fts5(path UNINDEXED, date UNINDEXED, title, body, "
        "attendees, tokenize = 'porter unicode61 remove_diacritics 2')"
    )
    rows = []
    for path in sorted(folder.rglob("*.md")):
        text = path.read_text("utf-8")
        title, day, attendees = _fts_fields(text)
        rows.append((str(path.relative_to(folder)), day, title, text, attendees))
    connection.executemany("INSERT INTO notes VALUES (?, ?, ?, ?, ?)", rows)
    connection.commit()
    connection.close()
    own, _ = _peak_rss_mb()
    return {"seconds": time.perf_counter() - started, "rss": own}


def phase_fts_search(database: Path) -> dict:
    connection = sqlite3.connect(database)
    sql = (
        "SELECT path, title, snippet(notes, 3, '', '', ' … ', 24) FROM notes "
        "WHERE notes MATCH ? {extra} ORDER BY bm25(notes, 0, 0, 2.0, 1.0, 1.5) LIMIT 20"
    )

    def run(match: str, dates: tuple[str, str] | None) -> int:
        if dates:
            query = sql.format(extra="AND date BETWEEN ? AND ?")
            return len(connection.execute(query, (match, *dates)).fetchall())
        return len(connection.execute(sql.format(extra=""), (match,)).fetchall())

    for _, _, _, match, dates in QUERIES:
        run(match, dates)
    timings: dict[str, list[float]] = {}
    for _ in range(ROUNDS):
        for kind, _, _, match, dates in QUERIES:
            started = time.perf_counter()
            run(match, dates)
            timings.setdefault(kind, []).append(time.perf_counter() - started)
    connection.close()
    own, _ = _peak_rss_mb()
    return {"timings": timings, "rss": own}


def phase_ui_stall(folder: Path) -> dict:
    """The app on a first run, driven headless: the longest time its event loop (the UI
    thread) did not answer, sampled every 10 ms while the index is built, and how long until
    the first meeting is listed and the build ends."""
    import asyncio

    from tuinotes.library.config import Config
    from tuinotes.tui.app import make_app

    async def drive() -> dict:
        app = make_app(folder, config=Config(), watch=False)
        stalls: list[float] = []
        first_row: float | None = None
        async with app.run_test(size=(160, 48)):
            loop = asyncio.get_running_loop()
            started = last = loop.time()
            while app.report is None:
                await asyncio.sleep(0.01)
                now = loop.time()
                stalls.append(now - last - 0.01)
                last = now
                result = app.main.result
                if first_row is None and result is not None and result.hits:
                    first_row = now - started
            built = loop.time() - started
        return {
            "max": max(stalls, default=0.0),
            "p99": percentile(stalls, 0.99) if stalls else 0.0,
            "first_row": first_row or built,
            "built": built,
        }

    return asyncio.run(drive())


TYPED = ["serializer backpressure", "kafka retention", "leader election", "compaction"]


def phase_typing(folder: Path) -> dict:
    """The app on a built index, typed into as a terminal sends keys (one every 150 ms, no
    waiting for the app): how long each key takes to show in the search box, and how long
    after the last key of a query its results are on screen."""
    import asyncio

    from textual import events

    from tuinotes.library.config import Config
    from tuinotes.tui.app import make_app

    async def drive() -> dict:
        app = make_app(folder, config=Config(), watch=False)
        echoes: list[float] = []
        results: list[float] = []
        async with app.run_test(size=(160, 48)) as pilot:
            while app.report is None or app.main.result is None:
                await asyncio.sleep(0.05)
            box = app.main.query_one("#query")
            loop = asyncio.get_running_loop()
            for text in TYPED:
                box.focus()
                box.value = ""
                await pilot.pause(0.5)
                for n, char in enumerate(text):
                    key = "space" if char == " " else char
                    event = events.Key(key, char)
                    event.set_sender(app)
                    sent = loop.time()
                    app._driver.send_message(event)
                    while box.value != text[: n + 1]:
                        await asyncio.sleep(0.002)
                    echoes.append(loop.time() - sent)
                    await asyncio.sleep(max(0.0, 0.15 - (loop.time() - sent)))
                last = loop.time()
                while app.main.result is None or app.main.result.query != text:
                    await asyncio.sleep(0.005)
                results.append(loop.time() - last)
        return {
            "echo_p95": percentile(echoes, 0.95),
            "echo_max": max(echoes),
            "results_p50": percentile(results, 0.5),
            "results_max": max(results),
        }

    return asyncio.run(drive())


PHASES = {
    "typing": lambda args: phase_typing(Path(args[0])),
    "ui-stall": lambda args: phase_ui_stall(Path(args[0])),
    "index": lambda args: phase_index(Path(args[0])),
    "search": lambda args: phase_search(Path(args[0])),
    "parse": lambda args: phase_parse(Path(args[0])),
    "memory": lambda args: phase_memory(Path(args[0])),
    "fts-build": lambda args: phase_fts_build(Path(args[0]), Path(args[1])),
    "fts-search": lambda args: phase_fts_search(Path(args[0])),
}


def in_process(phase: str, *args: str, env: dict[str, str]) -> dict:
    """Run one phase in a fresh Python process; return what it measured."""
    output = subprocess.run(
        [sys.executable, __file__, "--phase", phase, *args],
        env=env,
        check=True,
        capture_output=True,
        text=True,
    )
    return json.loads(output.stdout.strip().splitlines()[-1])


# -- scans and the real app -------------------------------------------------------------------


def first_paint(folder: Path, env: dict[str, str]) -> tuple[float, float]:
    """Seconds from launching `tuinotes FOLDER` in a pseudo-terminal to its first frame and
    to the first meeting row on screen (a date in the list)."""
    import pty

    executable = shutil.which("tuinotes", path=str(Path(sys.executable).parent)) or "tuinotes"
    controller, terminal = pty.openpty()
    os.set_blocking(controller, False)
    _set_size(terminal, 40, 140)
    started = time.perf_counter()
    process = subprocess.Popen(
        [executable, str(folder)],
        stdin=terminal,
        stdout=terminal,
        stderr=terminal,
        env={**env, "TERM": "xterm-256color", "COLUMNS": "140", "LINES": "40"},
        close_fds=True,
    )
    os.close(terminal)
    seen, frame, row = "", None, None
    try:
        while row is None and time.perf_counter() - started < 120:
            ready, _, _ = select.select([controller], [], [], 0.01)
            if not ready:
                continue
            try:
                chunk = os.read(controller, 1 << 16).decode("utf-8", "replace")
            except OSError:
                break
            if "\x1b[6n" in chunk:  # the app asks where the cursor is: answer like a terminal
                os.write(controller, b"\x1b[1;1R")
            seen = (seen + chunk)[-200_000:]
            now = time.perf_counter() - started
            if frame is None and "o search" in seen:  # the search box placeholder
                frame = now
            if frame is not None and re.search(r"20\d\d-\d\d-\d\d", seen):
                row = now
    finally:
        process.kill()
        process.wait()
        os.close(controller)
    return frame or float("nan"), row or float("nan")


def _set_size(fd: int, rows: int, columns: int) -> None:
    import fcntl
    import struct
    import termios

    fcntl.ioctl(fd, termios.TIOCSWINSZ, struct.pack("HHHH", rows, columns, 0, 0))


# -- the run ----------------------------------------------------------------------------------


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(share * (len(ordered) - 1)))]


def bench_size(count: int, work: Path) -> dict:
    folder = work / f"notes-{count}"
    if not (folder / ".complete").exists():
        shutil.rmtree(folder, ignore_errors=True)
        corpus.generate(folder, count)
        (folder / ".complete").write_text("")
    size_mb = sum(p.stat().st_size for p in folder.rglob("*.md")) / 2**20
    cache = work / f"cache-{count}"
    shutil.rmtree(cache, ignore_errors=True)
    env = {**os.environ, "XDG_CACHE_HOME": str(cache), "XDG_CONFIG_HOME": str(work / "config")}
    row: dict = {"notes": count, "megabytes": size_mb}
    if count < LARGE:  # each of these builds the whole index once more
        print(f"[{count} notes, {size_mb:.0f} MB] first paint, cold …", flush=True)
        row["paint_cold"] = first_paint(folder, env)
        shutil.rmtree(cache, ignore_errors=True)
        print(f"[{count}] UI stalls during a first build …", flush=True)
        row["stall"] = in_process("ui-stall", str(folder), env=env)
        shutil.rmtree(cache, ignore_errors=True)
    print(f"[{count}] reading notes …", flush=True)
    row["parse"] = in_process("parse", str(folder), env=env)
    print(f"[{count}] cold index …", flush=True)
    row["cold"] = in_process("index", str(folder), env=env)
    row["reopen"] = in_process("index", str(folder), env=env)
    changed = sorted(folder.rglob("*.md"))[count // 2]
    original = changed.read_bytes()
    changed.write_bytes(original + b"\n- [ ] ZZ: a late addition about compaction\n")
    try:
        row["one_change"] = in_process("index", str(folder), env=env)
    finally:
        changed.write_bytes(original)
    in_process("index", str(folder), env=env)
    print(f"[{count}] search …", flush=True)
    row["search"] = in_process("search", str(folder), env=env)
    print(f"[{count}] meeting memory …", flush=True)
    row["memory"] = in_process("memory", str(folder), env=env)
    print(f"[{count}] typing in the app …", flush=True)
    row["typing"] = in_process("typing", str(folder), env=env)
    row["paint_warm"] = first_paint(folder, env)
    print(f"[{count}] whole CLI processes …", flush=True)
    row["cli_help"] = process_seconds([[*TUINOTES, "--help"]], env)
    row["cli_search"] = process_seconds(
        [[*TUINOTES, "search", "--notes", str(folder), word] for word in GREP_WORDS], env
    )
    print(f"[{count}] SQLite FTS5 …", flush=True)
    database = work / f"fts-{count}.sqlite"
    database.unlink(missing_ok=True)
    row["fts_build"] = in_process("fts-build", str(folder), str(database), env=env)
    row["fts_search"] = in_process("fts-search", str(database), env=env)
    print(f"[{count}] rg / grep …", flush=True)
    if shutil.which("rg"):
        row["rg"] = scan_seconds(folder, ["rg", "-l", "-i"])
    row["grep"] = scan_seconds(folder, ["grep", "-ril"])
    return row


TUINOTES = [sys.executable, "-m", "tuinotes"]


def process_seconds(commands: list[list[str]], env: dict[str, str]) -> float:
    """Median wall time of whole processes, as a shell runs them (3 rounds)."""
    times = []
    for _ in range(3):
        for command in commands:
            started = time.perf_counter()
            subprocess.run(command, capture_output=True, check=True, env=env)
            times.append(time.perf_counter() - started)
    return statistics.median(times)


def scan_seconds(folder: Path, command: list[str]) -> float:
    """Median wall time of a whole-folder scan (`rg -l -i WORD DIR`) over the grep words."""
    times = []
    for _ in range(3):
        for word in GREP_WORDS:
            started = time.perf_counter()
            subprocess.run([*command, word, str(folder)], capture_output=True, check=False)
            times.append(time.perf_counter() - started)
    return statistics.median(times)


def _ms(seconds: float) -> str:
    return f"{seconds * 1000:.1f} ms"


def _s(seconds: float) -> str:
    return f"{seconds:.2f} s"


def _all(timings: dict[str, list[float]]) -> list[float]:
    return [t for values in timings.values() for t in values]


def report(rows: list[dict]) -> str:
    """The results as Markdown tables (one per corpus size)."""
    out: list[str] = []
    for row in rows:
        ours, fts = _all(row["search"]["timings"]), _all(row["fts_search"]["timings"])
        p50, p95, fts50, fts95 = (
            percentile(ours, 0.5),
            percentile(ours, 0.95),
            percentile(fts, 0.5),
            percentile(fts, 0.95),
        )
        rg, grep = row.get("rg"), row["grep"]
        out += [
            f"### {row['notes']:,} notes ({row['megabytes']:.0f} MB)",
            "",
            "| measure | tuinotes | SQLite FTS5 | ripgrep `-l -i` | grep `-ril` "
            "| tuinotes / FTS5 |",
            "|---|---|---|---|---|---|",
            f"| full index, cold | {_s(row['cold']['seconds'])} "
            f"| {_s(row['fts_build']['seconds'])} | – | – "
            f"| {row['cold']['seconds'] / row['fts_build']['seconds']:.1f}× |",
            f"| reading a note (CPU, all recognisers) | {_ms(row['parse']['per_note'])} "
            "| – | – | – | |",
            f"| re-open, nothing changed | {_s(row['reopen']['seconds'])} | – | – | – | |",
            f"| re-open, one note changed | {_s(row['one_change']['seconds'])} | – | – | – | |",
            f"| search p50 (top 20 + snippets) | {_ms(p50)} | {_ms(fts50)} "
            f"| {_ms(rg) if rg else 'n/a'} | {_ms(grep)} | {p50 / fts50:.1f}× |",
            f"| search p95 | {_ms(p95)} | {_ms(fts95)} | | | {p95 / fts95:.1f}× |",
            f"| peak RSS, indexing (main process / with workers) "
            f"| {row['cold']['rss']:.0f} MB / {row['cold']['tree']:.0f} MB "
            f"| {row['fts_build']['rss']:.0f} MB | | | |",
            f"| peak RSS, searching (of which mapped index files) "
            f"| {row['search']['rss']:.0f} MB ({row['search']['mapped']:.0f} MB) "
            f"| {row['fts_search']['rss']:.0f} MB | | | |",
            "| TUI first frame / first meeting listed, first run | "
            + (
                f"{_s(row['paint_cold'][0])} / {_s(row['paint_cold'][1])} | | | | |"
                if "paint_cold" in row
                else "not run at this size | | | | |"
            ),
            f"| TUI first frame / first meeting listed, warm index | "
            f"{_s(row['paint_warm'][0])} / {_s(row['paint_warm'][1])} | | | | |",
            f"| whole `tuinotes search WORD` process (p50) | {_s(row['cli_search'])} | | "
            f"{_ms(rg) if rg else 'n/a'} | | |",
            f"| `tuinotes --help` | {_s(row['cli_help'])} | | | | |",
            f"| typing (a key every 150 ms): key shown p95 / max | "
            f"{_ms(row['typing']['echo_p95'])} / {_ms(row['typing']['echo_max'])} | | | | |",
            f"| typing: results on screen after the last key, p50 / max | "
            f"{_ms(row['typing']['results_p50'])} / {_ms(row['typing']['results_max'])} "
            "| | | | |",
            "| UI thread during a first build: longest stall / p99 | "
            + (
                f"{_ms(row['stall']['max'])} / {_ms(row['stall']['p99'])} | | | | |"
                if "stall" in row
                else "not run at this size | | | | |"
            ),
            "",
        ]
        if rg:
            out += [
                f"ripgrep `-l` over the folder takes {rg / p50:.1f}× the time of a tuinotes "
                "search (p50), with no ranking or snippets.",
                "",
            ]
        memory = row["memory"]
        out += [
            f"Meeting memory (store rebuilt from the index in {_s(memory['sync'])}):",
            "",
            "| question | answers | p50 | max |",
            "|---|---|---|---|",
        ]
        for name, values in memory["timings"].items():
            out.append(
                f"| {name} | {memory['sizes'][name]} | {_ms(percentile(values, 0.5))} "
                f"| {_ms(max(values))} |"
            )
        out.append("")
        out += ["| query kind | tuinotes p50 | FTS5 p50 | tuinotes p95 |", "|---|---|---|---|"]
        for kind, values in row["search"]["timings"].items():
            theirs = row["fts_search"]["timings"][kind]
            out.append(
                f"| {kind} | {_ms(percentile(values, 0.5))} | {_ms(percentile(theirs, 0.5))} "
                f"| {_ms(percentile(values, 0.95))} |"
            )
        out.append("")
    return "\n".join(out)


def machine() -> str:
    cpu = platform.processor() or platform.machine()
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    sqlite = sqlite3.sqlite_version
    rg = (
        subprocess.run(["rg", "--version"], capture_output=True, text=True).stdout.split("\n")[0]
        if shutil.which("rg")
        else "not installed"
    )
    return (
        f"{os.cpu_count()} cores ({cpu}), Linux {platform.release()}, "
        f"Python {platform.python_version()}, SQLite {sqlite}, {rg}"
    )


def compile_bytecode() -> None:
    """Compile tuinotes' modules as an installed package has them: with PYTHONDONTWRITEBYTECODE
    set (or an editable install never run), every whole-process timing would include compiling
    them, about 50 ms a process here."""
    import compileall
    import importlib.util

    spec = importlib.util.find_spec("tuinotes")
    for folder in (spec.submodule_search_locations or []) if spec else []:
        compileall.compile_dir(folder, quiet=1)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[1000, 10000])
    parser.add_argument("--out", type=Path, help="write the tables to this Markdown file")
    parser.add_argument("--work", type=Path, help="keep corpora here (default: a temp dir)")
    parser.add_argument("--phase", help=argparse.SUPPRESS)
    args, rest = parser.parse_known_args()
    if args.phase:
        print(json.dumps(PHASES[args.phase](rest)))
        return
    work = args.work or Path(tempfile.mkdtemp(prefix="tuinotes-bench-"))
    compile_bytecode()
    rows = [bench_size(count, work) for count in args.sizes]
    text = "\n".join(
        [
            "# Benchmarks",
            "",
            "Made by `python bench/run.py --out docs/benchmarks.md` on synthetic meeting notes",
            "from `bench/corpus.py` (about 5.7 KB a note: frontmatter, attendee table, agenda",
            "items with nested discussion, links). Every tuinotes measure runs in a fresh",
            "process with its own cache dir. The FTS5 peer indexes the same files with the",
            "standard library's sqlite3 (porter tokenizer, bm25 with column weights, `snippet()`,",
            "top 20), extracting title, date and the attendee table with plain string searches.",
            "ripgrep and grep only list matching files (no ranking, no snippets), one word at a",
            "time. The TUI is timed in a pseudo-terminal from process start to the first frame",
            "and to the first meeting row on screen.",
            "",
            f"Run on {time.strftime('%Y-%m-%d')}: {machine()}.",
            f"Search: {len(QUERIES)} queries × {ROUNDS} rounds after one warm-up round.",
            "",
            report(rows),
        ]
    )
    print(text)
    if args.out:
        args.out.write_text(text + "\n", encoding="utf-8")
    if not args.work:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
