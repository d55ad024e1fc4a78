"""Person view, actions, series and related meetings: core, CLI and the app's panes."""

from __future__ import annotations

import json
import subprocess
import sys

from textual.widgets import Footer

from tests.conftest import write
from tests.test_app import SIZE, listed, ready, until
from tuinotes.library.config import Config
from tuinotes.library.library import Library
from tuinotes.notes.parse import parse_note
from tuinotes.tui.actions_screen import ActionsScreen
from tuinotes.tui.app import make_app
from tuinotes.tui.person_screen import PersonScreen

TABLE = "| Name | Initials |\n|---|---|\n| {} | {} |\n| Other Person | OP |\n"


def test_person_activity_resolves_initials_per_meeting(tmp_path):
    folder = tmp_path / "n"
    write(
        folder,
        "2024-01-01-a.md",
        "# 2024-01-01 Sync\n\n## Attendees\n\n"
        + TABLE.format("Kim Lee", "KL")
        + "\n## Agenda\n\n- [ ] KL: ship the thing\n    - OP: KL will help\n",
    )
    write(
        folder,
        "2024-02-01-b.md",  # KL is someone else here
        "# 2024-02-01 Sync\n\n## Attendees\n\n"
        + TABLE.format("Karl Lund", "KL")
        + "\n## Agenda\n\n- [x] KL: unrelated\n",
    )
    write(
        folder,
        "2024-03-01-c.md",  # Kim attends, but the table has no initials for her
        "# 2024-03-01 Sync\n\n## Attendees\n\n- Kim Lee\n- Other Person\n\n"
        "## Agenda\n\n- [x] KL: I will report back\n",
    )
    with Library(folder, tmp_path / "i") as index:
        index.update()
        kim = index.person("Kim Lee")
        activity = index.activity(kim)
    assert [r.path for r in activity.meetings] == ["2024-01-01-a.md", "2024-03-01-c.md"]
    said = [(c.path, c.kind, c.text, c.resolved) for c in activity.contributions]
    assert said == [
        ("2024-01-01-a.md", "raised", "ship the thing", True),
        ("2024-03-01-c.md", "raised", "I will report back", True),  # KL = Kim Lee derived
    ]
    assert [(a.text, a.owner_name) for _, a in activity.actions] == [
        ("ship the thing", "Kim Lee"),
        ("KL will help", "Kim Lee"),
        ("I will report back", "Kim Lee"),
    ]
    assert sum(activity.monthly) == 2 and activity.months == ("2024-01", "2024-03")


def run(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "tuinotes", *args], capture_output=True, text=True, timeout=120
    )


def test_cli_person_and_actions(notes):
    done = run("person", "Ana María", "--notes", str(notes), "--json")
    assert done.returncode == 0, done.stderr
    data = json.loads(done.stdout)
    assert data["person"]["handle"] == "anaq" and len(data["meetings"]) == 14
    assert {c["kind"] for c in data["contributions"]} == {"raised", "said"}
    assert all(a["owner_name"] == "Ana María Quiñones" for a in data["actions"])
    text = run("person", "anaq", "--notes", str(notes)).stdout
    assert "Ana María Quiñones @anaq — 14 meetings" in text and "attendance" in text
    actions = json.loads(run("actions", "--notes", str(notes), "--json").stdout)
    assert actions and all(a["state"] == "open" for a in actions)
    mine = json.loads(run("actions", "--person", "Farah", "--notes", str(notes), "--json").stdout)
    assert mine and {a["owner_name"] for a in mine} == {"Farah Haddad"}
    assert any(a["text"] == "I can take it, it looks like a port collision." for a in mine)
    assert run("person", "Nobody Atall", "--notes", str(notes)).returncode == 1  # found nothing
    jo = run("actions", "--person", "Jo", "--notes", str(notes))  # one Jo, two accounts
    assert jo.returncode == 0 and "Jo Kowalski" in jo.stdout, jo.stderr
    several = run("actions", "--person", "Ha", "--notes", str(notes))
    assert several.returncode == 2 and "(@farahh)" in several.stderr
    assert "(@ishaanv)" in several.stderr


