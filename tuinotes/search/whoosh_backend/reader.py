"""Searching an open index: hits, snippets and highlights, spelling suggestions, more
like this, and the stored records."""

from __future__ import annotations

import itertools
from collections.abc import Iterable
from typing import Any

from whoosh import collectors
from whoosh import query as wq
from whoosh.searching import Searcher

from tuinotes.model.text import URL
from tuinotes.search.analysis import fold_word
from tuinotes.search.backend import (
    BadQuery,
    Match,
    Matches,
    Sort,
)
from tuinotes.search.query import Query
from tuinotes.search.snippets import make_snippet
from tuinotes.search.whoosh_backend.schema import (
    PROSE_FIELDS,
    SUGGESTION_FIELDS,
    WORD,
    analyse,
    prose,
)
from tuinotes.search.whoosh_backend.translate import attended_by, translate


def _top(limit: int, people: wq.Query | None) -> collectors.Collector:
    """The best `limit` hits, every match scored and counted in one pass. Whoosh's default
    skips blocks it guesses cannot reach the top, then runs the query again to count: on
    our notes the guess missed better hits (a top 20 of 10.65 where 10.78 existed) and the
    two passes were slower (1,000 notes: p50 14.9 -> 10.7 ms)."""
    top = collectors.TopCollector(limit, usequality=False, replace=0)
    return collectors.FilterCollector(top, people) if people is not None else top


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
        people_query = attended_by(people)
        if whoosh_query is None:  # only stop words: every meeting (of those people)
            whoosh_query = wq.Every()
        try:
            if sort == "relevance" and limit is not None:
                top = _top(limit, people_query)
                self.searcher.search_with_collector(whoosh_query, top)
                results = top.results()
            else:
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
            matches.append(Match(hit["path"], score, snippet))
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
                parts = analyse("body", words.text)
                terms.update(parts)
                if len(parts) > 1 and " " not in words.text.strip():
                    terms.add(fold_word(words.text))  # `rustc_type_ir` whole, as written
        return frozenset(terms)

    def highlights(self, query: Query, text: str) -> list[tuple[int, int]]:
        terms = self.prose_terms(query)
        if not terms or not text:
            return []
        return [(start, end) for term, start, end in prose().tokens(text) if term in terms]

    def suggest(self, query: Query, people: Iterable[frozenset[str]] = ()) -> str | None:
        return self.suggestion(query, attended_by(people))

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
                terms = analyse("body", words.text)
                if len(terms) != 1 or any((f, terms[0]) in reader for f in PROSE_FIELDS):
                    continue
                stem = self._swapped_stem(words.text, reader) or self._closest_stem(terms[0])
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

    @staticmethod
    def _swapped_stem(word: str, reader: Any) -> str | None:
        """The stem of the word with two letters side by side swapped back, when the index
        has it: the commonest typo ('secruity' is 'security', though its stem 'secruiti'
        is closer to 'secret' than to 'secur')."""
        for at in range(1, len(word) - 1):
            swapped = f"{word[:at]}{word[at + 1]}{word[at]}{word[at + 2 :]}"
            stems = analyse("body", swapped)
            if len(stems) == 1 and any((f, stems[0]) in reader for f in PROSE_FIELDS):
                return stems[0]
        return None

    def _closest_stem(self, stem: str) -> str | None:
        # Stems are shorter than the words typed ('serializr' is 3 edits from 'serial').
        # The first letter is taken as typed (as Lucene's spell checker does): only the
        # stems under it are compared, 1/20 of the dictionary (90 ms -> 1 ms a field at 10k).
        distance = 3 if len(stem) >= 8 else 2
        for fieldname in SUGGESTION_FIELDS:
            corrector = self.searcher.corrector(fieldname)
            found = corrector.suggest(stem, limit=1, maxdist=distance, prefix=1)
            if found:
                return str(found[0])
        return None

    def _surface_word(self, stem: str) -> str | None:
        """A word from a note whose stem is `stem` ('secur' -> 'security')."""
        hits = self.searcher.search(wq.Or([wq.Term(f, stem) for f in SUGGESTION_FIELDS]), limit=1)
        for hit in hits:
            text = f"{hit.get('title', '')}\n{hit.get('text', '')}".lower()
            for match in WORD.finditer(text):
                if prose().term(match.group()) == stem:
                    return match.group()
        return None

    def more_like(self, path: str, text: str, limit: int) -> list[str]:
        docnum = self.searcher.document_number(path=path)
        text = URL.sub(" ", text)
        if docnum is None or not text.strip():
            return []
        hits = self.searcher.more_like(docnum, "item", text=text, top=limit, numterms=12)
        return [hit["path"] for hit in hits]

    def generation(self) -> int:
        found = self.searcher.reader().generation()
        return -1 if found is None else int(found)
