"""The main screen's keys, each with an id (a user's keymap names it) and a description that
the footer and the help screen show: the help is built from these, never written twice."""

from __future__ import annotations

from textual.binding import Binding, BindingType

MAIN_KEYS: list[BindingType] = [
    # priority: handled before the next key is routed, so "/abc" typed fast searches abc
    Binding("slash", "focus_search", "Search", id="focus_search", priority=True),
    Binding("escape", "back", "Back", show=False, id="back"),
    Binding("a", "attendees", "People", id="attendees"),
    Binding("o", "open_link", "Open link", id="open_link"),
    Binding("y", "copy_link", "Copy link", show=False, id="copy_link"),
    Binding("p", "problems", "Problems", show=False, id="problems"),
    Binding("t", "actions", "Actions", id="actions"),
    Binding("T", "topics", "Topics of this meeting, across meetings", show=False, id="topics"),
    Binding("D", "decisions", "Decisions", show=False, id="decisions"),
    Binding("O", "threads", "Open threads", show=False, id="threads"),
    Binding(
        "left_square_bracket",
        "series(-1)",
        "Previous in series",
        show=False,
        id="series_previous",
    ),
    Binding("right_square_bracket", "series(1)", "Next in series", show=False, id="series_next"),
    Binding("ctrl+f", "find", "Find in meeting", show=False, id="find"),
    Binding("n", "match(1)", "Next match", show=False, id="next_match"),
    Binding("N", "match(-1)", "Previous match", show=False, id="previous_match"),
    Binding("s", "sort", "Sort", show=False, id="sort"),
    Binding("b", "history(-1)", "Back to the last meeting", show=False, id="history_back"),
    Binding("f", "history(1)", "Forward again", show=False, id="history_forward"),
    Binding("e", "edit", "Edit note", show=False, id="edit"),
    Binding("ctrl+r", "reindex", "Re-index", show=False, id="reindex"),
    Binding("ctrl+n", "new_meeting", "Draft the next meeting", show=False, id="new_meeting"),
]
