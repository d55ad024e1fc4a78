"""Searching the index: friendly query syntax, attendee filters, hits with plain-text snippets."""

from __future__ import annotations

import itertools
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date
from functools import cache
from typing import Literal

from whoosh import qparser
from whoosh.query import And, Or, Prefix, Query, Term

from tuinotes.core.documents import NoteRecord
from tuinotes.core.index import NoteIndex, make_schema, prose_analyzer
from tuinotes.core.model import Meeting
from tuinotes.core.parse import split_speaker
from tuinotes.core.snippets import Snippet, make_snippet, stem_cache

Sort = Literal["relevance", "date"]
MAX_QUERY_CHARS = 1000
DEFAULT_FIELDS = ("title", "item", "body", "attendee", "tag")
FIELD_ALIASES: dict[str, tuple[str, ...]] = {
    "attendee": ("who", "by", "person", "people", "attendees"),
    "tag": ("tags",),
    "title": (),
    "date": ("when",),
    "org": ("affiliation", "company"),
    "item": ("agenda", "topic"),
    "series": (),
}
KNOWN_FIELDS = frozenset(FIELD_ALIASES) | {a for aliases in FIELD_ALIASES.values() for a in aliases}
PROSE_FIELDS = frozenset({"title", "body", "item"})
SUGGESTION_FIELDS = ("item", "body", "title")  # where misspellings are looked up, in order

_QUOTED = re.compile(r'("[^"]*"?)')
_FIELD = re.compile(r"(?<![\w:])(\w+):")
_DATE_TERM = re.compile(r"(?<![\w:])(?:date|when):(\S+)")
_DATE_VALUE = re.compile(r"^\d{4}(?:-\d{1,2}(?:-\d{1,2})?)?$")


@dataclass(frozen=True, slots=True)
class Filters:
    """Attendee filters: every group must match, a group matches when any of its keys attended."""

    groups: tuple[frozenset[str], ...] = ()

    @classmethod
    def all_of(cls, people: Iterable[Iterable[str]]) -> Filters:
        """Meetings that every one of these people (each given by their keys) attended."""
        return cls(tuple(g for g in (frozenset(keys) for keys in people) if g))

    @classmethod
    def any_of(cls, people: Iterable[Iterable[str]]) -> Filters:
        """Meetings that at least one of these people attended."""
        keys = frozenset(k for person in people for k in person)
        return cls((keys,) if keys else ())

    def __bool__(self) -> bool:
        return bool(self.groups)

    def matches(self, record: NoteRecord) -> bool:
        keys = record.person_keys
        return all(group & keys for group in self.groups)

    def as_query(self) -> Query | None:
        if not self.groups:
            return None
        return And([Or([Term("pkey", k) for k in sorted(g)]) for g in self.groups])


@dataclass(slots=True)
class Hit:
    path: str
    title: str
    date: date | None
    score: float
    attendee_count: int
    snippet: Snippet | None
    record: NoteRecord

    def to_dict(self) -> dict:
        return {
            "path": self.path,
            "title": self.title,
            "date": self.date.isoformat() if self.date else None,
            "score": round(self.score, 4),
            "attendee_count": self.attendee_count,
            "snippet": self.snippet.text if self.snippet else None,
            "snippet_matches": [list(s) for s in self.snippet.spans] if self.snippet else [],
        }


@dataclass(slots=True)
class SearchResult:
    query: str
    hits: list[Hit] = field(default_factory=list)
    total: int = 0
    suggestion: str | None = None  # "did you mean" when nothing was found
    notices: list[str] = field(default_factory=list)  # what was odd about the query
    terms: frozenset[str] = frozenset()  # analysed prose terms, for highlighting elsewhere

    def to_dict(self) -> dict:
        return {
            "query": self.query,
            "total": self.total,
            "suggestion": self.suggestion,
            "notices": self.notices,
            "hits": [h.to_dict() for h in self.hits],
        }


@cache
def _parser() -> qparser.QueryParser:
    schema = make_schema()
    parser = qparser.MultifieldParser(list(DEFAULT_FIELDS), schema, group=qparser.AndGroup)
    parser.add_plugin(qparser.FieldAliasPlugin({k: list(v) for k, v in FIELD_ALIASES.items()}))
    parser.remove_plugin_class(qparser.WildcardPlugin)
    parser.add_plugin(qparser.PrefixPlugin())
    return parser


