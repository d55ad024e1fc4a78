"""Which editor opens a note: the command $VISUAL or $EDITOR names (else vi), checked
before the terminal is handed over, so a wrong setting is a message, not a stuck screen."""

from __future__ import annotations

import os
import shlex
import shutil
from pathlib import Path

# Editors that take `+LINE` before the file to open it at that line.
LINE_EDITORS = {"vi", "vim", "nvim", "view", "nano", "emacs", "emacsclient", "micro", "kak", "mg"}


class EditorError(Exception):
    """No editor can be run as the environment names it (the message says why)."""


def editor_command(path: Path, line: int = 0) -> list[str]:
    """The command that opens `path` in the user's editor, at `line` where the editor takes
    `+LINE`; EditorError when $VISUAL or $EDITOR names nothing that can run."""
    variable = next((v for v in ("VISUAL", "EDITOR") if os.environ.get(v)), "")
    setting = os.environ.get(variable, "vi") if variable else "vi"
    where = f"${variable} ({setting!r})" if variable else "no $VISUAL or $EDITOR is set, and vi"
    try:
        editor = shlex.split(setting, posix=os.name != "nt")  # "C:\\Program Files\\…" as written
    except ValueError as error:
        raise EditorError(f"{where} cannot be read as a command: {error}") from None
    if not editor:
        raise EditorError(f"${variable} is blank: set it to your editor's command")
    if shutil.which(editor[0]) is None:
        raise EditorError(f"{where} names no program installed here")
    at_line = [f"+{line}"] if line and Path(editor[0]).name in LINE_EDITORS else []
    return [*editor, *at_line, str(path)]
