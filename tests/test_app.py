"""The real app, driven with Textual's Pilot on a private copy of the sample notes."""

from __future__ import annotations

import asyncio
import os
import time

import pytest
from textual.command import CommandList
from textual.widgets import Input, Markdown, Static

from tests.conftest import write
from tuinotes.library.config import Config
from tuinotes.tui.agenda import INDENT, AgendaPane, LinkList
from tuinotes.tui.app import TuiNotesApp, make_app
from tuinotes.tui.attendee_pane import AttendeePane, PeopleList, person_prompt
from tuinotes.tui.commands import AttendeeCommands, LinkCommands, MeetingCommands
from tuinotes.tui.meeting_list import MeetingList
from tuinotes.tui.screens import ConfirmLink, HelpScreen, LinkPicker

SIZE = (160, 48)


@pytest.fixture
def app(notes, tmp_path) -> TuiNotesApp:
    return make_app(notes, config=Config(), index_dir=tmp_path / "index", watch=False)


async def until(pilot, condition, seconds: float = 10.0) -> None:
    """Let the app run until `condition()` holds (workers post their results asynchronously)."""
    deadline = time.monotonic() + seconds
    while not condition():
        if time.monotonic() > deadline:
            raise AssertionError("the app did not get there in time")
        await pilot.pause(0.05)


def notifications(app, monkeypatch) -> list[str]:
    """Every notification the app shows from now on, as text."""
    shown: list[str] = []
    real = app.notify

    def notify(message, *args, **kwargs):
        shown.append(str(message))
        return real(message, *args, **kwargs)

    monkeypatch.setattr(app, "notify", notify)
    return shown


async def ready(app, pilot) -> None:
    await until(pilot, lambda: app.report is not None and app.main.result is not None)
    await until(pilot, lambda: app.main.current_meeting is not None)
    await settle(app, pilot)


async def settle(app, pilot) -> None:
    """Wait for the app's workers to finish (the folder watcher never does) and for what
    they posted to be handled."""
    busy = [w for w in app.workers if w.group != "watch" and not w.is_finished]
    await asyncio.gather(*(w.wait() for w in busy), return_exceptions=True)
    await pilot.pause()


async def open_top_hit(app, pilot, query: str) -> None:
    """Search, go to the results and open the first, marked with the query's matches."""
    await type_query(app, pilot, query)
    await pilot.press("enter", "enter")
    await until(pilot, lambda: app.main.reader.shown_query == query)


def listed(app) -> list[str]:
    meetings = app.main.query_one(MeetingList)
    return [meetings.get_option_at_index(i).id for i in range(meetings.option_count)]


def status(app) -> str:
    return str(app.main.query_one("#status", Static).render())


async def type_query(app, pilot, text: str) -> None:
    if app.focused is not app.main.query_one("#query"):
        await pilot.press("slash")
    app.main.query_one("#query").value = ""
    await pilot.press(*text)
    await until(pilot, lambda: app.main.result is not None and app.main.result.query == text)


async def test_typing_a_query_narrows_the_list(app):
    async with app.run_test(size=SIZE) as pilot:
        await ready(app, pilot)
        assert len(listed(app)) == 16 and "16 meetings" in status(app)
        await type_query(app, pilot, "backpressure")
        assert len(listed(app)) == 7 and "7 meetings" in status(app)
        await pilot.press("escape")  # clears the query
        await until(pilot, lambda: app.main.result.query == "")
        assert len(listed(app)) == 16


async def test_no_hits_says_so_and_suggests_a_spelling(app):
    async with app.run_test(size=SIZE) as pilot:
        await ready(app, pilot)
        await type_query(app, pilot, "securty")
        assert listed(app) == []
        await until(pilot, lambda: "did you mean: security" in status(app))  # found apart
        assert "No meetings match" in status(app)
        await pilot.press("enter")  # takes the suggestion
        await until(pilot, lambda: app.main.result.query == "security" and listed(app))
        assert app.main.query_one("#query").value == "security"
        assert app.focused is app.main.query_one("#query")


async def test_space_in_the_people_filter_picks_the_top_match_and_empties_it(app):
    async with app.run_test(size=SIZE) as pilot:
        await ready(app, pilot)
        await pilot.press("a", *"zoe", "space")
        await until(pilot, lambda: len(listed(app)) == 3)
        pane = app.main.query_one(AttendeePane)
        assert [pane.people[k].label for k in pane.selected] == ["Zoë Ng"]
        assert app.main.query_one("#people-filter").value == ""  # ready for the next name
        await pilot.press(*"emile", "space")
        await until(pilot, lambda: len(listed(app)) == 2)
        assert "attended by all of: Zoë Ng, Émile Durand" in status(app)
        await pilot.press("space")  # an empty filter: Space is typed, nobody picked
        assert len(pane.selected) == 2


async def test_space_types_a_space_while_the_people_filter_finds_several(tmp_path):
    """'tim' finds Tim Beiko and Tim Bieko: Space is typed, and 'tim beiko' finds one,
    which the next Space picks (it used to pick the first Tim and leave 'beiko')."""
    folder = tmp_path / "notes"
    write(folder, "2024-01-10.md", "# Core call\n\nAttendees: Tim Beiko, Ana Bell\n\n- x\n")
    write(folder, "2024-01-17.md", "# Core call\n\nAttendees: Tim Bieko, Ana Bell\n\n- y\n")
    app = make_app(folder, config=Config(), index_dir=tmp_path / "index", watch=False)
    async with app.run_test(size=SIZE) as pilot:
        await ready(app, pilot)
        pane = app.main.query_one(AttendeePane)
        await until(pilot, lambda: len(pane.people) == 3)
        await pilot.press("a", *"tim", "space")
        assert app.main.query_one("#people-filter").value == "tim " and not pane.selected
        await pilot.press(*"beiko", "space")
        await until(pilot, lambda: len(listed(app)) == 1)
        assert [pane.people[k].label for k in pane.selected] == ["Tim Beiko"]
        assert app.main.query_one("#people-filter").value == ""


