"""The Whoosh backend: schema and analysis, the query tree translated to Whoosh queries,
snippets and highlight spans, spelling suggestions and more-like-this.

The only module that imports `whoosh`.
"""

from __future__ import annotations

import itertools
import os
import re
import shutil
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

from whoosh import index as whoosh_index
from whoosh import query as wq
from whoosh.analysis import (
    Analyzer,
    CharsetFilter,
    LowercaseFilter,
    RegexTokenizer,
    Token,
)
from whoosh.fields import ID, KEYWORD, STORED, TEXT, Schema
from whoosh.filedb import compound as whoosh_compound
from whoosh.filedb.filestore import FileStorage, RamStorage
from whoosh.filedb.structfile import BufferFile
from whoosh.index import TOC, Index, LockError
from whoosh.searching import Searcher
from whoosh.support.charset import accent_map
from whoosh.util import random_name
from whoosh.writing import SegmentWriter

from tuinotes.search.analysis import COMPOUND, PART, fold_word, term
from tuinotes.search.backend import (
    BadQuery,
    IndexBusy,
    Match,
    Matches,
    SearchDocument,
    Sort,
)
from tuinotes.search.query import DateRange, Node, Not, Or, People, Query, Words
from tuinotes.search.snippets import make_snippet

VERSION = "whoosh-8"
DEFAULT_FIELDS = ("title", "item", "body", "attendee", "org", "tag")
PROSE_FIELDS = ("title", "item", "body")
SUGGESTION_FIELDS = ("item", "body", "title")  # where misspellings are looked up, in order
WRITER_MB = 128  # postings buffered in memory before the writer spills to disk
SINK_MB = 64  # the same, for each worker process writing a segment
_WORD = re.compile(r"\w+")
_URL = re.compile(r"\S+://\S+|\bwww\.\S+")


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


class _View:
    """A read-only file over a memoryview, with its own position and no copy."""

    def __init__(self, view: memoryview) -> None:
        self.view = view
        self.position = 0

    def read(self, size: int = -1) -> bytes:
        end = len(self.view) if size is None or size < 0 else self.position + size
        data = bytes(self.view[self.position : end])
        self.position += len(data)
        return data

    def readline(self) -> bytes:
        rest = self.view[self.position :]
        end = bytes(rest).find(b"\n") + 1 or len(rest)
        return self.read(end)

    def seek(self, offset: int, whence: int = 0) -> int:
        base = (0, self.position, len(self.view))[whence]
        self.position = base + offset
        return self.position

    def tell(self) -> int:
        return self.position

    def close(self) -> None:
        pass

    def flush(self) -> None:
        pass


class _MappedPart(BufferFile):
    """A part of a compound segment file read straight from its memory map. Whoosh's own
    copies each part into a BytesIO whenever a reader opens: the whole index, per reader
    (hundreds of MB, and most of a CLI search's time, at 10,000 notes)."""

    def __init__(self, buf: memoryview, name: str | None = None, onclose: Any = None) -> None:
        super().__init__(b"", name=name, onclose=onclose)
        self._buf = buf
        self.file = _View(buf)


whoosh_compound.BufferFile = _MappedPart  # used by CompoundStorage.open_file


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
        attendee=TEXT(analyzer=names, field_boost=1.5),
        pkey=KEYWORD(commas=True),
        org=TEXT(analyzer=names),
        tag=KEYWORD(lowercase=True, commas=True, scorable=True),
        date=ID(sortable=True),
        series=ID(),
        payload=STORED(),
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
    return {name: schema[name].analyzer for name in ("title", "item", "body", "attendee", "org")}


def _analyse(fieldname: str, text: str) -> list[str]:
    """The terms a field indexes for `text` (stop words dropped as the field drops them)."""
    return [term for term, _ in _analyse_positions(fieldname, text)]


