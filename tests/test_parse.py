"""The parser on the samples and on the odd shapes real folders have."""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path
from textwrap import dedent

import pytest

from tests.conftest import SAMPLES
from tuinotes.notes.actions import find_actions
from tuinotes.notes.parse import parse_note, parse_text, parse_text_meetings


def parse(text: str, name: str = "note.md"):
    return parse_text(dedent(text), Path(name), name)


def test_every_sample_parses_with_date_title_and_attendees():
    notes = sorted(SAMPLES.rglob("*.md"))
    assert len(notes) >= 12
    for path in notes:
        meeting = parse_note(path)
        assert meeting.date is not None, path
        assert meeting.title, path
        assert meeting.attendees, path


def test_full_note_structure():
    meeting = parse_note(SAMPLES / "2024-09-04-community-call.md")
    assert meeting.date == date(2024, 9, 4)
    assert meeting.title == "Tidewater Community Call"
    assert meeting.tags == ["meeting-notes", "community-call"]
    assert meeting.frontmatter["series"] == "Tidewater Community Call"
    assert meeting.stated_attendee_count == 5
    ana = meeting.attendees[0]
    assert (ana.name, ana.initials, ana.affiliation, ana.handle) == (
        "Ana María Quiñones",
        "AMQ",
        "Quay Labs",
        "anaq",
    )
    assert [p.date for p in meeting.previous_meetings] == [date(2024, 8, 21), date(2024, 8, 7)]
    sections = [s.title for s in meeting.sections if s.kind == "agenda"]
    assert sections == ["Introductions", "Announcements", "New Agenda Items"]
    items = meeting.sections[-1].items
    assert items[0].state == "done" and items[1].state == "open"
    assert items[0].speaker == "BO" and items[0].speaker_name == "Bartholomew Okafor"
    assert items[0].links[0].url == "https://github.com/tidewater-dev/tidewater/issues/1287"
    discussion = items[0].children
    assert [c.speaker for c in discussion] == ["CW", "AMQ", "BO"]
    assert discussion[1].speaker_name == "Ana María Quiñones"


def test_links_in_every_form():
    meeting = parse(
        """
        # 2024-01-01 Links
        ## Agenda
        - [ ] AB: bare https://example.org/a and [named](https://example.org/b)
        - autolink <https://example.org/c>, www.example.org/d and mailto:<mailto:x@example.org>
        """
    )
    urls = {link.url: link.text for link in meeting.links}
    assert urls["https://example.org/a"] == "https://example.org/a"
    assert urls["https://example.org/b"] == "named"
    assert "https://example.org/c" in urls
    assert "http://www.example.org/d" in urls
    assert "mailto:x@example.org" in urls


def test_file_and_javascript_links_are_listed_not_left_as_source():
    """markdown-it drops these schemes; the app lists them and asks before opening one."""
    meeting = parse(
        """
        # 2024-01-01 Links
        ## Agenda
        See [the spec](file:///srv/spec.pdf) and [odd](javascript:void(0)) in a paragraph.
        - [ ] Read [local copy](file:///tmp/notes.txt)
        """
    )
    assert {(link.url, link.text) for link in meeting.links} == {
        ("file:///srv/spec.pdf", "the spec"),
        ("javascript:void(0)", "odd"),
        ("file:///tmp/notes.txt", "local copy"),
    }
    assert meeting.sections[0].items[0].text == "Read local copy"


def test_attendee_table_columns_matched_by_name_with_missing_and_empty_cells():
    meeting = parse(
        """
        # 2024-02-02 Sync
        ## Who attended
        | GitHub | Full Name | Org |
        |---|---|---|
        | @zoe | Zoë Ng | |
        | | | |
        | https://github.com/kim | Kim Lee | Acme |
        """
    )
    assert [(a.name, a.handle, a.affiliation) for a in meeting.attendees] == [
        ("Zoë Ng", "zoe", ""),
        ("Kim Lee", "kim", "Acme"),
    ]


def test_attendee_table_without_a_recognisable_header():
    meeting = parse(
        """
        # 2024-02-02 Sync
        ## Attendees
        | Ada Byron | AB | @ada |
        |---|---|---|
        | Alan Turing | AT | Bletchley |
        """
    )
    assert [(a.name, a.initials, a.handle, a.affiliation) for a in meeting.attendees] == [
        ("Ada Byron", "AB", "ada", ""),
        ("Alan Turing", "AT", "", "Bletchley"),
    ]


def test_a_slash_or_bar_beside_a_name_separates_its_organisation():
    meeting = parse(
        "# 2024-02-02 Sync\n\n## Attendees\n\n- Sunny Yip/Kusari\n- Mehdi Rahman |Sigma Prime\n"
        "- Ana Ruiz / Acme\n- Ben Ode, n/a\n- Luke Hale (Stackworks, SCIR(GB), TSC chair)\n"
    )
    assert [(a.name, a.affiliation) for a in meeting.attendees] == [
        ("Sunny Yip", "Kusari"),
        ("Mehdi Rahman", "Sigma Prime"),
        ("Ana Ruiz", "Acme"),
        ("Ben Ode", ""),
        ("Luke Hale", "Stackworks, SCIR GB, TSC chair"),  # brackets inside brackets: one aside
    ]


def test_pronouns_remarks_and_symbols_beside_a_name_are_not_its_organisation():
    meeting = parse(
        "# 2024-02-02 Sync\n\n## Attendees\n\n- Mo Park, he/him, Initech\n"
        "- Vi Lund (Acme, she/her)\n- Ned Oak (@nedo - Hooli)\n- Ida Moe (@idam, observer)\n"
        "- Al Roe (phone)\n- ♦ Kai Tan（Globex，chair）\n- Wes Ray 🤩\n- Tia Cole. Umbrella\n"
        "- @jonas's iphone\n- Pia & Rolf\n"
    )
    assert [(a.name, a.affiliation, a.handle) for a in meeting.attendees] == [
        ("Mo Park", "Initech", ""),
        ("Vi Lund", "Acme", ""),
        ("Ned Oak", "Hooli", "nedo"),
        ("Ida Moe", "", "idam"),
        ("Al Roe", "", ""),
        ("Kai Tan", "Globex, chair", ""),  # wide punctuation read as Latin
        ("Wes Ray", "", ""),
        ("Tia Cole", "Umbrella", ""),
        ("", "", "jonas"),  # a device named for its owner
        ("Pia", "", ""),
        ("Rolf", "", ""),
    ]


def test_an_organisation_may_start_lowercase_and_a_remark_still_is_none():
    meeting = parse(
        "# 2024-02-02 Sync\n\n## Attendees\n\n- Ines Baz (npm Inc)\n"
        "- Joost Kal, van Lanschot Bank\n- Ravi Das (back from PTO)\n- Oda Lin (via Zoom)\n"
        "- Ulla Berg - joined mid way\n- Ada Lin (presenting Demo)\n- Bo Ek (chair TSC)\n"
        "- Cy Dahl (taking notes)\n- Di Fox - notes\n- Eve Roy (Meeting Notes)\n"
    )
    assert [(a.name, a.affiliation) for a in meeting.attendees] == [
        ("Ines Baz", "npm Inc"),
        ("Joost Kal", "van Lanschot Bank"),
        ("Ravi Das", ""),
        ("Oda Lin", ""),
        ("Ulla Berg", ""),
        ("Ada Lin", ""),
        ("Bo Ek", ""),
        ("Cy Dahl", ""),  # a remark that says 'notes' names who took them
        ("Di Fox", ""),
        ("Eve Roy", ""),
    ]


def test_a_list_of_names_split_at_a_stray_full_stop_and_everyone_is_no_one():
    meeting = parse(
        "# 2024-02-02 Sync\n\nAttendees: TC, Eva Hus, Jon Huey. Jan Bera, Jim St. Clair, oli\n"
    )
    assert [a.name for a in meeting.attendees] == [
        "TC",
        "Eva Hus",
        "Jon Huey",
        "Jan Bera",
        "Jim St. Clair",
        "oli",
    ]
    assert parse("# 2024-02-02 Sync\n\nAttendance: all\n\nScribe: Ryan\n").attendees[0].name == (
        "Ryan"
    )


