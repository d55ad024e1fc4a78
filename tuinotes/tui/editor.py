"""Handing the terminal to the user's editor for one note, and taking it back."""

from __future__ import annotations

import subprocess
from pathlib import Path

from textual.app import App, SuspendNotSupported

from tuinotes.library.editor import EditorError, editor_command


def edit_in_editor(app: App[object], path: Path, line: int = 0) -> str | None:
    """Open `path` in $VISUAL or $EDITOR (at `line` where the editor takes one) while the
    app steps aside; None when the editor ran, else why it could not."""
    try:
        command = editor_command(path, line)
    except EditorError as error:
        return f"Could not open an editor: {error}"
    failure = None
    try:
        with app.suspend():
            try:  # inside: Textual takes the terminal back only when this block ends well
                subprocess.run(command, check=False)
            except OSError as error:
                failure = f"Could not start {command[0]}: {error.strerror}"
    except SuspendNotSupported:
        return "This terminal can't hand over to an editor"
    finally:
        # The editor had the terminal: draw every line again, whatever it left there
        # (a tryout saw the screen stay blank after two editors in a row).
        app.refresh(layout=True, repaint=True)
    return failure