async def test_esc_in_the_people_filter_empties_it_then_goes_back(app):
    async with app.run_test(size=SIZE) as pilot:
        await ready(app, pilot)
        await pilot.press("a", *"zoe")
        box = app.main.query_one("#people-filter", Input)
        people = app.main.query_one(PeopleList)
        await until(pilot, lambda: people.option_count == 1)
        await pilot.press("escape")
        await until(pilot, lambda: people.option_count > 1)
        assert box.value == "" and app.focused is box  # the whole list again, still here
        await pilot.press("escape")
        assert app.focused is app.main.query_one(MeetingList)


def test_a_person_known_by_handle_only_shows_the_handle_once():
    from tuinotes.library.people import Person

    only_handle = person_prompt(Person("gh:lidel", "", "lidel", meetings=["a.md"]))
    spelled = person_prompt(Person("gh:lidel", "lidel", "lidel", meetings=["a.md"]))
    assert spelled.plain == "@lidel  1"  # a name that spells the handle is the handle
    named = person_prompt(Person("gh:anaq", "Ana Quiñones", "anaq", meetings=["a.md", "b.md"]))
    assert only_handle.plain == "@lidel  1"
    assert named.plain == "Ana Quiñones @anaq  2"


async def test_a_folder_without_attendee_lists_says_so_in_the_people_pane(tmp_path, app):
    from tuinotes.tui.attendee_pane import NOBODY_HINT, PICK_HINT

    folder = tmp_path / "bare"
    write(folder, "2024-01-10-sync.md", "# 2024-01-10 Sync\n\n- the release plan\n")
    bare = make_app(folder, config=Config(), index_dir=tmp_path / "bare-index", watch=False)
    async with bare.run_test(size=SIZE) as pilot:
        people_filter = bare.main.query_one("#people-filter", Input)
        await until(pilot, lambda: people_filter.placeholder == NOBODY_HINT)
    async with app.run_test(size=SIZE) as pilot:  # the samples list their attendees
        await ready(app, pilot)
        people_filter = app.main.query_one("#people-filter", Input)
        await until(pilot, lambda: people_filter.placeholder == PICK_HINT)


async def test_the_people_pane_says_nobody_only_once_the_notes_are_read():
    """During a first build the registry is empty because notes are still being read: the
    pane says so, and says 'no attendee lists' only once the index is up to date."""
    from textual.app import App

    from tuinotes.library.people import Person
    from tuinotes.tui.attendee_pane import NOBODY_HINT, PICK_HINT, READING_HINT

    class Host(App[None]):
        def compose(self):
            yield AttendeePane()

    host = Host()
    async with host.run_test():
        pane = host.query_one(AttendeePane)
        box = pane.query_one("#people-filter", Input)
        assert box.placeholder == READING_HINT
        pane.set_people([])  # a registry built from the first commit, nobody in it yet
        assert box.placeholder == READING_HINT
        pane.settle()
        assert box.placeholder == NOBODY_HINT
        pane.set_people([Person("gh:anaq", "Ana Quiñones", "anaq", meetings=["a.md"])])
        assert box.placeholder == PICK_HINT


async def test_the_people_pane_title_fits_at_120_columns(app):
    async with app.run_test(size=(120, 36)) as pilot:
        await ready(app, pilot)
        title = app.main.query_one("#people-mode", Static)
        for keys in ([], ["a", *"zoe", "space"], ["m"]):
            await pilot.press(*keys)
            await pilot.pause()
            text = str(title.render())
            assert "m:" in text and len(text) <= title.content_region.width, text


async def test_selecting_people_narrows_the_list_all_then_any(app):
    async with app.run_test(size=SIZE) as pilot:
        await ready(app, pilot)
        await pilot.press("a", *"zoe", "enter")  # to the people pane, filter, to the list
        people = app.main.query_one(PeopleList)
        assert people.option_count == 1
        await pilot.press("space")
        await until(pilot, lambda: len(listed(app)) == 3)
        assert "attended by all of: Zoë Ng" in status(app)
        app.main.query_one("#people-filter").value = "emile"
        await pilot.pause()
        app.main.query_one(PeopleList).focus()
        await pilot.pause()
        await pilot.press("down", "space")  # picked people stay on top: Zoë, then Émile
        await until(pilot, lambda: len(listed(app)) == 2)  # both Zoë and Émile
        await pilot.press("m")  # any of them
        await until(pilot, lambda: len(listed(app)) == 5)
        assert "attended by any of: Zoë Ng, Émile Durand" in status(app)


async def test_the_reader_header_names_the_note_by_its_path_in_the_folder(app):
    """`steering/2025-01-29-steering.md`, not only its file name: folders of `Meeting
    64.md` need the folder to tell them apart."""
    async with app.run_test(size=SIZE) as pilot:
        await ready(app, pilot)
        await type_query(app, pilot, "independent member")
        await pilot.press("enter", "enter")
        await until(pilot, lambda: app.main.current_meeting.date.isoformat() == "2025-01-29")
        header = str(app.main.query_one("#agenda-header", Static).render())
        assert "steering/2025-01-29-steering.md" in header


async def test_open_a_meeting_and_read_its_agenda(app):
    async with app.run_test(size=SIZE) as pilot:
        await ready(app, pilot)
        await type_query(app, pilot, "windowed join operator")
        await pilot.press("enter", "enter")  # to the list, open the first hit
        await until(pilot, lambda: app.main.current_meeting.date.isoformat() == "2024-09-04")
        header = str(app.main.query_one("#agenda-header", Static).render())
        assert "Tidewater Community Call" in header and "2024-09-04" in header
        assert "Dagny Lindqvist (DL, Nordström Data AB)" in header
        source = app.main.query_one("#agenda-body", Markdown).source
        assert "• ☑ **BO** (Bartholomew Okafor): Backpressure in the ***windowed***" in source
        assert f"{INDENT}▪ **CW** (Chen Wei): We saw the same thing" in source
        assert "• ☐ **JK** (Jo Kowalski): Proposal to move CI" in source
        # an item and its discussion are one paragraph, a line each (few widgets to lay out)
        body = app.main.query_one("#agenda-body", Markdown)
        item = next(
            p for p in body.query("MarkdownParagraph") if "Backpressure in the" in str(p.render())
        )
        assert f"tidewater/issues/1287\n{INDENT}▪ CW (Chen Wei)" in str(item.render())
        assert app.focused is app.main.query_one(AgendaPane)


