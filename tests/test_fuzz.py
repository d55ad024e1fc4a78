"""Random streams of keys, text and clicks never crash the app (seeded: a failure names its
seed and last actions, and replays)."""

from __future__ import annotations

from pathlib import Path

import pytest
from textual import events
from textual._xterm_parser import XTermParser
from textual.widgets import Markdown

from tests.conftest import write
from tests.fuzz import _click, _key, click_bytes, drag_bytes, drive, make_calm, wheel_bytes
from tests.test_app import until
from tuinotes.library.config import Config
from tuinotes.tui.app import make_app

ACTIONS = 150


async def fuzz(folder, index_dir, seed: int, size=(120, 36)) -> None:
    app = make_app(folder, config=Config(), index_dir=index_dir, watch=False)
    make_calm(app)
    async with app.run_test(size=size) as pilot:
        await pilot.pause(0.2)
        await drive(app, seed, ACTIONS)
        await pilot.pause(0.5)  # the last events are handled
        assert app._exception is None and (app.is_running or app.return_code == 0)


@pytest.mark.parametrize("seed", [1, 2, 3])
async def test_random_keys_and_clicks_on_the_samples(notes, tmp_path, seed) -> None:
    await fuzz(notes, tmp_path / "index", seed)


async def test_random_keys_and_clicks_on_a_few_hundred_notes(tmp_path) -> None:
    folder = tmp_path / "many"
    for n in range(300):
        write(
            folder,
            f"{2020 + n % 5}/{n:03d}-sync.md",
            f"# Sync {n}\n\nDate: {2020 + n % 5}-{n % 12 + 1:02d}-{n % 28 + 1:02d}\n\n"
            "| Name | Initials |\n|---|---|\n| Ana Quiñones | AQ |\n| Chen Wei | CW |\n\n"
            f"## Agenda\n\n- [ ] AQ: roadmap item {n} https://example.org/{n}\n"
            f"- [x] CW: serializer review, see [notes](https://example.org/n/{n})\n",
        )
    await fuzz(folder, tmp_path / "index", seed=7, size=(80, 24))


# -- the reproductions from the fuzz, one by one (raw events: no waiting in between) -------


async def started(notes, tmp_path, size=(120, 36)):
    app = make_app(notes, config=Config(), index_dir=tmp_path / "index", watch=False)
    make_calm(app)
    return app


async def alive_after(app, pilot) -> None:
    await pilot.pause(0.5)
    assert app.is_running and app._exception is None
    assert app.screen_stack[-1] is app.screen and app.main in app.screen_stack


def centre(widget) -> tuple[int, int]:
    region = widget.region
    return region.x + region.width // 2, region.y + region.height // 2


async def test_mouse_on_a_reader_block_that_a_re_render_just_removed(
    notes, tmp_path, monkeypatch
) -> None:
    """Textual forwards a mouse event by the last frame's map; a press on a paragraph that
    the reader's re-render removed since then read its missing parent (screen.py:1914).
    Each kind of mouse report, parsed from the terminal's bytes, reaches the app right after
    a re-render, before the next layout (the `StaleMouseGuard` drops them). On a busy
    machine no layout comes in between; here the screen's layout is held to make sure."""
    app = await started(notes, tmp_path)
    async with app.run_test(size=(120, 36)) as pilot:
        body = app.main.query_one("#agenda-body", Markdown)
        await until(pilot, lambda: bool(body.query("MarkdownParagraph")))
        await app.workers.wait_for_complete()
        versions = ["First words.\n\nSecond words.", "Other words.\n\nMore words."]
        await body.update(versions[1])
        await until(pilot, lambda: body.children[0].region.height > 0)
        point = (body.children[0].region.x + 1, body.children[0].region.y)
        reports = click_bytes(point, 3) + wheel_bytes(point, "down", 2)
        reports += drag_bytes(point, (point[0] + 20, point[1] + 3))
        kinds = set()
        for number, event in enumerate(XTermParser().feed(reports)):
            shown = body.children[0]
            with monkeypatch.context() as frozen:  # no new layout until the event is handled
                frozen.setattr(app.main, "_refresh_layout", lambda *_, **__: None)
                await body.update(versions[number % 2])
                assert not shown.is_attached and app.screen.get_widget_at(*point)[0] is shown
                event.set_sender(app)
                await app.on_event(event)
            app.main.refresh(layout=True)
            await until(pilot, lambda: app.screen.get_widget_at(*point)[0] is body.children[0])
            kinds.add(type(event).__name__)
        await alive_after(app, pilot)
        assert kinds >= {"MouseMove", "MouseDown", "MouseUp", "MouseScrollDown"}


