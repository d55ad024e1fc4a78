"""Action items: a table of real-looking lines and what is (and is not) detected."""

from __future__ import annotations

from pathlib import Path

import pytest

from tuinotes.notes.actions import find_actions
from tuinotes.notes.parse import parse_text

HEAD = """# 2024-06-05 Sync

## Attendees

| Name | Initials | GH Username |
|---|---|---|
| Ana Bell | AB | abell |
| Chen Dao | CD | |

## Agenda

"""

# line under the agenda  ->  "text | state | owner | owner_name | kind", or "" for none
TABLE = [
    (
        "- [ ] AB: Move CI to the shared runners",
        "Move CI to the shared runners | open | AB | Ana Bell | task",
    ),
    ("- [x] CD: Release notes for 0.15", ""),
    (
        "- [x] AB: Action: CD to write the upgrade guide",
        "CD to write the upgrade guide | done | CD | Chen Dao | marked",
    ),
    (
        "- [x] Topic\n    - Action item: AB will ping the foundation",
        "AB will ping the foundation | open | AB | Ana Bell | marked",
    ),
    (
        "- [x] Topic\n    - Actions: AB to merge the stage 2 proposal",
        "AB to merge the stage 2 proposal | open | AB | Ana Bell | marked",
    ),
    (
        "- [x] Topic\n    - CD: I will draft the RFC",
        "I will draft the RFC | open | CD | Chen Dao | said",
    ),
    (
        "- [x] Topic\n    - CD: I'll send the numbers",
        "I'll send the numbers | open | CD | Chen Dao | said",
    ),
    ("- [x] Topic\n    - AB: will take this", "will take this | open | AB | Ana Bell | said"),
    (
        "- [x] Topic\n    - AB will open an issue",
        "AB will open an issue | open | AB | Ana Bell | said",
    ),
    (
        "- [x] Topic\n    - Chen to review the PR",
        "Chen to review the PR | open | Chen | Chen Dao | said",
    ),
    (
        "- [x] Topic\n    - @zoe-k will check the docs",
        "@zoe-k will check the docs | open | @zoe-k |  | said",
    ),
    ("- [x] Topic\n    - TODO: update the website", "update the website | open |  |  | marked"),
    (
        "- [x] Topic\n    - (CD) will follow up with legal",
        "will follow up with legal | open | CD | Chen Dao | said",
    ),
    ("- [x] Topic\n    - CD: We will need more runners", ""),
    ("- [x] Topic\n    - We should move to the new pool", ""),
    ("- [x] Topic\n    - Someone to look at flaky tests", ""),
    ("- [x] Topic\n    - XY to fix the build", ""),
    ("- [x] Topic\n    - It will be slower at first", ""),
    # where someone will be is no commitment
    ("- [x] Topic\n    - AB will be out next week, who leads the call?", ""),
    ("- [x] Topic\n    - CD: I'll be on vacation in May", ""),
    ("- [x] Topic\n    - AB will be travelling until the 12th", ""),
    # a long turn that opens with "I'll" is someone talking, not a commitment
    (
        "- [x] Topic\n    - CD: I'll give some background first. "
        + "The charter was written as a temporary arrangement and we kept it. " * 3,
        "",
    ),
    ("- [x] Topic\n    - AB: The proposal to deprecate Avro is accepted", ""),
    ("- [x] Topic\n    - Proposal to move CI", ""),
    ("- Plain bullet: the release went out", ""),
    # the line says it was done
    (
        "- [x] Topic\n    - Action: CD to write the guide (done)",
        "CD to write the guide (done) | done | CD | Chen Dao | marked",
    ),
    (
        "- [x] Topic\n    - TODO: rotate the keys (completed 2020-09-22)",
        "rotate the keys (completed 2020-09-22) | done |  |  | marked",
    ),
    (
        "- [x] Topic\n    - AI: Chen to file the bug - DONE",
        "Chen to file the bug - DONE | done | Chen | Chen Dao | marked",
    ),
    (
        "- [x] Topic\n    - Action: CD to write the guide [done]",
        "CD to write the guide [done] | done | CD | Chen Dao | marked",
    ),
    (
        "- [x] Topic\n    - Action: CD to write the guide - DONE: [the PR](https://x.org/pr/7)",
        "CD to write the guide - DONE: the PR | done | CD | Chen Dao | marked",
    ),
    # a mark inside a line: what follows it, or what comes before when a name follows
    (
        "- [x] Topic\n    - Naming of classes.  AI:  CD to list the differences.",
        "CD to list the differences | open | CD | Chen Dao | marked",
    ),
    (
        "- [x] Topic\n    - idea: a viewer (TODO @zoe-k to file an issue)",
        "@zoe-k to file an issue | open | @zoe-k |  | marked",
    ),
    (
        "- [x] Topic\n    - we should switch the default (AI: Chen)",
        "we should switch the default | open | Chen | Chen Dao | marked",
    ),
    ("- [x] Topic\n    - more on this later [... TODO more]", ""),
    ("- [x] Topic\n    - the todo: list is long", ""),
    # an item with an owner tag under it is that one's action; the tag is not
    (
        "- [x] Topic\n    - Shortlist the critical projects\n        - Owner=Chen",
        "Shortlist the critical projects | open | Chen | Chen Dao | section",
    ),
    ("- [x] Topic\n    - <https://example.org/spec>\n        - Owner: Chen", ""),
    # a task that starts with an @handle is assigned to it (a group is nobody's own)
    (
        "- [ ] @zoe-k update the install docs",
        "@zoe-k update the install docs | open | @zoe-k |  | task",
    ),
    (
        "- [ ] @abell, review the packaging PR",
        "@abell, review the packaging PR | open | @abell | Ana Bell | task",
    ),
    # a mark with its owner in brackets: one who came, or a handle; "AI (ML)" is a topic
    (
        "- [x] Topic\n    - TODO(chen): fix the flaky test",
        "fix the flaky test | open | chen | Chen Dao | marked",
    ),
    (
        "- [x] Topic\n    - AI (Ana Bell): send the survey",
        "send the survey | open | Ana Bell | Ana Bell | marked",
    ),
    (
        "- [x] Topic\n    - Action (@zoe-k): rotate the keys",
        "rotate the keys | open | @zoe-k |  | marked",
    ),
    ("- [x] Topic\n    - TODO (later): tidy the docs", "tidy the docs | open |  |  | marked"),
    ("- [x] Topic\n    - AI (ML): the new model policy", ""),
    # "AI-" starts a word, not a mark: "AI-generated content may be inaccurate"
    ("- [x] Topic\n    - AI-generated content may be inaccurate.", ""),
    (
        "- [x] Topic\n    - Action - CD to book the room",
        "CD to book the room | open | CD | Chen Dao | marked",
    ),
    # an owner written by first initial and surname; a meeting bot's `#action` command
    (
        "- [x] Topic\n    - A. Bell to circulate the budget",
        "A. Bell to circulate the budget | open | A. Bell | Ana Bell | said",
    ),
    (
        "- [x] Topic\n    - #action abell to write the release note",
        "abell to write the release note | open | abell | Ana Bell | marked",
    ),
]