async def test_link_key_opens_the_url_and_y_copies_it(app, monkeypatch):
    shown = notifications(app, monkeypatch)
    opened: list[str] = []
    monkeypatch.setattr(app, "open_url", lambda url, **_: opened.append(url))
    async with app.run_test(size=SIZE) as pilot:
        await ready(app, pilot)
        app.main.query_one(LinkList).focus()
        await pilot.pause()
        await pilot.press("down")  # the second link
        url = app.main.query_one(AgendaPane).current_link
        assert url and url.startswith("https://")
        await pilot.press("o")
        assert opened == [url]
        await pilot.press("y")
        assert app.clipboard == url
        await pilot.press("enter")
        assert opened == [url, url]
        assert f"Asked the system to open {url}" in shown
        assert f"Sent to the terminal's clipboard: {url} (if the terminal allows it)" in shown


async def test_o_asks_which_link_when_the_meeting_has_several(app, monkeypatch):
    opened: list[str] = []
    monkeypatch.setattr(app, "open_url", lambda url, **_: opened.append(url))
    async with app.run_test(size=SIZE) as pilot:
        await ready(app, pilot)
        links = app.main.current_meeting.links
        assert len(links) > 1
        await pilot.press("o")  # from the list: no link is highlighted
        await until(pilot, lambda: isinstance(app.screen, LinkPicker))
        rows = app.screen.query_one("#link-rows")
        assert rows.option_count == len(links) and opened == []
        assert links[1].url.startswith("https://")  # a web link: opens without a question
        await pilot.press("down", "enter")
        await until(pilot, lambda: not isinstance(app.screen, LinkPicker))
        await until(pilot, lambda: bool(opened))
        assert opened == [links[1].url] and not isinstance(app.screen, ConfirmLink)
        await pilot.press("y")  # same question for copying; Esc leaves it
        await until(pilot, lambda: isinstance(app.screen, LinkPicker))
        await pilot.press("escape")
        await until(pilot, lambda: not isinstance(app.screen, LinkPicker))
        assert app.clipboard == ""


async def test_unsafe_schemes_need_a_yes(app, monkeypatch):
    opened: list[str] = []
    monkeypatch.setattr(app, "open_url", lambda url, **_: opened.append(url))
    async with app.run_test(size=SIZE) as pilot:
        await ready(app, pilot)
        app.open_link("javascript:alert(1)")
        await pilot.pause()
        assert isinstance(app.screen, ConfirmLink)
        assert "javascript:alert(1)" in str(app.screen.query_one("#confirm-url").render())
        await pilot.press("n")
        assert opened == [] and not isinstance(app.screen, ConfirmLink)
        app.open_link("file:///etc/passwd")
        await pilot.pause()
        await pilot.press("y")
        assert opened == ["file:///etc/passwd"]
        app.open_link("mailto:someone@example.org")
        assert opened[-1] == "mailto:someone@example.org"


async def test_a_file_link_in_a_paragraph_is_a_link_that_asks(notes, tmp_path, monkeypatch):
    write(
        notes,
        "2025-04-02-spec.md",
        "# 2025-04-02 Spec review\n\n## Agenda\n\nRead [the spec](file:///srv/spec.pdf) first.\n",
    )
    app = make_app(notes, config=Config(), index_dir=tmp_path / "i", watch=False)
    opened: list[str] = []
    monkeypatch.setattr(app, "open_url", lambda url, **_: opened.append(url))
    async with app.run_test(size=SIZE) as pilot:
        await ready(app, pilot)
        app.main.open_meeting("2025-04-02-spec.md")
        await until(pilot, lambda: app.main.current_meeting.title == "Spec review")
        body = app.main.query_one("#agenda-body", Markdown)
        await until(pilot, lambda: bool(body.query("MarkdownParagraph")))
        paragraph = body.query_one("MarkdownParagraph")
        assert str(paragraph.render()) == "Read the spec first."  # a link, not its source
        body.post_message(Markdown.LinkClicked(body, "file:///srv/spec.pdf"))
        await until(pilot, lambda: isinstance(app.screen, ConfirmLink))
        await pilot.press("y")
        assert opened == ["file:///srv/spec.pdf"]


async def test_a_link_to_another_note_opens_it_in_the_app(notes, tmp_path, monkeypatch):
    write(
        notes,
        "2025-04-01-links.md",
        "# 2025-04-01 Links\n\n- see [kickoff](archive/2023-03-15-kickoff.md)\n",
    )
    app = make_app(notes, config=Config(), index_dir=tmp_path / "i", watch=False)
    monkeypatch.setattr(app, "open_url", lambda url, **_: pytest.fail(f"opened {url} outside"))
    async with app.run_test(size=SIZE) as pilot:
        await ready(app, pilot)
        app.main.open_meeting("2025-04-01-links.md")
        await until(pilot, lambda: app.main.current_meeting.title == "Links")
        app.main.query_one(LinkList).focus()
        await pilot.pause()
        await pilot.press("enter")
        await until(pilot, lambda: app.main.current_meeting.title == "Tidewater kickoff")


async def test_help_screen_lists_keys_and_query_syntax(app):
    async with app.run_test(size=SIZE) as pilot:
        await ready(app, pilot)
        app.main.query_one(MeetingList).focus()
        await pilot.pause()
        await pilot.press("question_mark")
        assert isinstance(app.screen, HelpScreen)
        text = app.screen.query_one("#help-text", Markdown).source
        assert "| `/` | Search |" in text and "date:2024-10..2024-12" in text
        assert "| `]` | Next in series |" in text and "| `t` | Actions |" in text
        assert "| `g (reader)` | Top |" in text  # not the meeting list's
        assert text.count("| `j") == 1  # one row: the list, the people and the reader
        assert "`Ctrl+F`" in text and "`^f`" not in text  # keys written one way
        await pilot.press("escape")
        assert not isinstance(app.screen, HelpScreen)


