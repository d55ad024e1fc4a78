"""`tuinotes new`: the next meeting of a series drafted from its latest note, written as one
new file that never replaces another."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from tests.conftest import write
from tuinotes.cli import main
from tuinotes.library.config import bundled_samples
from tuinotes.library.library import Library
from tuinotes.library.moving_on import move_date, next_path


def files(folder: Path) -> set[str]:
    return {p.relative_to(folder).as_posix() for p in folder.rglob("*") if p.is_file()}


def run(capsys, *args: str) -> tuple[int, str, str]:
    code = main(list(args))
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def drafted(capsys, folder: Path, *args: str) -> str:
    """What `tuinotes new --stdout` prints for the folder (the command must succeed)."""
    code, out, err = run(capsys, "new", "--notes", str(folder), "--stdout", *args)
    assert code == 0, err
    return out


def write_draft(capsys, folder: Path, *args: str) -> Path:
    """The file `tuinotes new` writes in the folder (the command must succeed)."""
    code, out, err = run(capsys, "new", "--notes", str(folder), *args)
    assert code == 0, err
    return Path(out.strip())


@pytest.fixture
def samples(tmp_path):
    folder = tmp_path / "notes"
    shutil.copytree(bundled_samples(), folder)
    return folder


def test_the_next_community_call_is_drafted_from_the_latest(samples, capsys):
    before = files(samples)
    code, out, err = run(capsys, "new", "--notes", str(samples))
    assert code == 0, err
    written = Path(out.strip())
    assert files(samples) - before == {written.relative_to(samples).as_posix()}
    assert written.name == "2025-04-02-community-call.md"  # the usual gap after 2025-03-05
    text = written.read_text()
    assert text.startswith("---\ntags: [meeting-notes, community-call]\n")
    assert "# 2025-04-02 Tidewater Community Call" in text
    assert "- [2025-03-05](2025-03-05-community-call.md)" in text  # the previous meeting
    table = "| Name | Initials | Affiliation | GH Username |\n|------|"
    assert table in text
    attendees = text.split("## Attendees", 1)[1].split("\n## ", 1)[0]
    assert "Okafor" not in attendees.split("<!--")[0]  # nobody in it
    assert "<!-- regulars:" in attendees and "Bartholomew Okafor" in attendees
    carried = text.split("## Carried over", 1)[1].split("\n## ", 1)[0]
    kafka = "- [ ] Kafka connector: drop support for brokers older than 2.8\n"
    assert f"{kafka}  - carried from [2025-03-05](2025-03-05-community-call.md), Dagny" in carried
    assert "## Announcements" in text and "Hiroko" not in text.split("## Announcements")[1]
    with Library(samples) as library:  # the draft reads back as the next meeting
        library.update()
        record = library.record(written.relative_to(samples).as_posix())
        assert record is not None and str(record.date) == "2025-04-02"
        assert record.series == "Tidewater Community Call" and record.attendee_count == 0
        diff = library.diff(record.path)  # the carried items go on as the same topics
        assert any("Kafka connector" in line.text for line in diff.carried)
        assert not any("Kafka connector" in line.text for line in diff.new)


def test_new_edit_with_an_editor_that_cannot_run_keeps_the_draft_and_says_why(
    samples, capsys, monkeypatch
):
    """`new --edit` with $EDITOR naming no installed program: the draft is written, and
    the message (exit 2, no traceback) says the editor is why it did not open."""
    monkeypatch.delenv("VISUAL", raising=False)
    monkeypatch.setenv("EDITOR", "no-such-editor-here --wait")
    before = files(samples)
    code, _, err = run(capsys, "new", "--notes", str(samples), "--edit")
    assert code == 2
    assert "no editor opened it" in err and "'no-such-editor-here --wait'" in err
    assert len(files(samples) - before) == 1


def test_a_folder_that_cannot_be_written_is_said_plainly(samples, capsys, monkeypatch):
    """A read-only disk: one line naming the folder and why, not a temp file's name."""
    import errno

    def read_only(*args, **kwargs):
        raise OSError(errno.EROFS, "Read-only file system", str(samples / ".tuinotes-x.tmp"))

    monkeypatch.setattr("tuinotes.library.drafting.tempfile.mkstemp", read_only)
    code, _, err = run(capsys, "new", "--notes", str(samples))
    assert code == 2
    assert f"cannot write in {samples}: Read-only file system" in err
    assert ".tmp" not in err