@pytest.mark.parametrize(("line", "expected"), TABLE, ids=[t[0][:40] for t in TABLE])
def test_action_detection_table(line, expected):
    meeting = parse_text(HEAD + line + "\n", Path("2024-06-05-sync.md"))
    found = [
        (a.text, a.state, a.owner, a.owner_name, a.kind)
        for a in find_actions(meeting)
        if a.text != "Topic"
    ]
    assert found == ([tuple(expected.split(" | "))] if expected else [])


def test_owner_keys_resolve_per_meeting():
    """The same initials mean different people in different meetings."""
    other = HEAD.replace("Ana Bell | AB | abell", "Arno Brandt | AB | abrandt")
    first = find_actions(parse_text(HEAD + "- [ ] AB: ship it\n", Path("a.md")))
    second = find_actions(parse_text(other + "- [ ] AB: ship it\n", Path("b.md")))
    assert first[0].owner_key == "gh:abell" and second[0].owner_key == "gh:abrandt"


def test_unresolved_initials_are_kept_as_written():
    actions = find_actions(parse_text(HEAD + "- [ ] QQ: mystery task\n", Path("c.md")))
    assert [(a.owner, a.owner_name, a.owner_key) for a in actions] == [("QQ", "", "")]


def test_an_owner_bullet_in_an_actions_section_owns_the_bullets_under_it():
    """'- @all' / '- Chen Dao' over bullets: who does them, not an action; '@all' is a
    group, nobody's own action; 'review the PRs:' over its PRs is one action."""
    text = HEAD.replace("## Agenda\n", "## Action items\n") + (
        "- @all\n    - review the open release PRs:\n        - the packaging PR\n"
        "        - the docs PR\n- Chen Dao\n    - book the room for the summit\n"
    )
    actions = find_actions(parse_text(text, Path("sync.md")))
    assert [(a.text, a.owner, a.owner_key) for a in actions] == [
        ("review the open release PRs: the packaging PR; the docs PR", "@all", ""),
        ("book the room for the summit", "Chen Dao", "name:chen dao"),
    ]


