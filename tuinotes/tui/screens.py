"""Modal screens: help, link confirmation and choice, the problems list, and the base of lists whose
rows open meetings."""

from __future__ import annotations

from dataclasses import dataclass
from textwrap import shorten
from typing import TypeVar

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.content import Content
from textual.widgets import Button, Footer, Markdown, OptionList, Static
from textual.widgets.option_list import Option
from textual.worker import Worker

from tuinotes.indexer.report import UpdateReport
from tuinotes.library.drafting import NextMeeting
from tuinotes.library.findings import FINDINGS
from tuinotes.library.library import Library
from tuinotes.model.record import Problem
from tuinotes.model.text import plural
from tuinotes.search.query import syntax_list
from tuinotes.tui.failures import report_failure
from tuinotes.tui.lists import VimOptionList
from tuinotes.tui.safety import GuardedModalScreen

ResultT = TypeVar("ResultT")

QUERY_SYNTAX = "## Query syntax\n\n" + syntax_list()


class TextDialog(GuardedModalScreen[None]):
    """A centred box of text to read and close: help, the problems list."""

    DEFAULT_CSS = """
    TextDialog {
        align: center middle;
    }
    TextDialog > .dialog-box {
        width: 90%;
        max-width: 100;
        height: 90%;
        border: thick $accent;
        background: $surface;
        padding: 0 1;
    }
    TextDialog .hint {
        color: $text-muted;
    }
    """


class HelpScreen(TextDialog):
    """Keys (from the live bindings, so remapped keys show as remapped) and query syntax."""

    BINDINGS = [Binding("escape,q,question_mark", "dismiss", "Close", id="help.close")]

    def __init__(self, keys: list[tuple[str, str]]) -> None:
        super().__init__()
        self.keys = keys

    def compose(self) -> ComposeResult:
        rows = "\n".join(f"| `{key}` | {what} |" for key, what in self.keys)
        text = f"# tuinotes\n\n## Keys\n\n| key | does |\n|---|---|\n{rows}\n\n{QUERY_SYNTAX}"
        with VerticalScroll(id="help-box", classes="dialog-box"):
            yield Markdown(text, id="help-text")
            yield Static(Content("Esc closes"), classes="hint", markup=False)
        yield Footer()


class Confirm(GuardedModalScreen[bool]):
    """Ask before doing something: a question, what it concerns, and a yes (y) or a no (n,
    Esc, the focused default)."""

    BINDINGS = [
        Binding("y", "answer(True)", "Yes", id="confirm.yes"),
        Binding("n,escape", "answer(False)", "Cancel", id="confirm.no"),
    ]
    DEFAULT_CSS = """
    Confirm {
        align: center middle;
    }
    Confirm > #confirm-box {
        width: 90;
        max-width: 95%;
        height: auto;
        max-height: 90%;
        border: thick $warning;
        background: $surface;
        padding: 1 2;
    }
    Confirm #confirm-url {
        margin: 1 0;
        text-style: bold;
    }
    Confirm #confirm-details {
        height: auto;
        max-height: 16;
    }
    Confirm #confirm-buttons {
        height: auto;
        align: right middle;
    }
    Confirm #confirm-buttons Button {
        margin-left: 2;
    }
    """

    def __init__(
        self, question: str, subject: str, yes: str, details: tuple[str, ...] = ()
    ) -> None:
        super().__init__()
        self.question, self.subject, self.yes, self.details = question, subject, yes, details

    def compose(self) -> ComposeResult:
        with Vertical(id="confirm-box"):
            yield Static(Content(self.question), markup=False)
            yield Static(Content(self.subject), id="confirm-url", markup=False)
            if self.details:
                with VerticalScroll(id="confirm-details"):
                    yield Static(Content("\n".join(self.details)), markup=False)
            with Horizontal(id="confirm-buttons"):
                yield Button(f"{self.yes} (y)", id="open", variant="warning")
                yield Button("Cancel (n)", id="cancel", variant="primary")
        yield Footer()

    def opened(self) -> None:
        self.query_one("#cancel", Button).focus()

    def on_button_pressed(self, event: Button.Pressed) -> None:
        self.dismiss(event.button.id == "open")

    def action_answer(self, answer: bool) -> None:
        self.dismiss(answer)


def confirm_draft(draft: NextMeeting) -> Confirm:
    """Ask before writing a drafted meeting: its series, day, path and what it carries."""
    carried = tuple(
        f"☐ {shorten(' '.join(c.text.split()), 120, placeholder=' …')}"
        + (f" ({c.who})" if c.who else "")
        for c in draft.carried
    )
    question = f"Write the next “{draft.series}” meeting, on {draft.day}, as a new file? " + (
        f"{plural(len(carried), 'open item')} carried over."
        if carried
        else "No open item to carry over."
    )
    return Confirm(question, draft.path, "Write", carried)


class ConfirmLink(Confirm):
    """Ask before opening a link whose scheme is not http, https or mailto."""

    def __init__(self, url: str) -> None:
        super().__init__("Open this link? It is not a web or mail link.", url, "Open")
        self.url = url