def test_related_meetings_share_agenda_words(notes, tmp_path):
    with Library(notes, tmp_path / "i") as index:
        index.update()
        rel = "2024-09-04-community-call.md"
        found = [r.path for r in index.related(rel, parse_note(notes / rel))]
    assert found and "2024-09-04-community-call.md" not in found
    assert "2024-09-18-community-call.md" in found  # the backpressure follow-up


async def test_actions_view_filters_and_opens_a_meeting(notes, tmp_path):
    app = make_app(notes, config=Config(), index_dir=tmp_path / "a", watch=False)
    async with app.run_test(size=SIZE) as pilot:
        await ready(app, pilot)
        app.main.query_one("#meetings").focus()
        await pilot.pause()
        await pilot.press("t")
        await until(pilot, lambda: isinstance(app.screen, ActionsScreen))
        await until(pilot, lambda: app.screen.actions is not None)  # read in a worker
        rows = app.screen.query_one("#actions-rows")
        open_count = rows.option_count
        footer = app.screen.query_one(Footer)  # the view's own keys, not the main screen's
        await until(pilot, lambda: bool(footer.query("FooterKey")))
        described = {key.description for key in footer.query("FooterKey")}
        assert {"Open/done/all", "Close"} <= described and "People" not in described
        assert open_count > 10
        await pilot.press("s")  # done actions only
        assert rows.option_count < open_count
        await pilot.press("s")  # all
        assert rows.option_count >= open_count
        await pilot.press("s")
        first = next(a for _, a in app.screen.actions if a.state == "open")
        await pilot.press("enter")
        await until(pilot, lambda: not isinstance(app.screen, ActionsScreen))
        await until(
            pilot,
            lambda: (
                app.main.current_meeting is not None
                and app.main.current_path == "2025-03-05-community-call.md"
            ),
        )
        # opened at the action's line: its item is marked and scrolled to the top
        reader = app.main.query_one("#agenda")
        await until(pilot, lambda: bool(reader.query(".-target")))
        target = reader.query_one(".-target")
        assert first.text.split()[0] in target.source
        await until(pilot, lambda: reader.region.contains_region(target.region))


async def test_person_view_from_the_people_pane(notes, tmp_path):
    app = make_app(notes, config=Config(), index_dir=tmp_path / "p", watch=False)
    async with app.run_test(size=SIZE) as pilot:
        await ready(app, pilot)
        app.main.query_one("#people").focus()
        await pilot.pause()
        await pilot.press("i")
        await until(pilot, lambda: isinstance(app.screen, PersonScreen))
        screen = app.screen
        await until(pilot, lambda: screen.activity is not None)
        assert screen.person.handle == "anaq"
        rows = screen.query_one("#person-rows")
        texts = [str(rows.get_option_at_index(i).prompt) for i in range(rows.option_count)]
        assert texts[0].startswith("Actions (3)")
        assert any("raised: Release 0.14.0 is out" in t for t in texts)
        newest = screen.activity.actions[-1][1]
        await pilot.press("enter")  # the newest action's meeting, at its line
        await until(pilot, lambda: not isinstance(app.screen, PersonScreen))
        await until(pilot, lambda: str(app.main.current_meeting.date) == "2025-01-08")
        reader = app.main.query_one("#agenda")
        await until(pilot, lambda: bool(reader.query(".-target")))
        target = reader.query_one(".-target")
        assert " ".join(newest.text.split()[:3]) in " ".join(target.source.split())
        await until(pilot, lambda: reader.region.contains_region(target.region))


async def test_series_keys_and_related_list(notes, tmp_path):
    app = make_app(notes, config=Config(), index_dir=tmp_path / "s", watch=False)
    async with app.run_test(size=SIZE) as pilot:
        await ready(app, pilot)
        app.main.query_one("#meetings").focus()
        await pilot.pause()
        assert str(app.main.current_meeting.date) == "2025-03-05"
        await pilot.press("left_square_bracket")
        await until(pilot, lambda: str(app.main.current_meeting.date) == "2025-02-05")
        await pilot.press("left_square_bracket")  # skips the steering meeting in between
        await until(pilot, lambda: str(app.main.current_meeting.date) == "2025-01-22")
        await pilot.press("right_square_bracket")
        await until(pilot, lambda: str(app.main.current_meeting.date) == "2025-02-05")
        assert listed(app)[1] == "2025-02-05-community-call.md"
        related_list = app.main.query_one("#related")
        await until(pilot, lambda: related_list.option_count > 0)
        target = related_list.get_option_at_index(0).id
        related_list.focus()
        await pilot.pause()
        related_list.highlighted = 0
        await pilot.press("enter")
        await until(pilot, lambda: app.main.current_path == target)