async def test_palette_providers(app):
    async with app.run_test(size=SIZE) as pilot:
        await ready(app, pilot)
        meetings = [h async for h in MeetingCommands(app.screen).search("kickoff")]
        assert meetings and "Tidewater kickoff" in meetings[0].text
        meetings[0].command()
        await until(pilot, lambda: app.main.current_meeting.title == "Tidewater kickoff")

        people = [h async for h in AttendeeCommands(app.screen).search("zoë")]
        assert people and "Zoë Ng" in people[0].text
        people[0].command()
        await until(pilot, lambda: len(listed(app)) == 3)

        links = [h async for h in LinkCommands(app.screen).search("github")]
        assert links and "github.com/tidewater-dev" in links[0].text

        await pilot.press("ctrl+p")
        await pilot.pause()
        await pilot.press(*"Go to meeting: 2024-10-23")

        def offered() -> bool:  # the palette searched, and its best hit is that meeting
            found = app.screen.query(CommandList)
            if not found or not found.first().option_count:
                return False
            return "2024-10-23" in str(found.first().get_option_at_index(0).prompt)

        await until(pilot, offered)
        await pilot.press("enter")
        await until(pilot, lambda: str(app.main.current_meeting.date) == "2024-10-23")


async def test_a_note_edited_on_disk_appears_after_reindex(app, notes, monkeypatch):
    shown = notifications(app, monkeypatch)
    async with app.run_test(size=SIZE) as pilot:
        await ready(app, pilot)
        note = notes / "2024-09-18-community-call.md"
        note.write_text(note.read_text() + "\n- [ ] GP: capybara migration plan\n")
        os.utime(note, ns=(10**18, 10**18))
        reports = app.report
        await pilot.press("ctrl+r")
        await until(pilot, lambda: app.report is not reports)
        assert app.report.indexed == ["2024-09-18-community-call.md"]
        await until(pilot, lambda: any(t.startswith("Re-indexed in") for t in shown))
        assert any("1 changed, 0 removed, 15 unchanged" in t for t in shown), shown
        await type_query(app, pilot, "capybara")
        assert listed(app) == ["2024-09-18-community-call.md"]


async def test_live_reload_with_the_watcher(notes, tmp_path):
    app = make_app(notes, config=Config(), index_dir=tmp_path / "w", watch=True)
    async with app.run_test(size=SIZE) as pilot:
        await ready(app, pilot)
        await until(pilot, lambda: app.workers_in_group("watch"))
        # the watcher arms a moment after its worker starts (and says nothing when it is):
        # save the note again until the list shows it, rather than sleep and hope
        for _attempt in range(10):
            write(notes, "2025-05-05-new.md", "# 2025-05-05 Fresh meeting\n\n- [ ] AB: narwhal\n")
            try:
                await until(pilot, lambda: "2025-05-05-new.md" in listed(app), seconds=1)
                break
            except AssertionError:
                continue
        else:
            raise AssertionError("the watcher never picked up the new note")
        await type_query(app, pilot, "walrus")
        assert listed(app) == []
        write(notes, "2025-05-05-new.md", "# 2025-05-05 Fresh meeting\n\n- [ ] AB: walrus\n")
        await until(pilot, lambda: listed(app) == ["2025-05-05-new.md"], seconds=10)
        await until(  # the reader reloaded it
            pilot, lambda: [i.text for i in app.main.current_meeting.items()] == ["walrus"]
        )
        (notes / "2025-05-05-new.md").unlink()
        await until(pilot, lambda: "2025-05-05-new.md" not in listed(app), seconds=10)


async def test_markup_and_escapes_in_notes_are_shown_literally(notes, tmp_path):
    write(
        notes,
        "2025-06-01-evil.md",
        "# 2025-06-01 [bold red]Loud[/] [@click=app.quit]quit[/] \x1b]0;title\x07\n\n"
        "## Attendees\n- [blink]Mallory[/] (@mallory)\n\n## Agenda\n- [ ] [b]zebra[/b] \x1b[2J\n",
    )
    app = make_app(notes, config=Config(), index_dir=tmp_path / "e", watch=False)
    async with app.run_test(size=SIZE) as pilot:
        await ready(app, pilot)
        await type_query(app, pilot, "zebra")
        meetings = app.main.query_one(MeetingList)
        prompt = str(meetings.get_option_at_index(0).prompt)
        assert "[bold red]Loud[/] [@click=app.quit]quit[/]" in prompt
        assert "\x1b" not in prompt and "\x07" not in prompt
        await until(pilot, lambda: app.main.current_meeting.title.startswith("[bold red]"))
        header = str(app.main.query_one("#agenda-header", Static).render())
        assert "[bold red]Loud[/]" in header and "[blink]Mallory[/]" in header
        assert "\x1b" not in header
        people = app.main.query_one(PeopleList)

        def prompts() -> list[str]:
            return [str(people.get_option_at_index(i).prompt) for i in range(people.option_count)]

        await until(pilot, lambda: any("[blink]Mallory[/]" in p for p in prompts()))
        assert app.is_running  # the [@click=app.quit] did nothing


async def test_first_run_with_worker_processes_and_segments_filling_in(
    notes, tmp_path, monkeypatch
):
    """Worker processes start under Textual (which captures stderr), and the list fills in
    as each segment commits rather than only at the end."""
    import tuinotes.indexer.build as build_module
    import tuinotes.indexer.indexer as index_module

    monkeypatch.setattr(index_module, "PARALLEL_THRESHOLD", 1)
    monkeypatch.setattr(build_module, "FIRST_COMMIT", 3)
    monkeypatch.setattr(build_module, "COMMIT_EVERY", 4)
    sizes: list[int] = []

    def record(message):
        if type(message).__name__ == "SearchDone" and not message.result.query:
            sizes.append(len(message.result.hits))

    app = make_app(notes, config=Config(), index_dir=tmp_path / "p", watch=False)
    async with app.run_test(size=SIZE, message_hook=record) as pilot:
        await until(pilot, lambda: app.report is not None, seconds=60)
        total = len(app.report.indexed)
        assert total == 16 and not app.report.skipped
        await until(pilot, lambda: len(listed(app)) == total)
    partial = [n for n in sizes if 0 < n < total]
    assert partial, f"the list never showed a partly built index: {sizes}"


