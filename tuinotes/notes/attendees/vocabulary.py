"""The words and shapes of attendee blocks: column names, attendance and absence labels,
role words, template text, and the words that are never a person's name."""

from __future__ import annotations

import re

from tuinotes.model.text import HANDLE_WORD

COLUMN_SYNONYMS: dict[str, tuple[str, ...]] = {
    "name": (
        *("name", "full name", "attendee", "attendees", "person", "who", "participant"),
        *("member", "voting member", "tsc member", "representative", "delegate"),
    ),
    "initials": ("initials", "init", "abbr", "abbreviation", "short", "id"),
    "affiliation": (
        "affiliation",
        "org",
        "organization",
        "organisation",
        "company",
        "institution",
        "employer",
        "team",
        "group",
        "from",
    ),
    "handle": (
        "gh username",
        "github username",
        "github",
        "gh",
        "gh id",
        "github id",
        "handle",
        "github handle",
        "gh handle",
        "username",
        "user",
        "login",
    ),
    "mark": ("", "x", "present", "here", "attended", "attending", "attendance", "check"),
}
HEADER_TO_FIELD = {syn: name for name, syns in COLUMN_SYNONYMS.items() for syn in syns}
TEMPLATE_WORDS = (frozenset(HEADER_TO_FIELD) - {""}) | {
    "name (initials)",
    "name(initials)",
    "your name",
    "names",
    "n/a",
    "na",
    "none",
    "nobody",
    "tbd",
    "tba",
    "...",
    "…",
}
TICKS, CROSSES = "✓✔☑✅", "✗✘❌"  # who came, who did not, in a mark column or after a name
MARKED = frozenset({"x", *TICKS, "yes", "y", "present", "here", "+"})

