"""Agenda recognisers: what the topics of a meeting are when it writes them in other ways
than task bullets, and who speaks in transcript paragraphs.

- Topic headings: a note with no task items whose agenda is a heading per topic (prose or
  bullets under each) gets one topic per heading; a `Conclusion` / `Resolution` /
  `Decision` / `Outcome` sub-heading belongs to its topic, it is not one.
- Transcript paragraphs: `ABC: text`, `**Ada Byron**: text` lines in agenda paragraphs become
  lines with a speaker, resolved in the meeting like any other (never guessed).
"""

from __future__ import annotations

import itertools
import re

from tuinotes.model.meeting import Item, Section
from tuinotes.notes.markdown import without_emphasis
from tuinotes.notes.speakers import Speakers
from tuinotes.notes.structure import Draft

# The words that announce a decision, as a heading, a line's lead or a bullet of its own.
DECISION_WORDS = (
    r"(?:conclusions?|resolutions?|resolved|decisions?|decided|outcomes?|agreed"
    # and in French, German, Spanish, Portuguese, Italian and Dutch
    r"|d[ée]cisions?|beschl[üu]ss[e]?|decisi[óo]n(?:es)?|acuerdos?|decis[ãa]o|decis[õo]es"
    r"|decision[ei]|besluit(?:en)?|entscheidung(?:en)?|relev[ée]\s+des\s+d[ée]cisions"
    r"|delibera[çc](?:[ãa]o|[õo]es)|ustalenia|decyzje|реш(?:ения|ение|или)"  # … Polish, Russian
    r"|決定事項|決定|会议决议|决议|决定|결정\s*사항)"  # … Japanese, Chinese, Korean
)
DECISION_HEADING = re.compile(rf"^\W*{DECISION_WORDS}\b", re.I)
# Headings that hold the agenda rather than name a topic of it.
CONTAINER_HEADING = re.compile(
    r"^\W*(?:agenda|notes?|minutes|discussion|links|resources|summary|recording|topics|"
    r"(?:meeting|discussion)\s+notes|other\s+business)\W*$",
    re.I,
)
# A heading over items carried from earlier meetings or parked for later.
CARRIED_HEADING = re.compile(
    r"\b(?:deferred|postponed|parking\s*lot|carr(?:y|ied)[- ]?over|outstanding|backlog|"
    r"(?:from|since)\s+(?:the\s+)?(?:previous|last)\s+(?:meetings?|time|week)|"
    r"follow[- ]?ups?\s+from|next\s+(?:meeting|time))\b",
    re.I,
)
# Sections of links and logistics: never a meeting's topics.
LOGISTICS_HEADING = re.compile(
    r"^\W*(?:links?|resources|recordings?|logistics|joining(?:\s+the\s+meeting)?|"
    r"previous\s+meetings?|invited|observers)\b",
    re.I,
)
# A line marked as an action: `Action:`, `Actions:`, `Action item:`, `AI:`, `TODO:`, `ACTION 60.1:`,
# `Next step:`, `Next steps are …`.
ACTION_MARK = re.compile(
    r"^\W*(?:(?P<mark>actions?(?:\s+items?)?|ai|todo)(?:\s+\d+(?:\.\d+)*)?"
    r"(?:\s*\((?P<owner>@?[^\W\d_][\w.'-]*(?:\s+[A-Z][\w.'-]*)?)\))?\W*?\s*(?::|[\-–](?=\s))"
    r"|(?<=#)action\s"  # a meeting bot's command: '#action ana to write the notes'
    r"|next\s+steps?(?:\s*:|\s+(?:is|are|will\s+be)\b))[^\w@]*\s*(?P<rest>\S.*)",
    re.I | re.S,
)
# A line marked past doubt as an action or a decision, which stands on its own inside a
# paragraph of prose or a bullet: "ACTION: …", "Action item: …", "TODO: …", "AI: Ana to …",
# "RESOLUTION: …" (not "next steps are unclear", "AI - mostly for triage", "AI: the trial
# went well"; nor a mark in brackets, a remark: "(AI: Kim to set up invite.)").
MARKED_LINE = re.compile(
    r"^(?![^\w(]*\()\W*(?:(?i:action(?:\s+items?)?|todo)(?:\s+\d+(?:\.\d+)*)?\s*:"
    rf"|AI\s*:(?=\s*[@A-Z])|(?i:{DECISION_WORDS})\s*:)\s*\S"
)
# The same mark inside a line, after a sentence or in brackets, written as a mark is:
# "… differences.  AI: Gary to list them", "idea: a viewer (TODO @ana to file an issue)",
# "… everywhere. ACTION(Fabian): update the docs" (an `owner` in brackets, as ACTION_MARK).
INLINE_ACTION_MARK = re.compile(
    r"(?:[.;!?(]|\s\s)\s*(?:(?:AI|TODO|ACTION)\s*\((?P<owner>@?[^\W\d_][\w.' -]{0,40})\)\s*:"
    r"|AI\s*:|TODO\b:?|ACTION\s*:|Action(?:\s+items?)?\s*:)"
    r"\s*(?P<rest>[^\s()][^()]*)"
)
# The words every INLINE_ACTION_MARK starts with: a quick screen before it (most lines have none).
INLINE_MARK_WORDS = re.compile(r"AI|TODO|ACTION|Action")
# (`mark`, and the `owner` a mark may name in brackets: "TODO(ana):", "Action (Ben Ode):".)
# The words that label an action's owner where actions are written: a table's column, a
# task's end ("(assigned to: Petra)").
OWNER_WORDS = r"(?:owners?|assignees?|assigned\s+to|who|responsible)"
# A line under an item that names who owns it: `Owner=Mike`, `Owner: Ana` (not `Who: Ana`,
# which under an agenda item names who presents it).
OWNER_TAG = re.compile(r"^\W*owners?\s*[=:]\s*(?P<who>\S.{0,60})$", re.I)
NEXT_STEP = re.compile(r"^\W*next\s+steps?\b", re.I)
# A bullet that only labels the actions nested under it: `- Action items:`, `- Next steps:`.
ACTIONS_LABEL = re.compile(
    r"^\W*(?:(?:update\s+)?(?:homework\s*/\s*)?(?:outstanding|open)\s+(?:ARs?|action\s*items?|actions)|"
    r"action(?:\s*items?)?|actions|next\s+steps?|to-?dos?|follow[- ]?ups?|series\s+of\s+actions)"
    r"\W*$",
    re.I,
)
ACTIONS_HEADING = re.compile(
    r"^\W*(?:(?:new|suggested)\s+)?(?:action\s*items?|actions|next\s+steps|to[- ]?dos?)\b"
    r"|^\W*(?:t[âa]ches|aufgaben|acciones|tareas|a[çc][õo]es|azioni|actiepunten|acties)\b"
    r"|^\W*(?:plan\s+d['’]actions?|encaminhamentos|pr[óo]ximos\s+pas(?:s?os)|n[äa]chste\s+schritte"
    r"|zadania|поручения|задачи|宿題|アクション(?:アイテム)?|待办(?:事项)?|行动项|액션\s*아이템|할\s*일)"
    r"\W*$"  # alone: "Задачи и цели квартала" are the quarter's aims
    r"|^\W*action\W*$"
    r"|^\W*follow[- ]?ups?(?:\s+(?:items?|actions?|tasks?))?\W*$",  # not "Follow-up on …"
    re.I,
)


