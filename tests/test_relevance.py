"""Search finds every note that holds a word: each word of the fixture notes and the
samples is searched and compared with a plain scan of the files, and the reported total
is the number of meetings found.

The plain scan reads what a reader of the note sees: the Markdown after the frontmatter,
without link destinations, HTML comments, list numbers and task boxes. Search may find
more than the scan (stems: 'meeting' also finds 'meetings'), never less.

And nothing else: each note found holds a word of the same stem (Porter, as Whoosh stems)
somewhere in its file (frontmatter and link destinations too) or its path. Stop words are
not searched for (a query of them alone lists every meeting), so they are left out there.
"""

from __future__ import annotations

import re
import shutil
import unicodedata
from pathlib import Path

import pytest
from whoosh.analysis import STOP_WORDS
from whoosh.lang.porter import stem

from tuinotes.library.library import Library

ROOT = Path(__file__).resolve().parent.parent
FOLDERS = [ROOT / "tests" / "fixtures" / "conventions", ROOT / "sample_notes"]
_HIDDEN = re.compile(
    r"\]\([^)]*\)|<!--.*?-->|<[^>]+>|^\s*\d+[.)]\s|\[[ xX]\]|_", re.DOTALL | re.MULTILINE
)
_WORD = re.compile(r"\w+")
_ANY_WORD = re.compile(r"[^\W_]+")  # in the whole file and its path: '_' splits words too


def fold(word: str) -> str:
    """Accents off, as a reader types a word without them; the voicing marks of Japanese
    kana ('プ' is 'フ' with one) are part of the letter, no accent."""
    decomposed = unicodedata.normalize("NFKD", word.casefold())
    kept = "".join(c for c in decomposed if not unicodedata.combining(c) or c in _KANA_MARKS)
    return unicodedata.normalize("NFC", kept)


_KANA_MARKS = "\u3099\u309a"


def visible_text(path: Path) -> str:
    text = path.read_text(encoding="utf-8")
    if text.startswith("---\n"):
        end = text.find("\n---", 4)
        if end > 0:
            text = text[end + 4 :]
    return _HIDDEN.sub(" ", text)


def scan(folder: Path) -> dict[str, set[str]]:
    """Every word (folded) -> the note files whose visible text holds it."""
    holders: dict[str, set[str]] = {}
    for path in folder.rglob("*.md"):
        if path.name == "README.md":
            continue
        rel = path.relative_to(folder).as_posix()
        for word in set(_WORD.findall(visible_text(path))):
            holders.setdefault(fold(word), set()).add(rel)
    return holders


def stem_holders(folder: Path) -> dict[str, set[str]]:
    """Every stem -> the note files that hold a word of it anywhere: text, frontmatter,
    link destinations, path. A note outside a word's stem set must not be found by it."""
    holders: dict[str, set[str]] = {}
    for path in folder.rglob("*.md"):
        rel = path.relative_to(folder).as_posix()
        for word in set(_ANY_WORD.findall(f"{rel}\n{path.read_text(encoding='utf-8')}")):
            holders.setdefault(stem(fold(word)), set()).add(rel)
    return holders


def may_match(stems: dict[str, set[str]], word: str) -> set[str]:
    return stems.get(stem(word), set())


@pytest.fixture(scope="module", params=[f.name for f in FOLDERS])
def corpus(request, tmp_path_factory):
    """(library, word -> notes holding it visibly, stem -> notes holding it anywhere)"""
    source = next(f for f in FOLDERS if f.name == request.param)
    folder = tmp_path_factory.mktemp(request.param)
    shutil.copytree(source, folder, dirs_exist_ok=True)
    (folder / "README.md").unlink(missing_ok=True)
    (folder / "expected.json").unlink(missing_ok=True)
    library = Library(folder, tmp_path_factory.mktemp("index"))
    report = library.update()
    assert not report.skipped
    yield library, scan(folder), stem_holders(folder)
    library.close()


def files_found(library: Library, query: str) -> tuple[set[str], int, int]:
    result = library.search(query, limit=None, snippets=False)
    return {hit.record.file for hit in result.hits}, len(result.hits), result.total


