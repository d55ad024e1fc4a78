"""markdown-it-pyrs (compiled, fast) and markdown-it-py read every note into the same
structure: the same sections, blocks, lines, links and item Markdown, line numbers
included. A note the compiled parser could not read safely is read by markdown-it-py."""

from __future__ import annotations

import dataclasses
import random
import textwrap
from pathlib import Path

import pytest

from tuinotes.model.text import neutralise
from tuinotes.notes import compiled_markdown
from tuinotes.notes.markdown import markdown, split_frontmatter
from tuinotes.notes.parse import parse_meetings, parse_text_meetings
from tuinotes.notes.structure import StructureWalker

pytestmark = pytest.mark.skipif(
    not compiled_markdown.available(), reason="markdown-it-pyrs has no wheel here"
)
ROOT = Path(__file__).resolve().parent.parent
NOTES = sorted(
    [*(ROOT / "tests" / "fixtures").rglob("*.md"), *(ROOT / "sample_notes").rglob("*.md")]
)


def both_readings(text: str) -> tuple[dict, dict]:
    """Both parsers' readings (also of a note `fits` sends to markdown-it-py, when the
    compiled parser reads it without a panic)."""
    _, body, first_line, _ = split_frontmatter(neutralise(text))
    tokens = compiled_markdown.tokens(body)
    assert tokens is not None
    python = StructureWalker(first_line).run(markdown().parse(body))
    compiled = StructureWalker(first_line).run(tokens)
    return dataclasses.asdict(python), dataclasses.asdict(compiled)


@pytest.mark.parametrize("path", NOTES, ids=lambda p: p.relative_to(ROOT).as_posix())
def test_every_fixture_and_sample_reads_the_same(path: Path) -> None:
    python, compiled = both_readings(path.read_text("utf-8"))
    assert compiled == python


SHAPES = {
    "tabs indent a continuation line": "- 09:10 From Ana to Everyone:\n\thttps://x.org/a\n- next\n",
    "a quote in a list item, with a lazy line": (
        "- Done:\n    - Thanks\n      > Bindings will throw\n      https://x.org/pull/1\n"
    ),
    "a setext heading in a list item": "- FSF list needs\n  more review\n  -\n- Other\n",
    "an ATX heading in a list item": "- ## [Proposal](https://x.org/438) ##\n- b\n",
    "text after a fence in a tight item": (
        "- Q\n    - But\n      ```json\n      {}\n      ```\n      See https://x.org/80\n"
    ),
    "a loose item of two paragraphs": "1. one\n\n   two *em*\n2. three\n",
    "an entity inside a bare URL": "Comments welcome! http&#x3A;//qri.example/ and &amp; more\n",
    "a <br> between a URL and a dash": (
        "| a | b |\n|---|---|\n| x | see https://x.org/t<br>- more |\n"
    ),
    "autolinks, spaced and e-mail": "<https://x.org/Native%20talk.html> <ana@example.org>\n",
    "an image, code and breaks": "![alt *t*](i.png) `code`  \nhard\\\nsoft\nend\n",
    "tables with empty and short rows": "| a | | c |\n|---|---|---|\n| 1 | | [l](u) |\n| only |\n",
    "an HTML table": "<table>\n<tr><td>x</td><td>Ana Lima</td></tr>\n</table>\n",
    "nested ordered lists and ) markers": "1) a\n   2) b\n      - [x] done\n      - [ ] open\n",
    "non-ASCII before offsets": "# Zoë — réunion ①\n\n- José: “quoted” https://x.org/é\n",
    "task lines without markers": "[x] Budget review\n[ ] Hire https://x.org/job\n",
    "a quote of a list": "> - one\n> - two\n>   continued\n\n> para\nlazy\n",
    "code blocks": "    indented code\n\n```\nfenced\n```\n",
    "items whose text starts on the next line": "-\n  next\n  | x | y |\n1.\n   more\n",
    "a reference definition as an item": "- [ref]: https://x.org\n- [ref]\n",
}


@pytest.mark.parametrize(
    "body",
    [
        "| only |\n---\n| x |\n",
        "> - one\n2) two\n",
        "> Ana\nsaid\n- two\n",
        ">> deep\n> 2) two\n",
        "> | a |\n> ---\n",
        "a |\n---\n",
        "> a\n| x |\n| - |\n",
        "Title\n:---\n",
    ],
    ids=[
        "one column, pipe-less rule",
        "item after a quote",
        "item after a lazy line",
        "quotes",
        "one column in a quote",
        "one column without a leading pipe",
        "a table after a quote's line",
        "a colon rule",
    ],
)
def test_shapes_the_parsers_read_apart_go_to_markdown_it_py(body: str) -> None:
    """A one-column table over a rule without pipes, a list item in a quote's paragraph."""
    assert not compiled_markdown.fits(body)


@pytest.mark.parametrize("name", SHAPES)
def test_shapes_read_the_same(name: str) -> None:
    python, compiled = both_readings(SHAPES[name])
    assert compiled == python


def test_links_markdown_it_drops_go_to_markdown_it_py_which_lists_them() -> None:
    body = "See [the spec](file:///srv/spec.pdf) and [odd](javascript:void(0)).\n"
    assert not compiled_markdown.fits(body)
    assert compiled_markdown.fits("metadata: none here\n")


