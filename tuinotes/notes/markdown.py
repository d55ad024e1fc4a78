"""Markdown and frontmatter reading: the markdown-it-py parser tuinotes uses, the plain text
and links of an inline token, and YAML frontmatter split off the body."""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping, Sequence
from functools import cache
from typing import Any, Protocol

import mdurl
import yaml
from frontmatter.default_handlers import YAMLHandler
from markdown_it import MarkdownIt
from markdown_it.common.html_blocks import block_names

from tuinotes.model.meeting import Link

MAX_LIST_DEPTH = 50
MAX_NESTING = MAX_LIST_DEPTH * 3  # markdown-it stops reading blocks nested deeper than this
_YAML = YAMLHandler()
FRONTMATTER_VALUES = 5_000  # a front matter holding more (nested aliases expand to billions)


_SAFE_LOADER: Any = getattr(yaml, "CSafeLoader", yaml.SafeLoader)  # libyaml's when built


class _FrontmatterLoader(_SAFE_LOADER):
    """YAML's safe loader, but a date it cannot make (`date: 2025-13-45`) stays the text
    written, so one bad value does not cost the whole front matter."""


def _date_or_text(loader: Any, node: yaml.ScalarNode) -> Any:
    try:
        return loader.construct_yaml_timestamp(node)
    except ValueError:
        return loader.construct_scalar(node)


_FrontmatterLoader.add_constructor("tag:yaml.org,2002:timestamp", _date_or_text)


def _too_many_values(value: Any, budget: int = FRONTMATTER_VALUES) -> bool:
    """Whether `value` holds more than `budget` values, counted as a walk meets them (an
    alias's values each time), stopping as soon as it knows."""
    stack, seen = [value], 0
    while stack:
        seen += 1
        if seen > budget:
            return True
        item = stack.pop()
        if isinstance(item, dict):
            stack.extend(item.keys())
            stack.extend(item.values())
        elif isinstance(item, list | tuple | set):
            stack.extend(item)
    return False


# A bare URL in running text (markdown-it's linkify costs half of a note's parse time).
_BARE_URL = re.compile(r"\b(?:https?://|ftp://|www\.)[^\s<>\"'`\]]+", re.IGNORECASE)
_URL_TAIL = ".,:;!?*_~"


class MarkdownToken(Protocol):
    """What `StructureWalker` reads of a token: markdown-it-py's `Token`, or the one
    `compiled_markdown` makes from markdown-it-pyrs's tree."""

    @property
    def type(self) -> str: ...
    @property
    def tag(self) -> str: ...
    @property
    def map(self) -> list[int] | None: ...
    @property
    def content(self) -> str: ...
    @property
    def children(self) -> Sequence[MarkdownToken] | None: ...
    @property
    def attrs(self) -> Mapping[str, str | int | float]: ...


class Piece:
    """A token made by us (`compiled_markdown`, a task line split from its paragraph): the
    fields `MarkdownToken` names, and nothing else, so it is cheap to make."""

    __slots__ = ("attrs", "children", "content", "map", "tag", "type")

    def __init__(
        self,
        type: str,
        content: str = "",
        children: list[MarkdownToken] | None = None,
        attrs: Mapping[str, str | int | float] | None = None,
        tag: str = "",
    ) -> None:
        self.type = type
        self.content = content
        self.children = children
        self.attrs = attrs if attrs is not None else _NO_ATTRS
        self.tag = tag
        self.map: list[int] | None = None


_NO_ATTRS: Mapping[str, str | int | float] = {}


@cache
def markdown() -> MarkdownIt:
    """The shared parser: CommonMark plus tables and strikethrough (bare URLs are found by
    `bare_links`, not by markdown-it's slower linkify). Every link target is kept, `file:`
    and `javascript:` too: what opens, and after which question, is the app's policy."""
    md = AllLinksMarkdownIt("commonmark", {"html": True})
    md.enable(["table", "strikethrough"])
    md.options["maxNesting"] = MAX_NESTING
    return md


class AllLinksMarkdownIt(MarkdownIt):
    """markdown-it drops `file:`, `javascript:`, `vbscript:` and `data:` links, leaving
    their source as text; tuinotes lists them, and the app asks before opening one."""

    def validateLink(self, url: str) -> bool:
        return True

    def normalizeLink(self, url: str) -> str:
        """As markdown-it does, but a URL without `//` ('time:2023-07-10T11:00:00-04:00',
        `urn:`) is only percent-encoded: read as host and port, it came out mangled."""
        if _OPAQUE.match(url):
            return str(mdurl.encode(url))
        return str(super().normalizeLink(url))

    def normalizeLinkText(self, link: str) -> str:
        if _OPAQUE.match(link):
            return str(mdurl.decode(link))
        return str(super().normalizeLinkText(link))


# A scheme with no `//` after it, other than mailto: (which markdown-it reads right).
_OPAQUE = re.compile(r"(?!mailto:)[A-Za-z][A-Za-z0-9+.-]{1,31}:(?!//)", re.I)