def _analyse_positions(fieldname: str, text: str) -> list[tuple[str, int]]:
    if fieldname == "tag":
        return [(text.lower(), 0)] if text else []
    return [(t.text, t.pos) for t in _analyzers()[fieldname](text, positions=True)]


# -- the query tree in Whoosh terms ------------------------------------------------------------


def translate(node: Node | None) -> wq.Query | None:
    """A Whoosh query for the tree; a word every field drops (a stop word) is left out."""
    query = _translate(node)
    if isinstance(query, wq.Not):
        return wq.And([wq.Every(), query])  # NOT a: every meeting but those
    return query


def _translate(node: Node | None) -> wq.Query | None:
    if node is None:
        return None
    if isinstance(node, Words):
        return _words(node)
    if isinstance(node, People):
        return _any([wq.Term("pkey", key) for key in sorted(node.keys)]) or wq.NullQuery
    if isinstance(node, DateRange):
        return wq.TermRange("date", node.low or None, node.high or None)
    if isinstance(node, Not):
        inner = _translate(node.part)
        return wq.Not(inner) if inner is not None else None
    parts = [q for q in (_translate(p) for p in node.parts) if q is not None]
    if not parts:
        return None
    if isinstance(node, Or):
        return parts[0] if len(parts) == 1 else wq.Or(parts)
    if all(isinstance(p, wq.Not) for p in parts):
        parts.insert(0, wq.Every())  # NOT a: every meeting but those
    # And with Not parts, never AndNot: Whoosh's AndNot matcher lets excluded documents
    # through once the result list grows past its first block.
    return _all(parts)


def _words(node: Words) -> wq.Query | None:
    if node.field == "series":
        return wq.Term("series", " ".join(node.text.casefold().split()))
    fields = (node.field,) if node.field else DEFAULT_FIELDS
    if node.kind == "prefix":
        text = fold_word(node.text)
        return _any([wq.Prefix(f, text) for f in fields])
    per_field: list[wq.Query] = []
    for fieldname in fields:
        analysed = _analyse_positions(fieldname, node.text)
        if not analysed:
            if node.field is None and fieldname in PROSE_FIELDS:
                return None  # a stop word: never required
            continue
        terms = [term for term, _ in analysed]
        if len(terms) == 1:
            per_field.append(wq.Term(fieldname, terms[0]))
        elif fieldname != "tag":
            # Stop words are not indexed but keep their place: "state of the art" allows
            # two words between 'state' and 'art'; `X-Ray` allows none ("X and Ray" differs).
            gaps = [b - a for (_, a), (_, b) in itertools.pairwise(analysed)]
            per_field.append(wq.Phrase(fieldname, terms, slop=max(gaps)))
    if not per_field:
        return wq.NullQuery
    return _any(per_field)


def _any(queries: list[wq.Query]) -> wq.Query:
    return queries[0] if len(queries) == 1 else wq.Or(queries)


def _all(queries: list[wq.Query]) -> wq.Query:
    return queries[0] if len(queries) == 1 else wq.And(queries)


def _people(groups: Iterable[frozenset[str]]) -> wq.Query | None:
    parts = [wq.Or([wq.Term("pkey", k) for k in sorted(g)]) for g in groups if g]
    return wq.And(parts) if parts else None


# -- reading -------------------------------------------------------------------------------