def test_outstanding_action_items_are_actions_but_remarks_under_them_are_not():
    """'Update homework/outstanding ARs' labels the actions under it, as 'Action items:'
    does; what someone said about one ('AB: …') is talk."""
    text = HEAD + (
        "- Update homework/outstanding ARs\n"
        "    - @infra - rotate the signing keys\n"
        "    - [Issue 161](https://github.com/acme/tac/issues/161) - update the SIG process\n"
        "    - AB: ideally a SIG moves into a WG later\n"
    )
    actions = find_actions(parse_text(text, Path("sync.md")))
    assert [a.text for a in actions] == [
        "@infra - rotate the signing keys",
        "Issue 161 - update the SIG process",
    ]


def test_a_table_under_an_actions_heading_holds_an_action_a_row():
    """`Item | Action` rows under '## Action items and decisions' are actions (the item
    number left out); a long turn of the transcript under that heading is talk."""
    text = HEAD.replace("## Agenda\n", "## Action items and decisions\n") + (
        "Item | Action\n-|-\n**7.1** | Schedule a load test with both clients\n"
        "**7.2** | Chen will write to the miners\n\n"
        "**Ana Bell**: Okay, we are recording. " + "Today we go over the load tests. " * 8 + "\n"
    )
    actions = find_actions(parse_text(text, Path("sync.md")))
    assert [(a.text, a.owner) for a in actions] == [
        ("Schedule a load test with both clients", ""),
        ("Chen will write to the miners", "Chen"),
    ]


def test_an_owner_column_of_an_actions_table_owns_its_row():
    """`Owner | Action | Due` under '## Actions': the owner leads the line, as a speaker
    does, and resolves to whoever came; the other cells are the action."""
    text = HEAD.replace("## Agenda\n", "## Actions\n") + (
        "| Owner | Action | Due |\n|---|---|---|\n| Ana Bell | Update the docs | 2024-06-20 |\n"
        "| CD | Fix the build | |\n| | Book the venue | |\n"
        "| (Owner TBD, suggested: Chen) | Plan the summit | |\n"
    )
    actions = find_actions(parse_text(text, Path("sync.md")))
    assert [(a.text, a.owner, a.owner_name) for a in actions] == [
        ("Update the docs — 2024-06-20", "Ana Bell", "Ana Bell"),
        ("Fix the build", "CD", "Chen Dao"),
        ("Book the venue", "", ""),
        ("(Owner TBD, suggested: Chen) — Plan the summit", "", ""),
    ]


def test_a_note_that_marks_its_actions_is_taken_at_its_word():
    """Where a note marks actions (a label, a section, `Action:`), 'AB will …' in the
    discussion is talk; in a note that marks none, it is an action."""
    discussion = "- [x] Topic\n    - AB will take a pass through the draft\n"
    marked = HEAD + discussion + "- [x] Wrap-up\n    - Action: CD to send the minutes\n"
    assert [a.text for a in find_actions(parse_text(marked, Path("a.md")))] == [
        "CD to send the minutes"
    ]
    unmarked = find_actions(parse_text(HEAD + discussion, Path("b.md")))
    assert [a.text for a in unmarked] == ["AB will take a pass through the draft"]


def test_a_transcript_turn_in_the_first_person_is_talk_a_reply_under_a_topic_is_not():
    """'CD: I'll walk you through it' as a turn of a transcript is someone talking; the
    same words replying under a topic bullet are a commitment."""
    turn = HEAD + "Some words first.\n\nCD: I'll walk you through the big bullets.\n"
    assert find_actions(parse_text(turn, Path("a.md"))) == []
    reply = HEAD + "- [x] Roadmap\n    - CD: I'll walk you through the big bullets.\n"
    assert [a.owner for a in find_actions(parse_text(reply, Path("b.md")))] == ["CD"]


