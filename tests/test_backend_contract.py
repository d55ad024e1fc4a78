"""The backend contract: what the indexer and the library rely on from a search backend,
run against the Whoosh backend and the in-memory reference backend (`reference_backend.py`).
A second engine passes these before it plugs in."""

from __future__ import annotations

import pytest

from tests.reference_backend import ReferenceBackend
from tuinotes.search.backend import Backend, IndexBusy, SearchDocument
from tuinotes.search.query import People, Query, parse_query
from tuinotes.search.whoosh_backend import WhooshBackend


@pytest.fixture(params=["whoosh", "reference"])
def backend(request, tmp_path):
    engine: Backend = WhooshBackend() if request.param == "whoosh" else ReferenceBackend()
    engine.open(tmp_path / "index")
    yield engine
    engine.close()


def note(path: str, **fields) -> SearchDocument:
    text = "\n".join(fields.get(k, "") for k in ("items", "body"))
    return SearchDocument(
        path=path,
        title=fields.get("title", ""),
        items=fields.get("items", ""),
        body=fields.get("body", ""),
        attendees=fields.get("attendees", ""),
        person_keys=list(fields.get("keys", ())),
        orgs=fields.get("orgs", ""),
        tags=list(fields.get("tags", ())),
        date=fields.get("date", ""),
        series=fields.get("series", ""),
        text=text,
        links=fields.get("links", ""),
    )


FOLDER = [
    note(
        "a.md",
        title="Storage sync",
        items="Circuit breaker for the uploader",
        body="We released the installer",
        attendees="Ana Bell\nChen Dao",
        keys=("ana bell", "chen dao"),
        date="2024-01-10",
        series="storage sync",
        tags=("storage",),
    ),
    note(
        "b.md",
        title="Docs review",
        items="Serialization of the circuit and the breaker panel",
        body="Nothing released",
        attendees="Ana Bell",
        keys=("ana bell",),
        date="2024-03-05",
        series="docs review",
        links="https://github.com/org/libsolv-rs",
    ),
    note(
        "c.md",
        title="Storage sync",
        items="Quota alerts",
        body="Budget talk",
        attendees="Dmitri Orlov",
        keys=("dmitri orlov",),
        date="2024-06-01",
        series="storage sync",
    ),
]


def fill(backend: Backend, documents: list[SearchDocument] = FOLDER) -> None:
    writer = backend.writer(timeout=1.0)
    for document in documents:
        writer.put(document, replace=False)
    writer.commit()


def found(backend: Backend, text: str, **options) -> list[str]:
    reader = backend.reader()
    try:
        return sorted(m.path for m in reader.search(parse_query(text), **options).matches)
    finally:
        reader.close()


@pytest.mark.parametrize(
    ("query", "paths"),
    [
        ("installer", ["a.md"]),  # a body word
        ("quota", ["c.md"]),  # an agenda item's word
        ("releases", ["a.md", "b.md"]),  # stemmed: 'released'
        ('"circuit breaker"', ["a.md"]),  # a phrase, not both words apart
        ("circuit breaker", ["a.md", "b.md"]),  # both words, anywhere
        ("serial*", ["b.md"]),  # a prefix
        ("released NOT installer", ["b.md"]),
        ("NOT released", ["c.md"]),
        ("quota OR installer", ["a.md", "c.md"]),
        ("title:storage", ["a.md", "c.md"]),  # a field
        ("title:circuit", []),  # ... and only that field
        ("tag:storage", ["a.md"]),
        ("date:2024-01..2024-03", ["a.md", "b.md"]),
        ("libsolv", ["b.md"]),  # a word only in a link's target
        ("the", ["a.md", "b.md", "c.md"]),  # only stop words: every meeting
    ],
)
def test_a_query_finds_what_it_says(backend, query, paths):
    fill(backend)
    assert found(backend, query) == paths


def test_people_filters_need_every_group(backend):
    fill(backend)
    ana, chen = frozenset({"ana bell"}), frozenset({"chen dao"})
    assert found(backend, "", people=[ana]) == ["a.md", "b.md"]
    assert found(backend, "", people=[ana, chen]) == ["a.md"]
    assert found(backend, "", people=[ana | frozenset({"dmitri orlov"})]) == [
        "a.md",
        "b.md",
        "c.md",
    ]
    reader = backend.reader()
    attended = reader.search(Query("attendee:dmitri", People(frozenset({"dmitri orlov"}))))
    assert [m.path for m in attended.matches] == ["c.md"]
    reader.close()


def test_newest_first_with_a_limit_and_the_exact_total(backend):
    fill(backend)
    reader = backend.reader()
    result = reader.search(parse_query(""), sort="date", limit=2)
    assert [m.path for m in result.matches] == ["c.md", "b.md"]
    assert result.total == 3
    reader.close()


def test_the_best_match_comes_first(backend):
    fill(
        backend,
        [
            note("once.md", title="Sync", body="budget"),
            note("thrice.md", title="Budget", items="budget budget", body="budget plan"),
        ],
    )
    reader = backend.reader()
    assert reader.search(parse_query("budget")).matches[0].path == "thrice.md"
    reader.close()


