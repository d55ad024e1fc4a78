"""The command palette's own matching: linear in the text, note text never markup."""

from __future__ import annotations

from textual.command import CommandPalette

from tests.conftest import write
from tests.test_app import ready, until
from tuinotes.library.config import Config
from tuinotes.tui.app import make_app
from tuinotes.tui.commands import palette_match

LONG_TITLE = (
    "Tidewater Steering Committee [bold]special[/bold] session on the serializer roadmap, "
    "the lattice funding proposal, the release train and the contributor ladder"
)


def test_the_typed_text_wins_then_its_words_then_its_letters_in_order():
    title = "Go to meeting: 2024-09-25 Tidewater Steering Committee"
    at = title.index("Steering")
    assert palette_match("steering", title)[1] == list(range(at, at + len("steering")))
    exact, _ = palette_match("steering", title)
    words, offsets = palette_match("committee tidewater", title)
    letters, spread = palette_match("tsc", title)
    assert exact > words > letters > 0
    assert "".join(title[i] for i in offsets).lower() == "tidewatercommittee"
    assert [title[i].lower() for i in spread] == ["t", "s", "c"]
    assert palette_match("zoe", "Filter by attendee: Zoë Ng")[1] == [20, 21, 22]  # accents
    assert palette_match("xq", title) == (0.0, [])
    assert palette_match("   ", title) == (0.0, [])


def test_a_long_query_over_a_long_title_is_answered():
    """Textual's fuzzy matcher lists every way 25 letters fall in 150 (it never ends)."""
    typed = "serializer lattice ladder roadmap"
    score, offsets = palette_match(typed, LONG_TITLE)
    assert score > 0 and len(offsets) == len(typed.replace(" ", ""))
    score, offsets = palette_match("sssssssssssssssssssssssssssssssss", "s " * 400)
    assert score > 0 and len(offsets) == 33


async def test_typing_a_long_query_in_the_palette_finds_the_meeting(notes, tmp_path):
    write(notes, "2025-04-02-steering.md", f"# 2025-04-02 {LONG_TITLE}\n\n- agenda item\n")
    app = make_app(notes, config=Config(), index_dir=tmp_path / "index", watch=False)
    async with app.run_test(size=(120, 36)) as pilot:
        await ready(app, pilot)
        await pilot.press("ctrl+p", *"serializer lattice ladder roadmap")
        palette = app.screen
        assert isinstance(palette, CommandPalette)

        def first_hit() -> str:
            hits = palette.query_one("CommandList")
            return str(hits.get_option_at_index(0).prompt) if hits.option_count else ""

        await until(pilot, lambda: "Go to meeting" in first_hit(), seconds=20)
        assert "[bold]special[/bold]" in first_hit()  # the title as written, not markup
