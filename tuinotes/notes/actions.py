"""Action items: the commitments in a meeting's agenda and discussion, each with its owner.

Precision before recall. A line is an action when it is
- an unchecked task item (`- [ ] AB: …`): open, owned by its speaker (a checked one is a
  topic covered, `- [x] AB: Release 2.3 went out`, unless a mark or section says action);
- marked `Action:` / `Action item:` / `AI:` / `TODO:` (owner: a leading `AB`/`@handle`
  in the rest, else the speaker), also inside a line ("… AI: AB to …", "(TODO @ab …)",
  "switch the default (AI: ab)"); done when it is a checked task item;
- `AB will …`, `Ada Byron to …`, `@handle will …` where `AB` is someone in that meeting's
  attendee table (or any `@handle`);
- a speaker committing in the first person: `AB: I will …`, `AB: I'll …`,
  `AB: will take this`, `AB: I can take …`;
- any line of an actions section (`## Action items`, `Next steps`, `TODO`), a row of a table
  there, or a line nested under a bullet that only says so (`- Action items:`; there, a
  speaker's line is a task only when it starts with a verb of doing: `AB: write the post`);
- an item with an owner tag under it (`- Owner=AB`);
- restated in the same meeting (summary and discussion): listed once.
Where a note marks its actions (a mark, a section, a label), the note is taken at its word:
an unmarked `AB will …` in its discussion is talk (hand-labelled real notes agree).
Everything else (plain discussion, `we should …`, `someone to …`, `AB will be out …`, a long
turn of a transcript) is not an action, and neither are unchecked task items in a note whose
template writes every topic as a task (`tasks_are_topics`). An action's text is its line as
written, without the mark: "AB will open an issue", owner AB.
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Iterable

from tuinotes.model.meeting import Item, Meeting
from tuinotes.model.record import Action, ActionKind, ActionState, handle_key, person_key
from tuinotes.model.text import MENTIONED_NAME, URL, fold, unfilled, unlink_wiki
from tuinotes.notes.agenda import (
    ACTION_MARK,
    ACTIONS_HEADING,
    ACTIONS_LABEL,
    INLINE_ACTION_MARK,
    INLINE_MARK_WORDS,
    NEXT_STEP,
    OWNER_TAG,
    OWNER_WORDS,
)
from tuinotes.notes.speakers import Speakers, split_lead
from tuinotes.notes.structure import TASK_WORD

TEMPLATE_TOPICS = 3
SPOKEN_COMMITMENT_MAX = 200  # characters of a first-person line read as a commitment
# "AB will …", "Wei Zhang to …": the shortest lead of one to three words that a verb follows.
_SOMEONE_WILL = re.compile(
    r"^(?P<who>@[\w.\-]+|(?:(?:[^\W\d_]\.){1,3}|[^\W\d_](?:\w|['’-](?=\w)){0,20}\.?)"
    r"(?:\s+[^\W\d_a-z][\w'’.-]{0,20}){0,2}?)\s+"
    r"(?:will|to|is\s+going\s+to|'ll|shall)\s+(?P<what>\S.*)",
    re.S,
)
_FIRST_PERSON = re.compile(
    r"^(?:I\s+will|I'll|I\s+am\s+going\s+to|I'm\s+going\s+to|I\s+can\s+take|"
    r"will\s+(?:take|do|draft|write|add|fix|look|follow|open|send|review|update|file|ask|"
    r"check|prepare|share|post|schedule|investigate)\b|I\s+take\s+this|taking\s+this)",
    re.I,
)
# Any line in the first person; `_FIRST_PERSON` is the commitments among them.
_IN_FIRST_PERSON = re.compile(r"^\W*(?:I\b|I'|will\s|we'll\b|taking\s+this)", re.I)
# "Ana will be out next week": where someone will be, not what they will do.
_AWAY = re.compile(
    r"^(?:I\s+will\s+|I'll\s+|will\s+)?be\s+(?:out|away|off|unavailable|absent|late|busy|"
    r"available|around|on\s+(?:leave|vacation|holiday|PTO)|travell?ing)\b",
    re.I,
)
# "… (done)", "… (completed 2020-09-22)", "… - DONE", "… - DONE: [the PR](…)": the line
# says it was done.
# A task that says it is done: "(done)", "[done]", "Done: …", "… — DONE".
_SAID_DONE = re.compile(
    r"[(\[](?:done|completed?)\b[^)\]]*[)\]]|\bDONE\W*$|^\W*DONE\b|^\W*(?i:done)\s*:"
    r"|\s[-–—]+\s*DONE\b|\s[-–—]+\s*(?i:done)\W*$"
)
# What a task says first, as "AB: write the post" does: a verb of doing (after "to"/"will");
# a word that is as often a noun ("update", "plan", "research") only before its object.
_TASK = re.compile(
    r"^\W*(?:(?:to|will)\s+)?(?:(?:write|draft|fix|review|send|file|ask|check|prepare|share|"
    r"investigate|follow|create|add|remove|reach|contact|look|merge|organi[sz]e|email|ping|"
    r"propose|submit|coordinate|finali[sz]e|close|triage|summari[sz]e|confirm|circulate|"
    r"collect|explore|finish|complete|reply|respond|invite|notify|announce|raise|resolve|"
    r"implement|build|deploy|migrate|clarify|bump|upgrade|find|compile|rename|clean|edit|"
    r"verify|double-check|ensure|assign|request|publish|open|get|make|set\s+up|write\s+up)\b|"
    r"(?:update|plan|research|schedule|document|release|test|track|post|report|book|move|"
    r"present|start|run|tag|cut|land|record|port|split|join|take|do|put|sync|talk|help|work)"
    r"\s+(?:the|a|an|this|that|these|those|it|them|up|out|our|their|his|her|some|all|any|"
    r"back|with|to|on\s+the)\b)",
    re.I,
)
_WORDS = re.compile(r"[^\W\d_]{2,}")
_WORDS_NOT_PEOPLE = frozenset({"we", "it", "this", "that", "they", "someone", "everyone", "who"})


def find_actions(meeting: Meeting) -> list[Action]:
    """Every action in a meeting's agenda sections, in note order."""
    speakers = Speakers(meeting.attendees)
    topics = tasks_are_topics(meeting)
    found: dict[str, Action] = {}
    for section in meeting.sections:
        if section.kind != "agenda":
            continue
        in_section = bool(ACTIONS_HEADING.match(section.title))
        items = list(section.walk_items())
        under_label = {  # a remark someone made under the label is talk, not a task of theirs
            id(child)
            for item in items
            if item.children and ACTIONS_LABEL.match(item.text)
            for child in item.walk()
            if child is not item and (not child.speaker or _TASK.match(child.text))
        }
        owners = _owner_lines(items) if in_section else {}
        tagged, tags = _owner_tags(items)
        parts: set[int] = set()
        for item in items:
            # an actions heading holds its list up to a rule: what follows it is the meeting
            before_rule = not section.rule or item.line < section.rule
            listed = (in_section and before_rule) or id(item) in under_label or id(item) in tagged
            owner = owners.get(id(item), tagged.get(id(item)))
            if owner == "" or id(item) in parts or id(item) in tags:
                continue  # '- @all' over its actions: who, not what; a part of one action
            if listed and _heads_parts(item):  # 'review the PRs:' over the PRs: one action
                parts.update(id(child) for child in item.children)
                joined = "; ".join(child.text for child in item.children)
                item = dataclasses.replace(item, text=f"{item.text} {joined}")
            action = action_of(item, speakers, not topics, listed, owner or "")
            if action is None:
                continue
            if listed and action.kind == "said":
                action.kind = "section"
            same = found.setdefault(_restated_key(action.text), action)
            if same is not action and action.state == "done":
                same.state = "done"
    actions = list(found.values())
    if any(a.kind in ("marked", "section") for a in actions):
        actions = [a for a in actions if a.kind != "said"]
    return actions