async def test_previous_meeting_link_opens_the_note_in_the_app(notes, tmp_path, monkeypatch):
    opened: list[str] = []
    app = make_app(notes, config=Config(), index_dir=tmp_path / "l", watch=False)
    monkeypatch.setattr(app, "open_url", lambda url, **_: opened.append(url))
    async with app.run_test(size=SIZE) as pilot:
        await ready(app, pilot)
        app.main.open_meeting("2024-09-18-community-call.md")
        await until(pilot, lambda: str(app.main.current_meeting.date) == "2024-09-18")
        app.main.views.follow_link("https://notes.tidewater.dev/community/2024-09-04")
        await until(pilot, lambda: str(app.main.current_meeting.date) == "2024-09-04")
        app.main.views.follow_link("https://notes.tidewater.dev/community/2024-08-21")  # elsewhere
        await pilot.pause(0.2)
        assert opened == ["https://notes.tidewater.dev/community/2024-08-21"]


def test_one_person_across_meetings_and_why(tmp_path):
    folder = tmp_path / "n"
    call = "---\nseries: Data Call\n---\n# {day} Data call\n\n## Attendees\n\n{rows}\n"
    write(
        folder, "2024-01-01.md", call.format(day="2024-01-01", rows="- Kofi Mensah\n- Lena Ortiz")
    )
    write(folder, "2024-02-01.md", call.format(day="2024-02-01", rows="- Kofi\n- Lena M. Ortiz"))
    write(folder, "2024-03-01.md", call.format(day="2024-03-01", rows="- Kofi Mensah (@kofi)"))
    rows = "- Kofi\n- Kofi Boateng\n- Kofi Asante"
    write(
        folder,
        "2024-04-01.md",
        call.replace("Data Call", "Other").format(day="2024-04-01", rows=rows),
    )
    with Library(folder, tmp_path / "i") as library:
        library.update()
        kofi = library.person("@kofi")
        assert kofi.meetings == ["2024-01-01.md", "2024-02-01.md", "2024-03-01.md"]
        assert kofi.name == "Kofi Mensah"
        assert any("is the one 'kofi …' in Data Call" in why for why in kofi.joins)
        assert any("(no handle) is the one kofi" in why for why in kofi.joins)
        (lena,) = library.find_people("Lena Ortiz")
        assert len(lena.meetings) == 2  # the middle initial does not split her
        # in a series with two Kofis, a bare "Kofi" is nobody's guess: a person of its own
        assert library.people()["name:kofi"].meetings == ["2024-04-01.md"]
        merged = [f for f in library.check() if f.kind == "merged"]
        assert {f.path for f in merged} == {"Kofi Mensah"}


def test_one_full_name_is_one_person_whatever_handles_and_spellings(tmp_path):
    """A handle typed wrong once, a new account, a row without a handle, a dash written as
    a space or an apostrophe left out: under one full name, one person."""
    folder = tmp_path / "n"
    rows = [
        "- Michael Dawson (@mhdawson)\n- Hsiao-Wei Wang\n- Gary O'Neall",
        "- Michael Dawson (@mhdawson)\n- Hsiao Wei Wang\n- Gary ONeall",
        "- Michael Dawson (@mhawson)\n- Hsiao- Wei Wang\n- Gary O’Neall",
        "- Michael Dawson\n- Jo Kowalski (@jkowal)",
        "- Jo Kowalski (@jo-kowalski)\n- Kofi (@kofi-a)\n- Anne-Marie (@amarie)",
        "- Kofi (@kofi-b)\n- Anne-Marie (@annem)",
    ]
    for month, people in enumerate(rows, start=1):
        write(
            folder, f"2024-0{month}-01.md", f"# 2024-0{month}-01 Sync\n\n## Attendees\n\n{people}\n"
        )
    with Library(folder, tmp_path / "i") as library:
        library.update()
        assert len(library.people_ranked()) == 8
        for name, meetings in [("Michael Dawson", 4), ("Hsiao-Wei Wang", 3), ("Hsiao Wei", 3)]:
            (person,) = library.find_people(name)
            assert person.meeting_count == meetings
        for name in ("Gary O'Neall", "Gary ONeall", "Jo Kowalski"):
            (person,) = library.find_people(name)
            assert person.meeting_count == (3 if name.startswith("Gary") else 2)
        (michael,) = library.find_people("Michael Dawson")
        assert michael.handle == "mhdawson"  # the handle written most often
        assert any("'Michael Dawson' (@mhawson) is mhdawson" in why for why in michael.joins)
        (jo,) = library.find_people("Jo Kowalski")
        assert jo.handle == "jo-kowalski"  # a tie goes to the newer account
        assert len(library.find_people("Kofi")) == 2  # a first name alone is nobody's guess
        assert len(library.find_people("Anne-Marie")) == 2  # a first name with a dash, too


