"""What the parser reads from every bundled sample and every convention fixture, locked.

`tests/fixtures/readings.json` holds each note's reading (date, title, series, attendees with
their fields, absentees, count, actions, agenda lines and their speakers). A change to a
recogniser that reads any of them differently fails here, so a rule that lifts one shape
can't silently drop another. When a change reads a note *better*, regenerate the file with
`TUINOTES_UPDATE_READINGS=1 pytest tests/test_readings.py` and review its diff in the commit.
"""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

import pytest

from tuinotes.notes.actions import find_actions
from tuinotes.notes.parse import parse_meetings

ROOT = Path(__file__).resolve().parent.parent
FOLDERS = {
    "samples": ROOT / "sample_notes",
    "conventions": ROOT / "tests" / "fixtures" / "conventions",
}
LOCKED = Path(__file__).resolve().parent / "fixtures" / "readings.json"


def reading(path: Path, rel: str) -> list[dict[str, Any]]:
    """Everything the recognisers decide about one file, as plain data."""
    out = []
    for meeting in parse_meetings(path, rel):
        out.append(
            {
                "date": meeting.date.isoformat() if meeting.date else None,
                "title": meeting.title,
                "series": meeting.series,
                "attendees": [
                    [a.name, a.initials, a.affiliation, a.handle] for a in meeting.attendees
                ],
                "absent": [a.label for a in meeting.absent],
                "count": meeting.attendee_count,
                "actions": sorted(a.text for a in find_actions(meeting)),
                "lines": [
                    [item.text[:60], item.speaker_name or item.speaker]
                    for section in meeting.sections
                    if section.kind == "agenda"
                    for item in section.walk_items()
                ],
            }
        )
    return out


def all_readings() -> dict[str, Any]:
    readings = {}
    for name, folder in FOLDERS.items():
        for path in sorted(folder.rglob("*.md")):
            rel = path.relative_to(folder).as_posix()
            if rel != "README.md":
                readings[f"{name}/{rel}"] = reading(path, rel)
    return readings


def test_every_note_reads_as_locked() -> None:
    now = all_readings()
    if os.environ.get("TUINOTES_UPDATE_READINGS"):
        LOCKED.write_text(json.dumps(now, indent=1, ensure_ascii=False) + "\n", "utf-8")
        pytest.skip("readings.json regenerated: review its diff")
    locked = json.loads(LOCKED.read_text("utf-8"))
    changed = [key for key in sorted(set(now) | set(locked)) if now.get(key) != locked.get(key)]
    assert not changed, f"read differently from readings.json: {changed}"
