"""Meeting memory: topics across meetings, decisions, open threads, what changed, export."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from datetime import date

import pytest

from tests.conftest import write
from tuinotes.library.library import Library, LibraryError

TABLE = "## Attendees\n\n| Name | Initials |\n|---|---|\n{}\n"


def people(*rows: tuple[str, str]) -> str:
    return TABLE.format("\n".join(f"| {name} | {initials} |" for name, initials in rows))


FIRST = (
    "# 2024-05-01 Widget Team Sync\n\n"
    + people(("Avery Brooks", "AB"), ("Cam Diaz", "CD"))
    + "\n## Agenda\n\n"
    "- [ ] AB: Review [the parser PR](https://github.com/acme/widget/pull/12/files)\n"
    "    - CD: Decided: merge once the docs land\n"
    "- [ ] Plan the offsite\n\n"
    "## Deferred to next meeting\n\n"
    "- [ ] Budget review\n"
)
SECOND = (
    "# 2024-05-08 Widget Team Sync\n\n"
    + people(("Avery Brooks", "AB"), ("Eli Fox", "EF"))
    + "\n## Agenda\n\n"
    "- [x] AB: acme/widget#12 merged\n"
    "- [ ] Plan the offsite\n"
    "    - EF: see https://github.com/acme/widget/issues/40 for dates\n"
    "- [ ] Hire an intern\n"
    "- [ ] Plan the offsite\n\n"  # listed twice: one topic
    "## Done\n\n"
    "- Budget review\n"
)
COMMITTEE = (
    "# 2024-05-10 Standards Committee\n\n"
    + people(("Gia Hale", "GH"))
    + "\n## Date formats\n\nGH: Proposal to require ISO 8601.\n\n"
    "### Conclusion\n\n- Use ISO 8601 everywhere.\n- Revisit week numbers later.\n\n"
    "## Time zones\n\nLong discussion.\n\n"
    "### Resolution\n\nRESOLVED: store times in UTC.\n\n"
    "## Naming\n\nNo conclusion yet.\n"
)


@pytest.fixture
def library(tmp_path):
    folder = tmp_path / "notes"
    write(folder, "2024-05-01-sync.md", FIRST)
    write(folder, "2024-05-08-sync.md", SECOND)
    write(folder, "committee/2024-05-10.md", COMMITTEE)
    with Library(folder, tmp_path / "index") as index:
        index.update()
        yield index


@pytest.mark.parametrize(
    "reference",
    [
        "https://github.com/acme/widget/pull/12",
        "https://github.com/acme/widget/pull/12/files#diff-3",
        "https://github.com/acme/widget/issues/12",
        "acme/widget#12",
        "Acme/Widget#12",
    ],
)
def test_a_linked_topic_in_every_form_finds_both_meetings(library, reference):
    (topic,) = library.topics(reference)
    assert topic.label == "acme/widget#12"
    assert [o.record.path for o in topic.occurrences] == [
        "2024-05-01-sync.md",
        "2024-05-08-sync.md",
    ]
    first, second = topic.occurrences
    assert first.item.speaker_name == "Avery Brooks" and first.item.state == "open"
    assert [(x.text, bool(x.decision)) for x in first.lines] == [
        ("Decided: merge once the docs land", True)
    ]
    assert second.item.state == "done" and second.item.text == "acme/widget#12 merged"


def test_a_topic_by_words_and_a_link_in_discussion_is_a_mention(library):
    (offsite,) = library.topics("offsite")
    assert len(offsite.occurrences) == 2 and offsite.title == "Plan the offsite"
    (dates,) = library.topics("https://github.com/acme/widget/issues/40")
    (mention,) = dates.occurrences
    assert mention.mention and "for dates" in mention.item.text
    assert library.topics("nothing like this") == []


def test_decisions_one_per_concluded_topic_newest_meeting_first(library):
    decisions = library.decisions()
    assert [(d.record.path, d.label) for d in decisions] == [
        ("committee/2024-05-10.md", "Date formats"),  # in note order within a meeting
        ("committee/2024-05-10.md", "Time zones"),
        ("2024-05-01-sync.md", "acme/widget#12"),
    ]
    formats = decisions[0]
    assert [x.text for x in formats.lines] == [
        "Use ISO 8601 everywhere.",
        "Revisit week numbers later.",
    ]
    assert [x.text for x in decisions[1].lines] == ["RESOLVED: store times in UTC."]
    assert [d.label for d in library.decisions("utc")] == ["Time zones"]
    assert [d.label for d in library.decisions("merg")] == ["acme/widget#12"]  # a prefix
    assert library.decisions('"*)') == [] and library.topics('"*)') == []  # no FTS syntax
    assert len(library.decisions(since=date(2024, 5, 2))) == 2
    assert [d.label for d in library.decisions(limit=1)] == ["Date formats"]


def test_threads_open_closed_and_where(library):
    every = {t.title: t for t in library.threads(every=True)}
    offsite = every["Plan the offsite"]
    assert offsite.state == "open" and offsite.times == 2
    assert offsite.first.path == "2024-05-01-sync.md"
    assert offsite.last.path == "2024-05-08-sync.md"
    pr = every["acme/widget#12 — acme/widget#12 merged"]
    assert pr.state == "closed" and pr.closed_in.path == "2024-05-08-sync.md"
    budget = every["Budget review"]  # deferred, then moved to a Done section
    assert budget.state == "closed" and budget.times == 2
    assert "Date formats" not in every  # headings met once are not threads
    assert "Hire an intern" not in every  # new this week: an action, not yet a thread
    open_now = {t.title for t in library.threads()}
    assert open_now == {"Plan the offsite"}
    assert library.threads(series="no such series") == []
    assert {t.title for t in library.threads(series="widget team sync")} == open_now


def test_diff_against_the_previous_meeting_of_the_series(library):
    diff = library.diff("2024-05-08-sync.md")
    assert diff.since is not None and diff.since.path == "2024-05-01-sync.md"
    assert [x.text for x in diff.new] == ["Hire an intern"]
    assert {x.text for x in diff.carried} == {
        "acme/widget#12 merged",
        "Plan the offsite",
        "Budget review",
    }
    assert diff.joined == ["Eli Fox"] and diff.left == ["Cam Diaz"]
    assert diff.summary == "1 new, 3 carried since 2024-05-01"
    assert library.diff("2024-05-01-sync.md").summary == ""  # nothing earlier
    with pytest.raises(LibraryError, match="another one"):
        library.diff("2024-05-08-sync.md", "2024-05-08-sync.md")


def test_every_items_stored_topic_key_finds_its_topic(library):
    """The views hand back stored keys, titles ones too ("title:series:words")."""
    lines = library.memory().lines_of(library.catalog)
    items = [line for rows in lines.values() for line in rows if line.depth == 0]
    assert items
    for item in items:
        (topic,) = library.topics(item.topic)
        assert topic.key == item.topic


def test_the_person_view_reads_the_index_not_the_notes(library, monkeypatch):
    import tuinotes.notes.parse as parse

    def no_parsing(*_args, **_kwargs):
        raise AssertionError("a note was parsed again")

    monkeypatch.setattr(parse, "parse_meetings", no_parsing)
    activity = library.activity(library.person("Avery Brooks"))
    assert [(c.kind, c.text) for c in activity.contributions] == [
        ("raised", "Review the parser PR"),
        ("raised", "acme/widget#12 merged"),
    ]


def test_memory_follows_edits_and_removals(library):
    folder = library.folder
    (folder / "2024-05-08-sync.md").unlink()
    write(folder, "2024-05-15-sync.md", SECOND.replace("2024-05-08", "2024-05-15"))
    library.update()
    (topic,) = library.topics("acme/widget#12")
    assert [o.record.path for o in topic.occurrences] == [
        "2024-05-01-sync.md",
        "2024-05-15-sync.md",
    ]


def test_the_memory_is_in_step_when_an_update_returns(library):
    """An update that commits a change leaves the memory store in step before anything is
    asked (as another tuinotes reading the file sees it), even from a command that only
    searches; a rebuild starts it again."""
    from tuinotes.indexer.memory import MEMORY_FILE, MemoryStore

    folder = library.folder
    write(folder, "2024-05-22-sync.md", FIRST.replace("2024-05-01", "2024-05-22"))
    changed = folder / "2024-05-08-sync.md"
    changed.write_text(SECOND + "- [ ] Zanzibar logistics\n    - Decided: fly on Monday\n")
    os.utime(changed, ns=(1, 2))
    with Library(folder, library.index.dir) as searching:  # has not opened the memory
        searching.update(memory=False)

    def lines_seen_by_another_reader(path: str) -> list[str]:
        other = MemoryStore(library.index.dir / MEMORY_FILE, library.index.stamp)
        try:
            return [line.text for line in other.lines_of([path])[path]]
        finally:
            other.close()

    assert "Zanzibar logistics" in lines_seen_by_another_reader("2024-05-08-sync.md")
    assert lines_seen_by_another_reader("2024-05-22-sync.md")
    with Library(folder, library.index.dir) as again:
        again.update(rebuild=True)
        assert "Zanzibar logistics" in lines_seen_by_another_reader("2024-05-08-sync.md")
        decided = [line.text for found in again.decisions("zanzibar") for line in found.lines]
        assert decided == ["Decided: fly on Monday"]


def test_a_store_already_in_step_is_taken_without_loading_the_catalog(library, monkeypatch):
    """Re-opening an index whose memory another update brought to the last commit: the
    update answers without loading every record to compare, and the memory still answers;
    once a commit moves on, the store is brought in step again."""
    from tuinotes.indexer.catalog import CatalogFiles

    loads: list[int] = []
    load = CatalogFiles.load
    monkeypatch.setattr(
        CatalogFiles, "load", lambda self, gen: loads.append(gen) or load(self, gen)
    )
    with Library(library.folder, library.index.dir) as again:
        assert again.update().indexed == []  # the memory asked to be in step, as the app does
        assert loads == []
        (topic,) = again.topics("acme/widget#12")
        assert len(topic.occurrences) == 2
    write(library.folder, "2024-05-29-sync.md", SECOND.replace("2024-05-08", "2024-05-29"))
    with Library(library.folder, library.index.dir) as moved:
        assert moved.update().indexed == ["2024-05-29-sync.md"]
    with Library(library.folder, library.index.dir) as later:
        later.update()
        (topic,) = later.topics("acme/widget#12")
        assert len(topic.occurrences) == 3


def test_a_damaged_index_started_again_brings_the_memory_with_it(library):
    """A damaged index starts its commits again from the start: a memory store left beside
    it must not be taken as in step because an old commit number comes round again."""
    folder, index_dir = library.folder, library.index.dir
    library.close()
    (folder / "2024-05-08-sync.md").unlink()
    for day in range(10, 20):
        write(folder, f"2024-06-{day}-sync.md", SECOND.replace("2024-05-08", f"2024-06-{day}"))
    for segment in index_dir.glob("*.seg"):
        segment.write_bytes(b"garbage")
    with Library(folder, index_dir) as again:
        report = again.update()
        assert any("rebuild" in m for m in report.messages), report.messages
        (topic,) = again.topics("acme/widget#12")
        paths = [o.record.path for o in topic.occurrences]
        assert "2024-05-08-sync.md" not in paths and len(paths) == 11


def test_a_rebuild_leaves_a_question_in_flight_answerable(library):
    """A view holding the memory store while a rebuild starts it again still gets its
    answer (from the store it holds); the next question reads the new one."""
    held = library.memory()
    library.update(rebuild=True)
    assert held.topic_lines(["acme/widget#12"])  # not a closed database
    (topic,) = library.topics("acme/widget#12")
    assert len(topic.occurrences) == 2


def run(*args: str, cache) -> subprocess.CompletedProcess:
    env = {**os.environ, "XDG_CACHE_HOME": str(cache)}  # the index goes there
    return subprocess.run(
        [sys.executable, "-m", "tuinotes", *args],
        capture_output=True,
        text=True,
        timeout=120,
        env=env,
    )


def test_cli_topic_decisions_open_diff(library, tmp_path):
    notes, cache = str(library.folder), tmp_path / "cache"
    topic = run("topic", "acme/widget#12", "--notes", notes, "--json", cache=cache)
    assert topic.returncode == 0, topic.stderr
    (data,) = json.loads(topic.stdout)
    assert data["topic"] == "acme/widget#12"
    assert [m["date"] for m in data["meetings"]] == ["2024-05-01", "2024-05-08"]
    assert data["meetings"][0]["raised_by"] == "Avery Brooks"
    assert data["meetings"][0]["decisions"] == ["Decided: merge once the docs land"]
    markdown = run("topic", "acme/widget#12", "--notes", notes, "--format", "md", cache=cache)
    assert markdown.stdout.startswith("## acme/widget#12 — ")
    assert "**Decision:** Decided: merge once the docs land" in markdown.stdout
    decisions = json.loads(run("decisions", "--notes", notes, "--json", cache=cache).stdout)
    assert [d["topic"] for d in decisions][:2] == ["Date formats", "Time zones"]
    one = run("decisions", "--notes", notes, "--json", "--limit", "1", cache=cache)
    assert len(json.loads(one.stdout)) == 1 and "--limit 0 shows all" in one.stderr
    threads = json.loads(run("open", "--notes", notes, "--json", cache=cache).stdout)
    assert {t["title"] for t in threads} == {"Plan the offsite"}
    assert threads[0]["first_raised"] and threads[0]["last_seen"]["path"].endswith(".md")
    diff = json.loads(
        run("diff", "2024-05-08-sync.md", "--notes", notes, "--json", cache=cache).stdout
    )
    assert [x["item"] for x in diff["new"]] == ["Hire an intern"]
    assert diff["since"]["date"] == "2024-05-01"
    missing = run("topic", "zzz", "--notes", notes, cache=cache)
    assert missing.returncode == 1 and "no agenda item" in missing.stderr
    bad = run("diff", "nope.md", "--notes", notes, cache=cache)
    assert bad.returncode == 2 and "no meeting nope.md" in bad.stderr


# -- in the app ----------------------------------------------------------------------------


@pytest.fixture
def memory_app(library, tmp_path):
    from tuinotes.library.config import Config
    from tuinotes.tui.app import make_app

    return make_app(library.folder, config=Config(), index_dir=tmp_path / "app", watch=False)


async def test_the_header_says_what_changed_and_t_shows_a_topic_across_meetings(memory_app):
    from tests.test_app import SIZE, ready, until
    from tuinotes.tui.memory_screens import MeetingTopicsScreen, TopicScreen

    app = memory_app
    async with app.run_test(size=SIZE) as pilot:
        await ready(app, pilot)
        app.main.open_meeting("2024-05-08-sync.md")
        header = app.main.query_one("#agenda-header")
        await until(pilot, lambda: "1 new, 3 carried since 2024-05-01" in str(header.render()))
        app.main.query_one("#agenda").focus()
        await pilot.press("T")
        await until(pilot, lambda: isinstance(app.screen, MeetingTopicsScreen))
        rows = app.screen.query_one("#meeting-topics")
        await until(pilot, lambda: rows.option_count == 5)
        texts = [str(rows.get_option_at_index(i).prompt) for i in range(5)]
        assert texts.count("☐ Plan the offsite  (2 meetings)") == 2
        assert texts[0] == "☑ acme/widget#12 merged  (2 meetings)"
        await pilot.press("enter")
        await until(pilot, lambda: isinstance(app.screen, TopicScreen))
        screen = app.screen
        await until(pilot, lambda: screen.topic is not None)
        timeline = screen.query_one("#topic-rows")
        shown = [str(timeline.get_option_at_index(i).prompt) for i in range(timeline.option_count)]
        assert "decided: Decided: merge once the docs land" in " ".join(shown)
        assert shown[0].startswith("2024-05-01  Widget Team Sync")
        await pilot.press("enter")  # the first meeting, at its item
        await until(pilot, lambda: app.main.current_path == "2024-05-01-sync.md")
        reader = app.main.query_one("#agenda")
        await until(pilot, lambda: bool(reader.query(".-target")))
        assert "parser PR" in reader.query_one(".-target").source


async def test_decisions_and_threads_views_open_meetings_at_their_lines(memory_app):
    from tests.test_app import SIZE, ready, until
    from tuinotes.tui.memory_screens import DecisionsScreen, ThreadsScreen

    app = memory_app
    async with app.run_test(size=SIZE) as pilot:
        await ready(app, pilot)
        app.main.query_one("#meetings").focus()
        await pilot.press("D")
        await until(pilot, lambda: isinstance(app.screen, DecisionsScreen))
        screen = app.screen
        await until(pilot, lambda: screen.decisions is not None)
        rows = screen.query_one("#decisions-rows")
        assert rows.option_count == 3
        await pilot.press(*"utc")
        await until(pilot, lambda: rows.option_count == 1)
        await pilot.press("down", "enter")
        await until(pilot, lambda: app.main.current_path == "committee/2024-05-10.md")
        await pilot.press("O")
        await until(pilot, lambda: isinstance(app.screen, ThreadsScreen))
        threads = app.screen
        await until(pilot, lambda: threads.threads is not None)
        listing = threads.query_one("#threads-rows")
        assert listing.option_count == 1
        await pilot.press("s")  # closed threads too
        assert listing.option_count == 3
        await pilot.press("escape")
        await until(pilot, lambda: not isinstance(app.screen, ThreadsScreen))


async def test_the_palette_offers_recurring_topics(memory_app):
    from tests.test_app import SIZE, ready, until
    from tuinotes.tui.commands import TopicCommands

    app = memory_app
    async with app.run_test(size=SIZE) as pilot:
        await ready(app, pilot)
        await until(pilot, lambda: bool(app.main.palette.topics))
        hits = [h async for h in TopicCommands(app.screen).search("widget#12")]
        assert hits and hits[0].text == "Topic: acme/widget#12 — acme/widget#12 merged (2 meetings)"


# -- the store beside the index: shared, damaged, unusable -----------------------------------


def _line_count(library) -> int:
    return sum(len(lines) for lines in library.memory().lines_of(library.catalog).values())


SYNC_IN_A_PROCESS = """
import sys
from pathlib import Path
from tuinotes.library.library import Library
library = Library(Path(sys.argv[1]), Path(sys.argv[2]))
memory = library.memory()
lines = sum(len(found) for found in memory.lines_of(library.catalog).values())
print(lines, len(library.index.messages))
library.close()
"""


def test_three_processes_building_one_store_take_turns(library):
    """Three tuinotes processes open a folder whose meeting memory is not built yet: each
    builds or waits for it under the store's lock, none falls back to memory or doubles
    the lines."""
    from tuinotes.indexer.memory import MEMORY_FILE

    expected = _line_count(library)
    store = library.index.dir / MEMORY_FILE
    library.close()
    store.unlink()
    command = [sys.executable, "-c", SYNC_IN_A_PROCESS, str(library.folder), str(library.index.dir)]
    processes = [
        subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        for _ in range(3)
    ]
    answers = [process.communicate(timeout=120) for process in processes]
    for process, (stdout, stderr) in zip(processes, answers, strict=True):
        assert process.returncode == 0, stderr
        assert stdout.split() == [str(expected), "0"]  # all the lines, no fallback message
    with Library(library.folder, library.index.dir) as again:
        assert _line_count(again) == expected  # the store holds each line once
        (topic,) = again.topics("acme/widget#12")
        assert len(topic.occurrences) == 2


def test_a_damaged_store_is_rebuilt(library):
    from tuinotes.indexer.memory import MEMORY_FILE

    store = library.index.dir / MEMORY_FILE
    library.close()
    for suffix in ("-wal", "-shm"):
        store.with_name(store.name + suffix).unlink(missing_ok=True)
    store.write_bytes(b"not a database at all" * 100)
    with Library(library.folder, library.index.dir) as again:
        assert [t.label for t in again.topics("acme/widget#12")] == ["acme/widget#12"]


def test_an_unusable_store_falls_back_to_memory_and_says_so(library):
    from tuinotes.indexer.memory import MEMORY_FILE

    store = library.index.dir / MEMORY_FILE
    library.close()
    for suffix in ("", "-wal", "-shm"):
        store.with_name(store.name + suffix).unlink(missing_ok=True)
    store.mkdir()  # a directory where the file should be
    with Library(library.folder, library.index.dir) as again:
        report = again.update()  # the CLI prints the report's messages
        assert any("meeting memory" in m for m in report.messages)
        assert [t.label for t in again.topics("acme/widget#12")] == ["acme/widget#12"]


def test_a_conclusion_heading_belongs_to_the_topic_it_is_nested_under():
    from pathlib import Path

    from tuinotes.notes.memory import meeting_memory
    from tuinotes.notes.parse import parse_text

    meeting = parse_text(
        "# 2024-06-01 Design meeting\n\n## Proposal A\n\nSome discussion.\n\n"
        "### Conclusion\n\n- Go with A.\n\n## Proposal B\n\nMore discussion.\n\n"
        "## Conclusions\n\n- Revisit B next quarter.\n",
        Path("2024-06-01-design.md"),
    )
    decided = [(line.label, line.text) for line in meeting_memory(meeting) if line.decision]
    assert decided == [
        ("Proposal A", "Go with A."),  # nested under Proposal A
        ("Conclusions", "Revisit B next quarter."),  # beside the topics: the meeting's own
    ]


def test_prose_decisions_belong_to_their_section_and_bare_conclusion_bullets_lead_theirs():
    from pathlib import Path

    from tuinotes.notes.memory import meeting_memory
    from tuinotes.notes.parse import parse_text

    meeting = parse_text(
        "# 2024-06-02 Sync\n\n## Agenda\n\n- [ ] Item A\n\nDecided: about A, said in prose.\n\n"
        "- [ ] Item B\n- [ ] Item C\n    - Conclusion:\n        - Ship C in June.\n"
        "        - Tell the users.\n\n## Summary\n\nConclusion: a good meeting.\n",
        Path("2024-06-02-sync.md"),
    )
    decided = [(line.label, line.text) for line in meeting_memory(meeting) if line.decision]
    assert decided == [
        ("Item C", "Ship C in June."),
        ("Item C", "Tell the users."),
        ("Agenda", "Decided: about A, said in prose."),  # not filed under the last bullet
        ("Summary", "Conclusion: a good meeting."),  # nor under the section before
    ]


async def test_a_topic_without_a_link_opens_from_the_meetings_topics(memory_app):
    from tests.test_app import SIZE, ready, until
    from tuinotes.tui.memory_screens import MeetingTopicsScreen, TopicScreen

    app = memory_app
    async with app.run_test(size=SIZE) as pilot:
        await ready(app, pilot)
        app.main.open_meeting("2024-05-08-sync.md")
        await until(pilot, lambda: app.main.current_path == "2024-05-08-sync.md")
        app.main.query_one("#agenda").focus()
        await pilot.press("T")
        await until(pilot, lambda: isinstance(app.screen, MeetingTopicsScreen))
        rows = app.screen.query_one("#meeting-topics")
        await until(pilot, lambda: rows.option_count == 5)
        await pilot.press("down", "enter")  # "Plan the offsite": a title, no link
        await until(pilot, lambda: isinstance(app.screen, TopicScreen))
        screen = app.screen
        await until(pilot, lambda: screen.topic is not None)
        assert screen.topic.title == "Plan the offsite"
        assert len(screen.topic.occurrences) == 2


INSTALLER = (
    "# 2024-06-03 Packaging Call\n\n"
    + people(("Ines Kowal", "IK"))
    + "\n## Installer\n\n- [ ] IK: Windows installer status\n\n"
    "### Decision\n\n- Decided: we released the installer on Friday.\n\n"
    "## Mirrors\n\n- [ ] Zoë's mirror list for the X-Ray builds\n"
)


@pytest.mark.parametrize(
    ("words", "found"),
    [
        ("releases", True),
        ("RELEASED", True),
        ("releasing installers", True),
        ("relay", False),  # shares a prefix, not a stem
        ("installer relay", False),
    ],
)
def test_search_and_decisions_read_a_word_the_same_way(tmp_path, words, found):
    folder = tmp_path / "notes"
    write(folder, "2024-06-03-packaging.md", INSTALLER)
    with Library(folder, tmp_path / "index") as library:
        library.update()
        searched = [hit.record.path for hit in library.search(words).hits]
        decided = [d.record.path for d in library.decisions(words)]
        assert searched == decided == (["2024-06-03-packaging.md"] if found else [])


def test_every_consumer_of_the_analysis_agrees_on_the_terms(tmp_path):
    """The index, the snippets' terms and the memory's finder take a word to one term."""
    from tuinotes.indexer.memory import match_expression
    from tuinotes.search.analysis import terms
    from tuinotes.search.whoosh_backend import prose, prose_analyzer

    text = "Zoë's mirrors: the X-Ray builds were Released, see test_checkpoint_recovery"
    indexed = [t.text for t in prose_analyzer()(text, mode="query")]
    snippet_terms = [prose().term(w) for w in ("Zoë", "mirrors", "X", "Ray", "Released")]
    assert indexed == terms(text)
    assert set(snippet_terms) <= set(indexed)
    assert match_expression(text) == " ".join(f'"{t}"' for t in terms(text))


@pytest.mark.parametrize(
    ("line", "decided"),
    [
        ("Code of conduct working group: decision made to close it", True),
        ("Open Up Community Board Seat (#1054): CPC agrees to the by-laws change", True),
        ("Who can be an observer (#234): general consensus to adopt the suggested text", True),
        ("Agree to decouple the ambiguity operator from the GPL specifics", True),
        ("Hearing no objections, we adopt that plan.", True),
        ("TAC Issue 218 - Proposal to create a DEI WG: vote, motion carries", True),
        ("SBOMit sandbox application approved 6 in favour, 1 abstain", True),
        ("Should we agree to the new charter?", False),  # a question
        ("Consensus Client Team Updates", False),  # the consensus layer, not an agreement
        ("Consensus: the spec freezes on Friday", True),
        ("Not agreed yet: we revisit the budget next week", False),
        ("The release needs board approval before it ships", False),  # still to come
        ("Hearing support and no objections, the agenda is approved.", False),  # procedure
        ("No objections.", False),  # a reply: the decision is the line above it
        ("No decision made for ProgPoW on this call.", False),
        ("Adopt the quarterly release cadence: passed 4-0", True),  # a vote's tally
        ("Agree, as long as the tests land first.", False),  # a reply with a condition
        ("No objection, but I would like to see the coverage first.", False),
        ("Agree with almost everything. Nit: we need a policy people can live with.", False),
        # votes as communities write them; a group that agreed
        ("Vote to move Foo to Incubation: +7 binding, 0 -1, 0 abstain. Passed.", True),
        ("Vote passed: 6 for, 0 against, 1 abstained.", True),
        ("Release manager for 2.1 — approved, 4 yes / 0 no.", True),
        ("Voted 6–0 to appoint Rosa as the security lead", True),
        ("The TSC voted 3-0 to adopt the charter", True),
        ("Adopt the charter: passed (3 +1, 0 -1)", True),
        ("The maintainers agreed to accept it as an alpha extension.", True),
        ("We will vote next week on the charter", False),
        ("#612 Ordered imports proposal — **accepted**", True),  # a verdict after the item
        ("2025 budget approved: travel grants and a release manager", True),
        ("Ana stays on the committee as an independent member, approved unanimously", True),
        ("So here's my consensus slide. Atomic broadcast consensus is about ordering", False),
        ("There was consensus in the last call to wait for V3.", True),
        ("if it's without objection, I plan to do those as a single round robin", False),
        ("#625 Linear types by default: rejected.", True),
        ("Alice accepted the invitation to speak", False),
        # a label after a sentence of its own; a label in another language
        ("Style guide v2 is merged. **Decision:** sentence case for all headings.", True),
        ("Decisione: il nuovo sito va online a maggio", True),
        ("Décision : le site passe en ligne en mai", True),
        ("Beschluss: Die neue Seite geht im Mai online", True),
        ("We looked at the decision: matrix from last week", False),  # no sentence before it
        ("Is this merged? Outcome: unclear", False),
        ("Bug #12 closed. Resolved: yes", False),
        ("We met. Decision: unclear for now", False),
        ("Ana: see the old doc. Decisions: were in the Q1 notes", False),
        (
            "Eric: Maybe a little bit. We started with an allocation. The Council decided to "
            "track how we wanted to spend that" + " and then we worked on it" * 20,
            False,
        ),  # a long turn of a transcript
        (
            "I think we talked for a long while about the gas API and all kinds of things and "
            "then at some point much later we agreed that more data is needed",
            False,
        ),  # talk
    ],
)
def test_a_line_that_states_an_outcome_is_a_decision(line, decided):
    from tuinotes.notes.memory import _decides

    assert _decides(line) is decided


def test_a_motion_is_a_decision_when_its_paragraph_says_it_carried():
    from pathlib import Path

    from tuinotes.notes.memory import meeting_memory
    from tuinotes.notes.parse import parse_text

    meeting = parse_text(
        "# Board of directors 2025-03-03\n\n## Venue\n\nMotion: to book the Harbour Hall.\n"
        "Moved: Ana Pop. Seconded: Ben Ode.\nMotion carried.\n\n## Budget\n\n"
        "It was moved by Ana Pop, seconded by Cleo Hart, that the reserve rise by 5%. "
        "Carried, 4 in favour.\n\n## Logo\n\nMotion: to change the logo.\n"
        "Moved: Ben Ode. Seconded: Cleo Hart.\nThe motion failed 1-3.\n\n"
        "## Backlog\n\nMotion: to publish the archive. Carried over to May.\n\n"
        "## Dues\n\nMotion to raise the dues. Approved unanimously.\n\n"
        "## Name\n\nMotion to rename the club. The motion was not approved.\n\n"
        "## Rentals\n\nMotion by Ana Pop, seconded by Ben Ode, to adopt the short-term rental "
        "rules as amended at the March workshop.\nRoll call vote: Ayes: Pop, Ode, Hart. Nays: "
        "none. Motion carried 3-0.\n",
        Path("board.md"),
    )
    decided = [(line.label, line.text) for line in meeting_memory(meeting) if line.decision]
    assert [label for label, _ in decided] == ["Venue", "Budget", "Dues", "Rentals"]
    assert decided[0][1].startswith("Motion: to book the Harbour Hall.")
    assert "the reserve rise by 5%" in decided[1][1]


def test_a_conclusion_after_a_summary_heading_belongs_to_their_topic():
    """`### Summary of key points` and `### Conclusion` under one topic heading: the
    conclusion decides that topic, not the summary beside it."""
    from pathlib import Path

    from tuinotes.notes.memory import meeting_memory
    from tuinotes.notes.parse import parse_text

    meeting = parse_text(
        "# Plenary 2025-03-04\n\n## Iterator chunking\n\nAB: we propose stage 3.\n\n"
        "### Summary of key points\n\n- The API is settled.\n\n### Conclusion\n\n"
        "- Iterator chunking reaches stage 3.\n",
        Path("plenary.md"),
    )
    decided = [(line.label, line.text) for line in meeting_memory(meeting) if line.decision]
    assert decided == [("Iterator chunking", "Iterator chunking reaches stage 3.")]


def test_an_aim_under_a_goals_heading_is_no_decision():
    """'Agree on the Q3 release scope' under `## Goals` is what the meeting set out to do;
    the same words under the discussion say what it did."""
    from pathlib import Path

    from tuinotes.notes.memory import meeting_memory
    from tuinotes.notes.parse import parse_text

    meeting = parse_text(
        "# Release sync 2024-05-13\n\n## Goals\n\n- Agree on the Q3 release scope\n\n"
        "## Discussion\n\n- Agree on the Q3 release scope: June\n",
        Path("sync.md"),
    )
    assert [(line.text, line.decision) for line in meeting_memory(meeting)] == [
        ("Goals", ""),
        ("Agree on the Q3 release scope", ""),
        ("Agree on the Q3 release scope: June", "line"),
    ]


def test_an_item_that_states_its_outcome_is_no_open_thread(tmp_path):
    """'Last week's minutes were approved.' under "Previous minutes" (a section of carried
    items) says it is done; the question below it is still open."""
    folder = tmp_path / "notes"
    body = (
        "# Tech call {day}\n\n## Attendees\n\n- Ana Bell\n\n## Previous minutes\n\n"
        "- Last week's minutes were approved.\n- Do we publish the minutes?\n"
    )
    write(folder, "2024-05-01-tech.md", body.format(day="2024-05-01"))
    write(folder, "2024-05-08-tech.md", body.format(day="2024-05-08"))
    with Library(folder) as library:
        library.update()
        every = {t.title: t.state for t in library.threads(every=True)}
    assert every == {
        "Do we publish the minutes?": "open",
        "Last week's minutes were approved.": "closed",
    }


def test_an_item_seen_once_is_no_thread_nor_a_heading_over_carried_items(tmp_path):
    """A carried item that never comes back, and the "Parking Lot" heading that every
    meeting has, are no threads; the parked item that comes back is."""
    folder = tmp_path / "notes"
    for day, once in (("2024-05-01", "Rename the default branch"), ("2024-05-08", "")):
        parked = f"- {once}\n" if once else ""
        write(
            folder,
            f"{day}-tech.md",
            f"# Tech call {day}\n\n## Topics\n\n- Release checklist review\n\n"
            f"## Parking Lot\n\n- Move the docs to the new host\n{parked}",
        )
    with Library(folder) as library:
        library.update()
        every = {t.title: t.times for t in library.threads(every=True)}
    assert every == {"Move the docs to the new host": 2}


def test_the_quick_screen_for_decisions_misses_none():
    """`_decides` skips the patterns for lines without any of their words: on every line
    of the samples and fixtures it says what the patterns alone say."""
    from pathlib import Path

    from tests.conftest import SAMPLES
    from tuinotes.notes.markdown import without_emphasis
    from tuinotes.notes.memory import _decides, _states_outcome
    from tuinotes.notes.parse import parse_meetings

    fixtures = Path(__file__).parent / "fixtures" / "conventions"
    lines = [
        "Agreed: ship it",
        "Resolved to wait for the vendor",
        "The motion passes with the amendment",
        "The board voted to adopt the plan",
        "The change is ok to merge today",
        "The patch is ready to land now",
        "Adopt the cadence: carried 4-0",
    ]
    for path in [*SAMPLES.glob("*.md"), *fixtures.glob("*.md")]:
        for meeting in parse_meetings(path, path.name):
            lines.extend(item.text for section in meeting.sections for item in section.walk_items())
            lines.extend(p for section in meeting.sections for p in section.paragraphs)
    decided = [line for line in lines if _states_outcome(without_emphasis(line))]
    assert len(decided) >= 10  # the lines hold decisions of several kinds
    assert [line for line in lines if _decides(line)] == decided


def test_a_decisions_bullet_a_template_left_empty_decides_nothing():
    from pathlib import Path

    from tuinotes.notes.memory import meeting_memory
    from tuinotes.notes.parse import parse_text

    meeting = parse_text(
        "# 2024-06-03 Sync\n\n## Decisions\n\n-\n- {{decision}}\n- Conclusion:\n"
        "- Ship the importer in June.\n",
        Path("2024-06-03-sync.md"),
    )
    decided = [line.text for line in meeting_memory(meeting) if line.decision]
    assert decided == ["Ship the importer in June."]


def test_outcomes_after_a_topic_label_and_votes_are_decisions_an_agreement_to_send_is_not():
    from pathlib import Path

    from tuinotes.notes.memory import meeting_memory
    from tuinotes.notes.parse import parse_text

    meeting = parse_text(
        "# 2024-06-04 Board\n\n## Notes\n\n- Legacy app: decided to end support in September.\n"
        "- Vote: accepted (Jane, Ravi in favour; Olu absent).\n"
        "- **Motion:** graduate the SDK. **Result:** approved (5-0).\n"
        "- Jess will send the draft co-marketing agreement to legal today\n"
        "- Result: the benchmark was 5% slower\n",
        Path("2024-06-04-board.md"),
    )
    decided = [line.text for line in meeting_memory(meeting) if line.decision]
    assert decided == [
        "Legacy app: decided to end support in September.",
        "Vote: accepted (Jane, Ravi in favour; Olu absent).",
        "Motion: graduate the SDK. Result: approved (5-0).",
    ]
