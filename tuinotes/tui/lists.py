"""An OptionList that also moves with j/k and ignores clicks on rows that are gone, for
every list pane."""

from __future__ import annotations

from textual.binding import Binding
from textual.widgets import OptionList

from tuinotes.tui.safety import StaleRowClicks


class VimOptionList(StaleRowClicks, OptionList):
    # Never narrower than a few letters: at a width of 0 an option's text cannot wrap and
    # Rich's `chop_cells` raises (OptionList.get_content_height, textual 8.2.8, from a 40-
    # column terminal whose split gave the reader's link list nothing).
    DEFAULT_CSS = """
    VimOptionList {
        min-width: 12;
    }
    """
    BINDINGS = [
        Binding("j", "cursor_down", "Down", show=False, id="list.down"),
        Binding("k", "cursor_up", "Up", show=False, id="list.up"),
    ]

    def on_focus(self) -> None:
        """Arriving in a list puts the cursor on its first entry, ready for Enter."""
        if self.highlighted is None and self.option_count:
            self.highlighted = 0