class WhooshReader:
    """A searcher over one commit."""

    def __init__(self, searcher: Searcher) -> None:
        self.searcher = searcher

    def close(self) -> None:
        self.searcher.close()

    def search(
        self,
        query: Query,
        people: Iterable[frozenset[str]] = (),
        sort: Sort = "relevance",
        limit: int | None = 20,
        snippets: bool = True,
        suggest: bool = True,
    ) -> Matches:
        whoosh_query = translate(query.root)
        people_query = _people(people)
        if whoosh_query is None:  # only stop words: every meeting (of those people)
            whoosh_query = wq.Every()
        try:
            results = self.searcher.search(
                whoosh_query,
                limit=limit,
                filter=people_query,
                sortedby="date" if sort == "date" else None,
                reverse=sort == "date",
            )
        except wq.QueryError as error:  # e.g. a phrase in a field without positions
            raise BadQuery(str(error)) from error
        terms = self.prose_terms(query) if snippets else frozenset()
        matches = []
        for hit in results:
            snippet = make_snippet(hit["text"], terms, prose()) if terms else None
            score = hit.score if isinstance(hit.score, float) else 0.0
            matches.append(Match(hit["path"], score, hit["payload"], snippet))
        found = Matches(matches, total=len(results))
        if not matches and suggest:
            found.suggestion = self.suggestion(query, people_query)
        return found

    def prose_terms(self, query: Query) -> frozenset[str]:
        """The analysed prose terms a query asks for (prefixes expanded), for highlighting."""
        terms: set[str] = set()
        reader = self.searcher.reader()
        for words in query.words():
            if words.field not in (None, *PROSE_FIELDS):
                continue
            if words.kind == "prefix":
                text = fold_word(words.text)
                for fieldname in PROSE_FIELDS:
                    expanded = reader.expand_prefix(fieldname, text)
                    terms.update(
                        w.decode() if isinstance(w, bytes) else str(w)
                        for w in itertools.islice(expanded, 200)
                    )
            else:
                terms.update(_analyse("body", words.text))
        return frozenset(terms)

    def highlights(self, query: Query, text: str) -> list[tuple[int, int]]:
        terms = self.prose_terms(query)
        if not terms or not text:
            return []
        return [(start, end) for term, start, end in prose().tokens(text) if term in terms]

    def suggest(self, query: Query, people: Iterable[frozenset[str]] = ()) -> str | None:
        return self.suggestion(query, _people(people))

    def suggestion(self, query: Query, people: wq.Query | None) -> str | None:
        """A spelling correction, offered only when the corrected query finds something.

        Each unknown word is matched (2 edits, 3 for long words) against the index's stems,
        then shown as a word that really occurs in a note with that stem.
        """
        try:
            reader = self.searcher.reader()
            fixes: dict[tuple[int, int], str] = {}
            for words in query.words():
                if words.kind != "word" or words.field not in (None, *PROSE_FIELDS):
                    continue
                terms = _analyse("body", words.text)
                if len(terms) != 1 or any((f, terms[0]) in reader for f in PROSE_FIELDS):
                    continue
                stem = self._closest_stem(terms[0])
                word = self._surface_word(stem) if stem else None
                if word:
                    fixes[words.span] = word
            if not fixes:
                return None
            corrected = query.text
            for (start, end), word in sorted(fixes.items(), reverse=True):
                corrected = corrected[:start] + word + corrected[end:]
            from tuinotes.search.query import parse_query

            fixed = translate(parse_query(corrected).root)
            if corrected == query.text or fixed is None:
                return None
            found = self.searcher.search(fixed, limit=1, filter=people)
            return corrected if found.scored_length() else None
        except Exception:  # a suggestion is a nicety: never let it break a search
            return None

    def _closest_stem(self, stem: str) -> str | None:
        # Stems are shorter than the words typed ('serializr' is 3 edits from 'serial').
        distance = 3 if len(stem) >= 8 else 2
        for fieldname in SUGGESTION_FIELDS:
            found = self.searcher.corrector(fieldname).suggest(stem, limit=1, maxdist=distance)
            if found:
                return str(found[0])
        return None

    def _surface_word(self, stem: str) -> str | None:
        """A word from a note whose stem is `stem` ('secur' -> 'security')."""
        hits = self.searcher.search(wq.Or([wq.Term(f, stem) for f in SUGGESTION_FIELDS]), limit=1)
        for hit in hits:
            text = f"{hit.get('title', '')}\n{hit.get('text', '')}".lower()
            for match in _WORD.finditer(text):
                if prose().term(match.group()) == stem:
                    return match.group()
        return None

    def more_like(self, path: str, text: str, limit: int) -> list[dict[str, Any]]:
        docnum = self.searcher.document_number(path=path)
        text = _URL.sub(" ", text)
        if docnum is None or not text.strip():
            return []
        hits = self.searcher.more_like(docnum, "item", text=text, top=limit, numterms=12)
        return [hit["payload"] for hit in hits]

    def payloads(self) -> Iterator[tuple[str, dict[str, Any]]]:
        for fields in self.searcher.reader().all_stored_fields():
            if "payload" in fields:
                yield fields["path"], fields["payload"]

    def payload(self, path: str) -> dict[str, Any] | None:
        fields = self.searcher.document(path=path)
        return fields.get("payload") if fields else None