def topics_from_headings(sections: list[Section]) -> None:
    """Each agenda heading is a topic when the note has no task items at all."""
    agenda = [s for s in sections if s.kind == "agenda"]
    if any(item.state != "plain" for s in agenda for item in s.walk_items()):
        return
    for section in agenda:
        title = section.title
        if not title or section.level < 2 or DECISION_HEADING.match(title):
            continue
        if CONTAINER_HEADING.match(title) or CARRIED_HEADING.search(title):
            continue  # "Parking Lot" holds topics, it is not one
        if ACTIONS_HEADING.match(title):
            continue
        section.topic = Item(text=title, line=section.line, markdown=title)


def actions_under_labels(draft: Draft) -> None:
    """A line that only says 'Next steps:' or 'Action items:' heads the list right under it,
    as a heading would: that list becomes an actions section of its own."""
    blocks = draft.blocks
    for label, after in reversed(list(itertools.pairwise(blocks))):
        if not (
            label.kind == "paragraph"
            and after.kind == "list"
            and label.section == after.section >= 0
            and ACTIONS_LABEL.match(label.text)
        ):
            continue
        parent = draft.sections[label.section]
        if parent.kind != "agenda" or ACTIONS_HEADING.match(parent.title):
            continue
        title = label.text.strip().rstrip(":").strip()
        draft.split_section(
            label.section, Section(title, parent.level + 1, after.items, line=label.line)
        )
        if label.text in parent.paragraphs:
            parent.paragraphs.remove(label.text)


_NUMBER_CELL = re.compile(r"^\W*\d+(?:\.\d+)*\W*$")


# The header of an actions table's column of owners.
_OWNER_CELL = re.compile(rf"^\W*{OWNER_WORDS}\W*$", re.I)