def test_a_reader_sees_its_commit_and_a_new_reader_the_next(backend):
    fill(backend, FOLDER[:1])
    before = backend.reader()
    generation = backend.generation()
    fill(backend, FOLDER[1:])
    assert [m.path for m in before.search(parse_query("released")).matches] == ["a.md"]
    before.close()
    assert found(backend, "released") == ["a.md", "b.md"]
    assert backend.generation() != generation


def test_each_commit_is_the_next_generation_and_a_reader_knows_its_own(backend):
    """The indexer's records store writes rows for the generation the coming commit will
    have: the latest one plus one, for a commit and for a checkpoint alike."""
    fill(backend, FOLDER[:1])
    latest = backend.generation()
    before = backend.reader()
    assert before.generation() == latest
    writer = backend.writer(timeout=1.0)
    writer.delete("a.md")
    writer.checkpoint()
    assert backend.generation() == latest + 1
    writer.commit()
    assert backend.generation() == latest + 2
    assert before.generation() == latest
    assert backend.reader().generation() == latest + 2


def test_replacing_and_deleting(backend):
    fill(backend)
    writer = backend.writer(timeout=1.0)
    writer.put(note("a.md", title="Storage sync", body="rewritten entirely"), replace=True)
    writer.delete("c.md")
    writer.commit()
    assert found(backend, "rewritten") == ["a.md"]
    assert found(backend, "installer") == []
    assert found(backend, "quota") == []
    assert sorted(m.path for m in backend.reader().search(parse_query("")).matches) == [
        "a.md",
        "b.md",
    ]


def test_a_cancelled_write_leaves_the_index_as_it_was(backend):
    fill(backend)
    writer = backend.writer(timeout=1.0)
    writer.put(note("d.md", title="Never", body="phantom"), replace=False)
    writer.delete("a.md")
    writer.cancel()
    assert found(backend, "phantom") == []
    assert found(backend, "installer") == ["a.md"]


def test_one_writer_at_a_time(backend):
    writer = backend.writer(timeout=1.0)
    with pytest.raises(IndexBusy):
        backend.writer(timeout=0.1)
    writer.cancel()
    backend.writer(timeout=1.0).cancel()  # free again


def test_highlights_mark_the_words_the_query_matched(backend):
    fill(backend)
    reader = backend.reader()
    text = "We released the installer today"
    spans = reader.highlights(parse_query("releases installer"), text)
    assert [text[a:b] for a, b in spans] == ["released", "installer"]
    reader.close()


def test_clearing_is_a_commit_of_the_one_writer(backend):
    """A rebuild clears through the writer, so never under another one; its commit is the
    next generation, and what is put after the clearing is all the index then holds."""
    fill(backend)
    before = found(backend, "")
    latest = backend.generation()
    writer = backend.writer(timeout=1)
    writer.clear()
    assert found(backend, "") == before and before  # nothing gone before the commit
    writer.put(note("fresh.md", title="Fresh start"), replace=False)
    writer.commit()
    assert found(backend, "") == ["fresh.md"] and backend.generation() == latest + 1


def test_the_indexer_runs_on_the_reference_backend(tmp_path):
    """The seam is enough for a second engine: the bundled samples indexed and searched
    through the reference backend, as through Whoosh."""
    from tuinotes.indexer.indexer import Indexer
    from tuinotes.library.config import bundled_samples

    answers = []
    for engine in (WhooshBackend(), ReferenceBackend()):
        with Indexer(bundled_samples(), tmp_path / engine.version, backend=engine) as indexer:
            report = indexer.update()
            assert report.indexed and not report.skipped
            reader = engine.reader()
            hits = reader.search(parse_query("trademark"), limit=None).matches
            answers.append((len(indexer.records()), sorted(m.path for m in hits)))
            reader.close()
    assert answers[0] == answers[1] and answers[0][1]


def test_whoosh_segments_without_length_statistics_still_rank_with_block_pruning(tmp_path):
    """The writer's codec leaves out per-block length statistics; Whoosh's own pruning
    collector (used where we do not score every match) ranks exactly as a full scoring."""
    from whoosh import qparser

    backend = WhooshBackend()
    backend.open(tmp_path / "index")
    bodies = ["budget " * (n % 7 + 1) + "filler words here " * (n % 13) for n in range(400)]
    writer = backend.writer(timeout=1.0)
    for n, body in enumerate(bodies):
        writer.put(note(f"n{n:03}.md", title=f"Meeting {n}", body=body), replace=False)
    writer.commit()
    with backend.ix.searcher() as searcher:
        query = qparser.QueryParser("body", backend.ix.schema).parse("budget")
        pruned = [hit["path"] for hit in searcher.search(query, limit=10)]
        scored = [hit["path"] for hit in searcher.search(query, limit=10, optimize=False)]
    assert pruned == scored and len(pruned) == 10
    backend.close()
