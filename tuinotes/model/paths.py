"""Paths as the user writes them."""

from __future__ import annotations

from pathlib import Path


def expand_home(path: Path | str) -> Path:
    """`~/notes` inside the user's home; a `~name` that names no user stays as written
    (`Path.expanduser` raises for it), to be reported as a folder not found."""
    try:
        return Path(path).expanduser()
    except RuntimeError:
        return Path(path)
