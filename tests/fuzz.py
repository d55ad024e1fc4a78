"""A seeded random stream of keys, typed text and mouse use for the real app: used by
`tests/test_fuzz.py` (short runs) and `bench/fuzz.py` (long ones).

Events reach the app as a terminal sends them, without waiting for the app to settle
between them (Pilot's `press` and `click` wait, which hides every race). The mouse speaks
the terminal's own bytes (SGR sequences, as xterm, tmux and every modern terminal send
them) through Textual's parser and the driver: motion before every press, motion between
press and release while the hand moves, the wheel, drags across panes, double and triple
clicks, several actions in one read. The app must never exit because of an event: after
each action the driver checks that it still runs and raised nothing, and reports the seed
and the last actions otherwise.
"""

from __future__ import annotations

import asyncio
import faulthandler
import random
import sys
import unicodedata
from collections import deque
from typing import Any

from textual import events
from textual._xterm_parser import XTermParser
from textual.keys import _character_to_key, _get_unicode_name_from_key

# Every key the app documents, and the keys a newcomer tries.
KEYS = [
    "tab", "shift+tab", "escape", "enter", "up", "down", "left", "right", "pageup",
    "pagedown", "home", "end", "space", "backspace", "slash", "question_mark", "a", "o",
    "y", "p", "t", "i", "m", "x", "j", "k", "s", "n", "g", "G", "T", "D", "O", "b", "f",
    "ctrl+f", "alt+up", "alt+down",
    "left_square_bracket", "right_square_bracket", "ctrl+p", "ctrl+u", "ctrl+r",
]  # fmt: skip
# What people type into a search box, odd queries included.
TEXTS = [
    "lattice", "roadmap", "serializer", '"per-key backpressure"', '"a,b"', "attendee:anaq",
    "tag:steering", "date:2024-13", "date:2025..2024", "(unclosed", "NOT", "secur*", "zoë",
    "[x]", "who:", "a OR", '"', "x-ray", "org:lattice",
]  # fmt: skip
QUIT_KEYS = {"q", "ctrl+q", "ctrl+c"}
HANG_SECONDS = 60  # an action not done by then is a hang, not a slow machine


class FuzzFailure(AssertionError):
    pass


def make_calm(app: Any) -> None:
    """No quitting, browsers or clipboards while fuzzing: everything else is real."""
    app.action_quit = _nothing
    app._open_external = lambda url: None
    app.copy_to_clipboard = lambda text: None


async def _nothing(*_: object) -> None:
    return None


async def drive(app: Any, seed: int, actions: int, hang_seconds: float = HANG_SECONDS) -> list[str]:
    """Run `actions` random actions; raise FuzzFailure with the seed and the last actions
    if the app stops or raises. Returns the log of what was done. An action that takes
    `hang_seconds` (wall clock: raise it on a machine busy with other work) is a hang."""
    rng = random.Random(seed)
    log: list[str] = []
    recent: deque[str] = deque(maxlen=25)
    width, height = app.size
    try:
        for number in range(actions):
            action = _choose(rng, width, height)
            recent.append(f"{number}: {action[0]} {action[1]!r}")
            log.append(recent[-1])
            # A hang blocks the event loop, so no check in it can run: if an action isn't done
            # in a minute, print every thread's stack and end the process (exit status 1).
            faulthandler.dump_traceback_later(hang_seconds, exit=True, file=sys.__stderr__)
            try:
                await _perform(app, action)
                if rng.random() < 0.5:
                    await asyncio.sleep(rng.choice([0.005, 0.02, 0.06, 0.15]))
            except Exception as error:
                raise FuzzFailure(
                    _report(seed, recent, f"{type(error).__name__}: {error}")
                ) from error
            if app._exception is not None or (not app.is_running and app.return_code):
                raise FuzzFailure(_report(seed, recent, repr(app._exception)))
            if not app.is_running:  # quit cleanly (the palette's "Quit the application")
                break
    finally:
        faulthandler.cancel_dump_traceback_later()
    return log