_OWNER_LINE = re.compile(r"^[^\w@]*(@[\w.-]+|[^\W\d_][\w.'-]*(?:\s+[^\W\d_][\w.'-]*)?)\s*:?\s*$")


def _owner_lines(items: Iterable[Item]) -> dict[int, str]:
    """In an actions section, a bullet that only names someone ('- @all', '- Ana Ruiz:')
    over bullets of its own is who does them: {id of it: '', id of each under it: owner}."""
    owners: dict[int, str] = {}
    for item in items:
        named = _OWNER_LINE.match(item.text) if item.children else None
        if named:
            owners[id(item)] = ""
            for child in item.walk():
                if child is not item:
                    owners.setdefault(id(child), named.group(1))
    return owners


def _owner_tags(items: Iterable[Item]) -> tuple[dict[int, str], set[int]]:
    """An item with an `Owner=Mike` line under it is Mike's action: ({id of the item:
    owner}, {id of each tag line})."""
    owned: dict[int, str] = {}
    tags: set[int] = set()
    for item in items:
        if not item.children or not _WORDS.search(URL.sub(" ", item.text)):
            continue  # a link with an owner under it: no action of its own
        for child in item.children:
            if tag := OWNER_TAG.match(child.text.strip()):
                owned.setdefault(id(item), tag.group("who").strip())
                tags.add(id(child))
    return owned, tags


