"""markdown-it-pyrs (markdown-it compiled from Rust, about ten times faster) read into the
token stream of markdown-it-py that `StructureWalker` walks, so a note reads the same with
either parser (`tests/test_parsers_agree.py` compares them on every fixture and sample).

Only the tokens the walker looks at are made: block opens with their line, one `inline`
token per paragraph, heading, list item's text and table cell, with the children
`inline_text` reads (text, code, breaks, images, links). A note nested deeply enough to
overflow the compiled parser's stack is left to markdown-it-py (`fits`)."""

from __future__ import annotations

import bisect
import re
from functools import cache
from typing import Any

from tuinotes.notes.markdown import MarkdownToken, Piece, markdown

_Compiled: Any
try:
    from markdown_it_pyrs import MarkdownIt as _Compiled
except ImportError:  # no wheel for this Python or platform: markdown-it-py reads every note
    _Compiled = None

# The checks of `fits` look at line starts after a newline (a literal the regex engine
# finds at once; '^' with re.M is tried at every character), so the body is searched with
# one put before it.
# A line opening this many characters of containers may nest as deep as markdown-it-py's
# limit (`MAX_NESTING`: a list is two levels and two characters, a quote one and one); far
# below the depth at which markdown-it-pyrs's recursion overflows (tens of thousands of
# levels, or of emphasis delimiters), far above any real note.
_DEEP_LINE = re.compile(r"\n[ \t>*+\-\d.)]{100}")
_MAX_DELIMITERS = 20_000
# Where markdown-it-pyrs parts from markdown-it-py: a one-column table whose delimiter row
# has no pipe ('| a |' over '---', which it reads as a heading), and a list item in the
# lines of a quote's paragraph without the '>' (which it takes for a lazy line), or with
# fewer of them ('>> deep' over '> 1.').
# (A rule without pipes under a line holding one, or starting with a colon: '| a |' or 'a |'
# over '---', also in a quote; 'Title' over ':---'.)
_ONE_COLUMN_TABLE = re.compile(
    r"\n[^\n]*\|[^\n]*\n[ \t>]*:?-+:?[ \t]*(?=\n|$)|\n[ \t>]*:-+:?[ \t]*(?=\n|$)"
)
_QUOTE_LINE = re.compile(r"\n[ \t]*(?:(?:[-*+]|\d{1,9}[.)])[ \t]+)*>")
_UNQUOTED_ITEM = re.compile(r"\n[ \t]*(?:(?:[-*+]|\d{1,9}[.)])(?:[ \t]|\n|$)|\|)")
_QUOTED_ITEM = re.compile(r"\n[ \t]*(?:>[ \t]*)+(?:[-*+]|\d{1,9}[.)])(?:[ \t]|\n|$)")
_NESTED_QUOTE = re.compile(r">[ \t]*>")
# Link targets it leaves as text where markdown-it-py drops or lists them: a scheme after
# '(', '<' or a reference's ':' (the next line too), its colon also written as an entity.
_UNSAFE_TARGET = re.compile(
    r"(?:[(<]|\]:)[ \t]*\n?[ \t]*<?(?i:file|javascript|vbscript|data)(?::|&#0*58;|&#x0*3a;|&colon;)"
    r"|\]\(\s*<?[^)\s]*&#|\]:\s*<?\S*&#"  # a target spelled with entities: '&#102;ile:'
)
_PARAGRAPH_BREAK = re.compile(r"\n[ \t]*\n")
_TICKS = re.compile(r"`+")
_BLOCK_NODES = frozenset(
    {"paragraph", "heading", "lheading", "bullet_list", "ordered_list", "blockquote"}
    | {"table", "fence", "code_block", "html_block", "hr", "definition"}
)
# A list item's marker and the spaces after it (at most four: more make indented code).
_MARKER = re.compile(r"[ \t]*(?:[-*+]|\d{1,9}[.)])(?:[ \t]{1,4}(?![ \t])|[ \t]|(?=\n)|$)")
_IMAGE = re.compile(r"!\[(?P<alt>.*)\](?:\(.*\)|\[.*\])?", re.S)
_ATX_MARKS = re.compile(r"^[ \t]*#{1,6}(?=[ \t]|$)|[ \t]+#+[ \t]*$|^[ \t]*#+[ \t]*$")


def available() -> bool:
    return _Compiled is not None


@cache
def _parser() -> Any:
    return _Compiled("commonmark").enable_many(["table", "strikethrough"])


def fits(body: str) -> bool:
    """Whether the compiled parser reads `body` safely and as markdown-it-py does. Not when
    it is absurdly nested; nor where the two parsers part (above); nor with a `file:` or
    `javascript:` link (it leaves them as text; tuinotes lists them); nor when a link label
    holds a code span left open (markdown-it 0.6.0 panics on '[a `b c]'). A lone surrogate,
    which cannot be handed to Rust, makes `tokens` answer None."""
    lines = "\n" + body
    if _DEEP_LINE.search(lines) or _ONE_COLUMN_TABLE.search(lines) or _item_in_quote(lines):
        return False
    if sum(body.count(c) for c in "*_~[") >= _MAX_DELIMITERS:
        return False
    return not _unsafe_scheme(body) and not _open_code_in_label(body)


