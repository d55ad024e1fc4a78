"""Meeting memory from a parsed meeting: each agenda line's topic, role and decisions.

- A topic is the issue, pull request or discussion an agenda item links
  (`https://github.com/o/r/pull/12#x`, `…/issues/12/files` and `o/r#12` are one topic,
  "o/r#12"), else its title, normalised, within its series.
- A heading per topic (`Section.topic`) holds its discussion; a `Conclusion` /
  `Resolution` / `Decision` / `Outcome` heading under it holds its decisions.
- A line that starts `Decided:`, `Decision:`, `Agreed:`, `RESOLVED:`, `Resolution:`,
  `Conclusion:` or `Outcome:` records a decision on the item it is under.
- Sections such as "Deferred", "Carried over", "From previous meetings" carry items from
  meeting to meeting; "Done" / "Completed" sections close them.
"""

from __future__ import annotations

import re

from tuinotes.model.meeting import Item, Meeting, Section
from tuinotes.model.memory import (
    TITLE_TOPIC,
    DecisionKind,
    MemoryLine,
    Role,
    topic_in_text,
    topic_of_link,
)
from tuinotes.model.record import person_key
from tuinotes.model.text import fold, unfilled
from tuinotes.notes.agenda import (
    CARRIED_HEADING,
    DECISION_HEADING,
    DECISION_WORDS,
    LOGISTICS_HEADING,
)
from tuinotes.notes.dates import date_in_text
from tuinotes.notes.markdown import without_emphasis
from tuinotes.notes.speakers import Speakers, split_lead

