"""What an update reports: its progress as it goes, and what it did."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from tuinotes.model.record import Problem


@dataclass(slots=True)
class Progress:
    """How far an update has come (posted often; each one replaces the last)."""

    done: int
    total: int
    path: str = ""
    committed: int = 0  # how many of `done` are searchable already (segments committed)


@dataclass(slots=True)
class UpdateReport:
    """What one update did."""

    indexed: list[str] = field(default_factory=list)
    unchanged: int = 0
    removed: list[str] = field(default_factory=list)
    skipped: list[Problem] = field(default_factory=list)  # not indexed at all
    warnings: list[Problem] = field(default_factory=list)  # indexed, but partly odd
    messages: list[str] = field(default_factory=list)  # about the index itself
    seconds: float = 0.0
    stopped: bool = False  # closed before it finished

    @property
    def changed(self) -> bool:
        return bool(self.indexed or self.removed)

    @property
    def found_no_notes(self) -> bool:
        """The folder's scan found no note at all (finished, nothing indexed or skipped)."""
        return not (self.indexed or self.unchanged or self.skipped or self.stopped)

    def to_dict(self) -> dict[str, Any]:
        return {
            "indexed": len(self.indexed),
            "unchanged": self.unchanged,
            "removed": len(self.removed),
            "skipped": [{"path": p.path, "reason": p.reason} for p in self.skipped],
            "warnings": [{"path": p.path, "reason": p.reason} for p in self.warnings],
            "messages": self.messages,
            "seconds": round(self.seconds, 3),
        }