async def test_triple_click_on_the_search_bar(notes, tmp_path) -> None:
    app = await started(notes, tmp_path)
    async with app.run_test(size=(120, 36)) as pilot:
        await until(pilot, lambda: app.main.result is not None)
        for widget in ("#query", "#status", "SearchBar"):
            _click(app, centre(app.main.query_one(widget)), 3)
            await alive_after(app, pilot)


async def test_a_phrase_with_a_comma_typed_in_the_search_bar(notes, tmp_path) -> None:
    app = await started(notes, tmp_path)
    async with app.run_test(size=(120, 36)) as pilot:
        await until(pilot, lambda: app.main.result is not None)
        for key in ["slash", *'"a,b"', "enter"]:
            _key(app, key)
        await until(pilot, lambda: app.main.result.query == '"a,b"')
        await alive_after(app, pilot)


async def test_actions_view_double_click_and_palette_burst(notes, tmp_path) -> None:
    app = await started(notes, tmp_path)
    async with app.run_test(size=(120, 36)) as pilot:
        await until(pilot, lambda: app.main.result is not None)
        for pause in (0.0, 0.05, 0.1, 0.2, 0.3):
            _key(app, "tab")
            _key(app, "t")
            await pilot.pause(pause)
            _click(app, (60, 8), 2)  # a row: opens its meeting, twice
            await alive_after(app, pilot)
            _key(app, "t")
            await pilot.pause(pause)
            _click(app, (60, 9), 1)  # a row, and the palette in the same burst
            _key(app, "ctrl+p")
            await pilot.pause(0.3)
            _key(app, "escape")
            _key(app, "escape")
            await alive_after(app, pilot)


async def test_palette_double_click_outside_enter_twice_and_early_page_down(
    notes, tmp_path
) -> None:
    app = await started(notes, tmp_path)
    async with app.run_test(size=(120, 36)) as pilot:
        await until(pilot, lambda: app.main.result is not None)
        for burst in (
            lambda: _click(app, (2, 34), 3),  # outside the palette
            lambda: (_key(app, "enter"), _key(app, "enter"), _key(app, "enter")),
            lambda: _key(app, "pagedown"),
        ):
            _key(app, "ctrl+p")
            burst()
            await alive_after(app, pilot)
            if app.screen is not app.main:
                _key(app, "escape")
                await pilot.pause(0.3)


async def test_a_failing_background_task_is_reported_and_the_app_goes_on(
    notes, tmp_path, monkeypatch
) -> None:
    from tests.test_app import notifications
    from tuinotes.library.library import Library

    def broken(*_args, **_kwargs):
        raise ValueError("related meetings\nare broken")

    monkeypatch.setattr(Library, "related", broken)
    app = await started(notes, tmp_path)
    shown = notifications(app, monkeypatch)
    async with app.run_test(size=(120, 36)) as pilot:
        await until(pilot, lambda: any("failed" in text for text in shown))
        failure = next(text for text in shown if "failed" in text)
        assert "ValueError: related meetings are broken" in failure  # one line
        saved = failure.split("(details: ")[1].rstrip(")")
        assert "Traceback" in Path(saved).read_text(encoding="utf-8")
        _key(app, "down")
        await alive_after(app, pilot)


async def test_no_input_reaches_the_screens_once_the_app_is_closing(
    notes, tmp_path, monkeypatch
) -> None:
    """The long fuzz: keys queued just before the quit reached screens whose panes were
    being taken down (NoMatches '#find' on the main screen, '#actions-title' in the actions
    view). Once the app is closing, input goes no further than the app: before, it does."""
    from textual.app import App

    handled: list[str] = []
    real = App.on_event

    async def recording(self, event):
        if isinstance(event, events.Key):
            handled.append(event.key)
        await real(self, event)

    monkeypatch.setattr(App, "on_event", recording)
    app = await started(notes, tmp_path)
    async with app.run_test(size=(120, 36)) as pilot:
        await until(pilot, lambda: app.main.result is not None)
        for closing in (False, True):
            if closing:
                app.exit()
            event = events.Key("ctrl+f", None)
            event.set_sender(app)
            await app.on_event(event)
        assert handled == ["ctrl+f"]  # the one sent before the quit
    assert app.return_code == 0