def bare_links(text: str) -> Iterator[Link]:
    """Links for the bare URLs in a run of text: trailing punctuation and an unbalanced
    closing bracket are left out, as a reader would ('see https://x.org/a).' -> the URL)."""
    if "://" not in text and "www." not in text.casefold():
        return
    for match in _BARE_URL.finditer(text):
        url = match.group()
        while url and (
            url[-1] in _URL_TAIL
            or (url[-1] == ")" and url.count("(") < url.count(")"))
            or (url[-1] == "]" and url.count("[") < url.count("]"))
        ):
            url = url[:-1]
        if "." not in url.split("://", 1)[-1]:
            continue  # 'http://' alone, or no host to speak of
        href = url if "://" in url else f"http://{url}"
        yield Link(url=href, text=url)


def inline_text(token: MarkdownToken) -> tuple[str, list[Link]]:
    """Plain text and links of an inline token (link text kept, markup dropped)."""
    parts: list[str] = []
    links: list[Link] = []
    href: str | None = None
    link_start = 0
    for child in token.children or ():
        kind = child.type
        if kind == "text":
            parts.append(child.content)
            if href is None:  # a URL typed inside a link's label is that link
                links.extend(bare_links(child.content))
        elif kind == "code_inline":
            parts.append(child.content)
        elif kind in ("softbreak", "hardbreak"):
            parts.append(" ")
        elif kind == "image" or (kind == "html_inline" and not is_html_element(child.content)):
            parts.append(child.content)
        elif kind == "link_open":
            href = str(child.attrs.get("href", ""))
            link_start = len(parts)
        elif kind == "link_close" and href is not None:
            label = "".join(parts[link_start:]).strip()
            links.append(Link(url=href, text=label or href))
            href = None
    return "".join(parts).strip(), links


# HTML's elements, inline and block; any other '<word>' is text, such as a chat log's nick
# ('<chidi> any changes?'), which Markdown would drop as a tag.
_HTML_TAGS = frozenset(block_names) | {
    "a",
    "abbr",
    "b",
    "bdi",
    "bdo",
    "big",
    "br",
    "button",
    "cite",
    "code",
    "data",
    "del",
    "dfn",
    "em",
    "font",
    "i",
    "img",
    "input",
    "ins",
    "kbd",
    "label",
    "mark",
    "meter",
    "object",
    "output",
    "picture",
    "q",
    "rp",
    "rt",
    "ruby",
    "s",
    "samp",
    "script",
    "select",
    "small",
    "span",
    "strike",
    "strong",
    "style",
    "sub",
    "sup",
    "svg",
    "textarea",
    "time",
    "tt",
    "u",
    "var",
    "video",
    "wbr",
}
_TAG = re.compile(r"</?([A-Za-z][\w.-]*)[^>]*>")


def is_html_element(tag: str) -> bool:
    """'<br>', '</li>', '<span class=x>' are HTML; '<chidi>' is a nick, kept as text."""
    found = _TAG.fullmatch(tag)
    return found is None or found.group(1).lower() in _HTML_TAGS


def without_emphasis(text: str) -> str:
    """A line of Markdown source without bold markers, whitespace collapsed."""
    return " ".join(text.replace("**", "").replace("__", "").split())


def split_frontmatter(text: str) -> tuple[dict[str, Any], str, int, list[str]]:
    """Split YAML frontmatter from the body: (metadata, body, body's first line, problems)."""
    if not text.startswith("---"):
        return {}, text, 0, []
    lines = text.split("\n")
    if lines[0].strip() != "---":
        return {}, text, 0, []
    try:
        end = next(i for i in range(1, len(lines)) if lines[i].strip() in ("---", "..."))
    except StopIteration:
        return {}, text, 0, ["frontmatter: opening '---' has no closing '---'; read as Markdown"]
    body = "\n".join(lines[end + 1 :])
    try:
        metadata = _YAML.load("\n".join(lines[1:end]), Loader=_FrontmatterLoader)
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        where = f" at line {mark.line + 1}" if mark is not None else ""
        reason = getattr(error, "problem", None) or type(error).__name__
        return {}, body, end + 1, [f"frontmatter: invalid YAML{where} ({reason}); ignored"]
    except Exception as error:  # frontmatter may hold any YAML: don't let it stop us
        return {}, body, end + 1, [f"frontmatter: could not be read ({error}); ignored"]
    if metadata is None:
        return {}, body, end + 1, []
    if not isinstance(metadata, dict):
        kind = type(metadata).__name__
        return {}, body, end + 1, [f"frontmatter: expected key: value pairs, found a {kind}"]
    if _too_many_values(metadata):
        reason = f"frontmatter: more than {FRONTMATTER_VALUES:,} values (nested aliases?); ignored"
        return {}, body, end + 1, [reason]
    return metadata, body, end + 1, []
