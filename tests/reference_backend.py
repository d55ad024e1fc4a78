"""A small in-memory search backend written for the tests: the reference the backend contract
(`test_backend_contract.py`) holds the Whoosh backend to, and proof that the seam in
`tuinotes.search.backend` is enough for a second engine. Plain dictionaries and sets; the
words are read by `tuinotes.search.analysis`, as every consumer reads them."""

from __future__ import annotations

import threading
from collections.abc import Iterable
from pathlib import Path

from tuinotes.search.analysis import COMPOUND, PART, fold_word, term, terms
from tuinotes.search.backend import IndexBusy, Match, Matches, SearchDocument, Sort
from tuinotes.search.query import And, DateRange, Node, Not, Or, People, Query, Words

PROSE = ("title", "item", "body", "link")
NAMES = ("attendee", "org")
DEFAULT_FIELDS = (*PROSE, *NAMES, "tag")


def _field_text(document: SearchDocument, name: str) -> str:
    return {
        "title": document.title,
        "item": document.items,
        "body": document.body,
        "link": document.links,
        "attendee": document.attendees,
        "org": document.orgs,
        "tag": " ".join(document.tags),
    }[name]


def _terms(name: str, text: str) -> list[str | None]:
    """A field's terms in order; a stop word of a prose field keeps its place as None, so
    a phrase never joins across it."""
    if name in PROSE:
        return [
            None if stopped else word
            for compound in COMPOUND.finditer(text)
            for word, stopped in map(term, PART.findall(compound.group()))
        ]
    if name == "tag":
        return [fold_word(t) for t in text.split()]
    return [fold_word(part) for part in PART.findall(text)]


class _Indexed:
    """One document with each field's terms, in order."""

    def __init__(self, document: SearchDocument) -> None:
        self.document = document
        self.fields = {name: _terms(name, _field_text(document, name)) for name in DEFAULT_FIELDS}


class ReferenceReader:
    def __init__(self, documents: dict[str, _Indexed], generation: int) -> None:
        self.documents = documents
        self._generation = generation

    def close(self) -> None:
        pass

    def search(
        self,
        query: Query,
        people: Iterable[frozenset[str]] = (),
        sort: Sort = "relevance",
        limit: int | None = 20,
        snippets: bool = True,
        suggest: bool = True,
    ) -> Matches:
        groups = [g for g in people if g]
        scored = []
        for path, indexed in self.documents.items():
            keys = set(indexed.document.person_keys)
            if not all(group & keys for group in groups):
                continue
            score = 1.0 if query.root is None else self._score(query.root, indexed)
            if score > 0:
                scored.append((score, path, indexed))
        if sort == "date":
            scored.sort(key=lambda s: (s[2].document.date, s[1]), reverse=True)
        else:
            scored.sort(key=lambda s: (-s[0], s[1]))
        shown = scored if limit is None else scored[:limit]
        found = [Match(path, score) for score, path, _ in shown]
        return Matches(found, total=len(scored))

    def _score(self, node: Node, indexed: _Indexed) -> float:
        """How often the node's words occur (0: no match); NOT and filters count 1."""
        if isinstance(node, Words):
            return self._words(node, indexed)
        if isinstance(node, People):
            return float(bool(node.keys & set(indexed.document.person_keys)))
        if isinstance(node, DateRange):
            day = indexed.document.date
            inside = bool(day) and (node.low or day) <= day <= (node.high or day)
            return float(inside)
        if isinstance(node, Not):
            return float(self._score(node.part, indexed) == 0)
        scores = [self._score(part, indexed) for part in node.parts]
        if isinstance(node, Or):
            return sum(scores)
        assert isinstance(node, And)
        return sum(scores) if all(scores) else 0.0

    def _words(self, node: Words, indexed: _Indexed) -> float:
        if node.field == "series":
            series = " ".join(node.text.casefold().split())
            return float(indexed.document.series.casefold() == series)
        names = (node.field,) if node.field else DEFAULT_FIELDS
        total = 0.0
        for name in names:
            have = indexed.fields.get(name, [])
            if node.kind == "prefix":
                start = fold_word(node.text)
                total += sum(1 for t in have if t is not None and t.startswith(start))
                continue
            wanted = _terms(name, node.text)
            while wanted and wanted[0] is None:
                wanted.pop(0)
            while wanted and wanted[-1] is None:
                wanted.pop()
            if not wanted:
                if node.field is None and name in PROSE:
                    return 1.0  # only stop words: required of no meeting
                continue
            size = len(wanted)
            windows = (have[i : i + size] for i in range(len(have) - size + 1))
            total += sum(
                1
                for window in windows
                if all(w is None or w == h for w, h in zip(wanted, window, strict=True))
            )
        return total

    def suggest(self, query: Query, people: Iterable[frozenset[str]] = ()) -> str | None:
        return None

    def highlights(self, query: Query, text: str) -> list[tuple[int, int]]:
        wanted = {t for words in query.words() for t in terms(words.text)}
        spans = []
        for match in PART.finditer(text):
            found = terms(match.group())
            if found and found[0] in wanted:
                spans.append((match.start(), match.end()))
        return spans

    def more_like(self, path: str, text: str, limit: int) -> list[str]:
        return []

    def generation(self) -> int:
        return self._generation


class ReferenceWriter:
    def __init__(self, backend: ReferenceBackend) -> None:
        self.backend = backend
        self.pending = dict(backend.documents)

    def put(self, document: SearchDocument, replace: bool) -> None:
        self.pending[document.path] = _Indexed(document)

    def delete(self, path: str) -> None:
        self.pending.pop(path, None)

    def clear(self) -> None:
        self.pending.clear()

    def attach(self, segment: object) -> None:
        raise NotImplementedError("the reference backend writes no segments")

    def checkpoint(self) -> None:
        self.backend.documents = dict(self.pending)
        self.backend.commits += 1

    def commit(self, merge: bool = True) -> None:
        self.backend.documents = dict(self.pending)
        self.backend.commits += 1
        self.backend.lock.release()

    def cancel(self) -> None:
        self.backend.lock.release()


class ReferenceBackend:
    """Every document in a dictionary; one writer at a time."""

    version = "reference-1"

    def __init__(self) -> None:
        self.messages: list[str] = []
        self.in_memory = True
        self.documents: dict[str, _Indexed] = {}
        self.commits = 0
        self.lock = threading.Lock()

    def open(self, directory: Path | None) -> None:
        pass

    def writer(self, timeout: float) -> ReferenceWriter:
        if not self.lock.acquire(timeout=timeout):
            raise IndexBusy
        return ReferenceWriter(self)

    def segment_target(self) -> None:
        return None

    def reader(self) -> ReferenceReader:
        return ReferenceReader(self.documents, self.commits)

    def generation(self) -> int:
        return self.commits

    def close(self) -> None:
        pass
