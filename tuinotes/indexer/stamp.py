"""The stamp an index is built under: when any part changes, the folder is re-indexed.

Parts: the index layout, the parser's version, the backend's version, and the fields of
every dataclass stored beside the index, pickled or as rows (so adding a field can never
meet an old pickle).
"""

from __future__ import annotations

import dataclasses
import hashlib

from tuinotes.model.meeting import Attendee
from tuinotes.model.memory import MemoryLine
from tuinotes.model.record import Action, NoteRecord
from tuinotes.notes import PARSER_VERSION

LAYOUT_VERSION = 9  # meta.json, catalog.pickle, records.sqlite (9: memory rows' words)
STORED_TYPES: tuple[type, ...] = (NoteRecord, Attendee, Action, MemoryLine)


def shapes(types: tuple[type, ...] = STORED_TYPES) -> str:
    """A short digest of the stored dataclasses' field names and types."""
    described = ";".join(
        f"{kind.__name__}:" + ",".join(f"{f.name}={f.type}" for f in dataclasses.fields(kind))
        for kind in types
    )
    return hashlib.sha256(described.encode()).hexdigest()[:12]


def stamp(backend_version: str, types: tuple[type, ...] = STORED_TYPES) -> str:
    return f"layout{LAYOUT_VERSION}-parser{PARSER_VERSION}-{backend_version}-{shapes(types)}"
