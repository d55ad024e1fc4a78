"""A long UI fuzz: seeded random keys, text and clicks sent as a terminal sends them, on a
folder of notes, until a given number of actions have run without a crash.

    python bench/fuzz.py ../shared/corpora/openjs-cpc --actions 10000
    python bench/fuzz.py DIR --seed 17 --actions 500   # replay one seed

Each seed runs `--per-seed` actions in a fresh app (the index is kept between seeds).
Exits 1 with the seed and the last actions on the first failure.
"""

from __future__ import annotations

import argparse
import asyncio
import shutil
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from tests.fuzz import HANG_SECONDS, FuzzFailure, drive, make_calm
from tuinotes.library.config import Config
from tuinotes.tui.app import make_app


async def run_seed(
    folder: Path, index_dir: Path, seed: int, actions: int, hang_seconds: float
) -> None:
    app = make_app(folder, config=Config(), index_dir=index_dir, watch=False)
    make_calm(app)
    async with app.run_test(size=(120, 36)):
        # Plain sleeps, not pilot.pause: that waits at most 30 s for every widget to be idle
        # (WaitForScreenTimeout), which a machine busy with other work can exceed; a real
        # hang is the watchdog's to catch.
        await asyncio.sleep(0.3)
        await drive(app, seed, actions, hang_seconds)
        await asyncio.sleep(0.5)
        if app._exception is not None or (not app.is_running and app.return_code):
            raise FuzzFailure(f"seed {seed}: the app failed at the end ({app._exception!r})")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("folder", type=Path)
    parser.add_argument("--actions", type=int, default=10_000)
    parser.add_argument("--per-seed", type=int, default=500)
    parser.add_argument("--seed", type=int, default=1, help="first seed")
    parser.add_argument(
        "--hang-seconds",
        type=float,
        default=HANG_SECONDS,
        help="an action taking this long (wall clock) is a hang; raise it on a busy machine",
    )
    options = parser.parse_args()
    started, done, seed = time.perf_counter(), 0, options.seed
    with tempfile.TemporaryDirectory() as index_dir, tempfile.TemporaryDirectory() as work:
        # A copy: the fuzz may reach the app's one write (a drafted meeting, through the
        # palette and a "y"), which must never land in the folder being tested.
        folder = Path(work) / options.folder.name
        shutil.copytree(options.folder, folder, symlinks=True)
        while done < options.actions:
            count = min(options.per_seed, options.actions - done)
            try:
                asyncio.run(run_seed(folder, Path(index_dir), seed, count, options.hang_seconds))
            except FuzzFailure as failure:
                print(failure, file=sys.stderr)
                return 1
            done += count
            print(
                f"seed {seed}: {count} actions, {done} in all, no crash "
                f"({time.perf_counter() - started:.0f} s)",
                flush=True,
            )
            seed += 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