DECISION_LINE = re.compile(rf"^\W*{DECISION_WORDS}\s*[:\uff1a\u2014\u2013]\s*\S", re.I)
# The label after a sentence of its own, as the line's first words say it ("Style guide v2
# is merged. Decision: sentence case …"); what follows says an outcome, not "unclear".
LABEL_AFTER_SENTENCE = re.compile(
    r"[.;!]\s{1,3}[^\w\s]{0,3}(?:decision|decided|resolution|agreed|consensus)\s*:"
    r"\s*(?P<rest>\S)",
    re.I,
)
_NO_VERDICT = re.compile(r"^\W*(?:unclear|undecided|pending|tbd|none|no|not|n/a)\b", re.I)
# An outcome stated in a line of its own words: "decision made to close", "Agree to decouple
# …", "consensus that …", "no objections", "motion carries", "approved 6 in favour".
_BODY = (
    r"(?:we|it\s+was|all|everyone|group|team|cpc|tac|council|committee|those\s+\w+\s+\w+"
    r"|maintainers|members|board|tsc|toc|otc|omc|sc|wg|sig|triage|squad)"
)
OUTCOME = re.compile(
    r"^\W*(?:agreed?|resolved|approved|decided)\b"
    r"|^\W*consensus\b(?!\s+(?:client|layer|spec|node|team|mechanism|protocol|algorithm)s?\b)"
    r"|^\W*(?:[\w'’-]+\s+){2,5}approved\b(?=\s*[:,])"  # "2025 budget approved: …"
    r"|\b(?:decision\s+(?:was\s+)?(?:made|taken)"
    rf"|{_BODY}\s+(?:\w+\s+)?(?:agreed|decided|agrees|decides)"
    r"|general\s+(?:agreement|consensus)"
    r"|consensus\s+(?:that|to|on|reached|(?:is|was)\s+(?:that|to|reached))"  # not "… is about"
    r"|there\s+(?:was|is)\s+(?:general\s+)?consensus"
    r"|agreement\s+(?:that|to|on|from)|(?:no|without)\s+objections?"
    r"|motion\s+(?:carries|carried|passes|passed)|(?:unanimously|was|were|been)\s+approved"
    r"|approved\s+unanimously"
    r"|approved\s+\d|voted\s+(?:and|to|in\s+favou?r)|\+1\s+to\s+merge|ok\s+to\s+merge"
    r"|(?:passed|carried|adopted|approved|accepted)\W+\d+\s*(?:-|–|to)\s*\d+"  # "passed 4-0"
    r"|^\W*(?:votes?|result|outcome)\s*:\W*(?:approved|accepted|carried|passed|adopted|rejected)"
    r"|^[^:\n]{1,40}:\s*(?:we\s+|the\s+\w+\s+)?(?:agreed|decided|resolved)\s+(?:to|that|on)"
    r"|voted\s+\d+\s*[-–:]\s*\d+|votes?\s+(?:passed|passes|carried|carries)"  # "Voted 6–0"
    r"|(?:approved|passed|accepted)\W+\d+\s+(?:yes|for|in\s+favou?r)"  # "approved, 4 yes"
    r"|\d+\s+binding|passed\s*\(\s*\d"  # "+7 binding, 0 -1", "passed (3 +1, 0 -1)"
    r"|(?<=[-–—:]\s)(?:accepted|rejected|declined)(?=\W*$)"  # "#612 Foo proposal — accepted"
    r"|ready\s+to\s+land)\b",
    re.I,
)
# A motion put to the meeting ("MOTION: That …", "Motion by Ana, seconded by Ben, to …",
# "Moved by Ana, seconded by Ben, that …"):
# a decision when its paragraph says it carried ("Carried unanimously", "Motion passed").
MOTION = re.compile(r"^\W*motions?\s*(?::|to\b|by\b|from\b)|\bmoved\b.{0,80}?\bthat\b", re.I)
CARRIED = re.compile(
    r"(?<!\bnot\s)\b(?:carried|carries|passed|adopted|approved)\b(?!\s+(?:over|forward))", re.I
)
CALLOUT = re.compile(r"^\[!\w+\][+-]?\s*")  # "> [!IMPORTANT] We will A/B test": the mark
# Every DECISION_LINE and OUTCOME holds one of these, lowercased (a test holds them to it).
_OUTCOME_STEMS = (
    *("agre", "resol", "approv", "decid", "decis", "consensus", "objection", "motion"),
    *("décis", "beschl", "acuerdo", "besluit"),
    *("vote", "merge", "land", "passed", "carried", "adopted", "conclusion", "outcome"),
    *("accepted", "binding", "rejected", "declined"),
)
# ... but not a question, a negation or an outcome still to come.
OUTCOME_WITHIN = 100  # characters: an outcome is said up front
STATED_WORDS, STATED_AT_MOST = 3, 400  # a decision in prose: words, and characters at most
OUTCOME_WORDS = 4  # a shorter line is a reply ("Agree", "No objections.")
NO_OUTCOME = re.compile(
    r"\?\s*\W*$|\b(?:not|no|never)\s+(?:yet\s+)?(?:agreed|decided|approved|consensus)"
    r"|\b(?:to\s+be|be|until|once|if|whether|unless)\s+(?:\w+\s+)?(?:agreed|decided|approved)"
    r"|\bneeds?\s+(?:\w+\s+)?(?:approval|consensus|agreement)|\bany\s+objections"
    r"|\bno\s+decision|\bagenda\b"  # approving the agenda is procedure, not a decision
    # an agreement as a thing handled: "will send the draft co-marketing agreement to legal"
    r"|\b(?:send|sign|review|draft|share|forward|circulate)\w*\s+(?:[\w-]+\s+){0,3}agreement\b"
    r"|\bif\s+(?:it'?s|it\s+is|there\s+(?:is|are))\s+(?:no|without)\b"  # a condition
    # a reply with a condition: "Agree, as long as …", "No objection, but …"
    r"|^\W*(?:agreed?|no\s+objections?)\s*[,;]\s*(?:but|as\s+long\s+as|provided)\b"
    r"|^\W*agree\s+with\b",  # a reply: "Agree with almost everything. Nit: …"
    re.I,
)
# A heading over what a meeting means to do, not what it did.
AIMS_HEADING = re.compile(
    r"^\W*(?:(?:meeting\s+)?(?:goals?|objectives?|aims?|purpose)|desired\s+outcomes?)\b", re.I
)
# A bullet that only announces decisions: "Conclusion:", "**Decisions**".
DECISIONS_BULLET = re.compile(rf"^\W*{DECISION_WORDS}\W*$", re.I)
DONE_HEADING = re.compile(r"^\W*(?:done|completed|closed|finished|resolved\s+items?)\b", re.I)
TITLE_WORDS = 12  # of an item's title, for a topic without a link