# "出席者：田中、佐藤（敬称略）": the colon, commas and brackets of Chinese and Japanese text.
LATIN_PUNCTUATION = str.maketrans(
    {"：": ": ", "、": ", ", "，": ", ", "；": "; ", "（": " (", "）": ") "}
)
_ABSENT = (
    r"not\s+present|absent(?:ees)?|regrets|apologies(?:\s+from)?|in\s+absentia|excused|unavailable|"
    r"declined|not\s+(?:attending|in\s+attendance|able\s+to\s+attend)|"
    r"(?:could|did|can)\s*(?:not|n['’]t)\s+(?:attend|make\s+it)|unable\s+to\s+(?:attend|make\s+it)"
    r"|missing|excus[ée]e?s|absente?s|entschuldigt|abwesend|ausentes"  # and French, German…
    r"|assenti|giustificati|afwezig(?:en)?|afgemeld"  # … Italian, Dutch
    r"|nieobecn[iey]|отсутствовал[иа]?|отсутствуют|frånvarande|fraværende|nepřítomn[iía]"
    r"|欠席者?|缺席(?:人员)?|请假|불참자?"  # … Polish, Russian, Nordic, Czech, CJK
)
_PRESENT = (
    r"attend(?:ees?|ed|ance|ing|ants?)?|participants?|present|people|roll\s*call|"
    r"who'?s\s+here|members|observers|guests|visitors|blue\s*sheets?"
    r"|in\s+the\s+room"  # not "in person" nor "on site": "## In person meetup planning"
    r"|(?:sign[\s-]?in(?:\s+sheet)?|roster)(?=\W*$)"  # not "## Sign-in flow redesign"
    r"|pr[ée]sente?s|participantes|teilnehmer(?:innen)?|anwesend|asistentes"
    r"|presenti|partecipanti|aanwezig(?:en)?|deelnemers|teilnehmende"
    r"|obecni|uczestnicy|присутствовали|присутствуют|участники|närvarande|deltagare"
    r"|deltagere|til\s?stede|přítomni|katılımcılar|出席者|参加者|参会人员|与会人员|参会|참석자"
)
# Labels that name who came only alone before a colon ("Remote: …", "We were: …"), never
# as a heading ("## Remote work policy") nor with other words ("Remote hiring: Germany").
_ALONE_LABEL = r"(?:remote|on[\s-]?site|in[\s-]person|we\s+were|folks|invit(?:ed|ees))"
_ROLE = (
    r"(?:meeting\s+)?(?:leads?|leaders?|moderators?|facilitators?|chairs?|hosts?|"
    r"(?:jabber\s+|chat\s+)?scribes?|secretary|recorder|"
    r"note[\s-]?takers?|notes|minutes|minute[\s-]?takers?|taking\s+notes)"
)
# An absence label inside brackets, naming others: "Emily Chen (absent: Barry Kowalski)".
ABSENT_INSIDE = re.compile(rf"^\W*(?:{_ABSENT})\s*:\s*(?P<names>\S.*)$", re.I)
# A row that says someone sent regrets: "(Ryan Haning sends regrets)", "Ana sent apologies".
SENDS_REGRETS = re.compile(
    r"^\(?\s*(?P<name>[^()]{2,60}?)\s+(?:sends?|sent|gave|gives?)\s+(?:(?:his|her|their)\s+)?"
    r"(?:regrets|apologies)\W*\)?\W*$",
    re.I,
)
# Up to three words may qualify the keyword ("Meeting attendees", "List of participants"),
# but not tie it to something else ("Topics based on participants", "Notes for attendees").
_NOT_QUALIFIERS = r"(?:on|by|from|with|about|based|for|to|and|per)"
# Two words may qualify an absence ("TOC members absent", "Voting members absent").
ABSENT_HEADING = re.compile(
    rf"^\W*(?:(?!{_NOT_QUALIFIERS}\b)[\w'-]+\s+){{0,2}}(?:{_ABSENT})\b", re.I
)
ATTENDEE_HEADING = re.compile(
    rf"^\W*(?:(?!{_NOT_QUALIFIERS}\b)[\w'-]+\s+){{0,3}}(?:{_PRESENT})\b", re.I
)
# A label line: "Attendees:", "**Remote attendees:**", "Roll call:" (names may follow).
LABEL = re.compile(
    rf"^\W*(?P<label>(?:[\w'-]+\s+){{0,2}}(?:{_PRESENT}|{_ABSENT}|who)(?:\s+[\w'-]+){{0,2}}"
    rf"|{_ALONE_LABEL})"
    r"(?:\s*(?::|\*\*\s*:|:\s*\*\*)|\s+(?:were|was|are)\s*:?(?=\s*(?-i:[A-Z@])))\**\s*(?P<rest>.*)$",
    re.I | re.S,
)
# The same label closing a paragraph: "… so we know who was here. Roll call:".
TRAILING_LABEL = re.compile(
    rf"(?:^|[.!?]\s+)\W*(?P<label>(?:[\w'-]+\s+){{0,2}}(?:{_PRESENT}|{_ABSENT}))\s*:\W*$",
    re.I,
)
# A bold label on its own: "**Attendees**", "**Present**".
BOLD_LABEL = re.compile(rf"^(?:[\w'-]+\s+){{0,2}}(?:{_PRESENT}|{_ABSENT})$", re.I)
# The keyword alone on a line, no colon: "Attendees" over the list of them.
KEYWORD_LINE = re.compile(rf"^(?:{_PRESENT}|{_ABSENT})$", re.I)
# What a label or role line starts with, emphasis and all: a quick screen before `LABEL`.
LABEL_START = re.compile(
    rf"^[\W_]*(?:(?:[\w'-]+[\W_]+){{0,2}}?(?:{_PRESENT}|{_ABSENT}|{_ROLE})|{_ALONE_LABEL})",
    re.I,
)
# A table column of the people who present: "| Topic | Presenter | Link |".
PRESENTER_COLUMN = re.compile(
    r"^(?:presenters?|speakers?|presented\s+by|presenter\(s\)|speaker\(s\))$", re.I
)
# A heading over a table of talks still to come: its presenters were not at this meeting.
AHEAD_HEADING = re.compile(
    r"\b(?:upcoming|backlog|call for|(?:future|planned|next)\s+"
    r"(?:meetings?|calls?|sessions?|talks?|presentations?|speakers?|weeks?|months?))\b",
    re.I,
)
# A presenter cell that holds no one: a free slot.
FREE_SLOT = re.compile(
    r"^\W*(?:open(?:\s+slot)?|free(?:\s+slot)?|available|vacant|tb[ad])\W*$", re.I
)
ROLE_WORD = re.compile(rf"^{_ROLE}$", re.I)  # a role alone on its line: "Scribe"
ROLE = re.compile(rf"^\W*(?P<label>{_ROLE})\s*\**\s*:\s*\**\s*(?P<rest>.*)$", re.I | re.S)
PEOPLE_COUNT = re.compile(
    r"^\W*(\d{1,4})\s+(?:people|persons|attendees|participants)\b(?:\s+in\s+total)?\W*$", re.I
)
HANDLE = re.compile(rf"(?:github\.com/|(?<![\w.])@)({HANDLE_WORD})")
GLUED_HANDLE = re.compile(rf"(?<=[^\W\d_])@({HANDLE_WORD})\s*$")
# A Matrix user ID, '@travis:t2l.io': the handle is the part before its server.
_MATRIX_ID = re.compile(r"(?<![\w.])(@[A-Za-z0-9][\w.=-]*):[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)+")