def test_numbered_attendees_and_parenthesised_speakers():
    meeting = parse_note(SAMPLES / "2024-10-16-community-call.md")
    assert [a.handle for a in meeting.attendees][:2] == ["anaq", "chenwei-dev"]
    assert meeting.attendees[0].initials == "AMQ"
    assert meeting.attendees[0].affiliation == "Quay Labs"
    first = next(meeting.items())
    assert first.speaker == "AMQ" and first.state == "done"


def test_bullet_attendees_with_handles_and_orgs():
    meeting = parse_note(SAMPLES / "2025-01-22-community-call.md")
    gus = meeting.attendees[3]
    assert (gus.name, gus.handle, gus.affiliation) == (
        "Gus Pereira",
        "guspereira",
        "Riverbend Analytics",
    )
    # no initials column: speakers still resolve through names
    assert next(meeting.items()).speaker_name == "Ana María Quiñones"


def test_plain_list_of_names_in_an_old_note():
    meeting = parse_note(SAMPLES / "archive" / "2023-03-15-kickoff.md")
    assert [a.name for a in meeting.attendees] == [
        "Ana María Quiñones",
        "Bartholomew Okafor",
        "Chen Wei",
        "Jo Kowalski",
    ]


def test_unknown_initials_are_kept_unresolved():
    meeting = parse(
        """
        # 2024-03-03 Sync
        ## Attendees
        - Ada Byron (@ada)
        ## Agenda
        - [ ] QX: who is this
        - Note: not a speaker
        """
    )
    items = list(meeting.items())
    assert (items[0].speaker, items[0].speaker_name) == ("QX", "")
    assert items[1].speaker == ""


@pytest.mark.parametrize(
    ("name", "text", "expected"),
    [
        ("20240605_team_sync.md", "# Team sync\n", date(2024, 6, 5)),
        ("sync.md", "---\ndate: 2024-07-08\n---\n# Team sync\n", date(2024, 7, 8)),
        ("sync.md", "---\ndate: '2024/07/09'\n---\n# Team sync\n", date(2024, 7, 9)),
        # A heading copied from the last meeting's note disagrees with the file name: on the
        # real folders we looked at, the file name was right each time (and it is flagged).
        ("2024-01-01-x.md", "# 2024-08-09 Team sync\n", date(2024, 1, 1)),
        ("sync.md", "### 2024-08-10: Team sync\n", date(2024, 8, 10)),
        ("sync.md", "# Team sync\n", None),
        ("2022/CG-01-04.md", "# Web group\n\nAgenda for the January 4th call.\n", date(2022, 1, 4)),
        ("2021/call.md", "# Web group\n\nAgenda for the January 4th call.\n", date(2021, 1, 4)),
        ("call.md", "# Web group\n\nAgenda for the January 4th call.\n", None),
        (
            "call.md",
            "# Call 12\n\nMeeting Date/Time: Friday 9/8/17 at 14:00 UTC\n",
            date(2017, 9, 8),
        ),
        # month names in other languages; a year of two digits after an apostrophe; the marks
        # of Chinese and Japanese; a folder a day inside the month's and the year's
        ("call.md", "# Ata\n\nData: 7 de março de 2025\n", date(2025, 3, 7)),
        ("call.md", "# Protokoll\n\nDatum: 7. März 2025\n", date(2025, 3, 7)),
        ("call.md", "# Notulen\n\nDatum: donderdag 20 maart 2025\n", date(2025, 3, 20)),
        ("call.md", "# Sync\n\nDate: Mar 7th, '25\n", date(2025, 3, 7)),
        ("call.md", "# Sync\n\nDate: Mar 7th, '99\n", date(1999, 3, 7)),
        # a foreign month name without a year beside it is a name: "Check-in with Mei 2"
        ("2024/x.md", "# Check-in with Mei 2\n", None),
        ("2024/mai-1on1.md", "# One on one\n", None),
        ("call.md", "# 定例会議\n\n2025年3月7日\n", date(2025, 3, 7)),
        # Korean marks; Polish and Russian months as a date writes them; a date label in a
        # language that writes the day first; labels of Japanese and Korean
        ("call.md", "# 주간 회의\n\n- 일시: 2026년 3월 11일 (수)\n", date(2026, 3, 11)),
        ("call.md", "# Notatka\n\nData: 11 marca 2026 r.\n", date(2026, 3, 11)),
        ("call.md", "# Протокол\n\nДата: 12 марта 2026 г.\n", date(2026, 3, 12)),
        ("call.md", "# Ata\n\nData: 03/04/2026\n", date(2026, 4, 3)),
        ("call.md", "# Sync\n\nDate: 03/04/2026\n", date(2026, 3, 4)),
        ("call.md", "# 定例会議\n\n日時：2026年3月11日\n", date(2026, 3, 11)),
        # a month and day dates the meeting where the note opens, not a deadline or the next
        # meeting further down; a date beside "next meeting" is that meeting's
        (
            "2026/board.md",
            "# Board\n\nHeld by video call.\n\n1. Minutes approved.\n\n2. Hall\n"
            "   Send the deck by 10 March.\n\nNext meeting: April 14.\n",
            None,
        ),
        ("2026/board.md", "# Board\n\n- Action: book the hall, due May 16\n", None),
        (
            "2026-03-17 Docs WG.md",
            "# Docs WG\n\nNo meeting this week. Next meeting 2026-03-24, same time.\n",
            date(2026, 3, 17),
        ),
        ("2025/03/12/minutes.md", "# Infra sync\n", date(2025, 3, 12)),
        ("2025/13/12/minutes.md", "# Infra sync\n", None),
        # a year no meeting has: a slip for 2025, or a placeholder
        ("sync.md", "# Sync 2205-03-11\n", None),
        ("sync.md", "---\ndate: 9999-12-31\n---\n# Sync\n", None),
        ("0001-01-01-sync.md", "# Sync\n", None),
        # a word that merely starts like a weekday names none ("Monthly": not Monday, 10 March)
        ("call.md", "# Monthly call\n\nDate: Monthly 10/03/2025\n", date(2025, 10, 3)),
        ("call.md", "# Call 12\n\n### Meeting Date/Time: Thursday 2023/8/24\n", date(2023, 8, 24)),
        ("call.md", "# Call 12\n\n**Date & Time**: Apr 03, 2024, 14:00 UTC\n", date(2024, 4, 3)),
        ("call.md", "# Call 12\n\n- Meeting date: 2026-08-14\n", date(2026, 8, 14)),
        ("call.md", "# Meeting 52\n\nWe met at 14:00 UTC to review 2 PRs.\n", None),
        # the date in folders: year, month and day folders; a folder that is the date
        ("2024/06/11.md", "# Infra sync\n", date(2024, 6, 11)),
        ("2024-06-12/notes.md", "# Infra sync\n", date(2024, 6, 12)),
        ("infra/2024/06/notes.md", "# Infra sync\n", None),  # no day anywhere
        ("2024/14/11.md", "# Infra sync\n", None),  # no month 14
        # a bare `Time:` label; a line that is only a date, a time and a zone
        ("call.md", "# Call 12\n\n## Time: 2/10/2017 14:00PM UTC\n", date(2017, 2, 10)),
        ("call.md", "# Call\n\nTime: 15 minutes\n", None),
        (
            "call.md",
            "# Devs 141\n\n### June 24, 2022, 14:00 UTC\n### Duration: 90 min\n",
            date(2022, 6, 24),
        ),
        (
            "call.md",
            "# Call\n\n### Friday, June 4, 2021 at 14:00 UTC (10:00 ET)\n",
            date(2021, 6, 4),
        ),
        ("call.md", "# Call\n\n- Released 1.2.2024 of the SDK\n", None),
        # ... but the file name's date wins over one (a template's stale date line)
        ("2019-03-19--weekly.md", "# Weekly\n\n## February 12, 2019\n", date(2019, 3, 19)),
        # dotted day first; a clock's date as a meeting bot prints it; underscores
        ("sync.md", "# Sync 05.06.2024\n", date(2024, 6, 5)),
        ("sync.md", "# Sync\n\nWe met on 05.06.2024.\n", date(2024, 6, 5)),
        ("sync.md", "# Sync\n\nWe shipped 1.05.06.2024 today\n", None),  # a version
        (
            "infra.md",
            "# Infra\n\nMeeting started Wed Jun  5 15:00:43 2024 UTC.\n",
            date(2024, 6, 5),
        ),
        ("2024_06_05_sync.md", "# Sync\n", date(2024, 6, 5)),
        ("05-06-2024.md", "# Sync\n", None),  # 5 June or May 6: not guessed
        # ... unless a part over 12 can only be the day; a month in words between dashes
        ("notes.md", "# Team meeting 13/05/2024\n", date(2024, 5, 13)),
        ("notes.md", "# Sync 5/13/24\n", date(2024, 5, 13)),
        ("notes.md", "---\ndate: 13/05/2024\n---\n# Sync\n", date(2024, 5, 13)),
        ("notes.md", "# Sync\n\nDate: 13-May-2024\n", date(2024, 5, 13)),
        ("notes.md", "# Sync 03/04/2024\n", None),
        # ... or a weekday beside it, or the path's date, names one reading
        ("notes.md", "# Vendor call (Tue 04/03/2025)\n", date(2025, 3, 4)),
        ("notes.md", "# Vendor call (Thu 04/03/2025)\n", date(2025, 4, 3)),
        ("notes.md", "# Vendor call (Sat 04/03/2025)\n", None),  # neither reading's weekday
        ("2025-03-04-vendor.md", "# Vendor call\n\n**Date:** 04/03/2025\n", date(2025, 3, 4)),
        ("notes.md", "# Sync 04/04/2024\n", date(2024, 4, 4)),  # both readings are one day
        # a range of days is dated by its first; a compact date standing alone; a year
        # written elsewhere in the heading completes a month and day
        ("offsite.md", "# Offsite\n\nDates: 4–5 March 2025\n", date(2025, 3, 4)),
        ("offsite.md", "# Offsite\n\nDates: March 4-5, 2025\n", date(2025, 3, 4)),
        ("infra.md", "# Infra weekly, 20250307\n", date(2025, 3, 7)),
        ("infra.md", "# Infra weekly, build #20250307\n", None),
        ("review.md", "# Sprint review, week 10 / 2025 (Fri 7 Mar)\n", date(2025, 3, 7)),
        # a meeting's number before a dash is no range; a word that starts like a weekday
        # is none ("Monthly")
        ("notes.md", "# Meeting #12 - 14 March 2025\n", date(2025, 3, 14)),
        ("notes.md", "# Release 2 - 14 March 2025\n", date(2025, 3, 14)),
        ("notes.md", "# Monthly sync 03/02/2025\n", None),
        # a folder that holds a date among other words does not outrank the heading's date;
        # a bare `Time:` giving a clock first dates nothing; underscores need a 19xx/20xx year
        ("week-of-2024-06-03/tuesday.md", "# Standup Tue 2024-06-04\n", date(2024, 6, 4)),
        ("clients/10230512/kickoff.md", "# Kickoff 2024-06-05\n", date(2024, 6, 5)),
        (
            "2024-06-11-weekly.md",
            "# Weekly\n\n- Time: 10:00 UTC (moved from 2024-06-04)\n",
            date(2024, 6, 11),
        ),
        ("run_8080_10_12.md", "# Run\n", None),
        ("call.md", "# Call\n\n### Sunset 2024-12-31\n", None),  # not a weekday
    ],
)
def test_date_sources(name, text, expected):
    assert parse(text, name).date == expected