async def test_notes_folder_removed_while_the_app_is_open(notes, tmp_path, monkeypatch):
    import shutil

    app = make_app(notes, config=Config(), index_dir=tmp_path / "gone", watch=True)
    shown = notifications(app, monkeypatch)
    async with app.run_test(size=SIZE) as pilot:
        await ready(app, pilot)
        before = listed(app)
        assert len(before) == 16
        shutil.rmtree(notes)
        await pilot.press("ctrl+r")
        # the re-index ran and was shown (the reader's 'file not found' comes before it)
        await until(pilot, lambda: any(n.startswith("Re-indexed in") for n in shown))
        await settle(app, pilot)  # and the search it started has been shown
        assert any("notes folder not found" in n for n in shown), shown
        assert any(n.startswith("Re-indexed in") and "0 removed" in n for n in shown), shown
        assert app.is_running and listed(app) == before  # what was indexed stays searchable
        await type_query(app, pilot, "serializer")
        assert listed(app)


async def test_problems_view_and_notifications_show_file_names_literally(
    notes, tmp_path, monkeypatch
):
    (notes / "[@click=app.quit]evil[b].md").write_bytes(b"\x00\x01binary")
    write(notes, "2025-07-01-osc.md", "---\ntags: [a\n---\n# 2025-07-01 \x1b]52;c;aGk=\x07Clip\n")
    app = make_app(notes, config=Config(), index_dir=tmp_path / "pr", watch=False)
    shown = notifications(app, monkeypatch)
    async with app.run_test(size=SIZE) as pilot:
        await ready(app, pilot)
        assert any("could not be read" in n for n in shown)
        app.main.query_one(MeetingList).focus()
        await pilot.pause()
        await pilot.press("p")
        await until(pilot, lambda: app.screen.query("#problems-text"))
        text = str(app.screen.query_one("#problems-text", Static).render())
        assert "[@click=app.quit]evil[b].md: binary file" in text
        assert "2025-07-01-osc.md: frontmatter" in text
        assert "Meetings with no date (0)" in text  # and what `tuinotes check` says
        assert "Files read as several meetings (0)" in text
        await pilot.press("escape")
        await type_query(app, pilot, "clip")
        prompt = str(app.main.query_one(MeetingList).get_option_at_index(0).prompt)
        assert "\x1b" not in prompt and "\x07" not in prompt and "␛]52;c;aGk=␇Clip" in prompt
        assert app.is_running


def test_notes_folder_precedence(tmp_path, monkeypatch):
    """argument > --notes > $TUINOTES_DIR > config notes_dir > the bundled samples."""
    from tuinotes.library.config import bundled_samples, load_config, resolve_notes_dir

    config_file = tmp_path / "config.toml"
    config_file.write_text('notes_dir = "~/from-config"\ntheme = "nord"\n', encoding="utf-8")
    config = load_config(config_file)
    assert resolve_notes_dir(None, None, Config()) == bundled_samples()
    assert resolve_notes_dir(None, None, config).name == "from-config"
    monkeypatch.setenv("TUINOTES_DIR", str(tmp_path / "from-env"))
    assert resolve_notes_dir(None, None, config) == tmp_path / "from-env"
    assert resolve_notes_dir(None, "/from/option", config).as_posix() == "/from/option"
    assert resolve_notes_dir("/from/arg", "/from/option", config).as_posix() == "/from/arg"


async def test_keys_and_theme_from_the_config_file(notes, tmp_path):
    from tuinotes.library.config import load_config

    config_file = tmp_path / "config.toml"
    config_file.write_text('theme = "nord"\n[keys]\nfocus_search = "ctrl+f"\n', encoding="utf-8")
    app = make_app(notes, config=load_config(config_file), index_dir=tmp_path / "k", watch=False)
    async with app.run_test(size=SIZE) as pilot:
        await ready(app, pilot)
        assert app.theme == "nord"
        app.main.query_one(MeetingList).focus()
        await pilot.pause()
        await pilot.press("ctrl+f")
        assert app.focused is app.main.query_one("#query")
        assert ("Ctrl+F", "Search") in app.key_help()  # help shows the key as remapped


async def test_a_broken_config_file_is_named_and_defaults_are_used(notes, tmp_path, monkeypatch):
    from tuinotes.library.config import load_config

    config_file = tmp_path / "config.toml"
    config_file.write_text("theme = [unclosed\n", encoding="utf-8")
    config = load_config(config_file)
    assert config.problem and str(config_file) in config.problem
    app = make_app(notes, config=config, index_dir=tmp_path / "b", watch=False)
    shown = notifications(app, monkeypatch)
    async with app.run_test(size=SIZE) as pilot:
        await ready(app, pilot)
        assert any(str(config_file) in n and "using defaults" in n for n in shown)
        assert len(listed(app)) == 16


async def test_a_stale_search_result_is_dropped(app):
    from tuinotes.library.results import SearchResult
    from tuinotes.tui.messages import SearchDone

    async with app.run_test(size=SIZE) as pilot:
        await ready(app, pilot)
        await type_query(app, pilot, "backpressure")
        before = listed(app)
        assert len(before) == 7
        stale = SearchResult(query="old", total=0)
        meetings = app.main.query_one(MeetingList)
        app.main.post_message(SearchDone(stale, meetings.serial - 1))
        handled: list[bool] = []
        app.main.call_later(handled.append, True)  # queued behind the stale result
        await until(pilot, lambda: bool(handled))  # so the stale result has been handled
        assert listed(app) == before and app.main.result.query == "backpressure"
        # the same message with the current serial is shown: the stale one was dropped
        fresh = SearchResult(query="fresh", total=0)
        app.main.post_message(SearchDone(fresh, meetings.serial))
        await until(pilot, lambda: app.main.result.query == "fresh")
        assert listed(app) == []


async def test_a_failing_worker_is_reported_and_the_app_keeps_running(app, monkeypatch):
    shown = notifications(app, monkeypatch)
    async with app.run_test(size=SIZE) as pilot:
        await ready(app, pilot)

        def broken(*_args, **_kwargs):
            raise RuntimeError("disk on fire")

        monkeypatch.setattr(app.library, "search", broken)
        app.main.query_one("#query").focus()
        await pilot.press(*"anything")
        await until(pilot, lambda: any("disk on fire" in n for n in shown))
        assert app.is_running
        monkeypatch.undo()
        await type_query(app, pilot, "backpressure")  # and it still searches
        assert len(listed(app)) == 7


