"""Snippets: the lines of a note that best match a query, cut to size, with the match spans.

Running the stemming analyzer over a whole 5 KB note for each of 20 hits costs more than the
search itself, so lines are first screened with a plain substring test (a stem's first
letters appear in every word that stems to it) and only the survivors are analysed.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import Protocol

WIDTH = 160  # characters of one fragment
LEAD = 40  # characters kept before the first match of a fragment
BETWEEN = " … "
_WORD_REST = re.compile(r"\w*")


@dataclass(frozen=True, slots=True)
class Snippet:
    """Plain text around the matches, with the matched character ranges (no markup)."""

    text: str
    spans: tuple[tuple[int, int], ...] = ()


class Analysis(Protocol):
    """How the index turns text into terms (the backend's analyzer, stop words kept)."""

    def term(self, word: str) -> str:
        """One word's term ('Securities' -> 'secur'), remembered."""
        ...

    def tokens(self, text: str) -> Iterator[tuple[str, int, int]]:
        """(term, start, end) for every word of `text`."""
        ...


def _accents() -> dict[int, str]:
    """Accented Latin letters to their base letter, one character for one."""
    table: dict[int, str] = {}
    for code in range(0xC0, 0x250):
        base = unicodedata.normalize("NFKD", chr(code))[:1]
        if base.isascii() and base.isalpha():
            table[code] = base
    return table


ACCENTS = _accents()


_NOT_ASCII = re.compile(r"[^\x00-\x7f]")


def _base_letter(match: re.Match[str]) -> str:
    return ACCENTS.get(ord(match.group()), match.group())


def fold_letters(text: str) -> str:
    """Lowercase with accents dropped, keeping every offset ('Zoë' -> 'zoe'). Only the
    few non-ASCII letters are looked up (`str.translate` looks up every character)."""
    folded = text.lower()
    return folded if folded.isascii() else _NOT_ASCII.sub(_base_letter, folded)


def make_snippet(
    text: str, terms: frozenset[str], analysis: Analysis, top: int = 2
) -> Snippet | None:
    """The `top` lines of `text` with the most distinct query terms, in note order."""
    if not terms or not text:
        return None
    probes = sorted({_probe(term) for term in terms}, key=len, reverse=True)
    candidates = re.compile("|".join(map(re.escape, probes)))
    folded = fold_letters(text)
    if len(folded) == len(text):  # offsets agree: stem only the candidate words
        found = _lines_by_words(text, folded, candidates, terms, analysis)
    else:
        found = _lines_by_analyzer(text, candidates, terms, analysis)
    if not found:
        return None
    best = sorted(found, key=lambda f: (-f[0], f[1]))[:top]
    return _join(_fragment(line, spans) for _, _, line, spans in sorted(best, key=lambda f: f[1]))


Found = list[tuple[int, int, str, list[tuple[int, int]]]]  # (terms, line number, line, spans)


def _lines_by_words(
    text: str, folded: str, candidates: re.Pattern[str], terms: frozenset[str], analysis: Analysis
) -> Found:
    by_line: dict[int, tuple[set[str], list[tuple[int, int]]]] = {}
    word_end = 0
    for probe in candidates.finditer(folded):
        if probe.start() < word_end:
            continue  # a second probe inside the same word
        word_start = probe.start()
        while word_start and (folded[word_start - 1].isalnum() or folded[word_start - 1] == "_"):
            word_start -= 1
        rest = _WORD_REST.match(folded, probe.start())
        word_end = rest.end() if rest else probe.end()
        term = analysis.term(folded[word_start:word_end])
        if term not in terms:
            continue
        start = text.rfind("\n", 0, word_start) + 1
        matched, spans = by_line.setdefault(start, (set(), []))
        matched.add(term)
        if not term.isalnum():  # an identifier asked for whole counts its parts too
            word = folded[word_start:word_end]
            matched.update(t for t, _, _ in analysis.tokens(word) if t in terms)
        spans.append((word_start - start, word_end - start))
    found: Found = []
    for start, (matched, spans) in by_line.items():
        end = text.find("\n", start)
        found.append((len(matched), start, text[start : end if end >= 0 else None], spans))
    return found


def _lines_by_analyzer(
    text: str, candidates: re.Pattern[str], terms: frozenset[str], analysis: Analysis
) -> Found:
    found: Found = []
    for number, line in enumerate(text.split("\n")):
        if not candidates.search(fold_letters(line)):
            continue
        matched: set[str] = set()
        spans: list[tuple[int, int]] = []
        for term, start, end in analysis.tokens(line):
            if term in terms:
                matched.add(term)
                spans.append((start, end))
        if spans:
            found.append((len(matched), number, line, spans))
    return found


def _probe(term: str) -> str:
    """Letters every surface form of a stem contains ('possibl' <- 'possibility': 'possi')."""
    return term[: max(3, len(term) - 2)] if len(term) > 3 else term


def _fragment(line: str, spans: list[tuple[int, int]]) -> tuple[str, list[tuple[int, int]]]:
    """At most WIDTH characters of `line` around its first match, cut at spaces."""
    if len(line) <= WIDTH:
        return line.strip(), _shift(spans, len(line) - len(line.lstrip()), len(line.strip()))
    start = max(0, spans[0][0] - LEAD)
    if start:
        space = line.find(" ", start)
        start = space + 1 if 0 <= space < spans[0][0] else start
    end = min(len(line), start + WIDTH)
    if end < len(line):
        space = line.rfind(" ", start, end)
        end = space if space > spans[0][1] else end
    return line[start:end], _shift(spans, start, end - start)


def _shift(spans: list[tuple[int, int]], offset: int, length: int) -> list[tuple[int, int]]:
    return [(s - offset, e - offset) for s, e in spans if s >= offset and e - offset <= length]


def _join(fragments: Iterable[tuple[str, list[tuple[int, int]]]]) -> Snippet:
    parts: list[str] = []
    spans: list[tuple[int, int]] = []
    offset = 0
    for text, local in fragments:
        if parts:
            parts.append(BETWEEN)
            offset += len(BETWEEN)
        parts.append(text)
        spans.extend((s + offset, e + offset) for s, e in local)
        offset += len(text)
    return Snippet("".join(parts).replace("\t", " "), tuple(spans))