def _item_in_quote(lines: str) -> bool:
    """Whether a list item without '>' follows a quote's line in the same paragraph."""
    scanned = 0
    for quote in _QUOTE_LINE.finditer(lines):
        if quote.start() < scanned:
            continue
        blank = lines.find("\n\n", quote.end())
        scanned = len(lines) if blank < 0 else blank
        run = lines[quote.start() : scanned + 1]
        if _UNQUOTED_ITEM.search(run) or (_NESTED_QUOTE.search(run) and _QUOTED_ITEM.search(run)):
            return True
    return False


def _unsafe_scheme(body: str) -> bool:
    """Whether a link's target has a `file:`, `javascript:`, `vbscript:` or `data:` scheme
    (`[spec](file:///srv/a.pdf)`, `<javascript&#58;x>`); 'Data: …' in text is no link."""
    return _UNSAFE_TARGET.search(body) is not None


def _open_code_in_label(body: str) -> bool:
    """Whether a paragraph, or a line of it (a table's cell), has a run of backticks that
    no later run of the same length closes, after an `[`."""
    if "`" not in body or "[" not in body:
        return False
    return any(
        _open_tick_after_bracket(paragraph)
        or any(_open_tick_after_bracket(line) for line in paragraph.split("\n") if "`" in line)
        for paragraph in _PARAGRAPH_BREAK.split(body)
        if "`" in paragraph and "[" in paragraph
    )


def _open_tick_after_bracket(text: str) -> bool:
    """Code spans paired as CommonMark pairs them: a run opens, the next run of the same
    length closes; a run that none closes is text, and the next run may open."""
    bracket = text.find("[")
    if bracket < 0:
        return False
    runs = [(tick.start(), len(tick.group())) for tick in _TICKS.finditer(text)]
    closer: list[int | None] = [None] * len(runs)  # the next run of the same length
    latest: dict[int, int] = {}
    for index in range(len(runs) - 1, -1, -1):
        closer[index] = latest.get(runs[index][1])
        latest[runs[index][1]] = index
    at = 0
    while at < len(runs):
        close = closer[at]
        if close is None:
            if runs[at][0] > bracket:
                return True
            at += 1
        else:
            at = close + 1
    return False


def tokens(body: str) -> list[MarkdownToken] | None:
    """The body's tokens, as markdown-it-py would give the walker; None when the compiled
    parser failed on it all the same (a panic in Rust, which `fits` is there to avoid)."""
    try:
        return _Reader(body).read()
    except Exception:
        return None
    except BaseException as error:  # pyo3's PanicException is not an Exception
        if type(error).__name__ != "PanicException":
            raise
        return None


class _Reader:
    """One note's tree read into tokens; the tree's offsets are bytes of the UTF-8 body."""

    def __init__(self, body: str) -> None:
        self.note = body
        self.body = body.encode("utf-8")
        self.newlines = [match.start() for match in re.finditer(b"\n", self.body)]
        self.out: list[MarkdownToken] = []

    def read(self) -> list[MarkdownToken]:
        for node in _parser().tree(self.note).children:
            self.block(node, quote=0, indent=0)
        return self.out

    def line(self, offset: int) -> int:
        return bisect.bisect_left(self.newlines, offset)

    def text(self, start: int, end: int) -> str:
        return self.body[start:end].decode("utf-8", "replace")

    def open(self, kind: str, node: Any, tag: str = "") -> Piece:
        start, end = node.srcmap
        token = Piece(kind, tag=tag)
        token.map = [self.line(start), self.line(end) + 1]
        self.out.append(token)
        return token

    def close(self, kind: str) -> None:
        self.out.append(Piece(kind))

    def block(self, node: Any, quote: int, indent: int) -> None:
        name = node.name
        if name in ("heading", "lheading"):
            self.open("heading_open", node, f"h{node.meta.get('level', 1)}")
            start, end = node.srcmap
            if name == "lheading":  # its lines, without the underline
                source = self.source((start, self.body.rfind(b"\n", start, end)), quote, indent)
            else:
                source = _ATX_MARKS.sub("", self.text(start, end)).strip()
            self.inline(node.children, start, source)
            self.close("heading_close")
        elif name == "paragraph":
            self.inline(node.children, node.srcmap[0], self.source(node.srcmap, quote, indent))
        elif name in ("bullet_list", "ordered_list"):
            self.open(f"{name}_open", node)
            for item in node.children:
                self.list_item(item, quote)
            self.close(f"{name}_close")
        elif name == "blockquote":  # inside a quote, an outer list's indent stays in lazy lines
            for child in node.children:
                self.block(child, quote + 1, 0)
        elif name == "table":
            self.table(node)
        elif name in ("fence", "code_block", "html_block"):
            self.open(name, node).content = node.meta.get("content", "")
        elif name == "hr":
            self.open("hr", node)

    def source(self, span: tuple[int, int], quote: int, indent: int) -> str:
        """A paragraph's Markdown: its lines within their containers, as markdown-it-py
        gives them (a quote's '> ' and a list item's indent left out of later lines)."""
        first, *rest = self.text(*span).split("\n")
        return "\n".join([first, *(_within(line, quote, indent) for line in rest)]).strip()

    def list_item(self, item: Any, quote: int) -> None:
        """A list item: its text (a tight item has no paragraph around it; the compiled
        parser's offsets inside a line are not to be trusted after a tab, so the text runs
        from the marker to the next block) and the blocks in it."""
        self.open("list_item_open", item)
        start, end = item.srcmap
        marker = _MARKER.match(self.text(start, end))
        begin = start + len(marker.group().encode("utf-8")) if marker else start
        line_start = self.newlines[self.line(start) - 1] + 1 if self.line(start) else 0
        indent = _columns(_within(self.text(line_start, begin), quote, 0))
        if marker and self.body[begin : begin + 1] in (b"\n", b""):  # text from the next line
            indent = _columns(_within(self.text(line_start, begin).rstrip(" \t"), quote, 0)) + 1
        run: list[Any] = []
        for child in item.children:
            if child.name in _BLOCK_NODES:
                if run:
                    self.inline(run, begin, self.source((begin, child.srcmap[0]), quote, indent))
                    run = []
                self.block(child, quote, indent)
                begin = child.srcmap[1]  # text after a block starts a paragraph of its own
            else:
                run.append(child)
        if run:
            self.inline(run, begin, self.source((begin, end), quote, indent))
        self.close("list_item_close")

    def table(self, node: Any) -> None:
        self.open("table_open", node)
        for part in node.children:  # thead, tbody
            for row in part.children:
                self.out.append(Piece("tr_open"))
                for cell in row.children:
                    self.inline(cell.children, node.srcmap[0], "")
                self.close("tr_close")
        self.close("table_close")

    def inline(self, nodes: list[Any], start: int, source: str) -> None:
        """One inline token: its Markdown source and the children `inline_text` reads."""
        children: list[MarkdownToken] = []
        for node in nodes:
            _children(node, children, self)
        token = Piece("inline", source, children)
        while start < len(self.body) and self.body[start] in b" \t\r\n>":
            start += 1  # to the line the text starts on
        line = self.line(start)
        token.map = [line, line + 1]
        self.out.append(token)


