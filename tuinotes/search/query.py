"""The query language, parsed into a backend-neutral query: words, "phrases", prefixes*,
AND / OR / NOT and parentheses, and `field:value` (the table of forms is `SYNTAX`, below).

What cannot be understood is searched as words, with a notice; nothing raises.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date
from typing import Literal

MAX_QUERY_CHARS = 1000
MAX_DEPTH = 20  # nested parentheses read as such


@dataclass(frozen=True, slots=True)
class Syntax:
    """One form the query language takes: what it does, its examples and, for a field, its
    name and other names. `SYNTAX` is the one table the parser, the CLI's help, the app's
    help and the README's table come from (a test compares the README's)."""

    what: str
    examples: tuple[str, ...]
    field: str = ""
    aliases: tuple[str, ...] = ()

    @property
    def label(self) -> str:
        if not self.field:
            return self.what
        others = f" (also {', '.join(a + ':' for a in self.aliases)})" if self.aliases else ""
        return f"`{self.field}:` {self.what}{others}"


SYNTAX = (
    Syntax("words: all must match, stemmed and accents folded", ("backpressure design",)),
    Syntax("phrase: the words next to each other", ('"per-key backpressure"',)),
    Syntax("prefix", ("secur*",)),
    Syntax("boolean", ("audit OR advisory", "audit NOT tag:steering", "(rust OR python) bindings")),
    Syntax(
        "a person by name, initials or handle, however each meeting wrote them",
        ("attendee:anaq", 'who:"zoë ng"'),
        "attendee",
        ("who", "by", "person", "people", "attendees"),
    ),
    Syntax("a frontmatter tag", ("tag:steering",), "tag", ("tags",)),
    Syntax("words of the title", ("title:kickoff",), "title"),
    Syntax("an attendee's affiliation", ("org:lattice",), "org", ("affiliation", "company")),
    Syntax("words of an agenda item", ("item:roadmap",), "item", ("agenda", "topic")),
    Syntax("the meeting's series, whole", ('series:"tidewater steering committee"',), "series"),
    Syntax(
        "a year, month or day, a range, or one side of it",
        ("date:2024-10", "date:2024-10..2024-12", "date:>=2025-01-15", "date:<2024"),
        "date",
        ("when",),
    ),
)
FIELD_ALIASES: dict[str, tuple[str, ...]] = {s.field: s.aliases for s in SYNTAX if s.field}
FIELDS = {alias: name for name, aliases in FIELD_ALIASES.items() for alias in (name, *aliases)}
FIELD_LIST = ", ".join(FIELD_ALIASES)


def syntax_table() -> str:
    """The query language as a Markdown table (the app's help and the README)."""
    rows = ["| syntax | examples |", "|---|---|"]
    rows += [f"| {s.label} | {', '.join(f'`{e}`' for e in s.examples)} |" for s in SYNTAX]
    return "\n".join(rows) + "\n"


def syntax_list() -> str:
    """The query language as a Markdown list (the app's help: a table's first column wraps
    each label over several lines there)."""
    items = [f"- {s.label} — {', '.join(f'`{e}`' for e in s.examples)}" for s in SYNTAX]
    return "\n".join(items) + "\n"


def syntax_text() -> str:
    """The query language as plain lines (the CLI's help)."""
    lines = ["query syntax:"]
    for s in SYNTAX:
        lines.append(f"  {'  '.join(s.examples)}")
        lines.append(f"      {s.label.replace('`', '')}")
    return "\n".join(lines) + "\n"


WordKind = Literal["word", "phrase", "prefix"]


@dataclass(frozen=True, slots=True)
class Words:
    """A word, phrase or prefix, in one field (None: the default fields)."""

    text: str
    field: str | None = None
    kind: WordKind = "word"
    span: tuple[int, int] = (0, 0)  # where it was typed, for "did you mean"


@dataclass(frozen=True, slots=True)
class DateRange:
    """Meetings dated from `low` to `high` inclusive, ISO strings ('' is open)."""

    low: str = ""
    high: str = ""


@dataclass(frozen=True, slots=True)
class People:
    """Meetings any of these people attended (person keys): what `attendee:NAME` becomes
    once the library knows who NAME is, so it agrees with the People filter."""

    keys: frozenset[str]


@dataclass(frozen=True, slots=True)
class And:
    parts: tuple[Node, ...]


@dataclass(frozen=True, slots=True)
class Or:
    parts: tuple[Node, ...]


@dataclass(frozen=True, slots=True)
class Not:
    part: Node


Node = Words | DateRange | People | And | Or | Not


@dataclass(slots=True)
class Query:
    """A parsed query: its tree (None when empty) and what was odd about the text."""

    text: str
    root: Node | None
    notices: list[str] = field(default_factory=list)

    def words(self) -> list[Words]:
        """Every positive word, phrase and prefix (not under NOT), for highlighting."""
        found: list[Words] = []

        def visit(node: Node | None) -> None:
            if isinstance(node, Words):
                found.append(node)
            elif isinstance(node, And | Or):
                for part in node.parts:
                    visit(part)

        visit(self.root)
        return found


_TOKEN = re.compile(
    r"""\s*(?:
        (?P<open>\()
      | (?P<close>\))
      | (?:(?P<field>[A-Za-z_]\w*):)?(?:"(?P<phrase>[^"]*)"?|(?P<word>[^\s()"]+))
    )""",
    re.X,
)
_DATE_VALUE = re.compile(r"^(\d{4})(?:-(\d{1,2})(?:-(\d{1,2}))?)?$")


@dataclass(slots=True)
class _Token:
    kind: Literal["open", "close", "and", "or", "not", "term"]
    node: Node | None = None


def parse_query(text: str) -> Query:
    """Parse the query language; never raises."""
    notices: list[str] = []
    if len(text) > MAX_QUERY_CHARS:
        text = text[:MAX_QUERY_CHARS]
        notices.append(f"query cut to its first {MAX_QUERY_CHARS} characters")
    if text.count('"') % 2:
        notices.append("closed an unbalanced quote")
    tokens = _tokens(text, notices)
    parser = _Parser(tokens, notices)
    parts = [parser.expression()]
    while parser.at < len(tokens):  # a stray ')': skip it, read on
        parser.at += 1
        if "ignored an unmatched ')'" not in notices:
            notices.append("ignored an unmatched ')'")
        parts.append(parser.expression())
    root = _combine(And, [p for p in parts if p is not None])
    if root is None and text.strip() and not notices:  # 'AND', '-', 'title:'
        notices.append(f"nothing to search for in '{text.strip()}': every meeting is listed")
    return Query(text=text, root=root, notices=notices)


def _tokens(text: str, notices: list[str]) -> list[_Token]:
    tokens: list[_Token] = []
    position = 0
    while position < len(text):
        match = _TOKEN.match(text, position)
        if match is None or match.end() == position:
            break
        position = match.end()
        if match.group("open"):
            tokens.append(_Token("open"))
        elif match.group("close"):
            tokens.append(_Token("close"))
        else:
            word, phrase, name = match.group("word"), match.group("phrase"), match.group("field")
            if name is None and word in ("AND", "OR", "NOT"):
                tokens.append(_Token(word.lower()))  # type: ignore[arg-type]
                continue
            start = match.start("phrase") if phrase is not None else match.start("word")
            node = _term(name, word, phrase, (start, match.end()), notices)
            if node is not None:
                tokens.append(_Token("term", node))
    return tokens


def _term(
    name: str | None,
    word: str | None,
    phrase: str | None,
    span: tuple[int, int],
    notices: list[str],
) -> Node | None:
    field_name: str | None = None
    if name is not None:
        field_name = FIELDS.get(name.lower())
        if field_name is None:
            notices.append(f"unknown field '{name}:' searched as words (fields: {FIELD_LIST})")
            word = f"{name} {word}" if word else name
    if field_name == "date":
        return date_range(phrase if phrase is not None else word or "", notices)
    if phrase is not None:
        return Words(phrase, field_name, "phrase", span) if phrase.strip() else None
    assert word is not None
    if " " in word:  # an unknown field and its value: two words
        head, tail = word.split(" ", 1)
        return And((Words(head, None, "word", span), Words(tail, None, "word", span)))
    if word.endswith("*") and len(word.rstrip("*")) >= 1:
        return Words(word.rstrip("*"), field_name, "prefix", span)
    word = word.strip("*")
    return Words(word, field_name, "word", span) if word else None


class _Parser:
    """or := and (OR and)* ; and := unary (AND? unary)* ; unary := NOT unary | atom."""

    def __init__(self, tokens: list[_Token], notices: list[str]) -> None:
        self.tokens = tokens
        self.notices = notices
        self.at = 0
        self.depth = 0

    def peek(self) -> str | None:
        return self.tokens[self.at].kind if self.at < len(self.tokens) else None

    def expression(self) -> Node | None:
        parts = [self.conjunction()]
        while self.peek() == "or":
            self.at += 1
            parts.append(self.conjunction())
        return _combine(Or, [p for p in parts if p is not None])

    def conjunction(self) -> Node | None:
        parts: list[Node] = []
        while self.peek() not in (None, "or", "close"):
            if self.peek() == "and":
                self.at += 1
                continue
            node = self.unary()
            if node is not None:
                parts.append(node)
        return _combine(And, parts)

    def unary(self) -> Node | None:
        kind = self.peek()
        if kind == "not":
            self.at += 1
            part = self.unary()
            return Not(part) if part is not None else None
        if kind == "open":
            self.at += 1
            self.depth += 1
            if self.depth > MAX_DEPTH:  # "((((…": read on as if the bracket were not there
                if "parentheses nested too deep: read as words" not in self.notices:
                    self.notices.append("parentheses nested too deep: read as words")
                self.depth -= 1
                while self.peek() == "open":
                    self.at += 1
                return self.unary()
            node = self.expression()
            self.depth -= 1
            if self.peek() == "close":
                self.at += 1
            elif "closed an unbalanced parenthesis" not in self.notices:
                self.notices.append("closed an unbalanced parenthesis")
            return node
        if kind in (None, "close", "or"):
            return None
        token = self.tokens[self.at]
        self.at += 1
        return token.node


def _combine(kind: type[And] | type[Or], parts: list[Node]) -> Node | None:
    if not parts:
        return None
    return parts[0] if len(parts) == 1 else kind(tuple(parts))


# -- dates ----------------------------------------------------------------------------------


def date_range(value: str, notices: list[str]) -> DateRange | None:
    """`date:` values: 2024, 2024-03, 2024-03-05, a..b, >=a, >a, <=a, <a."""
    for operator in (">=", "<=", ">", "<"):
        if value.startswith(operator):
            bound = _bound(value[len(operator) :], notices)
            if bound is None:
                return None
            low, high = bound
            return {
                ">=": DateRange(low=low),
                ">": DateRange(low=_after(high)),
                "<=": DateRange(high=high),
                "<": DateRange(high=_before(low)),
            }[operator]
    if ".." in value:
        first, _, second = value.partition("..")
        low_bound = _bound(first, notices) if first else ("", "")
        high_bound = _bound(second, notices) if second else ("", "")
        if low_bound is None or high_bound is None:
            return None
        low, high = low_bound[0], high_bound[1]
        if low and high and low > high:
            notices.append(f"'date:{value}' runs backwards: searched {second}..{first}")
            low, high = high_bound[0], low_bound[1]
        return DateRange(low, high)
    bound = _bound(value, notices)
    return DateRange(*bound) if bound is not None else None


def _bound(value: str, notices: list[str]) -> tuple[str, str] | None:
    """The first and last day a partial date covers, as ISO strings."""
    match = _DATE_VALUE.match(value)
    problem = None
    if match:
        year, month, day = (int(g) if g else None for g in match.groups())
        try:
            if day is not None:
                exact = date(year, month or 1, day).isoformat()  # type: ignore[arg-type]
                return exact, exact
            if month is not None:
                date(year, month, 1)  # type: ignore[arg-type]
                return f"{year:04d}-{month:02d}-01", f"{year:04d}-{month:02d}-31"
            return f"{year:04d}-01-01", f"{year:04d}-12-31"
        except ValueError as error:
            problem = str(error)
    reason = f" ({problem})" if problem else " (use 2024, 2024-03, 2024-03-05, a..b, >=a)"
    notices.append(f"'date:{value}' is not a date{reason}: left out of the search")
    return None


def _after(day: str) -> str:
    return day + "~"  # sorts after every date string with that prefix


def _before(day: str) -> str:
    return day[:-1] + chr(ord(day[-1]) - 1) + "~" if day else day
