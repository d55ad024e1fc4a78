"""The one place a failed worker is reported: say what failed in one line, keep the
traceback in a file for a bug report, keep the app running.

`Worker.StateChanged` does not bubble, so the app and each screen with workers forward it
here from their `on_worker_state_changed`.
"""

from __future__ import annotations

import traceback
from pathlib import Path
from typing import Any

from textual.app import App
from textual.widget import Widget
from textual.worker import Worker, WorkerState

from tuinotes.library.config import cache_dir


def report_failure(node: App[Any] | Widget, event: Worker.StateChanged) -> None:
    if event.state == WorkerState.ERROR and event.worker.error is not None:
        error = event.worker.error
        reason = " ".join(f"{type(error).__name__}: {error}".split())[:160]
        saved = save_traceback(error)
        where = f" (details: {saved})" if saved else ""
        node.notify(
            f"{event.worker.name or 'background task'} failed: {reason}{where}",
            severity="error",
            markup=False,
            timeout=15,
        )


def save_traceback(error: BaseException) -> Path | None:
    """Write the error's traceback to the cache dir's `last-error.txt`; its path, or None
    when it cannot be written."""
    path = cache_dir() / "last-error.txt"
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text("".join(traceback.format_exception(error)), encoding="utf-8")
    except OSError:
        return None
    return path