def test_a_bare_action_label_heads_the_list_under_it():
    """'Action:' on its own line under any heading makes the list after it actions."""
    text = HEAD.replace("## Agenda\n", "## Consensus\n") + (
        "Rename the class.\n\nAction:\n\n- Chen will update the PR.\n- The PR is merged after.\n"
    )
    actions = find_actions(parse_text(text, Path("c.md")))
    assert [a.text for a in actions] == ["Chen will update the PR.", "The PR is merged after."]


def test_a_follow_up_heading_on_a_topic_is_no_actions_section():
    """'### Follow-Up on the Vendor Feedback' names a topic; '## Follow-ups' lists actions."""
    topic = HEAD + "### Follow-Up on the Vendor Feedback\n\n- Teams need to review their issues.\n"
    assert find_actions(parse_text(topic, Path("a.md"))) == []
    listed = HEAD + "## Follow-ups\n\n- Chen to send the minutes\n"
    assert [a.text for a in find_actions(parse_text(listed, Path("b.md")))] == [
        "Chen to send the minutes"
    ]


def test_owners_written_in_full_or_as_links_to_notes():
    """'Ana Bell to …' (in a note that marks no actions), 'ACTION: Chen Dao to …',
    '- [ ] [[Ana Bell]] to …' and, under a label, 'Chen Dao: update …' name their owner;
    'Ana Bell: ideally …' there is a remark."""
    unmarked = find_actions(parse_text(HEAD + "- Ana Bell to book the room\n", Path("a.md")))
    assert [(a.text, a.owner_name) for a in unmarked] == [("Ana Bell to book the room", "Ana Bell")]
    text = HEAD + (
        "- ACTION: Chen Dao to review the charter\n"
        "- [ ] [[Ana Bell]] to send the notes\n"
        "- Action items:\n"
        "  - Chen Dao: update the release slides\n"
        "  - Ana Bell: ideally the mirrors are checked first\n"
    )
    actions = find_actions(parse_text(text, Path("sync.md")))
    assert [(a.text, a.owner_name, a.kind) for a in actions] == [
        ("Chen Dao to review the charter", "Chen Dao", "marked"),
        ("[[Ana Bell]] to send the notes", "Ana Bell", "task"),
        ("update the release slides", "Chen Dao", "section"),
    ]


def test_a_task_is_owned_by_who_it_starts_with():
    """'[Chen Dao] open …' and '@Ana Bell update …' (people of the meeting), '@zoe share …'
    (any handle); '[Later] …' and '@all' name nobody."""
    text = HEAD.replace("## Agenda", "## Action items") + (
        "- [Chen Dao] Open an issue for the exporter timeout\n"
        "- @Ana Bell update the runbook\n"
        "- @zoe share the demo notebook\n"
        "- [Later] Revisit the quota\n"
        "- @RichardRoe Build the plan\n"
        "- @all: review the roadmap\n"
    )
    actions = find_actions(parse_text(text, Path("sync.md")))
    assert [(a.owner, a.owner_name) for a in actions] == [
        ("Chen Dao", "Chen Dao"),
        ("Ana Bell", "Ana Bell"),
        ("@zoe", ""),
        ("", ""),
        ("@RichardRoe", ""),  # a handle, then the task
        ("", ""),  # everyone's, nobody's own
    ]


def test_a_name_before_a_dash_owns_the_task_and_a_link_to_the_list_is_none():
    """'Chen Dao — book the room' under `## New action items` is Chen's; 'Docs — …' names
    nobody of the meeting; a bullet that only links to where the actions are kept ('[Action
    items list](…)') is no action, and does not hide the real ones."""
    text = HEAD.replace("## Agenda", "## Action item review") + (
        "- [Action items list](https://example.org/actions)\n\n## New action items\n\n"
        "- Chen Dao — book the room for the summit\n"
        "- Docs — update the FAQ\n"
        "- Ana Bell to send the survey\n"
    )
    actions = find_actions(parse_text(text, Path("sync.md")))
    assert [(a.text, a.owner) for a in actions] == [
        ("Chen Dao — book the room for the summit", "Chen Dao"),
        ("Docs — update the FAQ", ""),
        ("Ana Bell to send the survey", "Ana Bell"),
    ]


def test_owners_written_with_a_title_or_initials_are_the_people_listed():
    """`Dr. Obi to …` is Dr. Chioma Obi, `A.P. Sharma to …` A.P. Sharma, `Stefan to …`
    Mr Stefan Horvath: a title before a name is no part of who someone is."""
    path = Path(__file__).parent / "fixtures" / "conventions" / "attendees-titles-and-degrees.md"
    meeting = parse_text(path.read_text(), path)
    assert [(a.owner, a.owner_name) for a in find_actions(meeting)] == [
        ("Dr. Obi", "Dr. Chioma Obi"),
        ("A.P. Sharma", "A.P. Sharma"),
        ("Stefan", "Mr Stefan Horvath"),
    ]