def rewrite_query(text: str) -> tuple[str, list[str]]:
    """Turn friendly syntax into Whoosh syntax outside of quotes; return it with notices.

    `date:2024-03`, `date:2024-01..2024-03`, `date:>=2024-02-01` become term ranges over
    ISO dates; unknown `field:` prefixes are searched as plain words, with a notice.
    """
    notices: list[str] = []
    if len(text) > MAX_QUERY_CHARS:
        text = text[:MAX_QUERY_CHARS]
        notices.append(f"query cut to its first {MAX_QUERY_CHARS} characters")
    if text.count('"') % 2:
        text += '"'
        notices.append("closed an unbalanced quote")
    pieces = _QUOTED.split(text)
    for i in range(0, len(pieces), 2):  # even pieces are outside quotes
        pieces[i] = _DATE_TERM.sub(lambda m: _date_range(m.group(1), notices), pieces[i])
        pieces[i] = _FIELD.sub(lambda m: _known_field(m.group(1), notices), pieces[i])
    return "".join(pieces), notices


def _known_field(name: str, notices: list[str]) -> str:
    if name.lower() in KNOWN_FIELDS:
        return f"{name.lower()}:"
    notices.append(
        f"unknown field '{name}:' searched as words "
        f"(fields: attendee, tag, title, date, org, item, series)"
    )
    return f"{name} "


def _date_range(value: str, notices: list[str]) -> str:
    """One `date:` value as a Whoosh term range over 'YYYY-MM-DD' strings."""
    for operator in (">=", "<=", ">", "<"):
        if value.startswith(operator) and _DATE_VALUE.match(value[len(operator) :]):
            bound = _normal(value[len(operator) :])
            return {
                ">=": f"date:[{bound} TO]",
                ">": f"date:{{{_upper(bound)} TO]",
                "<=": f"date:[TO {_upper(bound)}]",
                "<": f"date:[TO {bound}}}",
            }[operator]
    if ".." in value:
        low, _, high = value.partition("..")
        if (not low or _DATE_VALUE.match(low)) and (not high or _DATE_VALUE.match(high)):
            low_bound = _normal(low) if low else ""
            high_bound = _upper(_normal(high)) if high else ""
            return f"date:[{low_bound} TO {high_bound}]"
    if _DATE_VALUE.match(value):
        bound = _normal(value)
        return f"date:[{bound} TO {_upper(bound)}]"
    notices.append(f"'date:{value}' is not a date (use 2024, 2024-03, 2024-03-05, a..b, >=a)")
    return ""


def _normal(value: str) -> str:
    """'2024-3-5' -> '2024-03-05'; partial dates keep their precision: '2024-3' -> '2024-03'."""
    return "-".join(part.zfill(2) if i else part for i, part in enumerate(value.split("-")))


def _upper(bound: str) -> str:
    """The last string a partial ISO date covers: '2024' -> '2024-99', '2024-03' -> '2024-03-99'."""
    return bound if bound.count("-") == 2 else f"{bound}-99"


def search(
    index: NoteIndex,
    text: str,
    filters: Filters = Filters(),
    sort: Sort = "relevance",
    limit: int | None = 20,
    snippets: bool = True,
) -> SearchResult:
    """Run a query (empty: list meetings) with attendee filters; top `limit` hits."""
    text = text.strip()
    if not text:
        return list_meetings(index, filters, limit)
    rewritten, notices = rewrite_query(text)
    result = SearchResult(query=text, notices=notices)
    try:
        query = _parser().parse(rewritten)
    except Exception as error:  # Whoosh's parser is lenient; this is a last resort
        result.notices.append(f"could not understand the query ({error})")
        return result
    searcher = index.searcher()
    sortedby = "date" if sort == "date" else None
    results = searcher.search(
        query,
        limit=limit,
        filter=filters.as_query(),
        sortedby=sortedby,
        reverse=sort == "date",
    )
    result.total = len(results) if results.has_exact_length() else results.estimated_length()
    result.terms = query_terms(query, searcher)
    for hit in results:
        record: NoteRecord = hit["record"]
        snippet = make_snippet(hit["text"], result.terms, _prose()) if snippets else None
        result.hits.append(
            Hit(
                path=record.path,
                title=record.title,
                date=record.date,
                score=hit.score if isinstance(hit.score, float) else 0.0,
                attendee_count=record.attendee_count,
                snippet=snippet or None,
                record=record,
            )
        )
    if not result.hits:
        result.suggestion = _suggestion(searcher, query, rewritten, filters)
    return result