def test_a_draft_never_replaces_a_file(samples, capsys):
    taken = write(samples, "2025-03-19-community-call.md", "")  # someone's empty file
    listed = files(samples)
    series = "Tidewater Community Call"
    code, out, err = run(capsys, "new", series, "--notes", str(samples), "--date", "2025-03-19")
    assert code == 2 and out == ""
    assert "2025-03-19-community-call.md already exists: nothing written" in err
    assert files(samples) == listed and taken.read_text() == ""
    assert not list(samples.glob(".tuinotes-*"))  # no temporary file left either


def test_the_next_meeting_is_not_drafted_twice(samples, capsys):
    assert run(capsys, "new", "--notes", str(samples))[0] == 0
    listed = files(samples)
    code, _, err = run(capsys, "new", "--notes", str(samples))
    assert code == 2 and "2025-04-02-community-call.md (2025-04-02), lists no one yet" in err
    assert files(samples) == listed


def test_stdout_and_json(samples, capsys):
    listed = files(samples)
    code, out, _ = run(capsys, "new", "Tidewater Steering Committee", "--notes", str(samples),
                       "--stdout")  # fmt: skip
    assert code == 0 and files(samples) == listed
    assert "[Previous meeting](2025-01-29-steering.md)" in out
    code, out, _ = run(capsys, "new", "--notes", str(samples), "--json", "--date", "2025-03-12")
    answer = json.loads(out)
    assert answer["date"] == "2025-03-12" and answer["previous"] == "2025-03-05-community-call.md"
    assert answer["path"] == "2025-03-12-community-call.md"
    assert any(c["who"] == "Dagny Lindqvist" for c in answer["carried"])


def test_a_date_not_after_the_latest_or_an_unknown_series_is_an_error(samples, capsys):
    code, _, err = run(capsys, "new", "--notes", str(samples), "--date", "2025-03-05")
    assert code == 2 and "is not after the latest meeting" in err
    code, _, err = run(capsys, "new", "steering", "--notes", str(samples), "--stdout")
    assert code == 2 and "did you mean: Tidewater Steering Committee" in err


def test_file_names_follow_the_series_own_pattern(tmp_path, capsys):
    folder = tmp_path / "notes"
    for day in ("20260401", "20260415"):
        write(
            folder,
            f"{day}_agenda_and_minutes.md",
            f"# Platform sync {day[:4]}-{day[4:6]}-{day[6:]}\n\n## Attendees\n\n- Ana Bell\n"
            "- Chen Dao\n\n## Agenda\n\n- [ ] Rotate the signing keys\n",
        )
    path = write_draft(capsys, folder)
    text = path.read_text()
    assert path.name == "20260429_agenda_and_minutes.md"
    assert text.startswith("# Platform sync 2026-04-29\n")
    assert "## Attendees\n\n-\n\n<!-- regulars: Ana Bell, Chen Dao -->" in text
    assert "- [ ] Rotate the signing keys" in text
    assert "](20260415_agenda_and_minutes.md)" in text


def test_a_year_folder_and_month_day_names_roll_over(tmp_path, capsys):
    folder = tmp_path / "cg"
    for day in ("12-03", "12-17"):
        number = day.split("-")[1]
        write(
            folder,
            f"2025/CG-{day}.md",
            f"# Agenda for the December {int(number)}th video call of the Widgets CG\n\n"
            "## Attendees\n\n| Name | Org |\n|---|---|\n| Ana Bell | Acme |\n",
        )
    written = write_draft(capsys, folder)
    assert written.relative_to(folder).as_posix() == "2025/CG-12-31.md"  # two weeks on
    assert "December 31st video call" in written.read_text()
    written = write_draft(capsys, folder, "--date", "2026-01-14")
    assert written.relative_to(folder).as_posix() == "2026/CG-01-14.md"
    assert "# Agenda for the January 14th video call" in written.read_text()
    assert "| Name | Org |\n|---|---|\n" in written.read_text()