# -- writing and the index's life ----------------------------------------------------------


def _fields(document: SearchDocument) -> dict[str, Any]:
    return {
        "path": document.path,
        "title": document.title,
        "body": document.body,
        "item": document.items,
        "text": document.text,
        "attendee": document.attendees,
        "pkey": ",".join(sorted(document.person_keys)),
        "org": document.orgs,
        "tag": ",".join(t.lower() for t in document.tags),
        "date": document.date,
        "series": " ".join(document.series.casefold().split()),
        "payload": document.payload,
    }


class WhooshWriter:
    def __init__(self, writer: SegmentWriter) -> None:
        self.writer = writer
        self.attached: list[Any] = []

    def put(self, document: SearchDocument, replace: bool) -> None:
        if replace:
            self.writer.update_document(**_fields(document))
        else:
            self.writer.add_document(**_fields(document))

    def delete(self, path: str) -> None:
        self.writer.delete_by_term("path", path)

    def attach(self, segment: object) -> None:
        self.attached.append(segment)

    def checkpoint(self) -> None:
        """A new generation of the index's table of contents: the writer's segments (with
        deletions marked) and the attached ones. Files are not cleaned here: segments that
        workers are still writing must survive until the final commit."""
        writer = self.writer
        if writer._added:
            raise RuntimeError("checkpoint after put: commit instead")
        TOC(writer.schema, [*writer.segments, *self.attached], writer.generation).write(
            writer.storage, writer.indexname
        )
        writer.generation += 1

    def commit(self, merge: bool = True) -> None:
        """Commit and release the lock. Called when no worker is writing: segments and
        temporary folders left by workers that were stopped or killed are removed."""
        writer = self.writer
        folder = getattr(writer.storage, "folder", None)
        if not self.attached:
            writer.commit(merge=merge)
        else:
            segments = writer._merge_segments(None, None, merge)
            if writer._added:
                segments.append(writer._finalize_segment())
            else:
                writer._close_segment()
            writer._commit_toc([*segments, *self.attached])  # also removes unused files
            writer._finish()
        if folder is not None:
            for leftover in Path(folder).glob("*.tmp"):
                shutil.rmtree(leftover, ignore_errors=True)

    def cancel(self) -> None:
        self.writer.cancel()


class WhooshSink:
    """A segment written in a worker process (see `WhooshSegments`)."""

    def __init__(self, writer: SegmentWriter) -> None:
        self.writer = writer
        self.count = 0

    def put(self, document: SearchDocument) -> None:
        self.writer.add_document(**_fields(document))
        self.count += 1

    def finish(self) -> object:
        segment = self.writer._finalize_segment()
        self.writer._tempstorage.destroy()
        return segment


class _SinkStorage(FileStorage):
    """The index directory, with temporary files in folders of this writer's own: by
    default every writer of an index shares one, which the first to finish removes."""

    def __init__(self, path: str) -> None:
        super().__init__(path)
        self.own = random_name()

    def temp_storage(self, name: str | None = None) -> FileStorage:
        return super().temp_storage(f"{name or 'temp'}.{self.own}.tmp")


