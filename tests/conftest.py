"""Shared fixtures: every test gets its own config and cache dirs, and its own notes copy."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

SAMPLES = Path(__file__).resolve().parent.parent / "sample_notes"


@pytest.fixture(autouse=True)
def isolated_dirs(tmp_path_factory, monkeypatch):
    """platformdirs reads XDG_*: point them at temp dirs so no test touches the user's files."""
    base = tmp_path_factory.mktemp("xdg")
    monkeypatch.setenv("XDG_CONFIG_HOME", str(base / "config"))
    monkeypatch.setenv("XDG_CACHE_HOME", str(base / "cache"))
    monkeypatch.delenv("TUINOTES_DIR", raising=False)
    return base


@pytest.fixture
def notes(tmp_path) -> Path:
    """A private copy of the bundled sample notes."""
    target = tmp_path / "notes"
    shutil.copytree(SAMPLES, target)
    return target


def write(folder: Path, name: str, text: str) -> Path:
    path = folder / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path
