"""Query syntax, filters, snippets and the people registry, on a real index of the samples."""

from __future__ import annotations

from datetime import date

import pytest

from tests.conftest import write
from tuinotes.library.library import Library
from tuinotes.library.people import find_people
from tuinotes.library.results import Filters
from tuinotes.search.query import And, DateRange, Words, parse_query
from tuinotes.search.snippets import WIDTH, make_snippet
from tuinotes.search.whoosh_backend import prose


@pytest.fixture
def index(notes):
    """The library of a private copy of the samples (named for what the tests search)."""
    library = Library(notes)
    library.update()
    yield library
    library.close()


def paths(result):
    return {hit.path for hit in result.hits}


# what the samples say, read with grep: the exact notes each query below must find
SERIALIZER = {  # 'serializer' and never 'serializers'
    "20241002_community_call.md",
    "2024-10-16-community-call.md",
    "2024-10-30-community-call.md",
    "2024-11-13-community-call.md",
    "2024-12-11-community-call.md",
    "2025-01-08-community-call.md",
    "2025-02-05-community-call.md",
    "steering/2024-09-25-steering.md",
}
PER_KEY_BACKPRESSURE = {  # the two words side by side, in this order
    "20241002_community_call.md",
    "2024-09-18-community-call.md",
    "2025-01-22-community-call.md",
    "2025-03-05-community-call.md",
}
AUDIT = {
    "2024-09-18-community-call.md",
    "2024-10-16-community-call.md",
    "2024-11-13-community-call.md",
    "2025-01-08-community-call.md",
    "2025-01-22-community-call.md",
    "steering/2024-09-25-steering.md",
    "steering/2024-11-27-steering.md",
}
STEERING_TAGGED = {
    "steering/2024-09-25-steering.md",
    "steering/2024-10-23-steering.md",
    "steering/2024-11-27-steering.md",
    "steering/2025-01-29-steering.md",
}
TUTORIAL = {
    "2024-12-11-community-call.md",
    "2025-01-08-community-call.md",
    "2025-02-05-community-call.md",
}
TRADEMARK = {
    "steering/2024-09-25-steering.md",
    "steering/2024-10-23-steering.md",
    "steering/2024-11-27-steering.md",
}


def found(index, query: str) -> set[str]:
    return paths(index.search(query, limit=None))


def test_stemmed_words_find_every_form(index):
    assert found(index, "serializer") == SERIALIZER
    assert found(index, "serializers") == SERIALIZER  # no note says the plural


def test_a_phrase_finds_its_words_together_and_in_order(index):
    assert found(index, '"per-key backpressure"') == PER_KEY_BACKPRESSURE
    # unquoted, the words may stand apart: one more note has both, but not side by side
    assert found(index, "per-key backpressure") == PER_KEY_BACKPRESSURE | {
        "2024-09-04-community-call.md"
    }
    reversed_phrase = index.search('"backpressure per-key"', limit=None)
    assert reversed_phrase.total == 0 and reversed_phrase.hits == []


def test_a_prefix_finds_each_word_it_starts(index):
    # 'broken' in one note, 'brokers' in another: only the prefix finds both
    assert found(index, "broken") == {"2024-10-16-community-call.md"}
    assert found(index, "brokers") == {"2025-03-05-community-call.md"}
    assert found(index, "broke*") == {
        "2024-10-16-community-call.md",
        "2025-03-05-community-call.md",
    }
    assert found(index, "broke") == set()  # without the *, no word is 'broke'
    assert found(index, "broker*") == {"2025-03-05-community-call.md"}


def test_not_drops_exactly_the_notes_with_the_term(index):
    assert found(index, "audit") == AUDIT
    assert found(index, "tag:steering") == STEERING_TAGGED
    dropped = AUDIT & STEERING_TAGGED
    assert dropped and AUDIT - STEERING_TAGGED  # some to drop, some to keep
    assert found(index, "audit NOT tag:steering") == AUDIT - STEERING_TAGGED
    # a word after NOT, too: the notes that say 'tutorial' go, the rest stay
    assert SERIALIZER & TUTORIAL and SERIALIZER - TUTORIAL
    assert found(index, "serializer NOT tutorial") == SERIALIZER - TUTORIAL


def test_or_finds_the_notes_of_either_word(index):
    assert TRADEMARK and TUTORIAL and not TRADEMARK & TUTORIAL
    assert found(index, "trademark") == TRADEMARK
    assert found(index, "tutorial") == TUTORIAL
    assert found(index, "trademark OR tutorial") == TRADEMARK | TUTORIAL
    assert found(index, "trademark tutorial") == set()  # without OR: both words in one note


