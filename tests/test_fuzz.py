"""Random streams of keys, text and clicks never crash the app (seeded: a failure names its
seed and last actions, and replays)."""

from __future__ import annotations

import pytest

from tests.conftest import write
from tests.fuzz import drive, make_calm
from tuinotes.library.config import Config
from tuinotes.tui.app import make_app

ACTIONS = 150


async def fuzz(folder, index_dir, seed: int, size=(120, 36)) -> None:
    app = make_app(folder, config=Config(), index_dir=index_dir, watch=False)
    make_calm(app)
    async with app.run_test(size=size) as pilot:
        await pilot.pause(0.2)
        await drive(app, seed, ACTIONS)
        await pilot.pause(0.5)  # the last events are handled
        assert app.is_running and app._exception is None


@pytest.mark.parametrize("seed", [1, 2, 3])
async def test_random_keys_and_clicks_on_the_samples(notes, tmp_path, seed) -> None:
    await fuzz(notes, tmp_path / "index", seed)


async def test_random_keys_and_clicks_on_a_few_hundred_notes(tmp_path) -> None:
    folder = tmp_path / "many"
    for n in range(300):
        write(
            folder,
            f"{2020 + n % 5}/{n:03d}-sync.md",
            f"# Sync {n}\n\nDate: {2020 + n % 5}-{n % 12 + 1:02d}-{n % 28 + 1:02d}\n\n"
            "| Name | Initials |\n|---|---|\n| Ana Quiñones | AQ |\n| Chen Wei | CW |\n\n"
            f"## Agenda\n\n- [ ] AQ: roadmap item {n} https://example.org/{n}\n"
            f"- [x] CW: serializer review, see [notes](https://example.org/n/{n})\n",
        )
    await fuzz(folder, tmp_path / "index", seed=7, size=(80, 24))
