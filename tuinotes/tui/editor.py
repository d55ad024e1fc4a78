"""Handing the terminal to the user's editor for one note, and taking it back."""

from __future__ import annotations

import os
import shlex
import subprocess
from pathlib import Path

from textual.app import App, SuspendNotSupported

# Editors that take `+LINE` before the file to open it at that line.
LINE_EDITORS = {"vi", "vim", "nvim", "view", "nano", "emacs", "emacsclient", "micro", "kak", "mg"}


def edit_in_editor(app: App[object], path: Path, line: int = 0) -> str | None:
    """Open `path` in $VISUAL or $EDITOR (at `line` where the editor takes one) while the
    app steps aside; None when the editor ran, else why it could not."""
    editor = shlex.split(os.environ.get("VISUAL") or os.environ.get("EDITOR") or "vi")
    at_line = [f"+{line}"] if line and Path(editor[0]).name in LINE_EDITORS else []
    try:
        with app.suspend():
            subprocess.run([*editor, *at_line, str(path)], check=False)
    except SuspendNotSupported:
        return "This terminal can't hand over to an editor"
    except OSError as error:
        return f"Could not start {editor[0]}: {error.strerror}"
    finally:
        # The editor had the terminal: draw every line again, whatever it left there
        # (a tryout saw the screen stay blank after two editors in a row).
        app.refresh(layout=True, repaint=True)
    return None
