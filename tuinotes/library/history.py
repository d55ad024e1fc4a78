"""The searches a user ran in a folder, newest last, kept beside its index."""

from __future__ import annotations

import os
from pathlib import Path

HISTORY_SIZE = 200


class QueryHistory:
    """Queries in the order last used (each once); saved after each change, best effort:
    a history that can't be written is a history of this session only."""

    def __init__(self, path: Path | None) -> None:
        self.path = path
        self.queries: list[str] = []
        if path is not None:
            try:
                text = path.read_text(encoding="utf-8", errors="replace")
            except OSError:
                text = ""
            self.queries = [q for q in text.split("\n") if q.strip()][-HISTORY_SIZE:]

    def add(self, query: str) -> None:
        query = " ".join(query.split())
        if not query or (self.queries and self.queries[-1] == query):
            return
        if query in self.queries:
            self.queries.remove(query)
        self.queries = [*self.queries, query][-HISTORY_SIZE:]
        self._save()

    def _save(self) -> None:
        if self.path is None:
            return
        temporary = self.path.with_suffix(".tmp")
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            temporary.write_text("\n".join(self.queries) + "\n", encoding="utf-8")
            os.replace(temporary, self.path)
        except OSError:
            pass
