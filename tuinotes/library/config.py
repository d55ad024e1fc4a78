"""Where things live: the notes folder, the config file and the index cache."""

from __future__ import annotations

import hashlib
import os
import tomllib
from dataclasses import dataclass, field
from pathlib import Path

import platformdirs

from tuinotes.model.paths import expand_home

APP_NAME = "tuinotes"
ENV_NOTES_DIR = "TUINOTES_DIR"
NO_NOTES = "it has no .md files (subfolders included)"  # said of a folder of no notes


def config_path() -> Path:
    return Path(platformdirs.user_config_dir(APP_NAME, appauthor=False)) / "config.toml"


def cache_dir() -> Path:
    return Path(platformdirs.user_cache_dir(APP_NAME, appauthor=False))


def index_dir_for(folder: Path) -> Path:
    """One index per notes folder, keyed by its absolute path, inside the user cache dir."""
    resolved = expand_home(folder).resolve()
    digest = hashlib.sha256(str(resolved).encode("utf-8", "surrogateescape")).hexdigest()[:16]
    slug = "".join(c if c.isalnum() else "-" for c in resolved.name)[:40] or "root"
    return cache_dir() / "indexes" / f"{slug}-{digest}"


@dataclass(slots=True)
class Config:
    """The user's config.toml (all keys optional)."""

    notes_dir: Path | None = None
    theme: str | None = None
    keys: dict[str, str] = field(default_factory=dict)  # binding id -> keys
    problem: str | None = None  # why the file could not be read, if it could not


def load_config(path: Path | None = None) -> Config:
    """Read config.toml; a broken file yields defaults and a `problem` naming it."""
    path = path or config_path()
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8-sig"))  # a BOM, as Notepad saves
    except FileNotFoundError:
        return Config()
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as error:
        return Config(problem=f"{path}: {error}; using defaults")
    notes_dir, theme, keys = data.get("notes_dir"), data.get("theme"), data.get("keys", {})
    wrong = [
        f"{key} = {value!r} is not {kind}"
        for key, value, kind, right in (
            ("notes_dir", notes_dir, "a folder's path in quotes", isinstance(notes_dir, str)),
            ("theme", theme, "a theme's name in quotes", isinstance(theme, str)),
            ("keys", keys, "a table of binding = keys", isinstance(keys, dict)),
        )
        if value is not None and not right
    ]
    return Config(
        notes_dir=expand_home(notes_dir) if isinstance(notes_dir, str) else None,
        theme=theme if isinstance(theme, str) else None,
        keys={str(k): str(v) for k, v in keys.items()} if isinstance(keys, dict) else {},
        problem=f"{path}: {'; '.join(wrong)}; ignored" if wrong else None,
    )


def bundled_samples() -> Path:
    """The sample notes shipped with tuinotes (in the wheel, or beside the source tree)."""
    packaged = Path(__file__).resolve().parent.parent / "sample_notes"
    if packaged.is_dir():
        return packaged
    return Path(__file__).resolve().parent.parent.parent / "sample_notes"


def resolve_notes_dir(
    argument: str | None = None, option: str | None = None, config: Config | None = None
) -> Path:
    """argument > --notes > $TUINOTES_DIR > config `notes_dir` > the bundled samples."""
    for candidate in (argument, option, os.environ.get(ENV_NOTES_DIR)):
        if candidate:
            return expand_home(candidate)
    config = config or load_config()
    if config.notes_dir:
        return config.notes_dir
    return bundled_samples()
