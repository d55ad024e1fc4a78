"""The index's fields and their analysis (the prose analyzer reads words as
`tuinotes.search.analysis` says, identifiers by their parts and whole)."""

from __future__ import annotations

import re
from collections.abc import Iterator
from functools import cache
from typing import Any

from whoosh.analysis import (
    Analyzer,
    CharsetFilter,
    LowercaseFilter,
    RegexTokenizer,
    Token,
)
from whoosh.fields import ID, KEYWORD, STORED, TEXT, Schema
from whoosh.support.charset import accent_map

from tuinotes.search.analysis import COMPOUND, PART, fold_word, term

VERSION = "whoosh-9"  # 9: link targets indexed (field `link`)
LINK_FIELD = "link"  # link targets: found, ranked below any visible word
DEFAULT_FIELDS = ("title", "item", "body", "attendee", "org", "tag", LINK_FIELD)
PROSE_FIELDS = ("title", "item", "body")
SUGGESTION_FIELDS = ("item", "body", "title")  # where misspellings are looked up, in order
WRITER_MB = 128  # postings buffered in memory before the writer spills to disk
SINK_MB = 64  # the same, for each worker process writing a segment
WORD = re.compile(r"\w+")


_WHOLE_MAX = 40  # longer compounds (URLs, paths) are indexed by their parts only


# A word of prose: its term, whether that is a stop word, the word as written, its
# position and its start and end in the text.
ProseWord = tuple[str, bool, str, int, int, int]


def prose_words(value: str, wholes: bool) -> Iterator[ProseWord]:
    """The words of prose as the prose fields read them: each by `analysis.term`; an
    identifier, path or URL by its parts as adjacent words (`X-Ray` ~ "x ray", `WeakMap.get`
    finds `weakmap`) and, with `wholes`, a short one also whole (folded, not stemmed) at its
    first part's position, for prefix searches like `weakmap.g*`. A stop word keeps its
    position, so phrases don't join across it."""
    position = 0
    for compound in COMPOUND.finditer(value):
        text = compound.group()
        if text.isalnum():
            yield *term(text), text, position, compound.start(), compound.end()
            position += 1
            continue
        offset = compound.start()
        if wholes and len(text) <= _WHOLE_MAX and "://" not in text:
            yield fold_word(text), False, text, position, offset, compound.end()
        for part in PART.finditer(text):
            word = part.group()
            yield *term(word), word, position, offset + part.start(), offset + part.end()
            position += 1


class ProseAnalyzer(Analyzer):
    """Prose in one pass (`prose_words`): words lowercased, accents folded, stop words
    dropped (numbers and one-letter words kept: 'python 3', 'PEP 8'), stemmed ('Securities'
    ~ 'security'); a short identifier also kept whole when indexing."""

    def __call__(
        self,
        value: str,
        positions: bool = False,
        chars: bool = False,
        keeporiginal: bool = False,
        removestops: bool = True,
        start_pos: int = 0,
        start_char: int = 0,
        tokenize: bool = True,
        mode: str = "",
        **kwargs: Any,
    ) -> Iterator[Token]:
        token = Token(positions, chars, removestops=removestops, mode=mode, **kwargs)
        for text, stopped, original, position, start, end in prose_words(value, mode == "index"):
            if stopped and removestops:
                continue
            token.text, token.stopped = text, stopped
            if keeporiginal:
                token.original = original
            if positions:
                token.pos = start_pos + position
            if chars:
                token.startchar, token.endchar = start_char + start, start_char + end
            yield token


class ProseField(TEXT):
    """A prose field: `ProseAnalyzer`'s words with their positions. A document's postings
    are made in one pass over `prose_words`, not through Whoosh's tokens: the same postings
    as Whoosh's own path (a test compares), in about half the time."""

    def __init__(self, field_boost: float = 1.0, stored: bool = False) -> None:
        super().__init__(analyzer=ProseAnalyzer(), field_boost=field_boost, stored=stored)

    def index(self, value: Any, **kwargs: Any) -> Any:
        if kwargs or not isinstance(value, str):
            return super().index(value, **kwargs)
        positions: dict[str, list[int]] = {}
        for text, stopped, _, position, _, _ in prose_words(value, wholes=True):
            if not stopped:
                positions.setdefault(text, []).append(position)
        boost, encode = self.format.field_boost, self.format.encode
        return [
            (text.encode(), len(at), len(at) * 1.0 * boost, encode(at))
            for text, at in positions.items()
        ]


def prose_analyzer() -> Analyzer:
    return ProseAnalyzer()


def names_analyzer() -> Analyzer:
    """Names, initials and handles: kept whole ('chenwei-dev'), lowercased, accents folded."""
    return RegexTokenizer(r"\w+(?:[-.]\w+)*") | LowercaseFilter() | CharsetFilter(accent_map)


def make_schema() -> Schema:
    """Each word of a note is analysed once: agenda items go to `item`, the rest to `body`;
    `text` keeps the whole note (items first) for snippets."""
    names = names_analyzer()
    return Schema(
        path=ID(stored=True, unique=True),
        title=ProseField(field_boost=2.0, stored=True),
        body=ProseField(),
        item=ProseField(),
        text=STORED(),
        link=ProseField(field_boost=0.3),  # below any word a reader sees
        attendee=TEXT(analyzer=names, field_boost=1.5),
        pkey=KEYWORD(commas=True),
        org=TEXT(analyzer=names),
        tag=KEYWORD(lowercase=True, commas=True, scorable=True),
        date=ID(sortable=True),
        series=ID(),
    )


class ProseAnalysis:
    """The prose fields' analysis, for snippets and highlights (stop words kept)."""

    def __init__(self) -> None:
        self.analyzer = prose_analyzer()

    def term(self, word: str) -> str:
        return term(word)[0]

    def tokens(self, text: str) -> Iterator[tuple[str, int, int]]:
        for token in self.analyzer(text, chars=True, removestops=False):
            yield token.text, token.startchar, token.endchar


@cache
def prose() -> ProseAnalysis:
    return ProseAnalysis()


@cache
def _analyzers() -> dict[str, Analyzer]:
    schema = make_schema()
    return {
        name: schema[name].analyzer for name in ("title", "item", "body", "link", "attendee", "org")
    }


def analyse(fieldname: str, text: str) -> list[str]:
    """The terms a field indexes for `text` (stop words dropped as the field drops them)."""
    return [term for term, _ in analyse_positions(fieldname, text)]


def analyse_positions(fieldname: str, text: str) -> list[tuple[str, int]]:
    if fieldname == "tag":
        return [(text.lower(), 0)] if text else []
    return [(t.text, t.pos) for t in _analyzers()[fieldname](text, positions=True)]


# -- the query tree in Whoosh terms ------------------------------------------------------------