def _columns(text: str) -> int:
    """How many columns `text` spans (a tab to the next multiple of four)."""
    column = 0
    for char in text:
        column = column + 4 - column % 4 if char == "\t" else column + 1
    return column


def _within(line: str, quote: int, indent: int) -> str:
    """A paragraph's later line without its containers' markers and indent, as markdown-it
    gives it ('> more' in a quote is 'more'; a tab partly inside the indent leaves spaces)."""
    for _ in range(quote):
        stripped = line.lstrip(" ")
        if not stripped.startswith(">"):
            break
        line = stripped[1:]
        if line.startswith(" "):
            line = line[1:]
    column = at = 0
    while at < len(line) and line[at] in " \t" and column < indent:
        column = column + 4 - column % 4 if line[at] == "\t" else column + 1
        at += 1
    return " " * max(0, column - indent) + line[at:]


def _children(node: Any, out: list[MarkdownToken], reader: _Reader) -> None:
    """An inline node as the flat tokens markdown-it-py makes of it (adjacent text joined:
    'http&#x3A;//x.org' is one text, so its URL is found)."""
    name = node.name
    if name in ("text", "text_special"):
        content = node.meta.get("content", "")
        last = out[-1] if out else None
        if isinstance(last, Piece) and last.type == "text":
            last.content += content
        else:
            out.append(Piece("text", content))
    elif name == "code_inline":
        out.append(Piece("code_inline", "".join(c.meta.get("content", "") for c in node.children)))
    elif name in ("softbreak", "hardbreak"):
        out.append(Piece(name))
    elif name == "image":  # its description as written, '![alt *t*](i.png)' -> 'alt *t*'
        image = _IMAGE.match(reader.text(*node.srcmap))
        out.append(Piece("image", image["alt"] if image else _plain(node)))
    elif name == "autolink":  # '<https://x.org/a%20b>': as markdown-it-py normalises it
        written = _plain(node)
        url = written if ":" in written or "@" not in written else f"mailto:{written}"
        out.append(Piece("link_open", attrs={"href": markdown().normalizeLink(url)}))
        out.append(Piece("text", markdown().normalizeLinkText(written)))
        out.append(Piece("link_close"))
    elif name == "link":
        out.append(Piece("link_open", attrs={"href": node.meta.get("url", "")}))
        for child in node.children:
            _children(child, out, reader)
        out.append(Piece("link_close"))
    elif name == "html_inline":  # '<br>' between two texts keeps them apart
        out.append(Piece("html_inline", reader.text(*node.srcmap)))
    else:
        for child in node.children:  # emphasis, strikethrough: their text
            _children(child, out, reader)


def _plain(node: Any) -> str:
    """An image's alt text: the text of its description, markup dropped."""
    if node.name in ("text", "text_special"):
        return str(node.meta.get("content", ""))
    if node.name in ("softbreak", "hardbreak"):
        return "\n"
    return "".join(_plain(child) for child in node.children)