@pytest.mark.parametrize("heading", ["Suggested next steps", "To do", "Follow-up tasks"])
def test_more_headings_over_actions(heading):
    """A notes assistant's `### Suggested next steps`, `## To do`, `### Follow-up tasks`:
    every bullet there is an action, also one that names nobody."""
    text = HEAD + (
        "- [x] Topic\n\n"
        f"### {heading}\n\n- Ana Bell to send the survey\n- Chen Dao to book the room\n"
        "- Draft the FAQ\n"
    )
    actions = find_actions(parse_text(text, Path("sync.md")))
    assert [(a.text, a.owner, a.kind) for a in actions] == [
        ("Ana Bell to send the survey", "Ana Bell", "section"),
        ("Chen Dao to book the room", "Chen Dao", "section"),
        ("Draft the FAQ", "", "section"),
    ]


def test_a_task_in_an_actions_section_is_owned_by_who_it_names_last():
    """'… — Chidi Eze', '… [Chen]', '(owner: Ana Bell, due Friday)', '(Assigned to: Chen
    Dao)', '(Responsible: Ana Bell)' (the words an actions table's owner column has): someone
    in the meeting; '- later this month', '(draft)' name nobody."""
    text = HEAD.replace("## Agenda", "## Next steps") + (
        "- Prepare the capacity deck — Ana Bell\n"
        "- Send the invoices [Chen]\n"
        "- Update the FAQ (owner: Ana Bell, due Friday)\n"
        "- Rotate the keys (Assigned to: Chen Dao)\n"
        "- Renew the domain (Responsible: Ana Bell)\n"
        "- Migrate to v2 - later this month\n"
        "- Review the budget (draft)\n"
    )
    actions = find_actions(parse_text(text, Path("sync.md")))
    assert [a.owner_name for a in actions] == [
        "Ana Bell",
        "Chen Dao",
        "Ana Bell",
        "Chen Dao",
        "Ana Bell",
        "",
        "",
    ]


def test_a_line_that_only_asks_is_no_action():
    """Under `## Action items`, 'AB: What is our absence policy?' asks; 'Chen Dao to draft
    the policy. Use the RFC?' and 'Follow-up needed …, do we wish …?' are tasks with a
    question after them; a marked line stays."""
    text = (
        HEAD.replace("## Agenda", "## Action items")
        + (
            "- AB: What is our absence policy?\n"
            "- Chen Dao to draft the policy. Use the RFC?\n"
            "- Follow-up needed on the survey, do we wish to extend it?\n"
            "- Follow-up needed: do we wish to extend it?\n"
            + "- "
            + "Why? " * 30
            + "Ana Bell to fix it.\n"  # no backtracking for ever
            "- Next steps: ask the foundation whether they can fill the role?\n"
        )
    )
    actions = find_actions(parse_text(text, Path("sync.md")))
    assert [a.text for a in actions] == [
        "Chen Dao to draft the policy. Use the RFC?",
        "Follow-up needed on the survey, do we wish to extend it?",
        "Follow-up needed: do we wish to extend it?",
        "Why? " * 29 + "Why? Ana Bell to fix it.",
        "Next steps: ask the foundation whether they can fill the role?",
    ]


def test_owners_with_a_double_first_name_or_a_dotted_handle():
    """`Eun-ji to …` is Eun-ji Park's, `Jean-Luc to …` Jean-Luc Marchand's; `@mateo.silva
    to …` is that handle's, dot and all."""
    text = (
        "# TSC\n\nAttendees: Eun-ji Park, Jean-Luc Marchand, @mateo.silva\n\n## Notes\n\n"
        "- AI: Eun-ji to open the PR.\n- Action: Jean-Luc to review it.\n"
        "- Action: @mateo.silva to merge it.\n"
    )
    actions = find_actions(parse_text(text, Path("tsc.md")))
    assert [(a.owner_name, a.owner_key) for a in actions] == [
        ("Eun-ji Park", "name:eun ji park"),
        ("Jean-Luc Marchand", "name:jean luc marchand"),
        ("@mateo.silva", "gh:mateo.silva"),
    ]


