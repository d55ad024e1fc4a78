"""The one place a failed worker is reported: say what failed, keep the app running.

`Worker.StateChanged` does not bubble, so the app and each screen with workers forward it
here from their `on_worker_state_changed`.
"""

from __future__ import annotations

from typing import Any

from textual.app import App
from textual.widget import Widget
from textual.worker import Worker, WorkerState


def report_failure(node: App[Any] | Widget, event: Worker.StateChanged) -> None:
    if event.state == WorkerState.ERROR and event.worker.error is not None:
        error = event.worker.error
        node.notify(
            f"{event.worker.name or 'background task'} failed: {error!r}",
            severity="error",
            markup=False,
        )