def test_attendee_field_matches_name_initials_and_handle(index):
    by_handle = paths(index.search("attendee:zoeng", limit=None))
    by_name = paths(index.search('attendee:"zoë ng"', limit=None))
    by_folded = paths(index.search("attendee:zoe", limit=None))
    by_initials = paths(index.search("attendee:ZN", limit=None))
    assert by_name == by_folded == by_initials == by_handle
    # one note lists Zoë without a handle: she is still the person @zoeng (as in the People
    # filter), so her handle finds that meeting too
    assert len(by_name) == 3


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
    result = index.search(query, limit=None)
    assert result.hits
    assert all(low <= hit.record.date <= high for hit in result.hits)
    expected = {r.path for r in index.records() if r.date and low <= r.date <= high}
    assert paths(result) == expected


def test_tag_and_title_fields(index):
    assert found(index, "tag:steering") == STEERING_TAGGED
    assert {r.path for r in index.records() if "steering" in r.tags} == STEERING_TAGGED
    by_title = index.search("title:steering", limit=None)
    assert paths(by_title) == STEERING_TAGGED
    assert all("Steering" in h.record.title for h in by_title.hits)
    # two community calls say 'steering' in their text: the title field leaves them out
    assert found(index, "steering") == STEERING_TAGGED | {
        "2024-10-16-community-call.md",
        "2025-03-05-community-call.md",
    }


def test_snippets_are_plain_text_with_match_offsets(index):
    result = index.search("backpressure")
    assert result.hits
    for hit in result.hits:
        assert hit.snippet is not None
        for start, end in hit.snippet.spans:
            assert hit.snippet.text[start:end].lower().startswith("backpressure")
        assert "[" not in hit.snippet.text or "[x]" in hit.snippet.text or "[ ]" in hit.snippet.text


def test_sort_by_date_and_limit(index):
    result = index.search("serializer", sort="date", limit=3)
    dates = [h.record.date for h in result.hits]
    assert dates == sorted(dates, reverse=True) and len(dates) == 3
    assert result.total > 3


def test_attendee_filters_all_and_any(index):
    people = index.people()
    (zoe,) = find_people(people, "@zoeng")
    (emile,) = find_people(people, "Emile Durand")
    both = index.meetings(Filters.all_of([zoe.keys, emile.keys]))
    either = index.meetings(Filters.any_of([zoe.keys, emile.keys]))
    assert {h.path for h in both.hits} == set(zoe.meetings) & set(emile.meetings)
    assert {h.path for h in either.hits} == set(zoe.meetings) | set(emile.meetings)
    assert (both.total, either.total) == (2, 5)  # neither side empty, and they differ
    searched = index.search("serializer", Filters.all_of([zoe.keys]), limit=None)
    expected = SERIALIZER & set(zoe.meetings)
    assert expected and SERIALIZER - expected  # the filter keeps some hits and drops others
    assert paths(searched) == expected


def test_spelling_suggestion_and_notices(index):
    result = index.search("securty")
    assert result.total == 0 and result.suggestion == "security"
    assert index.search("backpresure join").suggestion == "backpressure join"
    assert index.search("serializr").suggestion == "serializer"  # 3 edits from stem 'serial'
    assert index.search("zzzzqqq").suggestion is None
    assert index.search("ecurity").suggestion is None  # the first letter is taken as typed

    unknown = index.search("colour:blue audit")
    assert any("unknown field 'colour:'" in n for n in unknown.notices)
    assert index.search('unclosed "quote').notices


def test_two_letters_swapped_are_put_back_before_closer_stems(notes):
    """'secruity' is 'security' swapped, though its stem 'secruiti' is within 3 edits of
    'secret', a word of more notes."""
    for day in range(1, 5):
        write(notes, f"ops/2024-03-0{day}.md", f"# Ops {day}\n\n- Rotate the secret store\n")
    with Library(notes) as library:
        library.update()
        assert library.search("secruity").suggestion == "security"