@pytest.mark.parametrize(
    "body",
    ["> " * 60_000 + "deep", "- " * 60_000 + "deep", "*" * 120_000 + "x" + "*" * 120_000],
    ids=["quotes", "lists", "emphasis"],
)
def test_absurd_nesting_is_read_by_markdown_it_py_not_the_compiled_parser(
    tmp_path: Path, body: str
) -> None:
    """Nesting this deep overflows markdown-it-pyrs's stack (the process would die)."""
    assert not compiled_markdown.fits(body)
    note = tmp_path / "deep.md"
    note.write_text(f"# 2024-01-01 Deep\n\n{body}\n", "utf-8")
    (meeting,) = parse_meetings(note, "deep.md")
    assert meeting.title == "Deep"


@pytest.mark.parametrize(
    "body", ["[`", "see [the `parse", "[[]`", "- [x] `a\n- `b`", "[a `b` `c]", "`x` [a `b"]
)
def test_an_open_code_span_in_a_link_label_is_read_by_markdown_it_py(body: str) -> None:
    """markdown-it-pyrs 0.4 panics on an unclosed code span in a link label."""
    assert not compiled_markdown.fits(body)
    (meeting,) = parse_text_meetings(f"# 2024-01-01 Budget review\n\n{body}\n", Path("x.md"))
    assert meeting.title == "Budget review"


def test_a_panic_in_the_compiled_parser_is_no_crash(monkeypatch: pytest.MonkeyPatch) -> None:
    """Should another input make it panic, markdown-it-py reads the note instead."""
    monkeypatch.setattr(compiled_markdown, "fits", lambda body: True)
    (meeting,) = parse_text_meetings("# 2024-01-01 Budget review\n\n[`\n", Path("x.md"))
    assert meeting.title == "Budget review"


def test_a_lone_surrogate_is_read_by_markdown_it_py() -> None:
    body = "# 2024-01-01 Budget review\n\n- a \ud800 b\n"
    assert compiled_markdown.tokens(body) is None  # it cannot be handed to Rust
    (meeting,) = parse_text_meetings(body, Path("odd.md"))
    assert meeting.title == "Budget review" and len(meeting.sections[0].items) == 1


def test_a_note_without_nesting_fits() -> None:
    body = textwrap.dedent(
        """\
        # Sync
        - a
          - b
            - c
        """
    )
    assert compiled_markdown.fits(body)


@pytest.mark.parametrize(
    "body", ["- [x] done `make lint`", "[`a`](u) and `b`", "| [x] | `c` |\n|---|---|\n| y | z |"]
)
def test_closed_code_spans_beside_brackets_fit(body: str) -> None:
    """Task boxes and links beside code are everyday Markdown: the compiled parser reads them."""
    assert compiled_markdown.fits(body)


@pytest.mark.parametrize(
    "body",
    [
        "[spec](file:///srv/spec.pdf)",
        "<javascript&#58;void(0)>",
        "[r]: VBScript:x\n\n[r]",
        "see [img](data:image/png;base64,AA)",
        "see [spec](\nfile:///srv/a.pdf)",
        "[spec]:\n  file:///srv/a.pdf\n\n[spec]",
        "[spec](&#102;ile:///srv/a.pdf)",
    ],
)
def test_links_with_schemes_it_drops_go_to_markdown_it_py(body: str) -> None:
    assert not compiled_markdown.fits(body)


def test_a_label_named_like_a_scheme_is_no_link_and_fits() -> None:
    assert compiled_markdown.fits("Data: the export is ready\nFile: minutes.pdf\n")


# Pieces of meeting notes, put together at random (seeded) into notes of up to a dozen
# lines: both parsers must read every one alike, or `fits` must send it to markdown-it-py.
PIECES = [
    *("# Weekly sync", "## Attendees", "### Decisions", "Roll call:", "---", "***"),
    *("- Ana Lima (@ana)", "* Bo Chen, Acme", "1. Budget", "2) Hiring", "   - nested note"),
    *("\t- tabbed item", "- [ ] draft the FAQ", "- [x] ship it", "-", "1.", "+ plus item"),
    *("> quoted remark", ">> quoted twice", "    indented code", "```", "~~~", "<br>"),
    *("| Name | Org |", "|---|---|", "| Ana | Acme |", "| only |", "---|---"),
    *("**Decision**: go", "*note*", "_aside_", "~~old~~", "`make lint`", "a*b*c", "x_y_z"),
    *("[minutes](https://x.org/m)", "![chart](c.png)", "![a]b](c.png)", "<https://x.org>"),
    *("<ana@example.org>", "&amp; &#58; &copy;", "[ref]: https://x.org/r", "[ref]", "\\*"),
    *("AB: agreed", "(AB) asked", "@bo will follow up", "Zoë — réunion ①", "<!-- hidden -->"),
    *("- \n  text on the next line", "ACTION: Ana to send notes", "Date: 2024-03-05", ""),
]


def fuzzed_note(seed: int) -> str:
    rng = random.Random(seed)
    lines: list[str] = []
    for _ in range(rng.randint(1, 12)):
        piece = rng.choice(PIECES)
        if rng.random() < 0.3:
            piece = rng.choice(["", "  ", "   ", "- ", "> ", "1. "]) + piece
        if lines and rng.random() < 0.2:
            lines[-1] += " " + piece
        else:
            lines.append(piece)
    return "\n".join(lines) + "\n"


def test_notes_put_together_at_random_read_the_same() -> None:
    differing = []
    for seed in range(1500):
        body = fuzzed_note(seed)
        if compiled_markdown.fits(body):
            python, compiled = both_readings(body)
            if compiled != python:
                differing.append(body)
    assert differing == []
