"""The index's fields and their analysis (the prose analyzer reads words as
`tuinotes.search.analysis` says, identifiers by their parts and whole)."""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
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


class ProseAnalyzer(Analyzer):
    """Prose in one pass: words lowercased, accents folded, stop words dropped (numbers and
    one-letter words kept: 'python 3', 'PEP 8'), stemmed ('Securities' ~ 'security').

    An identifier, path or URL gives its parts as adjacent words (`X-Ray` ~ "x ray",
    `WeakMap.get` finds `weakmap`), and when indexing a short one is also kept whole, at
    its first part's position, for prefix searches like `weakmap.g*`.
    """

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
        position = start_pos
        whole_too = mode == "index"
        for compound in COMPOUND.finditer(value):
            text = compound.group()
            if text.isalnum():
                parts: Iterable[re.Match[str]] = (compound,)
                offset = 0
            else:
                parts = PART.finditer(text)
                offset = compound.start()
                if whole_too and len(text) <= _WHOLE_MAX and "://" not in text:
                    token.text = fold_word(text)
                    token.stopped = False
                    token.pos = position
                    if chars:
                        token.startchar = start_char + compound.start()
                        token.endchar = start_char + compound.end()
                    if keeporiginal:
                        token.original = text
                    yield token
            for part in parts:
                word = part.group()
                token.text, token.stopped = term(word)
                if token.stopped and removestops:
                    position += 1  # a gap where it was: phrases don't join across it
                    continue
                if keeporiginal:
                    token.original = word
                if positions:
                    token.pos = position
                if chars:
                    token.startchar = start_char + offset + part.start()
                    token.endchar = start_char + offset + part.end()
                position += 1
                yield token


def prose_analyzer() -> Analyzer:
    return ProseAnalyzer()


def names_analyzer() -> Analyzer:
    """Names, initials and handles: kept whole ('chenwei-dev'), lowercased, accents folded."""
    return RegexTokenizer(r"\w+(?:[-.]\w+)*") | LowercaseFilter() | CharsetFilter(accent_map)


def make_schema() -> Schema:
    """Each word of a note is analysed once: agenda items go to `item`, the rest to `body`;
    `text` keeps the whole note (items first) for snippets."""
    prose, names = prose_analyzer(), names_analyzer()
    return Schema(
        path=ID(stored=True, unique=True),
        title=TEXT(analyzer=prose, stored=True, field_boost=2.0),
        body=TEXT(analyzer=prose),
        item=TEXT(analyzer=prose),
        text=STORED(),
        link=TEXT(analyzer=prose, field_boost=0.3),  # below any word a reader sees
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