def matrix_ids_as_handles(text: str) -> str:
    """`text` with each Matrix user ID written as its handle: '@travis:t2l.io' -> '@travis'."""
    return _MATRIX_ID.sub(r"\1", text)


# "Jilayne Lovejoy @Red Hat": an @ before a company of several capitalised words.
# "Rai @ consensys": an @ and a space is never a handle, whatever follows.
AT_COMPANY = re.compile(
    r"\s@(?:\s+(?P<spaced>[^\s(,]+(?:\s+[^\s(,@]+)*?)|(?P<org>[A-Z][\w&.-]*(?:\s+[A-Z][\w&.-]*)+))"
    r"\s*(?=$|[(,])"
)
# "Jose's iPhone": a device named for its owner, in a video call's list of who joined.
DEVICE = re.compile(
    r"^(?P<owner>.+?)\s*['’]\s*s\s+(?:iphone|ipad|android|phone|galaxy|pixel|macbook|laptop)\b.*$",
    re.I,
)
GITHUB_URL = re.compile(r"https?://(?:www\.)?github\.com/([A-Za-z0-9_-]+)/?$")
# "(Analytical Co)" anywhere; "[Intel]" only after the name and a space ("[b]Ann[/b]" is text).
PAREN = re.compile(r"\(([^()]*)\)|(?<=\s)\[([^\[\]]*)\]\s*$")
NOT_A_NAME = re.compile(r"https?://|^\W*$|\b(?:agenda|slides|notes|minutes|recording)\b", re.I)
# A line of an attendee block about the meeting, not a person: "Quorum: yes (5/5)".
NOT_A_ROW = re.compile(r"^\W*(?:quorum|proxies|antitrust)\b", re.I)
PAREN_INITIALS = re.compile(r"^[^\W\d_]{2,4}$")
# Said of someone in brackets or a mark cell: they were not there ("Kate Lund (on leave)").
ABSENCE_REMARK = re.compile(
    r"\b(?:absent|regrets?|apologies|excused|not\s+present|out\s+sick|"
    r"on\s+(?:leave|vacation|holiday|pto)|out\s+of\s+(?:the\s+)?office|"
    r"(?:could|did|can)\s*(?:not|n['’]t)\s+(?:attend|make\s+it)|unable\s+to\s+attend|"
    r"not\s+attending)\b|^\W*(?:pto|ooo|sick|away|out)\W*$",  # not "(back from PTO)"
    re.I,
)
# A remark naming someone else away: "Felix (Rosa on leave)", "(Ben Ode absent)".
AWAY_INSIDE = re.compile(
    r"^\W*(?!(?:\w+ly|still|now|also|maybe|probably)\b)"  # "(Currently on leave)" is Felix's
    r"(?P<names>[A-Z][\w'’-]+(?:\s+[A-Z][\w'’-]+){0,2})\s+(?:is\s+|was\s+)?"
    r"(?i:absent|out\s+sick|on\s+(?:leave|vacation|holiday|pto)|away|ooo|off\s+sick)\W*$"
)
MARK_BOX = re.compile(r"^\[\s*(?P<mark>[xX✓✔]?)\s*\]\s*")
# Between a row's fields: a comma, a dash, bar or slash with a space on either side, a
# slash between a name and an organisation ("Sunny Yip/Kusari"), or a run of spaces.
SPLIT_FIELDS = re.compile(
    r"\s*(?:,|\s[-–—|/]\s|\s[|/]|[|/]\s|(?<=[a-z])/(?=[A-Z])|\s-(?=[A-Z])|\s{2,})\s*"
)
# "he/him", "they/them": pronouns beside a name, never its affiliation.
PRONOUNS = re.compile(
    r"\b(?:he|she|they|ze|xe)\s*/\s*(?:him|her|hers|them|they|theirs|zir|xem)\b", re.I
)
# A dash glued to a full name, then an organisation: "Michael Herzog- nexB", "Ann Lee- ARM"
# (not the hyphen of a name written apart, "Hsiao- Wei Wang", nor "Schwarz- schilling").
GLUED_DASH = re.compile(
    r"^(?P<name>[^\W\d_][\w'’.]*\s+[^\W\d_][\w'’.]*)-\s+(?P<org>(?![A-Z][a-z]+\b)\S*[A-Z].*)$"
)  # the organisation not a plain capitalised word: "Maria Lopez- Garcia" is one name
# A person chip as Google Docs exports it: "[Ana Pop](mailto:ana.pop@example.org)", and
# whether another chip follows it (chips come one after another, with no comma between).
MAILTO_CHIP = re.compile(
    r"\[(?P<name>[^\[\]]{1,60})\]\(mailto:[^)\s]*\)(?P<next>\s*(?=\[[^\]]+\]\(mailto:))?"
)