@pytest.mark.parametrize(
    "target", ["#status", "#query", "#meetings", "#people", "#agenda-header", "#agenda-body"]
)
async def test_a_triple_click_on_any_pane_selects_without_crashing(app, target):
    async with app.run_test(size=SIZE) as pilot:
        await ready(app, pilot)
        await pilot.click(target, times=3)
        await pilot.pause()
        assert app.is_running
        assert app.main.query_one(target).is_attached


async def test_the_first_screen_takes_keys_and_slash_searches(app):
    async with app.run_test(size=SIZE) as pilot:
        await ready(app, pilot)
        assert app.focused is app.main.query_one(MeetingList)  # not the search box
        await pilot.press("slash", *"back", "slash", "x")
        assert app.main.query_one("#query").value == "back/x"  # a / in the box is a /
        await pilot.press("escape", "escape")  # clear, then back to the list
        assert app.focused is app.main.query_one(MeetingList)
        await pilot.press("escape")  # stays on the list (never back into the search box)
        assert app.focused is app.main.query_one(MeetingList)
        await pilot.press("slash", *"serializer", "enter", "escape")  # Esc in the list clears
        await until(pilot, lambda: app.main.query_one("#query").value == "")
        assert app.focused is app.main.query_one(MeetingList)
        await pilot.press("q")
    assert app.return_code == 0


async def test_q_quits_from_the_first_screen_while_indexing(notes, tmp_path):
    app = make_app(notes, config=Config(), index_dir=tmp_path / "q", watch=False)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("q")
        await until(pilot, lambda: not app.is_running)
    assert app.return_code == 0


async def test_arrows_in_the_search_box_move_the_result_cursor(app) -> None:
    """As in fzf: type, then Down/Up/PageDown pick a result without leaving the box."""
    async with app.run_test(size=SIZE) as pilot:
        await ready(app, pilot)
        await type_query(app, pilot, "tidewater")
        meetings = app.main.query_one(MeetingList)
        assert meetings.option_count > 3
        start = meetings.highlighted or 0
        await pilot.press("down", "down")
        assert meetings.highlighted == start + 2
        await pilot.press("up")
        assert meetings.highlighted == start + 1
        await pilot.press("pagedown")
        assert meetings.highlighted > start + 1
        assert app.focused is app.main.query_one("#query")  # still typing
        await pilot.press("s")
        assert app.main.query_one("#query").value == "tidewaters"


async def test_pager_keys_scroll_the_reader(app) -> None:
    async with app.run_test(size=(100, 24)) as pilot:
        await ready(app, pilot)
        reader = app.main.query_one(AgendaPane)
        reader.focus()
        await pilot.press("G")
        await until(pilot, lambda: reader.scroll_y == reader.max_scroll_y > 0)
        await pilot.press("g")
        await until(pilot, lambda: reader.scroll_y == 0)
        await pilot.press("j", "j")
        await until(pilot, lambda: reader.scroll_y > 0)


async def test_e_opens_the_note_in_the_editor_and_picks_up_the_change(app, notes, monkeypatch):
    import contextlib

    import tuinotes.tui.editor as editor_module

    ran: list[list[str]] = []

    def editor(command, check=False):
        ran.append(command)
        path = command[-1]
        with open(path, "a", encoding="utf-8") as note:
            note.write("\n- [ ] GP: okapi census\n")
        os.utime(path, ns=(10**18, 10**18))

    monkeypatch.setenv("EDITOR", "nvim -u NONE")
    monkeypatch.setattr("tuinotes.library.editor.shutil.which", lambda name: f"/usr/bin/{name}")
    monkeypatch.setattr(editor_module.subprocess, "run", editor)
    monkeypatch.setattr(app, "suspend", contextlib.nullcontext)
    async with app.run_test(size=SIZE) as pilot:
        await ready(app, pilot)
        await pilot.press("e")
        await until(pilot, lambda: bool(ran))
        assert ran[0][:3] == ["nvim", "-u", "NONE"]
        assert ran[0][-1] == str(notes / app.main.current_path.split("#")[0])
        await until(pilot, lambda: app.report is not None and app.report.indexed)
        await type_query(app, pilot, "okapi")
        assert len(listed(app)) == 1


@pytest.mark.parametrize(
    ("setting", "said"),
    [
        ("no-such-editor-here", "names no program installed here"),
        ('"unbalanced', "cannot be read as a command"),
        ("  ", "is blank"),
    ],
)
async def test_e_with_an_editor_that_cannot_run_says_why_and_the_app_goes_on(
    app, monkeypatch, setting, said
) -> None:
    """A wrong $EDITOR is a message before the terminal is handed over (Textual takes it
    back only when the editor ran), and the app still answers keys."""
    monkeypatch.delenv("VISUAL", raising=False)
    monkeypatch.setenv("EDITOR", setting)
    async with app.run_test(size=SIZE) as pilot:
        shown = notifications(app, monkeypatch)
        await ready(app, pilot)
        await pilot.press("e")
        await until(pilot, lambda: any(said in text for text in shown))
        await type_query(app, pilot, "serializer")
        assert listed(app)


async def test_s_sorts_search_results_newest_first_and_back(app) -> None:
    async with app.run_test(size=SIZE) as pilot:
        await ready(app, pilot)
        await type_query(app, pilot, "serializer")
        by_relevance = listed(app)
        app.main.query_one(MeetingList).focus()
        await pilot.press("s")
        await until(pilot, lambda: app.main.sort == "date" and listed(app) != by_relevance)
        dates = [app.main.library.record(p).date for p in listed(app)]
        assert dates == sorted(dates, reverse=True)
        assert "newest first" in status(app)
        await pilot.press("s")
        await until(pilot, lambda: listed(app) == by_relevance)


async def test_down_from_the_people_filter_goes_to_the_first_person_found(app) -> None:
    async with app.run_test(size=SIZE) as pilot:
        await ready(app, pilot)
        await pilot.press("a", *"zoe", "down", "space")
        await until(pilot, lambda: len(listed(app)) == 3)
        app.main.query_one("#people-filter").focus()
        app.main.query_one("#people-filter").value = "emile"
        await pilot.pause()
        await pilot.press("down", "space")  # Émile, below the picked Zoë
        await until(pilot, lambda: len(listed(app)) == 2)
        assert "Zoë Ng, Émile Durand" in status(app)