@pytest.mark.parametrize(
    ("name", "text", "title", "series"),
    [
        # the meeting's day written without its year, or run together, is no title's word
        ("team/2025-03-05.md", "# Design review 05/03\n", "Design review", "Design review"),
        ("team/2025-03-05.md", "# Design review 3/5\n", "Design review", "Design review"),
        ("team/2025-03-05.md", "# Design review 6/3\n", "Design review 6/3", "Design review"),
        ("infra.md", "# Infra weekly, 20250307\n", "Infra weekly", "Infra weekly"),
        # an aside emptied of its date goes, weekday and all
        (
            "review.md",
            "# Sprint review, week 10 / 2025 (Fri 7 Mar)\n",
            "Sprint review, week 10 / 2025",
            "Sprint review, week",
        ),
        # a date with day and month first is no series' words, read or not
        ("call.md", "# Vendor call 04/03/2025\n", "Vendor call 04/03/2025", "Vendor call"),
        # the time beside a date, the preposition before it, an ISO week, a notes
        # assistant's words
        (
            "sync.md",
            "# Weekly sync – 2025/03/04 10:00 CET – Notes by Gemini\n",
            "Weekly sync",
            "Weekly sync",
        ),
        ("pm.md", "# Postmortem: API outage on 2025-02-09\n", "Postmortem: API outage", None),
        ("plan.md", "# Planning — 2025-W10\n", "Planning", "Planning"),
        # a version is no time of day, nor a day and month
        ("py.md", "# Python 3.12 upgrade — 2025-01-10\n", "Python 3.12 upgrade", None),
        (
            "2025-05-03-py.md",
            "# Python 3.5 migration\n",
            "Python 3.5 migration",
            None,
        ),
        ("2025-03-04-sync.md", "# Meeting summary for Weekly Sync\n", "Weekly Sync", "Weekly Sync"),
        (
            "road.md",
            "# Road to 1.0 at 10:00\n",
            "Road to 1.0 at 10:00",
            "Road to 1.0 at",
        ),  # no date: as written
    ],
)
def test_a_title_loses_the_meetings_day_however_written(name, text, title, series):
    meeting = parse(text, name)
    assert (meeting.title, meeting.series) == (title, series or title)


def test_heading_and_file_name_that_disagree_are_flagged():
    meeting = parse("# 2024-08-09 Team sync\n", "2024-01-01-x.md")
    assert any("2024-08-09" in p and "2024-01-01" in p for p in meeting.problems)


def test_title_falls_back_to_file_name():
    assert parse("no heading at all\n", "20240605_team_sync.md").title == "team sync"


@pytest.mark.parametrize(
    ("text", "problem"),
    [
        ("---\ntags: [a\n---\n# 2024-01-01 X\n", "invalid YAML"),
        ("---\n- a\n- b\n---\n# 2024-01-01 X\n", "found a list"),
        ("---\njust a string\n---\n# 2024-01-01 X\n", "found a str"),
        ("---\ntitle: x\n# 2024-01-01 X\n", "no closing"),
    ],
)
def test_bad_frontmatter_is_reported_and_the_body_still_parsed(text, problem):
    meeting = parse(text)
    assert any(problem in p for p in meeting.problems), meeting.problems
    assert meeting.date == date(2024, 1, 1)


def test_control_characters_are_neutralised():
    meeting = parse(
        "# 2024-01-01 Evil \x1b[2J title\u202e\n## Agenda\n- [ ] \x1b]52;c;Zm9v\x07 x\n"
    )
    assert "\x1b" not in meeting.title and "\u202e" not in meeting.title
    assert "␛[2J" in meeting.title
    assert all("\x1b" not in item.text and "\x07" not in item.text for item in meeting.items())


def test_yaml_escapes_cannot_smuggle_control_characters():
    meeting = parse('---\ntitle: "bad \\e[31m red"\ntags: ["\\e]0;t\\a"]\n---\n')
    assert "\x1b" not in meeting.title
    assert all("\x1b" not in t and "\x07" not in t for t in meeting.tags)


def test_an_attendee_list_that_runs_on_into_the_agenda_keeps_its_agenda():
    meeting = parse(
        """
        # 2024-05-05 Council
        ## Present
        * OpenLab Foundation Board of Directors
        * Ada Byron (@ada)
        * Chen Wei

        * Budget for the summit [#12](https://example.org/12)
          * Ada will ask the sponsors
        """
    )
    assert [a.name for a in meeting.attendees] == ["Ada Byron", "Chen Wei"]
    assert [i.text for i in meeting.items()] == [
        "Budget for the summit #12",
        "Ada will ask the sponsors",
    ]
    assert meeting.problems == [
        "attendee row not read as a person: OpenLab Foundation Board of Directors"
    ]


