"""Snapshot tests where layout matters: the main screen with a meeting open, and help."""

from __future__ import annotations

import pytest

from tests.test_app import ready, settle, type_query, until
from tuinotes.library.config import Config
from tuinotes.tui.app import make_app


async def settled(app, pilot, path: str) -> None:
    """The meeting at `path` is shown with its related meetings (they arrive from a worker)."""
    related = app.main.query_one("#related")
    await until(pilot, lambda: app.main.current_path == path)
    await until(pilot, lambda: related.option_count > 0)
    await settle(app, pilot)


@pytest.fixture
def app(notes, tmp_path, monkeypatch):
    monkeypatch.setenv("HOME", str(tmp_path))  # the status line names the folder: ~/notes
    return make_app(notes, config=Config(), index_dir=tmp_path / "index", watch=False)


def test_main_screen_with_a_meeting_open(snap_compare, app):
    async def run_before(pilot) -> None:
        await ready(app, pilot)
        await type_query(app, pilot, "rust serializer")
        await pilot.press("enter", "down", "enter")
        await settled(app, pilot, app.main.query_one("#meetings").highlighted_path)
        # the reader opened at the first match; step on and back once every paragraph is
        # laid out, so the scroll doesn't depend on when the layout finished
        await pilot.press("n", "N")
        app.clear_notifications()  # 'Match 1 of 1' toasts time out: not part of the layout
        await settle(app, pilot)

    assert snap_compare(app, terminal_size=(120, 36), run_before=run_before)


def test_help_screen(snap_compare, app):
    async def run_before(pilot) -> None:
        await ready(app, pilot)
        await settled(app, pilot, "2025-03-05-community-call.md")
        app.main.query_one("#meetings").focus()
        await pilot.pause()
        await pilot.press("question_mark")
        await pilot.pause(0.3)

    assert snap_compare(app, terminal_size=(100, 30), run_before=run_before)


@pytest.mark.parametrize("size", [(80, 24), (160, 48)], ids=["80x24", "160x48"])
def test_first_screen(snap_compare, app, size):
    """What a newcomer sees first: the newest meeting open, Help and Quit in the footer."""

    async def run_before(pilot) -> None:
        await ready(app, pilot)
        await settled(app, pilot, "2025-03-05-community-call.md")

    assert snap_compare(app, terminal_size=size, run_before=run_before)