def title_topic(series: str, title: str) -> str:
    """The topic key of an item with no link: its folded title within its series."""
    words = re.findall(r"[^\W_]+", fold(title).casefold())[:TITLE_WORDS]
    return f"{TITLE_TOPIC}{fold(series).casefold()}:{' '.join(words)}"


def linked_topic(item: Item) -> str | None:
    """The issue, pull request or discussion an item links, as a topic key."""
    for link in item.links:
        if key := topic_of_link(link.url):
            return key
    return topic_in_text(item.text)


def item_topic(item: Item, series: str) -> tuple[str, str]:
    """(topic key, label) of an agenda item."""
    if key := linked_topic(item):
        return key, key
    return title_topic(series, item.text), item.text


def section_role(section: Section) -> Role:
    if DONE_HEADING.match(section.title):
        return "done"
    if CARRIED_HEADING.search(section.title) or section.kind == "previous":
        return "carried"
    return "agenda"


def meeting_memory(meeting: Meeting) -> list[MemoryLine]:
    """The meeting's agenda lines, in note order, each with its topic."""
    return _Walk(meeting).run()


class _Walk:
    def __init__(self, meeting: Meeting) -> None:
        self.meeting = meeting
        self.speakers = Speakers(meeting.attendees)
        self.lines: list[MemoryLine] = []
        self.headings: list[tuple[MemoryLine, int]] = []  # the topic headings open, levels

    def run(self) -> list[MemoryLine]:
        for section in self.meeting.sections:
            if section.kind == "attendees":
                continue
            if section.kind == "agenda" and LOGISTICS_HEADING.match(section.title):
                continue
            role = section_role(section)
            if section.topic is not None:
                heading = self.add(section.topic, 0, section, role, None)
                while self.headings and self.headings[-1][1] >= section.level:
                    self.headings.pop()
                self.headings.append((heading, section.level))
                for item in section.items:
                    if linked_topic(item):  # the heading groups issues: each is a topic
                        self.add_tree(item, 0, section, role, None)
                    else:
                        self.add_tree(item, 1, section, role, heading)
                self.add_paragraphs(section, role, heading)
            elif section.title and DECISION_HEADING.match(section.title):
                owner = self.decided_topic(section)
                for item in section.items:
                    self.add_tree(item, 1, section, role, owner, "section")
                self.add_paragraphs(section, role, owner, decision="section")
            else:
                last: MemoryLine | None = None  # a "Decided: …" bullet is about the one above
                for item in section.items:
                    if section.kind == "previous" and _is_meeting_link(item):
                        continue
                    if last is not None and _decides(item.text):
                        self.add_tree(item, 1, section, role, last)
                    else:
                        last = self.add_tree(item, 0, section, role, None)
                # prose isn't placed among the bullets: its decisions are the section's
                self.add_paragraphs(section, role, self.section_line(section))
        return self.lines

    def add_tree(
        self,
        item: Item,
        depth: int,
        section: Section,
        role: Role,
        parent: MemoryLine | None,
        decision: DecisionKind = "",
    ) -> MemoryLine:
        line = self.add(item, depth, section, role, parent, decision)
        # a bare "Conclusion:" bullet: the bullets under it are the decisions
        under: DecisionKind = "section" if DECISIONS_BULLET.match(item.text) else decision
        for child in item.children:
            self.add_tree(child, depth + 1, section, role, parent or line, under)
        return line

    def add(
        self,
        item: Item,
        depth: int,
        section: Section,
        role: Role,
        parent: MemoryLine | None,
        decision: DecisionKind = "",
    ) -> MemoryLine:
        if parent is None:
            topic, label = item_topic(item, self.meeting.series)
        else:
            topic, label = parent.topic, parent.label
        speaker = self.speakers.find(item.speaker) if item.speaker else None
        line = MemoryLine(
            order=len(self.lines),
            depth=depth,
            topic=topic,
            label=label,
            text=item.text,
            state=item.state,
            line=item.line,
            section=section.title,
            role=role,
            speaker=item.speaker,
            speaker_name=item.speaker_name,
            speaker_key=person_key(speaker) if speaker is not None else "",
            decision=self.decision(item, section, decision),
        )
        if parent is not None and (linked := linked_topic(item)) and linked != topic:
            line.mentions = linked
        self.lines.append(line)
        return line

    def decision(self, item: Item, section: Section, under: DecisionKind) -> DecisionKind:
        """What the line decides: as the heading or bullet it is under says, or in its own
        words; a line a template left empty decides nothing."""
        if unfilled(item.text):
            return ""
        return under or ("line" if self.decides_here(item, section) else "")

    @staticmethod
    def decides_here(item: Item, section: Section) -> bool:
        """A line that states an outcome, not under a heading of aims ("Agree on the Q3
        scope" under `## Goals` is what the meeting set out to do)."""
        return _decides(item.text) and not AIMS_HEADING.match(section.title)

    def decided_topic(self, section: Section) -> MemoryLine:
        """What a Conclusion / Resolution heading decides: the topic heading it is nested
        under (not a sibling such as "Summary of key points"), else the meeting
        (`section_line`)."""
        for heading, level in reversed(self.headings):
            if level < section.level:
                return heading
        return self.section_line(section)

    def section_line(self, section: Section) -> MemoryLine:
        """A section as a topic of its own, for the decisions written in its prose (not an
        agenda item: it is not kept as a line)."""
        title = section.title or self.meeting.title
        return MemoryLine(
            order=-1,
            depth=0,
            topic=title_topic(self.meeting.series, title),
            label=title,
            text=title,
            state="plain",
            line=section.line,
            section=section.title,
        )

    def add_paragraphs(
        self, section: Section, role: Role, owner: MemoryLine, decision: DecisionKind = ""
    ) -> None:
        """Decision lines written as prose (every line, in a decision section), filed
        under `owner` at the heading's line (prose lines keep no line of their own)."""
        if section.kind != "agenda":
            return
        for paragraph in section.paragraphs:
            carried = bool(CARRIED.search(paragraph))
            for text in paragraph.split("\n"):
                text = CALLOUT.sub("", without_emphasis(text))
                motion = carried and MOTION.search(text) is not None
                if not text or not ((decision and _states(text)) or motion or _decides(text)):
                    continue
                self.lines.append(
                    MemoryLine(
                        order=len(self.lines),
                        depth=1,
                        topic=owner.topic,
                        label=owner.label,
                        text=text,
                        state="plain",
                        line=section.line,
                        section=section.title,
                        role=role,
                        decision=decision or "line",
                    )
                )