@dataclass(frozen=True, slots=True)
class WhooshSegments:
    """Segments written into an index directory by worker processes, without its lock."""

    directory: str

    def open(self) -> WhooshSink:
        ix = _SinkStorage(self.directory).open_index(schema=make_schema())
        return WhooshSink(SegmentWriter(ix, _lk=False, limitmb=SINK_MB))


class WhooshBackend:
    """A Whoosh index in a directory (or in memory when it cannot be written)."""

    version = VERSION

    def __init__(self) -> None:
        self.schema = make_schema()
        self.messages: list[str] = []
        self.in_memory = False
        self.directory: Path | None = None
        self._ix: Index | None = None

    @property
    def ix(self) -> Index:
        if self._ix is None:
            raise RuntimeError("the index is not open")
        return self._ix

    def open(self, directory: Path | None) -> None:
        self.directory = directory
        if directory is None:
            self._ix = self._in_memory("no cache dir")
            return
        try:
            directory.mkdir(parents=True, exist_ok=True)
            if whoosh_index.exists_in(str(directory)):
                ix = whoosh_index.open_dir(str(directory), schema=self.schema)
                ix.doc_count()  # touch the segments: damage shows here, not mid-search
                self._ix = ix
            else:
                self._ix = self._create(directory)
        except PermissionError as error:
            self._ix = self._in_memory(f"cache dir not writable ({error.strerror})")
        except OSError as error:
            parent = directory if directory.exists() else directory.parent
            if not os.access(parent, os.W_OK):
                self._ix = self._in_memory(f"cache dir not writable ({error.strerror})")
            else:
                self._ix = self._recreate(f"index could not be read ({error}): rebuilding")
        except Exception as error:  # Whoosh raises many kinds on damaged files
            self._ix = self._recreate(f"index damaged ({type(error).__name__}): rebuilding")

    def _recreate(self, message: str) -> Index:
        self.messages.append(message)
        assert self.directory is not None
        try:
            return self._create(self.directory)
        except OSError as error:
            return self._in_memory(f"cannot write the index ({error})")

    def _create(self, directory: Path) -> Index:
        for entry in directory.glob("*"):
            if entry.name.endswith((".toc", ".seg", ".pst", ".trm", ".fdt", ".lock")) or (
                entry.name.startswith("_MAIN_")
            ):
                if entry.is_dir():
                    shutil.rmtree(entry, ignore_errors=True)
                else:
                    entry.unlink(missing_ok=True)
        directory.mkdir(parents=True, exist_ok=True)
        return whoosh_index.create_in(str(directory), self.schema)

    def _in_memory(self, why: str) -> Index:
        self.messages.append(f"{why}: keeping the index in memory for this session")
        self.in_memory = True
        return RamStorage().create_index(self.schema)

    def clear(self) -> None:
        """Empty the index (a rebuild, or a stamp that no longer matches)."""
        if self._ix is not None:
            self._ix.close()
        if self.in_memory or self.directory is None:
            self._ix = RamStorage().create_index(self.schema)
        else:
            self._ix = self._recreate_quietly(self.directory)

    def _recreate_quietly(self, directory: Path) -> Index:
        try:
            shutil.rmtree(directory, ignore_errors=True)
            directory.mkdir(parents=True, exist_ok=True)
            return whoosh_index.create_in(str(directory), self.schema)
        except OSError as error:
            return self._in_memory(f"cannot write the index ({error})")

    def writer(self, timeout: float) -> WhooshWriter:
        try:
            return WhooshWriter(self.ix.writer(timeout=timeout, limitmb=WRITER_MB))
        except LockError as error:
            raise IndexBusy from error

    def segment_target(self) -> WhooshSegments | None:
        if self.in_memory or self.directory is None:
            return None
        return WhooshSegments(str(self.directory))

    def reader(self) -> WhooshReader:
        return WhooshReader(self.ix.searcher())

    def generation(self) -> int:
        return int(self.ix.latest_generation())

    def close(self) -> None:
        if self._ix is not None:
            self._ix.close()