def list_meetings(
    index: NoteIndex, filters: Filters = Filters(), limit: int | None = None
) -> SearchResult:
    """All meetings matching the filters, newest first (no query needed)."""
    records = [r for r in index.records() if filters.matches(r)]
    records.sort(key=lambda r: (r.date or date.min, r.path), reverse=True)
    hits = [
        Hit(r.path, r.title, r.date, 0.0, r.attendee_count, None, r)
        for r in (records[:limit] if limit else records)
    ]
    return SearchResult(query="", hits=hits, total=len(records))


def query_terms(query: Query, searcher) -> frozenset[str]:
    """The analysed prose terms a query asks for (prefixes expanded), for highlighting."""
    terms: set[str] = set()
    reader = searcher.reader()
    for leaf in query.leaves():
        fieldname = getattr(leaf, "fieldname", None)
        if fieldname not in PROSE_FIELDS:
            continue
        if isinstance(leaf, Prefix):
            words = reader.expand_prefix(fieldname, leaf.text)
        else:
            words = (text for _, text in leaf.terms())
        for word in itertools.islice(words, 200):
            terms.add(word.decode("utf-8") if isinstance(word, bytes) else str(word))
    return frozenset(terms)


def _suggestion(searcher, query: Query, text: str, filters: Filters) -> str | None:
    """A spelling correction, offered only when the corrected query finds something.

    Each unknown word is matched (2 edits, 3 for long words) against the index's stems,
    then shown as a word that really occurs in a note with that stem.
    """
    try:
        reader = searcher.reader()
        fixes: dict[tuple[int, int], str] = {}
        for token in query.all_tokens():
            span = (token.startchar, token.endchar)
            if token.fieldname not in PROSE_FIELDS or None in span or span in fixes:
                continue
            if any((name, token.text) in reader for name in PROSE_FIELDS):
                continue
            stem = _closest_stem(searcher, token.text)
            word = _surface_word(searcher, stem) if stem else None
            if word:
                fixes[span] = word
        if not fixes:
            return None
        corrected = text
        for (start, end), word in sorted(fixes.items(), reverse=True):
            corrected = corrected[:start] + word + corrected[end:]
        if corrected == text:
            return None
        fixed = _parser().parse(corrected)
        found = searcher.search(fixed, limit=1, filter=filters.as_query())
        return corrected if found.scored_length() else None
    except Exception:  # a suggestion is a nicety: never let it break a search
        return None


def _closest_stem(searcher, stem: str) -> str | None:
    # Stems are shorter than the words typed ('serializr' is 3 edits from 'serial').
    distance = 3 if len(stem) >= 8 else 2
    for fieldname in SUGGESTION_FIELDS:
        found = searcher.corrector(fieldname).suggest(stem, limit=1, maxdist=distance)
        if found:
            return found[0]
    return None


def _surface_word(searcher, stem: str) -> str | None:
    """A word from a note whose stem is `stem` ('secur' -> 'security')."""
    hits = searcher.search(Or([Term(f, stem) for f in SUGGESTION_FIELDS]), limit=1)
    for hit in hits:
        text = f"{hit.get('title', '')}\n{hit.get('text', '')}".lower()
        stem_of = stem_cache(_prose())
        for match in re.finditer(r"\w+", text):
            if stem_of(match.group()) == stem:
                return match.group()
    return None


def term_spans(text: str, terms: frozenset[str]) -> list[tuple[int, int]]:
    """Character ranges of `text` whose analysed words are among `terms`."""
    if not terms or not text:
        return []
    return [
        (token.startchar, token.endchar)
        for token in _prose()(text, chars=True, removestops=False)
        if token.text in terms
    ]


@cache
def _prose():
    return prose_analyzer()


def related(index: NoteIndex, path: str, agenda: str, limit: int = 5) -> list[NoteRecord]:
    """Meetings whose agenda items share the most telling words with `agenda` (the agenda
    of the meeting at `path`, which is left out): Whoosh's more-like-this."""
    searcher = index.searcher()
    docnum = searcher.document_number(path=path)
    text = _URL.sub(" ", agenda)
    if docnum is None or not text.strip():
        return []
    hits = searcher.more_like(docnum, "item", text=text, top=limit, numterms=12)
    return [hit["record"] for hit in hits]


_URL = re.compile(r"\S+://\S+|\bwww\.\S+")


def agenda_text(meeting: Meeting) -> str:
    """What a meeting's agenda says, without who said it: the input of `related`."""
    return "\n".join(split_speaker(item.text)[1] for item in meeting.items())
