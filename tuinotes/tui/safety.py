"""Guards against events that arrive faster than Textual 8 (8.2.8) expects.

A terminal sends keys and clicks without waiting for the app. A UI fuzz found that a
burst of them can close a screen twice, click a palette row that no longer exists, or
page a list that was never laid out, and each of those ended the app. The causes are in
Textual's own code (named below with its line numbers in 8.2.8); these subclasses make
this app immune. Textual runs the handler of every class in an MRO, so a guard that must
stop the base handler calls `event.prevent_default()`.
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterable
from functools import partial
from typing import Any, TypeVar, cast

from textual import events, on, work
from textual.app import App
from textual.await_complete import AwaitComplete
from textual.command import CommandList, CommandPalette
from textual.css.query import NoMatches
from textual.errors import NoWidget
from textual.screen import ModalScreen, Screen
from textual.widget import Widget
from textual.widgets import Button, Input, OptionList

Result = TypeVar("Result")


class StaleMouseGuard:
    """Mixed into every screen of the app, first among its bases: drops a mouse event aimed
    at a widget that was removed after the last frame was drawn (a meeting re-rendered, a
    list refilled).

    `Screen._forward_event` finds its target in the last frame's map. For a press it then
    reads the target's parent to start a text selection, and a removed widget has none
    (AttributeError: 'NoneType' object has no attribute 'region', screen.py:1914, reached
    from app.py:4082; Textualize/textual#6643, unfixed in 8.2.8). Motion, clicks and the
    wheel reach the same stale map and would be posted to a dead widget. A release is let
    through: it ends a drag and any mouse capture.

    A plain class, not a `Screen`: Textual inherits CSS and component classes through the
    first base that is a widget class, so the screen class it guards must stay that base.
    """

    def _forward_event(self, event: events.Event) -> None:
        screen = cast(Screen[Any], self)
        if (
            isinstance(event, events.MouseEvent)
            and not isinstance(event, events.MouseUp)
            and not event.is_forwarded
            and screen.app.mouse_captured is None
        ):
            try:
                widget, _ = screen.get_widget_at(event.x, event.y)
            except NoWidget:
                widget = screen
            if widget is not screen and not widget.is_attached:
                return
        super()._forward_event(event)  # type: ignore[misc]


class ClosingAppGuard(App[Any]):
    """Input that arrives once the app is closing is dropped, for every screen at once.

    Quitting takes the screens and their panes down while keys and mouse reports are still
    queued (a key pressed with `q`, the mouse moving): a key's action then looks for a pane
    that is gone (NoMatches, seen on the main screen's Ctrl+F and the actions view's `s`),
    and with no screen left `App.on_event` itself raises ScreenStackError (app.py:4082).
    There is nobody left to answer: `is_attached` is False for every node once the app
    exits.
    """

    async def on_event(self, event: events.Event) -> None:
        if isinstance(event, events.InputEvent) and (
            not self.screen_stack or not self.screen.is_attached
        ):
            return
        await super().on_event(event)


class GuardedModalScreen(StaleMouseGuard, ModalScreen[Result]):
    """A modal that dismisses itself once, and only while it is the top screen.

    `Screen.dismiss` pops whatever is on top (screen.py:2064): a second dismiss (a double
    click on a row that opens a meeting) popped the screen beneath, and a dismiss while the
    palette was open closed the palette and later set the result twice (InvalidStateError).
    `is_active` means "the top screen"; `is_current` is also true beneath a palette.
    """

    _dismissed = False

    def on_mount(self) -> None:
        """Start the dialog (`opened`), unless it was closed before it was mounted: a key
        queued behind the one that opened it (Esc, q) dismisses it first, its widgets are
        gone, and a query for them raised NoMatches (the long fuzz, openjs-cpc seed 3009)."""
        if not self._dismissed and self.is_attached:
            self.opened()

    def opened(self) -> None:
        """What the dialog does once mounted: focus its list, start loading."""

    def dismiss(self, result: Result | None = None) -> AwaitComplete:
        if self._dismissed or not self.is_active:
            return AwaitComplete.nothing()
        self._dismissed = True
        return super().dismiss(result)


class StaleRowClicks:
    """For option lists: ignore a click or a highlight on a row that is gone. The row's
    index comes from the last frame drawn or an earlier message; the list may have been
    refilled with fewer rows since (search results, the palette's hits, the People filter:
    IndexError, _option_list.py:728; OptionDoesNotExist, _selection_list.py:146). And
    PageDown before the list was laid out again finds no line for its row (KeyError,
    _option_list.py:1002; the palette, the People pane): nothing to page yet."""

    option_count: int
    highlighted: int | None
    _index_to_line: dict[int, int]

    def _move_page(self, direction: Any) -> None:
        if self.highlighted is not None and self.highlighted not in self._index_to_line:
            return
        super()._move_page(direction)  # type: ignore[misc]

    async def _on_click(self, event: events.Click) -> None:
        index = event.style.meta.get("option")
        if index is not None and not 0 <= index < self.option_count:
            event.prevent_default()

    def _on_option_list_option_highlighted(self, event: OptionList.OptionHighlighted) -> None:
        # A highlight posted before the list was refilled with fewer rows: SelectionList
        # looks its row up again (OptionDoesNotExist, _selection_list.py:578, 146).
        if not 0 <= event.option_index < self.option_count:
            event.stop()
            event.prevent_default()


class SafeCommandList(StaleRowClicks, CommandList):
    """The palette's list, with the option lists' guards."""


class SafeCommandPalette(StaleMouseGuard, CommandPalette):
    """The command palette, closed once however many clicks and Enters arrive."""

    _palette_closed = False  # not `_closing`: the message pump has one of its own

    def compose(self) -> Iterable[Widget]:
        for widget in super().compose():
            yield SafeCommandList() if type(widget) is CommandList else widget

    def dismiss(self, result: Any = None) -> AwaitComplete:
        # Each queued click outside and each queued Enter dismisses (command.py:816, 1244);
        # the second popped the screen beneath the palette.
        if self._palette_closed or not self.is_active:
            return AwaitComplete.nothing()
        self._palette_closed = True
        return super().dismiss(result)

    def _on_click(self, event: events.Click) -> None:  # type: ignore[override]
        if self._palette_closed:
            event.prevent_default()
            return
        try:
            self.get_widget_at(event.screen_x, event.screen_y)
        except NoWidget:  # not laid out yet, or already taken down
            event.prevent_default()

    @on(Input.Submitted)
    @on(Button.Pressed)
    @on(OptionList.OptionSelected)
    def _once(self, event: Input.Submitted | Button.Pressed | OptionList.OptionSelected) -> None:
        if self._palette_closed:  # a second Enter would run the command again
            event.stop()
            event.prevent_default()

    def _start_no_matches_countdown(self, search_value: str) -> None:
        # Its timer fires after the palette's widgets may be gone (command.py:886); the
        # timer's callback is `partial(call_next, show)`, so `show` is what gets guarded.
        super()._start_no_matches_countdown(search_value)
        timer = self._no_matches_timer
        scheduled = timer._callback if timer is not None else None
        if timer is not None and isinstance(scheduled, partial) and scheduled.args:
            show = scheduled.args[0]

            def show_if_still_there() -> None:
                with contextlib.suppress(NoMatches):
                    show()

            timer._callback = partial(self.call_next, show_if_still_there)

    @work(exclusive=True, group=CommandPalette._GATHER_COMMANDS_GROUP)
    async def _gather_commands(self, search_value: str) -> None:
        # The search worker can start after a key closed the palette: its first look for
        # the list (command.py:1065) raised NoMatches, which ends the app (the long fuzz,
        # openjs-cpc and spdx-meetings). With the widgets gone there is nothing to fill.
        with contextlib.suppress(NoMatches):
            await CommandPalette._gather_commands.__wrapped__(self, search_value)  # type: ignore[attr-defined]

    # The palette's search worker can outlive its widgets when something else popped it
    # (command.py:909, 918); its errors end the app.
    def _watch__list_visible(self) -> None:
        with contextlib.suppress(NoMatches):
            super()._watch__list_visible()

    async def _watch__show_busy(self) -> None:
        with contextlib.suppress(NoMatches):
            await super()._watch__show_busy()