def test_a_numbered_series_counts_on(tmp_path, capsys):
    folder = tmp_path / "acd"
    for number, day in ((192, "2024-07-18"), (193, "2024-08-01")):
        write(
            folder,
            f"Meeting {number}.md",
            f"# Execution Layer Meeting {number} #1{number}\n\n"
            f"## Meeting Date/Time: {day}, 14:00 UTC\n\n## Attendees\n\n- Tim Beiko\n",
        )
    out = drafted(capsys, folder)
    assert out.startswith("# Execution Layer Meeting 194 #1193\n")
    assert "[Previous meeting](<Meeting 193.md>)" in out  # a name with a space: in <>
    with Library(folder) as library:
        library.update()
        from tuinotes.library.drafting import draft_next

        assert draft_next(library).path == "Meeting 194.md"


def test_a_numbered_meeting_topic_is_not_carried_into_the_next_title(tmp_path, capsys):
    folder = tmp_path / "lattice"
    for number, day, topic in ((1, "2025/6/3", "team introductions"), (2, "2025/6/17", "proofs")):
        write(
            folder,
            f"meeting_0{number}.md",
            f"# Lattice call #{number}: {topic} | light clients\n\n"
            f"**Meeting Date/Time:** Tuesday {day} at 15:00 UTC\n\nModerator: Ines Carvalho\n",
        )
    out = drafted(capsys, folder)
    assert out.startswith("# Lattice call #3\n\n**Meeting Date/Time:** Tuesday 2025/7/1 at")
    with Library(folder) as library:  # one series, whatever each meeting's topic
        library.update()
        assert {r.series for r in library.records()} == {"Lattice call"}


@pytest.mark.parametrize(
    ("text", "new"),
    [
        ("# Sync 2024-01-10", "# Sync 2024-01-24"),
        ("Agenda for the January 10th call", "Agenda for the January 24th call"),
        ("Thursday 2024/1/10 at 14:00", "Thursday 2024/1/24 at 14:00"),
        ("date: 20240110", "date: 20240124"),
        ("no date here", "no date here"),
    ],
)
def test_a_date_moves_on_in_the_way_it_was_written(text, new):
    from datetime import date

    assert move_date(text, date(2024, 1, 10), date(2024, 1, 24)) == new


@pytest.mark.parametrize(
    ("heading", "moved"),
    [
        ("# SPDX Legal Team Meeting, Feb. 22, 2024", "# SPDX Legal Team Meeting, Mar. 7, 2024"),
        ("# IPFS Weekly Sync February 22 2024", "# IPFS Weekly Sync March 7 2024"),
        ("# Steering Committee — February", "# Steering Committee — March"),
    ],
)
def test_a_title_heading_moves_to_the_new_date(heading, moved):
    from datetime import date

    from tuinotes.library.moving_on import move_month

    assert move_month(heading, date(2024, 2, 22), date(2024, 3, 7)) == moved


def test_a_quarter_folder_follows_the_new_date():
    from datetime import date

    old, new = date(2018, 3, 26), date(2018, 4, 2)
    moved = next_path("meeting-notes/2018/Q1/2018-03-26--all-hands.md", old, new, None)
    assert moved == "meeting-notes/2018/Q2/2018-04-02--all-hands.md"


async def test_the_app_drafts_asks_writes_and_opens_the_next_meeting(samples, tmp_path):
    from tests.test_app import SIZE, ready, until
    from tuinotes.library.config import Config
    from tuinotes.tui.app import make_app
    from tuinotes.tui.screens import Confirm

    app = make_app(samples, config=Config(), index_dir=tmp_path / "index", watch=False)
    listed = files(samples)
    async with app.run_test(size=SIZE) as pilot:
        await ready(app, pilot)
        app.main.open_meeting("2025-03-05-community-call.md")
        await until(pilot, lambda: app.main.current_path == "2025-03-05-community-call.md")
        await pilot.press("ctrl+n")
        await until(pilot, lambda: isinstance(app.screen, Confirm))
        shown = str(app.screen.query_one("#confirm-url").render())
        assert shown == "2025-04-02-community-call.md"
        await pilot.press("n")  # no: nothing written
        await until(pilot, lambda: not isinstance(app.screen, Confirm))
        assert files(samples) == listed
        await pilot.press("ctrl+n")
        await until(pilot, lambda: isinstance(app.screen, Confirm))
        await pilot.press("y")
        written = samples / "2025-04-02-community-call.md"
        await until(pilot, written.exists)
        # then re-indexed and opened: an update of the whole folder, slow on a busy machine
        opened = "2025-04-02-community-call.md"
        await until(pilot, lambda: app.main.current_path == opened, seconds=30)
        assert files(samples) - listed == {"2025-04-02-community-call.md"}
        assert str(app.main.current_meeting.date) == "2025-04-02"