async def test_more_results_load_when_the_cursor_reaches_the_end(tmp_path) -> None:
    folder = tmp_path / "many"
    for n in range(60):
        text = f"# Sync {n}\n\nDate: 2024-03-{n % 28 + 1:02d}\n\n- wombat {n}\n"
        write(folder, f"2024/{n:02d}.md", text)
    app = make_app(folder, config=Config(), index_dir=tmp_path / "index", watch=False)
    async with app.run_test(size=SIZE) as pilot:
        await until(pilot, lambda: app.report is not None and app.main.result is not None)
        await type_query(app, pilot, "wombat")
        meetings = app.main.query_one(MeetingList)
        assert meetings.option_count == 50 and "more at the end" in status(app)
        meetings.focus()
        await pilot.press("end")
        await until(pilot, lambda: meetings.option_count == 60)
        assert meetings.highlighted == 49  # still on the row it was on
        assert "more at the end" not in status(app)


async def test_a_search_hit_opens_at_its_match_and_n_steps_through_matches(
    notes, tmp_path, monkeypatch
):
    items = [f"- [ ] AB: routine item number {n}" for n in range(80)]
    items[60] = "- [ ] AB: the ocelot enclosure budget"
    items[75] = "- [ ] AB: ocelot feeding schedule"
    write(notes, "2025-06-01-zoo.md", "# 2025-06-01 Zoo board\n\n## Agenda\n\n" + "\n".join(items))
    app = make_app(notes, config=Config(), index_dir=tmp_path / "index", watch=False)
    async with app.run_test(size=(120, 30)) as pilot:
        await ready(app, pilot)
        await type_query(app, pilot, "ocelot")
        reader = app.main.query_one(AgendaPane)
        await until(pilot, lambda: app.main.current_path == "2025-06-01-zoo.md")
        await until(pilot, lambda: reader.match == 0 and reader.scroll_y > 0)
        first, _second = reader.matches()
        assert "ocelot" in first.source and "***" in first.source  # a match style of its own
        assert first.region.y >= reader.region.y  # in view
        app.main.query_one(MeetingList).focus()
        shown = notifications(app, monkeypatch)
        await pilot.press("n")
        await until(pilot, lambda: reader.match == 1)
        assert shown[-1] == "Match 2 of 2"
        await pilot.press("n")
        await until(pilot, lambda: reader.match == 0)
        assert shown[-1] == "Match 1 of 2: wrapped to the first match"
        await pilot.press("N")
        await until(pilot, lambda: reader.match == 1)
        assert shown[-1] == "Match 2 of 2: wrapped to the last match"


async def test_n_on_the_only_match_says_so(notes, tmp_path, monkeypatch):
    write(notes, "2025-06-02-zoo.md", "# 2025-06-02 Zoo board\n\n## Agenda\n\n- the okapi pen\n")
    app = make_app(notes, config=Config(), index_dir=tmp_path / "index", watch=False)
    async with app.run_test(size=(120, 30)) as pilot:
        await ready(app, pilot)
        await type_query(app, pilot, "okapi")
        reader = app.main.query_one(AgendaPane)
        await until(pilot, lambda: app.main.current_path == "2025-06-02-zoo.md")
        await until(pilot, lambda: reader.match == 0)
        app.main.query_one(MeetingList).focus()
        shown = notifications(app, monkeypatch)
        await pilot.press("n")
        await until(pilot, lambda: bool(shown))
        assert shown == ["Match 1 of 1: the only one"]


async def test_help_and_quit_reach_the_footer_at_80_columns(app) -> None:
    async with app.run_test(size=(80, 24)) as pilot:
        await ready(app, pilot)
        # textual.widgets exports Footer but not its FooterKey (in the private _footer
        # module): query the keys by their CSS type name rather than import that module
        shown = {
            key.description
            for key in app.main.query("Footer FooterKey")
            if key.region.width and key.region.right <= 80
        }
        assert {"Help", "Quit", "Search"} <= shown, shown
        described = {description for _, description in app.key_help()}
        assert {"Copy link", "Next match", "Sort", "Edit note"} <= described  # help has all


async def test_an_empty_folder_says_it_has_no_notes(tmp_path) -> None:
    (tmp_path / "empty").mkdir()
    (tmp_path / "empty" / "todo.txt").write_text("not a note")
    app = make_app(tmp_path / "empty", config=Config(), index_dir=tmp_path / "i", watch=False)
    async with app.run_test(size=SIZE) as pilot:
        await until(pilot, lambda: "no .md files" in status(app))
        assert str(tmp_path / "empty") in status(app)
        await pilot.press("q")
    assert app.return_code == 0


async def test_b_and_f_go_back_and_forward_after_a_jump(app, monkeypatch) -> None:
    async with app.run_test(size=SIZE) as pilot:
        await ready(app, pilot)
        start = app.main.current_path
        await pilot.press("left_square_bracket")  # the previous meeting of its series
        await until(pilot, lambda: app.main.current_path not in (None, start))
        previous = app.main.current_path
        await pilot.press("b")
        await until(pilot, lambda: app.main.current_path == start)
        await pilot.press("f")
        await until(pilot, lambda: app.main.current_path == previous)
        shown = notifications(app, monkeypatch)
        await pilot.press("f")  # nothing ahead: stays
        await until(pilot, lambda: "Nothing ahead" in shown)
        assert app.main.current_path == previous and app.main.reader.wanted_path == previous


async def test_find_in_meeting_marks_and_steps_then_esc_restores_the_query(app):
    async with app.run_test(size=SIZE) as pilot:
        await ready(app, pilot)
        await open_top_hit(app, pilot, "backpressure")
        body = app.main.query_one("#agenda-body", Markdown)
        await pilot.press("ctrl+f")
        assert app.focused is app.main.query_one("#find")
        await pilot.press(*"wheel")
        await until(pilot, lambda: "***wheel***" in body.source)
        assert "***backpressure***" not in body.source.casefold()
        reader = app.main.query_one(AgendaPane)
        await pilot.press("enter")  # the first match
        assert reader.match == 0
        assert app.focused is reader  # n / N step from here: not typed into the box
        await pilot.press("n")
        assert app.main.query_one("#find", Input).value == "wheel"
        await pilot.press("escape")  # closes the find box: the query's matches again
        await until(pilot, lambda: "***wheel***" not in body.source)
        await until(pilot, lambda: "***backpressure***" in body.source.casefold())
        assert not app.main.query_one("#find").has_class("-shown")