def as_written_in_latin(text: str) -> str:
    """A row or label as the rules read it: the wide punctuation of Chinese and Japanese
    as its Latin kind, and person chips as their names, parted as a list."""
    return MAILTO_CHIP.sub(_chip_name, text.translate(LATIN_PUNCTUATION))


def _chip_name(chip: re.Match[str]) -> str:
    return f"{chip['name']}, " if chip["next"] is not None else chip["name"]


EMAIL = re.compile(r"<?\b[\w.+-]+@[\w-]+(?:\.[\w-]+)+\b>?")  # beside a name, not of it
PLACEHOLDER = re.compile(
    r"\.\.\.|…|^_|(?<!\w)_$|\byour\b|\badd\s+(?:your|you|name)|<(?![^>]*@)[^>]*>", re.I
)  # "<your name>", "_attendee names..._"; not "<ana@example.com>", nor the handle "@frenck_"
# Words that name a group or a thing, not a person ("OpenJS Foundation Board of Directors").
NOT_PERSON_WORDS = frozenset(
    [
        *("notetaker", "bot", "companion"),  # a meeting assistant: "Fireflies.ai Notetaker"
        "foundation",
        "board",
        "directors",
        "maintainers",
        "committee",
        "council",
        "members",
        "team",
        "teams",
        "everyone",
        "project",
        "projects",
        "group",
        "groups",
        "community",
        "staff",
        "invited",
        "tbd",
        "tba",
        "others",
        "observers",
        "guests",
        "visitors",
        "attendees",
        "participants",
        "people",
        "organization",
        "organisation",
        "names",
        "regrets",
        "apologies",
        "attendance",
        "topics",
        "agenda",
        "none",
        "nobody",
        *("user", "unknown", "iphone", "ipad", "android"),  # "Zoom user", a call's device
    ]
)
# Words that make a phrase prose, never part of a name.
PROSE_WORDS = frozenset(
    [
        *("with", "et", "co", "please", "review", "meets", "quorum", "from", "to"),
        *("the", "of", "for", "in", "on", "at", "by", "see", "and", "or", "is", "are"),
        *("here", "below", "above"),  # "Notes: Originally documented [here](…)"
    ]
)
# Lowercase single words that fill a role or a list without naming anyone.
NOT_HANDLES = frozenset(
    [
        "none",
        "n/a",
        "na",
        "tbd",
        "tba",
        "nobody",
        "all",
        "everyone",
        "approved",
        "done",
        "yes",
        "no",
        "here",
        "below",
        "above",
        "link",
        "recorded",
        "recording",
        "later",
        "someone",
        "anyone",
        "volunteer",
        "needed",
        "etc",
    ]
)
LETTER = re.compile(r"[^\W\d_]")