def test_one_person_a_line_with_initials_first():
    meeting = parse(
        """
        # 2024-05-05 Council
        ## Present

        MB: Mia Bell
        JS: Jo Smith (@jsmith)

        ## Notes

        JS - we should land it
        MB - agreed, after the release
        """
    )
    assert [(a.initials, a.name, a.handle) for a in meeting.attendees] == [
        ("MB", "Mia Bell", ""),
        ("JS", "Jo Smith", "jsmith"),
    ]
    lines = [(i.speaker_name, i.text) for i in meeting.items()]
    assert lines == [("Jo Smith", "we should land it"), ("Mia Bell", "agreed, after the release")]


def test_a_handle_glued_to_a_name_is_separated_and_an_email_is_not_a_handle():
    meeting = parse(
        """
        # 2024-05-05 Council
        ## Attendees
        - Ada Byron@ada
        - Kim Lee (kim@example.org)
        """
    )
    assert [(a.name, a.handle) for a in meeting.attendees] == [
        ("Ada Byron", "ada"),
        ("Kim Lee", ""),
    ]


def test_words_that_only_look_like_attendee_data_are_not():
    absent_word = parse("# Sync\n\n## Handling absent values in JSON\n\n- [ ] fix null parsing\n")
    assert absent_word.absent == [] and [i.text for i in absent_word.items()] == [
        "fix null parsing"
    ]
    labels = parse(
        """
        # 2024-01-01 Sync
        ## Attendees
        - Al Ingram
        - Ada
        ## Agenda
        - AI: evaluate the new model
        - A: yes
        """
    )
    assert [(i.speaker, i.text) for i in labels.items()] == [
        ("", "AI: evaluate the new model"),  # a label, though Al Ingram's initials are AI
        ("", "A: yes"),
    ]
    long_list = parse("# x\n## Attendees\n" + "ab, " * 20000)  # one pass, not quadratic
    assert len(long_list.attendees) == 1


@pytest.mark.parametrize(
    ("name", "text", "title", "series"),
    [
        # the date and the meeting's number leave the series; boilerplate leaves it too
        (
            "call_64.md",
            "# Implementers Call 64 Notes\n",
            "Implementers Call 64 Notes",
            "Implementers Call",
        ),
        # decoration is not part of a title
        (
            "x.md",
            "# 💫Golang Core Team Sync 🙌🏽 Oct 28, 2019\n",
            "Golang Core Team Sync",
            "Golang Core Team Sync",
        ),
        # a month and day with no year leave the title, so the calls are one series
        (
            "2022/CG-01-04.md",
            "# Agenda for the January 4th video call of the Widgets CG\n",
            "Agenda for the video call of the Widgets CG",
            "Agenda for the video call of the Widgets CG",
        ),
        # a heading that only labels the date names no meeting: the path does
        (
            "Core-Calls/call_092.md",
            "## Meeting Date/Time: Thursday 2022/07/28 at 14:00 UTC (10:00 ET)\n",
            "Core Calls",
            "Core Calls",
        ),
        # the frontmatter's title without its date
        (
            "design-meeting--2020-05-29.md",
            "---\ntitle: 2020-05-29 Roadmap 2020-2021\n---\n",
            "Roadmap 2020-2021",
            "design meeting",
        ),
        # a bold first line is the title of a note without headings
        (
            "m.md",
            "**Core Devs Meeting 52**\n\nMeeting Date/Time: Friday 4 January 2019\n",
            "Core Devs Meeting 52",
            "Core Devs Meeting",
        ),
        # ... and so are its first lines in capitals, as plain-text minutes open
        (
            "2025-02-03-minutes.md",
            "HARBOUR LAND TRUST\nBOARD OF DIRECTORS – MINUTES\n\nDate: 3 February 2025\n",
            "HARBOUR LAND TRUST BOARD OF DIRECTORS – MINUTES",
            "HARBOUR LAND TRUST BOARD OF DIRECTORS",
        ),
        ("board/2025-02-03.md", "AI: Ana to book it\nWe met.\n", "board", "board"),
        # a heading that is only a date or 'Meeting' gives way to the path's own words
        ("tech/2013/2013-03-19.md", "Notes of the day.\n", "tech", "tech"),
        ("minutes/2023-04-18.md", "# **2023-04-18 Meeting**\n", "Meeting", "Meeting"),
        # the file name spells the series beside `--`
        (
            "2020-06-30--gui-biweekly.md",
            "# GUI and Browsers 2020-06-30\n",
            "GUI and Browsers",
            "gui biweekly",
        ),
        ("triage-meeting--2019-06-20.md", "# 2019.06.20\n", "triage meeting", "triage meeting"),
        # a year after a quarter is no meeting's number: what follows is no topic to drop
        (
            "2024-07-02.md",
            "# Q3 2024 - Roadmap review\n",
            "Q3 2024 - Roadmap review",
            "Q3 2024 - Roadmap review",
        ),
        (
            "2024-07-09.md",
            "# Team sync #12 - release planning\n",
            "Team sync #12 - release planning",
            "Team sync",
        ),
        # the agenda issue's number after the meeting's is no part of the title
        (
            "Meeting 193.md",
            "# Execution Layer Meeting 193[2024-08-01]#1104\n",
            "Execution Layer Meeting 193",
            "Execution Layer Meeting",
        ),
        (
            "call-21.md",
            "# Blob Implementers' Call #21 #760\n",
            "Blob Implementers' Call #21",
            "Blob Implementers' Call",
        ),
        ("p2p-6.md", "# P2P Breakout #6\n", "P2P Breakout #6", "P2P Breakout"),
        # a year at the end is no series' name; a version is
        ("2024-01-09.md", "# Community Call 2024\n", "Community Call 2024", "Community Call"),
        (
            "2024-01-10.md",
            "# Release 2024.1 planning\n",
            "Release 2024.1 planning",
            "Release 2024.1 planning",
        ),
    ],
)
def test_titles_and_series(name, text, title, series):
    meeting = parse(text, name)
    assert (meeting.title, meeting.series) == (title, series)


@pytest.mark.parametrize(
    ("root", "title"),
    [
        ("spdx-meetings", "spdx tech"),  # the notes folder names the community
        ("meeting-notes", "tech"),  # a folder named like "notes" names none
        ("tech-minutes", "tech"),  # nor one that only repeats the team
    ],
)
def test_a_title_from_a_team_folder_keeps_the_community(root, title):
    rel = "tech/2013/2013-03-19.md"
    meeting = parse_text("Notes of the day.\n", Path("/work", root, rel), rel)
    assert (meeting.title, meeting.series) == (title, title)


@pytest.mark.parametrize(
    ("root", "text", "title"),
    [
        # the heading names the group by the community's last word
        (
            "harbour-steering-council",
            "# Council meeting 2024-03-01\n",
            "Harbour Steering Council meeting",
        ),
        (
            "harbour-steering-council",
            "# council sync 2024-03-01\n",
            "harbour steering council sync",
        ),
        # it names the community already, or another group: as written
        ("harbour-steering-council", "# Steering Council meeting\n", "Steering Council meeting"),
        ("harbour-steering-council", "# Budget meeting 2024-03-01\n", "Budget meeting"),
        ("council", "# Council meeting 2024-03-01\n", "Council meeting"),
    ],
)
def test_a_heading_naming_part_of_the_community_is_completed(root, text, title):
    rel = "minutes/2024-03-01.md"
    assert parse_text(text, Path("/work", root, rel), rel).title == title


@pytest.mark.parametrize(
    ("text", "title"),
    [
        # acronyms in folder names as the note writes them: its capitals spell `wsf`
        ("# 2024-03-01\n\nThe WidgetSF board and the WidgetSF TSC met.\n", "WidgetSF TSC"),
        ("# 2024-03-01\n\nThe TSC met; see wsf/tsc and tsc@example.org.\n", "wsf TSC"),
        # lower and title case, and addresses, are not a spelling
        ("# 2024-03-01\n\nThe tsc met. Tsc notes at https://x.org/WSF/TSC.\n", "wsf tsc"),
    ],
)
def test_a_title_from_folders_spells_acronyms_as_the_note_does(text, title):
    rel = "tsc/2024-03-01.md"
    assert parse_text(text, Path("/work", "wsf-notes", rel), rel).title == title


