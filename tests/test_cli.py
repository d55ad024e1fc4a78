"""The CLI end to end, as a user runs it: subprocesses on a copy of the samples."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys

import pytest

from tests.conftest import SAMPLES, write


def run(*args, env_extra=None):
    env = {**os.environ, **(env_extra or {})}
    return subprocess.run(
        [sys.executable, "-m", "tuinotes", *args],
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
    )


def test_search_json_is_stable_and_documented_shape(notes):
    result = run("search", "backpressure", "--notes", str(notes), "--json", "--limit", "3")
    assert result.returncode == 0, result.stderr
    data = json.loads(result.stdout)
    assert set(data) == {"query", "total", "suggestion", "notices", "hits"}
    assert data["total"] == 7 and len(data["hits"]) == 3
    hit = data["hits"][0]
    assert set(hit) == {
        "path",
        "title",
        "date",
        "score",
        "attendee_count",
        "snippet",
        "snippet_matches",
    }
    start, end = hit["snippet_matches"][0]
    assert hit["snippet"][start:end].lower() == "backpressure"


def test_exit_codes_follow_grep(notes):
    assert run("search", "zzyzx", "--notes", str(notes)).returncode == 1
    missing = run("search", "x", "--notes", str(notes / "nope"))
    assert missing.returncode == 2 and "notes folder not found" in missing.stderr
    nobody = run("meetings", "--notes", str(notes), "--attendee", "Nobody Atall")
    assert nobody.returncode == 1 and "no attendee matches" in nobody.stderr  # found nothing
    no_person = run("person", "Nobody Atall", "--notes", str(notes))
    assert no_person.returncode == 1 and "nobody called 'Nobody Atall'" in no_person.stderr
    bad_day = run("new", "--date", "24-06-05", "--stdout", "--notes", str(notes))
    assert bad_day.returncode == 2  # the same words the assistants' tools use
    assert "'24-06-05' is not a date: write it as YYYY-MM-DD" in bad_day.stderr


def test_did_you_mean(notes):
    result = run("search", "securty", "--notes", str(notes))
    assert result.returncode == 1 and result.stdout == ""
    assert "no meetings found" in result.stderr and "did you mean: security" in result.stderr


def test_meetings_filtered_by_attendees(notes):
    result = run(
        "meetings", "--notes", str(notes), "--attendee", "@zoeng", "--attendee", "ED", "--json"
    )
    assert result.returncode == 0, result.stderr
    data = json.loads(result.stdout)
    assert [m["date"] for m in data] == ["2025-02-05", "2024-12-11"]
    assert all("Zoë Ng" in m["attendees"] for m in data)


def test_people_is_the_command_and_attendees_its_alias(notes):
    people = run("people", "--notes", str(notes), "--json")
    assert people.returncode == 0, people.stderr
    assert run("attendees", "--notes", str(notes), "--json").stdout == people.stdout
    assert "people" in run("--help").stdout


def test_a_person_known_by_handle_only_is_labelled_once_and_listed_by_path(tmp_path):
    for folder in ("general", "tech"):
        write(
            tmp_path,
            f"{folder}/2010/2010-08-26.md",
            f"# {folder.title()} call 2010-08-26\n\n## Attendees\n\n- @lidel\n- Ana Ruiz\n\n"
            "## Agenda\n\n- [ ] lidel: gateway caching\n",
        )
    people = run("people", "--notes", str(tmp_path)).stdout
    lidel = next(line for line in people.splitlines() if "lidel" in line)
    assert lidel.count("lidel") == 1, lidel
    shown = run("person", "lidel", "--notes", str(tmp_path)).stdout
    assert shown.splitlines()[0].startswith("@lidel — 2 meetings"), shown
    assert "(general/2010/2010-08-26.md)" in shown and "(tech/2010/2010-08-26.md)" in shown


def test_attendees_and_show(notes):
    people = json.loads(run("people", "--notes", str(notes), "--json").stdout)
    ana = next(p for p in people if p["handle"] == "anaq")
    assert ana["meeting_count"] == 14 and ana["affiliations"] == ["Quay Labs", "Independent"]
    assert ana["first_seen"] == "2023-03-15"

    shown = run("show", str(notes / "2024-10-16-community-call.md"), "--json")
    meeting = json.loads(shown.stdout)
    assert meeting["date"] == "2024-10-16" and meeting["attendee_count"] == 5
    text = run("show", str(notes / "2024-10-16-community-call.md")).stdout
    assert "- [x] HT: RFC: Rust serializer" in text and "— Hiroko Tanaka" in text


def test_show_reads_a_note_as_the_index_does(notes):
    """A date in the note's folder names counts, as it does for the index: the year and
    month of `2024-02/`, the day of `feb-6.md`."""
    write(notes, "tc/2024-02/feb-6.md", "# Plenary\n\n- Opening\n")
    listed = json.loads(run("meetings", "--notes", str(notes), "--json").stdout)
    assert next(m["date"] for m in listed if m["path"] == "tc/2024-02/feb-6.md") == "2024-02-06"
    for given in ("tc/2024-02/feb-6.md", str(notes / "tc/2024-02/feb-6.md")):
        shown = run("show", given, "--notes", str(notes), "--json")
        assert json.loads(shown.stdout)["date"] == "2024-02-06", shown.stderr


def test_show_takes_a_meeting_of_a_file_of_several_as_listed(notes):
    """`show FILE#DATE`, as `meetings` and `check` list it; the file alone shows its first
    meeting and names the others."""
    write(
        notes,
        "infra/standups.md",
        "# Infra standup\n\n## 2024-05-14\n\n- Disk alerts\n\n## 2024-05-07\n\n- Backups\n",
    )
    shown = run("show", "infra/standups.md#2024-05-07", "--notes", str(notes), "--json")
    assert json.loads(shown.stdout)["date"] == "2024-05-07", shown.stderr
    first = run("show", "infra/standups.md", "--notes", str(notes), "--json")
    assert json.loads(first.stdout)["date"] == "2024-05-14"
    assert "holds 2 meetings" in first.stderr and "#2024-05-07" in first.stderr
    write(notes, "C# guild.md", "# C# guild\n\n- Span<T> talk\n")  # a # in a file's name
    assert json.loads(run("show", "C# guild.md", "--notes", str(notes), "--json").stdout)
    missing = run("show", "infra/standups.md#2024-01-01", "--notes", str(notes))
    assert missing.returncode == 2
    assert "no meeting #2024-01-01; it holds #2024-05-14, #2024-05-07" in missing.stderr


def test_index_summary_and_env_folder(notes):
    (notes / "binary.md").write_bytes(b"\x00\x01\x02garbage")
    first = run("index", env_extra={"TUINOTES_DIR": str(notes)})
    assert first.returncode == 0
    assert "indexed 16, unchanged 0, removed 0, skipped 1" in first.stdout
    assert "binary.md: binary file" in first.stdout
    assert "2024-10-30-community-call.md: frontmatter: invalid YAML" in first.stdout
    again = json.loads(run("index", "--notes", str(notes), "--json").stdout)
    assert again["indexed"] == 0 and again["unchanged"] == 16


@pytest.mark.parametrize("payload", ["\x1b]0;pwned\x07", "\x1b[2J", "\x1b]52;c;Zm9v\x07"])
def test_cli_output_never_carries_control_sequences(notes, payload):
    (notes / "evil.md").write_text(f"# 2024-01-01 Evil {payload} meeting\n\nzebra {payload}\n")
    for args in (("search", "zebra"), ("meetings",), ("show", str(notes / "evil.md"))):
        result = run(*args, "--notes", str(notes))
        assert "\x1b" not in result.stdout and "\x07" not in result.stdout
        assert "Evil" in result.stdout


def test_check_lists_what_was_read_differently(tmp_path):
    folder = tmp_path / "n"
    write(
        folder,
        "2024-01-10-sync.md",
        "# Sync\n\n## Attendees\n- Ada Byron\n- Our Team\n\n## Agenda\n- QX: who is QX\n",
    )
    write(folder, "notes.md", "# Some notes\n\nNothing dated here.\n")
    write(
        folder,
        "archive.md",
        "# Board 2022\n\n## 2022-03-01\n\n- [x] a\n\n## 2022-04-05\n\n- [ ] b\n",
    )
    done = run("check", str(folder), "--json")
    assert done.returncode == 0, done.stderr
    findings = {(f["kind"], f["path"], f["detail"]) for f in json.loads(done.stdout)["findings"]}
    assert ("undated", "notes.md", "no date in headings, text or path") in findings
    assert ("unresolved-speaker", "2024-01-10-sync.md", "QX") in findings
    assert ("not-a-person", "2024-01-10-sync.md", "Our Team") in findings
    assert ("split", "archive.md", "2 meetings") in findings
    assert ("no-attendees", "notes.md", "") in findings
    text = run("check", str(folder)).stdout
    assert "files read as several meetings: 1" in text and "archive.md" in text


def test_a_command_that_must_index_first_says_so(tmp_path):
    folder = tmp_path / "n"
    for n in range(210):
        write(folder, f"2024-01-01-m{n}.md", f"# 2024-01-01 Meeting {n}\n\n- [ ] AB: okapi {n}\n")
    first = run("search", "okapi", "--notes", str(folder), "--limit", "1")
    assert first.returncode == 0 and first.stdout.count("Meeting") == 1
    assert "indexing 210 notes first" in first.stderr and "indexing 210/210" in first.stderr
    again = run("search", "okapi", "--notes", str(folder), "--limit", "1")
    assert again.returncode == 0 and "indexing" not in again.stderr


def test_progress_on_a_terminal_is_a_bar_with_rate_and_time_left(monkeypatch, capsys):
    from tuinotes.cli.output import ProgressPrinter
    from tuinotes.indexer.report import Progress

    now = [0.0]
    monkeypatch.setattr("tuinotes.cli.output.time.monotonic", lambda: now[0])
    monkeypatch.setattr("sys.stderr.isatty", lambda: True)
    printer = ProgressPrinter()
    printer(Progress(1, 400))
    now[0] = 2.0
    printer(Progress(100, 400))  # 2 s in: 50 notes a second, 300 left
    now[0] = 4.0
    printer(Progress(400, 400))
    drawn = capsys.readouterr().err.split("\r\x1b[K")
    assert "100/400" in drawn[2] and "50 notes/s" in drawn[2] and "6 s left" in drawn[2]
    assert drawn[2].count("█") == 6  # a quarter of the bar
    assert drawn[3].startswith("indexing [" + "█" * 24 + "] 400/400") and drawn[3].endswith("\n")


def test_check_reports_what_was_understood_and_explains_a_note(tmp_path):
    folder = tmp_path / "n"
    table = "| Name | Org |\n|---|---|\n| Ada Byron | Analytical |\n|  |  |\n|  |  |\n"
    write(folder, "2024-01-10-sync.md", f"# Sync\n\n## Attendees\n\n{table}\n3 people in total\n")
    write(folder, "2024-01-17-sync.md", "# Sync\n\nRoll call:\n\n- Ada Byron\n- Chen Wei\n")
    write(folder, "notes.md", "# Some notes\n\nNothing dated here.\n")
    text = run("check", str(folder)).stdout
    assert "3 meetings read in" in text
    assert "dated" in text and "67%" in text  # two of three
    assert "stated head count differs" in text and "[count-disagrees]" in text
    assert "the note says 3 attended, 1 were read" in text
    assert "1 meeting undated: listed last, and a date: filter never finds it." in text
    assert "Read well" not in text
    write(tmp_path / "bare", "2024-01-10-sync.md", "# Sync\n\n- the release plan\n")
    bare = json.loads(run("check", str(tmp_path / "bare"), "--json").stdout)
    assert bare["verdict"][0].startswith("No attendee list found in any meeting")
    shown = run("check", str(folder), "--show", "undated").stdout
    assert "notes.md" in shown and "count-disagrees" not in shown
    explained = run("check", str(folder), "--explain", "2024-01-17-sync.md")
    assert explained.returncode == 0, explained.stderr
    assert "attendees 2: Ada Byron, Chen Wei" in explained.stdout
    assert "kept: the list after 'Roll call'" in explained.stdout
    assert "date: the file name" not in explained.stdout  # no heading date: the path alone
    assert "date: the path" in explained.stdout
    missing = run("check", str(folder), "--explain", "nope.md")
    assert missing.returncode == 2 and "nope.md" in missing.stderr
    write(tmp_path / "other", "2024-02-01.md", "# Other 2024-02-01\n")
    elsewhere = run("check", str(tmp_path / "other"), "--explain", str(folder / "notes.md"))
    assert elsewhere.returncode == 2
    assert "name the note's folder: tuinotes check DIR --explain FILE" in elsewhere.stderr


@pytest.mark.parametrize(
    "command",
    [["search", "zzz"], ["people"], ["actions"], ["topic", "zzz"], ["decisions"], ["open"]],
)
def test_an_empty_answer_is_still_json_and_exits_1(tmp_path, command):
    write(tmp_path, "2024-01-01.md", "# Sync 2024-01-01\n\nNothing was discussed.\n")
    result = run(*command, "--notes", str(tmp_path), "--json")
    assert result.returncode == 1, result.stderr
    answer = json.loads(result.stdout)
    assert answer == [] or answer["hits"] == []


def test_series_lists_the_names_other_commands_take(tmp_path):
    notes = tmp_path / "notes"
    shutil.copytree(SAMPLES, notes)
    listed = json.loads(run("series", "--notes", str(notes), "--json").stdout)
    assert listed[0] == {
        "series": "Tidewater Community Call",
        "meetings": 11,
        "first": "2024-09-04",
        "latest": "2025-03-05",
        "latest_path": "2025-03-05-community-call.md",
    }
    text = run("series", "--notes", str(notes)).stdout
    assert "Tidewater Steering Committee" in text and "2024-09-25..2025-01-29" in text
    write(tmp_path / "undated", "sync.md", "# Sync\n\nNothing was discussed.\n")
    empty = run("series", "--notes", str(tmp_path / "undated"), "--json")
    assert empty.returncode == 1 and json.loads(empty.stdout) == []


@pytest.mark.parametrize("command", ["meetings", "people", "series", "actions"])
def test_listing_commands_take_the_folder_as_their_argument(tmp_path, command):
    notes = tmp_path / "notes"
    shutil.copytree(SAMPLES, notes)
    by_argument = run(command, str(notes), "--json")
    assert by_argument.returncode == 0, by_argument.stderr
    assert by_argument.stdout == run(command, "--notes", str(notes), "--json").stdout


def test_a_folder_after_the_words_is_the_notes_folder_and_a_file_is_not_one(tmp_path):
    """`search WORD DIR` searches DIR (it searched the default folder for "WORD DIR");
    a note file given as the folder says what it is."""
    notes = tmp_path / "notes"
    shutil.copytree(SAMPLES, notes)
    after = run("search", "backpressure", str(notes), "--json")
    assert after.returncode == 0, after.stderr
    assert after.stdout == run("search", "backpressure", "--notes", str(notes), "--json").stdout
    decided = run("decisions", str(notes), "--json")
    assert decided.stdout == run("decisions", "--notes", str(notes), "--json").stdout
    note = next(notes.rglob("*.md"))
    for args in (("people", "--notes", str(note)), (str(note),)):  # a command, or the app
        wrong = run(*args)
        assert wrong.returncode == 2
        assert "a file, not a folder (`tuinotes show FILE` reads one note)" in wrong.stderr
    mistyped = run("serach", "backpressure")
    assert mistyped.returncode == 2
    assert "no command or folder 'serach': did you mean 'search'?" in mistyped.stderr


@pytest.mark.parametrize(
    "command",
    [("search", "backpressure"), ("meetings",), ("people",), ("series",), ("actions",)],
    ids=lambda c: c[0],
)
def test_every_list_answers_in_markdown_and_json_too(notes, command):
    """--format md gives a list or table to paste into an issue; --format json is --json."""
    markdown = run(*command, "--notes", str(notes), "--format", "md")
    assert markdown.returncode == 0, markdown.stderr
    first = markdown.stdout.splitlines()[0]
    assert first.startswith("- " if command[0] in ("search", "meetings", "actions") else "| ")
    if command[0] in ("search", "meetings"):
        assert "(`" in first and ".md`)" in first  # the meeting's path, to open it
    if command[0] == "actions":
        assert first.startswith("- [ ] ") and " — " in first
    as_format = run(*command, "--notes", str(notes), "--format", "json")
    as_flag = run(*command, "--notes", str(notes), "--json")
    assert json.loads(as_format.stdout) == json.loads(as_flag.stdout)


def test_check_on_a_folder_without_notes_says_so(tmp_path):
    (tmp_path / "readme.txt").write_text("not a note")
    checked = run("check", "--notes", str(tmp_path))
    assert checked.returncode == 1
    assert "it has no .md files" in checked.stderr and checked.stdout == ""
    listed = run("meetings", "--notes", str(tmp_path))  # the same words, not "no meetings"
    assert listed.returncode == 1 and "it has no .md files" in listed.stderr


def test_show_of_a_name_not_found_names_the_notes_of_that_name(tmp_path):
    """`show 2024.md` when the note is `minutes/2024.md`: the error says where it is."""
    write(tmp_path, "minutes/2024.md", "# TAC 2024\n\n## 2024-01-09\n\n- Budget\n")
    shown = run("show", "2024.md", "--notes", str(tmp_path))
    assert shown.returncode == 2
    assert (
        "file not found (deleted or moved?); in the notes folder: minutes/2024.md" in shown.stderr
    )
    assert run("show", "minutes/2024.md", "--notes", str(tmp_path)).returncode == 0


def test_odd_things_to_show_are_messages_not_tracebacks(tmp_path):
    """A pipe named like a note would make a reader wait for ever, a link loop raises, an
    empty name meant nothing: each is one line on stderr and exit 2."""
    os.mkfifo(tmp_path / "pipe.md")
    (tmp_path / "a.md").symlink_to(tmp_path / "b.md")
    (tmp_path / "b.md").symlink_to(tmp_path / "a.md")
    for target, said in [
        ("pipe.md", "not a regular file"),
        ("a.md", "symbolic links"),
        ("", "show needs a note"),
    ]:
        shown = run("show", target, "--notes", str(tmp_path))
        assert shown.returncode == 2, shown.stderr
        assert said in shown.stderr and "Traceback" not in shown.stderr


def test_a_note_whose_name_is_not_utf8_is_skipped_and_named_and_the_rest_read(tmp_path):
    """'caf\\xe9.md' from an old system, or a name with a line break: named as skipped,
    and every other note still listed (one such name used to stop every command)."""
    write(tmp_path, "good.md", "# Budget review\n\nDate: 2025-05-01\n")
    (tmp_path / os.fsdecode(b"caf\xe9.md")).write_text("# Cafe review\n\nDate: 2025-05-02\n")
    (tmp_path / "two\nlines.md").write_text("# Two lines\n\nDate: 2025-05-03\n")
    indexed = run("index", str(tmp_path))
    assert indexed.returncode == 0, indexed.stderr
    assert "caf\\xe9.md: its name is not UTF-8 text" in indexed.stdout
    assert "two\\nlines.md: its name holds a line break" in indexed.stdout
    listed = run("meetings", str(tmp_path))
    assert listed.returncode == 0 and listed.stdout.splitlines() == [
        "2025-05-01  Budget review  good.md"
    ]


def test_a_config_file_that_cannot_be_used_is_named_not_silently_replaced(tmp_path):
    """A broken config.toml, or a wrong kind of value in it, is said on stderr (the CLI
    used to list the bundled samples as if they were the user's); a BOM is fine."""
    config = tmp_path / "config"
    (config / "tuinotes").mkdir(parents=True)
    file = config / "tuinotes" / "config.toml"
    env = {"XDG_CONFIG_HOME": str(config)}
    write(tmp_path, "notes/sync.md", "# Budget review\n\nDate: 2025-05-01\n")
    file.write_text('notes_dir = "unterminated\n')
    broken = run("meetings", env_extra=env)
    assert "config.toml" in broken.stderr and "using defaults" in broken.stderr
    file.write_text("notes_dir = 5\n")
    wrong = run("meetings", env_extra=env)
    assert "notes_dir = 5 is not a folder's path in quotes" in wrong.stderr
    file.write_bytes(b"\xef\xbb\xbf" + f'notes_dir = "{tmp_path / "notes"}"\n'.encode())
    with_bom = run("meetings", env_extra=env)
    assert with_bom.stdout.startswith("2025-05-01  Budget review") and with_bom.stderr == ""


def test_a_home_folder_of_no_user_is_a_folder_not_found(tmp_path):
    shown = run("meetings", "--notes", "~no-such-user-here/notes")
    assert shown.returncode == 2
    assert "notes folder not found" in shown.stderr and "Traceback" not in shown.stderr


def test_serve_on_a_port_out_of_range_is_refused_by_the_parser():
    served = run("serve", "--port", "70000")
    assert served.returncode == 2 and "must be a port from 1 to 65535" in served.stderr


def test_person_by_a_first_name_also_names_the_full_names_it_could_mean(tmp_path):
    """`person Kate` shows the one written "Kate", and says Kate Stewart is there too."""
    write(tmp_path, "legal/2024-01-10.md", "# Legal sync\n\nAttendees: Kate, Bo Li\n")
    for day in ("2024-01-11", "2024-01-18"):
        write(tmp_path, f"tech/{day}.md", "# Tech call\n\nAttendees: Kate Stewart, Ana Bell\n")
    shown = run("person", "Kate", "--notes", str(tmp_path))
    assert shown.returncode == 0 and shown.stdout.startswith("Kate")
    assert "tuinotes: also Kate Stewart (2 meetings)" in shown.stderr


def test_a_folder_written_bare_after_the_words_is_named_when_nothing_is_found(tmp_path):
    """`search backpressure sample_notes` in the folder holding sample_notes reads the
    folder's name as a word; when that finds nothing, say how to look in the folder."""
    shutil.copytree(SAMPLES, tmp_path / "meetings")
    (tmp_path / "empty").mkdir()  # the notes folder searched: nothing is found there
    for args in (("search", "backpressure", "meetings"), ("decisions", "meetings")):
        found = subprocess.run(
            [sys.executable, "-m", "tuinotes", *args, "--notes", str(tmp_path / "empty")],
            capture_output=True,
            text=True,
            cwd=tmp_path,
            timeout=120,
        )
        assert found.returncode != 0
        assert "'meetings' is a folder here: to look in it, write ./meetings" in found.stderr
