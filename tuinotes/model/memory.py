"""Meeting memory: each agenda line with the topic it belongs to, its state and role, and
whether it records a decision (kept in the index; see `tuinotes.notes.memory`); and the
rule of what names a topic: an issue, pull request or discussion, however it is linked."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any, Literal

_GITHUB = re.compile(
    r"^https?://(?:www\.)?github\.com/([\w.-]+)/([\w.-]+)/(?:pull|pulls|issues|discussions)/"
    r"(\d+)(?:[/?#].*)?$",
    re.I,
)
_GITLAB = re.compile(
    r"^https?://gitlab\.com/([\w.-]+(?:/[\w.-]+)*)/-/(merge_requests|issues)/(\d+)(?:[/?#].*)?$",
    re.I,
)
_SHORT_REF = re.compile(r"(?<![\w/.#-])([A-Za-z0-9][\w.-]*)/([\w.-]+)#(\d+)\b")
TITLE_TOPIC = "title:"  # the key prefix of a topic named by its item's title (no link)
Role = Literal["agenda", "carried", "done"]  # as its section files it
DecisionKind = Literal["", "line", "section"]  # "Decided: …" / under a Conclusion heading


@dataclass(slots=True)
class MemoryLine:
    """An agenda item (depth 0) or a line of its discussion (depth > 0)."""

    order: int  # position in the meeting
    depth: int
    topic: str  # topic key (`topic_key`, or "title:" + normalised title); a line: its item's
    label: str  # how to show the topic: "owner/repo#12", or the item's title
    text: str
    state: str  # "open", "done" or "plain"
    line: int  # 1-based line in the note
    section: str  # the heading it is under
    role: Role = "agenda"
    speaker: str = ""  # as written
    speaker_name: str = ""
    speaker_key: str = ""  # person key of the speaker, "" when the meeting doesn't name them
    decision: DecisionKind = ""
    mentions: str = ""  # a discussion line that links another topic: that topic's key

    @property
    def who(self) -> str:
        """Who said it: their name, else as written ("" when nobody is named)."""
        return self.speaker_name or self.speaker

    @property
    def said(self) -> str:
        """The line as said: "Name: text", or the text alone."""
        return f"{self.who}: {self.text}" if self.who else self.text

    def as_row(self) -> tuple[Any, ...]:
        return (
            self.order,
            self.depth,
            self.topic,
            self.label,
            self.text,
            self.state,
            self.line,
            self.section,
            self.role,
            self.speaker,
            self.speaker_name,
            self.speaker_key,
            self.decision,
            self.mentions,
        )

    @classmethod
    def from_row(cls, row: tuple[Any, ...]) -> MemoryLine:
        return cls(*row)


def topic_of_link(url: str) -> str | None:
    """The topic key a link names: 'owner/repo#12' (GitHub issues, pull requests and
    discussions share numbers), 'gitlab:group/project!12' or '…#12', else None."""
    if found := _GITHUB.match(url.strip()):
        owner, repo, number = found.groups()
        return f"{owner}/{repo.removesuffix('.git')}#{number}".casefold()
    if found := _GITLAB.match(url.strip()):
        project, kind, number = found.groups()
        mark = "!" if kind.lower() == "merge_requests" else "#"
        return f"gitlab:{project}{mark}{number}".casefold()
    return None


def topic_in_text(text: str) -> str | None:
    """The first `owner/repo#12` reference in `text`, as a topic key."""
    found = _SHORT_REF.search(text)
    return f"{found[1]}/{found[2]}#{found[3]}".casefold() if found else None


def topic_key(reference: str) -> str | None:
    """A topic key from what a user types: a URL or `owner/repo#N`; None for other text."""
    text = reference.strip()
    key = topic_of_link(text)
    if key is None:
        whole = _SHORT_REF.fullmatch(text)
        key = topic_in_text(text) if whole else None
    return key