def test_a_line_about_the_previous_meeting_does_not_date_this_one():
    meeting = parse(
        "# Widgets CG call\n\nPrevious meeting: [2024-01-10](CG-01-10.md)\n", "2024/CG-01-24.md"
    )
    assert str(meeting.date) == "2024-01-24"


def test_an_agenda_sub_heading_under_the_attendance_heading_is_no_group_of_people():
    """`### Agenda:` under `## Attendance`: the meeting goes on; its bullets ("Update
    homework/outstanding ARs", "Supply Chain Integrity - Isaac Hepworth") are no people."""
    meeting = parse(
        "# 2023-10-17\n\n## Attendance\n\n- Ana Ruiz\n- Ben Ode\n\n### Agenda:\n\n"
        "* Request volunteer for scribe\n    * Dan\n* Update homework/outstanding ARs\n"
        "    * Process documentation updates\n* Supply Chain Integrity - Isaac Hepworth\n",
        "minutes/2023-10-17.md",
    )
    assert [a.name for a in meeting.attendees] == ["Ana Ruiz", "Ben Ode"]


def test_the_keyword_alone_on_a_line_opens_the_list_under_it():
    """'Attendees' on a line of its own (no colon, no bold) over a list, as a heading would."""
    meeting = parse(
        "# Tech Team 2026-04-14\n\n## PR:\nAttendees\n\n- Ana Ruiz\n- Ben Ode\n\n"
        "## Agenda\n\n- Approval of the minutes\n",
    )
    assert [a.name for a in meeting.attendees] == ["Ana Ruiz", "Ben Ode"]
    prose = parse("# Sync 2026-04-14\n\nEveryone was\npresent\n\n- Ana Ruiz\n- Ben Ode\n")
    assert prose.attendees == []


def test_a_paragraph_of_names_with_an_unavailable_line():
    meeting = parse(
        "# 2023-08-14\n\n## Attendance\n\n"
        "Mark, Ryan, Eva Hus, JoshG, Jon Huey, Carol (second half)\n"
        "Unavailable: JP, Khio\n\n## Minutes\n\n- Check-in\n"
    )
    assert [a.name for a in meeting.attendees] == [
        "Mark",
        "Ryan",
        "Eva Hus",
        "JoshG",
        "Jon Huey",
        "Carol",
    ]
    assert [a.name for a in meeting.absent] == ["JP", "Khio"]


def test_an_email_a_glued_dash_and_stray_quotes_beside_a_name():
    meeting = parse(
        "# 2024-02-02 Sync\n\n## Attendees\n\n- Mo Park <mo@initech.example>\n"
        "- Vi Lund vi@acme.example\n- Ned Oakes- nexB\n- Hsiao- Wei Wang\n- Tia Cole''''\n"
        "- Name <email@example.com>\n"
    )
    assert [(a.name, a.affiliation) for a in meeting.attendees] == [
        ("Mo Park", ""),
        ("Vi Lund", ""),
        ("Ned Oakes", "nexB"),
        ("Hsiao- Wei Wang", ""),  # a hyphenated name written apart stays whole
        ("Tia Cole", ""),
    ]
    assert not meeting.problems  # the template row is template, not a doubt


def test_a_title_a_role_list_and_emoji_stay_with_one_name():
    """A bullet is one person: a title before the name, 'name, role, org, city', a
    hyphenated surname written apart, emoji with their joiners."""
    meeting = parse(
        "# 2024-02-02 Sync\n\n## Attendees\n\n- Prof. Ana Ruiz (ACME)\n"
        "- Bo Lind, CTO, Initech, Berlin\n- Maria Lopez- Garcia\n- Wes Ray ❤️\n"
        "- 👩\u200d💻 Ida Moe\n"
    )
    assert [(a.name, a.affiliation) for a in meeting.attendees] == [
        ("Prof. Ana Ruiz", "ACME"),
        ("Bo Lind", "Initech"),  # a role, then the organisation
        ("Maria Lopez- Garcia", ""),
        ("Wes Ray", ""),
        ("Ida Moe", ""),
    ]


def test_a_role_in_brackets_is_not_an_organisation():
    meeting = parse(
        "# 2024-02-02 Sync\n\n## Attendees\n\n- Tim Bell (host)\n- Bo Lind (Notetaker)\n"
    )
    assert [(a.name, a.affiliation) for a in meeting.attendees] == [
        ("Tim Bell", ""),
        ("Bo Lind", ""),
    ]


def test_a_label_leading_a_line_is_no_speaker_but_unknown_initials_are_kept():
    meeting = parse(
        """
        # 2024-03-05 Build sync
        ## Attendees
        | Name | Initials |
        |------|----------|
        | Ana Lima | AL |
        ## Agenda
        - PSA: the call moves to Thursday
        - CI: the arm64 runners are back
        - AL: the release branch is cut
        - QX: joined late, will send notes
        """
    )
    items = meeting.sections[-1].items
    assert [(i.speaker, i.speaker_name) for i in items] == [
        ("", ""),
        ("", ""),
        ("AL", "Ana Lima"),
        ("QX", ""),
    ]
    assert items[0].text == "PSA: the call moves to Thursday"


def test_a_link_without_slashes_is_kept_as_written():
    """markdown-it read 'time:…-04:00' as a host and port and wrote it back mangled."""
    meeting = parse(
        """
        # 2024-03-05 Compiler triage
        ## Announcements
        - Office hours at <time:2023-07-10T11:00:00-04:00>, notes in [the doc](urn:isbn:0451450523)
        """
    )
    (item,) = meeting.sections[-1].items
    assert item.text == "Office hours at time:2023-07-10T11:00:00-04:00, notes in the doc"
    assert {link.url for link in item.links} == {
        "time:2023-07-10T11:00:00-04:00",
        "urn:isbn:0451450523",
    }


def test_initials_worked_out_from_names_win_over_an_acronym_label():
    meeting = parse(
        """
        # 2024-03-05 Build sync
        ## Attendees
        - Chen Dao
        - Priya Mehta
        ## Agenda
        - CD: the arm64 runners are back
        - PM: the release notes are drafted
        - CI: green again
        """
    )
    items = meeting.sections[-1].items
    assert [i.speaker_name for i in items] == ["Chen Dao", "Priya Mehta", ""]


@pytest.mark.parametrize(
    "heading",
    ["# Sync " + "- notes " * 40 + "x", "# Members Meeting", "# People Team Weekly"],
)
def test_titles_that_look_like_boilerplate_or_attendance_words(heading):
    """A long run of '- notes' reads in linear time; an H1 that only starts with an
    attendance word is still the title."""
    meeting = parse(f"{heading}\n\n- the release plan\n", "2024-05-01-sync.md")
    assert meeting.title.startswith(heading[2:8])


@pytest.mark.parametrize(
    ("row", "expected"),
    [
        ("Rai @ consensys (@rai)", ("Rai", "rai", "consensys")),
        ("Ana Lima @ Google, @analima", ("Ana Lima", "analima", "Google")),
        ("Mei Lin (Linaro)", ("Mei Lin", "", "Linaro")),  # an organisation, not a handle
        ("Ben Ode (nodejs)", ("Ben Ode", "", "nodejs")),
        ("Ben Sternthal (bensternthal)", ("Ben Sternthal", "bensternthal", "")),
    ],
)
def test_an_at_before_a_company_and_a_handle_in_brackets(row, expected):
    from tuinotes.notes.attendees.rows import from_text

    person = from_text(row)
    assert person is not None and (person.name, person.handle, person.affiliation) == expected


def test_a_pasted_invite_in_a_code_block_under_attendees_names_nobody():
    """Indented or fenced names a line are people (plain-text minutes); a pasted invite is
    verbatim text, not a list of people."""
    invite = "```\nJoin Zoom Meeting\nhttps://zoom.us/j/123456\nMeeting ID: 123 456\n```\n"
    meeting = parse(f"# Sync 2024-06-06\n\n## Attendees\n\n{invite}\n- Alice Moreau\n", "s.md")
    assert [a.name for a in meeting.attendees] == ["Alice Moreau"]


