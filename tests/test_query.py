"""Query syntax, filters, snippets and the people registry, on a real index of the samples."""

from __future__ import annotations

from datetime import date

import pytest

from tuinotes.core.index import NoteIndex
from tuinotes.core.people import build_registry, find_people
from tuinotes.core.query import Filters, list_meetings, rewrite_query, search, term_spans


@pytest.fixture
def index(notes):
    index = NoteIndex(notes)
    index.update()
    yield index
    index.close()


def paths(result):
    return {hit.path for hit in result.hits}


def test_stemmed_words_phrases_prefixes_and_boolean(index):
    assert paths(search(index, "serializers")) == paths(search(index, "serializer"))
    phrase = search(index, '"per-key backpressure"')
    assert phrase.total >= 2
    assert search(index, "secur*").total > search(index, "security").total - 1
    without = search(index, "audit NOT tag:steering")
    assert all("steering" not in h.path for h in without.hits)
    either = search(index, "quokka OR trademark")
    assert either.total == search(index, "trademark").total > 0


def test_attendee_field_matches_name_initials_and_handle(index):
    by_handle = paths(search(index, "attendee:zoeng", limit=None))
    by_name = paths(search(index, 'attendee:"zoë ng"', limit=None))
    by_folded = paths(search(index, "attendee:zoe", limit=None))
    by_initials = paths(search(index, "attendee:ZN", limit=None))
    assert by_name == by_folded == by_initials
    assert len(by_name) == 3
    # one note lists Zoë without a handle: the handle finds only the other two
    assert by_handle < by_name and len(by_handle) == 2


@pytest.mark.parametrize(
    ("query", "low", "high"),
    [
        ("date:2024-10", date(2024, 10, 1), date(2024, 10, 31)),
        ("date:2024-10..2024-11", date(2024, 10, 1), date(2024, 11, 30)),
        ("date:>=2025-01-15", date(2025, 1, 15), date(2100, 1, 1)),
        ("date:<2024", date(1900, 1, 1), date(2023, 12, 31)),
        ("date:2025", date(2025, 1, 1), date(2025, 12, 31)),
    ],
)
def test_date_ranges(index, query, low, high):
    result = search(index, query, limit=None)
    assert result.hits
    assert all(low <= hit.date <= high for hit in result.hits)
    expected = {r.path for r in index.records() if r.date and low <= r.date <= high}
    assert paths(result) == expected


def test_tag_and_title_fields(index):
    assert paths(search(index, "tag:steering", limit=None)) == {
        r.path for r in index.records() if "steering" in r.tags
    }
    assert all("Steering" in h.title for h in search(index, "title:steering").hits)


def test_snippets_are_plain_text_with_match_offsets(index):
    result = search(index, "backpressure")
    assert result.hits
    for hit in result.hits:
        assert hit.snippet is not None
        for start, end in hit.snippet.spans:
            assert hit.snippet.text[start:end].lower().startswith("backpressure")
        assert "[" not in hit.snippet.text or "[x]" in hit.snippet.text or "[ ]" in hit.snippet.text


def test_sort_by_date_and_limit(index):
    result = search(index, "serializer", sort="date", limit=3)
    dates = [h.date for h in result.hits]
    assert dates == sorted(dates, reverse=True) and len(dates) == 3
    assert result.total > 3


def test_attendee_filters_all_and_any(index):
    people = build_registry(r.attendance() for r in index.records())
    (zoe,) = find_people(people, "@zoeng")
    (emile,) = find_people(people, "Emile Durand")
    both = list_meetings(index, Filters.all_of([zoe.keys, emile.keys]))
    either = list_meetings(index, Filters.any_of([zoe.keys, emile.keys]))
    assert {h.path for h in both.hits} == set(zoe.meetings) & set(emile.meetings)
    assert {h.path for h in either.hits} == set(zoe.meetings) | set(emile.meetings)
    searched = search(index, "tutorial", Filters.all_of([zoe.keys]))
    assert searched.hits and paths(searched) <= set(zoe.meetings)


def test_spelling_suggestion_and_notices(index):
    result = search(index, "securty")
    assert result.total == 0 and result.suggestion == "security"
    assert search(index, "backpresure join").suggestion == "backpressure join"
    assert search(index, "serializr").suggestion == "serializer"  # 3 edits from stem 'serial'
    assert search(index, "zzzzqqq").suggestion is None
    unknown = search(index, "colour:blue audit")
    assert any("unknown field 'colour:'" in n for n in unknown.notices)
    assert search(index, 'unclosed "quote').notices


@pytest.mark.parametrize(
    ("query", "notice"),
    [
        ('"', "unbalanced quote"),
        ("((", ""),
        ("AND", ""),
        ("date:", ""),
        ("date:banana", "not a date"),
        ("x" * 10_000, "first 1000 characters"),
        ("title:", ""),
        ("*", ""),
        (":::", ""),
        ("NOT", ""),
        ("audit [bold]x[/] \x1b[2J", ""),
    ],
)
def test_any_query_string_gives_results_or_a_notice(index, query, notice):
    """Never a traceback; odd input is named in a notice; the result is consistent."""
    result = search(index, query)
    assert result.total >= len(result.hits)
    if notice:
        assert any(notice in n for n in result.notices), result.notices


def test_rewrite_keeps_quoted_text():
    text, notices = rewrite_query('"date:2024 foo:bar" date:2024')
    assert text == '"date:2024 foo:bar" date:[2024 TO 2024-99]' and notices == []


def test_term_spans_find_stemmed_words():
    text = "Backpressure stalls; backpressured joins"
    spans = term_spans(text, frozenset({"backpressur"}))
    assert [text[a:b] for a, b in spans] == ["Backpressure", "backpressured"]


def test_registry_merges_by_handle_and_keeps_distinct_handles_apart(index):
    people = build_registry(r.attendance() for r in index.records())
    ana = people["gh:anaq"]
    assert ana.affiliations == ["Quay Labs", "Independent"]
    assert ana.first_seen == date(2023, 3, 15)  # the name-only kickoff row joined her handle
    jos = find_people(people, "Jo Kowalski")
    assert {p.handle for p in jos if p.handle} == {"jkowal", "jo-kowalski"}
    chen = people["gh:chenwei-dev"]
    assert "name:chen wei" in chen.keys


@pytest.mark.parametrize(
    ("text", "query", "expected"),
    [
        (
            "intro\n- AB: Quiñones reviewed the securities\nother",
            "quinones security",
            ["Quiñones", "securities"],
        ),
        ("İstanbul team: the securities review", "security", ["securities"]),  # lower() grows
        ("x " * 200 + "the compaction plan " + "y " * 200, "compaction", ["compaction"]),
    ],
)
def test_snippet_matches_stemmed_and_folded_words_with_exact_spans(text, query, expected):
    from tuinotes.core.query import _prose
    from tuinotes.core.snippets import WIDTH, make_snippet

    terms = frozenset(t.text for t in _prose()(query))
    snippet = make_snippet(text, terms, _prose())
    assert snippet is not None and len(snippet.text) <= 2 * WIDTH + 3
    assert [snippet.text[s:e] for s, e in snippet.spans] == expected