def _states(text: str) -> bool:
    """A line of a decisions section that states one: not a name alone ("Danny") nor a turn
    of the transcript that a heading-less summary runs into (a paragraph of talk)."""
    return len(text.split()) >= STATED_WORDS and len(text) <= STATED_AT_MOST


def _decides(text: str) -> bool:
    """A decision: a line labelled so ("Decided: …"), or one that states an outcome. Most
    lines hold none of the words these say, and are told so without the patterns."""
    lowered = text.lower()
    return any(stem in lowered for stem in _OUTCOME_STEMS) and _states_outcome(
        without_emphasis(text)
    )


def _states_outcome(plain: str) -> bool:
    if DECISION_LINE.match(plain):
        return True
    if label := LABEL_AFTER_SENTENCE.search(plain, 0, OUTCOME_WITHIN + 40):  # said up front
        said = plain[label.start("rest") :]
        return len(said.split()) >= STATED_WORDS and not (
            _NO_VERDICT.match(said) or NO_OUTCOME.search(said)
        )
    if len(plain) > STATED_AT_MOST and split_lead(plain, weak=True) is not None:
        return False  # a long turn of a transcript: talk, whatever it mentions
    outcome = OUTCOME.search(plain)
    return (
        outcome is not None
        and outcome.start() < OUTCOME_WITHIN  # said up front, not in the middle of a speech
        and len(plain.split()) >= OUTCOME_WORDS  # "Agree", "No objections.": replies
        and not NO_OUTCOME.search(plain)
    )


def _is_meeting_link(item: Item) -> bool:
    """An entry of a "Previous meetings" list, not an item carried from one."""
    return bool(item.links) and item.state == "plain" and date_in_text(item.text) is not None