def test_a_long_list_of_names_wrapped_by_an_editor_stops_at_the_next_label():
    """A comma list cut at 80 columns goes on on the next line; a label line after it
    ("Missing: …", which no attendee rule knows) is not more names."""
    meeting = parse(
        "# Sync\n\n"
        "Attendees: Iris Vale, Tomas Ruiz, Mara Quinn, Eli Park, Noor Haddad, Jin Ho, Ada\n"
        "Lind, Pia Rao\n"
        "Missing: Kofi\n\n"
        "## Guest presentation - Jin Ho\n\n- Features\n- Handles source and binaries\n"
    )
    assert [a.name for a in meeting.attendees] == [
        "Iris Vale",
        "Tomas Ruiz",
        "Mara Quinn",
        "Eli Park",
        "Noor Haddad",
        "Jin Ho",
        "Ada Lind",
        "Pia Rao",
    ]


def test_names_a_line_each_are_never_joined_into_one():
    meeting = parse("# Sync\n\nAttendees:\nana, Initech\nben, Hooli\nchen\n")
    assert [(a.name, a.affiliation) for a in meeting.attendees] == [
        ("ana", "Initech"),
        ("ben", "Hooli"),
        ("chen", ""),
    ]


def test_names_with_lowercase_particles_are_names():
    meeting = parse(
        "# Sync\n\nAttendees: Antoine du Hamel, Jan van der Berg, María de la Cruz, Ana Pop\n"
    )
    assert [a.name for a in meeting.attendees] == [
        "Antoine du Hamel",
        "Jan van der Berg",
        "María de la Cruz",
        "Ana Pop",
    ]


def test_a_voting_members_table_marks_who_came_with_y_and_n():
    meeting = parse(
        "# TSC\n\n## Roll call\n\n| Voting member | Company | Present |\n|---|---|---|\n"
        "| Bea Lima | Initech | N |\n| Chidi Oke | Hooli | Y |\n| Dana Roe | Globex | yes |\n"
    )
    assert [(a.name, a.affiliation) for a in meeting.attendees] == [
        ("Chidi Oke", "Hooli"),
        ("Dana Roe", "Globex"),
    ]
    assert [a.name for a in meeting.absent] == ["Bea Lima"]


def test_ticks_and_crosses_of_every_kind_mark_who_came():
    """☑ and ✔️ (with its emoji selector) are ticks as ✓ is; ✗ and ❌ are crosses."""
    meeting = parse(
        "# Docs WG\n\n## Attendance\n\n| Name | Present |\n|---|---|\n"
        "| Ana Bell | ☑ |\n| Bo Li | ✔\ufe0f |\n| Cy Ng | ✗ |\n| Di Roe | ❌ |\n| Ed Wu | ✓ |\n"
    )
    assert [a.name for a in meeting.attendees] == ["Ana Bell", "Bo Li", "Ed Wu"]
    assert [a.name for a in meeting.absent] == ["Cy Ng", "Di Roe"]


def test_a_weekday_or_an_aside_emptied_of_its_date_leaves_no_title_words():
    assert parse("# Triage Thursday, May 2, 2024\n").title == "Triage"
    assert parse("# Triage May 13th, 2024 (Monday)\n").title == "Triage"
    moved = parse("# 2024-05-13 Team meeting (rescheduled from 2024-05-06)\n")
    assert moved.title == "Team meeting"


def test_dated_attendee_headings_are_neither_the_title_nor_meetings():
    """'## Attendees 3/29/2011' and '## Attendees 3/30/2011' under a first line of prose: one
    note of two days' attendees, titled by its path."""
    meeting = parse(
        "Minutes 3/29/2011 and 3/30/2011\n\n## Attendees 3/29/2011\n\n- Nia Lowe\n- Bo Ek\n\n"
        "## Attendees 3/30/2011\n\n- Bo Ek\n- Cy Dahl\n",
        name="tech-call.md",
    )
    assert meeting.title == "tech call"
    assert [a.name for a in meeting.attendees] == ["Nia Lowe", "Bo Ek", "Cy Dahl"]


def test_a_row_saying_someone_sent_regrets_makes_an_absentee():
    meeting = parse(
        "# Sync\n\n## Attendees\n\n- Ana Pop\n- (Ryan Hale sends regrets)\n"
        "- Ben Ode sent his apologies\n"
    )
    assert [a.name for a in meeting.attendees] == ["Ana Pop"]
    assert [a.name for a in meeting.absent] == ["Ryan Hale", "Ben Ode"]
    assert meeting.problems == []


def test_missing_lists_absentees_and_a_missing_thing_is_nobody():
    meeting = parse(
        "# TC meeting 2025-02-05\n\nPresent: Ana Pop, Ben Ode\nMissing: Henrique Costa\n\n"
        "## Items\n\n- Missing: the docs for the release\n"
    )
    assert [a.name for a in meeting.attendees] == ["Ana Pop", "Ben Ode"]
    assert [a.name for a in meeting.absent] == ["Henrique Costa"]


def test_a_remark_naming_someone_else_away_makes_them_the_absentee():
    """`Felix (Rosa on leave)`: Felix came, Rosa did not; the same rule in a comma list and
    on a bullet of its own."""
    meeting = parse("# Retro\n\nPresent: Grace, Daniel, Aisha, Felix (Rosa on leave)\n")
    assert [a.name for a in meeting.attendees] == ["Grace", "Daniel", "Aisha", "Felix"]
    assert [a.name for a in meeting.absent] == ["Rosa"]
    meeting = parse("# Retro\n\nPresent: Grace, Felix (Currently on leave)\n")
    assert [a.name for a in meeting.absent] == ["Felix"]  # an adverb is nobody
    meeting = parse(
        "# Retro\n\n## Attendees\n\n- Emily Chen (absent: Barry Kowalski)\n"
        "- Felix Berg (Rosa Lind on leave)\n- Kate Lund (absent - travelling)\n"
    )
    assert [a.name for a in meeting.attendees] == ["Emily Chen", "Felix Berg"]
    assert [a.name for a in meeting.absent] == ["Barry Kowalski", "Rosa Lind", "Kate Lund"]


def test_a_meeting_of_a_file_that_did_not_take_place_says_so(tmp_path):
    """`## Tue Feb 11, 2025 - CANCELLED` in a file of meetings: the series' meeting,
    cancelled, not a meeting titled "CANCELLED"."""
    from tuinotes.notes.parse import parse_meetings

    text = (
        "# Storage SIG meeting notes\n\n## Tue Mar 11, 2025\n\nAttendees:\n\n- Ana Pop\n\n"
        "## Tue Feb 25, 2025\n\n- Snapshots\n\n## Tue Feb 11, 2025 - CANCELLED\n"
    )
    path = tmp_path / "storage.md"
    path.write_text(text)
    meetings = parse_meetings(path, "storage.md")
    assert [(m.date.isoformat(), m.title) for m in meetings] == [
        ("2025-03-11", "Storage SIG meeting notes"),
        ("2025-02-25", "Storage SIG meeting notes"),
        ("2025-02-11", "Storage SIG meeting notes (cancelled)"),
    ]
    assert {m.series for m in meetings} == {"Storage SIG meeting"}


@pytest.mark.parametrize(
    ("one", "other"),
    [
        ("Dr. Chioma Obi", "Chioma Obi"),
        ("Mrs Joanne Clarke", "Joanne Clarke"),
        ("Prof. Maria Gonzalez", "Maria Gonzalez, PhD"),
    ],
)
def test_a_title_or_a_degree_is_no_part_of_who_someone_is(one, other):
    from tuinotes.model.meeting import Attendee
    from tuinotes.model.record import person_key

    assert person_key(Attendee(one)) == person_key(Attendee(other))
    assert person_key(Attendee("Dr Who")) != person_key(Attendee("Who"))  # two words stay


