"""The catalog saved beside the index: every meeting's listing record, stamped with the
index generation it matches, and a small summary of the files it was read from.

The summary (`FilesSeen`, in its own file) lets a command on an unchanged folder say so
from one directory walk and a few kilobytes, without loading every record: a search then
reads only the records of the meetings it prints.
"""

from __future__ import annotations

import os
import pickle
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from tuinotes.model.meeting import Attendee
from tuinotes.model.record import NoteRecord

Catalog = dict[str, NoteRecord]
Skipped = dict[str, tuple[int, int, str]]  # note file -> (mtime_ns, size, why it was skipped)
Attendees = dict[tuple[str, str, str, str], Attendee]


@dataclass(slots=True)
class FilesSeen:
    """The note files a saved catalog was read from (and those skipped), as found then."""

    files: dict[str, tuple[int, int]] = field(default_factory=dict)  # -> (mtime_ns, size)
    problems: dict[str, list[str]] = field(default_factory=dict)  # a file's reading warnings
    skipped: Skipped = field(default_factory=dict)

    @classmethod
    def of(cls, catalog: Catalog, skipped: Skipped) -> FilesSeen:
        seen = cls(skipped=dict(skipped))
        for record in catalog.values():
            if record.file in seen.files:
                continue  # a file's later meetings: its first one speaks for it, as in an update
            seen.files[record.file] = (record.mtime_ns, record.size)
            if record.problems:
                seen.problems[record.file] = list(record.problems)
        seen.files.update((rel, (mtime, size)) for rel, (mtime, size, _) in skipped.items())
        return seen


@dataclass(slots=True)
class SavedCatalog:
    records: Catalog
    skipped: Skipped
    attendees: Attendees  # one shared Attendee per distinct row


class CatalogFiles:
    """`catalog.pickle` and `files.pickle` in an index dir, for one index stamp."""

    def __init__(self, directory: Path, stamp: str) -> None:
        self.catalog_path = directory / "catalog.pickle"
        self.files_path = directory / "files.pickle"
        self.stamp = stamp

    def load_files(self, generation: int) -> FilesSeen | None:
        """What the saved catalog was read from, if it matches this generation."""
        data = self._load(self.files_path, generation)
        return data["seen"] if data is not None else None

    def load(self, generation: int) -> SavedCatalog | None:
        data = self._load(self.catalog_path, generation)
        if data is None:
            return None
        return SavedCatalog(data["records"], data["skipped"], data["attendees"])

    def _load(self, path: Path, generation: int) -> dict[str, Any] | None:
        try:
            with path.open("rb") as handle:
                data = pickle.load(handle)
        except Exception:  # missing, stale or damaged: the caller rebuilds from the index
            return None
        if not isinstance(data, dict) or data.get("stamp") != self.stamp:
            return None
        return data if data.get("generation") == generation else None

    def save(
        self, generation: int, catalog: Catalog, skipped: Skipped, attendees: Attendees
    ) -> None:
        """Write both files (each atomically, the catalog first). Raises OSError."""
        head = {"stamp": self.stamp, "generation": generation}
        records = {**head, "records": catalog, "skipped": dict(skipped), "attendees": attendees}
        self._write(self.catalog_path, records)
        self.save_files(generation, catalog, skipped)

    def save_files(self, generation: int, catalog: Catalog, skipped: Skipped) -> None:
        """Write the summary of the files alone (the catalog file is up to date)."""
        head = {"stamp": self.stamp, "generation": generation}
        self._write(self.files_path, {**head, "seen": FilesSeen.of(catalog, skipped)})

    @staticmethod
    def _write(path: Path, data: dict[str, Any]) -> None:
        temporary = path.with_suffix(".tmp")
        with temporary.open("wb") as handle:
            pickle.dump(data, handle, protocol=pickle.HIGHEST_PROTOCOL)
        os.replace(temporary, path)