def _choose(rng: random.Random, width: int, height: int) -> tuple[str, Any]:
    kinds = ["key", "burst", "text", "click", "key+click", "move", "wheel", "drag", "mouse burst"]
    kind = rng.choices(kinds, [30, 8, 12, 14, 8, 10, 8, 5, 5])[0]

    def point() -> tuple[int, int]:
        return rng.randrange(width), rng.randrange(height)

    clicks = rng.choice([1, 1, 2, 3])
    if kind == "key":
        return kind, rng.choice(KEYS)
    if kind == "burst":
        return kind, tuple(rng.choices(KEYS, k=rng.randint(2, 4)))
    if kind == "text":
        return kind, rng.choice(TEXTS)
    if kind == "click":
        return kind, (point(), clicks)
    if kind == "move":
        return kind, tuple(point() for _ in range(rng.randint(1, 6)))
    if kind == "wheel":
        return kind, (point(), rng.choice(["up", "down"]), rng.randint(1, 8))
    if kind == "drag":
        return kind, (point(), point())
    if kind == "mouse burst":  # one read from the terminal: no gap at all
        return kind, "".join(
            rng.choice([click_bytes(point(), clicks), wheel_bytes(point(), "down", 3)])
            for _ in range(rng.randint(2, 4))
        )
    opener = rng.choice(["t", "ctrl+p", "enter", "escape", "i", "question_mark"])
    return kind, (opener, point(), clicks)


async def _perform(app: Any, action: tuple[str, Any]) -> None:
    kind, value = action
    if kind == "key":
        _key(app, value)
    elif kind in ("burst", "text"):
        for key in value:
            _key(app, key)
    elif kind == "click":
        _click(app, *value)
    elif kind == "move":
        _mouse(app, "".join(_sgr(35, at, "M") for at in value))
    elif kind == "wheel":
        _mouse(app, wheel_bytes(*value))
    elif kind == "drag":
        _mouse(app, drag_bytes(*value))
    elif kind == "mouse burst":
        _mouse(app, value)
    else:
        key, point, clicks = value
        _key(app, key)
        _click(app, point, clicks)
    await asyncio.sleep(0)


def _key(app: Any, key: str) -> None:
    if len(key) == 1 and not key.isalnum():
        key = _character_to_key(key)
    try:
        char: str | None = unicodedata.lookup(_get_unicode_name_from_key(key))
    except KeyError:
        char = key if len(key) == 1 else None
    _send(app, events.Key(key, char))


# SGR mouse reports: ESC [ < button ; column ; row M (press, motion) or m (release), with
# 1-based column and row. Button 0 is the left one; +32 means motion (35: no button held);
# 64 and 65 are the wheel up and down.
def _sgr(button: int, point: tuple[int, int], final: str) -> str:
    x, y = point
    return f"\x1b[<{button};{x + 1};{y + 1}{final}"


def click_bytes(point: tuple[int, int], clicks: int = 1) -> str:
    """The hand arrives, then presses and releases `clicks` times."""
    press = _sgr(0, point, "M") + _sgr(0, point, "m")
    return _sgr(35, point, "M") + press * clicks


def wheel_bytes(point: tuple[int, int], direction: str, notches: int) -> str:
    return _sgr(35, point, "M") + _sgr(64 if direction == "up" else 65, point, "M") * notches


def drag_bytes(start: tuple[int, int], end: tuple[int, int], steps: int = 5) -> str:
    """Press at `start`, move with the button held through `steps` points, release at `end`."""
    path = [
        (
            start[0] + (end[0] - start[0]) * step // steps,
            start[1] + (end[1] - start[1]) * step // steps,
        )
        for step in range(1, steps + 1)
    ]
    return (
        _sgr(35, start, "M")
        + _sgr(0, start, "M")
        + "".join(_sgr(32, at, "M") for at in path)
        + _sgr(0, end, "m")
    )


def _click(app: Any, point: tuple[int, int], clicks: int) -> None:
    _mouse(app, click_bytes(point, clicks))


def _mouse(app: Any, data: str) -> None:
    """Hand the terminal's bytes to Textual's own parser, and its events to the driver."""
    for event in XTermParser().feed(data):
        if isinstance(event, events.Event):
            app._driver.process_message(event)


def _send(app: Any, event: events.Event) -> None:
    event.set_sender(app)
    app._driver.send_message(event)


def _report(seed: int, recent: deque[str], reason: str) -> str:
    return f"seed {seed}: the app failed ({reason}); last actions:\n  " + "\n  ".join(recent)