def test_a_heading_keeps_its_outline_number_apart():
    """`## 3. Action items` is the actions section (the number is no part of its name), and
    the agenda shows it as written; a year or a duration is no outline number."""
    from tuinotes.tui.agenda import agenda_markdown

    text = (
        "# Sync\n\n## 1. Attendees\n\n- Ana Bell\n- Bo Li\n\n## 2. Roadmap\n\n- Ship it\n\n"
        "## 3. Action items\n\n- Ana to file the bug\n\n## 2024 Roadmap\n\n## 1.5 hours\n"
    )
    meeting = parse_text(text, Path("sync.md"))
    assert [a.name for a in meeting.attendees] == ["Ana Bell", "Bo Li"]
    assert [(s.number, s.title) for s in meeting.sections if s.title][1:] == [
        ("2.", "Roadmap"),
        ("3.", "Action items"),
        ("", "2024 Roadmap"),
        ("", "1.5 hours"),
    ]
    assert "## 3. Action items" in agenda_markdown(meeting)
    # a day before its month as German writes it, and a title's own number, stay as written
    assert parse("# Sitzung\n\n## 7. März 2025\n\n- Haushalt\n").date == date(2025, 3, 7)
    assert parse("# 5. Sitzung des Beirats 2025-01-01\n").title == "5. Sitzung des Beirats"


def test_role_lines_blue_sheets_and_deciders_name_who_came():
    """A `Secretary:` or `Jabber scribe:` took part; IETF's `## Blue sheets` table is the
    attendance; an architecture decision record's `deciders:` are its meeting's people."""
    meeting = parse(
        "---\ndate: 2025-03-04\ndeciders: [Ana Bell, Bo Li]\n---\n# ADR 12: Use Postgres\n\n"
        "Secretary: Cy Ng\nJabber scribe: Di Roe\n\n## Blue sheets\n\n"
        "| Name | Affiliation |\n|---|---|\n| Ed Wu | Acme |\n"
    )
    assert sorted(a.name for a in meeting.attendees) == [
        "Ana Bell",
        "Bo Li",
        "Cy Ng",
        "Di Roe",
        "Ed Wu",
    ]


def test_the_agenda_of_a_meeting_of_thousands_of_lines_is_shown_in_part():
    """A meeting of 6,000 lines shows its first AGENDA_LINES and says how many more there
    are and how to see them (all of it would stall the app for a minute)."""
    from tuinotes.tui.agenda import AGENDA_LINES, agenda_source

    text = "# Big 2025-01-01\n\n## Agenda\n\n" + "".join(
        f"- item {n}\n  - note {n}\n" for n in range(3000)
    )
    source, lines = agenda_source(parse_text(text, Path("big.md")))
    shown = source.splitlines()
    assert len(shown) < AGENDA_LINES + 10
    items = sum(1 for line in shown if line.startswith("•") or "▪" in line)
    more = int(re.match(r"\*([\d,]+) more lines not shown", shown[-1])[1].replace(",", ""))
    assert shown[-1].endswith("e opens the whole note in your editor.*")
    assert items > 0 and items + more == 6000
    headings = "# Big 2025-01-01\n\n" + "".join(
        f"## Topic {n}\n\nSaid {n}.\n\n" for n in range(3000)
    )
    shown = agenda_source(parse_text(headings, Path("big.md")))[0].splitlines()
    assert len(shown) < AGENDA_LINES + 10 and "more lines not shown" in shown[-1]
    assert max(lines.values()) < AGENDA_LINES


def test_absence_labels_with_qualifiers_and_room_labels():
    """'**TOC Members Absent:**' and 'Voting members absent:' name absentees (two words
    may qualify the label, as 'Members absent:' always could); 'In the room:' names who came;
    a front matter's `when:` dates the meeting."""
    meeting = parse(
        '---\nwhen: "2024-03-05 16:00 UTC"\n---\n# TOC\n\n'
        "**TOC Members Present:** Ana Bell, Bo Li\n**TOC Members Absent:** Conor Walsh\n"
        "Voting members absent: Di Eck\nIn the room: Ed Wu\n"
    )
    assert meeting.date == date(2024, 3, 5)
    assert [a.name for a in meeting.attendees] == ["Ana Bell", "Bo Li", "Ed Wu"]
    assert [a.name for a in meeting.absent] == ["Conor Walsh", "Di Eck"]
    notes_on = parse(
        "# Sync 2024-03-05\n\nAttendees: Ana Bell\n\n## Notes on absent members\n\n- x\n"
    )
    assert [a.name for a in notes_on.absent] == []


def test_a_nick_with_digits_is_someone_and_a_number_is_not():
    """Ruby's dev meetings list `ko1` and `k0kubun` under Attendees; `v2` or a year is no
    one."""
    meeting = parse("# Dev meeting 2024-03-13\n\n## Attendees\n\n- matz\n- ko1\n- k0kubun\n- v2\n")
    assert [a.name for a in meeting.attendees] == ["matz", "ko1", "k0kubun"]
    bots = parse("# Sync 2024-03-13\n\nPresent: zodbot, ci-bot, talbot, abbot\n")
    assert [a.name for a in bots.attendees] == ["talbot", "abbot"]  # names, not bots


def test_a_handle_may_end_with_an_underscore():
    """`@frenck_` is a handle, not a template's italic placeholder (`_attendee names..._`)."""
    meeting = parse(
        "# Arch 2024-05-08\n\nParticipants: @bdraco, @frenck_, @joostlek\n\n## Attendees\n\n"
        "- _attendee names..._\n"
    )
    assert [a.handle for a in meeting.attendees] == ["bdraco", "frenck_", "joostlek"]


def test_a_status_after_a_dash_is_a_short_one_said_first():
    """'— absent (holiday)' and '- out of office' make absentees; a longer remark that only
    mentions an absence word ('left early, excused from item 3', 'on holiday next week')
    says something else: they came."""
    meeting = parse(
        "# Sync 2025-02-26\n\n## Attendance\n\n- Ana Bell — absent (holiday)\n"
        "- Dana Fox - left early, excused from item 3\n- Cy Ng — on holiday next week\n"
        "- Ed Wu - out of office\n"
    )
    assert [a.name for a in meeting.attendees] == ["Dana Fox", "Cy Ng"]
    assert [a.name for a in meeting.absent] == ["Ana Bell", "Ed Wu"]


def test_an_empty_box_in_a_roll_call_of_ticked_ones_is_an_absentee():
    """Hyperledger-style roll call: `- [x] Name` came, `- [ ] Name` did not."""
    meeting = parse(
        "# TSC 2024-02-22\n\n## Roll call\n\n- [x] Dana Whitaker\n- [x] Ana Bell\n"
        "- [ ] Katja Berger\n\n## Agenda\n\n- Budget\n"
    )
    assert [a.name for a in meeting.attendees] == ["Dana Whitaker", "Ana Bell"]
    assert [a.name for a in meeting.absent] == ["Katja Berger"]


def attendee_names(block: str) -> list[str]:
    """The attendees a meeting reads from `block` between its title and its notes."""
    meeting = parse(f"# Sync 2026-03-04\n\n{block}\n## Notes\n\n- Budget\n")
    return [a.name for a in meeting.attendees]


@pytest.mark.parametrize(
    ("line", "attending"),
    [
        (
            "Present today were Ana Oprea, Ben Caldwell and Cleo Mbatha.",
            ["Ana Oprea", "Ben Caldwell", "Cleo Mbatha"],
        ),
        ("Those present were: Ana Oprea, Ben Caldwell.", ["Ana Oprea", "Ben Caldwell"]),
        ("Attendees were asked to review the plan.", []),  # no names follow
        ("Apologies were received from the chair.", []),
    ],
)
def test_attendees_named_in_a_sentence(line, attending):
    assert attendee_names(f"{line}\n") == attending


def test_a_role_in_brackets_is_no_organisation():
    meeting = parse(
        "# Board 2026-03-04\n\n## Attendees\n\n- Marcus Bell (Treasurer)\n"
        "- Jo Kim (LF Program Manager)\n- Ada Byron (Analytical Co)\n"
    )
    assert [(a.name, a.affiliation) for a in meeting.attendees] == [
        ("Marcus Bell", ""),
        ("Jo Kim", ""),
        ("Ada Byron", "Analytical Co"),
    ]


@pytest.mark.parametrize(
    ("line", "attending"),
    [
        ("Attendees: Ana Pop, Ben Ode, Cleo Hart, …", ["Ana Pop", "Ben Ode", "Cleo Hart"]),
        ("Attendees: Ana Pop, Ben Ode...", ["Ana Pop", "Ben Ode"]),  # and others: still them
        ("Attendees: Ana Pop, Ben Ode, Zoom user", ["Ana Pop", "Ben Ode"]),
        ("Attendees: Ana Pop, Ben Ode, Unknown User, etc", ["Ana Pop", "Ben Ode"]),
        ("Attendees: _attendee names..._", []),  # a template's line
    ],
)
def test_a_list_of_names_that_trails_off_or_holds_a_call_device(line, attending):
    assert attendee_names(f"{line}\n") == attending