@pytest.mark.parametrize(
    ("query", "notice"),
    [
        ('"', "unbalanced quote"),
        ("((", ""),
        ("AND", "nothing to search for in 'AND'"),
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
    result = index.search(query)
    assert result.total >= len(result.hits)
    if notice:
        assert any(notice in n for n in result.notices), result.notices


def test_quoted_text_is_a_phrase_even_when_it_looks_like_syntax():
    query = parse_query('"date:2024 foo:bar" date:2024')
    assert query.root == And(
        (
            Words("date:2024 foo:bar", None, "phrase", (1, 19)),
            DateRange("2024-01-01", "2024-12-31"),
        )
    )
    assert query.notices == []


def test_highlights_find_stemmed_words(index):
    text = "Backpressure stalls; backpressured joins"
    spans = index.highlights("backpressure", text)
    assert [text[a:b] for a, b in spans] == ["Backpressure", "backpressured"]


def test_registry_merges_by_handle_and_one_full_name_across_accounts(index):
    people = index.people()
    ana = people["gh:anaq"]
    assert ana.affiliations == ["Quay Labs", "Independent"]
    assert ana.first_seen == date(2023, 3, 15)  # the name-only kickoff row joined her handle
    (jo,) = find_people(people, "Jo Kowalski")  # "uses a new GitHub account": one person
    assert {"gh:jkowal", "gh:jo-kowalski"} <= jo.keys and jo.handle == "jo-kowalski"
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
    analysis = prose()
    terms = frozenset(term for term, _, _ in analysis.tokens(query))
    snippet = make_snippet(text, terms, analysis)
    assert snippet is not None and len(snippet.text) <= 2 * WIDTH + 3
    assert [snippet.text[s:e] for s, e in snippet.spans] == expected


def test_deeply_nested_parentheses_are_read_not_a_crash(index):
    result = index.search("(" * 500 + "backpressure")
    assert "parentheses nested too deep: read as words" in result.notices
    assert paths(result) == paths(index.search("backpressure")) and result.total == 7


def test_a_query_the_engine_cannot_run_is_a_notice_not_a_crash(notes, monkeypatch, capsys):
    """Whoosh refuses some queries outright (a phrase in a field without positions): the
    library says so, the CLI exits 2 with a message, and no traceback."""
    from whoosh import query as wq

    from tuinotes.cli import main
    from tuinotes.library.library import Library

    with Library(notes) as library:
        library.update()
    monkeypatch.setattr(wq.Phrase, "matcher", _refuse)
    with Library(notes) as library:
        result = library.search('"per-key backpressure"')
        assert result.error and not result.hits
        assert any("could not be run" in notice for notice in result.notices)
    assert main(["search", "--notes", str(notes), '"per-key backpressure"']) == 2
    assert "could not be run" in capsys.readouterr().err


def _refuse(*_args, **_kwargs):
    from whoosh import query as wq

    raise wq.QueryError("Phrase search: 'tag' field has no positions")


def test_attendee_field_and_people_filter_agree_for_everyone(notes):
    """`attendee:NAME` means the person NAME stands for, as the People filter does, so a
    table row without a handle, initials, or a name written two ways all agree."""
    from tuinotes.library.library import Library
    from tuinotes.library.results import Filters

    with Library(notes) as library:
        library.update()
        people = library.people_ranked()
        assert len(people) > 10
        for person in people:
            by_filter = library.search("", Filters.all_of([person.keys]), limit=None)
            names = {person.label, f"@{person.handle}" if person.handle else person.label}
            for name in names:
                if len(library.find_people(name)) != 1:
                    continue  # a name several people share means all of them
                by_field = library.search(f'attendee:"{name}"', limit=None)
                assert {h.path for h in by_field.hits} == {h.path for h in by_filter.hits}, name
                assert by_field.total == by_filter.total


def test_the_query_syntax_is_listed_the_same_everywhere():
    """One table (`SYNTAX`) makes the CLI's help and the app's help; the README carries it;
    every example in it parses without a notice."""
    from pathlib import Path

    from tuinotes.cli.parser import QUERY_HELP
    from tuinotes.search.query import FIELDS, SYNTAX, syntax_list, syntax_table
    from tuinotes.tui.screens import QUERY_SYNTAX

    readme = (Path(__file__).parent.parent / "README.md").read_text(encoding="utf-8")
    assert syntax_table() in readme
    assert syntax_list() in QUERY_SYNTAX
    for form in SYNTAX:
        for example in form.examples:
            assert example in QUERY_HELP
            assert parse_query(example).notices == [], example
        for name in (form.field, *form.aliases) if form.field else ():
            assert FIELDS[name] == form.field and f"{name}:" in syntax_table()


def test_an_identifier_asked_for_is_the_snippet_line(tmp_path):
    folder = tmp_path / "notes"
    write(
        folder,
        "2024-04-04-triage.md",
        "# 2024-04-04 Compiler triage\n\n"
        "- the type of the associated item changed\n"
        "- another type question for later\n"
        "- move the solver into rustc_type_ir next cycle\n",
    )
    with Library(folder, tmp_path / "index") as library:
        library.update()
        (hit,) = library.search("rustc_type_ir").hits
        assert hit.snippet is not None  # the identifier's line, not only lines of 'type'
        spans = [hit.snippet.text[s:e] for s, e in hit.snippet.spans]
        assert "rustc_type_ir" in spans


@pytest.mark.parametrize(
    "text",
    [
        "",
        "the the and",
        "Release 1.2.3: X-Ray ships; see WeakMap.get and https://example.org/a-b_c",
        "Zoë's café reopened; snake_case and __dunder__ names, PEP 8, python 3",
        "a/b/c/d/e/f/g/h/i/j/k/l/m/n/o/p/q/r/s/t/u/v/w/x/y/z and release releases released",
    ],
)
def test_prose_postings_are_whooshs_own(text):
    """The prose fields make a document's postings in one pass (ProseField.index): the same
    terms, frequencies, weights and encoded positions as Whoosh's token path."""
    from whoosh.fields import TEXT

    from tuinotes.search.whoosh_backend.schema import ProseAnalyzer, ProseField

    for boost in (1.0, 2.0, 0.3):
        whooshs = TEXT(analyzer=ProseAnalyzer(), field_boost=boost)
        assert sorted(ProseField(field_boost=boost).index(text)) == sorted(whooshs.index(text))
