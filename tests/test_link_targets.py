"""A word only in a link's target is found, ranked below the words a reader sees."""

from __future__ import annotations

from tests.conftest import write
from tuinotes.library.library import Library


def test_a_word_in_a_link_target_is_found_below_visible_text(tmp_path):
    folder = tmp_path / "notes"
    write(
        folder,
        "2024-05-01-solver.md",
        "# 2024-05-01 Solver sync\n\n- [ ] Try [the solver](https://github.com/org/libsolv-rs)\n",
    )
    write(folder, "2024-05-02-bench.md", "# 2024-05-02 Bench call\n\n- libsolv-rs benchmarks\n")
    write(folder, "2024-05-03-other.md", "# 2024-05-03 Other call\n\n- nothing about it\n")
    with Library(folder, tmp_path / "index") as library:
        library.update()
        paths = [hit.record.path for hit in library.search("libsolv").hits]
        assert paths == ["2024-05-02-bench.md", "2024-05-01-solver.md"]
        # the scheme is no word of the note; a phrase in the target reads as one
        assert [h.record.path for h in library.search("https").hits] == []
        assert [h.record.path for h in library.search('"libsolv rs"').hits] == paths