@pytest.mark.parametrize(
    ("block", "attending"),
    [
        (
            "**Attendees**\n\nArnav Gupta (Digital Asset)\nBettina Kraus (IBM)\n",
            ["Arnav Gupta", "Bettina Kraus"],
        ),
        (
            "## Sign-in sheet (add your name!)\n\n1. Omar Chen\n2. Mateo Russo (Splice)\n",
            ["Omar Chen", "Mateo Russo"],
        ),
        ("## Roster\n\n- Omar Chen\n- Mateo Russo\n", ["Omar Chen", "Mateo Russo"]),
        ("## Sign-in flow redesign\n\n- Ana Pop\n- Ben Ode\n", []),  # a topic
        ("Attendees:\n\nWe had a good turnout this week.\n", []),
    ],
)
def test_attendees_under_a_sign_in_sheet_or_after_a_label_and_a_blank_line(block, attending):
    assert attendee_names(block) == attending


# Notes that read right before this round's rules and must still (from a review of them).
def test_a_bold_date_parts_a_note_only_as_a_running_document():
    under_decisions = parse(
        "# Board 2026-03-12\n\nPresent: Ana, Ben\n\n## Decisions\n\n**March 12, 2026**\n\n"
        "- Approved the budget\n\n## Action items\n\n**Due April 9, 2026**\n\n- Ana to book it\n"
    )
    titles = [s.title for s in under_decisions.sections if s.title]
    assert titles[:2] == ["Decisions", "Action items"]
    milestones = parse_text_meetings(
        "# Project timeline review\n\nPresent: Ana, Ben\n\nMilestones we went through:\n\n"
        "**March 12, 2026**\n\nBeta ships.\n\n**April 9, 2026**\n\nGeneral availability.\n",
        Path("2026-03-01-timeline.md"),
    )
    assert [(m.date, len(m.attendees)) for m in milestones] == [(date(2026, 3, 1), 2)]


@pytest.mark.parametrize(
    "text",
    [
        "- We went through the plan with the vendor, but the\n"
        "  next steps are unclear until legal signs off.\n",
        "Ben showed how the team uses generative\nAI - mostly for triage - and it helps.\n",
        "We looked at several tools this quarter.\nAI: the Copilot trial went well.\n",
        "- NOW we have 3 paying customers\n",
        "- [ ] <owner>: <task>\n",
    ],
)
def test_prose_that_merely_starts_a_line_with_a_mark_is_no_action(text):
    meeting = parse(
        f"# Sync 2026-03-04\n\nAttendees: Ana Pop, Ben Ode\n\n## Notes\n\n{text}\n"
        "- Ana to send the deck\n"
    )
    assert [a.text for a in find_actions(meeting)] == ["Ana to send the deck"]


@pytest.mark.parametrize(
    ("name", "text", "expected"),
    [
        ("a.md", "# Sync\n\nThursday 14 March 2024, 10:00 until 11:30\n", date(2024, 3, 14)),
        ("a.md", "# Sync\n\nHeld on 14 March 2024. Next meeting: 28 March.\n", date(2024, 3, 14)),
        ("2025/a.md", "# Choir: last meeting before summer, June 12\n", date(2025, 6, 12)),
        (
            "2025/a.md",
            "# Steering\n\nMeeting of 10 March, chaired by 2 co-chairs\n",
            date(2025, 3, 10),
        ),
        (
            "2025/a.md",
            "# Garden club\n\nChair: Ana\nPresent: Ana, Ben\nApologies: Dan\nScribe: Ben\n\n"
            "Minutes of the meeting of 12 March\n",
            date(2025, 3, 12),
        ),
        ("a.md", "# Analytics review 2024\n\nData: 01/02/2024 export\n", None),
    ],
)
def test_a_clock_a_count_or_the_next_meeting_beside_the_date_keeps_it(name, text, expected):
    assert parse(text, name).date == expected


@pytest.mark.parametrize(
    ("text", "attending"),
    [
        ("## Topics\n\n- Remote hiring: Germany, Poland\n- Folks on call: Cleo\n", []),
        ("In-person offsite: Lisbon, Porto or Madrid\n", []),
        ("## Venue\n\nOptions we looked at:\nHost\nAcme Labs, Globex\n", []),
        (
            "## Attendees\n\n- Ana Pop, Senior Program Manager, Office of the National "
            "Coordinator for Health IT\n- Ben Ruiz\n",
            ["Ana Pop", "Ben Ruiz"],
        ),
        (
            "## Attendees\n\n- Ana Pop\n- Ben Ruiz\n\nGuests:\n\n"
            "- Dr. Cleo Hart from the city council\n- Dan Moe\n",
            ["Ana Pop", "Ben Ruiz", "Dan Moe"],
        ),
    ],
)
def test_words_near_attendance_that_name_no_one_and_long_rows_that_do(text, attending):
    assert attendee_names(text) == attending


def test_emoji_verdicts_decide_html_lists_are_markup_and_aims_are_no_actions():
    from tuinotes.notes.memory import meeting_memory

    meeting = parse(
        "# Sync 2026-03-04\n\n## Decisions\n\n- Budget: ✅\n- Logo: 👍\n\n## Notes\n\n"
        "- Release plan: <ul><li>freeze Monday</li><li>ship Friday</li></ul>\n\n"
        "## Задачи и цели квартала\n\n- Рост выручки на 10%\n"
    )
    decided = [line.text for line in meeting_memory(meeting) if line.decision]
    assert decided == ["Budget: ✅", "Logo: 👍"]
    assert "Release plan: freeze Mondayship Friday" in [i.text for i in meeting.items()]
    assert find_actions(meeting) == []


def test_a_topic_tables_who_column_a_role_handle_and_a_web3_name():
    """'Who' beside 'Topic' brings the topic (listed already); '@ines.eth' on the host line
    is the 'ines.eth' listed; '0xRiko' is someone."""
    meeting = parse(
        "# WG 2023-07-11\n\n- Host: @ines.eth\n\nWho is here: ines.eth, 0xRiko, Amara Nwankwo\n\n"
        "| # | Topic | Who | Outcome |\n|---|---|---|---|\n"
        "| 1 | Funding asks | Amara | deferred |\n"
    )
    assert [a.label for a in meeting.attendees] == ["ines.eth", "0xRiko", "Amara Nwankwo"]


def test_a_speaker_before_a_timestamp_and_a_month_name_in_a_file_name():
    meeting = parse(
        "# ACD 123\n\n## Attendees\n\n- Kofi Boateng\n- Ana Pop\n\n## Transcript\n\n"
        "**Kofi Boateng** [0:05:47]: Sounds good.\n\n**Ana Pop** (00:06:02): Agreed.\n"
    )
    said = [(i.speaker_name, i.text) for i in meeting.items() if i.speaker_name]
    assert said == [("Kofi Boateng", "Sounds good."), ("Ana Pop", "Agreed.")]
    dated = parse("# Sync\n", "infra/2021-Sep-16-infra-sync.md")
    assert (dated.date, dated.title) == (date(2021, 9, 16), "infra sync")


def test_a_running_document_may_say_what_it_is_before_its_first_date():
    meetings = parse_text_meetings(
        "# Platform team — running notes\n\nRunning notes, newest on top.\n\n"
        "Zoom: https://meet.example/x · Recordings: https://rec.example/y\n\n"
        "**March 12, 2026**\n\nAttendees: Ana Pop, Ben Ode\n\n- Ana to ship it\n\n"
        "**March 5, 2026**\n\nAttendees: Ana Pop, Cleo Hart\n\n**February 26, 2026**\n\n"
        "Attendees: Carol Diaz\n",
        Path("running.md"),
    )
    assert [(m.date.isoformat(), len(m.attendees)) for m in meetings if m.date] == [
        ("2026-03-12", 2),
        ("2026-03-05", 2),
        ("2026-02-26", 1),
    ]