def test_every_word_finds_every_note_that_holds_it(corpus) -> None:
    library, holders, stems = corpus
    assert len(holders) > 300  # a real vocabulary, not a handful of words
    notes = {r.file for r in library.index.records()}
    missed: dict[str, list[str]] = {}
    extra: dict[str, list[str]] = {}
    miscounted: list[str] = []
    rare = 0  # words most notes lack: where finding every note would show
    for word, files in sorted(holders.items()):
        found, hits, total = files_found(library, word)
        if files - found:
            missed[word] = sorted(files - found)
        if word not in STOP_WORDS:
            if found - may_match(stems, word):
                extra[word] = sorted(found - may_match(stems, word))
            rare += len(may_match(stems, word)) <= len(notes) // 2
        if hits != total:
            miscounted.append(f"{word}: {hits} hits, total {total}")
    assert not missed, f"{len(missed)} words miss notes: {dict(list(missed.items())[:20])}"
    assert rare > 200  # the precision check below has notes to leave out
    assert not extra, f"{len(extra)} words find other notes: {dict(list(extra.items())[:20])}"
    assert not miscounted


def test_word_pairs_and_numbers_find_the_notes_holding_both(corpus) -> None:
    """Unquoted pairs, numbers and one-letter words included ('release 2', 'python 3')."""
    library, holders, stems = corpus
    archives = {r.file for r in library.index.records() if r.path != r.file}
    holders = {w: files - archives for w, files in holders.items()}  # words of one meeting
    words = sorted(w for w, files in holders.items() if len(files) >= 2)
    pairs = list(zip(words[::7], words[3::7], strict=False))[:80]
    for first, second in pairs:
        both = holders[first] & holders[second]
        found, hits, total = files_found(library, f"{first} {second}")
        assert both <= found, (first, second, sorted(both - found))
        searched = [w for w in (first, second) if w not in STOP_WORDS]
        if searched:  # each note found holds both words' stems (stop words are not searched)
            allowed = set.intersection(*(may_match(stems, w) for w in searched))
            assert found <= allowed, (first, second, sorted(found - allowed))
        assert hits == total


IDENTIFIER_NOTES = {
    "2024-03-01-tc39.md": "# TC39 sync\n\n- JHD: `Array.prototype.at` is shipping\n",
    "2024-03-08-tc39.md": "# TC39 sync\n\n- Review WeakMap.get semantics, see <https://3dp.example.org/spec>\n",
    "2024-03-15-xray.md": "# Tracing\n\n- X-Ray sampling rate\n",
    "2024-03-22-ray.md": "# Compute\n\n- Ray cluster sizing, X and Ray unrelated\n",
    "2024-03-29-ids.md": "# Proposals\n\n- CEP-17 and PEP 8 review; python 3 upgrade\n",
    "2024-04-05-path.md": "# CI\n\n- Fails: src/tuinotes/search.py, test_checkpoint_recovery\n",
}


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("prototype", {"2024-03-01-tc39.md"}),
        ("Array.prototype.at", {"2024-03-01-tc39.md"}),
        ("WeakMap", {"2024-03-08-tc39.md"}),
        ("weakmap.g*", {"2024-03-08-tc39.md"}),
        ("3dp", {"2024-03-08-tc39.md"}),
        ("X-Ray", {"2024-03-15-xray.md"}),
        ("ray", {"2024-03-15-xray.md", "2024-03-22-ray.md"}),
        ("CEP-17", {"2024-03-29-ids.md"}),
        ("cep 17", {"2024-03-29-ids.md"}),
        ("PEP 8", {"2024-03-29-ids.md"}),
        ("python 3", {"2024-03-29-ids.md"}),
        ("search.py", {"2024-04-05-path.md"}),
        ("tuinotes", {"2024-04-05-path.md"}),
        ("recovery", {"2024-04-05-path.md"}),
        ("JHD", {"2024-03-01-tc39.md"}),
    ],
)
def test_identifiers_urls_and_ids_are_found_by_their_parts(tmp_path, query, expected) -> None:
    for name, text in IDENTIFIER_NOTES.items():
        (tmp_path / name).write_text(text, encoding="utf-8")
    with Library(tmp_path, tmp_path / ".index") as library:
        library.update()
        found, hits, total = files_found(library, query)
    assert found == expected
    assert hits == total == len(expected)