def _heads_parts(item: Item) -> bool:
    """'review WebUI PRs:' with a bullet for each PR (and nothing under those)."""
    return (
        item.text.rstrip().endswith(":")
        and all(not child.children for child in item.children)
        and bool(item.children)
    )


_BOT_STAMP = re.compile(r"\s*\(\s*[\w.@-]+,\s*\d{1,2}:\d{2}(?::\d{2})?\s*\)\s*$")
# "(none)" under an owner; a template's free slot, "(open slot)", "[your topic here]"
_NOTHING = re.compile(
    r"^\W*(?:none|n/?a|nothing|tbd)?\W*$"
    r"|^\s*[(\[<](?:open|free|empty)?\s*slot[)\]>]\W*$|^\s*[(\[<][^)\]>]*\bhere[)\]>]\W*$",
    re.I,
)
_NOTHING_AT_MOST = 30  # characters: longer says something


def _restated_key(text: str) -> str:
    """An action restated in the same meeting (a summary at the top, the discussion below)
    is one action: the same words, case, punctuation and a leading number aside."""
    words = re.findall(r"[^\W_]+", fold(text).casefold())
    while words and words[0].isdigit():
        words.pop(0)
    return " ".join(words)


def tasks_are_topics(meeting: Meeting) -> bool:
    """A template that writes every agenda topic as `- [ ]`: at least three unchecked task
    items at the top of the agenda and not one checked, so the boxes mark topics."""
    tops = [
        item
        for s in meeting.sections
        if s.kind == "agenda" and not ACTIONS_HEADING.match(s.title)
        for item in s.items
    ]
    states = [item.state for item in tops if item.state != "plain"]
    return len(states) >= TEMPLATE_TOPICS and "done" not in states


def action_of(
    item: Item,
    lookup: Speakers,
    tasks: bool = True,
    listed: bool = False,
    default_owner: str = "",
) -> Action | None:
    """The action an agenda item or discussion line states, if it states one. `tasks`: an
    unchecked task item is an action; `listed`: the line stands in an actions section;
    `default_owner`: who the section's bullet above it names, when the line names nobody."""
    text = TASK_WORD.sub("", " ".join(item.text.split()))  # "TODO write it": the state says so
    if text.endswith(")"):
        text = _BOT_STAMP.sub("", text)  # "(adamw, 16:06:02)"
    speaker = item.speaker
    if (len(text) <= _NOTHING_AT_MOST and _NOTHING.match(text)) or unfilled(text):
        return None
    done = item.state == "done" or bool(_SAID_DONE.search(text))
    state: ActionState = "done" if done else "open"
    marked_inside = INLINE_MARK_WORDS.search(item.text) and not ACTION_MARK.match(text)
    if inline := (marked_inside and INLINE_ACTION_MARK.search(item.text)):
        return _inline_action(item, inline, state, speaker, lookup)
    marked = ACTION_MARK.match(text)
    named = marked.group("owner") if marked else None
    if marked and named and not (named.startswith("@") or lookup.knows(named)):
        named = None  # "TODO (later):" names nobody who came
        if marked.group("mark").lower() == "ai":
            marked = None  # "AI (ML): …" is a topic, not an action
    if marked:
        rest = marked.group("rest")
        owner = named or _marked_owner(rest, lookup)
        if NEXT_STEP.match(text) and not owner:  # 'Next step is an EIP' reads whole
            rest = text
        return _make(rest, state, owner or speaker, lookup, item.line, "marked")
    lead = split_lead(text, weak=True)  # "Jack:", "@all:", "Question:"; not "Follow-up needed:"
    one_word = lead is not None and bool(_ONE_WORD_LEAD.fullmatch(lead.written))
    asked = lead.rest.strip() if lead and (one_word or lookup.knows(lead.written)) else text
    if _QUESTION.fullmatch(asked):
        return None  # "Jack: What is our absence policy?": a question, not a commitment
    owner, what = _named_owner(text, lookup) if not item.links else _chip_owner(item, text, lookup)
    if owner and not _AWAY.match(what):  # '- [ ] Ana to …' is a task the box marks
        kind: ActionKind = "task" if item.state == "open" and tasks else "said"
        return _make(text, state, owner, lookup, item.line, kind)
    if speaker and _FIRST_PERSON.match(text) and not _AWAY.match(text) and _short(text):
        if item.turn:  # "I'll walk you through it" in a transcript is talk, not a reply
            return None
        return _make(text, state, speaker, lookup, item.line, "said")
    if listed and _points_at_the_list(item, text):
        return None
    if listed and (not speaker or _short(text)):  # a long turn of a transcript is talk
        owner = speaker or _assignee(text, lookup) or _named_last(text, lookup) or default_owner
        return _make(text, state, owner, lookup, item.line, "section")
    if item.state == "open" and tasks:  # '- [ ] @zoe update the docs': Zoe's, as assigned
        return _make(text, "open", speaker or _assignee(text, lookup), lookup, item.line, "task")
    return None