def test_attendee_groups_keep_their_labels_with_no_one_in_them(tmp_path, capsys):
    folder = tmp_path / "council"
    for day in ("2026-05-08", "2026-05-22"):
        write(
            folder,
            f"{day}.md",
            f"# Council meeting {day}\n\n## Attendance\n\n- Council members: Ana Bell, Chen Dao\n"
            "- Observers: Dmitri Orlov\n\n## Check-in\n\nAll well.\n",
        )
    out = drafted(capsys, folder)
    assert "## Attendance\n\n- Council members:\n- Observers:\n" in out
    assert "# Council meeting 2026-06-05\n" in out and "## Check-in\n" in out
    assert "All well" not in out


def test_a_roll_call_closing_a_paragraph_is_kept_with_its_list_empty(tmp_path, capsys):
    """The sign-in paragraph ending 'Roll call:' opens the attendee list: the draft keeps it,
    one empty bullet and the regulars to copy; an item still open in both of the last
    meetings is carried once, from the newer."""
    folder = tmp_path / "docs-wg"
    for day in ("2023-09-06", "2023-09-20"):
        write(
            folder,
            f"{day}-docs-wg.md",
            f"# Quarry Docs Group {day}\n\nWe record attendance for the report. Please sign"
            " in below. Roll call:\n\n* Lerato Mokoena / Ashgrove / @lmokoena\n"
            "* Felix Baumann / Kiesel / @fbaumann\n\n## Agenda\n\n"
            "- [x] Reference pages\n- [ ] Tutorial for first-time contributors\n",
        )
    out = drafted(capsys, folder)
    assert (
        "# Quarry Docs Group 2023-10-04\n\nWe record attendance for the report. Please sign in"
        " below. Roll call:\n\n*\n\n<!-- regulars: Lerato Mokoena, Felix Baumann -->\n"
    ) in out
    assert "Lerato Mokoena / Ashgrove" not in out
    assert out.count("Tutorial for first-time contributors") == 1
    assert "carried from [2023-09-20](2023-09-20-docs-wg.md)" in out


def test_a_series_kept_in_a_yearly_archive_drafts_a_file_named_as_its_folder_names_them(
    tmp_path, capsys
):
    """The latest meetings stand in `minutes/2024.md`, newest first, one cancelled: the next
    is a file of its own named as the folder's dated files, titled with the series' name,
    with the held meetings' sections and only the latest meeting's own lines (not the
    archive's preamble nor older meetings); it reads back as a meeting of the series."""
    folder = tmp_path / "tac"
    write(folder, "minutes/2023-12-12.md", "# 2023-12-12\n\n## Attendance\n\n* Ana Bell\n")
    held = (
        "## Attendance\n\n| Name | GH ID |\n| --- | --- |\n| {who} | @{handle} |\n\n## Agenda\n\n"
    )
    write(
        folder,
        "minutes/2024.md",
        "# 2024 TAC Meeting Notes\n\n## Code of Conduct\n\nBe kind.\n\n"
        "# 2024-02-20\n\n"
        + held.format(who="Ana Bell", handle="ana")
        + "- [ ] Ana to draft the charter\n- [x] Budget\n\n"
        "# 2024-02-06 - Cancelled\n\n"
        "# 2024-01-23\n\n" + held.format(who="Chen Dao", handle="chen") + "- [x] Kickoff\n",
    )
    before = files(folder)
    draft = json.loads(drafted(capsys, folder, "--json"))
    assert draft["path"] == "minutes/2024-03-05.md" and draft["previous"].startswith(
        "minutes/2024.md"
    )
    out = drafted(capsys, folder)
    assert out.startswith("# TAC Meeting 2024-03-05\n")  # the archive's name: its series
    assert "## Attendance\n\n| Name | GH ID |\n| --- | --- |\n" in out and "## Agenda\n" in out
    assert "- [ ] Ana to draft the charter" in out
    assert "Be kind" not in out and "Kickoff" not in out and "Ana Bell |" not in out
    assert files(folder) == before
    write_draft(capsys, folder)
    with Library(folder) as library:
        library.update()
        record = library.record("minutes/2024-03-05.md")
        archived = {r.series for r in library.records() if r.file == "minutes/2024.md"}
    assert record is not None and archived == {record.series}