# A nick with digits, not a date or a number: a letter first, two letters at least ("ko1").
NICK_WITH_DIGITS = re.compile(
    rf"(?=[A-Za-z]|0x[A-Za-z])(?=(?:[^A-Za-z]*[A-Za-z]){{2}}){HANDLE_WORD}"
)  # and a Web3 name: "0xRiko"
# A meeting bot's handle, nobody: "zodbot", "sprintbot", "ci-bot" (not "talbot", "abbot").
BOT_HANDLE = re.compile(
    r"@?[a-z0-9]*(?:[-_]|meet|zod|sprint|scrum|standup|ci|notes?|minutes?|record|chat|help"
    r"|release|merge|triage|slack|zoom)bot\d*"
)


# What an entry ends with to say whether its person came: a tick or a cross
# ("Dov Ben-Ami (Tamarind) ✗"), or a word after a dash ("Chiara Lombardi — absent (holiday)",
# "Bilal Qureshi — present").
_MARK_AFTER = re.compile(rf"\s*(?P<mark>[{TICKS}{CROSSES}])\ufe0f?\s*$")
_SAID_AFTER = re.compile(r"\s[-–—]\s+(?P<said>[^-–—]+?)\s*$")
_SAID_WORDS = 3  # a status is short: "on holiday next week" says something else
_PRESENT_SAID = re.compile(r"^\W*(?:present|here|attended|in\s+person|remote|online)\b", re.I)


def status_after(text: str) -> tuple[str, bool | None]:
    """The entry without the tick, cross or status word it ends with, and whether that says
    the person was absent (None when it ends with none)."""
    if mark := _MARK_AFTER.search(text):
        return text[: mark.start()], mark["mark"] in CROSSES
    said = _SAID_AFTER.search(text)
    if said and len(re.sub(r"\([^)]*\)", "", said["said"]).split()) <= _SAID_WORDS:
        if ABSENCE_REMARK.match(said["said"]):  # "absent (holiday)", not "left early, excused…"
            return text[: said.start()], True
        if _PRESENT_SAID.match(said["said"]):
            return text[: said.start()], False
    return text, None


REMARKS = frozenset(
    {"new", "guest", "late", "remote", "tbc", "tbd", "?", "left early", "observer", "phone"}
    | {"by phone", "on phone", "dial-in", "dialed in", "video", "irc"}
    | {"host", "chair", "co-chair", "facilitator", "moderator", "scribe", "presenter"}
    | {"notetaker", "note taker", "note-taker", "notes", "speaker", "guest speaker"}
    | {"voting", "non-voting", "nominated", "maybe", "tentative", "thanks", "walking", "next"}
    | {"brief", "afternoon", "morning", "email", "invisible attendee"}
)  # said of the person in brackets or after a dash, never their organisation
REMARK_WORDS = frozenset(word for remark in REMARKS for word in remark.split())
# The last word of a role in brackets beside a name, which is no organisation: "(Treasurer)",
# "(Organizer)", "(LF Program Manager)".
ROLE_TITLES = frozenset(
    {"treasurer", "president", "secretary", "organizer", "organiser", "chairperson", "chairman"}
    | {"chairwoman", "manager", "director", "coordinator", "ceo", "cto", "cfo", "coo", "founder"}
    | {"co-founder", "intern", "editor", "maintainer", "officer"}
)
# How many words make prose rather than people, in the places an attendee block is read:
SENTENCE_WORDS = 4  # a bullet of a list this long that names nobody says something
PROSE_WORDS_AT_LEAST = 6  # a paragraph after the people this long that names nobody
WRAPPED_LINE_WORDS = 8  # a bullet's lines longer than this are a sentence an editor wrapped
ROW_WORDS = 12  # a row longer than this (before any remark), of sentences, is prose
SENTENCE_BREAK = re.compile(r"[a-z][.!?]\s+[A-Z]")  # one sentence ends, another begins