async def test_mouse_input_after_the_last_screen_is_gone_is_dropped(notes, tmp_path) -> None:
    """The long fuzz: a mouse report handled as the app took its last screen down met
    ScreenStackError (app.py:4082); such input has no one to go to and is dropped."""
    app = await started(notes, tmp_path)
    async with app.run_test(size=(120, 36)) as pilot:
        await until(pilot, lambda: app.main.result is not None)
    assert not app.screen_stack  # the app has closed: the state input can still meet
    for event in XTermParser().feed(click_bytes((10, 5)) + wheel_bytes((10, 5), "down", 1)):
        event.set_sender(app)
        await app.on_event(event)  # raised ScreenStackError without the guard


async def test_a_highlight_of_a_people_row_refilled_away_is_dropped(notes, tmp_path) -> None:
    """The long fuzz: a highlight posted before the People list was refilled with fewer
    rows made SelectionList look the row up again (OptionDoesNotExist)."""
    from textual.widgets import OptionList

    from tuinotes.tui.attendee_pane import PeopleList

    app = await started(notes, tmp_path)
    async with app.run_test(size=(120, 36)) as pilot:
        await until(pilot, lambda: app.main.query_one(PeopleList).option_count > 2)
        people = app.main.query_one(PeopleList)
        stale = OptionList.OptionHighlighted(people, people.get_option_at_index(0), 999)
        people.post_message(stale)
        await alive_after(app, pilot)


@pytest.mark.parametrize("view", ["topics", "decisions", "threads", "actions", "person"])
async def test_a_view_closed_before_it_was_mounted_starts_nothing(notes, tmp_path, view) -> None:
    """The long fuzz: Esc queued behind the key that opened a view closed it before it was
    mounted; its on_mount then looked for its list, which was gone (NoMatches)."""
    from tuinotes.tui.actions_screen import ActionsScreen
    from tuinotes.tui.memory_screens import DecisionsScreen, MeetingTopicsScreen, ThreadsScreen
    from tuinotes.tui.person_screen import PersonScreen

    app = await started(notes, tmp_path)
    async with app.run_test(size=(120, 36)) as pilot:
        await until(pilot, lambda: app.main.current_meeting is not None)
        library, path = app.library, app.main.current_path
        screen = {
            "topics": lambda: MeetingTopicsScreen(library, path, "x"),
            "decisions": lambda: DecisionsScreen(library),
            "threads": lambda: ThreadsScreen(library),
            "actions": lambda: ActionsScreen(library, frozenset(), []),
            "person": lambda: PersonScreen(library, library.people_ranked()[0]),
        }[view]()
        app.push_screen(screen)  # not awaited: mounted on a later turn of the loop
        screen.dismiss()
        await alive_after(app, pilot)


async def test_the_theme_list_is_the_guarded_palette(notes, tmp_path) -> None:
    """The long fuzz (openjs-cpc, seed 7002): 'Change theme' opened Textual's plain palette,
    whose search worker outlived its widgets when a key closed it (NoMatches)."""
    from tuinotes.tui.safety import SafeCommandPalette

    app = await started(notes, tmp_path)
    async with app.run_test(size=(120, 36)) as pilot:
        await until(pilot, lambda: app.main.current_meeting is not None)
        app.search_themes()
        await until(pilot, lambda: isinstance(app.screen, SafeCommandPalette))
        await pilot.press("k", "escape")  # a search started, then the palette closed
        app.search_commands([("Say hi", lambda: None)])
        await until(pilot, lambda: isinstance(app.screen, SafeCommandPalette))
        await pilot.press("s", "escape")
        await alive_after(app, pilot)


async def test_a_palette_search_that_starts_after_its_list_is_gone_is_dropped(
    notes, tmp_path
) -> None:
    """The long fuzz (openjs-cpc, spdx-meetings): the palette's search worker started after a
    key closed it, and its first look for the list raised NoMatches, ending the app."""
    from textual.command import CommandList

    from tuinotes.tui.safety import SafeCommandPalette

    app = await started(notes, tmp_path)
    async with app.run_test(size=(120, 36)) as pilot:
        await until(pilot, lambda: app.main.current_meeting is not None)
        app.action_command_palette()
        await until(pilot, lambda: isinstance(app.screen, SafeCommandPalette))
        palette = app.screen
        await until(pilot, lambda: bool(palette.query(CommandList)))
        await palette.query_one(CommandList).remove()  # taken down, as when it closes
        palette._gather_commands("k")
        await pilot.pause(0.3)
        assert app.is_running and app._exception is None
