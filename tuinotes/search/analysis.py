"""One analysis: how text becomes search terms, for every consumer.

The index's prose fields (title, agenda items, body), the snippets and highlights drawn
from them, and the meeting memory's finder (decisions, topics) all read a word the same
way: lowercased, accents folded, stemmed ('Releases' and 'released' are `releas`), with the
same stop words. So a word that finds a meeting also finds its decisions, and the words
highlighted are the words that matched.

The stemmer and accent table are Whoosh's pure-Python helpers (the engine itself is used
only by `whoosh_backend`; `lean_whoosh` loads it); they are named here so that nothing
else picks its own.
"""

from __future__ import annotations

import re

from tuinotes.search.lean_whoosh import STOP_WORDS, accent_map, stem

# A run of word characters joined by dots, slashes, colons, @, #, + or hyphens: an identifier
# (`Array.prototype.at`, `CEP-17`, `snake_case`), a path or a URL. Read by its parts.
COMPOUND = re.compile(r"\w+(?:[./:@#+\-]+\w+)*")
PART = re.compile(r"[^\W_]+")  # snake_case splits too: `test_checkpoint` finds `checkpoint`
STOP = frozenset(STOP_WORDS)
_TERMS: dict[str, tuple[str, bool]] = {}  # word as written -> (term, is a stop word)
_TERMS_MAX = 200_000


def fold_word(text: str) -> str:
    """Lowercased with accents folded ('Zoë' -> 'zoe'), not stemmed: names and wholes."""
    return text.lower().translate(accent_map)


def term(word: str) -> tuple[str, bool]:
    """A word's term (folded and stemmed) and whether it is a stop word; cached, as most
    words recur."""
    known = _TERMS.get(word)
    if known is None:
        folded = fold_word(word)
        known = (stem(folded), folded in STOP)
        if len(_TERMS) >= _TERMS_MAX:
            _TERMS.clear()
        _TERMS[word] = known
    return known


def terms(text: str) -> list[str]:
    """The terms of `text`, stop words dropped: what a prose field indexes, and what a
    query's words look for."""
    found = []
    for compound in COMPOUND.finditer(text):
        for part in PART.findall(compound.group()):
            word, stopped = term(part)
            if not stopped:
                found.append(word)
    return found