def test_the_two_apostrophes_and_dashes_are_one_person(tmp_path):
    """'Gary O'Neall' and 'Gary O’Neall', 'Ana Ruiz-Paz' and 'Ana Ruiz‐Paz': one person in
    the People list, the filter and the person view, whichever a note typed."""
    folder = tmp_path / "n"
    note = "# {day} Legal call\n\n## Attendees\n\n- {gary}\n- {ana}\n"
    write(
        folder,
        "2024-01-01.md",
        note.format(day="2024-01-01", gary="Gary O'Neall", ana="Ana Ruiz-Paz"),
    )
    write(
        folder,
        "2024-02-01.md",
        note.format(day="2024-02-01", gary="Gary O’Neall", ana="Ana Ruiz‐Paz"),
    )
    write(
        folder,
        "2024-03-01.md",
        note.format(day="2024-03-01", gary="Gary O`Neall", ana="Ana Ruiz–Paz"),
    )
    with Library(folder, tmp_path / "i") as library:
        library.update()
        people = {p.label: p.meeting_count for p in library.people_ranked()}
        assert people == {"Gary O`Neall": 3, "Ana Ruiz–Paz": 3}  # as the latest note wrote them
        for typed in ("Gary O’Neall", "gary o'neall", "Gary O`Neall"):
            (gary,) = library.find_people(typed)
            assert gary.meeting_count == 3
        hits = library.search('attendee:"gary o’neall"').hits
        assert len(hits) == 3


def test_a_one_word_name_that_spells_a_handle_is_that_person(tmp_path):
    """'Lightclient' and 'lightclient', 'Kubuxu' and '@kubuxu' (Jakub's handle): one person
    each, and the join says why; a first name the series' one full name took stays there."""
    folder = tmp_path / "n"
    write(
        folder,
        "2024-01-01.md",
        "# Call 2024-01-01\n\n## Attendees\n\n- lightclient\n- Jakub Sz (@kubuxu)\n- Ana Bell\n",
    )
    write(
        folder,
        "2024-02-01.md",
        "# Call 2024-02-01\n\n## Attendees\n\n- Lightclient\n- Kubuxu\n- Ana\n",
    )
    with Library(folder, tmp_path / "i") as library:
        library.update()
        people = {p.label: p.meeting_count for p in library.people_ranked()}
        assert people == {"Lightclient": 2, "Jakub Sz": 2, "Ana Bell": 2}
        (light,) = library.find_people("lightclient")
        assert "'Lightclient' spells the handle lightclient" in light.joins


def test_a_name_typed_as_someone_is_written_finds_them_before_whom_it_joined():
    """'Mara' finds the person written "Mara" (met in a series where she could not be
    joined), not also Mara Bos, whom "Mara" joined in another series; 'Mara Bos' finds her."""
    from tuinotes.library.people import Person, find_people

    people = {
        "name:mara": Person("name:mara", "Mara", keys={"name:mara"}),
        "name:mara bos": Person("name:mara bos", "Mara Bos", keys={"name:mara bos", "name:mara"}),
    }
    assert [p.name for p in find_people(people, "Mara")] == ["Mara"]
    assert [p.name for p in find_people(people, "mara bos")] == ["Mara Bos"]
    assert [p.name for p in find_people(people, "Bos")] == ["Mara Bos"]