class LinkPicker(GuardedModalScreen[str | None]):
    """Which of the meeting's links: Enter dismisses with its URL, Esc with None."""

    BINDINGS = [Binding("escape,q", "close", "Cancel", id="links.close")]
    DEFAULT_CSS = """
    LinkPicker {
        align: center middle;
    }
    LinkPicker > #link-box {
        width: 90%;
        max-width: 110;
        height: auto;
        max-height: 80%;
        border: round $accent;
        background: $surface;
        padding: 0 1;
    }
    LinkPicker #link-rows {
        height: auto;
        max-height: 20;
        border: none;
    }
    LinkPicker .hint {
        color: $text-muted;
    }
    """

    def __init__(self, verb: str, links: list[tuple[Content, str]]) -> None:
        super().__init__()
        self.verb = verb  # "Open" or "Copy"
        self.links = links  # (prompt, url)

    def compose(self) -> ComposeResult:
        with Vertical(id="link-box"):
            yield Static(Content(f"{self.verb} which link?").stylize("bold"), markup=False)
            yield VimOptionList(
                *(Option(prompt, id=str(n)) for n, (prompt, _url) in enumerate(self.links)),
                id="link-rows",
            )
            yield Static(Content("Enter: choose   Esc: cancel"), classes="hint", markup=False)
        yield Footer()

    def opened(self) -> None:
        self.query_one("#link-rows").focus()

    @on(OptionList.OptionSelected)
    def _selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        if event.option.id is not None:
            self.dismiss(self.links[int(event.option.id)][1])

    def action_close(self) -> None:
        self.dismiss(None)


class ProblemsScreen(TextDialog):
    """Files skipped or only partly understood by the last index update, and what was read
    differently (`tuinotes check`)."""

    BINDINGS = [Binding("escape,q,p", "dismiss", "Close", id="problems.close")]

    @classmethod
    def of(cls, report: UpdateReport, library: Library | None) -> ProblemsScreen:
        """The last update's problems and what `tuinotes check` finds in the library."""
        found = library.check() if library else []
        findings = [
            (title, [Problem(f.path, f.detail) for f in found if f.kind == kind])
            for kind, title in FINDINGS.items()
        ]
        return cls(report.skipped, report.warnings, findings)

    def __init__(
        self,
        skipped: list[Problem],
        warnings: list[Problem],
        findings: list[tuple[str, list[Problem]]] | None = None,
    ) -> None:
        super().__init__()
        self.skipped = skipped
        self.warnings = warnings
        self.findings = findings or []  # (what, where), as `tuinotes check` says

    def compose(self) -> ComposeResult:
        lines = [Content(f"Skipped ({len(self.skipped)})").stylize("bold")]
        lines += [Content(f"  {p.path}: {p.reason}") for p in self.skipped]
        lines.append(Content(f"Partly read ({len(self.warnings)})").stylize("bold"))
        lines += [Content(f"  {p.path}: {p.reason}") for p in self.warnings]
        for title, rows in self.findings:
            title = title[0].upper() + title[1:]
            lines.append(Content(f"{title} ({len(rows)})").stylize("bold"))
            lines += [Content(f"  {p.path}" + (f": {p.reason}" if p.reason else "")) for p in rows]
        with VerticalScroll(id="problems-box", classes="dialog-box"):
            yield Static(Content("\n").join(lines), id="problems-text", markup=False)
            yield Static(Content("Esc closes"), classes="hint", markup=False)
        yield Footer()


@dataclass(frozen=True)
class MeetingTarget:
    """A meeting to open, at a line of its note (0: at its top or first match)."""

    path: str
    line: int = 0


class ListDialog(GuardedModalScreen[ResultT]):
    """A centred box with a list (`.picker-rows`), a hint and the view's own footer; Esc
    or q closes it with None. Its views load in workers, whose failures are reported."""

    BINDINGS = [Binding("escape,q", "close", "Close", id="picker.close")]
    DEFAULT_CSS = """
    ListDialog {
        align: center middle;
    }
    ListDialog > .picker-box {
        width: 90%;
        height: 90%;
        border: round $accent;
        background: $surface;
        padding: 0 1;
    }
    ListDialog .picker-rows {
        height: 1fr;
        border: none;
    }
    ListDialog .hint {
        color: $text-muted;
    }
    """

    def action_close(self) -> None:
        self.dismiss(None)

    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        report_failure(self, event)


class MeetingPicker(ListDialog[MeetingTarget | None]):
    """A list whose rows stand for meetings: Enter dismisses with the row's meeting and
    line (row ids are `row_id(n, path, line)`, unique even when rows share a meeting)."""

    @staticmethod
    def row_id(number: int, path: str, line: int = 0) -> str:
        return f"{number}:{line}:{path}"

    @on(OptionList.OptionSelected)
    def _selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        if event.option.id:
            _number, line, path = event.option.id.split(":", 2)
            self.dismiss(MeetingTarget(path, int(line)))
