"""An Input that doesn't re-lay out the whole screen on each key."""

from __future__ import annotations

from textual.geometry import Size
from textual.widgets import Input


class TypingInput(Input):
    """`Input` with a fixed size (never `auto`), typed into without a layout per key.

    Textual 8.2.8's `Input._watch_value` sets the widget's `virtual_size` on every change
    (widgets/_input.py:545), and that reactive asks for a layout of the whole screen when
    the size differs, which it does after each layout. With a long meeting in the reader
    (a hundred and more Markdown widgets) that layout was most of the time a typed key
    took to show. The size set is the input's own width, so it is set quietly first and
    the watcher finds nothing to change.
    """

    def _watch_value(self, value: str) -> None:
        self.set_reactive(Input.virtual_size, Size(self.content_width, 1))
        super()._watch_value(value)