async def test_enter_right_after_typing_in_find_goes_to_the_first_match(app, monkeypatch):
    """Enter typed before the words were marked waits for them (it stepped through the
    query's old marks, or said "not in this meeting" of a word the meeting has)."""
    import threading

    from tuinotes.tui import reader as reader_module

    marked = threading.Event()  # the find's marking waits until Enter was pressed
    real_spans = reader_module.literal_spans

    def slow_spans(words, text):
        marked.wait(10)
        return real_spans(words, text)

    async with app.run_test(size=SIZE) as pilot:
        await ready(app, pilot)
        await open_top_hit(app, pilot, "backpressure")
        body = app.main.query_one("#agenda-body", Markdown)
        stepped: list[tuple[str, bool]] = []  # each notice, and whether wheel was marked then
        real_notify = app.notify
        monkeypatch.setattr(
            app,
            "notify",
            lambda message, *a, **k: (
                stepped.append((str(message), "***wheel***" in body.source)),
                real_notify(message, *a, **k),
            ),
        )
        monkeypatch.setattr(reader_module, "literal_spans", slow_spans)
        await pilot.press("ctrl+f", *"wheel", "enter")
        marked.set()
        await until(pilot, lambda: any(text.startswith("Match 1 of") for text, _ in stepped))
        assert stepped == [(next(t for t, _ in stepped), True)]  # one step, on wheel's marks
        assert app.main.query_one(AgendaPane).match == 0


async def test_searches_are_remembered_and_recalled_with_alt_up(notes, tmp_path):
    index = tmp_path / "index"
    first = make_app(notes, config=Config(), index_dir=index, watch=False)
    async with first.run_test(size=SIZE) as pilot:
        await ready(first, pilot)
        for query in ("kickoff", "backpressure"):
            await type_query(first, pilot, query)
            await pilot.press("enter")  # acted on: remembered
    second = make_app(notes, config=Config(), index_dir=index, watch=False)
    async with second.run_test(size=SIZE) as pilot:  # kept across sessions
        await ready(second, pilot)
        await type_query(second, pilot, "audit")
        search = second.main.query_one("#query")
        await pilot.press("alt+up")
        assert search.value == "backpressure"
        await pilot.press("alt+up")
        assert search.value == "kickoff"
        await pilot.press("alt+up")  # nothing earlier
        assert search.value == "kickoff"
        await pilot.press("alt+down", "alt+down")  # back to what was typed
        assert search.value == "audit"
        await until(pilot, lambda: second.main.result.query == "audit")


async def test_typing_a_query_does_not_lay_out_the_screen_on_each_key(app, monkeypatch):
    """Each layout walks every widget, the reader's many Markdown blocks too; Input asked
    for one per key (see TypingInput)."""
    from textual.screen import Screen

    layouts: list[int] = []
    real = Screen._refresh_layout

    def counted(self, *args, **kwargs):
        layouts.append(1)
        return real(self, *args, **kwargs)

    async with app.run_test(size=SIZE) as pilot:
        await ready(app, pilot)
        await pilot.press("slash")
        await pilot.pause()
        monkeypatch.setattr(Screen, "_refresh_layout", counted)
        await pilot.press(*"serializer")  # faster than the search debounce
        assert app.main.query_one("#query").value == "serializer"
        assert len(layouts) <= 2, len(layouts)


async def test_a_meeting_whose_file_is_gone_is_a_notice_not_an_error(notes, tmp_path, monkeypatch):
    app = make_app(notes, config=Config(), index_dir=tmp_path / "index", watch=False)
    shown = notifications(app, monkeypatch)
    async with app.run_test(size=SIZE) as pilot:
        await ready(app, pilot)
        gone = next(p for p in listed(app) if p != app.main.current_path)
        (notes / gone).unlink()  # deleted while the index still lists it
        app.main.reader.load(gone)
        await until(pilot, lambda: any("deleted or moved since the last index" in n for n in shown))
        assert app.is_running


@pytest.mark.parametrize("size", [(40, 12), (20, 6), (1, 1)])
async def test_a_terminal_too_narrow_for_the_panes_squeezes_them_without_a_crash(app, size):
    """At 40 columns the reader's share is less than its borders: its lists must still lay
    out (an option list given no width made Rich raise) and come back when it widens."""
    async with app.run_test(size=(120, 40)) as pilot:
        await ready(app, pilot)
        links = app.main.query_one(LinkList)
        assert links.option_count > 0  # the open meeting lists links: long URLs to wrap
        await pilot.resize_terminal(*size)
        await pilot.pause()
        await pilot.resize_terminal(200, 50)
        await until(pilot, lambda: links.size.width > 12)
    assert app.return_code in (None, 0)


def test_the_status_line_says_a_build_is_still_making_notes_searchable(tmp_path):
    """Mid-build, the list holds only what is committed: the status says how much."""
    from tuinotes.library.results import SearchResult
    from tuinotes.tui.status import Listing, status_line

    result = SearchResult("blob")  # found nothing yet: maybe only not yet
    building = status_line(result, Listing(tmp_path, indexing=(25, 502))).plain
    assert building == "No meetings match · indexing: 25 of 502 notes searchable so far"
    assert "indexing" not in status_line(result, Listing(tmp_path)).plain
    assert "indexing" not in status_line(result, Listing(tmp_path, indexing=(502, 502))).plain


async def test_page_down_on_a_list_before_its_lines_are_laid_out_is_nothing(app):
    """A refilled list (the People pane, the palette) has no line for its row until the
    next layout; PageDown then is a no-op, not Textual's KeyError (fuzz seed 7)."""
    async with app.run_test(size=SIZE) as pilot:
        await ready(app, pilot)
        people = app.main.query_one("#people")
        people.highlighted = 0
        people._index_to_line.clear()  # as right after a refill
        people.action_page_down()
        await pilot.pause()
        assert app.return_code is None and app.is_running