def test_the_date_line_under_the_title_moves_and_a_kept_topic_heading_is_not_carried(
    tmp_path, capsys
):
    """The council's shape: `- Meeting date:` under the title, and a nominated issue as a
    heading of its own in both meetings, its `Link:` the thread's last item."""
    folder = tmp_path / "council"
    for day in ("2026-08-14", "2026-08-28"):
        write(
            folder,
            f"{day}.md",
            f"# Council meeting agenda\n\n- Meeting date: {day}\n\n## Attendance\n\n"
            "- Council members: Ana Bell, Chen Dao\n\n## Nominated issues\n\n"
            '### "Travel budget" council#316\n\n'
            "- **Link:** https://github.com/acme/council/issues/316\n",
        )
    out = drafted(capsys, folder)
    assert out.startswith("# Council meeting agenda\n\n- Meeting date: 2026-09-11\n\n")
    assert '### "Travel budget" council#316\n' in out
    assert "Carried over" not in out and "issues/316" not in out


def test_a_date_line_in_a_kept_section_moves_on_so_the_draft_is_dated(tmp_path, capsys):
    """ethereum's breakout calls: no date in the heading or the file name, only a
    `Date:` line under `## Meeting info`."""
    folder = tmp_path / "eof"
    for number, day in ((63, "2025.12.11"), (64, "2026.01.08")):
        write(
            folder,
            f"Meeting {number}.md",
            f"# EOF Implementers Call {number}\n\n## Meeting info\n\nDate: {day}\n\n"
            "Agenda: https://github.com/acme/pm/issues/1\n\n## Notes\n\n- [x] Testing\n",
        )
    text = write_draft(capsys, folder).read_text()
    assert "## Meeting info\n\nDate: 2026.02.05\n" in text and "Agenda:" not in text
    with Library(folder) as library:
        library.update()
        record = library.record("Meeting 65.md")
    assert (
        record is not None and record.date is not None and record.date.isoformat() == "2026-02-05"
    )


def test_agenda_lines_that_mention_the_date_are_not_carried_into_the_draft(tmp_path, capsys):
    folder = tmp_path / "sync"
    for day in ("2024-11-26", "2024-12-10"):
        write(
            folder,
            f"{day}.md",
            f"# Sync {day}\n\n## Info\n\nDate: {day}\n\n## Agenda\n\n"
            f"- Release cut on {day} went fine\n- [x] Publish the {day} recording\n",
        )
    out = drafted(capsys, folder)
    assert "## Info\n\nDate: 2024-12-24\n" in out
    assert "Release cut" not in out and "recording" not in out


def test_an_archive_is_not_named_after_another_series_file_beside_it(tmp_path, capsys):
    folder = tmp_path / "committee"
    write(folder, "minutes/2024-05-01-board.md", "# Board 2024-05-01\n\n## Attendees\n\n- Bo\n")
    write(
        folder,
        "minutes/2024.md",
        "# 2024 TAC Notes\n\n## December 10, 2024\n\n### Attendees\n\n- Ana Bell\n\n"
        "## November 26, 2024\n\n### Attendees\n\n- Ana Bell\n",
    )
    code, out, err = run(capsys, "new", "--notes", str(folder), "--stdout", "--json", "TAC")
    assert code == 2 and "no file of one meeting" in err
    write(folder, "minutes/2024-01-09.md", "# 2024-01-09\n\n## Attendees\n\n- Ana Bell\n")
    out = drafted(capsys, folder, "TAC")
    assert out.startswith("# TAC December 24, 2024\n")  # a date in words, too