def actions_in_tables(draft: Draft) -> None:
    """A table under an actions heading (`Item | Action`) holds an action a row: each row
    below the header becomes a line of the section, its cells joined and a leading number
    cell ("9.1") left out; an owner's column (`Owner`, `Assignee`, `Who`) is the line's
    speaker, as `Ana: update the docs` would be."""
    for block in draft.blocks:
        if block.kind != "table" or block.section < 0:
            continue
        section = draft.sections[block.section]
        if section.kind != "agenda" or not ACTIONS_HEADING.match(section.title):
            continue
        owners = next((i for i, cell in enumerate(block.rows[0]) if _OWNER_CELL.match(cell)), -1)
        items = []
        for offset, row in enumerate(block.rows[1:], start=2):
            owner = row[owners].strip() if 0 <= owners < len(row) else ""
            if len(owner.split()) > 4 or re.search(r"\btbd\b|\?", owner, re.I):
                owner = ""  # "(Owner TBD, suggested: …)" names nobody yet: a cell as others
            cells = [
                cell for at, cell in enumerate(row) if cell.strip() and (at != owners or not owner)
            ]
            while len(cells) > 1 and _NUMBER_CELL.match(cells[0]):
                cells.pop(0)
            if cells:
                text = " — ".join(cells)
                items.append(Item(text, speaker=owner, line=block.line + offset, markdown=text))
        section.items = sorted([*section.items, *items], key=lambda item: item.line)
        rows = {" | ".join(row) for row in block.rows}
        section.paragraphs = [p for p in section.paragraphs if p not in rows]


def transcript_lines(draft: Draft, speakers: Speakers) -> None:
    """Agenda paragraphs whose lines start with a speaker become lines with that speaker."""
    for block in draft.blocks:
        if block.kind != "paragraph" or block.section < 0:
            continue
        section = draft.sections[block.section]
        if section.kind != "agenda":
            continue
        items, whole = _speaker_lines(block.source, block.line, speakers)
        if not items:
            continue
        section.items = sorted([*section.items, *items], key=lambda item: item.line)
        prose = "" if whole else _without(block.text, items)  # the prose around the marks
        if block.text in section.paragraphs:
            at = section.paragraphs.index(block.text)
            section.paragraphs[at : at + 1] = [prose] if prose else []
        draft.lines = [
            (s, prose if s == block.section and t == block.text else t)
            for s, t in draft.lines
            if prose or not (s == block.section and t == block.text)
        ]


def _without(text: str, items: list[Item]) -> str:
    """A paragraph's text without the lines taken out of it as items."""
    for item in items:
        text = text.replace(item.text, " ")
    return " ".join(text.split())


def marked_lines_apart(sections: list[Section]) -> None:
    """A bullet whose later lines are marked ("4. Hall" / "Action: Leon to book it" /
    "Action: Tess to get a quote") keeps its first lines; each marked line, with the lines
    that continue it, becomes a line under it, as if written as a bullet of its own."""
    for section in sections:
        for item in list(section.walk_items()):
            lines = item.markdown.split("\n")
            marked = [bool(MARKED_LINE.match(_plain(line))) for line in lines]
            first = next((n for n, mark in enumerate(marked) if n and mark), 0)
            if not first:
                continue
            parts: list[Item] = []
            for offset, line in enumerate(lines[first:], start=first):
                if marked[offset]:  # said by whoever said the bullet
                    part = Item(_plain(line), item.state, item.speaker, item.speaker_name)
                    part.line, part.markdown = item.line + offset, line.strip()
                    parts.append(part)
                elif line.strip():
                    parts[-1].text = f"{parts[-1].text} {_plain(line)}"
                    parts[-1].markdown = f"{parts[-1].markdown} {line.strip()}"
            cut = item.text.find(parts[0].text)
            if cut > 0:  # found as written: the item's own text ends where they start
                item.text, item.markdown = item.text[:cut].strip(), "\n".join(lines[:first])
                item.children[:0] = parts


def _speaker_lines(source: str, first_line: int, speakers: Speakers) -> tuple[list[Item], bool]:
    """A paragraph's lines said by speakers, with its marked lines (`ACTION: …`,
    `Decision: …`), and whether they are the whole paragraph. In prose, only the marked
    lines stand on their own ("some talk here\nAI: Ana to send the deck")."""
    items: list[Item] = []
    marked: list[Item] = []
    prose = False
    for number, line in enumerate(source.split("\n")):
        plain = without_emphasis(line)
        past_doubt = bool(MARKED_LINE.match(plain))  # such a line leaves prose too
        if past_doubt or ACTION_MARK.match(plain):  # a line of its own
            item = Item(text=_plain(line), line=first_line + number, markdown=line.strip())
            items.append(item)
            if past_doubt:
                marked.append(item)
            continue
        written, name, rest = speakers.resolve(line, weak=True)
        if written:
            items.append(
                Item(
                    text=_plain(rest),
                    speaker=written,
                    speaker_name=name,
                    line=first_line + number,
                    markdown=rest.strip(),
                    turn=True,
                )
            )
        elif items and line.strip():
            items[-1].text = f"{items[-1].text} {_plain(line)}"
            items[-1].markdown = f"{items[-1].markdown} {line.strip()}"
        elif line.strip():  # prose that merely has a speaker-like line somewhere
            prose = True
    if prose:
        return marked, False
    if all(item in marked and not ACTION_MARK.match(item.text) for item in items):
        return [], False  # a decision said in prose: the section's, as prose (`memory`)
    return items, True


def _plain(markdown: str) -> str:
    return without_emphasis(markdown.replace("`", ""))