def test_a_task_that_opens_with_a_wiki_link_to_someone_is_theirs():
    """Obsidian: `- [ ] [[Tobi Adeyemi]] review the budget` is Tobi's (an alias too); a link
    to a page that is nobody in the meeting names no owner."""
    text = (
        '---\nattendees: ["[[Tobi Adeyemi]]", "[[Ana Bell]]"]\n---\n# Budget sync\n\n'
        "## Action items\n\n- [ ] [[Tobi Adeyemi]] review the budget\n"
        "- [ ] [[Budget 2025]] numbers\n- [ ] [[Ana Bell|Ana]] book the room\n"
    )
    actions = find_actions(parse_text(text, Path("sync.md")))
    assert [a.owner_name for a in actions] == ["Tobi Adeyemi", "", "Ana Bell"]


def test_a_marked_action_is_owned_by_the_person_it_names_first_and_a_free_slot_is_none():
    """'AI: Fredrik review the Logger PR' under Bryan's line is Fredrik's, 'Action: @zhoumin
    draft the JEP' is that handle's; a template's '(open slot)' is no action."""
    text = (
        "# EEF WG 2024-04-02\n\nAttendees: Bryan Ode, Fredrik Lind, Wei Chen\n\n## Agenda\n\n"
        "- [x] Intro\n- [ ] (open slot)\n"
        "- Bryan: the Logger PR needs reviewers.\n  AI: Fredrik review the Logger PR\n"
        "- Action: @zhoumin draft the JEP text.\n- AI: Review the roadmap\n"
        "- AI: Wei suggested we ask the herders\n- AI: Wei and Bryan pair on the parser\n"
    )
    actions = find_actions(parse_text(text, Path("wg.md")))
    assert [(a.owner_name or a.owner, a.text) for a in actions] == [
        ("Fredrik Lind", "Fredrik review the Logger PR"),
        ("@zhoumin", "@zhoumin draft the JEP text."),
        ("", "Review the roadmap"),
        ("", "Wei suggested we ask the herders"),  # what was said, not whose task
        ("", "Wei and Bryan pair on the parser"),  # two people: no one owner
    ]


def test_a_mark_inside_a_line_may_name_its_owner_in_brackets():
    """'… snake_case. ACTION(Fabian): update the docs' is Fabian's; 'TODO(@ana): …' the
    handle's; 'TODO(later): revisit' names nobody and says too little to be a task."""
    text = (
        "# Dev summit 2024-03-05\n\nAttendees: Fabian Roe, Ana Bell\n\n## Naming\n\n"
        "- We settled on snake_case. ACTION(Fabian): update the naming docs.\n"
        "- Renames are costly (TODO(@ana): count the affected metrics)\n"
        "- Later maybe. TODO(later): revisit\n"
    )
    actions = find_actions(parse_text(text, Path("summit.md")))
    assert [(a.owner_name, a.text) for a in actions] == [
        ("Fabian Roe", "update the naming docs"),
        ("Ana Bell", "count the affected metrics"),
    ]


def test_a_task_in_an_actions_section_that_says_done_is_done():
    """ossf: `- Done: https://…/issues/44` under the action items; openjs: `… [done]`."""
    text = HEAD.replace("## Agenda", "## Action items") + (
        "- Done: https://example.org/tac/issues/44\n- Ana Bell to send the survey [done]\n"
        "- Chen Dao to book the room\n"
    )
    actions = find_actions(parse_text(text, Path("sync.md")))
    assert [a.state for a in actions] == ["done", "done", "open"]


def test_an_actions_heading_holds_its_list_up_to_a_rule():
    """ethereum-pm: the action items, a rule of dashes, then the meeting's transcript with
    no heading between: the transcript's lines are no actions."""
    text = (
        "# Core Devs 72\n\nAttendees: Tim Beiko, David Palm\n\n## Action items\n\n"
        "**ACTION 72.1**: Cat Herders to reach out to the testnet team.\n\n"
        "**ACTION 71.1**: David Palm will talk to Wei Tang.\n\n-----\n\n"
        "**Tim**: Welcome to core developers meeting 72.\n\n"
        "**David Palm**: Thanks, I can take a look at it.\n"
    )
    actions = find_actions(parse_text(text, Path("meeting-72.md")))
    assert [a.text for a in actions] == [
        "Cat Herders to reach out to the testnet team.",
        "David Palm will talk to Wei Tang.",
    ]