# A line that only asks: questions, each opening with a word that asks and ending at its
# own "?" ("Kate to reach out. Use SPDX?" and "Follow-up needed: do we extend?" are tasks).
_ASKS = (
    r"(?:what|who|whom|whose|why|how|when|where|which|do|does|did|is|are|was|were|should"
    r"|shall|can|could|would|will|any|anyone|anything)\b[^.!;()?]*\?"
)
_QUESTION = re.compile(rf"{_ASKS}(?:\s+(?:or\s+|and\s+)?{_ASKS})*", re.I)
_ONE_WORD_LEAD = re.compile(r"@[\w.-]+|[A-Z][\w'’-]*")


def _points_at_the_list(item: Item, text: str) -> bool:
    """'[Action items list](https://…)': a link to where the actions are kept, no action."""
    return (
        len(item.links) == 1
        and text == " ".join(item.links[0].text.split())
        and bool(ACTIONS_HEADING.match(text))
    )


def _inline_action(
    item: Item, mark: re.Match[str], state: ActionState, speaker: str, lookup: Speakers
) -> Action | None:
    """A mark inside a line: what follows it ("… AI: Gary to list them"), or, when only a
    name follows ("switch the default (AI: stebalien)"), what comes before, that one's."""
    rest = " ".join(mark.group("rest").split()).strip(" .;,")
    before = " ".join(item.text[: mark.start()].split()).strip(" .;,(-–")
    named = mark.group("owner")  # "ACTION(Fabian): …"
    if (
        not named
        and re.fullmatch(r"@?[^\W\d_][\w.'-]*(?: [^\W\d_][\w.'-]*)?", rest)
        and (rest.startswith("@") or lookup.knows(rest) or " " not in rest)
    ):
        if not before:
            return None
        return _make(before, state, rest, lookup, item.line, "marked")
    if len(rest.split()) < 2:
        return None
    if named and not (named.startswith("@") or lookup.knows(named)):
        named = None  # "TODO(later): …" names nobody who came
    owner = named or _marked_owner(rest, lookup)
    return _make(rest, state, owner or speaker, lookup, item.line, "marked")


def in_first_person(text: str) -> bool:
    """An action said in the first person ("I'll ask around", "will take this"): its
    speaker's, and meaningless quoted away from them (a drafted meeting leaves it out)."""
    return bool(_IN_FIRST_PERSON.match(text))


def _short(text: str) -> bool:
    """A commitment said in a sentence or two; a long turn that opens with "I'll" is
    someone talking ("I'll give some background, …"), not an action."""
    return len(text) <= SPOKEN_COMMITMENT_MAX


# Who a task starts with, as it is assigned: '@zoe update …', '[Mei] open …', and a mention
# of a full name, '@Marcus Adeyemi update …' (when the meeting names Marcus Adeyemi).
_TASK_ASSIGNEE = re.compile(
    rf"^(?:\[(?P<bracket>[^\W\d_][\w.' -]{{0,40}})\]|{MENTIONED_NAME}"
    r"|\[\[(?P<wiki>[^\W\d_][\w.' -]{0,40})(?:\|[^\]]*)?\]\]"
    r"|(?P<handle>@[\w][\w.-]*)|(?P<dashed>[^\W\d_][\w.'’-]*(?:\s+[A-Z][\w.'’-]*)?)\s+[—–-])"
    r"[,:]?\s+\S"
)


