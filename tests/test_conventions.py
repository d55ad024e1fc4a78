"""Other communities' conventions: each fixture note in `tests/fixtures/conventions/` is read
as `expected.json` says (see the README there)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tuinotes.model.meeting import Item, Meeting
from tuinotes.notes.actions import find_actions
from tuinotes.notes.parse import parse_meetings

FIXTURES = Path(__file__).resolve().parent / "fixtures" / "conventions"
EXPECTED: dict[str, dict] = json.loads((FIXTURES / "expected.json").read_text("utf-8"))


def _has(name: str, key: str) -> bool:
    return any(key in m for m in EXPECTED[name]["meetings"])


def meetings_of(name: str) -> list[Meeting]:
    return parse_meetings(FIXTURES / name, name)


def label(person) -> str:
    return person.name or person.handle


def all_items(meeting: Meeting) -> list[Item]:
    return list(meeting.items())


def line_items(meeting: Meeting) -> list[Item]:
    """Every item, nested ones and transcript lines included, attendee lists excluded."""
    return [i for s in meeting.sections if s.kind == "agenda" for i in s.walk_items()]


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_dates_titles_and_attendees(name):
    wanted = EXPECTED[name]["meetings"]
    found = meetings_of(name)
    assert len(found) == len(wanted), [m.title for m in found]
    for meeting, expected in zip(found, wanted, strict=True):
        assert (meeting.date.isoformat() if meeting.date else None) == expected["date"]
        assert meeting.title == expected["title"]
        assert [label(a) for a in meeting.attendees] == expected["attendees"]
        assert meeting.attendee_count == expected["attendee_count"]
        if "series" in expected:
            assert meeting.series == expected["series"]
        if "absent" in expected:
            assert [label(a) for a in meeting.absent] == expected["absent"]
        for details in expected.get("attendee_details", []):
            person = next(
                a
                for a in meeting.attendees
                if details.get("name", details.get("handle")) in (a.name, a.handle)
            )
            for field, value in details.items():
                assert getattr(person, field) == value, (details, person)


@pytest.mark.parametrize("name", sorted(n for n in EXPECTED if _has(n, "items")))
def test_agenda_items(name):
    for meeting, expected in zip(meetings_of(name), EXPECTED[name]["meetings"], strict=False):
        texts = [i.text for i in line_items(meeting)]
        at = 0
        for wanted in expected.get("items", []):
            while at < len(texts) and wanted not in texts[at]:
                at += 1
            assert at < len(texts), f"{wanted!r} not found in order in {texts}"
        states = {i.text: i.state for i in line_items(meeting)}
        for text, state in expected.get("item_states", {}).items():
            assert next(s for t, s in states.items() if text in t) == state, text


@pytest.mark.parametrize("name", sorted(n for n in EXPECTED if _has(n, "speakers")))
def test_speakers_resolve_per_meeting(name):
    source = (FIXTURES / name).read_text("utf-8").splitlines()
    for meeting, expected in zip(meetings_of(name), EXPECTED[name]["meetings"], strict=False):
        by_line = {i.line: i for i in line_items(meeting)}
        for start, who in expected.get("speakers", {}).items():
            (number,) = [n for n, line in enumerate(source, 1) if start in line]
            item = by_line.get(number)
            resolved = item.speaker_name or None if item else None
            assert resolved == who, (start, item)


@pytest.mark.parametrize("name", sorted(n for n in EXPECTED if _has(n, "actions")))
def test_actions_are_the_real_ones(name):
    for meeting, expected in zip(meetings_of(name), EXPECTED[name]["meetings"], strict=False):
        found = [a.text for a in find_actions(meeting)]
        wanted = expected["actions"]
        assert len(found) == len(wanted), found
        for text in wanted:
            assert any(text in f for f in found), (text, found)
