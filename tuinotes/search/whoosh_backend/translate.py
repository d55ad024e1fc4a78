"""The backend-neutral query tree, as Whoosh queries."""

from __future__ import annotations

import itertools
from collections.abc import Iterable

from whoosh import query as wq

from tuinotes.search.analysis import fold_word
from tuinotes.search.query import DateRange, Node, Not, Or, People, Words
from tuinotes.search.whoosh_backend.schema import (
    DEFAULT_FIELDS,
    LINK_FIELD,
    PROSE_FIELDS,
    analyse_positions,
)


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
        analysed = analyse_positions(fieldname, node.text)
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
    seen = [q for q in per_field if q.fieldname != LINK_FIELD]
    targets = [q for q in per_field if q.fieldname == LINK_FIELD]
    if seen and targets:
        # A link's target counts only where the visible text doesn't match: the better of
        # the two scores, not their sum, so link targets never reorder visible matches.
        return wq.DisjunctionMax([_any(seen), *targets], tiebreak=0.0)
    return _any(per_field)


def _any(queries: list[wq.Query]) -> wq.Query:
    return queries[0] if len(queries) == 1 else wq.Or(queries)


def _all(queries: list[wq.Query]) -> wq.Query:
    return queries[0] if len(queries) == 1 else wq.And(queries)


def attended_by(groups: Iterable[frozenset[str]]) -> wq.Query | None:
    parts = [wq.Or([wq.Term("pkey", k) for k in sorted(g)]) for g in groups if g]
    return wq.And(parts) if parts else None


# -- reading -------------------------------------------------------------------------------