def _assignee(text: str, lookup: Speakers) -> str:
    """The owner a task names first: any @handle, or a name in brackets or a wiki link, a
    mention or a name before a dash ('Vlad — organise the bug-bash') that is someone in the
    meeting."""
    lead = _TASK_ASSIGNEE.match(text)
    if lead is None:
        return ""
    named = lead["bracket"] or lead["wiki"] or lead["mentioned"] or lead["dashed"]
    if named and lookup.knows(named):
        return named  # '[Felix] …', '[[Tobi Adeyemi]] book the room'
    if lead["bracket"] or lead["wiki"] or lead["dashed"]:
        return ""  # '[Later] revisit …', '[[Budget]] …', 'Docs — update the FAQ' name nobody
    handle = lead["handle"] or "@" + lead["mentioned"].split()[0]  # '@RichardLitt Build …'
    return handle if _handle_key(handle) else ""  # not '@all'


def _marked_owner(rest: str, lookup: Speakers) -> str:
    """Who what follows an action's mark names as its owner: 'Ana to …', '@ana …', '[Ana]
    …' and, the mark saying it is a task, 'Fredrik review the PR'."""
    return _named_owner(rest, lookup)[0] or _assignee(rest, lookup) or _named_first(rest, lookup)


def _named_first(text: str, lookup: Speakers) -> str:
    """'Fredrik' of 'Fredrik review the Logger PR' (up to three words of a name someone in
    the meeting answers to, then a lowercase word): not of what was said or done ('Danno
    suggested …'), nor of two people ('Wei and Alexey to …')."""
    words = text.split(maxsplit=4)
    for length in (3, 2, 1):
        then = words[length] if len(words) > length else ""
        if then[:1].islower() and then not in ("and", "&") and not then.endswith("ed"):
            written = " ".join(words[:length])
            if written[:1].isupper() and lookup.knows(written):
                return written
    return ""


# Who a task names last: '… — Chidi Eze', '… [Felix]', '… (Felix)', '(owner: Sanjay Iyer,
# due Friday)', '(Assigned to: Petra Novak)'.
_OWNER_LAST = re.compile(
    rf"(?:\s[—–-]\s*|\[|\((?:{OWNER_WORDS}\s*:\s*)?)"
    r"(?P<who>@?[^\W\d_][\w.'’-]*(?:\s+[^\W\d_][\w.'’-]*){0,2})\s*(?:[,;][^()\]]*)?[)\]]?\W*$",
    re.I,
)


_OWNER_LAST_WITHIN = 160  # characters: the owner is named at the very end


def _named_last(text: str, lookup: Speakers) -> str:
    """The owner a task names at its end, when that is someone in the meeting."""
    match = _OWNER_LAST.search(text[-_OWNER_LAST_WITHIN:])
    return match["who"] if match and lookup.knows(match["who"]) else ""


def _named_owner(text: str, lookup: Speakers) -> tuple[str, str]:
    """('AB', 'draft the RFC') from 'AB to draft the RFC' when AB is known, else ('', text)."""
    match = _SOMEONE_WILL.match(unlink_wiki(text))  # "[[Ana Pop]] to send the notes"
    if not match:
        return "", text
    who = match.group("who")
    if who.casefold() in _WORDS_NOT_PEOPLE:
        return "", text
    if who.startswith("@") or lookup.knows(who):
        return who, match.group("what")
    return "", text


def _chip_owner(item: Item, text: str, lookup: Speakers) -> tuple[str, str]:
    """A task led by a person chip ("[Cleo Hart](mailto:…) Convert the models", as Google
    Docs assigns one) is the chip's person's; else as `_named_owner` reads it."""
    chip = item.links[0]
    if chip.url.startswith("mailto:") and text.startswith(chip.text) and lookup.knows(chip.text):
        return chip.text, text[len(chip.text) :].strip()
    return _named_owner(text, lookup)


def _make(
    text: str, state: ActionState, owner: str, lookup: Speakers, line: int, kind: ActionKind
) -> Action:
    person = lookup.find(owner) if owner else None
    return Action(
        text=text.strip(),
        state=state,
        owner=owner,
        owner_name=(person.name or person.label) if person else "",
        owner_key=person_key(person) if person else _handle_key(owner),
        line=line,
        kind=kind,
    )


def _handle_key(owner: str) -> str:
    """An @handle names a person even when they are not in the attendee table; `@all`,
    `@everyone` and the like name a group, nobody's own action."""
    if not owner.startswith("@") or owner[1:].casefold() in _GROUP_HANDLES:
        return ""
    return handle_key(owner)


_GROUP_HANDLES = frozenset({"all", "everyone", "everybody", "team", "here", "channel", "group"})
